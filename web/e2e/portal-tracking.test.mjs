// Public dossier tracking in the browser (issue 13, item 5): the receipt's QR code leads to
// /tra-cuu-ho-so?ma=<code> with the code filled in; a citizen without an account types the last
// 4 digits of the phone number given at the counter and sees the status, the due date in Vietnam
// time and the history, with no one's name, and the fee still due with the ward's VietQR code. A wrong check says so, next to no detail of the
// dossier; a malformed one is named on its field. On a phone (360 px) too; axe-core on each state.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  harness,
  launchBrowser,
  missingPrerequisite,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { receiveAtCounter } from './support/desk.mjs';
import { expectNoAxeViolations } from './support/page-checks.mjs';

const skip = missingPrerequisite();
// The session probe's 401 (no account), the wrong check's 404 and a malformed one's 422 are
// answers the page expects.
const scriptErrors = (errors) => errors.filter((error) => !/status of (401|404|422)/.test(error));

describe('public dossier tracking', { skip: skip ?? false, timeout: 300_000 }, () => {
  let app;
  let code;

  before(async () => {
    app = await startApp();
    const h = await harness();
    const counter = await h.loggedIn(app.baseUrl, 'motcua.rachgia');
    code = (await receiveAtCounter(counter, { name: 'Phạm Thị Tra Cứu', phone: '0918 246 813' }))
      .code;
  });
  after(async () => {
    await app?.stop();
  });

  for (const viewport of [
    { width: 1366, height: 900 },
    { width: 360, height: 740 },
  ]) {
    test(`the receipt's link and 4 check digits show the dossier (${viewport.width} px)`, async () => {
      const browser = await launchBrowser({ viewport });
      try {
        const { page, errors } = browser;
        await withFailureScreenshot(page, `portal-tracking-${viewport.width}`, async () => {
          await page.goto(`${app.baseUrl}/tra-cuu-ho-so?ma=${encodeURIComponent(code)}`);
          const main = page.getByRole('main');
          await main.getByRole('heading', { level: 1, name: 'Tra cứu hồ sơ' }).waitFor();
          assert.equal(await main.getByLabel('Mã hồ sơ').inputValue(), code);
          await expectNoAxeViolations(page, 'tracking page');
          // A malformed check is named on its field, before any request.
          const check = main.getByLabel('4 chữ số kiểm tra');
          await check.fill('12a');
          await main.getByRole('button', { name: 'Tra cứu' }).click();
          await main.getByText('Vui lòng nhập đúng 4 chữ số.').waitFor();
          // A wrong check: one sentence, nothing of the dossier.
          await check.fill('1111');
          await main.getByRole('button', { name: 'Tra cứu' }).click();
          const alert = main.getByRole('alert').filter({ hasText: 'Không tìm thấy hồ sơ' });
          await alert.waitFor();
          await expectNoAxeViolations(page, 'tracking page, not found');
          // The right one.
          await check.fill('6813');
          await main.getByRole('button', { name: 'Tra cứu' }).click();
          await main.getByRole('heading', { level: 2, name: `Hồ sơ ${code}` }).waitFor();
          const text = await main.innerText();
          assert.match(text, /Thủ tục đăng ký khai sinh/);
          assert.match(text, /Đã tiếp nhận|Tiếp nhận/);
          assert.match(text, /Ngày hẹn trả kết quả\s+\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
          assert.match(text, /UTC\+7/);
          assert.ok(!text.includes('Phạm Thị Tra Cứu'), 'no name of the applicant');
          assert.ok(!text.includes('motcua'), 'no name of an officer');
          // The birth certificate copy's fee is due: the ward's VietQR transfer for it.
          const payment = main.getByRole('region', { name: 'Nộp phí, lệ phí' });
          await payment.getByRole('img', { name: /^Mã VietQR chuyển 8\.000 đồng/ }).waitFor();
          const paymentText = await payment.innerText();
          assert.match(paymentText, /8\.000 đồng/);
          assert.match(paymentText, /Tám nghìn đồng/);
          assert.ok(paymentText.includes(code), 'the dossier code is the transfer purpose');
          await expectNoAxeViolations(page, 'tracking page, found');
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(
            width <= viewport.width,
            `no horizontal scroll at ${viewport.width} px: ${width}`,
          );
          assert.deepEqual(scriptErrors(errors), []);
        });
      } finally {
        await browser.close();
      }
    });
  }
});
