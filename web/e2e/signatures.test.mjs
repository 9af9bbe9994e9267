// Digital signatures in the browser (issue 4): the public "Kiểm tra chữ ký số" page verifies a
// signed, a tampered and a non-signature file and downloads the PDF report; the clerk of UBND tỉnh
// signs a PDF with the agency seal and the signed file verifies; the admin sees the demo root CA
// among the trusted CAs. The server runs with the demo data and the demo PKI.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  inputsWithoutVisibleLabel,
  lowContrastText,
  pageBasics,
  unnamedControls,
} from './support/a11y.mjs';
import {
  chooseOption,
  DEMO_PASSWORD,
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';

const skip = missingPrerequisite();
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
const DOCUMENT_TEXT = 'Cong van mau so 01/UBND-VP';

/** A small valid one-page PDF (correct xref offsets) with a few lines of text. */
function minimalPdf(lines) {
  const text = lines
    .map((line, index) => `BT /F1 14 Tf 72 ${770 - index * 22} Td (${line}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ' +
      '/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe(
  'digital signatures: verify, sign, trust',
  { skip: skip ?? false, timeout: 900_000 },
  () => {
    let app;
    let browser;
    let dir;
    let sealKey;
    let textFileMessage;
    const files = {};

    before(async () => {
      app = await startApp({ pki: true });
      browser = await launchBrowser();
      dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-e2e-sign-'));
      const { loggedIn } = await harness();

      files.input = path.join(dir, 'cong-van.pdf');
      writeFileSync(
        files.input,
        minimalPdf([DOCUMENT_TEXT, 'Kinh gui: So Noi vu', 'Noi dung thu']),
      );

      // A signed fixture, made through the API with the clerk's agency seal.
      const clerk = await loggedIn(app.baseUrl, 'vanthu.ubnd', DEMO_PASSWORD);
      const keys = await clerk.get('/signing/keys');
      assert.equal(keys.status, 200, keys.text);
      sealKey = keys.body.items.find((key) => key.kind === 'seal');
      assert.ok(sealKey, `vanthu.ubnd has a seal key: ${keys.text}`);
      const signed = await fetch(
        `${app.baseUrl}/api/v1/signing/sign?key=${encodeURIComponent(sealKey.id)}&style=seal&fileName=cong-van.pdf`,
        {
          method: 'POST',
          headers: {
            Cookie: clerk.cookieHeader(),
            'X-CSRF-Token': clerk.csrfToken,
            'Content-Type': 'application/pdf',
          },
          body: readFileSync(files.input),
        },
      );
      const signedBytes = Buffer.from(await signed.arrayBuffer());
      assert.equal(signed.status, 200, signedBytes.toString('utf8').slice(0, 500));
      files.signed = path.join(dir, 'cong-van.signed.pdf');
      writeFileSync(files.signed, signedBytes);

      // The same file with one letter of the signed text changed (same length, so only the hash
      // breaks).
      const latin = signedBytes.toString('latin1');
      const at = latin.indexOf(DOCUMENT_TEXT);
      assert.ok(at > 0, 'the document text is in the signed file');
      const tampered = Buffer.from(signedBytes);
      tampered[at] = 'K'.charCodeAt(0);
      files.tampered = path.join(dir, 'cong-van.tampered.pdf');
      writeFileSync(files.tampered, tampered);

      // A detached .p7s over an arbitrary file, made with the same seal.
      files.content = path.join(dir, 'ho-so.zip');
      writeFileSync(files.content, Buffer.from('PK\u0003\u0004 hồ sơ kèm theo, nội dung bất kỳ\n'));
      const p7s = await fetch(
        `${app.baseUrl}/api/v1/signing/sign?key=${encodeURIComponent(sealKey.id)}&kind=cms&fileName=ho-so.zip`,
        {
          method: 'POST',
          headers: {
            Cookie: clerk.cookieHeader(),
            'X-CSRF-Token': clerk.csrfToken,
            'Content-Type': 'application/octet-stream',
          },
          body: readFileSync(files.content),
        },
      );
      const p7sBytes = Buffer.from(await p7s.arrayBuffer());
      assert.equal(p7s.status, 200, p7sBytes.toString('utf8').slice(0, 500));
      files.p7s = path.join(dir, 'ho-so.zip.p7s');
      writeFileSync(files.p7s, p7sBytes);

      files.text = path.join(dir, 'ghi-chu.pdf');
      writeFileSync(files.text, 'Đây không phải là văn bản đã ký số.\n');
      // The server's own words for a file it cannot read (422, errors[].field = "file").
      const anonymous = new (await harness()).Client(app.baseUrl);
      const refused = await anonymous.post(
        '/signatures/verify?fileName=ghi-chu.pdf',
        readFileSync(files.text),
        { raw: true, headers: { 'Content-Type': 'application/pdf' } },
      );
      assert.equal(refused.status, 422, refused.text);
      textFileMessage = refused.body.errors.find((error) => error.field === 'file').message;
    });

    after(async () => {
      await browser?.close();
      await app?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function checkA11y(page, label, { full = true } = {}) {
      const basics = await pageBasics(page);
      assert.equal(basics.h1, 1, `${label}: one h1`);
      assert.equal(basics.main, 1, `${label}: one main landmark`);
      assert.match(basics.firstFocusable ?? '', /cqdt-skip-link/, `${label}: skip link first`);
      assert.deepEqual(await unnamedControls(page), [], `${label}: controls without a name`);
      if (full) {
        assert.deepEqual(await inputsWithoutVisibleLabel(page), [], `${label}: inputs w/o label`);
      }
      assert.deepEqual(await lowContrastText(page), [], `${label}: text below AA contrast`);
      return basics;
    }

    /** Headings never skip a level (h1 -> h2 -> h3 -> h4). */
    async function headingLevels(page) {
      return page
        .locator('main h1, main h2, main h3, main h4')
        .evaluateAll((nodes) => nodes.map((node) => Number(node.tagName.slice(1))));
    }

    async function verifyOnPublicPage(page, file) {
      await page.locator('#verify-file').setInputFiles(file);
      await page.getByRole('button', { name: 'Kiểm tra chữ ký', exact: true }).click();
    }

    // Refused requests (401 probe before sign-in, 422 for a file that is no signature) are logged
    // by Chromium as console errors; they are expected.
    const scriptErrors = (errors) =>
      errors.filter(
        // The signing page looks for the local signing agent, which is not running here.
        (error) => !/status of (401|409|422)|ERR_CONNECTION_REFUSED/.test(error),
      );

    const verdict = (page) => page.getByTestId('verification-verdict');

    test('public page: accessible, signed / tampered / text file, PDF report', async () => {
      const { page, errors } = browser;
      await withFailureScreenshot(page, 'verify-public', async () => {
        // Reachable from the login page and the portal without an account.
        await page.goto(`${app.baseUrl}/login`);
        await page.getByRole('link', { name: 'Kiểm tra chữ ký số trên văn bản điện tử' }).click();
        await page.waitForURL(/\/kiem-tra-chu-ky$/);
        await page.getByRole('heading', { level: 1, name: 'Kiểm tra chữ ký số' }).waitFor();
        await page.goto(`${app.baseUrl}/portal`);
        await page
          .getByRole('navigation', { name: 'Cổng dịch vụ công' })
          .getByRole('link', { name: 'Kiểm tra chữ ký số' })
          .click();
        await page.getByRole('heading', { level: 1, name: 'Kiểm tra chữ ký số' }).waitFor();
        const basics = await checkA11y(page, 'verify page');
        assert.equal(basics.lang, 'vi');
        assert.match(basics.title, /^Kiểm tra chữ ký số – /);
        // The file input is a real, labelled control reachable with the keyboard.
        const input = page.getByLabel('Tệp cần kiểm tra');
        await input.focus();
        assert.ok(await input.evaluate((element) => element === document.activeElement));
        await screenshot(page, 'verify-desktop');

        // Nothing chosen: the button says so next to the field.
        await page.getByRole('button', { name: 'Kiểm tra chữ ký', exact: true }).click();
        await page.getByRole('alert').filter({ hasText: 'Vui lòng chọn tệp.' }).waitFor();

        // Over 20 MB: refused in the browser, before any upload.
        await page.locator('#verify-file').setInputFiles({
          name: 'qua-lon.pdf',
          mimeType: 'application/pdf',
          buffer: Buffer.alloc(20 * 1024 * 1024 + 1, 0x20),
        });
        await page
          .getByRole('alert')
          .filter({ hasText: 'Tệp qua-lon.pdf lớn hơn 20 MB, không thể kiểm tra.' })
          .waitFor();

        // 1. A signed PDF: valid, with the signer's name.
        await verifyOnPublicPage(page, files.signed);
        await verdict(page).waitFor();
        const signedText = await verdict(page).innerText();
        assert.match(signedText, /^Hợp lệ — 1 chữ ký/, signedText);
        const card = page.getByRole('region', { name: /^Chữ ký 1:/ });
        await card.waitFor();
        assert.match(await card.innerText(), new RegExp(sealKey.certificate.commonName));
        assert.match(await card.innerText(), /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} \(UTC\+7\)/);
        // The live region announced the outcome.
        const status = page.locator('[role="status"][aria-live="polite"]');
        assert.match(await status.innerText(), /Kết quả kiểm tra: Hợp lệ\. 1 chữ ký\./);
        // Levels in order, the chain opens with the keyboard.
        const levels = await headingLevels(page);
        assert.deepEqual(levels.slice(0, 3), [1, 2, 3], `heading levels ${levels}`);
        levels.forEach((level, index) =>
          assert.ok(index === 0 || level <= levels[index - 1] + 1, `heading levels ${levels}`),
        );
        const chainToggle = card.getByRole('button', { name: /Chuỗi chứng thực/ });
        await chainToggle.focus();
        await page.keyboard.press('Enter');
        await card.getByText('Chứng thư 1:').first().waitFor();
        await checkA11y(page, 'verify report', { full: false });
        await screenshot(page, 'verify-report-desktop', { fullPage: true });

        // 2. The PDF report: same file again, answered as application/pdf.
        const [response, download] = await Promise.all([
          page.waitForResponse(
            (r) => r.url().includes('/signatures/verify') && /format=pdf/.test(r.url()),
          ),
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Tải báo cáo PDF' }).click(),
        ]);
        assert.equal(response.status(), 200);
        assert.match(response.headers()['content-type'] ?? '', /^application\/pdf/);
        assert.match(download.suggestedFilename(), /\.pdf$/);
        const reportBytes = readFileSync(await download.path());
        assert.equal(reportBytes.subarray(0, 5).toString('latin1'), '%PDF-');

        // 3. The tampered PDF: not valid, with the reason.
        await verifyOnPublicPage(page, files.tampered);
        await page.getByText(/^Không hợp lệ — 1 chữ ký/).waitFor();
        assert.match(
          await page.getByRole('region', { name: /^Chữ ký 1:/ }).innerText(),
          /HASH_FAILURE/,
        );
        await screenshot(page, 'verify-tampered-desktop', { fullPage: true });

        // 3b. A PDF without any signature: a neutral "no signature" banner, not an amber
        // "Chưa xác định — 0 chữ ký" (issue 8, item 23).
        await verifyOnPublicPage(page, files.input);
        await verdict(page)
          .getByText(/^Tệp không có chữ ký số/)
          .waitFor();
        const unsignedText = await verdict(page).innerText();
        assert.ok(!/Chưa xác định|0 chữ ký/.test(unsignedText), unsignedText);
        assert.match(await verdict(page).getAttribute('class'), /ant-alert-info/);
        assert.match(
          await page.locator('[role="status"][aria-live="polite"]').innerText(),
          /Tệp không có chữ ký số/,
        );
        assert.equal(await page.getByRole('region', { name: /^Chữ ký 1:/ }).count(), 0);
        await checkA11y(page, 'unsigned report', { full: false });
        await screenshot(page, 'verify-unsigned-desktop', { fullPage: true });

        // 4. Not a signature file: the server's 422 message.
        await verifyOnPublicPage(page, files.text);
        const problem = page.getByTestId('verification-error');
        await problem.waitFor();
        assert.match(await problem.innerText(), /Không kiểm tra được tệp/);
        assert.ok((await problem.innerText()).includes(textFileMessage), textFileMessage);
        assert.equal(await verdict(page).count(), 0, 'the old report is gone');

        // Phone width: the same page, readable.
        await page.setViewportSize(PHONE);
        await verifyOnPublicPage(page, files.signed);
        await verdict(page).waitFor();
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 1, `no horizontal scrolling on a phone (${overflow}px)`);
        await screenshot(page, 'verify-phone', { fullPage: true });
        await page.setViewportSize(DESKTOP);

        // English: the report follows the language (the server's sentences too: it checks again).
        await page.getByText('EN', { exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Signature verification' }).waitFor();
        assert.match(await verdict(page).innerText(), /^Valid — 1 signature/);
        await page.getByRole('button', { name: 'Download PDF report' }).waitFor();
        await page.locator('#verify-file').setInputFiles(files.input);
        await page.getByRole('button', { name: 'Verify signatures', exact: true }).click();
        await verdict(page)
          .getByText(/^The file has no digital signature/)
          .waitFor();
        await page.getByText('VI', { exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Kiểm tra chữ ký số' }).waitFor();
        assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
      });
    });

    test('a detached .p7s is checked against the signed file, which stays in the browser', async () => {
      const { page, errors } = browser;
      await withFailureScreenshot(page, 'verify-detached', async () => {
        await page.context().clearCookies();
        await page.goto(`${app.baseUrl}/kiem-tra-chu-ky`);
        await page.locator('#verify-file').setInputFiles(files.p7s);
        // The second picker appears for a signature file only.
        const content = page.getByLabel('Tệp gốc đã được ký (với chữ ký .p7s tách rời)');
        await content.setInputFiles(files.content);
        const requests = [];
        page.on('request', (request) => requests.push(request.url()));
        await page.getByRole('button', { name: 'Kiểm tra chữ ký', exact: true }).click();
        await verdict(page).waitFor();
        assert.match(await verdict(page).innerText(), /^Hợp lệ — 1 chữ ký/);
        const sent = requests.find((url) => url.includes('/signatures/verify'));
        assert.match(
          sent,
          /contentSha256=[0-9a-f]{64}/,
          'only the digest of the signed file is sent',
        );
        await checkA11y(page, 'verify page, detached signature', { full: false });

        // Another file than the one signed: the digest does not match.
        const other = path.join(dir, 'khac.zip');
        writeFileSync(other, 'một tệp khác\n');
        await content.setInputFiles(other);
        await page.getByRole('button', { name: 'Kiểm tra chữ ký', exact: true }).click();
        await verdict(page).waitFor();
        assert.match(await verdict(page).innerText(), /^Không hợp lệ/);
        assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
      });
    });

    test('clerk signs a PDF with the agency seal; the signed file verifies', async () => {
      const { page, errors } = browser;
      await withFailureScreenshot(page, 'sign-staff', async () => {
        await login(page, app.baseUrl, 'vanthu.ubnd');
        const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
        await nav.getByRole('link', { name: 'Ký số' }).click();
        await page.getByRole('heading', { level: 1, name: 'Ký số' }).waitFor();
        assert.match(await page.title(), /^Ký số – /);
        await chooseOption(page, 'Khóa ký', 'Con dấu cơ quan');
        await page.getByLabel('Tệp cần ký').setInputFiles(files.input);
        await page.getByRole('radio', { name: 'Con dấu của cơ quan' }).check();
        // A seal cannot sign as a person: that style is not offered.
        assert.equal(
          await page.getByRole('radio', { name: 'Chữ ký người có thẩm quyền' }).count(),
          0,
        );
        await page.getByLabel('Lý do ký').fill('Phát hành văn bản');
        await checkA11y(page, 'sign page');
        await screenshot(page, 'sign-desktop', { fullPage: true });

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Ký số', exact: true }).click(),
        ]);
        assert.equal(download.suggestedFilename(), 'cong-van.signed.pdf');
        const signedPath = path.join(dir, 'from-ui.signed.pdf');
        await download.saveAs(signedPath);
        assert.equal(readFileSync(signedPath).subarray(0, 5).toString('latin1'), '%PDF-');
        await page.getByText('Đã ký tệp cong-van.signed.pdf').waitFor();

        // "Kiểm tra chữ ký" reuses the report of the public page.
        await page.getByRole('button', { name: 'Kiểm tra chữ ký', exact: true }).click();
        await verdict(page).waitFor();
        assert.match(await verdict(page).innerText(), /^Hợp lệ — 1 chữ ký/);
        await checkA11y(page, 'sign page with report', { full: false });
        await screenshot(page, 'sign-verified-desktop', { fullPage: true });

        await page.setViewportSize(PHONE);
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Ký số' }).waitFor();
        await page.getByLabel('Khóa ký', { exact: true }).waitFor();
        await screenshot(page, 'sign-phone', { fullPage: true });
        await page.setViewportSize(DESKTOP);

        // The downloaded file on the public page.
        await page.goto(`${app.baseUrl}/kiem-tra-chu-ky`);
        await verifyOnPublicPage(page, signedPath);
        await verdict(page).waitFor();
        assert.match(await verdict(page).innerText(), /^Hợp lệ — 1 chữ ký/);
        assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
      });
    });

    test('a leader signs with the personal key: the password is asked for, a wrong one is refused', async () => {
      const { page, errors } = browser;
      await withFailureScreenshot(page, 'sign-personal', async () => {
        await login(page, app.baseUrl, 'lanhdao.snv');
        const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
        await nav.getByRole('link', { name: 'Ký số' }).click();
        await page.getByRole('heading', { level: 1, name: 'Ký số' }).waitFor();
        // A leader signs on a USB token by default; this test uses the server-held demo key.
        await page.getByText('Khóa ký trên máy chủ', { exact: true }).click();
        await chooseOption(page, 'Khóa ký', 'Cá nhân');
        await page.getByLabel('Tệp cần ký').setInputFiles(files.input);
        await page.getByRole('radio', { name: 'Chữ ký người có thẩm quyền' }).check();
        // A personal key cannot apply the agency seal: that style is not offered.
        assert.equal(await page.getByRole('radio', { name: 'Con dấu của cơ quan' }).count(), 0);
        const secret = page.getByLabel('Mật khẩu khóa chữ ký số của bạn');
        assert.equal(await secret.getAttribute('type'), 'password');

        // A wrong password: the server's message, nothing downloaded.
        await secret.fill('sai-mat-khau');
        await page.getByRole('button', { name: 'Ký số', exact: true }).click();
        await page
          .getByText(/Sai mật khẩu/)
          .first()
          .waitFor();

        await secret.fill(DEMO_PASSWORD);
        await checkA11y(page, 'sign page, personal key');
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Ký số', exact: true }).click(),
        ]);
        const signedPath = path.join(dir, 'personal.signed.pdf');
        await download.saveAs(signedPath);
        await page.getByRole('button', { name: 'Kiểm tra chữ ký', exact: true }).click();
        await verdict(page).waitFor();
        assert.match(await verdict(page).innerText(), /^Hợp lệ — 1 chữ ký/);
        await page.getByText('Nguyễn Văn Thành').first().waitFor();
        assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
      });
    });

    test('admin sees the demo root among the trusted CAs', async () => {
      const { page, errors } = browser;
      await withFailureScreenshot(page, 'trust-admin', async () => {
        const { loggedIn } = await harness();
        const admin = await loggedIn(app.baseUrl, 'admin', DEMO_PASSWORD);
        const anchors = await admin.get('/trust/anchors');
        assert.equal(anchors.status, 200, anchors.text);
        const root = anchors.body.items.find((anchor) => anchor.isRoot);
        assert.ok(root, `a root CA is trusted: ${anchors.text}`);

        await login(page, app.baseUrl, 'admin');
        const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
        await nav.getByRole('link', { name: 'Tổ chức chứng thực' }).click();
        await page.getByRole('heading', { level: 1, name: 'Tổ chức chứng thực tin cậy' }).waitFor();
        const table = page.getByRole('table', { name: 'Các tổ chức chứng thực tin cậy' });
        const row = table.getByRole('row').filter({ hasText: root.name || root.subject });
        await row.waitFor();
        assert.match(await row.innerText(), /CA gốc/);
        // The national roots ship with cqdt and say so (issue 8, item 18).
        assert.equal(root.source, 'bundled', anchors.text);
        assert.match(await row.innerText(), /Có sẵn trong cqdt/);
        assert.match(await row.innerText(), /Ký văn bản|Dấu thời gian/);
        await row.getByRole('button', { name: /^Sao chép dấu vân tay/ }).waitFor();
        await row.getByRole('button', { name: /^Gỡ / }).waitFor();
        await checkA11y(page, 'trust page');
        await screenshot(page, 'trust-desktop', { fullPage: true });

        // Uploading something that is not a certificate shows the server's problem.
        const notCert = path.join(dir, 'not-a-cert.pem');
        writeFileSync(notCert, 'not a certificate\n');
        await page.getByLabel('Tệp chứng thư (PEM hoặc DER)').setInputFiles(notCert);
        await page.getByRole('button', { name: 'Tải lên' }).click();
        // The server's 422 sits under the file field, which is marked invalid.
        const certInput = page.getByLabel('Tệp chứng thư (PEM hoặc DER)');
        await page.locator('.ant-form-item-explain-error').first().waitFor();
        assert.equal(await certInput.getAttribute('aria-invalid'), 'true');

        // Pinning is for one end-entity certificate: a CA offered for pinning is refused, with
        // the server's words under the file field (issue 8, item 15).
        await page.getByRole('radio', { name: 'Ghim một chứng thư cụ thể' }).check();
        await page
          .getByLabel('Tệp chứng thư (PEM hoặc DER)')
          .setInputFiles(path.join(app.dataDir, 'pki', 'root.pem'));
        await page.getByRole('button', { name: 'Tải lên' }).click();
        await page
          .locator('.ant-form-item-explain-error')
          .filter({ hasText: /là của tổ chức chứng thực \(CA\)/ })
          .waitFor();
        await checkA11y(page, 'trust page after a refused pin');

        await page.getByRole('tab', { name: 'Danh sách thu hồi (CRL)' }).click();
        await page.getByRole('table', { name: 'Các danh sách thu hồi đã lưu' }).waitFor();
        await screenshot(page, 'trust-crls-desktop', { fullPage: true });

        await page.setViewportSize(PHONE);
        await page.getByRole('tab', { name: 'Chứng thư gốc tin cậy' }).click();
        await table
          .getByRole('row')
          .filter({ hasText: root.name || root.subject })
          .waitFor();
        await screenshot(page, 'trust-phone', { fullPage: true });
        await page.setViewportSize(DESKTOP);
        assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
      });
    });
  },
);
