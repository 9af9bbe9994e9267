// The import of past documents in the browser (issue 11 item 6): the admin opens "Nhập văn bản
// cũ" from the navigation, chooses a small ZIP package (a CSV list with Vietnamese headers and
// the PDF it names), runs it dry (the report says what would be imported), imports it (the
// progress bar follows the job to the end, the row report lists the document), and then finds
// the imported document through the header's search box. A package with a bad row shows the
// problem with its row and column. axe-core runs on the page on the way.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { axeViolations } from './support/a11y.mjs';
import {
  eventually,
  launchBrowser,
  login,
  missingPrerequisite,
  REPO_ROOT,
  startApp,
  withFailureScreenshot,
  networkSettled,
} from './support/browser.mjs';

const skip = missingPrerequisite();
const SUBJECT = 'Về việc chỉnh lý hồ sơ lưu trữ phông Sở Nội vụ giai đoạn cũ';

function csv(rows) {
  return (
    '\uFEFF' +
    [
      'Chiều,Mã cơ quan,Số ký hiệu,Ngày ban hành,Cơ quan ban hành,Trích yếu,Người ký,Tệp',
      ...rows,
    ].join('\r\n') +
    '\r\n'
  );
}

async function settle(page) {
  await page.getByRole('main').getByRole('heading', { level: 1 }).first().waitFor();
  await networkSettled(page);
}

describe('the import of past documents', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app;
  let dir;
  let goodZip;
  let badZip;

  before(async () => {
    app = await startApp();
    const { makeZip } = await import(path.join(REPO_ROOT, 'tests', 'support', 'zip.mjs'));
    const { minimalPdf } = await import(path.join(REPO_ROOT, 'tests', 'support', 'pki.mjs'));
    dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-e2e-import-'));
    goodZip = path.join(dir, 'van-ban-cu.zip');
    writeFileSync(
      goodZip,
      makeZip({
        'documents.csv': csv([
          `đến,000.00.01.H01,321/QĐ-UBND,2022-08-15,UBND tỉnh Kiên Giang,${SUBJECT},Nguyễn Văn Cũ,tep/321.pdf`,
        ]),
        'tep/321.pdf': minimalPdf('321/QD-UBND'),
      }),
    );
    badZip = path.join(dir, 'loi.zip');
    writeFileSync(
      badZip,
      makeZip({
        'documents.csv': csv(['đến,000.00.01.H01,322/QĐ-UBND,2022-08-16,UBND tỉnh,,,']),
      }),
    );
  });

  after(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('an admin imports a ZIP with progress and a report, then finds the document', async () => {
    const browser = await launchBrowser();
    const { page } = browser;
    try {
      await withFailureScreenshot(page, 'import', async () => {
        await login(page, app.baseUrl, 'admin');
        const nav = page.getByRole('navigation', { name: /^(Điều hướng chính|Main navigation)$/ });
        await nav.getByRole('link', { name: 'Nhập văn bản cũ', exact: true }).click();
        await page.waitForURL((url) => url.pathname === '/quan-tri/nhap-van-ban');
        const main = page.getByRole('main');
        await main
          .getByRole('heading', { level: 1, name: 'Nhập văn bản từ hệ thống cũ' })
          .waitFor();
        await settle(page);
        assert.deepEqual(await axeViolations(page), [], 'import page');

        // Nothing chosen: the page says so.
        await main.getByRole('button', { name: 'Nhập văn bản' }).click();
        await main.getByText('Hãy chọn một tệp ZIP, CSV hoặc JSON.').waitFor();

        // A dry run: the report says what would be imported, nothing is written.
        await main.locator('input[type=file]').setInputFiles(goodZip);
        await main.getByTestId('import-file-name').getByText('van-ban-cu.zip').waitFor();
        await main.getByRole('button', { name: 'Chạy thử' }).click();
        await main.getByText(/Chạy thử xong: 1 dòng sẽ được nhập/).waitFor({ timeout: 120_000 });
        await main.getByTestId('import-rows').getByText('Sẽ nhập').waitFor();

        // The import: the progress bar follows the job to its end.
        await main.getByRole('button', { name: 'Nhập văn bản' }).click();
        await main.getByRole('progressbar', { name: 'Tiến độ nhập' }).waitFor();
        await main.getByText(/Đã nhập 1 văn bản/).waitFor({ timeout: 120_000 });
        const rows = main.getByTestId('import-rows');
        await rows.getByText('321/QĐ-UBND').waitFor();
        await rows.getByText('Đã nhập', { exact: true }).waitFor();
        assert.equal(
          await main
            .getByRole('progressbar', { name: 'Tiến độ nhập' })
            .getAttribute('aria-valuenow'),
          '100',
        );
        assert.deepEqual(await axeViolations(page), [], 'import page with its report');

        // Again: nothing is doubled.
        await main.getByRole('button', { name: 'Nhập văn bản' }).click();
        await main.getByText(/Đã nhập 0 văn bản, bỏ qua 1 dòng/).waitFor({ timeout: 120_000 });
        await rows.getByText('Đã nhập từ trước').waitFor();

        // A bad row: the problem with its row and column, nothing written.
        await main.locator('input[type=file]').setInputFiles(badZip);
        await main.getByRole('button', { name: 'Nhập văn bản' }).click();
        const problems = main.getByTestId('import-problems');
        await problems.waitFor({ timeout: 120_000 });
        const problem = problems.locator('tbody tr').filter({ hasText: 'subject' });
        await problem.getByText('2', { exact: true }).waitFor();
        await main.getByText(/không ghi văn bản nào của tệp này/).waitFor();
      });

      // The imported document through the header's search box (indexed about a second after
      // its commit: searched again within a generous ceiling).
      await login(page, app.baseUrl, 'vanthu.snv');
      const found = await eventually(
        async () => {
          await page.goto(`${app.baseUrl}/`);
          const box = page.getByRole('banner').getByRole('search', { name: 'Tìm văn bản' });
          await box.getByLabel('Tìm văn bản').fill('chinh ly ho so luu tru phong');
          await box.getByLabel('Tìm văn bản').press('Enter');
          await page.waitForURL((url) => url.pathname === '/tim-kiem');
          const main = page.getByRole('main');
          // The answer, found or not, replaces "Đang tìm…" in the results' heading.
          await main
            .getByTestId('search-total')
            .getByText(/^Tìm thấy /)
            .waitFor();
          return (await main.getByRole('link', { name: SUBJECT }).count()) > 0;
        },
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      assert.ok(found, 'the imported document was never found');
    } finally {
      await browser.close();
    }
  });
});
