// Findings of the outside review on the agency, user and audit pages (issue 8): searches fold
// Vietnamese, the 2025 lineage is shown with links and edited with the server's checks, a code
// outside its parent's is a warning, import messages speak the official's language and
// re-importing an export changes nothing, and the audit viewer shows labels, names and
// Vietnam time (UTC+7) even in a browser set to another zone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { lowContrastText, unnamedControls } from './support/a11y.mjs';
import {
  chooseOption,
  eventually,
  launchBrowser,
  login,
  missingPrerequisite,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';

const skip = missingPrerequisite();

/** dd/MM/yyyy HH:mm:ss in Vietnam time, computed here independently of the page. */
function vietnamTime(iso) {
  const d = new Date(Date.parse(iso) + 7 * 3600 * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return (
    `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
  );
}

describe(
  'agencies, users and audit: review findings',
  { skip: skip ?? false, timeout: 300_000 },
  () => {
    let app;
    let browser;

    before(async () => {
      app = await startApp();
      // A browser in New York: times must still be shown in Vietnam time.
      browser = await launchBrowser({ timezoneId: 'America/New_York' });
    });

    after(async () => {
      await browser?.close();
      await app?.stop();
    });

    const tableRows = (page, name) =>
      page.getByRole('table', { name }).locator('tbody tr.ant-table-row');

    async function search(page, label, text) {
      const box = page.getByRole('searchbox', { name: label });
      await box.fill(text);
      await box.press('Enter');
      // The table spins from the Enter until the answer replaces the list it still shows: wait
      // for that, so that the next click does not land on rows being replaced.
      await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
    }

    test('agency and user searches ignore tones and case', async () => {
      const { page } = browser;
      await withFailureScreenshot(page, 'search-folding', async () => {
        await login(page, app.baseUrl, 'admin');
        await page.goto(`${app.baseUrl}/admin/agencies`);
        await page.getByRole('heading', { level: 1, name: 'Cơ quan, đơn vị' }).waitFor();
        const agencies = tableRows(page, 'Danh sách cơ quan');
        for (const q of ['noi vu', 'NỘI VỤ']) {
          await search(page, 'Tìm theo mã, tên cơ quan', q);
          const names = await eventually(async () => {
            const texts = await agencies.allInnerTexts();
            return texts.length === 1 && texts[0].includes('Sở Nội vụ tỉnh An Giang') && texts;
          });
          assert.ok(names, `"${q}" finds exactly Sở Nội vụ`);
        }
        await search(page, 'Tìm theo mã, tên cơ quan', 'khong co co quan nay');
        await page.getByText('Không có cơ quan nào khớp từ khóa.').waitFor();

        await page.goto(`${app.baseUrl}/admin/users`);
        await page.getByRole('heading', { level: 1, name: 'Người dùng' }).waitFor();
        await search(page, 'Tìm theo tên, tên đăng nhập, thư điện tử', 'pham');
        const users = tableRows(page, 'Danh sách người dùng');
        const found = await eventually(async () => {
          const texts = await users.allInnerTexts();
          return texts.length === 1 && texts[0].includes('Phạm Minh Khang') && texts;
        });
        assert.ok(found, '"pham" finds Phạm Minh Khang');
        assert.deepEqual(await unnamedControls(page), [], 'users: every control is named');
      });
    });

    test('lineage: shown with links, edited in the form, loops refused; code warning', async () => {
      const { page } = browser;
      await withFailureScreenshot(page, 'lineage', async () => {
        await page.goto(`${app.baseUrl}/admin/agencies`);
        const table = page.getByRole('table', { name: 'Danh sách cơ quan' });
        await table.waitFor();
        await page.getByRole('columnheader', { name: 'Sáp nhập vào / Tách từ' }).waitFor();
        // UBND đặc khu Phú Quốc was split from UBND thành phố Phú Quốc (ended 30/06/2025).
        await search(page, 'Tìm theo mã, tên cơ quan', 'dac khu phu quoc');
        const zone = table.getByRole('row').filter({ hasText: 'Ủy ban nhân dân đặc khu Phú Quốc' });
        const link = zone.getByRole('link', { name: 'Ủy ban nhân dân thành phố Phú Quốc' });
        await link.waitFor();
        assert.match(await zone.innerText(), /Tách từ: Ủy ban nhân dân thành phố Phú Quốc/);
        await link.click();
        await page.waitForURL(/\?agency=\d+$/);
        // The former city is shown although it is no longer in force, with where it went.
        const city = table.getByRole('row').filter({ hasText: '000.00.20.H33' });
        await city.waitFor();
        assert.match(await city.innerText(), /Sáp nhập vào: Ủy ban nhân dân tỉnh An Giang/);
        assert.equal(await page.getByLabel('Gồm cả cơ quan đã hết hiệu lực').isChecked(), true);
        await screenshot(page, 'agencies-lineage');

        // Edit UBND tỉnh An Giang: "merged into" UBND tỉnh Kiên Giang would close a loop (Kiên Giang
        // was merged into An Giang); the server refuses it on the field.
        await page.goto(`${app.baseUrl}/admin/agencies`);
        await search(page, 'Tìm theo mã, tên cơ quan', '000.00.00.H01');
        await table.getByRole('button', { name: 'Sửa: Ủy ban nhân dân tỉnh An Giang' }).click();
        const form = page.getByRole('dialog', { name: 'Sửa cơ quan' });
        await form.waitFor();
        await chooseOption(page, 'Sáp nhập vào', 'Ủy ban nhân dân tỉnh Kiên Giang', {
          search: 'kien giang',
        });
        assert.deepEqual(await unnamedControls(page), [], 'agency form: every control is named');
        await form.getByRole('button', { name: 'Lưu' }).click();
        await form.getByText('tạo thành vòng lặp').first().waitFor();
        assert.equal(await form.getByLabel('Sáp nhập vào').getAttribute('aria-invalid'), 'true');
        await form.getByRole('button', { name: 'Hủy' }).click();
        await form.waitFor({ state: 'hidden' });

        // A new agency whose code is not under its parent's: a warning in the form, then saved.
        await page.getByRole('button', { name: 'Thêm cơ quan' }).click();
        const add = page.getByRole('dialog', { name: 'Thêm cơ quan' });
        await add.waitFor();
        await add.getByLabel('Mã định danh').fill('000.00.05.H10');
        await add.getByLabel('Tên cơ quan').fill('Chi cục mang mã tỉnh khác');
        await add.getByLabel('Tên viết tắt').fill('CCMK');
        await chooseOption(page, 'Loại cơ quan', 'Khác');
        await chooseOption(page, 'Cơ quan cấp trên', 'Ủy ban nhân dân tỉnh An Giang', {
          search: 'uy ban nhan dan tinh an',
        });
        const warning = add.getByTestId('code-warning');
        await warning.waitFor();
        assert.match(
          await warning.innerText(),
          /000\.00\.05\.H10 không thuộc nhánh mã .*000\.00\.00\.H01/,
        );
        assert.deepEqual(await lowContrastText(page), [], 'agency form: text contrast');
        await add.getByRole('button', { name: 'Lưu' }).click();
        await page.getByText('Đã thêm cơ quan Chi cục mang mã tỉnh khác.').waitFor();
        // The server's warning is repeated once saved.
        await page.locator('.ant-message').getByText('không thuộc nhánh mã').first().waitFor();
      });
    });

    test('import: messages by label, file line numbers, and re-importing an export changes nothing', async () => {
      const { page } = browser;
      await withFailureScreenshot(page, 'import-upsert', async () => {
        await page.goto(`${app.baseUrl}/admin/agencies`);
        await page.getByRole('button', { name: 'Nhập từ tệp' }).click();
        const dialog = page.getByRole('dialog', { name: 'Nhập danh mục cơ quan từ tệp' });
        await dialog.waitFor();
        // Updating is the default way of importing.
        assert.equal(
          await dialog
            .getByLabel('Thêm mới và cập nhật (theo mã định danh và ngày hiệu lực)')
            .isChecked(),
          true,
        );
        const bad = [
          'code,name,shortName,kind,parentCode,validFrom',
          '000.00.71.H01,Sở Thử Ngày,STN,department,000.00.00.H01,2025-07-01',
          '000.00.72.H01,Sở Ngày Lạ,SNL,department,000.00.00.H01,2025-13-01',
        ].join('\r\n');
        await dialog.locator('input[type=file]').setInputFiles({
          name: 'ngay-sai.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(bad),
        });
        await dialog.getByRole('button', { name: 'Nhập', exact: true }).click();
        const rejected = dialog
          .getByRole('table', { name: 'Các dòng bị từ chối' })
          .getByRole('row')
          .filter({ hasText: '000.00.72.H01' });
        await rejected.waitFor();
        const text = await rejected.innerText();
        assert.match(text, /^3\b/, 'the third line of the file is row 3');
        assert.match(text, /Hiệu lực từ ngày:.*ngày không hợp lệ/s);
        assert.doesNotMatch(text, /validFrom|YYYY-MM-DD/);

        // The directory as exported, imported back: nothing changes.
        const exported = await page.request.get(`${app.baseUrl}/api/v1/agencies/export?format=csv`);
        assert.equal(exported.status(), 200);
        await dialog.locator('input[type=file]').setInputFiles({
          name: 'co-quan.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(await exported.body()),
        });
        await dialog.getByRole('button', { name: 'Nhập', exact: true }).click();
        await dialog
          .getByText(/^Không có gì thay đổi: \d+ dòng giống hệt dữ liệu hiện có\.$/)
          .waitFor();
        const results = dialog.getByRole('table', { name: 'Kết quả từng dòng' });
        await results.getByText('Không thay đổi').first().waitFor();
        assert.equal(await results.getByText('Thêm mới').count(), 0);
        assert.deepEqual(await unnamedControls(page), [], 'import dialog: every control is named');
        assert.deepEqual(await lowContrastText(page), [], 'import dialog: text contrast');
        await screenshot(page, 'import-unchanged');
        await dialog.getByRole('button', { name: 'Đóng', exact: true }).last().click();
      });
    });

    test('audit viewer: labels, names, folded action filter, Vietnam time labelled', async () => {
      const { page } = browser;
      await withFailureScreenshot(page, 'audit-labels', async () => {
        // Lock an account from the user list: the button's words are the log's words.
        await page.goto(`${app.baseUrl}/admin/users`);
        const row = page.getByRole('row').filter({ hasText: 'motcua.phuquoc' });
        await row.getByRole('button', { name: 'Khóa tài khoản motcua.phuquoc' }).click();
        await page.getByRole('tooltip').getByRole('button', { name: 'Có' }).click();
        await page.getByText('Đã khóa tài khoản.').waitFor();

        await page.goto(`${app.baseUrl}/admin/audit`);
        await page.getByRole('heading', { level: 1, name: 'Nhật ký hệ thống' }).waitFor();
        await page.getByRole('columnheader', { name: 'Thời điểm (giờ Việt Nam, UTC+7)' }).waitFor();
        // "khoa tai" (no tones) finds the action by its label.
        await chooseOption(page, 'Hành động', 'Khóa tài khoản', { search: 'khoa tai' });
        await page.getByRole('button', { name: 'Lọc' }).click();
        const entries = tableRows(page, 'Các bản ghi nhật ký');
        const first = await eventually(async () => {
          const texts = await entries.allInnerTexts();
          return texts.length === 1 && texts[0].includes('motcua.phuquoc') && texts[0];
        });
        assert.ok(first, 'one lock entry, naming the account');
        assert.match(first, /Khóa tài khoản/);
        assert.match(first, /Người dùng/);
        assert.doesNotMatch(first, /user\.disable|vô hiệu hóa/);

        // The time is Vietnam time although this browser runs on New York time.
        const api = await page.request.get(`${app.baseUrl}/api/v1/audit?action=user.disable`);
        const [entry] = (await api.json()).items;
        const cell = entries.first().locator('td').first();
        assert.equal((await cell.innerText()).trim(), vietnamTime(entry.at));
        assert.deepEqual(await unnamedControls(page), [], 'audit: every control is named');
        assert.deepEqual(await lowContrastText(page), [], 'audit: text contrast');
        await screenshot(page, 'audit-labels');
      });
    });
  },
);
