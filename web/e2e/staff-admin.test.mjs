// The administrator's day: sign in, add a department under UBND tỉnh An Giang, add an officer in
// it, sign out; the officer signs in and sees their name and agency in the header.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { lowContrastText, unnamedControls } from './support/a11y.mjs';
import {
  chooseOption,
  eventually,
  launchBrowser,
  login,
  logout,
  missingPrerequisite,
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
      await page
        .getByRole('banner')
        .getByRole('button', { name: 'Đăng xuất khỏi mọi thiết bị' })
        .waitFor();

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
      await other.getByRole('button', { name: 'Khóa lanhdao.rachgia' }).click();
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
      // Filter by action: only matching entries remain (the admin's login is one).
      await page.getByLabel('Hành động').fill('auth.login');
      await page.getByRole('button', { name: 'Lọc' }).click();
      const actionCells = page
        .getByRole('table', { name: 'Các bản ghi nhật ký' })
        .locator('tbody tr.ant-table-row td:nth-child(3)');
      const actions = await eventually(async () => {
        const texts = (await actionCells.allInnerTexts()).map((text) => text.trim());
        return texts.length > 0 && texts.every((action) => action === 'auth.login') && texts;
      });
      assert.ok(actions, 'only auth.login entries (the admin login among them) after filtering');

      // 5. Sign out; the officer signs in and sees their name and agency in the header.
      await logout(page);
      await login(page, app.baseUrl, OFFICER.username, OFFICER.newPassword);
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
      await logout(page);

      // After logout the workspace sends people back to the login page.
      await page.goto(`${app.baseUrl}/admin/agencies`);
      await page.waitForURL(/\/login\?next=%2Fadmin%2Fagencies$/);

      assert.deepEqual(
        errors.filter((error) => !/status of (401|409|422)/.test(error)),
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
      assert.match(await rejected.innerText(), /^2\b/);
      await screenshot(page, 'import-rejected');
      await dialog.getByRole('button', { name: 'Đóng', exact: true }).last().click();
      await page.reload();
      await page.getByRole('row').filter({ hasText: '000.00.00.H01' }).first().waitFor();
      assert.equal(await page.getByRole('row').filter({ hasText: '000.00.33.H01' }).count(), 0);
      await logout(page);
    });
  });
});
