// The portal's procedure catalogue in the browser (issue 13, item 1): from the portal's home a
// citizen without an account searches without accents, narrows by a life event and a sector,
// opens a procedure and reads how to apply, the time limit and fee of each channel and the
// documents to bring; the filters live in the address, so the back button returns to them. On a
// phone (360 px) too, with no sideways scroll; axe-core on each state.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  missingPrerequisite,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { expectNoAxeViolations, noHorizontalScroll, settle } from './support/page-checks.mjs';

const skip = missingPrerequisite();
// The session probe's 401 (no account) is an answer the portal expects.
const scriptErrors = (errors) => errors.filter((error) => !/status of 401/.test(error));

describe('the portal procedure catalogue', { skip: skip ?? false, timeout: 300_000 }, () => {
  let app;

  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.stop();
  });

  for (const viewport of [
    { width: 1366, height: 900 },
    { width: 360, height: 740 },
  ]) {
    test(`search, a life event, a procedure page and back (${viewport.width} px)`, async () => {
      const browser = await launchBrowser({ viewport });
      try {
        const { page, errors } = browser;
        await withFailureScreenshot(page, `portal-catalogue-${viewport.width}`, async () => {
          await page.goto(`${app.baseUrl}/portal`);
          const main = page.getByRole('main');
          await main.getByRole('link', { name: 'Sinh con' }).waitFor();
          await main.getByLabel('Tìm thủ tục hành chính').fill('khai sinh');
          await main.getByRole('button', { name: 'Tìm', exact: true }).click();

          await main.getByRole('heading', { level: 1, name: 'Thủ tục hành chính' }).waitFor();
          assert.match(page.url(), /\/portal\/thu-tuc\?q=khai\+sinh|q=khai%20sinh/);
          await main
            .getByRole('link', { name: 'Thủ tục đăng ký khai sinh', exact: true })
            .waitFor();
          await settle(page);
          await expectNoAxeViolations(page, 'catalogue, searched');
          assert.ok(await noHorizontalScroll(page), 'no sideways scroll');

          // A life event replaces nothing typed: both filters hold.
          await main.getByRole('button', { name: /^Kết hôn \(\d+\)$/ }).click();
          await page.waitForURL(/su-kien=ket-hon/);
          await main.getByText(/^0 thủ tục$/).waitFor();
          await main.getByRole('button', { name: 'Bỏ lọc' }).click();
          await page.waitForURL((url) => url.search === '');
          // Drawn without filters (the button goes with them), or "Kết hôn" would still toggle
          // the old filter off.
          await main.getByRole('button', { name: 'Bỏ lọc' }).waitFor({ state: 'detached' });
          await main.getByRole('button', { name: /^Kết hôn \(\d+\)$/ }).click();
          await page.waitForURL(/su-kien=ket-hon/);
          // The whole catalogue (which has the marriage procedure too) stays until the filtered
          // list arrives: wait for the page drawn with the filter, then for its list to load.
          await main.locator('button[aria-pressed="true"]', { hasText: /^Kết hôn/ }).waitFor();
          await main.locator('[aria-live="polite"][aria-busy="false"]').waitFor();
          await main.getByRole('link', { name: 'Thủ tục đăng ký kết hôn', exact: true }).waitFor();
          const married = await main.getByRole('list').last().innerText();
          assert.doesNotMatch(married, /khai sinh/, 'only the event’s procedures');
          const pressed = main.getByRole('button', { name: /^Kết hôn/ });
          assert.equal(await pressed.getAttribute('aria-pressed'), 'true');
          await settle(page);
          await expectNoAxeViolations(page, 'catalogue, by life event');
          assert.ok(await noHorizontalScroll(page), 'no sideways scroll');

          await main.getByRole('link', { name: 'Thủ tục đăng ký kết hôn', exact: true }).click();
          await main.getByRole('heading', { level: 1, name: 'Thủ tục đăng ký kết hôn' }).waitFor();
          for (const title of [
            'Cách thức thực hiện, thời hạn và phí',
            'Thành phần hồ sơ',
            'Căn cứ pháp lý',
          ]) {
            await main.getByRole('heading', { level: 2, name: title }).waitFor();
          }
          const text = await main.innerText();
          assert.match(text, /Mã thủ tục: 1\.000894/);
          assert.match(text, /Trực tiếp/);
          assert.match(text, /ngày làm việc|giờ làm việc/);
          assert.match(text, /bản chính/);
          await settle(page);
          await expectNoAxeViolations(page, 'procedure page');
          assert.ok(await noHorizontalScroll(page), 'no sideways scroll');

          // Back to the same filtered list.
          await page.goBack();
          await page.waitForURL(/su-kien=ket-hon/);
          await main.getByRole('link', { name: 'Thủ tục đăng ký kết hôn', exact: true }).waitFor();
          assert.deepEqual(scriptErrors(errors), []);
        });
      } finally {
        await browser.close();
      }
    });
  }

  // The first page starts its data while its code loads (src/app/first-page.ts); the page's own
  // identical request takes that answer rather than asking twice, in the language stored.
  test('a procedure opened from its address asks for its data once, in the stored language', async () => {
    const browser = await launchBrowser({ viewport: { width: 360, height: 740 } });
    try {
      const { page, context } = browser;
      await withFailureScreenshot(page, 'portal-catalogue-early-data', async () => {
        await context.addInitScript(() => window.localStorage.setItem('cqdt.lang', 'en'));
        // In order: the API requests made and the moment the page's own chunk arrived.
        const asked = [];
        page.on('request', (request) => {
          const url = new URL(request.url());
          if (url.pathname.startsWith('/api/')) {
            asked.push(`${url.pathname} ${request.headers()['accept-language']}`);
          }
        });
        page.on('requestfinished', (request) => {
          // The page's chunk is named for the public first page (vite.config.ts).
          if (/\/assets\/portal-procedure-[^/]*\.js$/.test(new URL(request.url()).pathname)) {
            asked.push('page chunk loaded');
          }
        });
        await page.goto(`${app.baseUrl}/portal/thu-tuc/1.001193`);
        const main = page.getByRole('main');
        await main.getByRole('heading', { level: 1, name: /khai sinh|birth/i }).waitFor();
        await main.getByRole('heading', { level: 2 }).first().waitFor();
        await settle(page);
        const count = (path) => asked.filter((line) => line.startsWith(`${path} `)).length;
        assert.equal(count('/api/v1/procedures/1.001193'), 1, asked.join('\n'));
        assert.equal(count('/api/v1/auth/session'), 1, asked.join('\n'));
        // Asked before the page's code was there, not once it ran.
        assert.ok(
          asked.indexOf('page chunk loaded') >
            asked.indexOf(asked.find((l) => l.startsWith('/api/v1/procedures/'))),
          asked.join('\n'),
        );
        for (const line of asked.filter((l) => l.startsWith('/api/'))) {
          assert.match(line, / en, vi;q=0\.5$/, line);
        }
        assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      });
    } finally {
      await browser.close();
    }
  });

  test('an unknown procedure says so, with the way back', async () => {
    const browser = await launchBrowser({ viewport: { width: 1366, height: 900 } });
    try {
      const { page } = browser;
      await withFailureScreenshot(page, 'portal-catalogue-missing', async () => {
        await page.goto(`${app.baseUrl}/portal/thu-tuc/9.999999`);
        const main = page.getByRole('main');
        await main.getByText('Không tải được thủ tục này.').waitFor();
        await main.getByRole('link', { name: /Danh mục thủ tục/ }).waitFor();
        await expectNoAxeViolations(page, 'procedure page, not found');
      });
    } finally {
      await browser.close();
    }
  });
});
