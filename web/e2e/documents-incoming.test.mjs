// Incoming documents in the browser (issue 10): the clerk of Sở Nội vụ registers a scanned
// document (field errors, the parsed number hint, the duplicate warning as a confirm step, the
// arrival number shown big; the form in both languages) and submits it to the leader; the leader,
// on a phone, instructs and assigns it with a due date in working days; the officer, who meets a
// 412 because someone acted first, reloads, accepts, comments and completes it. axe-core runs on
// every page and state on the way. The server runs with the demo data; the test adds the clerk.
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
import { expectNoAxeViolations, noHorizontalScroll } from './support/page-checks.mjs';

const skip = missingPrerequisite();
const PHONE = { width: 390, height: 844 };
const CLERK = { username: 'vanthu6.snv', password: 'Một con ngựa đau cả tàu bỏ cỏ 2026' };
const SUBJECT = 'Về việc rà soát thủ tục hành chính năm 2026';

/** An antd DatePicker found by its label: typed as dd/mm/yyyy, then left (Enter would submit). */
async function fillDate(scope, label, value) {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(value);
  await input.press('Tab');
  await scope.page().locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
  assert.equal(await input.inputValue(), value, `${label} kept the typed date`);
}

// Chromium reports the answers the pages expect (401 before login, 409 duplicate, 412 stale, 422 field errors) as
// console errors; anything else is a script error.
const scriptErrors = (errors) =>
  errors.filter((error) => !/status of (401|409|412|422)/.test(error));

