// The notification bell (issue 10, item 5) in the staff header: notices created with
// `cqdt notify send` show as an unread count on a button that says it, the panel lists them in
// the page's language with Vietnam time, following a notice goes to its link and marks it read,
// "Đánh dấu đã đọc tất cả" clears the count, and a person without notices is told what will
// appear there. The open panel passes the accessibility checks.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { axeViolations, unnamedControls } from './support/a11y.mjs';
import {
  eventually,
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';

const skip =
  missingPrerequisite() ?? (process.env.CQDT_E2E_BASE_URL ? 'needs its own server' : null);

describe('notification bell', { skip: skip ?? false, timeout: 300_000 }, () => {
  let app;
  let browser;
  let send;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    const { runCli, sqliteUrl } = await harness();
    const db = ['--db', sqliteUrl(path.join(app.dataDir, 'cqdt.db')), '--data-dir', app.dataDir];
    let n = 0;
    send = (user, vi, en, link) => {
      n += 1;
      const r = runCli([
        'notify',
        'send',
        '--user',
        user,
        '--kind',
        'documents.assigned',
        '--text-vi',
        vi,
        '--text-en',
        en,
        '--entity-type',
        'documents.document',
        '--entity-id',
        `e2e-${n}`,
        ...(link ? ['--link', link] : []),
        ...db,
      ]);
      assert.equal(r.code, 0, `notify send: ${r.stdout}\n${r.stderr}`);
    };
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  const bell = (page, name) => page.getByRole('banner').getByRole('button', { name });

  test('the bell counts, lists, follows a link and marks read', async () => {
    const { page } = browser;
    await withFailureScreenshot(page, 'notification-bell', async () => {
      send(
        'chuyenvien.snv',
        'Văn bản 05/QĐ-UBND được giao cho bạn xử lý.',
        'Document 05/QĐ-UBND was assigned to you.',
        '/ky-so',
      );
      send(
        'chuyenvien.snv',
        'Hệ thống bảo trì lúc 20:00 tối nay.',
        'Maintenance tonight at 20:00.',
      );
      await login(page, app.baseUrl, 'chuyenvien.snv');
      const button = bell(page, 'Thông báo (2 chưa đọc)');
      await button.waitFor();
      assert.equal(await button.getAttribute('aria-expanded'), 'false');
      await button.click();

      const panel = page.getByRole('dialog', { name: 'Thông báo' });
      await panel.waitFor();
      const list = panel.getByRole('list', { name: 'Các thông báo mới nhất' });
      const items = list.getByRole('listitem');
      assert.equal(await items.count(), 2);
      // Newest first; unread ones say so to screen readers; times in Vietnam time, labelled.
      assert.match(await items.nth(0).innerText(), /Hệ thống bảo trì lúc 20:00 tối nay\./);
      assert.match(await items.nth(1).innerText(), /Chưa đọc:\s*Văn bản 05\/QĐ-UBND/);
      assert.match(await items.nth(1).innerText(), /\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d/);
      await panel.getByText('Thời gian theo giờ Việt Nam (UTC+7).').waitFor();
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(await unnamedControls(page), []);
      await screenshot(page, 'notification-bell-open');

      // Following a notice goes to its link and marks it read.
      await list.getByRole('link', { name: /Văn bản 05\/QĐ-UBND/ }).click();
      await page.waitForURL(/\/ky-so$/);
      await bell(page, 'Thông báo (1 chưa đọc)').waitFor();

      // "Đánh dấu đã đọc tất cả" clears the count.
      await bell(page, 'Thông báo (1 chưa đọc)').click();
      await panel.waitFor();
      const markAll = panel.getByRole('button', { name: 'Đánh dấu đã đọc tất cả' });
      await markAll.click();
      await bell(page, 'Thông báo (0 chưa đọc)').waitFor();
      assert.ok(
        await eventually(() => markAll.isDisabled()),
        'nothing left to mark: the button is disabled',
      );
      // The list re-renders after the count: wait for it rather than read it at once.
      assert.ok(
        await eventually(async () => (await list.locator('.cqdt-notice--unread').count()) === 0),
        'no notice left unread in the list',
      );
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden' });
    });
  });

  test('the texts follow the page language', async () => {
    const { page } = browser;
    await withFailureScreenshot(page, 'notification-bell-en', async () => {
      send(
        'chuyenvien.snv',
        'Văn bản 07/UBND-VP sắp đến hạn xử lý.',
        'Document 07/UBND-VP is nearly due.',
        '/ky-so',
      );
      await login(page, app.baseUrl, 'chuyenvien.snv');
      await bell(page, 'Thông báo (1 chưa đọc)').waitFor();
      await page.getByRole('banner').getByText('EN', { exact: true }).click();
      await bell(page, 'Notifications (1 unread)').click();
      const panel = page.getByRole('dialog', { name: 'Notifications' });
      await panel.getByText('Document 07/UBND-VP is nearly due.').waitFor();
      await panel.getByText('Maintenance tonight at 20:00.').waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('banner').getByText('VI', { exact: true }).click();
      await bell(page, 'Thông báo (1 chưa đọc)').waitFor();
    });
  });

  test('a person without notices is told what will appear there', async () => {
    const { page } = browser;
    await withFailureScreenshot(page, 'notification-bell-empty', async () => {
      await login(page, app.baseUrl, 'vanthu.ubnd');
      await bell(page, 'Thông báo (0 chưa đọc)').click();
      const panel = page.getByRole('dialog', { name: 'Thông báo' });
      await panel
        .getByText(/Bạn chưa có thông báo nào\. Khi có văn bản được giao cho bạn/)
        .waitFor();
      assert.ok(await panel.getByRole('button', { name: 'Đánh dấu đã đọc tất cả' }).isDisabled());
      assert.deepEqual(await axeViolations(page), []);
    });
  });
});
