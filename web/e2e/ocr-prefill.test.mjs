// OCR pre-fill of the incoming registration form, and the admin's page of extraction jobs
// (issue 11, item 4). The test makes a scanned PDF itself: the first page of a decision of
// UBND tỉnh An Giang rendered in Chromium, photographed as a JPEG at A4 150 dpi and wrapped in a
// PDF without a text layer (support/scanned-pdf.mjs). The clerk of Sở Nội vụ uploads it in the
// registration form: the server reads it with Tesseract in its background queue and the form
// proposes the number and the issue date (only in the fields left empty, each marked, with an
// undo). The admin opens the queue's page. axe-core runs on every page and state on the way.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  chooseOption,
  launchBrowser,
  login,
  missingPrerequisite,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { expectNoAxeViolations, noHorizontalScroll } from './support/page-checks.mjs';
import { scannedPdf } from './support/scanned-pdf.mjs';

const skip = missingPrerequisite();
const PHONE = { width: 390, height: 844 };
const CLERK = 'vanthu.snv';
const TYPED_SUBJECT = 'Trích yếu do văn thư nhập trước khi tải tệp lên';
// OCR of one page takes 1-5 s, more on a busy machine: the form itself gives up after 3 minutes.
const PROPOSAL_WAIT_MS = 200_000;

// Chromium reports the 401 of the session probe before login as a console error.
const scriptErrors = (errors) => errors.filter((error) => !/status of (401)/.test(error));

