// Official e-mail in the browser (issue 15): cqdt runs with e-mail on, sending through a real SMTP
// server on loopback (tests/support/smtp-sink.mjs: STARTTLS, AUTH; each message parsed). The
// administrator edits a template (the live preview shows the text, an unknown placeholder shows
// under its field, saves, restores the default), sends a test e-mail that the sink receives,
// saves an account with a password that never comes back into the page, and sends a failed
// notice again from the outbox; an official and a citizen each turn a kind of notice off (the
// citizen on a 360 px phone, where the kinds the law requires stay on). With e-mail off, the
// pages say so. axe-core runs on every page and state met.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  chooseOption,
  citizenLogin,
  eventually,
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  openAccountMenu,
  REPO_ROOT,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { checkA11y } from './support/documents.mjs';
import { noHorizontalScroll } from './support/page-checks.mjs';

const SINK = path.join(REPO_ROOT, 'tests', 'support', 'smtp-sink.mjs');
const { missingSmtpSink, startSmtpSink } = await import(SINK);
// The server must be started here with e-mail on: a server started by hand cannot be used.
const skip =
  missingPrerequisite() ??
  missingSmtpSink() ??
  (process.env.CQDT_E2E_BASE_URL ? 'needs its own server (e-mail on)' : null);

const NARROW = { width: 360, height: 780 };
const SINK_PASSWORD = 'Sink#Giao-Dien-2026';
const FROM = 'thongbao@angiang.gov.vn';
const ACCOUNT = {
  fromAddress: 'vanphong@angiang.gov.vn',
  fromName: 'Văn phòng UBND tỉnh An Giang',
};
const CHUYENVIEN = 'chuyenvien.snv@demo.angiang.gov.vn';
const RECEIVED = 'Hồ sơ đã được tiếp nhận'; // the onestop.received template's name
const DEFAULT_SUBJECT = 'Hồ sơ{{#code}} {{code}}{{/code}} đã được tiếp nhận';

// Chromium reports the answers the pages expect (401 before login, 409, 422 of a preview with an
// unknown placeholder, 503 with e-mail off) as console errors; anything else is a script error.
// axe-core's attempt to run inside the preview's frame is refused by the sandbox, as it must be.
const scriptErrors = (errors) =>
  errors.filter(
    (error) =>
      !/status of (401|409|422|503)/.test(error) &&
      !/Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/.test(
        error,
      ),
  );

