// Writes the hostile PDF corpus of issue 8 into src/pdf/testdata/hostile/: small files whose
// cost for a naive reader grows with a number they declare (pages, objects, object-stream
// entries, decoded sizes, signatures). Each name starts with the outcome the pdf module must give,
// walked by src/pdf/pdf_hostile_test.cpp:
//   ok--*         read normally (a verdict follows)
//   malformed--*  refused as Malformed
//   too-large--*  refused as TooLarge (a limit, or the CPU budget of the test)
// Deterministic: running it again rewrites the same bytes.
//
//   node tests/fuzz/make-hostile-pdfs.mjs [out-dir]

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = process.argv[2] ?? path.join(REPO, 'src', 'pdf', 'testdata', 'hostile');

const b = (s) => Buffer.from(s, 'latin1');
const HEADER = b('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
// PoDoFo looks for the trailer in the last bytes of the file and fails on a tiny one.
const PAD = b(`%${'-'.repeat(1100)}\n`);

// A classic file: objects 1..n, an xref table, a trailer. `objs`: Buffer or string per object.
// `xrefExtra(offsets)` may return extra xref lines (after the real ones, numbered on).
function classic(objs, { size, trailer = '', xrefExtra } = {}) {
  const parts = [HEADER, PAD];
  let len = HEADER.length + PAD.length;
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(len);
    const chunk = Buffer.concat([
      b(`${i + 1} 0 obj\n`),
      Buffer.isBuffer(o) ? o : b(o),
      b('\nendobj\n'),
    ]);
    parts.push(chunk);
    len += chunk.length;
  });
  const extra = xrefExtra ? xrefExtra(offsets) : [];
  const count = objs.length + 1 + extra.length;
  let xref = `xref\n0 ${count}\n0000000000 65535 f \n`;
  for (const off of offsets) xref += `${String(off).padStart(10, '0')} 00000 n \n`;
  for (const line of extra) xref += line;
  parts.push(b(xref));
  parts.push(
    b(`trailer\n<< /Size ${size ?? count} /Root 1 0 R${trailer} >>\nstartxref\n${len}\n%%EOF\n`),
  );
  return Buffer.concat(parts);
}

function be(value, width) {
  const out = Buffer.alloc(width);
  for (let i = width - 1; i >= 0; i--) {
    out[i] = value & 0xff;
    value = Math.floor(value / 256);
  }
  return out;
}

// A file whose cross-reference is a stream (/W [1 4 2]). `objs`: {number: Buffer|string};
// `entries(offsets, xrefNumber)`: {number: [type, f1, f2]} overriding the computed ones.
function xrefStream(objs, { size, entries, widths = [1, 4, 2], index, raw } = {}) {
  const parts = [HEADER, PAD];
  let len = HEADER.length + PAD.length;
  const offsets = {};
  const numbers = Object.keys(objs)
    .map(Number)
    .sort((x, y) => x - y);
  for (const n of numbers) {
    offsets[n] = len;
    const o = objs[n];
    const chunk = Buffer.concat([
      b(`${n} 0 obj\n`),
      Buffer.isBuffer(o) ? o : b(o),
      b('\nendobj\n'),
    ]);
    parts.push(chunk);
    len += chunk.length;
  }
  const xnum = numbers[numbers.length - 1] + 1;
  offsets[xnum] = len;
  const total = size ?? xnum + 1;
  const extra = entries ? entries(offsets, xnum) : {};
  let data;
  if (raw !== undefined) {
    data = raw;
  } else {
    const rows = [];
    for (let i = 0; i < total; i++) {
      const e = extra[i] ?? (offsets[i] !== undefined ? [1, offsets[i], 0] : [0, 0, 0]);
      rows.push(Buffer.concat(e.map((v, k) => be(v, widths[k]))));
    }
    data = deflateSync(Buffer.concat(rows), { level: 9 });
  }
  const filter = raw !== undefined ? '' : ' /Filter /FlateDecode';
  const idx = index ? ` /Index [${index.join(' ')}]` : '';
  parts.push(
    b(
      `${xnum} 0 obj\n<< /Type /XRef /Size ${total} /W [${widths.join(' ')}]${idx} /Root 1 0 R` +
        `${filter} /Length ${data.length} >>\nstream\n`,
    ),
    data,
    b(`\nendstream\nendobj\nstartxref\n${len}\n%%EOF\n`),
  );
  return Buffer.concat(parts);
}

function stream(dict, content, { flate = true } = {}) {
  const data = flate ? deflateSync(content, { level: 9 }) : content;
  return Buffer.concat([
    b(`<< ${dict} /Length ${data.length}${flate ? ' /Filter /FlateDecode' : ''} >>\nstream\n`),
    data,
    b('\nendstream'),
  ]);
}