describe('OCR pre-fill and extraction jobs', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app;
  let dir;
  let scan;

  before(async () => {
    app = await startApp();
    dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-e2e-ocr-'));
    // The scan, made in a browser of its own.
    const maker = await launchBrowser();
    try {
      const { pdf } = await scannedPdf(maker.context);
      assert.ok(!pdf.includes('/Font'), 'the scan has no fonts, hence no text layer');
      scan = path.join(dir, 'quyet-dinh-125-quet.pdf');
      writeFileSync(scan, pdf);
    } finally {
      await maker.close();
    }
  });

  after(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the clerk uploads a scanned decision and the form proposes its number and date', async () => {
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'ocr-prefill-clerk', async () => {
        await login(page, app.baseUrl, CLERK);
        const main = page.getByRole('main');
        await page.goto(`${app.baseUrl}/van-ban/den/vao-so`);
        await main.getByRole('heading', { level: 1, name: 'Vào sổ văn bản đến' }).waitFor();
        const status = main.getByTestId('proposal-status');
        assert.equal(await status.getAttribute('data-phase'), 'idle');

        // The clerk typed the subject first: the proposal leaves it alone.
        const subject = main.getByLabel('Trích yếu nội dung', { exact: true });
        await subject.fill(TYPED_SUBJECT);

        await main.getByLabel('Tệp văn bản đến').setInputFiles(scan);
        const uploaded = main.getByTestId('uploaded-file');
        await uploaded.getByText('quyet-dinh-125-quet.pdf').waitFor();
        await uploaded.getByText('1 trang').waitFor();
        // Read in the background: the form says so and stays usable meanwhile.
        const phase = await status.getAttribute('data-phase');
        if (phase === 'reading') {
          await status.getByText('Đang đọc nội dung tệp để đề xuất thông tin…').waitFor();
          assert.ok(await main.getByLabel('Số, ký hiệu', { exact: true }).isEditable());
          await expectNoAxeViolations(page, 'register form, reading the file');
        }
        await page.waitForFunction(
          () =>
            ['done', 'failed', 'timeout'].includes(
              document.querySelector('[data-testid="proposal-status"]')?.dataset.phase,
            ),
          null,
          { timeout: PROPOSAL_WAIT_MS },
        );
        const settled = await status.getAttribute('data-phase');
        assert.equal(settled, 'done', `the proposal ended ${settled}: ${await status.innerText()}`);
        await status.getByText(/^Đã điền \d+ thông tin đề xuất từ nội dung tệp/).waitFor();

        // The number and the issue date, as printed on the scan, in the empty fields.
        const number = main.getByLabel('Số, ký hiệu', { exact: true });
        const issued = main.getByLabel('Ngày ban hành', { exact: true });
        assert.equal(await number.inputValue(), '125/QĐ-UBND');
        assert.equal(await issued.inputValue(), '05/03/2026');
        assert.equal(await subject.inputValue(), TYPED_SUBJECT, 'what the clerk typed is kept');
        // Each proposed field says so, in words.
        const notes = main.getByText('Đề xuất từ nội dung tệp — vui lòng kiểm tra');
        assert.ok((await notes.count()) >= 2, 'the number and the date are marked as proposed');
        const numberItem = main.locator('.ant-form-item', {
          has: page.getByLabel('Số, ký hiệu', { exact: true }),
        });
        await numberItem.getByTestId('proposed-note').waitFor();
        // The sender as printed matches an agency of the directory: it is chosen there. The
        // type comes from the heading "QUYẾT ĐỊNH".
        const senderItem = main.locator('.ant-form-item', {
          has: page.getByLabel('Cơ quan gửi', { exact: true }),
        });
        await senderItem.getByText('Ủy ban nhân dân tỉnh An Giang', { exact: true }).waitFor();
        await senderItem.getByTestId('proposed-note').waitFor();
        const typeItem = main.locator('.ant-form-item', {
          has: page.getByLabel('Loại văn bản', { exact: true }),
        });
        await typeItem.getByText(/^Quyết định/).waitFor();
        await status.getByText(/Cách đọc: .*\(OCR\)/).waitFor();
        await expectNoAxeViolations(page, 'register form, proposal filled in');
        await screenshot(page, 'ocr-prefill-proposed', { fullPage: true });

        // A changed field is the clerk's own: its mark goes.
        await number.fill('125/QĐ-UBND ');
        await numberItem.getByTestId('proposed-note').waitFor({ state: 'detached' });
        await number.fill('125/QĐ-UBND');

        // On a phone, the same form fits the screen.
        await page.setViewportSize(PHONE);
        await main.getByLabel('Ngày ban hành', { exact: true }).waitFor();
        // The layout settles after the resize (a busy machine reflows late): wait, then judge.
        await page
          .waitForFunction(
            () => document.documentElement.scrollWidth <= window.innerWidth + 1,
            null,
            { timeout: 60_000 },
          )
          .catch(() => {});
        assert.ok(await noHorizontalScroll(page), 'register form: no sideways scroll on a phone');
        await expectNoAxeViolations(page, 'register form with a proposal, phone');
        await screenshot(page, 'ocr-prefill-proposed-phone', { fullPage: true });
        await page.setViewportSize({ width: 1366, height: 900 });

        // Undo: the proposed fields are empty again; the clerk's own values stay.
        await status.getByRole('button', { name: 'Bỏ các đề xuất' }).click();
        await status.getByText('Đã bỏ các thông tin đề xuất; các ô trở lại trống.').waitFor();
        assert.equal(await issued.inputValue(), '');
        assert.equal(await number.inputValue(), '125/QĐ-UBND', 'the number had become the clerk’s');
        assert.equal(await subject.inputValue(), TYPED_SUBJECT);
        assert.equal(await notes.count(), 0, 'no field is marked as proposed any more');
        await senderItem
          .getByText('Ủy ban nhân dân tỉnh An Giang', { exact: true })
          .waitFor({ state: 'detached' });
        await expectNoAxeViolations(page, 'register form, proposals undone');
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });

  test('the admin sees the extraction jobs, failed and waiting', async () => {
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'ocr-extraction-jobs', async () => {
        await login(page, app.baseUrl, 'admin');
        const main = page.getByRole('main');
        await page.getByRole('navigation').getByRole('link', { name: 'Đọc nội dung tệp' }).click();
        await main
          .getByRole('heading', { level: 1, name: 'Đọc nội dung tệp (trích xuất văn bản, OCR)' })
          .waitFor();
        assert.match(new URL(page.url()).pathname, /^\/quan-tri\/doc-noi-dung-tep$/);
        const summary = main.getByTestId('extraction-summary');
        await summary.getByText(/\d+ việc bị lỗi, \d+ việc đang chờ\./).waitFor();
        await main.getByRole('radio', { name: /^Bị lỗi \(\d+\)$/, checked: true }).waitFor({
          state: 'attached',
        });
        await main.getByRole('table', { name: 'Các việc đọc nội dung tệp bị lỗi' }).waitFor();
        await main.getByRole('columnheader', { name: 'Dừng lúc (giờ Việt Nam)' }).waitFor();
        await expectNoAxeViolations(page, 'extraction jobs, failed');

        // The switch: antd's radio buttons hide their inputs, the label is what one clicks.
        await main.locator('label', { hasText: /^Đang chờ \(\d+\)$/ }).click();
        await main.getByRole('table', { name: 'Các việc đọc nội dung tệp đang chờ' }).waitFor();
        await main.getByRole('columnheader', { name: 'Thử lại lúc (giờ Việt Nam)' }).waitFor();
        assert.match(page.url(), /\?state=pending$/);
        await expectNoAxeViolations(page, 'extraction jobs, waiting');

        // English, through the language switch.
        await page.getByText('EN', { exact: true }).click();
        await main
          .getByRole('heading', { level: 1, name: 'File reading (text extraction, OCR)' })
          .waitFor();
        await expectNoAxeViolations(page, 'extraction jobs, English');
        await page.getByText('VI', { exact: true }).click();
        await main
          .getByRole('heading', { level: 1, name: 'Đọc nội dung tệp (trích xuất văn bản, OCR)' })
          .waitFor();

        // On a phone: a list, every field labelled, instead of a table.
        await page.setViewportSize(PHONE);
        await main
          .getByRole('list', { name: 'Các việc đọc nội dung tệp đang chờ' })
          .or(main.getByText('Không có việc nào đang chờ.'))
          .waitFor();
        // The layout settles after the resize (a busy machine reflows late): wait, then judge.
        await page
          .waitForFunction(
            () => document.documentElement.scrollWidth <= window.innerWidth + 1,
            null,
            { timeout: 60_000 },
          )
          .catch(() => {});
        assert.ok(await noHorizontalScroll(page), 'jobs page: no sideways scroll on a phone');
        await expectNoAxeViolations(page, 'extraction jobs, phone');
        await screenshot(page, 'ocr-extraction-jobs-phone', { fullPage: true });
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });
});

