// A scanned document made in the test: the first page of an official document (Decree 30/2020
// Appendix I layout) rendered as HTML in Chromium, photographed as a JPEG at A4 150 dpi, and
// wrapped in a one-page PDF whose only content is that image (/DCTDecode): no text layer, so
// whoever reads it must use OCR. Reusable by any test that needs a scan:
//
//   const pdf = await scannedPdf(browser.context, { number: '125/QĐ-UBND', ... });
//   writeFileSync(file, pdf);

/** A4 at 150 dpi, in pixels. */
export const A4_150DPI = { width: 1240, height: 1754 };
/** A4 in PDF points (1/72 in). */
const A4_POINTS = { width: 595.28, height: 841.89 };

const escapeHtml = (value) =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

/** The default first page: a decision of the provincial People's Committee. */
export const DEFAULT_DOCUMENT = Object.freeze({
  issuer: ['ỦY BAN NHÂN DÂN', 'TỈNH AN GIANG'],
  number: '125/QĐ-UBND',
  dateLine: 'An Giang, ngày 05 tháng 3 năm 2026',
  type: 'QUYẾT ĐỊNH',
  subject: ['Về việc phê duyệt kế hoạch chuyển đổi số năm 2026'],
  authority: 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG',
  body: [
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
    'Căn cứ Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư;',
    'Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ,',
  ],
});

/**
 * The HTML of an official document's first page, black on white in a Times-like serif, sized
 * for A4 at 150 dpi (13-14 pt as Decree 30 asks is about 28 px here). `doc` overrides
 * DEFAULT_DOCUMENT field by field.
 */
export function officialDocumentHtml(doc = {}) {
  const d = { ...DEFAULT_DOCUMENT, ...doc };
  const lines = (items) => items.map((line) => `<div>${escapeHtml(line)}</div>`).join('');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><style>
  html, body { margin: 0; background: #fff; color: #000; }
  body {
    width: ${A4_150DPI.width}px; height: ${A4_150DPI.height}px; box-sizing: border-box;
    padding: 118px 88px 118px 150px;
    font-family: 'Times New Roman', 'Liberation Serif', Tinos, 'DejaVu Serif', serif;
    font-size: 29px; line-height: 1.35;
  }
  .head { display: flex; justify-content: space-between; text-align: center; font-size: 27px; }
  .head > div { white-space: nowrap; }
  .head .left { width: 38%; } .head .right { width: 62%; }
  .bold { font-weight: bold; } .italic { font-style: italic; }
  .number { margin-top: 22px; } .date { margin-top: 22px; }
  .type { margin-top: 64px; text-align: center; font-weight: bold; font-size: 31px; }
  .subject { text-align: center; font-weight: bold; }
  .authority { margin-top: 40px; text-align: center; font-weight: bold; }
  .body { margin-top: 24px; text-align: justify; }
  .body div { text-indent: 48px; margin-bottom: 12px; }
</style></head><body>
  <div class="head">
    <div class="left bold">${lines(d.issuer)}
      <div class="number" style="font-weight: normal">Số: ${escapeHtml(d.number)}</div></div>
    <div class="right"><div class="bold">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
      <div class="bold">Độc lập - Tự do - Hạnh phúc</div>
      <div class="date italic">${escapeHtml(d.dateLine)}</div></div>
  </div>
  <div class="type">${escapeHtml(d.type)}</div>
  <div class="subject">${lines(d.subject)}</div>
  <div class="authority">${escapeHtml(d.authority)}</div>
  <div class="body">${lines(d.body)}</div>
</body></html>`;
}

/**
 * Renders `html` in a new page of the Chromium `context` at A4 150 dpi and returns its JPEG
 * (quality 90), as a scanner would give it.
 */
export async function renderScan(context, html) {
  const page = await context.newPage();
  try {
    await page.setViewportSize(A4_150DPI);
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    return await page.screenshot({ type: 'jpeg', quality: 90, fullPage: false });
  } finally {
    await page.close();
  }
}

/** Width, height and colour components of a baseline or progressive JPEG (its SOF marker). */
export function jpegInfo(jpeg) {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  let at = 2;
  while (at + 9 < jpeg.length) {
    if (jpeg[at] !== 0xff) throw new Error(`bad JPEG marker at ${at}`);
    const marker = jpeg[at + 1];
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = jpeg.readUInt16BE(at + 2);
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return {
        height: jpeg.readUInt16BE(at + 5),
        width: jpeg.readUInt16BE(at + 7),
        components: jpeg[at + 9],
      };
    }
    at += 2 + length;
  }
  throw new Error('JPEG without a frame header');
}

/**
 * A one-page A4 PDF whose page is the JPEG `jpeg` (an image XObject with /DCTDecode), written
 * by hand: no fonts, no text operators, so no text layer.
 */
export function jpegPdf(jpeg) {
  const { width, height, components } = jpegInfo(jpeg);
  const colorSpace =
    components === 1 ? '/DeviceGray' : components === 4 ? '/DeviceCMYK' : '/DeviceRGB';
  const { width: pw, height: ph } = A4_POINTS;
  const content = `q ${pw} 0 0 ${ph} 0 0 cm /Im0 Do Q\n`;
  // Each object as latin1 text, except the image's stream, which is the JPEG's bytes.
  const objects = [
    ['<< /Type /Catalog /Pages 2 0 R >>'],
    ['<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
    [
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pw} ${ph}] ` +
        '/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>',
    ],
    [`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`],
    [
      `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} ` +
        `/ColorSpace ${colorSpace} /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`,
      jpeg,
      '\nendstream',
    ],
  ];
  const chunks = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let size = chunks[0].length;
  const push = (part) => {
    const buffer = Buffer.isBuffer(part) ? part : Buffer.from(part, 'latin1');
    chunks.push(buffer);
    size += buffer.length;
  };
  const offsets = [];
  objects.forEach((parts, i) => {
    offsets.push(size);
    push(`${i + 1} 0 obj\n`);
    parts.forEach(push);
    push('\nendobj\n');
  });
  const xref = size;
  push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  for (const offset of offsets) push(`${String(offset).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(chunks);
}

/**
 * A scanned official document as PDF bytes: `officialDocumentHtml(doc)` rendered in `context`
 * (a playwright BrowserContext), as a JPEG in a PDF without a text layer. Also returns the JPEG.
 */
export async function scannedPdf(context, doc = {}) {
  const jpeg = await renderScan(context, officialDocumentHtml(doc));
  return { pdf: jpegPdf(jpeg), jpeg };
}
