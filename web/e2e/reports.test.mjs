// Reports in the browser (issue 11 item 5): a leader of Sở Nội vụ opens "Báo cáo, thống kê" from
// the navigation, sees the chart (ECharts, loaded with the page) and the table with its totals,
// groups by person, and downloads the table as .xlsx; the page is usable on a 390 px phone. A
// clerk prints the incoming register from its page as PDF. The server runs with the demo month of
// documents; axe-core runs on the page and the dialog.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  login,
  missingPrerequisite,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { expectNoAxeViolations, noHorizontalScroll } from './support/page-checks.mjs';

const skip = missingPrerequisite();
const PHONE = { width: 390, height: 844 };

// The 401 of the session check before login shows as a console error.
const scriptErrors = (errors) => errors.filter((error) => !/status of 401/.test(error));

describe('reports and printed registers', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app;

  before(async () => {
    app = await startApp({ documents: true });
  });
  after(async () => {
    await app?.stop();
  });

  test('a leader sees the chart and the table and downloads them as .xlsx', async () => {
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'reports-leader', async () => {
        await login(page, app.baseUrl, 'lanhdao.snv');
        const nav = page.getByRole('navigation', { name: /^(Điều hướng chính|Main navigation)$/ });
        await nav.getByRole('link', { name: 'Báo cáo, thống kê', exact: true }).click();
        const main = page.getByRole('main');
        await main.getByRole('heading', { level: 1, name: 'Báo cáo, thống kê văn bản' }).waitFor();
        const chart = main.getByTestId('statistics-chart');
        await chart.locator('svg').first().waitFor();
        assert.match((await chart.getAttribute('aria-label')) ?? '', /^Biểu đồ cột: \d+ nhóm/);
        const table = main.locator('.ant-table');
        await table.getByText('Tổng cộng').waitFor();
        await table.getByRole('columnheader', { name: 'Đang xử lý quá hạn' }).waitFor();
        await expectNoAxeViolations(page, 'reports page');
        await screenshot(page, 'reports-page');

        // By person: the people of the demo month are rows.
        await main.getByText('Cán bộ', { exact: true }).click();
        await table.getByRole('columnheader', { name: 'Cán bộ' }).waitFor();
        await table.locator('tbody tr.ant-table-row').first().waitFor();

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          main.getByRole('button', { name: 'Tải Excel (.xlsx)' }).click(),
        ]);
        assert.match(download.suggestedFilename(), /\.xlsx$/);
        const file = await download.path();
        assert.equal(readFileSync(file).subarray(0, 2).toString(), 'PK');
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await browser.close();
    }
  });

  test('the reports page is usable on a 390 px phone', async () => {
    const browser = await launchBrowser({ viewport: PHONE, touch: true });
    const { page } = browser;
    try {
      await withFailureScreenshot(page, 'reports-phone', async () => {
        await login(page, app.baseUrl, 'lanhdao.snv');
        await page.goto(`${app.baseUrl}/bao-cao`);
        const main = page.getByRole('main');
        await main.getByTestId('statistics-chart').locator('svg').first().waitFor();
        await main.locator('.ant-table').getByText('Tổng cộng').waitFor();
        assert.ok(await noHorizontalScroll(page), 'no sideways scrolling of the page');
        // The filters fit the screen (the period picker is the widest).
        const picker = await main.locator('.ant-picker-range').boundingBox();
        assert.ok(picker && picker.x + picker.width <= PHONE.width + 1, JSON.stringify(picker));
        await screenshot(page, 'reports-phone', { fullPage: true });
      });
    } finally {
      await browser.close();
    }
  });

  test('a clerk prints the incoming register as PDF', async () => {
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'reports-register-pdf', async () => {
        await login(page, app.baseUrl, 'vanthu.snv');
        await page.goto(`${app.baseUrl}/van-ban/den`);
        const main = page.getByRole('main');
        await main.getByRole('button', { name: 'In sổ' }).click();
        const dialog = page.getByRole('dialog', { name: 'In sổ đăng ký văn bản' });
        await dialog.waitFor();
        await dialog.getByText('Sổ văn bản đến', { exact: true }).waitFor();
        await expectNoAxeViolations(page, 'register export dialog');
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          dialog.getByRole('button', { name: 'Tải về' }).click(),
        ]);
        assert.match(download.suggestedFilename(), /^Sổ văn bản đến .*\.pdf$/);
        const bytes = readFileSync(await download.path());
        assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await browser.close();
    }
  });
});