// The same server with its extraction thread off: jobs queue up and wait. The clerk is never held
// up by a proposal still being read; the admin sees the waiting jobs, with the document's link.
describe('extraction jobs waiting', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app;
  let dir;
  let scan;
  const SUBJECT = 'Về việc phê duyệt kế hoạch chuyển đổi số năm 2026';

  before(async () => {
    app = await startApp({ env: { CQDT_DOCUMENTS_EXTRACTION: 'false' } });
    dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-e2e-ocr-wait-'));
    const maker = await launchBrowser();
    try {
      scan = path.join(dir, 'qd-125-cho-doc.pdf');
      writeFileSync(scan, (await scannedPdf(maker.context)).pdf);
    } finally {
      await maker.close();
    }
  });

  after(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the clerk registers while the file is still being read', async () => {
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'ocr-waiting-clerk', async () => {
        await login(page, app.baseUrl, CLERK);
        const main = page.getByRole('main');
        await page.goto(`${app.baseUrl}/van-ban/den/vao-so`);
        await main.getByRole('heading', { level: 1, name: 'Vào sổ văn bản đến' }).waitFor();
        await main.getByLabel('Tệp văn bản đến').setInputFiles(scan);
        const status = main.getByTestId('proposal-status');
        await status.getByText('Đang đọc nội dung tệp để đề xuất thông tin…').waitFor();
        await chooseOption(page, 'Cơ quan gửi', 'Ủy ban nhân dân tỉnh An Giang', {
          search: 'uy ban nhan dan tinh',
        });
        await main.getByLabel('Số, ký hiệu', { exact: true }).fill('125/QĐ-UBND');
        const issued = main.getByLabel('Ngày ban hành', { exact: true });
        await issued.click();
        await issued.fill('05/03/2026');
        await issued.press('Tab');
        await main.getByLabel('Trích yếu nội dung', { exact: true }).fill(SUBJECT);
        assert.equal(await status.getAttribute('data-phase'), 'reading', 'still being read');
        await main.getByRole('button', { name: 'Vào sổ', exact: true }).click();
        await main.getByText('Đã vào sổ văn bản đến').waitFor();
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });

  test('the admin sees the waiting jobs with their document', async () => {
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'ocr-waiting-admin', async () => {
        await login(page, app.baseUrl, 'admin');
        const main = page.getByRole('main');
        await page.goto(`${app.baseUrl}/quan-tri/doc-noi-dung-tep?state=pending`);
        const table = main.getByRole('table', { name: 'Các việc đọc nội dung tệp đang chờ' });
        await table.waitFor();
        await main
          .getByTestId('extraction-summary')
          .getByText(/^0 việc bị lỗi, [1-9]\d* việc đang chờ\./)
          .waitFor();
        // The registered scan waits to be read for search, its document one click away.
        const row = table.getByRole('row').filter({ hasText: 'Đọc nội dung để tìm kiếm' });
        await row.getByText('qd-125-cho-doc.pdf').waitFor();
        await row.getByRole('link', { name: SUBJECT }).waitFor();
        await row.getByText('Đến lượt là chạy').waitFor();
        await expectNoAxeViolations(page, 'extraction jobs, waiting rows');
        await screenshot(page, 'ocr-extraction-jobs-waiting', { fullPage: true });

        await page.setViewportSize(PHONE);
        const list = main.getByRole('list', { name: 'Các việc đọc nội dung tệp đang chờ' });
        const item = list
          .getByTestId('extraction-job')
          .filter({ hasText: 'Đọc nội dung để tìm kiếm' });
        await item.getByRole('link', { name: SUBJECT }).waitFor();
        assert.ok(await noHorizontalScroll(page), 'waiting jobs: no sideways scroll on a phone');
        await expectNoAxeViolations(page, 'extraction jobs, waiting rows, phone');
        await screenshot(page, 'ocr-extraction-jobs-waiting-phone', { fullPage: true });
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });
});
