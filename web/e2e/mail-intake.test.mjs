// Documents received by e-mail in the browser (issue 15 item 3): cqdt reads Sở Nội vụ's official
// mailbox on a real Dovecot (tests/support/imap-server.mjs, IMAPS on loopback). Two messages
// arrive — a letter from Sở Tư pháp with a PDF (and a file the register cannot take, its name an
// attempted path), and an advertisement. The clerk finds them under "Chờ tiếp nhận" → "Qua thư
// điện tử" (with the count), opens the letter (the sender's DKIM and SPF results in words, the
// text as plain text, the files with "không vào sổ được" on the one the register refuses), registers
// it with the form as the server pre-filled it and lands on the new incoming document; on a 360 px
// phone the clerk discards the advertisement with a reason. With e-mail off the tab is not shown,
// and an address that asks for it says e-mail is off. axe-core runs on every page and state met.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  eventually,
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  REPO_ROOT,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { checkA11y } from './support/documents.mjs';
import { noHorizontalScroll, settle } from './support/page-checks.mjs';

const { missingDovecot, startImap } = await import(
  path.join(REPO_ROOT, 'tests', 'support', 'imap-server.mjs')
);
const { minimalPdf } = await import(path.join(REPO_ROOT, 'tests', 'support', 'pki.mjs'));
const { agencyByCode } = await import(path.join(REPO_ROOT, 'tests', 'support', 'api-assert.mjs'));

// The server must be started here with e-mail on: a server started by hand cannot be used.
const skip =
  missingPrerequisite() ??
  missingDovecot() ??
  (process.env.CQDT_E2E_BASE_URL ? 'needs its own server (e-mail on)' : null);

const NARROW = { width: 360, height: 780 };
const SNV_CODE = '000.00.01.H01'; // Sở Nội vụ in the demo data
const MAILBOX_USER = 'vanthu.snv';
const MAILBOX_PASSWORD = 'Imap#Giao-Dien-2026';
const DONE = 'Da-xu-ly';
const LETTER = {
  subject: 'Công văn số 125/STP-VP về việc rà soát thủ tục hành chính năm 2026',
  from: 'Sở Tư pháp <vanthu@stp.angiang.gov.vn>',
  sender: 'Sở Tư pháp <vanthu@stp.angiang.gov.vn>',
  number: '125/STP-VP',
  messageId: 'cv125.stp.e2e@angiang.gov.vn',
  text: 'Kính gửi Sở Nội vụ, Sở Tư pháp gửi văn bản đính kèm. <b>Không phải HTML</b>',
  pdf: 'CV-125-STP.pdf',
};
const SPAM = {
  subject: 'Quảng cáo khóa học kỹ năng mềm',
  from: 'quangcao@example.com',
  messageId: 'spam.e2e@example.com',
  text: 'Ưu đãi đặc biệt trong tuần này.',
};

// Chromium reports the answers the pages expect (401 before login, 409, 412, 422, and 503 of the
// e-mail calls while e-mail is off) as console errors; anything else is a script error.
const scriptErrors = (errors) =>
  errors.filter((error) => !/status of (401|409|412|422|503)/.test(error));

