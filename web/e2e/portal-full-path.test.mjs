// The portal's full path in the browser (issue 13, Tests), one citizen and one dossier, through
// the real pages: the citizen signs in through the national identity platform (a real OpenID
// provider on loopback; the ID number claim makes a new citizen account), puts her ID card into
// the document store, files a fee-bearing birth registration online (the e-form pre-filled from
// the account, one document reused from the store, one PDF uploaded); the ward's counter officer
// asks for a supplement with a reason, the citizen answers it online, the officer accepts (the
// citizen sees the code, the appointment, the VietQR code and the amount in words); the officer
// imports the bank's statement that names the dossier (the citizen sees the fee paid and gets
// the fee receipt); the officer and the chairman process it, the ward's clerk seals the result
// PDF on the signing page and the chairman returns it as the dossier's result; the citizen
// downloads it, has its signature checked (valid), finds it in the document store and rates the
// service. The citizen is on a phone (360 px): axe-core and no sideways scroll on each of her
// pages; the staff pages are tested in their own files.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { minimalPdf } from '../../tests/support/pki.mjs';
import { missingOidcProvider, startWithOidcProvider } from '../../tests/support/oidc-provider.mjs';
import {
  chooseOption,
  launchBrowser,
  login,
  missingPrerequisite,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { actOnDossier } from './support/dossier-page.mjs';
import { expectNoAxeViolations, noHorizontalScroll, settle } from './support/page-checks.mjs';
import { signInAtProvider, VNEID_BUTTON } from './support/vneid.mjs';

const skip =
  missingPrerequisite() ??
  missingOidcProvider() ??
  (process.env.CQDT_E2E_BASE_URL ? 'needs its own server' : null);

// A citizen the platform does not know yet: her first sign-in makes her account from the claims.
const CITIZEN = {
  login: 'thuha',
  citizen_id: '079195004321',
  name: 'Trần Thị Thu Hà',
  phone_number: '0913579246',
};
const PHONE = { width: 360, height: 740 };
const DESK = { width: 1366, height: 900 };
const SUPPLEMENT_REASON = 'Giấy chứng sinh bị mờ, đề nghị tải lên bản rõ hơn.';
const RESULT_NOTE = 'Trích lục khai sinh số 21/2026';
const pdf = (name, text) => ({ name, mimeType: 'application/pdf', buffer: minimalPdf(text) });
// The session probe's 401 before sign-in and the e-form's 422 are answers the pages expect.
const scriptErrors = (errors) => errors.filter((error) => !/status of (401|422)/.test(error));

describe('the portal’s full path', { skip: skip ?? false, timeout: 1_200_000 }, () => {
  let app;
  let op;
  let stop;
  let work;

  before(async () => {
    ({
      server: app,
      op,
      stop,
    } = await startWithOidcProvider({
      start: (env) => startApp({ pki: true, env }),
      accounts: {
        [CITIZEN.login]: {
          citizen_id: CITIZEN.citizen_id,
          name: CITIZEN.name,
          phone_number: CITIZEN.phone_number,
        },
      },
    }));
    work = mkdtempSync(path.join(tmpdir(), 'cqdt-e2e-full-path-'));
  });
  after(async () => {
    await stop?.();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('sign in with VNeID, file online, supplement, accept, pay by VietQR, sign the result, download it and rate', async () => {
    const citizen = await launchBrowser({ viewport: PHONE });
    const staff = await launchBrowser({ viewport: DESK });
    const page = citizen.page;
    const desk = staff.page;
    const main = page.getByRole('main');
    const deskMain = desk.getByRole('main');
    // The citizen's checks on each page she passes through.
    const checkPhonePage = async (where) => {
      await expectNoAxeViolations(page, where);
      assert.ok(await noHorizontalScroll(page), `${where}: no sideways scroll at 360 px`);
    };
    // The staff side opens the dossier from its address (the desk's lists are tested elsewhere).
    const openOnDesk = async (username, code) => {
      await login(desk, app.baseUrl, username);
      await desk.goto(`${app.baseUrl}/mot-cua/ho-so/${encodeURIComponent(code)}`);
      await deskMain.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
      await settle(desk);
    };
    const openMine = async (code) => {
      await page.goto(`${app.baseUrl}/portal/ho-so-cua-toi/${encodeURIComponent(code)}`);
      await main.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
      await settle(page);
    };
    let provisional = '';
    let code = '';
    try {
      await withFailureScreenshot(page, 'full-path-submit', async () => {
        // Sign-in through the identity platform: a new account, named by the claims.
        await page.goto(`${app.baseUrl}/portal/sign-in`);
        const vneid = main.getByRole('link', { name: VNEID_BUTTON });
        await vneid.waitFor();
        await checkPhonePage('sign-in');
        await vneid.click();
        await signInAtProvider(page, op, CITIZEN.login);
        await page.waitForURL(`${app.baseUrl}/portal`);
        await page.getByText(CITIZEN.name, { exact: true }).first().waitFor();
        await checkPhonePage('portal home, signed in');

        // Her ID card into the document store, from the store's page.
        await page.goto(`${app.baseUrl}/portal/kho-du-lieu`);
        await main.getByRole('heading', { level: 1, name: 'Kho dữ liệu' }).waitFor();
        await settle(page);
        await main.getByText('Kho dữ liệu chưa có giấy tờ nào.').waitFor();
        await main
          .getByLabel('Thêm giấy tờ vào kho')
          .setInputFiles(pdf('can-cuoc.pdf', 'Can cuoc cong dan 079195004321'));
        await page.getByText('Đã thêm can-cuoc.pdf vào kho dữ liệu.').waitFor();
        await main.getByText('can-cuoc.pdf', { exact: true }).waitFor();
        await checkPhonePage('document store, one document');

        // The procedure: its online channel bears a fee.
        await page.goto(`${app.baseUrl}/portal/thu-tuc/1.001193`);
        await main.getByRole('heading', { level: 1, name: /đăng ký khai sinh/i }).waitFor();
        await settle(page);
        assert.match(await main.innerText(), /8\.000 đồng/);
        await checkPhonePage('procedure page');
        await main.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
        await main.getByRole('heading', { level: 1, name: 'Nộp hồ sơ trực tuyến' }).waitFor();
        await settle(page);
        // Pre-filled from the account the claims made.
        assert.equal(
          await main.getByLabel('Họ, chữ đệm, tên người yêu cầu').inputValue(),
          CITIZEN.name,
        );
        assert.equal(
          await main.getByLabel('Số định danh cá nhân', { exact: true }).inputValue(),
          CITIZEN.citizen_id,
        );
        assert.equal(
          (await main.getByLabel('Số điện thoại', { exact: true }).inputValue()).replace(/\D/g, ''),
          CITIZEN.phone_number,
        );
        await main.getByText(/điền sẵn từ tài khoản/).waitFor();
        await checkPhonePage('e-form, pre-filled');

        await chooseOption(page, 'Cơ quan tiếp nhận', 'phường Rạch Giá', { search: 'Rạch Giá' });
        await main.getByLabel('Nơi cư trú').fill('Phường Rạch Giá, tỉnh An Giang');
        await chooseOption(page, 'Quan hệ với người được khai sinh', 'Mẹ');
        await main.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill('Lê Minh Khang');
        await main.getByLabel('Ngày, tháng, năm sinh').fill('2026-11-02');
        await main.getByRole('radio', { name: 'Nam', exact: true }).check();
        await main.getByLabel('Dân tộc').fill('Kinh');
        await main.getByLabel('Quốc tịch').fill('Việt Nam');
        await main.getByLabel('Nơi sinh').fill('Bệnh viện Đa khoa tỉnh An Giang');
        await main.getByLabel('Họ, chữ đệm, tên người mẹ').fill(CITIZEN.name);
        await main.getByLabel('Năm sinh của người mẹ').fill('1995');
        await main.getByLabel('Số định danh cá nhân của người mẹ').fill(CITIZEN.citizen_id);
        await main.getByLabel('Số bản sao đề nghị cấp').fill('1');
        await main.getByRole('checkbox', { name: /Tôi cam đoan/ }).check();
        // The birth certificate uploaded as a PDF; the ID card taken from the store.
        await page
          .locator('#document-2 input[type="file"]')
          .setInputFiles(pdf('giay-chung-sinh.pdf', 'Giay chung sinh so 1234'));
        await page.locator('#document-2').getByText('giay-chung-sinh.pdf').waitFor();
        await page
          .locator('#document-5')
          .getByRole('button', { name: 'Chọn từ kho dữ liệu' })
          .click();
        const picker = page.getByRole('dialog');
        await picker.getByRole('checkbox', { name: /can-cuoc\.pdf/ }).check();
        await expectNoAxeViolations(page, 'e-form, the store picker');
        await picker.getByRole('button', { name: 'Dùng các tệp đã chọn' }).click();
        await picker.waitFor({ state: 'hidden' });
        await page.locator('#document-5').getByText('Từ kho dữ liệu', { exact: true }).waitFor();
        await page.locator('#document-5').getByText('can-cuoc.pdf').waitFor();
        await checkPhonePage('e-form, filled');
        await main.getByRole('button', { name: 'Nộp hồ sơ' }).click();
        await page.waitForURL(/\/portal\/ho-so-cua-toi\/TT-/);
        provisional = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
        await main.getByText(/mã tạm của hồ sơ/).waitFor();
        await settle(page);
        await main.locator('[data-state="new"]').waitFor();
        await checkPhonePage('my dossier, waiting for acceptance');
      });

      // The ward's counter officer finds the e-form and the reused document, and asks for more.
      await withFailureScreenshot(desk, 'full-path-supplement-asked', async () => {
        await openOnDesk('motcua.rachgia', provisional);
        await deskMain.getByRole('heading', { level: 2, name: /Tờ khai điện tử/ }).waitFor();
        const text = await deskMain.innerText();
        assert.match(text, /Lê Minh Khang/);
        assert.match(text, /dùng lại từ kho dữ liệu/);
        await actOnDossier(desk, 'Yêu cầu bổ sung', 'wait_supplement', async (dialog) => {
          await dialog.getByLabel('Lý do, nội dung').fill(SUPPLEMENT_REASON);
        });
      });

      // The citizen reads the reason and answers online with a clearer copy.
      await withFailureScreenshot(page, 'full-path-supplement-answered', async () => {
        await openMine(provisional);
        const asked = main.getByTestId('supplement-request');
        await asked.getByText(SUPPLEMENT_REASON).waitFor();
        await checkPhonePage('my dossier, a supplement asked');
        await main.getByLabel('Nội dung bổ sung').fill('Gửi bản chụp rõ hơn của giấy chứng sinh.');
        await page
          .locator('#document-0 input[type="file"]')
          .setInputFiles(pdf('giay-chung-sinh-ro.pdf', 'Giay chung sinh so 1234 (ban ro)'));
        await page.locator('#document-0').getByText('giay-chung-sinh-ro.pdf').waitFor();
        await main.getByRole('button', { name: 'Gửi bổ sung' }).click();
        await page.getByText('Đã gửi bổ sung: hồ sơ được chuyển lại cho cơ quan.').waitFor();
        await main.locator('[data-state="new"]').waitFor();
        assert.equal(await main.getByTestId('supplement-request').count(), 0);
        await checkPhonePage('my dossier, the supplement sent');
      });

      // The officer accepts: the dossier gets its code.
      await withFailureScreenshot(desk, 'full-path-accept', async () => {
        await openOnDesk('motcua.rachgia', provisional);
        await deskMain.getByText('giay-chung-sinh-ro.pdf').first().waitFor();
        await actOnDossier(desk, 'Tiếp nhận', 'received');
        const heading = deskMain.getByRole('heading', {
          level: 1,
          name: /^Hồ sơ 000\.00\.41\.H01-\d{6}-\d{4}$/,
        });
        await heading.waitFor();
        code = (await heading.innerText()).replace('Hồ sơ ', '');
      });

      // The citizen sees the code, the appointment and what to pay, by VietQR.
      await withFailureScreenshot(page, 'full-path-accepted', async () => {
        await page.goto(`${app.baseUrl}/portal/ho-so-cua-toi`);
        await settle(page);
        await main.getByRole('link', { name: code }).click();
        await main.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
        await settle(page);
        assert.match(
          await main.getByTestId('accepted').innerText(),
          new RegExp(
            `Mã hồ sơ ${code.replace(/\./g, '\\.')}, ngày hẹn trả kết quả \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}`,
          ),
        );
        const payment = main.getByRole('region', { name: 'Nộp phí, lệ phí' });
        await payment.getByRole('img', { name: new RegExp(`nội dung ${code}`) }).waitFor();
        const text = await payment.innerText();
        assert.match(text, /8\.000 đồng/);
        assert.match(text, /Tám nghìn đồng/);
        assert.ok(text.includes(code), 'the dossier code is the transfer’s purpose');
        assert.match(await main.innerText(), /8\.000 đồng \(chưa nộp\)/);
        assert.equal(await main.getByRole('link', { name: /Biên lai thu phí/ }).count(), 0);
        await checkPhonePage('my dossier, accepted, fee to pay');
      });

      // The bank's statement names the dossier: the officer records the payment.
      await withFailureScreenshot(desk, 'full-path-reconcile', async () => {
        await desk.goto(`${app.baseUrl}/mot-cua/doi-chieu-phi`);
        await deskMain.getByRole('heading', { level: 1, name: 'Đối chiếu phí, lệ phí' }).waitFor();
        await settle(desk);
        const statement = [
          'Ngày giao dịch,Số tham chiếu,Số tiền ghi có,Nội dung',
          `05/12/2026,FT26339001,8000,${code.replace(/[^0-9A-Za-z]/g, '')} nop phi khai sinh`,
        ].join('\n');
        await deskMain.getByLabel('Tệp sao kê (CSV hoặc Excel .xlsx)').setInputFiles({
          name: 'sao-ke.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(statement, 'utf8'),
        });
        await deskMain.getByRole('button', { name: 'Kiểm tra' }).click();
        await deskMain.getByText('Đã kiểm tra, chưa ghi nhận gì.').waitFor();
        const table = deskMain.getByRole('table', { name: 'Các dòng của sao kê' });
        await table.getByRole('link', { name: code }).waitFor();
        await deskMain.getByRole('button', { name: 'Ghi nhận các dòng khớp' }).click();
        await deskMain.getByText('Đã ghi nhận các khoản nộp khớp hồ sơ.').waitFor();
        assert.match(await deskMain.innerText(), /1 dòng khớp/);
      });

      // The citizen sees it paid and gets the fee receipt.
      await withFailureScreenshot(page, 'full-path-paid', async () => {
        await openMine(code);
        await main.getByText(/8\.000 đồng \(đã nộp\)/).waitFor();
        assert.equal(await main.getByRole('region', { name: 'Nộp phí, lệ phí' }).count(), 0);
        const receipt = main.getByRole('link', { name: 'Biên lai thu phí, lệ phí (PDF)' });
        const res = await page.request.get(
          new URL(await receipt.getAttribute('href'), app.baseUrl).toString(),
        );
        assert.equal(res.status(), 200, await res.text());
        assert.equal(res.headers()['content-type'], 'application/pdf');
        assert.equal((await res.body()).subarray(0, 5).toString('latin1'), '%PDF-');
        await checkPhonePage('my dossier, fee paid');
      });

      // Processing: the counter hands it to the officer, who completes the check.
      await withFailureScreenshot(desk, 'full-path-process', async () => {
        await openOnDesk('motcua.rachgia', code);
        await actOnDossier(desk, 'Chuyển xử lý', 'processing', async (dialog) => {
          await dialog.getByRole('combobox', { name: 'Chuyển cho' }).click();
          await desk
            .locator('.ant-select-dropdown:visible .ant-select-item-option')
            .filter({ hasText: 'chuyenvien.rachgia' })
            .first()
            .click();
        });
        await openOnDesk('chuyenvien.rachgia', code);
        await actOnDossier(desk, 'Hoàn thành bước xử lý', 'processing', async (dialog) => {
          await dialog.getByLabel('Lý do, nội dung').fill('Đủ điều kiện đăng ký khai sinh.');
        });
      });

      // The ward's clerk seals the result PDF on the signing page.
      const signed = path.join(work, 'trich-luc-khai-sinh.pdf');
      await withFailureScreenshot(desk, 'full-path-seal', async () => {
        await login(desk, app.baseUrl, 'vanthu.rachgia');
        await desk.goto(`${app.baseUrl}/ky-so`);
        await deskMain.getByRole('heading', { level: 1, name: 'Ký số' }).waitFor();
        await settle(desk);
        // The ward's seal, chosen from the open list. (Its options once carried the key object
        // as React's `key`: every option had the key "[object Object]", and the list's virtual
        // scroller froze the page for tens of seconds when a clerk held more than one key.)
        await chooseOption(desk, 'Khóa ký', 'Ủy ban nhân dân phường Rạch Giá');
        await deskMain
          .getByLabel('Tệp cần ký')
          .setInputFiles(pdf('trich-luc.pdf', 'Trich luc khai sinh so 21/2026'));
        await deskMain.getByRole('radio', { name: 'Con dấu của cơ quan' }).check();
        await deskMain.getByLabel('Lý do ký').fill('Trả kết quả hồ sơ');
        const [download] = await Promise.all([
          desk.waitForEvent('download'),
          deskMain.getByRole('button', { name: 'Ký số', exact: true }).click(),
        ]);
        await download.saveAs(signed);
        assert.equal(readFileSync(signed).subarray(0, 5).toString('latin1'), '%PDF-');
      });

      // The chairman returns the sealed PDF as the result and finishes the dossier.
      await withFailureScreenshot(desk, 'full-path-result', async () => {
        await openOnDesk('lanhdao.rachgia', code);
        await actOnDossier(desk, 'Cập nhật kết quả', 'processing', async (dialog) => {
          await dialog.getByLabel('Kết quả (số, ngày của văn bản kết quả…)').fill(RESULT_NOTE);
          await dialog.getByLabel('Tệp kết quả').setInputFiles(signed);
        });
        await deskMain.getByText(RESULT_NOTE).first().waitFor();
        await actOnDossier(desk, 'Hoàn thành bước xử lý', 'processing');
        await actOnDossier(desk, 'Hoàn thành', 'done');
      });

      // The citizen downloads the result, has its signature checked, finds it in her store.
      await withFailureScreenshot(page, 'full-path-e-result', async () => {
        await openMine(code);
        await main.locator('[data-state="done"]').waitFor();
        const card = main.getByRole('region', { name: 'Kết quả điện tử' }).getByTestId('e-result');
        await card.getByText('trich-luc-khai-sinh.pdf').waitFor();
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          card.getByRole('link', { name: 'Tải kết quả' }).click(),
        ]);
        assert.equal(download.suggestedFilename(), 'trich-luc-khai-sinh.pdf');
        const downloaded = path.join(work, 'downloaded.pdf');
        await download.saveAs(downloaded);
        assert.ok(readFileSync(downloaded).equals(readFileSync(signed)), 'the very file returned');
        await card.getByRole('button', { name: 'Kiểm tra chữ ký số' }).click();
        await card.getByText('Hợp lệ', { exact: false }).first().waitFor();
        await checkPhonePage('my dossier, the result verified');

        await page.goto(`${app.baseUrl}/portal/kho-du-lieu`);
        await main.getByRole('heading', { level: 1, name: 'Kho dữ liệu' }).waitFor();
        await settle(page);
        await main.getByText('trich-luc-khai-sinh.pdf').first().waitFor();
        await checkPhonePage('document store, with the result');
      });

      // She rates the service from her dossier's page.
      await withFailureScreenshot(page, 'full-path-rating', async () => {
        await openMine(code);
        const rating = main.getByRole('region', { name: 'Đánh giá mức độ hài lòng' });
        const overall = rating.getByRole('group', { name: 'Mức độ hài lòng chung' });
        await overall.waitFor();
        await overall.getByRole('radio', { name: 'Rất hài lòng' }).check();
        await rating
          .getByRole('group', { name: 'Thái độ, tinh thần phục vụ của cán bộ, công chức' })
          .getByRole('radio', { name: 'Hài lòng', exact: true })
          .check();
        await rating
          .getByLabel('Ý kiến góp ý (không bắt buộc)')
          .fill('Nộp và nhận kết quả trực tuyến, không phải đi lại.');
        await rating.getByRole('button', { name: 'Gửi đánh giá' }).click();
        await rating.getByText('Cảm ơn bạn đã đánh giá. Ý kiến đã được ghi nhận.').waitFor();
        await checkPhonePage('my dossier, rated');
      });
      assert.deepEqual(scriptErrors(citizen.errors), [], 'no script errors for the citizen');
      assert.deepEqual(scriptErrors(staff.errors), [], 'no script errors for the staff');
    } finally {
      await citizen.close();
      await staff.close();
    }
  });
});