describe(
  'official e-mail: accounts, test e-mail, outbox, templates, choices',
  {
    skip: skip ?? false,
    timeout: 900_000,
  },
  () => {
    let sink;
    let app;
    let desktop;
    let narrow;
    let admin;
    let h;
    let seq = 0;

    before(async () => {
      sink = await startSmtpSink({ tls: 'starttls', auth: { user: 'cqdt', pass: SINK_PASSWORD } });
      app = await startApp({
        env: {
          CQDT_MAIL_ENABLED: '1',
          CQDT_MAIL_SMTP_HOST: '127.0.0.1',
          CQDT_MAIL_SMTP_PORT: String(sink.port),
          CQDT_MAIL_SMTP_TLS: 'starttls',
          CQDT_MAIL_SMTP_USERNAME: 'cqdt',
          CQDT_MAIL_SMTP_PASSWORD: SINK_PASSWORD,
          CQDT_MAIL_CA_FILE: sink.caPath,
          CQDT_MAIL_FROM_ADDRESS: FROM,
          CQDT_MAIL_FROM_NAME: 'UBND tỉnh An Giang',
          CQDT_MAIL_RETRY_SECONDS: '1',
        },
      });
      h = await harness();
      admin = await h.loggedIn(app.baseUrl, 'admin');
      desktop = await launchBrowser();
      narrow = await launchBrowser({ viewport: NARROW, touch: true });
    });

    after(async () => {
      await desktop?.close();
      await narrow?.close();
      await app?.stop();
      await sink?.close();
    });

    /** Writes a notice to `user` through the outbox every module writes to; returns its marker. */
    function notice(user, kind = 'documents.assigned') {
      const marker = `E2E${process.pid}x${++seq}`;
      const r = h.runCli([
        'notify',
        'send',
        '--db',
        h.sqliteUrl(path.join(app.dataDir, 'cqdt.db')),
        '--data-dir',
        app.dataDir,
        '--user',
        user,
        '--kind',
        kind,
        '--text-vi',
        `Văn bản thử nghiệm giao diện — mã ${marker}`,
        '--text-en',
        `Browser test notice ${marker}`,
        '--dedup-key',
        marker,
      ]);
      assert.equal(r.code, 0, `notify send: ${r.stdout}\n${r.stderr}`);
      return marker;
    }

    const arrived = (probe) => eventually(() => sink.messages.find(probe) ?? null);
    const outboxItem = async (marker, state) => {
      const r = await admin.get(`/admin/notifications?limit=100&state=${state}`);
      assert.equal(r.status, 200, r.text);
      return r.body.items.find((i) => i.text.includes(marker)) ?? null;
    };

    async function openSection(page, name) {
      await page
        .getByRole('navigation', { name: 'Các mục quản trị thư điện tử' })
        .getByRole('link', { name })
        .click();
      await page.getByRole('heading', { level: 2, name }).waitFor();
    }

    test('the admin edits a template: live preview, an unknown placeholder, save, reset', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'mail-template', async () => {
        await login(page, app.baseUrl, 'admin');
        await page
          .getByRole('navigation', { name: 'Điều hướng chính' })
          .getByRole('link', { name: 'Thư điện tử', exact: true })
          .click();
        await page.getByRole('heading', { level: 1, name: 'Thư điện tử công vụ' }).waitFor();
        await page.getByRole('heading', { level: 2, name: 'Tài khoản gửi/nhận thư' }).waitFor();
        assert.match(await page.title(), /^Tài khoản gửi\/nhận thư – Thư điện tử công vụ – /);
        await checkA11y(page, 'mail accounts');

        await openSection(page, 'Mẫu thư');
        await page.waitForURL(/\/admin\/thu-dien-tu\/mau-thu$/);
        await page.getByRole('table').getByText('onestop.received', { exact: true }).waitFor();
        await checkA11y(page, 'mail templates');

        await page.getByRole('button', { name: `Sửa mẫu thư ${RECEIVED}` }).click();
        const editor = page.getByRole('dialog', { name: `Mẫu thư: ${RECEIVED}` });
        await editor.waitFor();
        // The preview of the stored template, built by the server with sample values.
        await editor.getByTestId('preview-text').filter({ hasText: 'Nguyễn Văn An' }).waitFor();
        assert.equal(await editor.getByLabel('Tiêu đề (tiếng Việt)').inputValue(), DEFAULT_SUBJECT);

        // An edit shows in the preview while typing: the subject, the text and the HTML.
        await editor.getByLabel('Tiêu đề (tiếng Việt)').fill('Hồ sơ {{code}} đã vào sổ tiếp nhận');
        await editor
          .getByLabel('Nội dung (tiếng Việt)')
          .fill('Kính gửi {{recipientName}},\n\n{{text}}\n\nMã hồ sơ: {{code}}. Bản sửa thử.');
        await editor.getByTestId('preview-text').filter({ hasText: 'Bản sửa thử.' }).waitFor();
        await editor
          .getByTestId('preview-subject')
          .filter({ hasText: 'Hồ sơ 000.00.12.H01-261202-0001 đã vào sổ tiếp nhận' })
          .waitFor();
        const frame = editor.locator('iframe');
        assert.equal(await frame.getAttribute('sandbox'), '', 'the e-mail is sandboxed');
        assert.match(await frame.getAttribute('srcdoc'), /Bản sửa thử\./);
        await editor.frameLocator('iframe').getByText('Bản sửa thử.', { exact: false }).waitFor();
        await checkA11y(page, 'template editor with its preview');
        await screenshot(page, 'mail-template-editor');

        // A placeholder the server does not know: its message under the field, the preview stale.
        await editor
          .getByLabel('Nội dung (tiếng Anh)')
          .fill('Dear {{recipientName}},\n{{khongCo}}');
        const unknown = editor
          .locator('.ant-form-item')
          .filter({ has: page.getByLabel('Nội dung (tiếng Anh)') })
          .locator('.ant-form-item-explain-error')
          .filter({ hasText: 'khongCo' });
        await unknown.waitFor();
        await editor.getByTestId('preview-stale').waitFor();
        await checkA11y(page, 'template editor with a field error');
        // Saving is refused the same way.
        await editor.getByRole('button', { name: 'Lưu', exact: true }).click();
        await unknown.waitFor();

        await editor
          .getByLabel('Nội dung (tiếng Anh)')
          .fill('Dear {{recipientName}},\n\n{{textEn}}\n\nDossier {{code}}. Edited.');
        await unknown.waitFor({ state: 'detached' });
        await editor.getByTestId('preview-text').filter({ hasText: 'Edited.' }).waitFor();
        await editor.getByRole('button', { name: 'Lưu', exact: true }).click();
        await page.getByText('Đã lưu mẫu thư.').waitFor();
        await editor.getByTestId('template-customised').waitFor();
        const saved = await admin.get('/mail/templates/onestop.received');
        assert.equal(saved.body.subjectVi, 'Hồ sơ {{code}} đã vào sổ tiếp nhận');
        assert.equal(saved.body.customised, true);
        await editor.getByRole('button', { name: 'Đóng', exact: true }).last().click();
        await editor.waitFor({ state: 'hidden' });
        const row = page.getByRole('row').filter({ hasText: 'onestop.received' });
        await row.getByText('Đã sửa', { exact: true }).waitFor();

        // Back to the shipped default, after a confirmation.
        await page.getByRole('button', { name: `Sửa mẫu thư ${RECEIVED}` }).click();
        await editor.waitFor();
        await editor.getByRole('button', { name: 'Khôi phục mặc định' }).click();
        const confirm = page.getByRole('dialog', { name: 'Khôi phục mẫu thư mặc định?' });
        await confirm.waitFor();
        await checkA11y(page, 'reset confirmation');
        await confirm.getByRole('button', { name: 'Khôi phục mặc định' }).click();
        await page.getByText('Đã khôi phục mẫu mặc định.').waitFor();
        await editor.getByTestId('template-default').waitFor();
        assert.equal(await editor.getByLabel('Tiêu đề (tiếng Việt)').inputValue(), DEFAULT_SUBJECT);
        const reset = await admin.get('/mail/templates/onestop.received');
        assert.equal(reset.body.customised, false);
        await editor.getByRole('button', { name: 'Đóng', exact: true }).last().click();
        await editor.waitFor({ state: 'hidden' });
        await row.getByText('Mặc định', { exact: true }).waitFor();
        assert.deepEqual(scriptErrors(errors), []);
      });
    });

    test('the test e-mail goes through the configured server and arrives', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'mail-test', async () => {
        await page.goto(`${app.baseUrl}/admin/thu-dien-tu`);
        await page.getByRole('heading', { level: 2, name: 'Tài khoản gửi/nhận thư' }).waitFor();
        await page.getByRole('main').getByRole('button', { name: 'Gửi thư thử' }).click();
        const dialog = page.getByRole('dialog', { name: 'Gửi thư thử' });
        await dialog.waitFor();
        await dialog.getByRole('button', { name: 'Gửi thư thử' }).click();
        await dialog.getByText('Vui lòng nhập địa chỉ thư điện tử hợp lệ.').waitFor();
        await dialog.getByLabel('Địa chỉ nhận thư thử').fill('kiemtra.giaodien@example.vn');
        await dialog.getByRole('button', { name: 'Gửi thư thử' }).click();
        const outcome = dialog.getByTestId('mail-test-outcome');
        await outcome.getByText('Máy chủ thư đã nhận thư thử').waitFor();
        await outcome.getByText('Mã trả lời: 250').waitFor();
        await checkA11y(page, 'test e-mail sent');
        await screenshot(page, 'mail-test-sent');
        const m = await arrived((x) => x.envelope.rcptTo.includes('kiemtra.giaodien@example.vn'));
        assert.ok(m, 'the sink received the test e-mail');
        assert.equal(m.envelope.mailFrom, FROM);
        assert.equal(m.secure, true, 'STARTTLS was used');
        assert.match(m.parsed.subject, /Thư thử nghiệm/);
        await dialog.getByRole('button', { name: 'Đóng', exact: true }).last().click();
        await dialog.waitFor({ state: 'hidden' });
        assert.deepEqual(scriptErrors(errors), []);
      });
    });

    test('an account saved with a password: the password never comes back into the page', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'mail-account', async () => {
        await page.goto(`${app.baseUrl}/admin/thu-dien-tu`);
        await page.getByRole('button', { name: 'Thêm tài khoản' }).click();
        const drawer = page.getByRole('dialog', { name: 'Thêm tài khoản thư điện tử' });
        await drawer.waitFor();
        // Empty: the form names what is missing, under each field.
        await drawer.getByRole('button', { name: 'Lưu', exact: true }).click();
        await drawer.getByText('Vui lòng nhập địa chỉ gửi thư hợp lệ.').waitFor();
        await drawer.getByText('Vui lòng nhập tên người gửi.').waitFor();
        await checkA11y(page, 'account form with errors');

        await drawer.getByLabel('Địa chỉ gửi thư', { exact: true }).fill(ACCOUNT.fromAddress);
        await drawer.getByLabel('Tên người gửi', { exact: true }).fill(ACCOUNT.fromName);
        await drawer.getByLabel('Máy chủ SMTP', { exact: true }).fill('127.0.0.1');
        await drawer.getByLabel('Cổng SMTP', { exact: true }).fill(String(sink.port));
        await drawer.getByRole('radio', { name: /^STARTTLS/ }).check();
        await drawer.getByLabel('Tên đăng nhập SMTP', { exact: true }).fill('cqdt');
        await drawer.getByLabel('Mật khẩu SMTP', { exact: true }).fill(SINK_PASSWORD);
        await drawer.getByRole('button', { name: 'Lưu', exact: true }).click();
        await page.getByText('Đã lưu tài khoản.').waitFor();
        await drawer.waitFor({ state: 'hidden' });

        const row = page.getByRole('row').filter({ hasText: 'Mặc định cho mọi cơ quan' });
        await row.getByText(ACCOUNT.fromAddress).waitFor();
        await row.getByText('Đã lưu mật khẩu').waitFor();
        const leaks = async (where) => {
          const html = await page.content();
          assert.equal(html.includes(SINK_PASSWORD), false, `${where}: the password in the page`);
          const values = await page
            .locator('input')
            .evaluateAll((inputs) => inputs.map((i) => i.value));
          assert.equal(values.includes(SINK_PASSWORD), false, `${where}: in a field`);
        };
        await leaks('after saving');
        await checkA11y(page, 'accounts with one');

        // Editing shows that a password is stored, never the password; a new one can be typed.
        await row
          .getByRole('button', { name: 'Sửa tài khoản của Mặc định cho mọi cơ quan' })
          .click();
        const edit = page.getByRole('dialog', {
          name: 'Tài khoản thư điện tử: Mặc định cho mọi cơ quan',
        });
        await edit.waitFor();
        await edit.getByTestId('smtpPassword-stored').getByText('Đã lưu mật khẩu').waitFor();
        assert.equal(await edit.locator('input[type="password"]').count(), 0);
        await leaks('the edit form');
        await checkA11y(page, 'account form, password stored');
        await edit.getByTestId('smtpPassword-stored').scrollIntoViewIfNeeded();
        await screenshot(page, 'mail-account-edit');
        await edit.getByRole('button', { name: 'Thay mật khẩu' }).click();
        assert.equal(await edit.getByLabel('Mật khẩu SMTP mới', { exact: true }).inputValue(), '');
        await edit.getByRole('button', { name: 'Hủy', exact: true }).click();
        await edit.waitFor({ state: 'hidden' });
        await page.reload();
        await row.getByText('Đã lưu mật khẩu').waitFor();
        await leaks('after a reload');
        // The API never sends it either.
        const list = await admin.get('/mail/accounts');
        assert.equal(list.text.includes(SINK_PASSWORD), false);

        // The stored account (its password decrypted by the server) sends the test e-mail.
        await row
          .getByRole('button', { name: 'Gửi thư thử qua tài khoản của Mặc định cho mọi cơ quan' })
          .click();
        const dialog = page.getByRole('dialog', { name: 'Gửi thư thử' });
        await dialog.getByLabel('Địa chỉ nhận thư thử').fill('taikhoan.luu@example.vn');
        await dialog.getByRole('button', { name: 'Gửi thư thử' }).click();
        await dialog.getByText('Máy chủ thư đã nhận thư thử').waitFor();
        const m = await arrived((x) => x.envelope.rcptTo.includes('taikhoan.luu@example.vn'));
        assert.equal(m.envelope.mailFrom, ACCOUNT.fromAddress);
        assert.equal(m.user, 'cqdt', 'AUTH with the stored password');
        await dialog.getByRole('button', { name: 'Đóng', exact: true }).last().click();
        await dialog.waitFor({ state: 'hidden' });

        // On a phone: the same page, nothing wider than the screen.
        await login(narrow.page, app.baseUrl, 'admin');
        await narrow.page.goto(`${app.baseUrl}/admin/thu-dien-tu`);
        await narrow.page.getByText(ACCOUNT.fromAddress).first().waitFor();
        assert.equal(await noHorizontalScroll(narrow.page), true, 'accounts at 360 px');
        await checkA11y(narrow.page, 'accounts at 360 px');
        await screenshot(narrow.page, 'mail-accounts-360');
        assert.deepEqual(scriptErrors(errors), []);
      });
    });

    test('the outbox: a refused e-mail shows its error and is sent again', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'mail-outbox', async () => {
        sink.failRecipient(CHUYENVIEN, { at: 'rcpt', code: 550, times: 1 });
        const marker = notice('chuyenvien.snv');
        const failed = await eventually(() => outboxItem(marker, 'failed'));
        assert.ok(failed, 'the notice failed');

        await page.goto(`${app.baseUrl}/admin/thu-dien-tu`);
        await openSection(page, 'Hộp thư đi');
        await page.waitForURL(/\/admin\/thu-dien-tu\/hop-thu-di$/);
        const failedCount = page.getByTestId('mail-count-failed');
        // The counts show "–" while they load: wait for the number, not for the element.
        const failedShown = await eventually(
          async () => Number((await failedCount.innerText()).replace(/\D/g, '') || 0) >= 1,
          { timeoutMs: 120_000, intervalMs: 250 },
        );
        assert.ok(failedShown, 'the failed count shows the refused e-mail');
        await chooseOption(page, 'Trạng thái gửi', 'Gửi lỗi');
        const row = page.getByRole('row').filter({ hasText: marker });
        await row.getByText(/Lỗi gần nhất: .*550/).waitFor();
        await checkA11y(page, 'outbox, failed');
        await screenshot(page, 'mail-outbox-failed');
        await row.getByRole('button', { name: `Gửi lại thư của thông báo #${failed.id}` }).click();
        await page.getByText(`Thông báo #${failed.id} đã được đưa lại vào hàng chờ gửi.`).waitFor();
        const m = await arrived((x) => x.parsed.text?.includes(marker));
        assert.deepEqual(m.envelope.rcptTo, [CHUYENVIEN]);
        const sent = await eventually(() => outboxItem(marker, 'sent'));
        assert.ok(sent, 'the notice is sent');
        // The old link of the outbox lands on the same section.
        await page.goto(`${app.baseUrl}/admin/thong-bao`);
        await page.waitForURL(/\/admin\/thu-dien-tu\/hop-thu-di$/);
        await page.getByRole('heading', { level: 2, name: 'Hộp thư đi' }).waitFor();
        assert.deepEqual(scriptErrors(errors), []);
      });
    });

    test('an official turns a notice off: it is no longer e-mailed', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'mail-preferences-staff', async () => {
        await login(page, app.baseUrl, 'vanthu.snv');
        const menu = await openAccountMenu(page);
        await menu.getByRole('menuitem', { name: 'Thông báo qua thư điện tử' }).click();
        await page.waitForURL(/\/thong-bao-thu-dien-tu$/);
        await page.getByRole('heading', { level: 1, name: 'Thông báo qua thư điện tử' }).waitFor();
        const assigned = page.getByRole('switch', { name: 'Văn bản được giao xử lý' });
        assert.equal(await assigned.getAttribute('aria-checked'), 'true');
        await checkA11y(page, 'staff e-mail choices');
        await assigned.click();
        assert.equal(await assigned.getAttribute('aria-checked'), 'false');
        await page.getByRole('button', { name: 'Lưu lựa chọn' }).click();
        await page.getByText('Đã lưu lựa chọn nhận thông báo.').waitFor();
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Thông báo qua thư điện tử' }).waitFor();
        await page.getByRole('switch', { name: 'Văn bản được giao xử lý' }).waitFor();
        assert.equal(
          await page
            .getByRole('switch', { name: 'Văn bản được giao xử lý' })
            .getAttribute('aria-checked'),
          'false',
        );
        await screenshot(page, 'mail-preferences-staff');
        // The next such notice still reaches the system, but no e-mail goes.
        const marker = notice('vanthu.snv');
        const skipped = await eventually(() => outboxItem(marker, 'skipped'));
        assert.ok(skipped, 'the notice was not e-mailed');
        assert.equal(sink.messages.filter((m) => m.parsed.text?.includes(marker)).length, 0);
        assert.deepEqual(scriptErrors(errors), []);
      });
    });

    test('a citizen on a phone: required notices stay on, another is turned off', async () => {
      const { page, errors } = narrow;
      errors.length = 0;
      await withFailureScreenshot(page, 'mail-preferences-citizen', async () => {
        await page.context().clearCookies();
        await citizenLogin(page, app.baseUrl);
        await page.getByRole('banner').getByRole('link', { name: 'Thông báo qua thư' }).click();
        await page.waitForURL(/\/portal\/thong-bao-thu-dien-tu$/);
        await page.getByRole('heading', { level: 1, name: 'Thông báo qua thư điện tử' }).waitFor();
        const required = page.getByRole('switch', { name: RECEIVED });
        await required.waitFor();
        assert.equal(await required.getAttribute('aria-checked'), 'true');
        assert.equal(await required.isDisabled(), true, 'a required notice cannot be turned off');
        await page
          .getByRole('listitem')
          .filter({ has: required })
          .getByText('Bắt buộc theo quy định')
          .waitFor();
        assert.equal(await noHorizontalScroll(page), true, 'the choices at 360 px');
        await checkA11y(page, 'citizen e-mail choices at 360 px');
        await screenshot(page, 'mail-preferences-citizen-360', { fullPage: true });

        const fees = page.getByRole('switch', { name: 'Đã nhận phí, lệ phí' });
        await fees.click();
        await page.getByRole('button', { name: 'Lưu lựa chọn' }).click();
        await page.getByText('Đã lưu lựa chọn nhận thông báo.').waitFor();
        await page.reload();
        await page.getByRole('switch', { name: 'Đã nhận phí, lệ phí' }).waitFor();
        assert.equal(
          await page
            .getByRole('switch', { name: 'Đã nhận phí, lệ phí' })
            .getAttribute('aria-checked'),
          'false',
        );
        assert.equal(
          await page.getByRole('switch', { name: RECEIVED }).getAttribute('aria-checked'),
          'true',
        );
        assert.deepEqual(scriptErrors(errors), []);
      });
    });
  },
);