/** A message as a mail server delivers it (CRLF, multipart/mixed with base64 attachments). */
function message({ subject, from, messageId, text, attachments = [] }) {
  const boundary = 'b-cqdt-e2e';
  const encoded = `=?UTF-8?B?${Buffer.from(subject, 'utf8').toString('base64')}?=`;
  const lines = [
    `From: ${from}`,
    'To: vanthu.snv@demo.angiang.gov.vn',
    `Subject: ${encoded}`,
    'Date: Mon, 07 Dec 2026 08:30:00 +0700',
    `Message-ID: <${messageId}>`,
    'Authentication-Results: mx.angiang.gov.vn; spf=pass smtp.mailfrom=stp.angiang.gov.vn',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    text,
  ];
  for (const a of attachments) {
    lines.push(
      `--${boundary}`,
      `Content-Type: ${a.type}; name="${a.name}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${a.name}"`,
      '',
      a.bytes.toString('base64').replace(/(.{76})/g, '$1\r\n'),
    );
  }
  lines.push(`--${boundary}--`, '');
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

describe(
  'documents received by e-mail: the reception tab, one message, register and discard',
  { skip: skip ?? false, timeout: 900_000 },
  () => {
    let imap;
    let app;
    let desktop;
    let narrow;
    let clerk;

    before(async () => {
      imap = await startImap({
        users: { [MAILBOX_USER]: MAILBOX_PASSWORD },
        folders: ['INBOX', DONE],
      });
      await imap.deliver(
        MAILBOX_USER,
        message({
          ...LETTER,
          attachments: [
            { name: LETTER.pdf, type: 'application/pdf', bytes: minimalPdf('Cong van 125') },
            { name: '../../etc/passwd', type: 'text/plain', bytes: Buffer.from('root:x:0:0') },
          ],
        }),
      );
      await imap.deliver(MAILBOX_USER, message(SPAM));
      app = await startApp({
        env: {
          CQDT_MAIL_ENABLED: '1',
          CQDT_MAIL_CA_FILE: imap.caPath,
          CQDT_MAIL_POLL_SECONDS: '1',
          CQDT_MAIL_DKIM_DNS: '0',
        },
      });
      const h = await harness();
      const admin = await h.loggedIn(app.baseUrl, 'admin');
      const snv = await agencyByCode(admin, SNV_CODE);
      const saved = await admin.put(`/mail/accounts/${snv.id}`, {
        fromAddress: 'vanthu.snv@demo.angiang.gov.vn',
        fromName: 'Sở Nội vụ',
        smtpHost: 'mail.angiang.gov.vn',
        smtpTls: 'starttls',
        imapHost: '127.0.0.1',
        imapPort: imap.tlsPort,
        imapTls: 'tls',
        imapUsername: MAILBOX_USER,
        imapPassword: MAILBOX_PASSWORD,
        imapFolder: 'INBOX',
        imapDoneFolder: DONE,
      });
      assert.equal(saved.status, 200, saved.text);
      // The server's mail thread reads the mailbox every second: both messages arrive.
      clerk = await h.loggedIn(app.baseUrl, 'vanthu.snv');
      const arrived = await eventually(
        async () => {
          const list = await clerk.get('/mail/intake');
          return list.status === 200 && list.body.items.length === 2 ? list.body : null;
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      );
      assert.ok(arrived, 'both messages reached the queue');
      desktop = await launchBrowser();
      narrow = await launchBrowser({ viewport: NARROW, touch: true });
    });

    after(async () => {
      await desktop?.close();
      await narrow?.close();
      await app?.stop();
      await imap?.stop();
    });

    test('the clerk opens the letter and registers it as the server pre-filled it', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'mail-intake-register', async () => {
        await login(page, app.baseUrl, 'vanthu.snv');
        // The menu's count includes the two e-mails (with whatever else waits for the clerk).
        const menuLink = page.getByRole('navigation').getByRole('link', { name: /^Chờ tiếp nhận/ });
        const counted = await eventually(
          async () => {
            const name = (await menuLink.getAttribute('aria-label')) ?? '';
            return Number(/(\d+) văn bản đang chờ/.exec(name)?.[1] ?? 0) >= 2;
          },
          { timeoutMs: 120_000, intervalMs: 250 },
        );
        assert.ok(counted, 'the menu counts the e-mails waiting');
        await menuLink.click();
        await page.getByRole('heading', { level: 1, name: 'Văn bản chờ tiếp nhận' }).waitFor();
        // The e-mail tab says how many wait, in words too.
        const tab = page.getByRole('tab', { name: /Qua thư điện tử/ });
        await tab.getByText('2 thư đang chờ').waitFor();
        await tab.click();
        await page.waitForURL(/nguon=thu-dien-tu/);
        const link = page.getByRole('link', { name: LETTER.subject });
        await link.waitFor();
        await page.getByRole('link', { name: SPAM.subject }).waitFor();
        await page.getByText('Đang chờ văn thư xử lý: 2 thư.').waitFor();
        await page
          .getByRole('row')
          .filter({ hasText: LETTER.subject })
          .getByText('2 tệp')
          .waitFor();
        await checkA11y(page, 'e-mail reception list');
        await screenshot(page, 'mail-intake-list');

        await link.click();
        await page.waitForURL(/\/van-ban\/tiep-nhan\/thu-dien-tu\/\d+$/);
        await page.getByRole('heading', { level: 1, name: LETTER.subject }).waitFor();
        const main = page.getByRole('main');
        // Who sent it and how far that is proven, in words.
        assert.equal(
          await main.getByTestId('mail-intake-dkim').textContent(),
          'DKIM: không có chữ ký',
        );
        assert.equal(await main.getByTestId('mail-intake-spf').textContent(), 'SPF: đạt (pass)');
        await main.getByText(LETTER.sender).first().waitFor();
        // The text as text: the sender's markup is not markup here.
        assert.equal(
          (await main.getByTestId('mail-intake-body').textContent()).trim(),
          LETTER.text,
        );
        assert.equal(await main.locator('pre b').count(), 0);
        // The files: the PDF goes to the register; the other, its name made safe, stays.
        const files = main.getByRole('region', { name: 'Tệp đính kèm' });
        const pdf = files.getByRole('listitem').filter({ hasText: LETTER.pdf });
        await pdf.getByText('Vào sổ được', { exact: true }).waitFor();
        await pdf.getByRole('link', { name: `Tải về ${LETTER.pdf}` }).waitFor();
        const other = files.getByRole('listitem').filter({ hasNotText: LETTER.pdf });
        await other.getByText('Không vào sổ được', { exact: true }).waitFor();
        await other.getByText('Tên trong thư: ../../etc/passwd').waitFor();
        const otherName = await other.locator('strong').textContent();
        assert.doesNotMatch(otherName, /[/\\]/, 'no path separator in the name shown');
        await files.getByText('SHA-256:').first().waitFor();

        // Pre-filled from the message.
        const form = page.getByRole('region', { name: 'Vào sổ văn bản đến' });
        assert.equal(
          await form.getByLabel('Số, ký hiệu', { exact: true }).inputValue(),
          LETTER.number,
        );
        assert.equal(
          await form.getByLabel('Trích yếu nội dung', { exact: true }).inputValue(),
          LETTER.subject,
        );
        assert.equal(await form.getByLabel('Nơi gửi', { exact: true }).inputValue(), LETTER.sender);
        assert.equal(
          await form.getByLabel('Ngày ban hành', { exact: true }).inputValue(),
          '2026-12-07',
        );
        assert.equal(await form.getByRole('checkbox', { name: LETTER.pdf }).isChecked(), true);
        const refused = form.getByRole('checkbox', { name: /Không vào sổ được/ });
        assert.equal(await refused.isDisabled(), true);
        assert.equal(await refused.isChecked(), false);
        await form.getByText('Công văn', { exact: true }).first().waitFor(); // the draft's type
        await checkA11y(page, 'e-mail message');
        await screenshot(page, 'mail-intake-message', { fullPage: true });

        // Empty subject: said under the field, nothing sent.
        const subject = form.getByLabel('Trích yếu nội dung', { exact: true });
        await subject.fill('');
        await form.getByRole('button', { name: 'Vào sổ', exact: true }).click();
        await form.getByText('Vui lòng nhập trích yếu nội dung.').waitFor();
        await checkA11y(page, 'e-mail register form with an error');
        await subject.fill(LETTER.subject);

        await form.getByRole('button', { name: 'Vào sổ', exact: true }).click();
        await page.waitForURL(/\/van-ban\/den\/\d+$/);
        // The incoming document's page (its heading names its arrival number) shows the subject.
        await page.getByRole('heading', { level: 1, name: /^Văn bản đến số \d+$/ }).waitFor();
        await page.getByRole('main').getByText(LETTER.subject).first().waitFor();
        await page.getByText(LETTER.number).first().waitFor();
        await screenshot(page, 'mail-intake-registered-document');

        // Back on the message: what it became, and the way to it.
        await page.goBack();
        await page.getByRole('heading', { level: 1, name: LETTER.subject }).waitFor();
        await page.getByRole('link', { name: 'Mở văn bản đến đã vào sổ' }).waitFor();
        await page.getByText('Vào sổ bởi vanthu.snv', { exact: false }).waitFor();
        assert.equal(await page.getByRole('region', { name: 'Vào sổ văn bản đến' }).count(), 0);
        assert.deepEqual(scriptErrors(errors), []);
      });
      const detail = await clerk.get('/mail/intake?state=registered');
      assert.equal(detail.body.items.length, 1);
      const registered = detail.body.items[0];
      const incoming = await clerk.get(`/documents/incoming/${registered.documentId}`);
      assert.equal(incoming.status, 200, incoming.text);
    });

    test('on a 360 px phone the clerk discards the advertisement with a reason', async () => {
      const { page, errors } = narrow;
      errors.length = 0;
      await withFailureScreenshot(page, 'mail-intake-discard', async () => {
        await login(page, app.baseUrl, 'vanthu.snv');
        await page.goto(`${app.baseUrl}/van-ban/tiep-nhan?nguon=thu-dien-tu`);
        const link = page.getByRole('link', { name: SPAM.subject });
        await link.waitFor();
        assert.equal(await noHorizontalScroll(page), true, 'the list at 360 px');
        await checkA11y(page, 'e-mail reception list at 360 px');
        await screenshot(page, 'mail-intake-list-narrow', { fullPage: true });
        await link.click();
        await page.getByRole('heading', { level: 1, name: SPAM.subject }).waitFor();
        assert.equal(await noHorizontalScroll(page), true, 'the message at 360 px');
        await checkA11y(page, 'e-mail message at 360 px');
        await screenshot(page, 'mail-intake-message-narrow');

        const discard = page.getByRole('region', { name: 'Loại bỏ thư' });
        await discard.getByRole('button', { name: 'Loại bỏ', exact: true }).click();
        await discard.getByText('Vui lòng ghi lý do.').waitFor();
        await discard
          .getByLabel('Lý do', { exact: true })
          .fill('Thư quảng cáo, không phải văn bản');
        await discard.getByRole('button', { name: 'Loại bỏ', exact: true }).click();
        await page.getByText('Đã loại bỏ thư.').waitFor();
        await page.getByText('Thư đã bị loại bỏ').waitFor();
        await page.getByText('Lý do: Thư quảng cáo, không phải văn bản').waitFor();
        await discard.waitFor({ state: 'detached' });
        assert.equal(await noHorizontalScroll(page), true, 'the discarded message at 360 px');
        await checkA11y(page, 'discarded e-mail message at 360 px');
        await screenshot(page, 'mail-intake-discarded-narrow', { fullPage: true });

        // Nothing waits any more; the discarded one is listed under its filter.
        await page.getByRole('link', { name: 'Quay lại văn bản đến qua thư điện tử' }).click();
        await page.getByRole('heading', { level: 1, name: 'Văn bản chờ tiếp nhận' }).waitFor();
        await page.getByText('Khi có thư gửi đến hộp thư công vụ', { exact: false }).waitFor();
        // antd's button-style radios hide their input: the label is what a person clicks.
        await page.locator('label.ant-radio-button-wrapper', { hasText: 'Đã loại bỏ' }).click();
        // The filter lives in the address: the radio is checked once the URL has changed.
        await page.waitForURL(/tinh-trang=discarded/);
        await page
          .getByRole('radio', { name: 'Đã loại bỏ', checked: true })
          .waitFor({ state: 'attached' });
        await page.getByRole('link', { name: SPAM.subject }).waitFor();
        assert.deepEqual(scriptErrors(errors), []);
      });
      const list = await clerk.get('/mail/intake');
      assert.equal(list.body.waiting, 0);
    });
  },
);

