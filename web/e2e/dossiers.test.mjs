// A dossier's life in the browser (issue 12 item 2): the counter officer of phường Rạch Giá
// receives a birth registration with the keyboard alone (the procedure found by typing without
// diacritics, the checklist ticked with Space, Enter to receive), prints the receipt slip (a
// PDF) and hands the dossier to the officer; the officer finds it in "Việc của tôi" and
// completes the check and drafts the result decision from the dossier; the chairman approves and
// signs it in the browser with his own key (the demo PKI), the clerk numbers and seals it, the
// chairman attaches the issued PDF to the dossier, completes the signing step and finishes; the
// counter returns the result, and the desk's statistics chart counts it. axe-core runs on each
// page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  DEMO_PASSWORD,
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  REPO_ROOT,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { actOnDossier } from './support/dossier-page.mjs';
import { expectNoAxeViolations } from './support/page-checks.mjs';

const skip = missingPrerequisite();
const scriptErrors = (errors) => errors.filter((error) => !/status of 401/.test(error));
const DRAFT = readFileSync(path.join(REPO_ROOT, 'tests', 'api', 'testdata', 'outgoing-draft.pdf'));

describe('one-stop dossiers', { skip: skip ?? false, timeout: 900_000 }, () => {
  let app;

  before(async () => {
    app = await startApp({ pki: true, documents: true });
  });
  after(async () => {
    await app?.stop();
  });

  test('the counter receives and prints, the officer checks, the leader decides, the counter returns', async () => {
    let code = '';
    let resultDocumentId = 0;
    let numberText = '';
    const counter = await launchBrowser();
    try {
      const { page, errors } = counter;
      await withFailureScreenshot(page, 'dossier-receive', async () => {
        await login(page, app.baseUrl, 'motcua.rachgia');
        const nav = page.getByRole('navigation', { name: /^(Điều hướng chính|Main navigation)$/ });
        await nav.getByRole('link', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
        const main = page.getByRole('main');
        await main
          .getByRole('heading', { level: 1, name: 'Tiếp nhận hồ sơ tại Bộ phận Một cửa' })
          .waitFor();
        // The keyboard alone: the procedure box has the focus; type, pick with Enter.
        const procedure = main.getByRole('combobox', { name: 'Thủ tục' });
        await procedure.waitFor();
        await page.keyboard.type('dang ky khai sinh');
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option')
          .filter({ hasText: 'Thủ tục đăng ký khai sinh' })
          .first()
          .waitFor();
        await page.keyboard.press('Enter');
        const form = main.getByRole('checkbox', {
          name: /^Đã nhận giấy tờ Tờ khai đăng ký khai sinh/,
        });
        await form.waitFor();
        await main.getByLabel('Họ tên người nộp (hoặc tên tổ chức)').focus();
        await page.keyboard.type('Trần Thị Bé');
        await page.keyboard.press('Tab');
        await page.keyboard.type('091234567890');
        await form.focus();
        await page.keyboard.press('Space');
        await main.getByRole('checkbox', { name: /^Đã nhận giấy tờ Giấy chứng sinh/ }).focus();
        await page.keyboard.press('Space');
        await main
          .getByRole('checkbox', { name: /^Khai thác dữ liệu thay cho Giấy tờ tùy thân/ })
          .focus();
        await page.keyboard.press('Space');
        await expectNoAxeViolations(page, 'receive page');
        await main.getByLabel('Họ tên người nộp (hoặc tên tổ chức)').focus();
        await page.keyboard.press('Enter');
        const done = main.getByText(/^Đã tiếp nhận hồ sơ 000\.00\.41\.H01-\d{6}-\d{4}\.$/);
        await done.waitFor();
        code = /000\.00\.41\.H01-\d{6}-\d{4}/.exec(await done.innerText())[0];
        // The receipt slip is a PDF.
        const print = main.getByRole('link', { name: 'In giấy tiếp nhận và hẹn trả' });
        const href = await print.getAttribute('href');
        const pdf = await page.request.get(new URL(href, app.baseUrl).toString());
        assert.equal(pdf.status(), 200);
        assert.equal(pdf.headers()['content-type'], 'application/pdf');
        assert.ok((await pdf.body()).subarray(0, 5).toString() === '%PDF-');
        // Hand it to the officer.
        await main.getByRole('link', { name: `Hồ sơ ${code}` }).click();
        await main.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
        await expectNoAxeViolations(page, 'dossier page');
        await actOnDossier(page, 'Chuyển xử lý', 'processing', async (dialog) => {
          await dialog.getByRole('combobox', { name: 'Chuyển cho' }).click();
          await page
            .locator('.ant-select-dropdown:visible .ant-select-item-option')
            .filter({ hasText: 'chuyenvien.rachgia' })
            .first()
            .click();
        });
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await counter.close();
    }

    const officer = await launchBrowser();
    try {
      const { page, errors } = officer;
      await withFailureScreenshot(page, 'dossier-officer', async () => {
        await login(page, app.baseUrl, 'chuyenvien.rachgia');
        const nav = page.getByRole('navigation', { name: /^(Điều hướng chính|Main navigation)$/ });
        await nav.getByRole('link', { name: 'Hồ sơ một cửa', exact: true }).click();
        const main = page.getByRole('main');
        await main.getByRole('radio', { name: 'Việc của tôi' }).waitFor({ state: 'attached' });
        await main.getByRole('link', { name: code }).click();
        await main.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
        await actOnDossier(page, 'Hoàn thành bước xử lý', 'processing', async (dialog) => {
          await dialog.getByLabel('Lý do, nội dung').fill('Đủ điều kiện đăng ký khai sinh.');
        });
        // The signing step is the leader's now: the officer no longer completes a step (waited
        // for: the page re-renders the actions after the dossier reloads).
        await main.getByRole('button', { name: 'Cập nhật kết quả', exact: true }).waitFor();
        await main
          .getByRole('button', { name: 'Hoàn thành bước xử lý', exact: true })
          .waitFor({ state: 'detached' });
        // The result is a decision of the ward: drafted from the dossier, for the chairman.
        await main.getByRole('button', { name: 'Soạn văn bản kết quả', exact: true }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        await dialog.getByRole('combobox', { name: 'Người ký' }).click();
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option')
          .filter({ hasText: 'Huỳnh Thanh Sơn' })
          .first()
          .click();
        await expectNoAxeViolations(page, 'result document dialog');
        await dialog.getByRole('button', { name: 'Tạo dự thảo' }).click();
        await dialog.waitFor({ state: 'hidden' });
        const open = main.getByRole('link', {
          name: /^Mở văn bản kết quả: Kết quả giải quyết hồ sơ/,
        });
        await open.waitFor();
        resultDocumentId = Number((await open.getAttribute('href')).split('/').pop());
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await officer.close();
    }

    // The draft's PDF and its submission are the documents pages' (tested there): here the
    // officer does them through the API.
    {
      const h = await harness();
      const api = await h.loggedIn(app.baseUrl, 'chuyenvien.rachgia');
      let res = await api.get(`/documents/outgoing/${resultDocumentId}`);
      res = await api.request(
        'POST',
        `/documents/outgoing/${resultDocumentId}/files?name=qd.pdf`,
        DRAFT,
        {
          raw: true,
          headers: { 'Content-Type': 'application/pdf', 'If-Match': res.headers.get('etag') },
        },
      );
      assert.equal(res.status, 200, res.text);
      res = await api.post(
        `/documents/outgoing/${resultDocumentId}/submit`,
        {},
        {
          headers: { 'If-Match': res.headers.get('etag') },
        },
      );
      assert.equal(res.status, 200, res.text);
    }

    const chairman = await launchBrowser();
    try {
      const { page, errors } = chairman;
      await withFailureScreenshot(page, 'dossier-result-sign', async () => {
        await login(page, app.baseUrl, 'lanhdao.rachgia');
        await page.goto(`${app.baseUrl}/mot-cua/ho-so/${code}`);
        const main = page.getByRole('main');
        await main.getByRole('link', { name: /^Mở văn bản kết quả: / }).click();
        await page.getByRole('button', { name: 'Đồng ý', exact: true }).click();
        await page.getByRole('heading', { level: 2, name: 'Ký số văn bản' }).waitFor();
        // The demo PKI's personal keys ask for their password.
        await page.getByLabel('Mật khẩu chữ ký số').fill(DEMO_PASSWORD);
        await expectNoAxeViolations(page, 'result document, sign panel');
        await page.getByRole('button', { name: 'Ký số', exact: true }).click();
        await page.getByText('Đã ký, chờ cấp số').first().waitFor();
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await chairman.close();
    }

    // The clerk numbers and seals it (the issue page is tested with the outgoing documents).
    {
      const h = await harness();
      const api = await h.loggedIn(app.baseUrl, 'vanthu.rachgia');
      let res = await api.get(`/documents/outgoing/${resultDocumentId}`);
      res = await api.post(
        `/documents/outgoing/${resultDocumentId}/issue`,
        { sealKeyId: 'seal-000.00.41.h01' },
        { headers: { 'If-Match': res.headers.get('etag') } },
      );
      assert.equal(res.status, 200, res.text);
      numberText = res.body.numberText;
    }

    const leader = await launchBrowser();
    try {
      const { page, errors } = leader;
      await withFailureScreenshot(page, 'dossier-leader', async () => {
        await login(page, app.baseUrl, 'lanhdao.rachgia');
        await page.goto(`${app.baseUrl}/mot-cua/ho-so/${code}`);
        const main = page.getByRole('main');
        await main.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
        // The issued decision, signed and sealed, becomes the dossier's result.
        await main.getByText(`Số, ký hiệu: ${numberText}`).waitFor();
        await main.getByRole('button', { name: 'Đính kèm bản đã ban hành vào hồ sơ' }).click();
        const note = main.getByText(
          new RegExp(`^Quyết định số ${numberText} ngày \\d\\d/\\d\\d/\\d{4}$`),
        );
        await note.waitFor();
        await main.getByRole('link', { name: /^van-ban-ket-qua-.*\.pdf$/ }).waitFor();
        await actOnDossier(page, 'Hoàn thành bước xử lý', 'processing');
        await actOnDossier(page, 'Hoàn thành', 'done');
        await note.waitFor();
        await expectNoAxeViolations(page, 'dossier with result');
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await leader.close();
    }

    const again = await launchBrowser();
    try {
      const { page, errors } = again;
      await withFailureScreenshot(page, 'dossier-return', async () => {
        await login(page, app.baseUrl, 'motcua.rachgia');
        await page.goto(`${app.baseUrl}/mot-cua/ho-so`);
        const main = page.getByRole('main');
        await main.getByRole('radio', { name: 'Bàn một cửa' }).waitFor({ state: 'attached' });
        await main.getByRole('link', { name: code }).click();
        await actOnDossier(page, 'Trả kết quả', 'returned');
        await main.getByText('Đã trả kết quả (mã đồng bộ 10)').waitFor();
        const timeline = main.getByRole('list', { name: 'Diễn biến của hồ sơ' });
        await timeline.getByRole('listitem').nth(7).waitFor();
        assert.equal(await timeline.getByRole('listitem').count(), 8);
        // The desk's statistics count it, in the table and the chart (an image with its figures).
        await page.goto(`${app.baseUrl}/mot-cua/thong-ke`);
        await main
          .getByRole('img', { name: /^Biểu đồ kết quả giải quyết của \d+ dòng: \d+ trước hạn/ })
          .waitFor();
        await expectNoAxeViolations(page, 'statistics with chart');
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await again.close();
    }
  });
});