// Catalog, one page tree node, one page, one signature field with a (fake) signature value.
const CATALOG = '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>';
const PAGES = (count) => `<< /Type /Pages /Kids [3 0 R] /Count ${count} >>`;
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>';
const FIELD =
  '<< /FT /Sig /T (Chu ky 1) /Type /Annot /Subtype /Widget /Rect [10 10 110 60] /V 5 0 R >>';
const SIG =
  '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 10 20 10] ' +
  '/Contents <3000> >>';
const BASE = [CATALOG, PAGES(1), PAGE, FIELD, SIG];
const BASE_OBJS = Object.fromEntries(BASE.map((o, i) => [i + 1, o]));

const files = {};

// The reviewer's file: one signature field, a page tree root declaring 20,000,000 pages. The
// widget is on no page, so a reader that looks for it through GetPage(i) tries them all.
files['ok--page-count-lies.pdf'] = classic([CATALOG, PAGES(20_000_000), PAGE, FIELD, SIG]);

// /Kids pointing back to the root and to the page twice: visited once each.
files['ok--page-tree-cycle.pdf'] = classic([
  CATALOG,
  '<< /Type /Pages /Kids [3 0 R 2 0 R 3 0 R 6 0 R] /Count 4 >>',
  PAGE,
  FIELD,
  SIG,
  '<< /Type /Pages /Kids [2 0 R 6 0 R] /Count 2 >>',
]);

// A chain of 100 page tree nodes.
{
  const objs = [CATALOG, '<< /Type /Pages /Kids [6 0 R] /Count 1 >>', PAGE, FIELD, SIG];
  for (let i = 0; i < 100; i++) {
    objs.push(`<< /Type /Pages /Kids [${i === 99 ? 3 : 7 + i} 0 R] /Count 1 >>`);
  }
  files['malformed--page-tree-too-deep.pdf'] = classic(objs);
}

// The trailer declares 8,388,607 objects (PoDoFo's own limit) in a file of five.
files['too-large--xref-size.pdf'] = classic(BASE, { size: 8_388_607 });

// An object stream that inflates to 40 MB.
files['too-large--objstm-flate-bomb.pdf'] = xrefStream(
  {
    ...BASE_OBJS,
    6: stream(
      '/Type /ObjStm /N 1 /First 4',
      Buffer.concat([b('7 0 null'), Buffer.alloc(40 << 20, 0x20)]),
    ),
  },
  { size: 8, entries: () => ({ 7: [2, 6, 0] }) },
);

// 1,000 objects of an object stream all at offset 0, where a 20,000-element array is: PoDoFo
// parsed the array once per object (quadratic).
{
  const n = 1000;
  const header = b('7 0 '.repeat(n));
  const body = b(`[${'0 '.repeat(20_000)}]`);
  files['malformed--objstm-repeated-offsets.pdf'] = xrefStream(
    {
      ...BASE_OBJS,
      6: stream(`/Type /ObjStm /N ${n} /First ${header.length}`, Buffer.concat([header, body])),
    },
    { size: 8, entries: () => ({ 7: [2, 6, 0] }) },
  );
}

// An object stream of 2,000 objects (the limit is 1,000).
{
  const n = 2000;
  let header = '';
  let body = '';
  for (let i = 0; i < n; i++) {
    header += `${100 + i} ${body.length} `;
    body += 'null ';
  }
  files['too-large--objstm-many-objects.pdf'] = xrefStream(
    { ...BASE_OBJS, 6: stream(`/Type /ObjStm /N ${n} /First ${header.length}`, b(header + body)) },
    { size: 8, entries: () => ({ 7: [2, 6, 0] }) },
  );
}

// Increasing offsets, but the first object is an array that runs over the 300 others, each of
// which opens one more: PoDoFo would parse the tail again for every object.
{
  const n = 300;
  let header = '';
  let body = '';
  for (let i = 0; i < n; i++) {
    header += `${100 + i} ${body.length} `;
    body += '[ ';
  }
  body += '] '.repeat(n);
  files['malformed--objstm-overlapping-objects.pdf'] = xrefStream(
    { ...BASE_OBJS, 6: stream(`/Type /ObjStm /N ${n} /First ${header.length}`, b(header + body)) },
    { size: 8, entries: () => ({ 7: [2, 6, 0] }) },
  );
}

// A cross-reference stream with /W [0 0 0]: PoDoFo's loop never advances, for 4e18 rounds.
files['malformed--xref-stream-zero-width.pdf'] = xrefStream(BASE_OBJS, {
  widths: [0, 0, 0],
  index: [0, '4000000000000000000'],
  raw: b('x'),
});