describe(
  'documents received by e-mail with e-mail off',
  { skip: skip ?? false, timeout: 600_000 },
  () => {
    let app;
    let browser;

    before(async () => {
      app = await startApp();
      browser = await launchBrowser();
    });

    after(async () => {
      await browser?.close();
      await app?.stop();
    });

    test('the reception page has no e-mail tab; an address asking for it says e-mail is off', async () => {
      const { page, errors } = browser;
      errors.length = 0;
      await withFailureScreenshot(page, 'mail-intake-off', async () => {
        await login(page, app.baseUrl, 'vanthu.snv');
        await page.goto(`${app.baseUrl}/van-ban/tiep-nhan`);
        await settle(page);
        await page.getByRole('tab', { name: /Qua trục liên thông/ }).waitFor();
        assert.equal(await page.getByRole('tab', { name: /Qua thư điện tử/ }).count(), 0);

        await page.goto(`${app.baseUrl}/van-ban/tiep-nhan?nguon=thu-dien-tu`);
        await page.getByTestId('mail-intake-off').waitFor();
        assert.equal(
          await page.getByRole('tab', { name: /Qua thư điện tử/ }).getAttribute('aria-selected'),
          'true',
        );
        await page.getByText('Chưa bật nhận văn bản qua thư điện tử').waitFor();
        await checkA11y(page, 'e-mail tab with e-mail off');
        assert.deepEqual(scriptErrors(errors), []);
      });
    });
  },
);
