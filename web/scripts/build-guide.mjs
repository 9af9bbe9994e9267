// Renders the user guide (docs/huong-dan/*.md, in Vietnamese) to static pages under
// dist/huong-dan/ and copies its screenshots (docs/huong-dan/anh/*.png, which
// e2e/guide.test.mjs takes). Run by `npm run build` after `vite build` (which empties dist/).
//
// The pages satisfy the server's Content-Security-Policy (no script at all; one stylesheet from
// the same origin) and the accessibility rules the app's pages pass: a language, a title, a skip
// link, landmarks, alternative text on every image. README.md becomes index.html; a link to
// another page of the guide (`lanh-dao.md`) becomes a link to its page (`lanh-dao.html`); a link
// to a file of the repository outside the guide (`../deploy/haproxy.cfg`) becomes its path as
// text, since the server does not serve the repository.
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Marked } from 'marked';

const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.resolve(WEB_ROOT, '..', 'docs', 'huong-dan');
const OUT = path.join(WEB_ROOT, 'dist', 'huong-dan');
const IMAGES = 'anh';

// The pages in the order the navigation lists them (README.md first, as the guide's index),
// with the navigation's short name of each.
const PAGES = [
  ['README.md', 'Giới thiệu, đăng nhập'],
  ['van-thu.md', 'Văn thư'],
  ['lanh-dao.md', 'Lãnh đạo'],
  ['chuyen-vien.md', 'Chuyên viên'],
  ['mot-cua.md', 'Cán bộ một cửa'],
  ['cong-dan.md', 'Công dân'],
  ['quan-tri.md', 'Quản trị'],
  ['van-hanh.md', 'Cài đặt và vận hành'],
];
const ORDER = PAGES.map(([file]) => file);

const htmlName = (md) => (md === 'README.md' ? 'index.html' : md.replace(/\.md$/, '.html'));

const escapeHtml = (text) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