describe('incoming documents', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app;
  let dir;
  let scan;
  let signedPdf;
  let api;
  let leader;
  let officer;
  let docId;

  before(async () => {
    // `pki`: the demo seals sign the PDF whose verdict the register form shows.
    app = await startApp({ pki: true });
    const h = await harness();
    const { minimalPdf } = await import(path.join(REPO_ROOT, 'tests', 'support', 'pki.mjs'));
    dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-e2e-incoming-'));
    scan = path.join(dir, 'cong-van-quet.pdf');
    writeFileSync(scan, minimalPdf('Cong van so 15/UBND-VP'));
    // A PDF signed with the seal of UBND tỉnh (its clerk may use it): an electronic original.
    const provinceClerk = await h.loggedIn(app.baseUrl, 'vanthu.ubnd');
    const signed = await fetch(
      `${app.baseUrl}/api/v1/signing/sign?${new URLSearchParams({ key: 'seal-000.00.00.h01', kind: 'pdf', fileName: 'qd-ky-so.pdf' })}`,
      {
        method: 'POST',
        headers: {
          Cookie: provinceClerk.cookieHeader(),
          'X-CSRF-Token': provinceClerk.csrfToken,
          'Content-Type': 'application/pdf',
        },
        body: minimalPdf('Quyet dinh ky so'),
      },
    );
    assert.equal(signed.status, 200);
    signedPdf = path.join(dir, 'qd-ky-so.pdf');
    writeFileSync(signedPdf, Buffer.from(await signed.arrayBuffer()));
    const admin = await h.loggedIn(app.baseUrl, 'admin');
    leader = await h.loggedIn(app.baseUrl, 'lanhdao.snv');
    officer = await h.loggedIn(app.baseUrl, 'chuyenvien.snv');
    // The demo data has no clerk in Sở Nội vụ (where the demo leader and officer work): the
    // admin creates one, who chooses their own password as every new account must.
    const initial = 'VanThu#SoNoiVu2026';
    const created = await admin.post('/users', {
      username: CLERK.username,
      fullName: 'Trần Thị Văn Thư',
      email: 'vanthu6.snv@angiang.gov.vn',
      agencyId: leader.user.agencyId,
      roles: ['clerk'],
      position: 'Văn thư',
      password: initial,
    });
    assert.equal(created.status, 201, created.text);
    const first = await h.loggedIn(app.baseUrl, CLERK.username, initial);
    const changed = await first.post('/auth/change-password', {
      currentPassword: initial,
      newPassword: CLERK.password,
    });
    assert.equal(changed.status, 204, changed.text);
    api = { clerk: await h.loggedIn(app.baseUrl, CLERK.username, CLERK.password) };
  });

  after(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the clerk registers a scanned document and submits it to the leader', async () => {
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'incoming-clerk', async () => {
        await login(page, app.baseUrl, CLERK.username, CLERK.password);
        const main = page.getByRole('main');
        // Home: the clerk's incoming queues, empty and saying what will appear.
        const toSubmit = main.getByRole('region', { name: 'Văn bản đến chờ trình' });
        await toSubmit.getByText(/Chưa có văn bản đến nào chờ trình/).waitFor();
        await expectNoAxeViolations(page, 'clerk home');

        // The menu leads to the register, which leads to the form.
        await page
          .getByRole('navigation')
          .getByRole('link', { name: /^Văn bản đến/ })
          .click();
        await main.getByRole('heading', { level: 1, name: 'Sổ văn bản đến' }).waitFor();
        await main.getByText(/Chưa có văn bản đến nào\. Văn bản đến được văn thư vào sổ/).waitFor();
        await expectNoAxeViolations(page, 'register list, empty');
        await main.getByRole('button', { name: 'Vào sổ văn bản đến' }).click();
        await main.getByRole('heading', { level: 1, name: 'Vào sổ văn bản đến' }).waitFor();
        await expectNoAxeViolations(page, 'register form');

        // Nothing filled in: every required field says what it needs, under the field.
        await main.getByRole('button', { name: 'Vào sổ', exact: true }).click();
        await main.getByText('Hãy nhập Cơ quan gửi.').waitFor();
        await main.getByText('Hãy nhập Ngày ban hành.').waitFor();
        await main.getByText('Hãy nhập Trích yếu nội dung.').waitFor();
        await expectNoAxeViolations(page, 'register form with errors');

        // English: the same form, every label in English.
        await page.getByText('EN', { exact: true }).click();
        await main
          .getByRole('heading', { level: 1, name: 'Register an incoming document' })
          .waitFor();
        for (const label of ['Sending agency', 'Number and notation', 'Issue date', 'Subject']) {
          await main.getByLabel(label, { exact: true }).waitFor();
        }
        await main.getByText('Enter the Subject.').waitFor();
        await expectNoAxeViolations(page, 'register form, English');
        await page.getByText('VI', { exact: true }).click();
        await main.getByRole('heading', { level: 1, name: 'Vào sổ văn bản đến' }).waitFor();

        // The scan: uploaded at once, its pages counted, no signature.
        await main.getByLabel('Tệp văn bản đến').setInputFiles(scan);
        const uploaded = main.getByTestId('uploaded-file');
        await uploaded.getByText('cong-van-quet.pdf').waitFor();
        await uploaded.getByText('1 trang').waitFor();
        await uploaded.getByText('Không có chữ ký số').waitFor();
        // A signed PDF: verified on upload, the verdict in words.
        await main.getByLabel('Tệp văn bản đến').setInputFiles(signedPdf);
        const signedItem = uploaded.filter({ hasText: 'qd-ky-so.pdf' });
        const verdict = signedItem.locator('[data-indication]');
        await verdict.waitFor();
        assert.match(await verdict.innerText(), /^(Hợp lệ|Chưa xác định được|Không hợp lệ)$/);
        assert.equal(await verdict.getAttribute('data-indication'), 'TOTAL_PASSED');

        // The sender from the agency directory, found by a search.
        await chooseOption(page, 'Cơ quan gửi', 'Ủy ban nhân dân tỉnh An Giang', {
          search: 'uy ban nhan dan tinh',
        });
        // The number as typed, and what it was read as.
        await main.getByLabel('Số, ký hiệu', { exact: true }).fill('15/UBND-VP');
        await main.getByText('Đọc được: Công văn số 15, cơ quan ban hành UBND.').waitFor();
        await fillDate(main, 'Ngày ban hành', '20/11/2026');
        await main.getByLabel('Trích yếu nội dung', { exact: true }).fill(SUBJECT);
        await chooseOption(page, 'Độ khẩn', 'Khẩn');
        // The demo server is not declared isolated: the form says before sending that a
        // confidential document is registered without its files.
        await chooseOption(page, 'Độ mật', 'Tối mật');
        const noFiles = main.getByText('Máy chủ này không lưu tệp của văn bản mật', {
          exact: false,
        });
        await noFiles.waitFor();
        await chooseOption(page, 'Độ mật', 'Không mật');
        await noFiles.waitFor({ state: 'detached' });
        await main.getByLabel('Số trang', { exact: true }).fill('2');
        await fillDate(main, 'Hạn giải quyết', '15/12/2026');
        await main.getByRole('button', { name: 'Vào sổ', exact: true }).click();

        // The arrival number, big.
        await main.getByText('Đã vào sổ văn bản đến').waitFor();
        const number = Number(await main.getByTestId('arrival-number').innerText());
        assert.ok(number >= 1, `arrival number ${number}`);
        await expectNoAxeViolations(page, 'registered');

        // The same document again: the duplicate warning is a confirm step, nothing is saved.
        await main.getByRole('button', { name: 'Vào sổ văn bản khác' }).click();
        await main.getByRole('radio', { name: 'Nơi khác (gõ tên)' }).check();
        await main.getByLabel('Tên nơi gửi', { exact: true }).fill('Bộ Nội vụ');
        await main.getByLabel('Số, ký hiệu', { exact: true }).fill('88/BNV-CCHC');
        await fillDate(main, 'Ngày ban hành', '02/11/2026');
        await main.getByLabel('Trích yếu nội dung', { exact: true }).fill('Về việc báo cáo CCHC');
        await main.getByRole('button', { name: 'Vào sổ', exact: true }).click();
        await main.getByText('Đã vào sổ văn bản đến').waitFor();
        const second = Number(await main.getByTestId('arrival-number').innerText());
        assert.equal(second, number + 1, 'consecutive arrival numbers');
        await main.getByRole('button', { name: 'Vào sổ văn bản khác' }).click();
        await main.getByRole('radio', { name: 'Nơi khác (gõ tên)' }).check();
        await main.getByLabel('Tên nơi gửi', { exact: true }).fill('Bộ Nội vụ');
        await main.getByLabel('Số, ký hiệu', { exact: true }).fill('88/BNV-CCHC');
        await fillDate(main, 'Ngày ban hành', '02/11/2026');
        await main.getByLabel('Trích yếu nội dung', { exact: true }).fill('Về việc báo cáo CCHC');
        await main.getByRole('button', { name: 'Vào sổ', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: 'Văn bản này có thể đã được vào sổ' });
        await dialog.waitFor();
        await dialog.getByText(`Số đến ${second}`, { exact: false }).waitFor();
        await expectNoAxeViolations(page, 'duplicate warning');
        await dialog.getByRole('button', { name: 'Không vào sổ' }).click();
        await dialog.waitFor({ state: 'hidden' });
        const all = await api.clerk.get('/documents/incoming');
        assert.equal(all.body.items.length, 2, 'the refused duplicate saved nothing');

        // The register lists both; a search narrows it down.
        await page
          .getByRole('navigation')
          .getByRole('link', { name: /^Văn bản đến/ })
          .click();
        await main.getByRole('heading', { level: 1, name: 'Sổ văn bản đến' }).waitFor();
        const table = main.getByRole('table');
        await table.getByRole('link', { name: SUBJECT }).waitFor();
        await table.getByText('Khẩn', { exact: true }).waitFor();
        await main.getByLabel('Tìm theo trích yếu, số ký hiệu, nơi gửi').fill('ra soat thu tuc');
        await table
          .getByRole('link', { name: 'Về việc báo cáo CCHC' })
          .waitFor({ state: 'detached' });
        await expectNoAxeViolations(page, 'register list');

        // The document: details, the file, the history; the clerk submits it to the leader.
        await table.getByRole('link', { name: SUBJECT }).click();
        await main.getByRole('heading', { level: 1, name: `Văn bản đến số ${number}` }).waitFor();
        docId = Number(new URL(page.url()).pathname.split('/').pop());
        // The viewer's download link, and the copy with the ĐẾN stamp and its recorded data.
        await main.getByRole('link', { name: 'Tải xuống cong-van-quet.pdf' }).first().waitFor();
        await main
          .getByRole('link', { name: 'Tải bản có dấu ĐẾN của cong-van-quet.pdf' })
          .waitFor();
        await main.getByText(`Dấu ĐẾN: số đến ${number}`, { exact: false }).first().waitFor();
        await main.locator('[data-action="documents.registered"]').waitFor();
        await main
          .getByText(/\(giờ Việt Nam\)/)
          .first()
          .waitFor();
        await expectNoAxeViolations(page, 'document, registered');
        const submit = main.getByTestId('action-submit');
        await chooseOption(page, 'Lãnh đạo nhận văn bản', 'Nguyễn Văn Thành');
        await submit.getByRole('button', { name: 'Trình', exact: true }).click();
        await main.locator('[data-state="submitted"]').waitFor();
        await main.locator('[data-action="documents.submitted"]').waitFor();
        await main.getByTestId('no-actions').waitFor();
        await screenshot(page, 'incoming-clerk-submitted', { fullPage: true });
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });

  test('the leader instructs and assigns on a phone', async () => {
    assert.ok(docId, 'the clerk test registered the document');
    const browser = await launchBrowser({ viewport: PHONE, touch: true });
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'incoming-leader-phone', async () => {
        await login(page, app.baseUrl, 'lanhdao.snv');
        const main = page.getByRole('main');
        const queue = main.getByRole('region', { name: 'Văn bản chờ cho ý kiến' });
        const item = queue.getByTestId('work-item');
        await queue.getByTestId('queue-counts').getByText('1 văn bản', { exact: true }).waitFor();
        await item.getByText('Khẩn', { exact: true }).waitFor();
        assert.ok(await noHorizontalScroll(page), 'home: no sideways scroll on a phone');
        await expectNoAxeViolations(page, 'leader home, phone');

        await item.getByRole('link', { name: SUBJECT }).click();
        await main.getByRole('heading', { level: 1, name: /^Văn bản đến số / }).waitFor();
        const assign = main.getByTestId('action-assign');
        await assign.waitFor();
        assert.ok(await noHorizontalScroll(page), 'document: no sideways scroll on a phone');
        await expectNoAxeViolations(page, 'document, leader, phone');

        // Without a lead person the form says so, under the field.
        await assign.getByRole('button', { name: 'Giao xử lý' }).click();
        await assign.getByText('Hãy nhập Người chủ trì.').waitFor();
        await assign
          .getByLabel('Ý kiến chỉ đạo (bút phê)')
          .fill('Giao Phòng CCHC chủ trì, báo cáo trước hạn.');
        await chooseOption(page, 'Người chủ trì', 'Phạm Minh Khang');
        await assign.getByLabel('Số ngày làm việc', { exact: true }).fill('3');
        // The due date the API's working-day calendar gives, before anything is saved.
        const preview = assign.getByTestId('due-preview');
        // The preview may go back to "calculating" between the wait and the read (the form
        // re-renders as its lists arrive): read until a date is there.
        let dueText = null;
        while (!dueText) {
          await preview.getByText(/^Hạn xử lý: \d{2}\/\d{2}\/\d{4}/).waitFor();
          dueText = (await preview.innerText()).match(/\d{2}\/\d{2}\/\d{4}/)?.[0] ?? null;
        }
        const button = assign.getByRole('button', { name: 'Giao xử lý' });
        await button.scrollIntoViewIfNeeded();
        assert.ok(await button.isVisible(), 'the assign button is reachable on a phone');
        await button.click();
        await main.locator('[data-state="assigned"]').waitFor();
        // The document's due date is the one the preview showed.
        await main.getByTestId('document-flags').getByText(dueText, { exact: false }).waitFor();
        await main
          .getByTestId(`assignment-${officer.user.id}`)
          .getByText('Chủ trì', { exact: true })
          .waitFor();
        assert.ok(await noHorizontalScroll(page), 'after assigning: no sideways scroll');
        await expectNoAxeViolations(page, 'document, assigned, phone');
        await screenshot(page, 'incoming-leader-phone', { fullPage: true });
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });

  test('the officer meets a 412, reloads, accepts, comments and completes', async () => {
    assert.ok(docId, 'the clerk test registered the document');
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'incoming-officer', async () => {
        await login(page, app.baseUrl, 'chuyenvien.snv');
        const main = page.getByRole('main');
        const queue = main.getByRole('region', { name: 'Văn bản được giao' });
        const item = queue.getByTestId('work-item');
        await item.getByText('Bạn chủ trì').waitFor();
        await item.getByText('Chưa nhận').waitFor();
        await item.locator('[data-due]').waitFor();
        await expectNoAxeViolations(page, 'officer home');
        await item.getByRole('link', { name: SUBJECT }).click();
        const accept = main.getByTestId('action-accept');
        await accept.waitFor();

        // Meanwhile the leader adds a comment: the page the officer sees is now out of date.
        const read = await leader.get(`/documents/incoming/${docId}`);
        const commented = await leader.post(
          `/documents/incoming/${docId}/comments`,
          { text: 'Lưu ý phối hợp với Văn phòng Sở.' },
          { headers: { 'If-Match': read.headers.get('etag') } },
        );
        assert.equal(commented.status, 200, commented.text);

        await accept.getByRole('button', { name: 'Nhận xử lý' }).click();
        const stale = main.getByTestId('stale-alert');
        await stale.getByText('Văn bản vừa được người khác cập nhật').waitFor();
        await expectNoAxeViolations(page, 'document, 412');
        await stale.getByRole('button', { name: 'Tải lại văn bản' }).click();
        await stale.waitFor({ state: 'detached' });
        await main.locator('[data-action="documents.commented"]').waitFor();

        await main.getByTestId('action-accept').getByRole('button', { name: 'Nhận xử lý' }).click();
        await main.locator('[data-state="in_progress"]').waitFor();
        const comment = main.getByTestId('action-comment');
        await comment.getByLabel('Nội dung ý kiến').fill('Đã liên hệ các phòng.');
        await comment.getByRole('button', { name: 'Gửi ý kiến' }).click();
        await main.locator('[data-action="documents.commented"]').nth(1).waitFor();
        const complete = main.getByTestId('action-complete');
        await complete.getByRole('button', { name: 'Hoàn thành' }).click();
        await complete.getByText('Hãy nhập Kết quả xử lý.').waitFor();
        await expectNoAxeViolations(page, 'document, in progress, with an error');
        await complete.getByLabel('Kết quả xử lý').fill('Đã tham mưu văn bản trả lời.');
        await complete.getByRole('button', { name: 'Hoàn thành' }).click();
        await main.locator('[data-state="completed"]').waitFor();
        await main.getByTestId('no-actions').waitFor();
        // The timeline is a request of its own, reloaded after the document: wait for its last
        // entry before reading the list.
        await main.locator('[data-action="documents.completed"]').waitFor();
        const actions = await main
          .getByTestId('timeline-item')
          .evaluateAll((items) => items.map((element) => element.dataset.action));
        assert.deepEqual(actions, [
          'documents.registered',
          'documents.submitted',
          'documents.assigned',
          'documents.commented',
          'documents.accepted',
          'documents.commented',
          'documents.completed',
        ]);
        await main.getByText('Kết quả: Đã tham mưu văn bản trả lời.').waitFor();
        await expectNoAxeViolations(page, 'document, completed');
        await screenshot(page, 'incoming-officer-completed', { fullPage: true });
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });
});
