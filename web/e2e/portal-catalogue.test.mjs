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
          await main.getByRole('button', { name: /^Kết hôn \(\d+\)$/ }).click();
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
