// The staff shell: the account menu in the header (change password, log out on every device
// after a confirmation, log out) on a desktop and a phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  login,
  missingPrerequisite,
  openAccountMenu,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';

const skip = missingPrerequisite();
const PHONE = { width: 390, height: 844 };

describe('staff shell: account menu', { skip: skip ?? false, timeout: 240_000 }, () => {
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

  test('the account menu holds the account actions; the header has no logout button', async () => {
    const { page } = browser;
    await withFailureScreenshot(page, 'account-menu', async () => {
      await login(page, app.baseUrl, 'chuyenvien.snv');
      const banner = page.getByRole('banner');
      assert.equal(await banner.getByRole('button', { name: /Đăng xuất/ }).count(), 0);
      const trigger = banner.getByRole('button', { name: /^Tài khoản: / });
      assert.equal(await trigger.getAttribute('aria-haspopup'), 'menu');
      assert.equal(await trigger.getAttribute('aria-expanded'), 'false');
      const menu = await openAccountMenu(page);
      assert.equal(await trigger.getAttribute('aria-expanded'), 'true');
      const items = (await menu.getByRole('menuitem').allInnerTexts()).map((text) => text.trim());
      assert.deepEqual(items, ['Đổi mật khẩu', 'Đăng xuất khỏi mọi thiết bị', 'Đăng xuất']);
      await screenshot(page, 'account-menu-desktop');

      // "Đổi mật khẩu" goes to the change-password page.
      await menu.getByRole('menuitem', { name: 'Đổi mật khẩu' }).click();
      await page.waitForURL(/\/doi-mat-khau$/);

      // English: the same menu in English.
      await page.goto(`${app.baseUrl}/`);
      await page.getByText('EN', { exact: true }).click();
      const english = await openAccountMenu(page);
      const englishItems = (await english.getByRole('menuitem').allInnerTexts()).map((text) =>
        text.trim(),
      );
      assert.deepEqual(englishItems, ['Change password', 'Log out on every device', 'Log out']);
      await page.keyboard.press('Escape');
      await page.getByText('VI', { exact: true }).click();
    });
  });

  test('log out on every device asks first, then ends the other sessions too', async () => {
    const { page } = browser;
    const other = await launchBrowser();
    try {
      await withFailureScreenshot(page, 'logout-everywhere', async () => {
        await login(page, app.baseUrl, 'lanhdao.snv');
        await login(other.page, app.baseUrl, 'lanhdao.snv');

        // Cancelling the confirmation keeps every session.
        let menu = await openAccountMenu(page);
        await menu.getByRole('menuitem', { name: 'Đăng xuất khỏi mọi thiết bị' }).click();
        const dialog = page.getByRole('dialog', { name: 'Đăng xuất khỏi mọi thiết bị?' });
        await dialog.waitFor();
        await screenshot(page, 'logout-everywhere-confirm');
        await dialog.getByRole('button', { name: 'Hủy' }).click();
        await dialog.waitFor({ state: 'hidden' });
        await page.reload();
        await page.getByRole('main').getByRole('heading', { level: 1 }).waitFor();
        assert.doesNotMatch(page.url(), /\/login/);

        // Confirming ends this session and the one in the other browser.
        menu = await openAccountMenu(page);
        await menu.getByRole('menuitem', { name: 'Đăng xuất khỏi mọi thiết bị' }).click();
        await dialog.waitFor();
        await dialog.getByRole('button', { name: 'Đăng xuất khỏi mọi thiết bị' }).click();
        await page.waitForURL(/\/login$/);
        await other.page.reload();
        await other.page.waitForURL(/\/login/);
      });
    } finally {
      await other.close();
    }
  });

  test('on a phone the account menu is the person icon in the header', async () => {
    const phone = await launchBrowser({ viewport: PHONE });
    try {
      const { page } = phone;
      await login(page, app.baseUrl, 'vanthu.ubnd');
      const menu = await openAccountMenu(page);
      const items = (await menu.getByRole('menuitem').allInnerTexts()).map((text) => text.trim());
      assert.deepEqual(items, ['Đổi mật khẩu', 'Đăng xuất khỏi mọi thiết bị', 'Đăng xuất']);
      await screenshot(page, 'account-menu-phone');
      await menu.getByRole('menuitem', { name: 'Đăng xuất', exact: true }).click();
      await page.waitForURL(/\/login$/);
    } finally {
      await phone.close();
    }
  });
});