/** A PNG's width and height from its IHDR chunk (so the page reserves the image's space). */
function pngSize(buffer) {
  const signature = '89504e470d0a1a0a';
  if (buffer.length < 24 || buffer.subarray(0, 8).toString('hex') !== signature) {
    return null;
  }
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

function pageRenderer(sizes, repoPath) {
  return {
    link({ href, title, tokens }) {
      const text = this.parser.parseInline(tokens);
      if (/^(https?:|mailto:|\/|#)/.test(href)) {
        const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
        return `<a href="${escapeHtml(href)}"${titleAttr}>${text}</a>`;
      }
      const [file, anchor] = href.split('#');
      if (/^[a-z0-9-]+\.md$/i.test(file)) {
        const target = htmlName(file) + (anchor ? `#${anchor}` : '');
        return `<a href="${escapeHtml(target)}">${text}</a>`;
      }
      if (file.startsWith(`${IMAGES}/`)) {
        return `<a href="${escapeHtml(href)}">${text}</a>`;
      }
      // A file of the repository: its path, as text.
      return `${text} (<code>${escapeHtml(repoPath(file))}</code>)`;
    },
    image({ href, title, text }) {
      const size = sizes.get(href);
      const dims = size ? ` width="${size.width}" height="${size.height}"` : '';
      const caption = title ? `<figcaption>${escapeHtml(title)}</figcaption>` : '';
      return (
        `<figure><a href="${escapeHtml(href)}"><img src="${escapeHtml(href)}" ` +
        `alt="${escapeHtml(text)}"${dims} loading="lazy"></a>${caption}</figure>`
      );
    },
  };
}

function firstHeading(markdown, file) {
  const match = /^# (.+)$/m.exec(markdown);
  if (!match) {
    throw new Error(`build-guide: ${file} has no level-1 heading`);
  }
  return match[1].replace(/[*_`]/g, '').trim();
}

function layout({ title, body, current, pages, citizen }) {
  const nav = pages
    .map(({ file, label }) => {
      const href = htmlName(file);
      const here = file === current ? ' aria-current="page"' : '';
      return `<li><a href="${href}"${here}>${escapeHtml(label)}</a></li>`;
    })
    .join('\n        ');
  const back = citizen
    ? '<a href="/portal">Về Cổng dịch vụ công</a>'
    : '<a href="/">Về trang làm việc</a>';
  return `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)} – Hướng dẫn sử dụng</title>
    <link rel="icon" type="image/svg+xml" href="/favicon.svg">
    <link rel="stylesheet" href="huong-dan.css">
  </head>
  <body>
    <a class="skip-link" href="#noi-dung">Bỏ qua, đến nội dung chính</a>
    <header class="guide-header">
      <a class="guide-brand" href="index.html"><img src="/favicon.svg" alt="" width="28" height="28"><span>Hướng dẫn sử dụng</span></a>
      ${back}
    </header>
    <div class="guide-body">
      <nav aria-label="Các phần của hướng dẫn" class="guide-nav">
        <ul>
        ${nav}
        </ul>
      </nav>
      <main id="noi-dung" tabindex="-1">
${body}
      </main>
    </div>
    <footer class="guide-footer">Chính quyền điện tử tỉnh An Giang · Ảnh chụp màn hình lấy từ dữ liệu mẫu.</footer>
  </body>
</html>
`;
}

const CSS = `*, *::before, *::after { box-sizing: border-box; }
html { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 16px; line-height: 1.6; color: #1f1f1f; background: #f5f5f5; }
body { margin: 0; }
a { color: #0550c2; }
a:focus-visible { outline: 2px solid #0550c2; outline-offset: 2px; }
.skip-link { position: absolute; left: 8px; top: -48px; padding: 8px 12px; background: #fff;
  border: 2px solid #0550c2; z-index: 10; }
.skip-link:focus { top: 8px; }
.guide-header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between;
  gap: 8px 16px; padding: 12px 24px; background: #fff; border-bottom: 1px solid #e5e5e5; }
.guide-brand { display: inline-flex; align-items: center; gap: 8px; font-weight: 600;
  color: #1f1f1f; text-decoration: none; font-size: 18px; }
.guide-body { display: flex; gap: 24px; max-width: 1200px; margin: 0 auto; padding: 24px; }
.guide-nav { flex: 0 0 220px; }
.guide-nav ul { list-style: none; margin: 0; padding: 0; position: sticky; top: 16px; }
.guide-nav li { margin: 0 0 4px; }
.guide-nav a { display: block; padding: 6px 10px; border-radius: 6px; text-decoration: none; }
.guide-nav a[aria-current="page"] { background: #e6f0ff; font-weight: 600; color: #003a8c; }
main { flex: 1; min-width: 0; background: #fff; padding: 8px 32px 32px; border-radius: 8px; }
main:focus { outline: none; }
h1 { font-size: 28px; line-height: 1.3; }
h2 { font-size: 22px; margin-top: 2em; border-bottom: 1px solid #eee; padding-bottom: 4px; }
h3 { font-size: 18px; margin-top: 1.5em; }
figure { margin: 16px 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #d9d9d9; border-radius: 4px; }
figcaption { font-size: 14px; color: #595959; }
code { background: #f0f0f0; padding: 1px 4px; border-radius: 3px; font-size: 0.92em; }
pre { background: #f6f8fa; padding: 12px; border-radius: 6px; white-space: pre-wrap;
  overflow-wrap: anywhere; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: 12px 0; }
th, td { border: 1px solid #d9d9d9; padding: 6px 10px; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
th { background: #fafafa; }
blockquote { margin: 12px 0; padding: 8px 16px; border-left: 4px solid #91caff; background: #f0f7ff; }
.guide-footer { text-align: center; font-size: 14px; color: #595959; padding: 16px 24px 32px; }
@media (max-width: 800px) {
  .guide-body { flex-direction: column; padding: 12px; }
  .guide-nav { flex: none; }
  .guide-nav ul { position: static; display: flex; flex-wrap: wrap; gap: 4px; }
  main { padding: 4px 16px 24px; }
}
`;

async function main() {
  const present = new Set((await readdir(SOURCE)).filter((file) => file.endsWith('.md')));
  const missing = ORDER.filter((file) => !present.has(file));
  const unlisted = [...present].filter((file) => !ORDER.includes(file));
  if (missing.length > 0 || unlisted.length > 0) {
    throw new Error(
      `build-guide: pages missing ${JSON.stringify(missing)}, not in ORDER ${JSON.stringify(unlisted)}`,
    );
  }
  await rm(OUT, { recursive: true, force: true });
  await mkdir(path.join(OUT, IMAGES), { recursive: true });

  const sizes = new Map();
  const imageDir = path.join(SOURCE, IMAGES);
  const images = (await readdir(imageDir).catch(() => [])).filter((file) => file.endsWith('.png'));
  for (const file of images) {
    const data = await readFile(path.join(imageDir, file));
    const size = pngSize(data);
    if (size) sizes.set(`${IMAGES}/${file}`, size);
    await copyFile(path.join(imageDir, file), path.join(OUT, IMAGES, file));
  }

  const sources = new Map();
  for (const file of ORDER) {
    sources.set(file, await readFile(path.join(SOURCE, file), 'utf8'));
  }
  const pages = PAGES.map(([file, label]) => ({
    file,
    label,
    heading: firstHeading(sources.get(file), file),
  }));
  const repoPath = (relative) =>
    path.posix.normalize(path.posix.join('docs/huong-dan', relative.split('#')[0]));

  for (const { file, heading } of pages) {
    const markdown = sources.get(file);
    // An image the page shows but nobody took yet: said here, failed by e2e/guide.test.mjs
    // (which needs this build to run, so the build itself does not stop).
    for (const match of markdown.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)) {
      if (!sizes.has(match[1])) {
        console.warn(`build-guide: ${file} shows ${match[1]}, not in docs/huong-dan/ yet`);
      }
    }
    const marked = new Marked({ gfm: true, renderer: pageRenderer(sizes, repoPath) });
    const body = await marked.parse(markdown);
    const html = layout({
      title: heading,
      body,
      current: file,
      pages,
      citizen: file === 'cong-dan.md',
    });
    await writeFile(path.join(OUT, htmlName(file)), html);
  }
  await writeFile(path.join(OUT, 'huong-dan.css'), CSS);
  console.log(`build-guide: ${pages.length} pages, ${images.length} images -> dist/huong-dan/`);
}

await main();
