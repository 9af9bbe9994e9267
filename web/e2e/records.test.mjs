// Work records in the browser (issue 11 item 1): a clerk of Sở Nội vụ keeps the yearly file plan
// (danh mục hồ sơ): adds an item (a notation already in the plan is refused, the refusal shown
// under the field it names) and copies the plan forward into next year with one confirmed
// action; an officer opens a record from a plan item, attaches an incoming document and uploads
// a file to it, and closes it with its Appendix VI §8.3 items, after which the record page is
// read-only (also on a phone); the lists of records and the leader's appraisal page (also in
// English); a leader records the appraisal decision on a record past its retention (a future
// decision date refused under its field). The server runs with the demo month of documents;
// axe-core runs on every page and dialog on the way.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  chooseOption,
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  REPO_ROOT,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { expectNoAxeViolations, noHorizontalScroll, settle } from './support/page-checks.mjs';

const skip = missingPrerequisite();
const PHONE = { width: 390, height: 844 };
const YEAR = new Date(Date.now() + 7 * 3600e3).getUTCFullYear();

// The answers the pages expect (401 before login, 409/422 refusals) show as console errors.
const scriptErrors = (errors) => errors.filter((error) => !/status of (401|409|422)/.test(error));

/** dd/mm/yyyy of the Vietnam day `n` days from today. */
function vnDay(n) {
  const iso = new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** An antd DatePicker found by its label: typed as dd/mm/yyyy, then left with Tab. */
async function fillDate(scope, label, value) {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(value);
  await input.press('Tab');
  await scope.page().locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
  assert.equal(await input.inputValue(), value, `${label} kept the typed date`);
}

/** Opens one page of the "Hồ sơ công việc" sub-menu from the navigation. */
async function openRecordsMenu(page, item, menu = 'Hồ sơ công việc') {
  const nav = page.getByRole('navigation', { name: /^(Điều hướng chính|Main navigation)$/ });
  const link = nav.getByRole('link', { name: item, exact: true });
  if (!(await link.isVisible())) {
    await nav.getByRole('menuitem', { name: menu }).click();
  }
  await link.click();
}

describe('work records and the file plan', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app;
  let dir;
  let clerk;
  let officer;

  before(async () => {
    app = await startApp({ documents: true });
    const h = await harness();
    clerk = await h.loggedIn(app.baseUrl, 'vanthu.snv');
    officer = await h.loggedIn(app.baseUrl, 'chuyenvien.snv');
    dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-e2e-records-'));
  });

  after(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a clerk adds a plan item (a taken notation refused at its field) and copies the plan forward', async () => {
    const browser = await launchBrowser();
    const { page, errors } = browser;
    const title = `Hồ sơ hội nghị cải cách hành chính năm ${YEAR}`;
    try {
      await withFailureScreenshot(page, 'records-plan', async () => {
        await login(page, app.baseUrl, 'vanthu.snv');
        await openRecordsMenu(page, 'Danh mục hồ sơ');
        const main = page.getByRole('main');
        await main.getByRole('heading', { level: 1, name: `Danh mục hồ sơ năm ${YEAR}` }).waitFor();
        await expectNoAxeViolations(page, 'file plan');

        // A new item, kept by the officer, for ten years.
        await main.getByRole('button', { name: 'Thêm hồ sơ vào danh mục' }).click();
        let dialog = page.getByRole('dialog', { name: `Thêm hồ sơ vào danh mục năm ${YEAR}` });
        await dialog.waitFor();
        // Nothing filled in: the required fields say so.
        await dialog.getByRole('button', { name: 'Lưu' }).click();
        await dialog.getByText('Hãy nhập Số và ký hiệu hồ sơ.').waitFor();
        await expectNoAxeViolations(page, 'plan item dialog, form errors');
        await dialog.getByLabel('Số và ký hiệu hồ sơ').fill('E2E.01');
        await dialog.getByLabel('Tiêu đề hồ sơ').fill(title);
        await chooseOption(page, 'Người lập hồ sơ', 'Phạm Minh Khang');
        await dialog.getByRole('button', { name: 'Lưu' }).click();
        await dialog.waitFor({ state: 'hidden' });
        const table = main.getByTestId('plan-table');
        const row = table.locator('tbody tr.ant-table-row').filter({ hasText: 'E2E.01' });
        await row.getByText(title).waitFor();
        await row.getByText('10 năm').waitFor();
        await row.getByText('Phạm Minh Khang').waitFor();

        // The same notation again: the server refuses it, under "Số và ký hiệu hồ sơ".
        await main.getByRole('button', { name: 'Thêm hồ sơ vào danh mục' }).click();
        dialog = page.getByRole('dialog', { name: `Thêm hồ sơ vào danh mục năm ${YEAR}` });
        await dialog.getByLabel('Số và ký hiệu hồ sơ').fill('E2E.01');
        await dialog.getByLabel('Tiêu đề hồ sơ').fill('Một hồ sơ khác cùng số');
        await dialog.getByRole('button', { name: 'Lưu' }).click();
        const code = dialog
          .locator('.ant-form-item')
          .filter({ has: page.getByLabel('Số và ký hiệu hồ sơ', { exact: true }) });
        const refusal = code.locator('.ant-form-item-explain-error');
        await refusal.waitFor();
        assert.match(await refusal.innerText(), /Số và ký hiệu hồ sơ/);
        await expectNoAxeViolations(page, 'plan item dialog, server refusal');
        await dialog.getByRole('button', { name: 'Hủy' }).click();
        await dialog.waitFor({ state: 'hidden' });
        const plan = await clerk.get(`/records/plan?year=${YEAR}`);
        assert.equal(plan.body.items.filter((item) => item.code === 'E2E.01').length, 1);

        // Next year's plan, copied forward from this year's with one confirmed action.
        await chooseOption(page, 'Năm', String(YEAR + 1));
        await main
          .getByRole('heading', { level: 1, name: `Danh mục hồ sơ năm ${YEAR + 1}` })
          .waitFor();
        await settle(page);
        await main.getByRole('button', { name: 'Sao chép từ năm trước' }).click();
        dialog = page.getByRole('dialog', {
          name: `Sao chép danh mục năm ${YEAR} sang năm ${YEAR + 1}?`,
        });
        await dialog.waitFor();
        await expectNoAxeViolations(page, 'copy dialog');
        await dialog.getByRole('button', { name: 'Sao chép', exact: true }).click();
        await page
          .getByText(/^Đã chép \d+ mục từ danh mục năm \d{4}; bỏ qua 0 mục đã có\.$/)
          .waitFor();
        await table
          .locator('tbody tr.ant-table-row')
          .filter({ hasText: 'E2E.01' })
          .getByText(title)
          .waitFor();
        const next = await clerk.get(`/records/plan?year=${YEAR + 1}`);
        assert.equal(next.status, 200, next.text);
        assert.ok(next.body.items.some((item) => item.code === 'E2E.01' && item.title === title));
        await expectNoAxeViolations(page, 'next year, copied');
        await screenshot(page, 'records-plan', { fullPage: true });
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });

  test('an officer opens a record, attaches a document and a file, and closes it: then it is read-only', async () => {
    const title = 'Hồ sơ rà soát thủ tục hành chính quý IV';
    const made = await clerk.post('/records/plan', {
      year: YEAR,
      code: 'E2E.02',
      title,
      retentionYears: 5,
      responsibleUserId: officer.user.id,
    });
    assert.equal(made.status, 201, made.text);
    const incoming = await officer.get('/documents/incoming?limit=50');
    assert.equal(incoming.status, 200, incoming.text);
    const [doc, other] = incoming.body.items.filter(
      (d) => d.subject && d.confidentiality === 'none',
    );
    assert.ok(doc && other, 'the officer sees incoming documents');
    const { minimalPdf } = await import(path.join(REPO_ROOT, 'tests', 'support', 'pki.mjs'));
    const attachment = path.join(dir, 'bien-ban-hop.pdf');
    const bytes = minimalPdf('Bien ban hop');
    writeFileSync(attachment, bytes);

    const browser = await launchBrowser();
    const { page, errors } = browser;
    let recordUrl = '';
    try {
      await withFailureScreenshot(page, 'records-record', async () => {
        await login(page, app.baseUrl, 'chuyenvien.snv');
        await openRecordsMenu(page, 'Danh mục hồ sơ');
        const main = page.getByRole('main');
        await main.getByRole('heading', { level: 1, name: `Danh mục hồ sơ năm ${YEAR}` }).waitFor();
        await settle(page);
        // An officer reads the plan; clerks and leaders edit it.
        assert.equal(
          await main.getByRole('button', { name: 'Thêm hồ sơ vào danh mục' }).count(),
          0,
        );
        await main.getByRole('button', { name: 'Lập hồ sơ E2E.02' }).click();
        const open = page.getByRole('dialog', { name: 'Lập hồ sơ E2E.02' });
        await open.getByLabel('Tiêu đề hồ sơ').waitFor();
        assert.equal(await open.getByLabel('Tiêu đề hồ sơ').inputValue(), title);
        await expectNoAxeViolations(page, 'open record dialog');
        await open.getByRole('button', { name: 'Lập hồ sơ', exact: true }).click();
        await page.waitForURL(/\/ho-so\/\d+$/);
        recordUrl = page.url();
        await main.getByRole('heading', { level: 1, name: title }).waitFor();
        await main.locator('[data-record-state="open"]').getByText('Đang lập').waitFor();
        const info = main.getByTestId('record-info');
        await info.getByText(`.${YEAR}.E2E.02`, { exact: false }).first().waitFor();
        await info.getByText('5 năm').waitFor();
        await expectNoAxeViolations(page, 'record, open and empty');

        // An incoming document the officer sees, picked by its subject.
        await main.getByRole('button', { name: 'Thêm văn bản' }).click();
        const attach = page.getByRole('dialog', { name: 'Thêm văn bản vào hồ sơ' });
        await attach.waitFor();
        await settle(page);
        await expectNoAxeViolations(page, 'attach document dialog');
        await chooseOption(page, 'Văn bản', doc.subject, { search: doc.subject.slice(0, 24) });
        await attach.getByRole('button', { name: 'Thêm vào hồ sơ' }).click();
        await attach.waitFor({ state: 'hidden' });
        const docs = main.getByTestId('record-documents');
        const link = docs.getByRole('link', { name: doc.subject });
        await link.waitFor();
        assert.equal(await link.getAttribute('href'), `/van-ban/den/${doc.id}`);

        // A second one, then taken out again while the record is open.
        await main.getByRole('button', { name: 'Thêm văn bản' }).click();
        await attach.waitFor();
        await settle(page);
        await chooseOption(page, 'Văn bản', other.subject, { search: other.subject.slice(0, 24) });
        await attach.getByRole('button', { name: 'Thêm vào hồ sơ' }).click();
        await attach.waitFor({ state: 'hidden' });
        await docs.getByRole('link', { name: other.subject }).waitFor();
        await docs
          .getByRole('button', { name: `Bỏ ra khỏi hồ sơ: văn bản ${other.subject}` })
          .click();
        const remove = page.getByRole('dialog', { name: 'Bỏ văn bản ra khỏi hồ sơ?' });
        await remove.waitFor();
        await expectNoAxeViolations(page, 'remove document dialog');
        await remove.getByRole('button', { name: 'Bỏ ra', exact: true }).click();
        await docs.getByRole('link', { name: other.subject }).waitFor({ state: 'detached' });
        await docs.getByRole('link', { name: doc.subject }).waitFor();

        // Another file, uploaded and attached; it downloads as it was.
        await main.getByLabel('Tải lên tài liệu').setInputFiles(attachment);
        const file = main.getByTestId('record-file').filter({ hasText: 'bien-ban-hop.pdf' });
        await file.waitFor();
        const href = await file
          .getByRole('link', { name: 'Tải xuống bien-ban-hop.pdf' })
          .getAttribute('href');
        const download = await page.request.get(`${app.baseUrl}${href}`);
        assert.equal(download.status(), 200);
        assert.deepEqual(Buffer.from(await download.body()), Buffer.from(bytes));
        await expectNoAxeViolations(page, 'record with a document and a file');
        await screenshot(page, 'records-record-open', { fullPage: true });

        // Closed with its §8.3 items; then nothing on the page changes it.
        const close = main.getByTestId('close-record-form');
        await close.getByLabel('Chú giải').fill('Hồ sơ gồm văn bản đến và biên bản họp.');
        await close.getByRole('button', { name: 'Đóng hồ sơ' }).click();
        await main.getByTestId('record-read-only').waitFor();
        await main.locator('[data-record-state="closed"]').getByText('Đã đóng').waitFor();
        for (const name of ['Thêm văn bản', 'Đóng hồ sơ']) {
          assert.equal(await main.getByRole('button', { name }).count(), 0, `no "${name}"`);
        }
        assert.equal(await main.getByRole('button', { name: /^Bỏ ra/ }).count(), 0);
        assert.equal(await main.getByLabel('Tải lên tài liệu').count(), 0);
        assert.equal(await main.getByTestId('close-record-form').count(), 0);
        await info.getByText('Hồ sơ gồm văn bản đến và biên bản họp.').waitFor();
        const id = Number(recordUrl.split('/').pop());
        const record = await officer.get(`/records/${id}`);
        assert.equal(record.body.state, 'closed');
        assert.equal(record.body.canEdit, false);
        assert.equal(record.body.documents.length, 1);
        assert.equal(record.body.files.length, 1);
        // The API refuses a change too.
        const refused = await officer.post(`/records/${id}/documents`, { documentId: doc.id });
        assert.ok(refused.status >= 400, refused.text);
        await expectNoAxeViolations(page, 'record, closed');
        await screenshot(page, 'records-record-closed', { fullPage: true });

        // "Hồ sơ của tôi", filtered to the closed ones, lists it.
        await openRecordsMenu(page, 'Hồ sơ của tôi');
        await main.getByRole('heading', { level: 1, name: 'Hồ sơ của tôi' }).waitFor();
        await chooseOption(page, 'Tình trạng', 'Đã đóng');
        const listed = main
          .getByTestId('records-table')
          .locator('tbody tr.ant-table-row')
          .filter({ hasText: title });
        await listed.locator('[data-record-state="closed"]').waitFor();
        await expectNoAxeViolations(page, 'my records, closed');
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }

    // The closed record on a phone: read-only, nothing wider than the screen.
    const phone = await launchBrowser({ viewport: PHONE, touch: true });
    try {
      await withFailureScreenshot(phone.page, 'records-phone', async () => {
        const { page } = phone;
        await login(page, app.baseUrl, 'chuyenvien.snv');
        await page.goto(recordUrl);
        await page.getByRole('main').getByRole('heading', { level: 1, name: title }).waitFor();
        await page.getByTestId('record-read-only').waitFor();
        await settle(page);
        assert.ok(await noHorizontalScroll(page), 'record: no sideways scroll on a phone');
        await expectNoAxeViolations(page, 'record, closed, phone');
        await screenshot(page, 'records-record-phone', { fullPage: true });
        await page.getByRole('button', { name: 'Mở menu' }).click();
        await openRecordsMenu(page, 'Danh mục hồ sơ');
        await page
          .getByRole('main')
          .getByRole('heading', { level: 1, name: `Danh mục hồ sơ năm ${YEAR}` })
          .waitFor();
        await settle(page);
        assert.ok(await noHorizontalScroll(page), 'plan: no sideways scroll on a phone');
        await expectNoAxeViolations(page, 'file plan, phone');
      });
      assert.deepEqual(scriptErrors(phone.errors), [], 'no script errors in the browser');
    } finally {
      await phone.close();
    }
  });

  test("a leader reads the agency's records and the appraisal page", async () => {
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'records-leader', async () => {
        await login(page, app.baseUrl, 'lanhdao.snv');
        await openRecordsMenu(page, 'Hồ sơ của cơ quan');
        const main = page.getByRole('main');
        await main.getByRole('heading', { level: 1, name: 'Hồ sơ của cơ quan' }).waitFor();
        await expectNoAxeViolations(page, 'agency records');
        await openRecordsMenu(page, 'Thẩm định hồ sơ hết hạn');
        await main
          .getByRole('heading', { level: 1, name: 'Thẩm định hồ sơ hết thời hạn bảo quản' })
          .waitFor();
        await settle(page);
        const due = await (
          await harness()
        )
          .loggedIn(app.baseUrl, 'lanhdao.snv')
          .then((leader) => leader.get('/records/appraisal'));
        assert.equal(due.status, 200, due.text);
        if (due.body.items.length === 0) {
          await main.getByText('Không có hồ sơ nào đã hết thời hạn bảo quản.').waitFor();
        }
        await expectNoAxeViolations(page, 'appraisal');

        // The same page in English (the UI's words, and the server's labels).
        await page.getByText('EN', { exact: true }).click();
        await main
          .getByRole('heading', { level: 1, name: 'Appraisal of records past their retention' })
          .waitFor();
        await openRecordsMenu(page, 'File plan', 'Work records');
        await main.getByRole('heading', { level: 1, name: `File plan ${YEAR}` }).waitFor();
        await main.getByRole('table', { name: `Records in the ${YEAR} plan` }).waitFor();
        await expectNoAxeViolations(page, 'file plan, English');
        await page.getByText('VI', { exact: true }).click();
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });

  test('a leader appraises a record past its retention: a future date refused at its field, then kept longer', async () => {
    // A record of a matter that ended six years ago, kept one year: due for appraisal.
    const old = await clerk.post('/documents/incoming', {
      numberText: '12/QĐ-UBND',
      issuedDate: `${YEAR - 6}-03-02`,
      senderName: 'Ủy ban nhân dân tỉnh An Giang',
      subject: `Quyết định giao chỉ tiêu biên chế năm ${YEAR - 6}`,
      pageCount: 3,
    });
    assert.equal(old.status, 201, old.text);
    const item = await clerk.post('/records/plan', {
      year: YEAR,
      code: 'E2E.03',
      title: `Hồ sơ giao chỉ tiêu biên chế năm ${YEAR - 6}`,
      retentionYears: 1,
    });
    assert.equal(item.status, 201, item.text);
    let record = await clerk.post('/records', { planItemId: item.body.id });
    assert.equal(record.status, 201, record.text);
    const id = record.body.id;
    record = await clerk.post(`/records/${id}/documents`, { documentId: old.body.id });
    assert.equal(record.status, 200, record.text);
    record = await clerk.post(`/records/${id}/close`, {
      title: record.body.title,
      language: 'Tiếng Việt',
      rights: 'public',
      version: record.body.version,
    });
    assert.equal(record.status, 200, record.text);
    assert.equal(record.body.appraisalDue, true);
    const fileCode = record.body.fileCode;

    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'records-appraisal', async () => {
        await login(page, app.baseUrl, 'lanhdao.snv');
        await openRecordsMenu(page, 'Thẩm định hồ sơ hết hạn');
        const main = page.getByRole('main');
        await main
          .getByRole('heading', { level: 1, name: 'Thẩm định hồ sơ hết thời hạn bảo quản' })
          .waitFor();
        const row = main
          .getByTestId('appraisal-table')
          .locator('tbody tr.ant-table-row')
          .filter({ hasText: fileCode });
        await row.getByText('1 năm').waitFor();
        await expectNoAxeViolations(page, 'appraisal, one record due');
        await row.getByRole('button', { name: `Thẩm định hồ sơ ${fileCode}` }).click();
        const dialog = page.getByRole('dialog', { name: `Thẩm định hồ sơ ${fileCode}` });
        await dialog.waitFor();
        await expectNoAxeViolations(page, 'appraisal dialog');
        await dialog.getByLabel('Gia hạn thêm (năm)').fill('5');
        await dialog.getByLabel('Số quyết định').fill('15/QĐ-SNV');
        await dialog.getByLabel('Lý do').fill('Hồ sơ còn giá trị tra cứu cho đợt sắp xếp tổ chức.');
        // A decision dated tomorrow: the server refuses it, under "Ngày quyết định".
        await fillDate(dialog, 'Ngày quyết định', vnDay(1));
        await dialog.getByRole('button', { name: 'Ghi quyết định' }).click();
        const date = dialog
          .locator('.ant-form-item')
          .filter({ has: page.getByLabel('Ngày quyết định', { exact: true }) });
        await date.locator('.ant-form-item-explain-error').waitFor();
        assert.match(
          await date.locator('.ant-form-item-explain-error').innerText(),
          /Ngày quyết định/,
        );
        await expectNoAxeViolations(page, 'appraisal dialog, server refusal');

        await fillDate(dialog, 'Ngày quyết định', vnDay(0));
        await dialog.getByRole('button', { name: 'Ghi quyết định' }).click();
        await dialog.waitFor({ state: 'hidden' });
        // Kept five more years: no longer due, so it leaves the list.
        await row.waitFor({ state: 'detached' });
        const after = await clerk.get(`/records/${id}`);
        assert.equal(after.body.state, 'closed');
        assert.equal(after.body.appraisalDue, false);
        assert.equal(after.body.appraisal.length, 1);
        assert.equal(after.body.appraisal[0].extendYears, 5);

        // The record shows the decision.
        await page.goto(`${app.baseUrl}/ho-so/${id}`);
        const history = main.getByTestId('record-appraisal');
        // The server's label of the decision ("Kéo dài thời hạn bảo quản"), then its number and date.
        await history
          .getByText(new RegExp(`: quyết định số 15/QĐ-SNV ngày ${vnDay(0)}$`))
          .waitFor();
        await history.getByText('Thêm 5 năm.').waitFor();
        await expectNoAxeViolations(page, 'record with an appraisal decision');
        await screenshot(page, 'records-appraised', { fullPage: true });
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });
});