describe('official e-mail turned off', { skip: skip ?? false, timeout: 300_000 }, () => {
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

  test('the pages say that e-mail is not turned on; the outbox still lists the notices', async () => {
    const { page, errors } = browser;
    await withFailureScreenshot(page, 'mail-off', async () => {
      await login(page, app.baseUrl, 'admin');
      for (const [address, heading] of [
        ['/admin/thu-dien-tu', 'Tài khoản gửi/nhận thư'],
        ['/admin/thu-dien-tu/mau-thu', 'Mẫu thư'],
        ['/admin/thu-dien-tu/hop-thu-di', 'Hộp thư đi'],
      ]) {
        await page.goto(`${app.baseUrl}${address}`);
        await page.getByRole('heading', { level: 2, name: heading }).waitFor();
        await page
          .getByTestId('mail-off')
          .getByText('Chức năng thư điện tử chưa được bật')
          .waitFor();
      }
      // The outbox is the notices': still there, with its filters.
      await page.getByRole('table', { name: 'Các thông báo' }).waitFor();
      await checkA11y(page, 'outbox with e-mail off');
      await page.goto(`${app.baseUrl}/thong-bao-thu-dien-tu`);
      await page.getByTestId('mail-off').waitFor();
      await checkA11y(page, 'choices with e-mail off');
      assert.deepEqual(scriptErrors(errors), []);
    });
  });
});