// The same with an empty stream: PoDoFo stops at once (the end of its data), but cqdt's own check
// of the table went round 4e18 times (found by the pdf_signatures fuzzer: its reproducer is
// tests/fuzz/pdf_signatures-regressions/xref-stream-empty-zero-widths.pdf).
files['malformed--xref-stream-zero-width-empty.pdf'] = xrefStream(BASE_OBJS, {
  widths: [0, 0, 0],
  index: [0, '4000000000000000000'],
  raw: b(''),
});

// 200,000 object numbers at the offset of one object: PoDoFo made an object (and a sorted
// insert) for each.
files['malformed--xref-stream-shared-offset.pdf'] = xrefStream(
  { ...BASE_OBJS, 6: '2000000 0 obj' === '' ? '' : 'null' },
  {
    size: 200_100,
    entries: (offsets) => {
      const e = {};
      for (let i = 100; i < 200_100; i++) e[i] = [1, offsets[6], 0];
      return e;
    },
  },
);

// 1,001 cross-reference entries naming one object stream.
files['too-large--xref-stream-entries-per-objstm.pdf'] = xrefStream(
  { ...BASE_OBJS, 6: stream('/Type /ObjStm /N 1 /First 4', b('7 0 null')) },
  {
    size: 1200,
    entries: () => {
      const e = {};
      for (let i = 7; i < 1008; i++) e[i] = [2, 6, i - 7];
      return e;
    },
  },
);

// 1,200 object streams in a file declaring 262,000 objects: PoDoFo scans its whole table for
// each stream (315 million steps), more than the test's CPU budget.
{
  const objs = { ...BASE_OBJS };
  const type2 = {};
  for (let k = 0; k < 1200; k++) {
    objs[10 + k] = stream('/Type /ObjStm /N 0 /First 0', b(' '), { flate: false });
    type2[262_000 - 1 - k] = [2, 10 + k, 0];
  }
  files['too-large--many-object-streams.pdf'] = xrefStream(objs, {
    size: 262_000,
    entries: () => type2,
  });
}

// A predictor asking PoDoFo for a 100 MB row before it reads a byte.
files['malformed--predictor-columns.pdf'] = xrefStream(
  {
    ...BASE_OBJS,
    6: stream(
      '/Type /ObjStm /N 1 /First 4 /DecodeParms << /Predictor 12 /Columns 100000000 >>',
      b('7 0 null'),
    ),
  },
  { size: 8, entries: () => ({ 7: [2, 6, 0] }) },
);

// An object stream "compressed" as a JPEG.
files['malformed--objstm-dct.pdf'] = xrefStream(
  {
    ...BASE_OBJS,
    6: Buffer.concat([
      b('<< /Type /ObjStm /N 1 /First 4 /Filter /DCTDecode /Length 8 >>\nstream\n'),
      b('\xff\xd8\xff\xe0\x00\x10JF'),
      b('\nendstream'),
    ]),
  },
  { size: 8, entries: () => ({ 7: [2, 6, 0] }) },
);

// A field named with 2,000 bytes, and 200 children that would each copy it.
{
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>',
    PAGES(1),
    PAGE,
    `<< /T (${'N'.repeat(2000)}) /FT /Sig /Kids [${Array.from({ length: 200 }, (_, i) => `${6 + i} 0 R`).join(' ')}] >>`,
    SIG,
  ];
  for (let i = 0; i < 200; i++) objs.push(`<< /T (k${i}) /Parent 4 0 R /V 5 0 R >>`);
  files['malformed--long-field-name.pdf'] = classic(objs);
}

// 101 signature dictionaries (the limit is 100).
{
  const objs = [
    `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [${Array.from({ length: 101 }, (_, i) => `${4 + 2 * i} 0 R`).join(' ')}] >> >>`,
    PAGES(1),
    PAGE,
  ];
  for (let i = 0; i < 101; i++) {
    objs.push(`<< /FT /Sig /T (S${i}) /V ${5 + 2 * i} 0 R >>`);
    objs.push(SIG);
  }
  files['too-large--signatures.pdf'] = classic(objs);
}

// 500 fields sharing one signature dictionary: one signature.
{
  const objs = [
    `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [${Array.from({ length: 500 }, (_, i) => `${6 + i} 0 R`).join(' ')}] >> >>`,
    PAGES(1),
    PAGE,
    FIELD,
    SIG,
  ];
  for (let i = 0; i < 500; i++) objs.push(`<< /FT /Sig /T (S${i}) /V 5 0 R >>`);
  files['ok--shared-signature-value.pdf'] = classic(objs);
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
let total = 0;
for (const [name, bytes] of Object.entries(files).sort()) {
  writeFileSync(path.join(OUT, name), bytes);
  total += bytes.length;
  console.log(`${String(bytes.length).padStart(8)}  ${name}`);
}
console.log(`${String(total).padStart(8)}  total in ${path.relative(REPO, OUT) || OUT}`);
