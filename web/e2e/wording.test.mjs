// Wording (issue 8, item 22): what people read is in their language, without jargon, and fits
// their device.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  chooseOption,
  DEMO_PASSWORD,
  harness,
  launchBrowser,
  missingPrerequisite,
  screenshot,
  login,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';

const skip = missingPrerequisite();
const PHONE = { width: 390, height: 844 };
// Letters only Vietnamese uses: English text has none of them.
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

describe('wording', { skip: skip ?? false, timeout: 240_000 }, () => {
  let app;
  let dir;
  const files = {};

  before(async () => {
    app = await startApp({ pki: true });
    dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-e2e-wording-'));
    // A detached CMS signature made with the demo seal, and its file.
    const clerk = await (await harness()).loggedIn(app.baseUrl, 'vanthu.ubnd', DEMO_PASSWORD);
    const keys = await clerk.get('/signing/keys');
    const seal = keys.body.items.find((key) => key.kind === 'seal');
    const signed = await fetch(
      `${app.baseUrl}/api/v1/signing/sign?key=${encodeURIComponent(seal.id)}&kind=cms&fileName=ho-so.txt`,
      {
        method: 'POST',
        headers: {
          Cookie: clerk.cookieHeader(),
          'X-CSRF-Token': clerk.csrfToken,
          'Content-Type': 'application/octet-stream',
        },
        body: 'hồ sơ kèm theo\n',
      },
    );
    assert.equal(signed.status, 200);
    files.p7s = path.join(dir, 'ho-so.txt.p7s');
    writeFileSync(files.p7s, Buffer.from(await signed.arrayBuffer()));
    files.content = path.join(dir, 'ho-so.txt');
    writeFileSync(files.content, 'hồ sơ kèm theo\n');
  });

  after(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the verification report follows the language, server sentences included', async () => {
    const browser = await launchBrowser();
    const { page } = browser;
    try {
      await withFailureScreenshot(page, 'report-language', async () => {
        await page.goto(`${app.baseUrl}/kiem-tra-chu-ky`);
        await page.locator('#verify-file').setInputFiles(files.p7s);
        await page.locator('#verify-content').setInputFiles(files.content);
        await page.getByRole('button', { name: 'Kiểm tra chữ ký', exact: true }).click();
        const verdict = page.getByTestId('verification-verdict');
        await verdict.waitFor();
        assert.match(
          await verdict.innerText(),
          /^Hợp lệ — 1 chữ ký\n.*Chữ ký số trong tệp hợp lệ\./s,
        );
        const card = page.getByRole('region', { name: /^Chữ ký 1:/ });
        // A CMS signer has no signature field: the server's "signer 1" is not shown.
        assert.doesNotMatch(await card.innerText(), /signer 1|Trường chữ ký/);

        // English: the same file is checked again, and the server's sentences are English too.
        await page.getByText('EN', { exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Signature verification' }).waitFor();
        await page.getByText('The digital signature in the file is valid.').waitFor();
        const text = await verdict.innerText();
        assert.match(text, /^Valid — 1 signature\n/);
        assert.doesNotMatch(text, /\(s\)/);
        const englishCard = page.getByRole('region', { name: /^Signature 1:/ });
        const cardText = await englishCard.innerText();
        assert.match(cardText, /The digital signature is valid\./);
        // Names of people and agencies are data; the sentences around them are English.
        const conclusion = await englishCard
          .locator('.ant-descriptions-item')
          .filter({ hasText: 'Conclusion' })
          .innerText();
        assert.doesNotMatch(conclusion, VIETNAMESE, conclusion);
        const status = page.locator('[role="status"][aria-live="polite"]');
        assert.match(await status.innerText(), /Verification result: Valid\. 1 signature\./);
        await screenshot(page, 'verify-report-en', { fullPage: true });
        await page.getByText('VI', { exact: true }).click();
        await page.getByText('Chữ ký số trong tệp hợp lệ.').waitFor();
      });
    } finally {
      await browser.close();
    }
  });

  test('a touch phone is told to choose a file, not to drag one', async () => {
    const phone = await launchBrowser({ viewport: PHONE, touch: true });
    try {
      const { page } = phone;
      await withFailureScreenshot(page, 'touch-file-picker', async () => {
        await page.goto(`${app.baseUrl}/kiem-tra-chu-ky`);
        await page.getByRole('heading', { level: 1, name: 'Kiểm tra chữ ký số' }).waitFor();
        assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), true);
        const zone = page.locator('label[for="verify-file"]').last();
        const text = await zone.innerText();
        assert.match(text, /Chọn tệp/);
        assert.doesNotMatch(text, /Kéo thả/);
        // The file input's accessible name comes from its visible labels only.
        const input = page.getByLabel('Tệp cần kiểm tra');
        assert.doesNotMatch(await input.evaluate((el) => el.labels[1].innerText), /Kéo thả/);
        await screenshot(page, 'verify-touch-phone', { fullPage: true });
      });
    } finally {
      await phone.close();
    }

    // With a mouse, dropping a file is offered.
    const desktop = await launchBrowser();
    try {
      const { page } = desktop;
      await page.goto(`${app.baseUrl}/kiem-tra-chu-ky`);
      await page.getByRole('heading', { level: 1, name: 'Kiểm tra chữ ký số' }).waitFor();
      const zone = page.locator('label[for="verify-file"]').last();
      assert.match(await zone.innerText(), /Kéo thả tệp vào đây/);
      assert.doesNotMatch(await zone.innerText(), /^Chọn tệp$/m);
    } finally {
      await desktop.close();
    }
  });

  test('English counts are singular or plural, never "(s)"', async () => {
    const browser = await launchBrowser();
    const { page } = browser;
    try {
      await withFailureScreenshot(page, 'plural-counts', async () => {
        await login(page, app.baseUrl, 'admin');
        await page.getByText('EN', { exact: true }).click();
        await page.goto(`${app.baseUrl}/admin/agencies`);
        await page.getByRole('heading', { level: 1, name: 'Agencies' }).waitFor();
        await page.getByRole('button', { name: 'Import from file' }).click();
        const dialog = page.getByRole('dialog', { name: 'Import agencies from a file' });
        const items = [
          {
            code: '000.00.34.H01',
            name: 'Sở Thử nghiệm số ít tỉnh An Giang',
            shortName: 'STNSI',
            kind: 'department',
            parentCode: '000.00.00.H01',
          },
        ];
        await dialog.locator('input[type=file]').setInputFiles({
          name: 'one.json',
          mimeType: 'application/json',
          buffer: Buffer.from(JSON.stringify({ items })),
        });
        await dialog.getByLabel('Check only, write nothing').check();
        await dialog.getByRole('button', { name: 'Check' }).click();
        await dialog.getByText('The file is valid: 1 row can be imported.').waitFor();
        await page.keyboard.press('Escape');
        await page.getByText('VI', { exact: true }).click();
      });
    } finally {
      await browser.close();
    }
  });

  test("a server message that names a field by its JSON name shows the field's label", async () => {
    const browser = await launchBrowser();
    const { page } = browser;
    try {
      await withFailureScreenshot(page, 'field-label', async () => {
        // The login form cannot send a wrong type; the answer is made up to test the client.
        await page.route('**/api/v1/auth/login', (route) =>
          route.fulfill({
            status: 422,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'urn:cqdt:problem:validation',
              title: 'Dữ liệu không hợp lệ',
              status: 422,
              detail: 'Dữ liệu không hợp lệ.',
              errors: [
                { field: 'username', code: 'type', message: "Trường 'username' phải là chuỗi." },
              ],
            }),
          }),
        );
        await page.goto(`${app.baseUrl}/login`);
        await page.getByLabel('Tên đăng nhập').fill('admin');
        await page.getByLabel('Mật khẩu').fill('mot-mat-khau');
        await page.getByRole('button', { name: 'Đăng nhập' }).click();
        await page.getByText('Trường “Tên đăng nhập” phải là chuỗi.').waitFor();
        assert.equal(await page.getByText("'username'").count(), 0);
      });
    } finally {
      await browser.close();
    }
  });

  test('a leader signs without jargon; a wrong password is said plainly', async () => {
    const browser = await launchBrowser();
    const { page } = browser;
    try {
      await withFailureScreenshot(page, 'sign-wording', async () => {
        await login(page, app.baseUrl, 'lanhdao.snv');
        await page.goto(`${app.baseUrl}/ky-so`);
        await page.getByRole('heading', { level: 1, name: 'Ký số' }).waitFor();
        // A leader starts on the USB token; the demo's personal key is held by the server.
        await page.getByText('Khóa ký trên máy chủ', { exact: true }).click();
        await chooseOption(page, 'Khóa ký', 'Cá nhân');
        await page.getByLabel('Tệp cần ký').setInputFiles(files.content);
        await page.getByRole('radio', { name: /^Ký tách rời/ }).check();
        await page.getByLabel('Mật khẩu khóa chữ ký số của bạn').fill('sai-mat-khau');
        const main = page.getByRole('main');
        assert.doesNotMatch(await main.innerText(), /PKCS|PAdES|XML-DSig|CMS/);
        await page.getByRole('button', { name: 'Ký số', exact: true }).click();
        await page.getByText('Sai mật khẩu hoặc mã PIN của khóa ký.').first().waitFor();
        assert.doesNotMatch(await main.innerText(), /PKCS/);
        await screenshot(page, 'sign-wrong-password', { fullPage: true });
      });
    } finally {
      await browser.close();
    }
  });
});
