// Online submission in the browser (issue 13, item 3), at 360 px: the demo citizen signs in, opens
// the birth registration from the catalogue, finds the e-form pre-filled from the account, is told
// what is missing (a summary whose links lead to the fields), saves a draft, resumes it from "Hồ sơ
// của tôi", uploads the birth certificate, reuses the ID card from the document store and
// submits; the desk finds the dossier among the online ones waiting for acceptance, with its
// e-form and files, and accepts it; the citizen then sees the dossier code and the appointment.
// axe-core on every state.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  citizenLogin,
  DEMO_PASSWORD,
  chooseOption,
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { expectNoAxeViolations, noHorizontalScroll, settle } from './support/page-checks.mjs';

const skip = missingPrerequisite();
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64),
]);
// Another image (the store lists each content once).
const PNG2 = Buffer.concat([PNG, Buffer.from('giay chung sinh')]);
// The session probe's 401 before sign-in and the summary's 422 are answers the pages expect.
const scriptErrors = (errors) => errors.filter((error) => !/status of (401|422)/.test(error));

describe('online submission', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app;

  before(async () => {
    app = await startApp();
    // The citizen's ID card is already in the document store.
    const h = await harness();
    const citizen = await h.loggedIn(app.baseUrl, '091095000123', DEMO_PASSWORD, 'citizen');
    const res = await citizen.request('POST', '/portal/store?fileName=can-cuoc.png', PNG, {
      raw: true,
      headers: { 'Content-Type': 'image/png' },
    });
    assert.equal(res.status, 201, res.text);
  });
  after(async () => {
    await app?.stop();
  });

  test('fill, save a draft, resume, submit with a reused document; the desk accepts', async () => {
    const citizen = await launchBrowser({ viewport: { width: 360, height: 740 } });
    const desk = await launchBrowser({ viewport: { width: 1366, height: 900 } });
    try {
      const { page, errors } = citizen;
      await withFailureScreenshot(page, 'portal-online-citizen', async () => {
        await citizenLogin(page, app.baseUrl);

        await page.goto(`${app.baseUrl}/portal/thu-tuc/1.001193`);
        const main = page.getByRole('main');
        await main.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
        await main.getByRole('heading', { level: 1, name: 'Nộp hồ sơ trực tuyến' }).waitFor();
        await settle(page);
        // Pre-filled from the account.
        assert.equal(
          await main.getByLabel('Họ, chữ đệm, tên người yêu cầu').inputValue(),
          'Nguyễn Thị Mai',
        );
        assert.equal(
          await main.getByLabel('Số định danh cá nhân', { exact: true }).inputValue(),
          '091095000123',
        );
        await main.getByText(/điền sẵn từ tài khoản/).waitFor();
        await expectNoAxeViolations(page, 'e-form, pre-filled');
        assert.ok(await noHorizontalScroll(page), 'the e-form fits 360 px');

        // Submitted too early: a summary names what is missing and leads to the field.
        await main.getByRole('button', { name: 'Nộp hồ sơ' }).click();
        const summary = main.getByRole('alert').filter({ hasText: 'Hồ sơ chưa nộp được' });
        await summary.waitFor();
        await summary.getByRole('link', { name: /«Họ, chữ đệm, tên»/ }).click();
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'eform_form_childName');
        await expectNoAxeViolations(page, 'e-form, error summary');

        // Part of it, then "Lưu nháp".
        await chooseOption(page, 'Cơ quan tiếp nhận', 'phường Rạch Giá', { search: 'Rạch Giá' });
        await main.getByLabel('Nơi cư trú').fill('Phường Rạch Giá, tỉnh An Giang');
        await chooseOption(page, 'Quan hệ với người được khai sinh', 'Mẹ');
        await main.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill('Nguyễn Văn Bình');
        await main.getByLabel('Ngày, tháng, năm sinh').fill('2026-11-20');
        await main.getByRole('radio', { name: 'Nam', exact: true }).check();
        await main.getByRole('button', { name: 'Lưu nháp' }).click();
        await page.getByText('Đã lưu nháp.').waitFor();
        await page.waitForURL(/nhap=\d+/);

        // Resumed from "Hồ sơ của tôi".
        await page.getByRole('navigation').getByRole('link', { name: 'Hồ sơ của tôi' }).click();
        await main.getByRole('heading', { level: 1, name: 'Hồ sơ của tôi' }).waitFor();
        await settle(page);
        await expectNoAxeViolations(page, 'my dossiers, a draft');
        await main.getByRole('link', { name: 'Tiếp tục khai' }).first().click();
        await main.getByText(/Đang tiếp tục hồ sơ nháp/).waitFor();
        await settle(page);
        assert.equal(
          await main.getByLabel('Họ, chữ đệm, tên', { exact: true }).inputValue(),
          'Nguyễn Văn Bình',
        );
        assert.equal(
          await main.getByLabel('Nơi cư trú').inputValue(),
          'Phường Rạch Giá, tỉnh An Giang',
        );

        // The rest of the form.
        await main.getByLabel('Dân tộc').fill('Kinh');
        await main.getByLabel('Quốc tịch').fill('Việt Nam');
        await main.getByLabel('Nơi sinh').fill('Bệnh viện Đa khoa tỉnh An Giang');
        await main.getByLabel('Họ, chữ đệm, tên người mẹ').fill('Nguyễn Thị Mai');
        await main.getByLabel('Năm sinh của người mẹ').fill('1995');
        await main.getByLabel('Số định danh cá nhân của người mẹ').fill('091095000123');
        await main.getByRole('checkbox', { name: /Tôi cam đoan/ }).check();
        // The birth certificate uploaded; the ID card taken from the store.
        await page.locator('#document-2 input[type="file"]').setInputFiles({
          name: 'giay-chung-sinh.png',
          mimeType: 'image/png',
          buffer: PNG2,
        });
        await page.locator('#document-2').getByText('giay-chung-sinh.png').waitFor();
        await page
          .locator('#document-5')
          .getByRole('button', { name: 'Chọn từ kho dữ liệu' })
          .click();
        const picker = page.getByRole('dialog');
        await picker.getByRole('checkbox', { name: /can-cuoc\.png/ }).check();
        await expectNoAxeViolations(page, 'e-form, the store picker');
        await picker.getByRole('button', { name: 'Dùng các tệp đã chọn' }).click();
        await page.locator('#document-5').getByText('Từ kho dữ liệu', { exact: true }).waitFor();
        await page.locator('#document-5').getByText('can-cuoc.png').waitFor();
        await main.getByRole('button', { name: 'Nộp hồ sơ' }).click();
        await page.waitForURL(/\/portal\/ho-so-cua-toi\/TT-/);
        await main.getByText(/mã tạm của hồ sơ/).waitFor();
        await settle(page);
        await expectNoAxeViolations(page, 'my dossier, waiting');
        assert.ok(await noHorizontalScroll(page), 'the dossier fits 360 px');
        // The draft went with the submission.
        await page.goto(`${app.baseUrl}/portal/ho-so-cua-toi`);
        await settle(page);
        await main.getByText('Bạn không có hồ sơ nháp nào.').waitFor();
      });

      // The desk accepts it from its page.
      await withFailureScreenshot(desk.page, 'portal-online-desk', async () => {
        const dp = desk.page;
        await login(dp, app.baseUrl, 'motcua.rachgia');
        await dp.goto(`${app.baseUrl}/mot-cua/ho-so`);
        const main = dp.getByRole('main');
        await main.getByText('Trực tuyến chờ tiếp nhận').click();
        const link = main.getByRole('link', { name: /^TT-/ }).first();
        await link.waitFor();
        await link.click();
        await main.getByRole('heading', { level: 2, name: /Tờ khai điện tử/ }).waitFor();
        const text = await main.innerText();
        assert.match(text, /Nguyễn Văn Bình/);
        assert.match(text, /dùng lại từ kho dữ liệu/);
        await expectNoAxeViolations(dp, 'desk, online dossier');
        // The desk's three decisions are offered; it accepts.
        await main.getByRole('button', { name: 'Từ chối tiếp nhận' }).waitFor();
        await main.getByRole('button', { name: 'Yêu cầu bổ sung' }).waitFor();
        await main.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
        await dp.getByRole('dialog').getByRole('button', { name: 'Xác nhận' }).click();
        await main
          .getByText(/Đã tiếp nhận/)
          .first()
          .waitFor();
      });

      // The citizen sees the code and the appointment.
      await withFailureScreenshot(page, 'portal-online-accepted', async () => {
        await page.goto(`${app.baseUrl}/portal/ho-so-cua-toi`);
        const main = page.getByRole('main');
        await settle(page);
        await main
          .getByRole('link', { name: /^000\.00\.41\.H01-/ })
          .first()
          .click();
        const accepted = main.getByTestId('accepted');
        await accepted.waitFor();
        assert.match(
          await accepted.innerText(),
          /Mã hồ sơ 000\.00\.41\.H01-\d{6}-\d{4}, ngày hẹn trả kết quả \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/,
        );
        await expectNoAxeViolations(page, 'my dossier, accepted');
        await page.goto(`${app.baseUrl}/portal/kho-du-lieu`);
        await settle(page);
        await main.getByText('giay-chung-sinh.png').waitFor();
        await expectNoAxeViolations(page, 'document store');
      });
      assert.deepEqual(scriptErrors(errors), []);
    } finally {
      await citizen.close();
      await desk.close();
    }
  });
});
