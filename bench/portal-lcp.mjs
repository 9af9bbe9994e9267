// Largest contentful paint of the portal's home, procedure and tracking pages (issue 13's quality
// bar: under 1 s in the browser tests' Chromium on this machine), beside the same Chromium
// painting a static page of one heading served from the same origin in the same run (the floor:
// what the browser and the machine cost before any of our code runs).
//
// Each round opens each page in a fresh browser profile (cold: nothing cached), then once more
// in the same profile (warm: the assets cached, as on a citizen's second visit). LCP is read
// from the page's own PerformanceObserver ('largest-contentful-paint', buffered) once the page's
// heading is there. The demo server serves the production build (`npm run build` in web/ first).
//
//   CQDT_BIN=build/cqdt node bench/portal-lcp.mjs [--rounds 5] [--width 360] [--dist DIR]
//
// --dist serves another build of web/ (default web/dist): to compare two builds, run each back to
// back on the same machine, as the reference column shows how busy it was.

import { launchBrowser, WEB_ROOT } from '../web/e2e/support/browser.mjs';
import { startServer } from '../tests/support/cqdt-server.mjs';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = opt('rounds', 5);
const DIST = (() => {
  const i = args.indexOf('--dist');
  return i >= 0 ? path.resolve(args[i + 1]) : path.join(WEB_ROOT, 'dist');
})();
const WIDTH = opt('width', 360);
const TARGET_MS = 1000;

const REFERENCE_PATH = '/__lcp-reference';
const REFERENCE_HTML =
  '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tham chiếu</title></head>' +
  '<body><h1>Cổng dịch vụ công tỉnh An Giang</h1></body></html>';

// A new tab for each load: Chromium reports no LCP for a page that was ever hidden, as the
// profile's first, background tab is.
async function lcpOf(context, url) {
  const page = await context.newPage();
  await page.bringToFront();
  await page.goto(url, { waitUntil: 'load' });
  // Every page of ours, and the reference, heads its content with one h1.
  await page.locator('main h1, body > h1').first().waitFor({ timeout: 60_000 });
  // The entry is final once the page has painted its content; a short idle lets the last
  // candidate be reported.
  return page
    .evaluate(
      () =>
        new Promise((resolve) => {
          let last = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) last = e.startTime;
          }).observe({ type: 'largest-contentful-paint', buffered: true });
          setTimeout(() => resolve(last), 300);
        }),
    )
    .finally(() => page.close());
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const server = await startServer({ demo: true, webRoot: DIST });
try {
  // A dossier whose receipt link the tracking page opens with.
  const { loggedIn } = await import('../tests/support/cqdt-server.mjs');
  const counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  const received = await counter.post('/dossiers', {
    procedureCode: '1.001193',
    channel: 'direct',
    applicant: { name: 'Trần Văn Đo Tải', phone: '0903 000 111' },
    documents: [
      { ordinal: 1, provided: true },
      { ordinal: 2, provided: true },
      { ordinal: 5, byData: true },
    ],
    delivery: 'counter',
  });
  if (received.status !== 201) throw new Error(`receipt: ${received.status} ${received.text}`);
  const code = received.body.code;

  const pages = [
    ['tham chiếu: trang tĩnh một tiêu đề (reference)', REFERENCE_PATH],
    ['trang chủ cổng (portal home)', '/portal'],
    ['thủ tục 1.001193 (procedure)', '/portal/thu-tuc/1.001193'],
    ['tra cứu hồ sơ từ mã QR (tracking)', `/tra-cuu-ho-so?ma=${encodeURIComponent(code)}`],
  ];
  const results = pages.map(() => ({ cold: [], warm: [] }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [, p]] of pages.entries()) {
      const browser = await launchBrowser({ viewport: { width: WIDTH, height: 740 } });
      try {
        await browser.context.route(`${server.baseUrl}${REFERENCE_PATH}`, (route) =>
          route.fulfill({
            status: 200,
            contentType: 'text/html; charset=utf-8',
            body: REFERENCE_HTML,
          }),
        );
        results[i].cold.push(await lcpOf(browser.context, server.baseUrl + p));
        results[i].warm.push(await lcpOf(browser.context, server.baseUrl + p));
      } finally {
        await browser.close();
      }
    }
  }
  const rows = pages.map(([label], i) => ({
    trang: label,
    'LCP lạnh, trung vị (ms)': Math.round(median(results[i].cold)),
    'LCP ấm, trung vị (ms)': Math.round(median(results[i].warm)),
    'lạnh tối đa (ms)': Math.round(Math.max(...results[i].cold)),
    'mục tiêu (ms)': i === 0 ? '' : `< ${TARGET_MS}`,
  }));
  console.log(`LCP, Chromium ${WIDTH} px, ${ROUNDS} rounds, demo data, production build`);
  console.table(rows);
} finally {
  await server.stop();
}
