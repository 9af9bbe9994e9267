// Work queues in the browser (issue 10): the officer's "Việc của tôi" shows each queue with its
// count, the overdue and due-soon parts flagged in words and colour, the first documents linked,
// and "Xem tất cả" opens the queue paged with a due-date filter; the leader's overview, on a
// phone, counts the agency's and each unit's open and overdue work and opens the documents behind
// a count; a leader delegates a right (the API's refusal shown under the field it names) and
// revokes it; a comment with a file is added to a document and its file downloads. The server
// runs with the demo month of documents; axe-core runs on every page on the way.
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
  networkSettled,
} from './support/browser.mjs';
import { expectNoAxeViolations, noHorizontalScroll } from './support/page-checks.mjs';

const skip = missingPrerequisite();
const PHONE = { width: 390, height: 844 };

async function settle(page) {
  await networkSettled(page);
  await page
    .locator('.cqdt-page-loader, .ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached' });
}

// The answers the pages expect (401 before login, 422 field errors) show as console errors.
const scriptErrors = (errors) => errors.filter((error) => !/status of (401|422)/.test(error));

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

describe(
  'work queues, overview, delegation, comments',
  { skip: skip ?? false, timeout: 600_000 },
  () => {
    let app;
    let dir;
    let officer;
    let leader;

    before(async () => {
      app = await startApp({ documents: true });
      const h = await harness();
      officer = await h.loggedIn(app.baseUrl, 'chuyenvien.snv');
      leader = await h.loggedIn(app.baseUrl, 'lanhdao.snv');
      dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-e2e-queues-'));
    });

    after(async () => {
      await app?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test("the officer's landing shows the queues with counts and flags overdue work", async () => {
      const counts = await officer.get('/documents/queues');
      assert.equal(counts.status, 200, counts.text);
      const process = counts.body.items.find((q) => q.queue === 'process');
      assert.ok(process.total > 0 && process.overdue > 0, 'the demo has overdue work to lead');
      const browser = await launchBrowser();
      const { page, errors } = browser;
      try {
        await withFailureScreenshot(page, 'queues-officer', async () => {
          await login(page, app.baseUrl, 'chuyenvien.snv');
          const main = page.getByRole('main');
          const queue = main.getByRole('region', { name: 'Văn bản được giao chủ trì' });
          const tally = queue.getByTestId('queue-counts');
          await tally.getByText(`${process.total} văn bản`, { exact: true }).waitFor();
          // Overdue: in words, and in the red of an overdue flag.
          const overdue = tally.locator('[data-count="overdue"]');
          assert.equal((await overdue.innerText()).trim(), `${process.overdue} quá hạn`);
          assert.match(await overdue.getAttribute('class'), /cqdt-flag--overdue/);
          // The first items, earliest due first: the first one is overdue and says so.
          const first = queue.getByTestId('work-item').first();
          await first
            .locator('[data-due="overdue"]')
            .getByText(/^Quá hạn \d{2}\/\d{2}\/\d{4}$/)
            .waitFor();
          await first.getByText('Bạn chủ trì').waitFor();
          const href = await first.getByRole('link').first().getAttribute('href');
          assert.match(href, /^\/van-ban\/den\/\d+$/);
          // The other queues of an officer, empty or not, are there and say what they hold.
          await main.getByRole('region', { name: 'Văn bản phối hợp xử lý' }).waitFor();
          await main.getByRole('region', { name: 'Văn bản để biết' }).waitFor();
          // The menu counts the same work (one GET /documents/queues), in words for screen readers.
          const incoming = ['process', 'coordinate', 'instruct', 'register']
            .map((id) => counts.body.items.find((q) => q.queue === id).total)
            .reduce((a, b) => a + b, 0);
          await page
            .getByRole('navigation')
            .getByRole('link', { name: new RegExp(`${incoming} văn bản`) })
            .waitFor();
          await expectNoAxeViolations(page, 'officer home');
          await screenshot(page, 'queues-officer-home', { fullPage: true });

          // "Xem tất cả": the whole queue, paged, filtered to the overdue ones.
          await queue.getByRole('link', { name: /^Xem tất cả/ }).click();
          await main
            .getByRole('heading', { level: 1, name: 'Văn bản được giao chủ trì' })
            .waitFor();
          await settle(page);
          await main.getByText('Quá hạn', { exact: true }).click();
          await settle(page);
          const rows = main.locator('tbody tr.ant-table-row');
          await rows.first().waitFor();
          // The filtered page replaces the unfiltered one when its answer arrives (which may be
          // after the network was last idle): wait for the overdue rows alone, then count.
          await main
            .locator('tbody tr.ant-table-row:not(:has([data-due="overdue"]))')
            .first()
            .waitFor({ state: 'detached' });
          assert.equal(await rows.count(), process.overdue);
          assert.equal(await main.locator('tbody [data-due="overdue"]').count(), process.overdue);
          await expectNoAxeViolations(page, 'queue page, overdue');
        });
        assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
      } finally {
        await browser.close();
      }
    });

    test("the leader's overview, on a phone, opens the documents behind a count", async () => {
      const view = await leader.get('/documents/overview');
      assert.equal(view.status, 200, view.text);
      const agency = view.body.items[0];
      assert.equal(agency.scope, 'agency');
      assert.ok(agency.overdue > 0);
      const browser = await launchBrowser({ viewport: PHONE, touch: true });
      const { page, errors } = browser;
      try {
        await withFailureScreenshot(page, 'queues-overview-phone', async () => {
          await login(page, app.baseUrl, 'lanhdao.snv');
          await page.getByRole('button', { name: 'Mở menu' }).click();
          await page.getByRole('navigation').getByRole('link', { name: 'Tổng quan' }).click();
          const main = page.getByRole('main');
          await main
            .getByRole('heading', { level: 1, name: 'Tổng quan tình hình xử lý văn bản' })
            .waitFor();
          await settle(page);
          const table = main.getByTestId('overview-table');
          await table.getByText('Toàn cơ quan').waitFor();
          const rows = await table.locator('tbody tr.ant-table-row').count();
          assert.equal(rows, view.body.items.length, 'the agency, then each unit');
          assert.ok(await noHorizontalScroll(page), 'overview: no sideways scroll on a phone');
          await expectNoAxeViolations(page, 'overview, phone');

          const button = table.getByRole('button', {
            name: `Toàn cơ quan: ${agency.overdue} văn bản quá hạn`,
          });
          await button.scrollIntoViewIfNeeded();
          await button.click();
          const items = main.getByTestId('overview-items');
          await main.getByRole('heading', { level: 2, name: 'Toàn cơ quan: quá hạn' }).waitFor();
          await settle(page);
          // The items load after the heading shows (and may not have started when the network
          // last went idle): wait for the first one and for the list to stop loading.
          const listed = items.getByTestId('work-item');
          await listed.first().waitFor();
          await main.locator('[data-testid="overview-items"][aria-busy="false"]').waitFor();
          assert.equal(await listed.count(), Math.min(agency.overdue, 20));
          assert.equal(await items.locator('[data-due="overdue"]').count(), await listed.count());
          assert.ok(await noHorizontalScroll(page), 'overview items: no sideways scroll');
          await expectNoAxeViolations(page, 'overview items, phone');
          await screenshot(page, 'queues-overview-phone', { fullPage: true });
        });
        assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
      } finally {
        await browser.close();
      }
    });

    test('a leader delegates a right, the refusal shown at the field, and revokes it', async () => {
      const browser = await launchBrowser();
      const { page, errors } = browser;
      const reason = 'Đi công tác tại Hà Nội';
      try {
        await withFailureScreenshot(page, 'queues-delegation', async () => {
          await login(page, app.baseUrl, 'lanhdao.snv');
          await page.getByRole('navigation').getByRole('link', { name: 'Ủy quyền' }).click();
          const main = page.getByRole('main');
          await main.getByRole('heading', { level: 1, name: 'Ủy quyền xử lý văn bản' }).waitFor();
          await settle(page);
          const form = main.getByTestId('delegation-form');
          // Nothing filled in: each required field says so.
          await form.getByRole('button', { name: 'Ủy quyền', exact: true }).click();
          await form.getByText('Hãy nhập Người được ủy quyền.').waitFor();
          await form.getByText('Hãy chọn ít nhất một quyền.').waitFor();
          await expectNoAxeViolations(page, 'delegation, form errors');

          await chooseOption(page, 'Người được ủy quyền', 'Phạm Minh Khang');
          await form.getByLabel('Cho ý kiến, giao xử lý văn bản đến').check();
          await form.getByLabel('Lý do ủy quyền').fill(reason);
          // A period that ended yesterday: the server refuses it, under "Đến hết ngày".
          await fillDate(form, 'Đến hết ngày', vnDay(-1));
          await form.getByRole('button', { name: 'Ủy quyền', exact: true }).click();
          const endsOn = form
            .locator('.ant-form-item')
            .filter({ has: page.getByLabel('Đến hết ngày', { exact: true }) });
          await endsOn.locator('.ant-form-item-explain-error').waitFor();
          assert.match(
            await endsOn.locator('.ant-form-item-explain-error').innerText(),
            /Đến hết ngày/,
          );
          await expectNoAxeViolations(page, 'delegation, server refusal');

          await fillDate(form, 'Đến hết ngày', vnDay(10));
          await form.getByRole('button', { name: 'Ủy quyền', exact: true }).click();
          const list = main.getByTestId('delegation-list');
          const row = list.locator('tbody tr.ant-table-row').filter({ hasText: reason });
          await row.locator('[data-delegation-state="active"]').waitFor();
          await row.getByText('Phạm Minh Khang').waitFor();
          const made = await officer.get('/documents/delegations');
          const mine = made.body.items.find((d) => d.reason === reason);
          assert.ok(mine?.active, 'the deputy sees the delegation, in effect');
          assert.deepEqual(mine.rights, ['assign']);
          await expectNoAxeViolations(page, 'delegation, made');

          await row.getByRole('button', { name: 'Thu hồi ủy quyền cho Phạm Minh Khang' }).click();
          const dialog = page.getByRole('dialog', {
            name: 'Thu hồi ủy quyền cho Phạm Minh Khang?',
          });
          await dialog.getByLabel('Lý do thu hồi (không bắt buộc)').fill('Đã về cơ quan sớm');
          await expectNoAxeViolations(page, 'delegation, revoke dialog');
          await dialog.getByRole('button', { name: 'Thu hồi', exact: true }).click();
          await row.locator('[data-delegation-state="revoked"]').waitFor();
          await row.getByText('Lý do thu hồi: Đã về cơ quan sớm').waitFor();
          const after = await officer.get('/documents/delegations');
          assert.equal(after.body.items.find((d) => d.id === mine.id).active, false);
          await screenshot(page, 'queues-delegation', { fullPage: true });
        });
        assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
      } finally {
        await browser.close();
      }
    });

    test('a comment with a file is added to a document and its file downloads', async () => {
      const queue = await officer.get('/documents/queues/process?limit=1');
      const doc = queue.body.items[0];
      assert.ok(doc, 'the officer leads a document');
      const { minimalPdf } = await import(path.join(REPO_ROOT, 'tests', 'support', 'pki.mjs'));
      const attachment = path.join(dir, 'bao-cao-tien-do.pdf');
      const bytes = minimalPdf('Bao cao tien do');
      writeFileSync(attachment, bytes);
      const browser = await launchBrowser();
      const { page, errors } = browser;
      try {
        await withFailureScreenshot(page, 'queues-comment', async () => {
          await login(page, app.baseUrl, 'chuyenvien.snv');
          await page.goto(`${app.baseUrl}/van-ban/den/${doc.id}`);
          const panel = page.getByTestId('comments-panel');
          await panel.waitFor();
          await settle(page);
          await panel.getByRole('button', { name: 'Gửi ý kiến' }).click();
          await panel.getByText('Hãy nhập Nội dung trao đổi.').waitFor();
          await panel
            .getByLabel('Nội dung trao đổi')
            .fill('Đã có số liệu quý IV, gửi kèm báo cáo.');
          await panel.getByLabel('Tệp đính kèm (không bắt buộc)').setInputFiles(attachment);
          await panel.getByTestId('comment-file').getByText('bao-cao-tien-do.pdf').waitFor();
          await panel.getByRole('button', { name: 'Gửi ý kiến' }).click();
          const comment = panel.getByTestId('comment').filter({ hasText: 'Đã có số liệu quý IV' });
          await comment.getByText('Phạm Minh Khang').waitFor();
          await comment.getByText(/\(giờ Việt Nam\)$/).waitFor();
          // The page's timeline lists it without a reload.
          await page
            .locator('[data-testid="timeline-item"][data-action="documents.commented"]')
            .first()
            .waitFor();
          const link = comment.getByRole('link', { name: 'Tải xuống bao-cao-tien-do.pdf' });
          const href = await link.getAttribute('href');
          const download = await page.request.get(`${app.baseUrl}${href}`);
          assert.equal(download.status(), 200);
          assert.deepEqual(Buffer.from(await download.body()), Buffer.from(bytes));
          // The API lists it too, with its file.
          const listed = await officer.get(`/documents/${doc.id}/comments`);
          const saved = listed.body.items.find((c) => c.text.startsWith('Đã có số liệu quý IV'));
          assert.equal(saved.file.name, 'bao-cao-tien-do.pdf');
          await expectNoAxeViolations(page, 'document with a comment');
          await screenshot(page, 'queues-comment', { fullPage: true });
        });
        assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
      } finally {
        await browser.close();
      }
    });
  },
);
