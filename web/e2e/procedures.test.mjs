// The procedure catalogue in the browser (issue 12 item 1): a counter officer finds a procedure
// by typing its name without diacritics, opens it and reads its deadlines, fees, documents and
// the "chưa xác minh" tags; on a phone the page does not scroll sideways. An admin edits the
// internal process in the step editor, sees the total go over a deadline and back, and saves a
// new version from tomorrow; the procedure's versions then list it. axe-core runs on each page.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  login,
  missingPrerequisite,
  REPO_ROOT,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { expectNoAxeViolations, noHorizontalScroll, settle } from './support/page-checks.mjs';

const skip = missingPrerequisite();
const PHONE = { width: 390, height: 844 };
const scriptErrors = (errors) => errors.filter((error) => !/status of 401/.test(error));

// Tomorrow in Vietnam (UTC+7), YYYY-MM-DD.
const tomorrow = () => new Date(Date.now() + 7 * 3600e3 + 86400e3).toISOString().slice(0, 10);

describe('procedure catalogue', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app;

  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.stop();
  });

  test('a counter officer finds a procedure without diacritics and reads it, also on a phone', async () => {
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'procedures-counter', async () => {
        await login(page, app.baseUrl, 'motcua.phuquoc');
        const nav = page.getByRole('navigation', { name: /^(Điều hướng chính|Main navigation)$/ });
        await nav.getByRole('link', { name: 'Thủ tục hành chính', exact: true }).click();
        const main = page.getByRole('main');
        await main
          .getByRole('heading', { level: 1, name: 'Danh mục thủ tục hành chính' })
          .waitFor();
        const search = main.getByRole('searchbox', { name: 'Tìm thủ tục' });
        await search.fill('chung thuc ban sao');
        await search.press('Enter');
        const link = main.getByRole('link', { name: /Chứng thực bản sao từ bản chính/ });
        await link.waitFor();
        await expectNoAxeViolations(page, 'procedure list');
        await link.click();
        await main
          .getByRole('heading', { level: 1, name: /Chứng thực bản sao từ bản chính/ })
          .waitFor();
        await main.getByRole('heading', { name: 'Cách thức thực hiện, thời hạn và phí' }).waitFor();
        await main.getByRole('heading', { name: 'Quy trình nội bộ' }).waitFor();
        assert.ok((await main.getByText('chưa xác minh').count()) > 0);
        // Only administrators edit the process.
        assert.equal(await main.getByRole('button', { name: 'Sửa quy trình nội bộ' }).count(), 0);
        await expectNoAxeViolations(page, 'procedure page');
        await page.setViewportSize(PHONE);
        await settle(page);
        // The layout settles after the resize (a busy machine reflows late): wait, then judge.
        await page
          .waitForFunction(
            () => document.documentElement.scrollWidth <= window.innerWidth + 1,
            null,
            { timeout: 60_000 },
          )
          .catch(() => {});
        assert.ok(await noHorizontalScroll(page), 'procedure page: no sideways scroll on a phone');
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await browser.close();
    }
  });

  test('an admin edits the internal process against the deadline and saves a new version', async () => {
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'procedures-editor', async () => {
        await login(page, app.baseUrl, 'admin');
        await page.goto(`${app.baseUrl}/mot-cua/thu-tuc/1.001193`);
        const main = page.getByRole('main');
        await main.getByRole('button', { name: 'Sửa quy trình nội bộ' }).click();
        await main.getByRole('heading', { level: 1, name: /^Quy trình nội bộ:/ }).waitFor();
        // Birth registration: 8 working hours in person; a longer step goes over.
        const hours = main.getByRole('spinbutton', { name: 'Số giờ của bước 2' });
        await hours.fill('40');
        await main
          .getByText(/vượt thời hạn 8 giờ làm việc/)
          .first()
          .waitFor();
        await hours.fill('3');
        await main.getByRole('button', { name: 'Đưa bước 2 lên' }).click();
        await main.getByRole('button', { name: 'Thêm bước' }).click();
        await main
          .getByRole('textbox', { name: /^Tên bước \d+$/ })
          .last()
          .fill('Lưu hồ sơ điện tử');
        await expectNoAxeViolations(page, 'process editor');
        await main.getByLabel('Hiệu lực từ ngày').fill(tomorrow());
        await main.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
        await page.waitForURL((url) => url.pathname === '/mot-cua/thu-tuc/1.001193');
        // Today the old version is in force; the new one is listed from tomorrow.
        const [y, m, d] = tomorrow().split('-');
        await main.getByText(`Phiên bản 2, hiệu lực từ ${d}/${m}/${y}`).waitFor();
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await browser.close();
    }
  });

  test('an admin uploads the form of a document; the procedure page offers it for download', async () => {
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'procedures-template', async () => {
        await login(page, app.baseUrl, 'admin');
        await page.goto(`${app.baseUrl}/mot-cua/thu-tuc/1.000894`);
        const main = page.getByRole('main');
        await main
          .getByLabel('Tải lên mẫu cho Tờ khai đăng ký kết hôn theo mẫu')
          .setInputFiles(path.join(REPO_ROOT, 'tests', 'api', 'testdata', 'outgoing-draft.docx'));
        const link = main.getByRole('link', { name: /^Tải mẫu: / });
        await link.waitFor();
        await expectNoAxeViolations(page, 'procedure with a template');
        const file = await page.request.get(
          new URL(await link.getAttribute('href'), app.baseUrl).toString(),
        );
        assert.equal(file.status(), 200);
        assert.match(file.headers()['content-disposition'], /\.docx/);
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await browser.close();
    }
  });
});
