// The administrator's day: sign in, add a department under UBND tỉnh An Giang, add an officer in
// it, reset the officer's password, sign out; the officer signs in, must first choose a password
// of their own (the administrator chose the other), then sees their name and agency in the header.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
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
  eventually,
  launchBrowser,
  login,
  logout,
  missingPrerequisite,
  openAccountMenu,
  REPO_ROOT,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';

const skip = missingPrerequisite();

const AGENCY = {
  code: '000.00.31.H01',
  name: 'Sở Chuyển đổi số tỉnh An Giang',
  shortName: 'SCĐS',
  parent: 'Ủy ban nhân dân tỉnh An Giang', // as the demo data names UBND tỉnh An Giang
};
const OFFICER = {
  username: 'e2e.chuyenvien',
  fullName: 'Trần Thị Kiểm Thử',
  email: 'kiemthu@angiang.gov.vn',
  password: 'KiemThu@2026-e2e',
  newPassword: 'DoiMatKhau2026-e2e',
  // The officer's own, chosen at the first sign-in after the reset.
  ownPassword: 'ba cây tre đứng cạnh bờ ao',
};

describe('staff workspace: agencies and users', { skip: skip ?? false, timeout: 900_000 }, () => {
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

  test('admin creates an agency and an officer; the officer signs in', async () => {
    const { page, errors } = browser;
    await withFailureScreenshot(page, 'staff-admin', async () => {
      // 1. The admin signs in and sees the admin menu.
      await login(page, app.baseUrl, 'admin');
      await page.getByTestId('header-user').waitFor();
      const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
      for (const item of ['Trang chủ', 'Cơ quan', 'Người dùng', 'Nhật ký']) {
        await nav.getByRole('link', { name: item }).waitFor();
      }
      // Logging out everywhere is an item of the account menu, not a button in the header.
      assert.equal(
        await page
          .getByRole('banner')
          .getByRole('button', { name: /Đăng xuất/ })
          .count(),
        0,
      );
      const accountMenu = await openAccountMenu(page);
      const items = (await accountMenu.getByRole('menuitem').allInnerTexts()).map((text) =>
        text.trim(),
      );
      assert.deepEqual(items, [
        'Đổi mật khẩu',
        'Thông báo qua thư điện tử',
        'Hướng dẫn sử dụng',
        'Đăng xuất khỏi mọi thiết bị',
        'Đăng xuất',
      ]);
      await page.keyboard.press('Escape');
      await accountMenu.waitFor({ state: 'hidden' });

      // 2. Agencies: the tree and the table; add a department under the province.
      await nav.getByRole('link', { name: 'Cơ quan' }).click();
      await page.getByRole('heading', { level: 1, name: 'Cơ quan, đơn vị' }).waitFor();
      assert.match(await page.title(), /^Cơ quan, đơn vị – /);
      await page.getByRole('tree').getByText(AGENCY.parent).first().waitFor();
      await page.getByRole('button', { name: 'Thêm cơ quan' }).click();
      const agencyForm = page.getByRole('dialog', { name: 'Thêm cơ quan' });
      await agencyForm.waitFor();
      await agencyForm.getByLabel('Mã định danh').fill(AGENCY.code);
      await agencyForm.getByLabel('Tên cơ quan').fill(AGENCY.name);
      await agencyForm.getByLabel('Tên viết tắt').fill(AGENCY.shortName);
      await chooseOption(page, 'Loại cơ quan', 'Sở, ban, ngành');
      await chooseOption(page, 'Cơ quan cấp trên', AGENCY.parent, {
        search: 'Ủy ban nhân dân tỉnh',
      });
      await agencyForm.getByLabel('Thư điện tử').fill('scds@angiang.gov.vn');
      assert.deepEqual(await unnamedControls(page), [], 'agency form: every control is named');
      await agencyForm.getByRole('button', { name: 'Lưu' }).click();
      await page.getByText(`Đã thêm cơ quan ${AGENCY.name}.`).waitFor();
      await agencyForm.waitFor({ state: 'hidden' });
      const agencyRow = page.getByRole('row').filter({ hasText: AGENCY.code });
      await agencyRow.waitFor();
      assert.match(await agencyRow.innerText(), /Sở, ban, ngành/);
      // The new agency sits under the province in the tree.
      await page.getByRole('tree').getByText(AGENCY.name).first().waitFor();
      await page.getByRole('button', { name: 'Hiện tất cả' }).click();
      assert.deepEqual(await lowContrastText(page), [], 'agencies: text contrast');
      await screenshot(page, 'agencies-desktop');
      if (process.env.CQDT_UPDATE_DOCS_SCREENSHOT) {
        // For the README: the screen as it opens, without the "added" toast.
        await page.reload();
        await page.getByRole('row').filter({ hasText: AGENCY.code }).waitFor();
        await page.getByRole('tree').getByText(AGENCY.parent).first().waitFor();
        await page.waitForTimeout(300);
        mkdirSync(path.join(REPO_ROOT, 'docs'), { recursive: true });
        copyFileSync(
          await screenshot(page, 'agencies-docs'),
          path.join(REPO_ROOT, 'docs', 'screenshot.png'),
        );
      }

      // The same code twice is refused, and the error sits on the code field.
      await page.getByRole('button', { name: 'Thêm cơ quan' }).click();
      await agencyForm.waitFor();
      await agencyForm.getByLabel('Mã định danh').fill(AGENCY.code);
      await agencyForm.getByLabel('Tên cơ quan').fill('Bản sao');
      await agencyForm.getByLabel('Tên viết tắt').fill('BS');
      await chooseOption(page, 'Loại cơ quan', 'Khác');
      await agencyForm.getByRole('button', { name: 'Lưu' }).click();
      await agencyForm.getByRole('alert').first().waitFor();
      const codeInvalid = await agencyForm.getByLabel('Mã định danh').getAttribute('aria-invalid');
      assert.equal(codeInvalid, 'true', 'the conflict is shown on the code field');
      await agencyForm.getByRole('button', { name: 'Hủy' }).click();
      await agencyForm.waitFor({ state: 'hidden' });

      // 3. Users: add an officer in the new agency.
      await nav.getByRole('link', { name: 'Người dùng' }).click();
      await page.getByRole('heading', { level: 1, name: 'Người dùng' }).waitFor();
      await page.getByRole('button', { name: 'Thêm người dùng' }).click();
      const userForm = page.getByRole('dialog', { name: 'Thêm người dùng' });
      await userForm.waitFor();
      await userForm.getByLabel('Tên đăng nhập').fill(OFFICER.username);
      await userForm.getByLabel('Họ và tên').fill(OFFICER.fullName);
      await userForm.getByLabel('Thư điện tử').fill(OFFICER.email);
      await chooseOption(page, 'Cơ quan', AGENCY.name, { search: 'Chuyển đổi số' });
      // "Chuyên viên" (officer) is proposed by default; make sure it is the only role.
      const roles = userForm.locator('.ant-select-selection-item');
      assert.deepEqual(
        (await roles.allInnerTexts()).map((text) => text.trim()),
        ['Chuyên viên'],
      );
      // The roles offered are people's roles: "Hệ thống" (API tokens) is not among them.
      await userForm.getByLabel('Vai trò', { exact: true }).click();
      const offered = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
      await offered.first().waitFor();
      const offeredRoles = (await offered.allInnerTexts()).map((text) => text.trim());
      assert.ok(offeredRoles.includes('Lãnh đạo'), `roles offered: ${offeredRoles}`);
      assert.ok(!offeredRoles.includes('Hệ thống'), `"Hệ thống" is not offered: ${offeredRoles}`);
      await page.keyboard.press('Escape');
      // The server's password policy answers while the password is typed, before submitting.
      await userForm.getByLabel('Mật khẩu ban đầu').fill('Password2026');
      await userForm.getByText('Mật khẩu quá phổ biến hoặc dễ đoán.', { exact: false }).waitFor();
      await userForm.getByText('Người dùng sẽ phải tự đặt mật khẩu mới').waitFor();
      await userForm.getByLabel('Mật khẩu ban đầu').fill(OFFICER.password);
      assert.deepEqual(await unnamedControls(page), [], 'user form: every control is named');
      await userForm.getByRole('button', { name: 'Lưu' }).click();
      await page.getByText(`Đã tạo người dùng ${OFFICER.username}.`).waitFor();
      await userForm.waitFor({ state: 'hidden' });
      const userRow = page.getByRole('row').filter({ hasText: OFFICER.username });
      await userRow.waitFor();
      const rowText = await userRow.innerText();
      assert.match(rowText, new RegExp(OFFICER.fullName));
      assert.match(rowText, new RegExp(AGENCY.name));
      assert.match(rowText, /Chuyên viên/);
      assert.deepEqual(await lowContrastText(page), [], 'users: text contrast');
      await screenshot(page, 'users-desktop');

      // Edit: give the officer a second role; the username and agency stay fixed.
      await userRow.getByRole('button', { name: `Sửa ${OFFICER.username}` }).click();
      const editForm = page.getByRole('dialog', { name: 'Sửa người dùng' });
      await editForm.waitFor();
      assert.equal(await editForm.getByLabel('Tên đăng nhập').isDisabled(), true);
      await chooseOption(page, 'Vai trò', 'Văn thư');
      await page.keyboard.press('Escape');
      await editForm.getByRole('button', { name: 'Lưu' }).click();
      await page.getByText('Đã lưu thông tin người dùng.').waitFor();
      await editForm.waitFor({ state: 'hidden' });
      await userRow.filter({ hasText: 'Văn thư' }).waitFor();

      // Reset password: the officer will sign in with the new one below.
      await userRow.getByRole('button', { name: `Đặt lại mật khẩu ${OFFICER.username}` }).click();
      const resetDialog = page.getByRole('dialog', {
        name: `Đặt lại mật khẩu cho ${OFFICER.username}`,
      });
      await resetDialog.getByLabel('Mật khẩu mới').fill(OFFICER.newPassword);
      await resetDialog.getByLabel('Nhập lại mật khẩu').fill(OFFICER.newPassword);
      await resetDialog.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
      await page.getByText('Đã đặt lại mật khẩu.').waitFor();

      // Disable another account: it shows as locked.
      const other = page.getByRole('row').filter({ hasText: 'lanhdao.rachgia' });
      await other.getByRole('button', { name: 'Khóa tài khoản lanhdao.rachgia' }).click();
      await page.getByRole('tooltip').getByRole('button', { name: 'Có' }).click();
      await page.getByText('Đã khóa tài khoản.').waitFor();
      await other.filter({ hasText: 'Đã khóa' }).waitFor();

      // 4. Audit trail: the entries are listed and the hash chain verifies.
      await nav.getByRole('link', { name: 'Nhật ký' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nhật ký hệ thống' }).waitFor();
      await page.getByRole('button', { name: 'Kiểm tra chuỗi băm' }).click();
      await page.getByText('Chuỗi băm toàn vẹn').waitFor();
      assert.deepEqual(await lowContrastText(page), [], 'audit: text contrast');
      await screenshot(page, 'audit-desktop');
      // Filter by action, typed without tones: only sign-ins remain (the admin's is one), by label.
      await chooseOption(page, 'Hành động', 'Đăng nhập', { search: 'dang nhap' });
      await page.getByRole('button', { name: 'Lọc' }).click();
      const actionCells = page
        .getByRole('table', { name: 'Các bản ghi nhật ký' })
        .locator('tbody tr.ant-table-row td:nth-child(3)');
      const actions = await eventually(async () => {
        const texts = (await actionCells.allInnerTexts()).map((text) => text.trim());
        return texts.length > 0 && texts.every((action) => action === 'Đăng nhập') && texts;
      });
      assert.ok(actions, 'only sign-in entries (the admin login among them) after filtering');

      // 5. Sign out; the officer signs in with the password the administrator chose and is kept
      // on the change-password page until they choose their own.
      await logout(page);
      await login(page, app.baseUrl, OFFICER.username, OFFICER.newPassword);
      await page.waitForURL(/\/doi-mat-khau$/);
      await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
      await page
        .getByTestId('password-change-required')
        .getByText('Bạn cần đặt mật khẩu mới')
        .waitFor();
      const basics = await pageBasics(page);
      assert.equal(basics.h1, 1, 'change password: one h1');
      assert.equal(basics.main, 1, 'change password: one main landmark');
      assert.deepEqual(await unnamedControls(page), [], 'change password: named controls');
      assert.deepEqual(await inputsWithoutVisibleLabel(page), [], 'change password: labels');
      assert.deepEqual(await lowContrastText(page), [], 'change password: text contrast');
      await screenshot(page, 'change-password-forced');
      // Another address of the workspace leads back here (and the server refuses the rest).
      await page.goto(`${app.baseUrl}/ky-so`);
      await page.waitForURL(/\/doi-mat-khau\?next=%2Fky-so$/);
      const forbidden = await page.evaluate(async () => (await fetch('/api/v1/agencies')).json());
      assert.equal(forbidden.type, 'urn:cqdt:problem:password-change-required');
      // Keeping the administrator's password is refused; a passphrase of one's own is taken.
      const changeForm = page.getByRole('form', { name: 'Đổi mật khẩu' });
      await changeForm.getByLabel('Mật khẩu hiện tại').fill(OFFICER.newPassword);
      await changeForm.getByLabel('Mật khẩu mới').fill(OFFICER.newPassword);
      await changeForm.getByLabel('Nhập lại mật khẩu').fill(OFFICER.newPassword);
      await changeForm.getByRole('button', { name: 'Đổi mật khẩu' }).click();
      await page.getByText('Mật khẩu mới phải khác mật khẩu hiện tại.').first().waitFor();
      await changeForm.getByLabel('Mật khẩu mới').fill(OFFICER.ownPassword);
      await changeForm.getByLabel('Nhập lại mật khẩu').fill(OFFICER.ownPassword);
      await changeForm.getByRole('button', { name: 'Đổi mật khẩu' }).click();
      await page.getByText('Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.').waitFor();
      // Back where they were going: the signing page.
      await page.waitForURL(/\/ky-so$/);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.goto(`${app.baseUrl}/`);
      const header = page.getByTestId('header-user');
      assert.match(await header.innerText(), new RegExp(OFFICER.fullName));
      assert.match(await header.innerText(), new RegExp(AGENCY.name));
      // An officer has no admin menu, and an admin address answers "no access".
      await page
        .getByRole('navigation', { name: 'Điều hướng chính' })
        .getByRole('link', { name: 'Trang chủ' })
        .waitFor();
      assert.equal(await page.getByRole('link', { name: 'Người dùng' }).count(), 0);
      await page.goto(`${app.baseUrl}/admin/users`);
      await page.getByRole('heading', { level: 1, name: 'Không có quyền truy cập' }).waitFor();
      await page.goto(`${app.baseUrl}/`);
      await page.getByTestId('header-user').waitFor();
      assert.deepEqual(await lowContrastText(page), [], 'staff home: text contrast');
      await screenshot(page, 'officer-home-desktop');
      // The change-password page is in the account menu for everyone, without the warning now.
      const menu = await openAccountMenu(page);
      await menu.getByRole('menuitem', { name: 'Đổi mật khẩu' }).click();
      await page.getByRole('heading', { level: 1, name: 'Đổi mật khẩu' }).waitFor();
      assert.equal(await page.getByTestId('password-change-required').count(), 0);
      await page.getByText('các phiên đăng nhập khác của bạn').waitFor();
      assert.deepEqual(await unnamedControls(page), [], 'change password (own): named controls');
      await logout(page);

      // After logout the workspace sends people back to the login page.
      await page.goto(`${app.baseUrl}/admin/agencies`);
      await page.waitForURL(/\/login\?next=%2Fadmin%2Fagencies$/);

      assert.deepEqual(
        // The signing page looks for the local signing agent on loopback; none runs here, so
        // Chromium logs the refused connection (expected, as in signatures.test.mjs).
        errors.filter((error) => !/status of (401|403|409|422)|ERR_CONNECTION_REFUSED/.test(error)),
        [],
        'no script errors in the browser',
      );
    });
  });

  test('staff workspace on a phone: the menu is a drawer', async () => {
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
    try {
      const { page } = phone;
      await login(page, app.baseUrl, 'admin');
      const menuButton = page.getByRole('button', { name: 'Mở menu' });
      await menuButton.waitFor();
      assert.equal(await page.getByRole('navigation', { name: 'Điều hướng chính' }).count(), 0);
      await screenshot(page, 'home-phone');
      await menuButton.click();
      const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
      await nav.getByRole('link', { name: 'Cơ quan' }).click();
      await page.getByRole('heading', { level: 1, name: 'Cơ quan, đơn vị' }).waitFor();
      await nav.waitFor({ state: 'hidden' });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `no horizontal page scrolling on a phone (overflow ${overflow}px)`);
      await screenshot(page, 'agencies-phone', { fullPage: true });
      await menuButton.click();
      await screenshot(page, 'menu-drawer-phone');
    } finally {
      await phone.close();
    }
  });

  test('agency import: a JSON file, checked first, then imported', async () => {
    const { page } = browser;
    await withFailureScreenshot(page, 'import-json', async () => {
      await login(page, app.baseUrl, 'admin');
      await page.goto(`${app.baseUrl}/admin/agencies`);
      await page.getByRole('heading', { level: 1, name: 'Cơ quan, đơn vị' }).waitFor();
      await page.getByRole('button', { name: 'Nhập từ tệp' }).click();
      const dialog = page.getByRole('dialog', { name: 'Nhập danh mục cơ quan từ tệp' });
      await dialog.waitFor();
      const items = [
        {
          code: '000.00.32.H01',
          name: 'Sở Thử nghiệm nhập tệp tỉnh An Giang',
          shortName: 'STNNT',
          kind: 'department',
          parentCode: '000.00.00.H01',
        },
      ];
      await dialog.locator('input[type=file]').setInputFiles({
        name: 'co-quan.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({ items })),
      });
      await dialog.getByText('Tệp đã chọn: co-quan.json').waitFor();
      await dialog.getByLabel('Chỉ kiểm tra, không ghi dữ liệu').check();
      await dialog.getByRole('button', { name: 'Kiểm tra' }).click();
      await dialog.getByText('Tệp hợp lệ: 1 dòng có thể nhập.').waitFor();
      await dialog.getByLabel('Chỉ kiểm tra, không ghi dữ liệu').uncheck();
      await dialog.getByRole('button', { name: 'Nhập', exact: true }).click();
      await dialog.getByText('Đã nhập 1 cơ quan.').waitFor();
      assert.deepEqual(await unnamedControls(page), [], 'import dialog: every control is named');
      await dialog.getByRole('button', { name: 'Đóng', exact: true }).last().click();
      await page.getByRole('row').filter({ hasText: '000.00.32.H01' }).waitFor();
      await logout(page);
    });
  });

  test('agency import: a CSV file with a wrong row shows the rejected rows and writes nothing', async () => {
    const { page } = browser;
    await withFailureScreenshot(page, 'import-csv', async () => {
      await login(page, app.baseUrl, 'admin');
      await page.goto(`${app.baseUrl}/admin/agencies`);
      await page.getByRole('button', { name: 'Nhập từ tệp' }).click();
      const dialog = page.getByRole('dialog', { name: 'Nhập danh mục cơ quan từ tệp' });
      await dialog.waitFor();
      const csv = [
        'code,name,shortName,kind,parentCode',
        '000.00.33.H01,"Sở Thử nghiệm CSV, tỉnh An Giang",STCSV,department,000.00.00.H01',
        'XYZ,Dòng sai,S S,nope,000.00.00.H01',
      ].join('\r\n');
      await dialog.locator('input[type=file]').setInputFiles({
        name: 'co-quan.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      await dialog.getByRole('button', { name: 'Nhập', exact: true }).click();
      await dialog.getByText('Tệp có 1 dòng lỗi, không dòng nào được nhập.').waitFor();
      const rejected = dialog.getByRole('table').getByRole('row').filter({ hasText: 'XYZ' });
      await rejected.waitFor();
      // Row 3: the header is line 1 of the file, as a spreadsheet numbers it.
      assert.match(await rejected.innerText(), /^3\b/);
      // Fields by their label, kinds by theirs: no camelCase or codes for the official.
      const reasons = await rejected.innerText();
      assert.match(reasons, /Tên viết tắt:/);
      assert.match(reasons, /Loại cơ quan:.*Sở, ban, ngành \(department\)/s);
      assert.doesNotMatch(reasons, /shortName/);
      await screenshot(page, 'import-rejected');
      await dialog.getByRole('button', { name: 'Đóng', exact: true }).last().click();
      await page.reload();
      await page.getByRole('tree').getByText('Ủy ban nhân dân tỉnh An Giang').first().waitFor();
      // The good row of the file was not written either: a search for its code finds nothing.
      await page.getByRole('searchbox', { name: 'Tìm theo mã, tên cơ quan' }).fill('000.00.33');
      await page.keyboard.press('Enter');
      await page.getByText('Không có cơ quan nào khớp từ khóa.').waitFor();
      assert.equal(await page.getByRole('row').filter({ hasText: '000.00.33.H01' }).count(), 0);
      await logout(page);
    });
  });
});
