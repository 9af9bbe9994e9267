// The first pages a person meets (staff login, citizen portal) are accessible: named controls
// with visible labels, landmarks, language, title, skip link, AA contrast; and they work on a
// phone-sized screen.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  inputsWithoutVisibleLabel,
  lowContrastText,
  pageBasics,
  unnamedControls,
} from './support/a11y.mjs';
import {
  launchBrowser,
  missingPrerequisite,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';

const skip = missingPrerequisite();

describe('login and portal pages: accessibility', { skip: skip ?? false, timeout: 900_000 }, () => {
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

  async function checkPage(page, label) {
    const basics = await pageBasics(page);
    assert.ok(basics.title.length > 0, `${label}: document.title is empty`);
    assert.equal(basics.h1, 1, `${label}: expected exactly one h1`);
    assert.equal(basics.main, 1, `${label}: expected one main landmark`);
    assert.ok(basics.banner >= 1, `${label}: expected a header (banner) landmark`);
    assert.match(basics.firstFocusable ?? '', /cqdt-skip-link/, `${label}: skip link first`);
    assert.deepEqual(await unnamedControls(page), [], `${label}: controls without a name`);
    assert.deepEqual(await inputsWithoutVisibleLabel(page), [], `${label}: inputs without label`);
    assert.deepEqual(await lowContrastText(page), [], `${label}: text below AA contrast`);
    return basics;
  }

  test('staff login page in Vietnamese, then English', async () => {
    const { page, errors } = browser;
    await page.goto(`${app.baseUrl}/login`);
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập cán bộ' }).waitFor();

    const basics = await checkPage(page, 'login (vi)');
    assert.equal(basics.lang, 'vi');
    assert.match(basics.title, /Đăng nhập cán bộ/);
    // Every input has an accessible name a screen reader announces.
    await page.getByRole('textbox', { name: 'Tên đăng nhập' }).waitFor();
    await page.getByLabel('Mật khẩu').waitFor();

    // The skip link is the first Tab stop and becomes visible when focused. (The username field
    // has autofocus: start from the top of the document as a keyboard user arriving would.)
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: 'Bỏ qua, đến nội dung chính' });
    assert.ok(await skipLink.evaluate((element) => element === document.activeElement));
    const box = await skipLink.boundingBox();
    assert.ok(box && box.y >= 0, 'skip link visible on focus');
    await screenshot(page, 'login-skip-link-focused');

    // Empty submit: errors appear under their fields and are tied to them for screen readers.
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const usernameError = page.getByText('Vui lòng nhập tên đăng nhập.');
    await usernameError.waitFor();
    const describedBy = await page
      .getByLabel('Tên đăng nhập')
      .evaluate(
        (input) =>
          `${input.getAttribute('aria-describedby') ?? ''}|${input.getAttribute('aria-invalid')}`,
      );
    assert.match(describedBy, /\|true$/, 'the field is marked aria-invalid');
    assert.deepEqual(await lowContrastText(page), [], 'error text has AA contrast');

    // Wrong password: the server's message is shown in an alert.
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('not-the-password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').filter({ hasText: 'Đăng nhập không thành công' }).waitFor();

    // English: labels, html lang and the title follow; the choice survives a reload.
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Staff sign-in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Staff sign-in' }).waitFor();
    const english = await checkPage(page, 'login (en)');
    assert.equal(english.lang, 'en');
    assert.match(english.title, /Staff sign-in/);
    await page.getByText('VI', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập cán bộ' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'vi');

    await screenshot(page, 'login-desktop');
    assert.deepEqual(
      errors.filter((error) => !/status of 40[01]/.test(error)),
      [],
      'no script errors (401s of a failed login are expected)',
    );
  });

  test('citizen portal pages', async () => {
    const { page } = browser;
    await page.goto(`${app.baseUrl}/portal`);
    await page.getByRole('heading', { level: 1, name: 'Cổng dịch vụ công' }).waitFor();
    await checkPage(page, 'portal home');
    await page.getByRole('navigation').getByRole('link', { name: 'Đăng ký' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đăng ký tài khoản công dân' }).waitFor();
    await checkPage(page, 'portal sign-up');
    // Client-side checks name the wrong field.
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill('123');
    await page.getByRole('button', { name: 'Đăng ký' }).click();
    await page.getByText('Số định danh cá nhân gồm đúng 12 chữ số.').waitFor();
    // Citizens have no "tên đăng nhập": neither the form nor its hints speak of one.
    assert.doesNotMatch(await page.getByRole('main').innerText(), /tên đăng nhập/i);
    await page.goto(`${app.baseUrl}/portal/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập công dân' }).waitFor();
    await checkPage(page, 'portal sign-in');
    // A wrong password: the message names the citizen ID number, not a "tên đăng nhập".
    await page.getByLabel('Số định danh cá nhân (CCCD)').fill('091095000123');
    await page.getByLabel('Mật khẩu').fill('khong-phai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'Đăng nhập không thành công' });
    await failed.waitFor();
    assert.match(await failed.innerText(), /Số định danh cá nhân hoặc mật khẩu không đúng/);
    assert.doesNotMatch(await page.getByRole('main').innerText(), /tên đăng nhập/i);
  });

  test('unknown address shows the 404 page', async () => {
    const { page } = browser;
    await page.goto(`${app.baseUrl}/khong-co-trang-nay`);
    await page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' }).waitFor();
    await checkPage(page, '404');
  });

  test('login page on a phone (390x844)', async () => {
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
    try {
      const { page } = phone;
      await page.goto(`${app.baseUrl}/login`);
      await page.getByRole('heading', { level: 1, name: 'Đăng nhập cán bộ' }).waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
      await checkPage(page, 'login (phone)');
      await screenshot(page, 'login-phone', { fullPage: true });
    } finally {
      await phone.close();
    }
  });

  test('a citizen signs up, signs in and out', async () => {
    const { page } = browser;
    await withFailureScreenshot(page, 'citizen', async () => {
      const citizen = {
        fullName: 'Lê Văn Dân',
        id: '089095000777',
        phone: '0912345678',
        password: 'cây bàng trước ngõ nhà tôi',
        newPassword: 'sáng nay trời mưa rất to',
      };
      await page.goto(`${app.baseUrl}/portal/sign-up`);
      await page.getByLabel('Họ và tên').fill(citizen.fullName);
      // An unknown province code gets its own reason, from the server.
      await page.getByLabel('Số định danh cá nhân (CCCD)').fill('003095000777');
      await page.getByLabel('Số điện thoại').fill(citizen.phone);
      await page.getByLabel('Mật khẩu', { exact: true }).fill('ngan');
      await page.getByLabel('Nhập lại mật khẩu').fill('ngan');
      await page.getByRole('button', { name: 'Đăng ký' }).click();
      await page.getByText('Mật khẩu phải có ít nhất 12 ký tự.').waitFor();
      // The server's policy answers while typing: a common password, then a passphrase.
      await page.getByLabel('Mật khẩu', { exact: true }).fill('Password2026');
      await page.getByText('Mật khẩu quá phổ biến hoặc dễ đoán.', { exact: false }).waitFor();
      await page.getByLabel('Mật khẩu', { exact: true }).fill(citizen.password);
      await page.getByLabel('Nhập lại mật khẩu').fill(citizen.password);
      await page.getByRole('button', { name: 'Đăng ký' }).click();
      await page
        .getByText('Mã tỉnh 003 trong số định danh cá nhân không tồn tại', { exact: false })
        .first()
        .waitFor();
      await page.getByLabel('Số định danh cá nhân (CCCD)').fill(citizen.id);
      await page.getByRole('button', { name: 'Đăng ký' }).click();
      // The same page whether or not the number had an account (the server does not say).
      await page.getByRole('heading', { level: 1, name: 'Đã nhận yêu cầu đăng ký' }).waitFor();
      await page.getByText('bộ phận một cửa', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByRole('heading', { level: 1, name: 'Đăng nhập công dân' }).waitFor();
      await page.getByLabel('Số định danh cá nhân (CCCD)').fill(citizen.id);
      await page.getByLabel('Mật khẩu').fill(citizen.password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page
        .getByRole('heading', { level: 1, name: `Xin chào, ${citizen.fullName}` })
        .waitFor();
      // A citizen cannot enter the staff workspace.
      await page.goto(`${app.baseUrl}/`);
      await page.waitForURL(/\/portal$/);
      // The citizen changes their password from the portal header.
      await page.getByRole('banner').getByRole('link', { name: 'Đổi mật khẩu' }).click();
      await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
      await checkPage(page, 'portal change password');
      const changeForm = page.getByRole('form', { name: 'Đổi mật khẩu' });
      await changeForm.getByLabel('Mật khẩu hiện tại').fill('sai mật khẩu hiện tại rồi');
      await changeForm.getByLabel('Mật khẩu mới').fill(citizen.newPassword);
      await changeForm.getByLabel('Nhập lại mật khẩu').fill(citizen.newPassword);
      await changeForm.getByRole('button', { name: 'Đổi mật khẩu' }).click();
      await page.getByText('Mật khẩu hiện tại không đúng.').first().waitFor();
      await changeForm.getByLabel('Mật khẩu hiện tại').fill(citizen.password);
      await changeForm.getByRole('button', { name: 'Đổi mật khẩu' }).click();
      await page.getByText('Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.').waitFor();
      await page.waitForURL(/\/portal$/);
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.getByRole('heading', { level: 1, name: 'Cổng dịch vụ công' }).waitFor();
    });
  });
});
