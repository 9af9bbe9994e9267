// Processing and signing in the document pages (issue 10): on an incoming document the leader
// assigns a unit, its head passes it on to an officer of the unit, the officer asks for more
// time and the leader grants it; on the outgoing list the leader signs several approved
// documents at once with the server-held key, each row showing its own result (one fails
// because someone changed it meanwhile); a draft takes an appendix. axe-core runs on the way.
// The server runs with the demo data and PKI; the API sets up what the browser does not test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  DEMO_PASSWORD,
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  REPO_ROOT,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { approvedOutgoingDraft } from './support/documents.mjs';
import { expectNoAxeViolations } from './support/page-checks.mjs';

const skip = missingPrerequisite();
const PHONE = { width: 390, height: 844 };
const CLERK = 'vanthu8.snv';
const PASSWORD = 'Mot-con-ngua-dau@2026-xu-ly';
const DRAFT = readFileSync(path.join(REPO_ROOT, 'tests', 'api', 'testdata', 'outgoing-draft.pdf'));
const DOCX = readFileSync(path.join(REPO_ROOT, 'tests', 'api', 'testdata', 'outgoing-draft.docx'));
const OUT = '/documents/outgoing';

/** chooseOption inside one form (several action forms share field labels). */
async function choose(scope, label, optionText) {
  const page = scope.page();
  const combobox = scope.getByLabel(label, { exact: true });
  await combobox.click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: optionText })
    .first()
    .click();
  // `has` takes a locator relative to the select: the page's, not the scoped one.
  await page
    .locator('.ant-select', { has: page.getByLabel(label, { exact: true }) })
    .locator('.ant-select-selection-item, .ant-select-content-has-value')
    .filter({ hasText: optionText })
    .first()
    .waitFor();
}

// Chromium logs the answers the pages expect (401 before login, 412 stale) as console errors.
const scriptErrors = (errors) => errors.filter((error) => !/status of (401|412)/.test(error));

describe('document processing and signing', { skip: skip ?? false, timeout: 900_000 }, () => {
  let app;
  let h;
  let clerk;
  let leader;
  let officer;
  let head;

  const match = (res) => ({ headers: { 'If-Match': res.headers.get('etag') } });

  before(async () => {
    app = await startApp({ pki: true });
    h = await harness();
    const admin = await h.loggedIn(app.baseUrl, 'admin');
    leader = await h.loggedIn(app.baseUrl, 'lanhdao.snv');
    officer = await h.loggedIn(app.baseUrl, 'chuyenvien.snv');
    head = await h.loggedIn(app.baseUrl, 'truongphong.snv');
    const initial = 'VanThu#SoNoiVu2026';
    const created = await admin.post('/users', {
      username: CLERK,
      fullName: 'Trần Thị Văn Thư Tám',
      email: `${CLERK}@angiang.gov.vn`,
      agencyId: leader.user.agencyId,
      roles: ['clerk'],
      position: 'Văn thư',
      password: initial,
    });
    assert.equal(created.status, 201, created.text);
    const first = await h.loggedIn(app.baseUrl, CLERK, initial);
    const changed = await first.post('/auth/change-password', {
      currentPassword: initial,
      newPassword: PASSWORD,
    });
    assert.equal(changed.status, 204, changed.text);
    clerk = await h.loggedIn(app.baseUrl, CLERK, PASSWORD);
  });

  after(async () => {
    await app?.stop();
  });

  test('a unit is assigned, its head passes it on, the officer gets more time', async () => {
    let res = await clerk.post('/documents/incoming', {
      typeOrdinal: 18,
      issuedDate: '2026-11-20',
      senderName: 'UBND phường Rạch Giá',
      subject: 'Về việc rà soát thủ tục hành chính cấp phường',
    });
    assert.equal(res.status, 201, res.text);
    const id = res.body.id;
    res = await clerk.post(
      `/documents/incoming/${id}/submit`,
      { leaderId: leader.user.id },
      match(res),
    );
    assert.equal(res.status, 200, res.text);

    const phone = await launchBrowser({ viewport: PHONE, touch: true });
    const desktop = await launchBrowser();
    try {
      // The leader, on a phone: the unit is one of the choices for the lead.
      await withFailureScreenshot(phone.page, 'processing-assign-unit', async () => {
        const { page, errors } = phone;
        await login(page, app.baseUrl, 'lanhdao.snv');
        await page.goto(`${app.baseUrl}/van-ban/den/${id}`);
        const assign = page.getByTestId('action-assign');
        await assign.waitFor();
        await choose(assign, 'Người chủ trì', 'Phòng, ban: Phòng Cải cách hành chính');
        await expectNoAxeViolations(page, 'assign with a unit');
        assert.ok(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
          'no horizontal scroll on a phone',
        );
        await assign.getByRole('button', { name: 'Giao xử lý' }).click();
        await page.getByText('Giao cho Phòng Cải cách hành chính').first().waitFor();
        assert.deepEqual(scriptErrors(errors), []);
      });
      let doc = (await leader.get(`/documents/incoming/${id}`)).body;
      assert.equal(doc.assignments.length, 1);
      assert.equal(doc.assignments[0].userId, head.user.id, "the unit's head holds it");

      // The unit's head passes it on to an officer of the unit as the lead.
      await withFailureScreenshot(desktop.page, 'processing-forward', async () => {
        const { page, errors } = desktop;
        await login(page, app.baseUrl, 'truongphong.snv');
        await page.goto(`${app.baseUrl}/van-ban/den/${id}`);
        const forward = page.getByTestId('action-forward');
        await forward.waitFor();
        // Nobody was chosen: the form says what is missing, next to the field.
        await forward.getByRole('button', { name: 'Phân công' }).click();
        await forward.getByText('Hãy nhập Người chủ trì', { exact: false }).waitFor();
        await choose(forward, 'Người chủ trì', 'Phạm Minh Khang');
        await forward.getByLabel('Ý kiến chỉ đạo (bút phê)').fill('Anh Khang chủ trì.');
        await expectNoAxeViolations(page, 'forward form');
        await forward.getByRole('button', { name: 'Phân công' }).click();
        await page.getByText('Đã phân công tiếp.').waitFor();
        await page.getByText('Được phân công tiếp').first().waitFor();
        assert.deepEqual(scriptErrors(errors), []);
      });
      doc = (await officer.get(`/documents/incoming/${id}`)).body;
      const lead = doc.assignments.find((a) => a.userId === officer.user.id);
      assert.equal(lead.role, 'lead');
      assert.equal(lead.parentId, doc.assignments[0].id);

      // The officer asks for more time.
      await withFailureScreenshot(desktop.page, 'processing-extension', async () => {
        const { page } = desktop;
        await login(page, app.baseUrl, 'chuyenvien.snv');
        await page.goto(`${app.baseUrl}/van-ban/den/${id}`);
        const extension = page.getByTestId('action-extension');
        await extension.waitFor();
        await extension.getByLabel('Lý do xin gia hạn').fill('Chờ số liệu của các phường.');
        const date = extension.getByLabel('Đề nghị gia hạn đến ngày', { exact: true });
        await date.click();
        await date.fill('20/01/2027');
        await date.press('Tab');
        await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
        await extension.getByRole('button', { name: 'Gửi đề nghị gia hạn' }).click();
        await page.getByText('Đã gửi đề nghị gia hạn cho lãnh đạo.').waitFor();
      });

      // The leader, on the phone, grants it: the request is explained, the due date moves.
      await withFailureScreenshot(phone.page, 'processing-extension-decision', async () => {
        const { page, errors } = phone;
        await page.goto(`${app.baseUrl}/van-ban/den/${id}`);
        const request = page.getByTestId('extension-request');
        await request.waitFor();
        assert.match(await request.innerText(), /Phạm Minh Khang xin gia hạn .* đến 20\/01\/2027/);
        await expectNoAxeViolations(page, 'extension decision');
        const form = page.locator('[data-testid^="action-extension-decision-"]');
        // Refusing needs a reason, said next to the field.
        await form.getByRole('radio', { name: 'Không đồng ý' }).check();
        await form.getByRole('button', { name: 'Gửi quyết định' }).click();
        await form.getByText('Hãy nhập Lý do không đồng ý', { exact: false }).waitFor();
        await form.getByRole('radio', { name: 'Đồng ý gia hạn' }).check();
        await form.getByRole('button', { name: 'Gửi quyết định' }).click();
        await page.getByText('Đã gửi quyết định gia hạn.').waitFor();
        await request.waitFor({ state: 'detached' });
        assert.deepEqual(scriptErrors(errors), []);
      });
      doc = (await officer.get(`/documents/incoming/${id}`)).body;
      assert.equal(doc.assignments.find((a) => a.userId === officer.user.id).dueDate, '2027-01-20');
    } finally {
      await phone.close();
      await desktop.close();
    }
  });

  // A draft by the officer with the PDF uploaded, submitted straight to the leader and approved.
  const approved = (subject) =>
    approvedOutgoingDraft(officer, leader, subject, DRAFT, 'quyet-dinh.pdf');

  test('the leader signs several documents at once, each with its own result', async () => {
    const subjects = ['Về việc lô ký số một', 'Về việc lô ký số hai', 'Về việc lô ký số ba'];
    const docs = [];
    for (const subject of subjects) {
      docs.push(await approved(subject));
    }
    const browser = await launchBrowser();
    try {
      await withFailureScreenshot(browser.page, 'processing-batch-sign', async () => {
        const { page, errors } = browser;
        await login(page, app.baseUrl, 'lanhdao.snv');
        await page.goto(`${app.baseUrl}/van-ban/di`);
        const card = page.getByTestId('batch-sign');
        for (const subject of subjects) {
          await card.getByRole('link', { name: `Mở văn bản ${subject}` }).waitFor();
        }
        await expectNoAxeViolations(page, 'batch signing list');
        for (const subject of subjects) {
          await card.getByRole('checkbox', { name: `Chọn văn bản ${subject}` }).check();
        }
        await card.getByText('Đã chọn 3 văn bản').waitFor();
        // Meanwhile the leader sends the third back through another window: its row fails alone.
        const third = docs[2];
        const back = await leader.post(
          `${OUT}/${third.body.id}/return`,
          { comment: 'Sửa lại trích yếu.' },
          match(third),
        );
        assert.equal(back.status, 200, back.text);
        await card.getByLabel('Mật khẩu khóa ký').fill(DEMO_PASSWORD);
        await card.getByRole('button', { name: 'Ký 3 văn bản đã chọn' }).click();
        await card.getByText('Đã ký 2/3 văn bản.').waitFor();
        for (const d of docs.slice(0, 2)) {
          const cell = card.getByTestId(`batch-result-${d.body.id}`);
          assert.equal(await cell.getAttribute('data-state'), 'signed');
        }
        const failed = card.getByTestId(`batch-result-${third.body.id}`);
        assert.equal(await failed.getAttribute('data-state'), 'failed');
        assert.match(await failed.innerText(), /Chưa ký được/);
        await expectNoAxeViolations(page, 'batch signing results');
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await browser.close();
    }
    for (const d of docs.slice(0, 2)) {
      assert.equal((await leader.get(`${OUT}/${d.body.id}`)).body.state, 'signed');
    }
  });
  test('the drafter adds an appendix and uploads a Word draft', async () => {
    const created = await officer.post(OUT, {
      typeOrdinal: 2,
      subject: 'Về việc dự thảo có phụ lục',
      signerId: leader.user.id,
    });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id;
    const browser = await launchBrowser();
    try {
      await withFailureScreenshot(browser.page, 'processing-attachment', async () => {
        const { page, errors } = browser;
        await login(page, app.baseUrl, 'chuyenvien.snv');
        await page.goto(`${app.baseUrl}/van-ban/di/${id}`);
        const attachments = page.getByTestId('attachments');
        await attachments.getByText('Chưa có phụ lục.', { exact: false }).waitFor();
        await expectNoAxeViolations(page, 'draft with the appendices panel');
        await attachments.locator('input[type=file]').setInputFiles({
          name: 'phu-luc-1.pdf',
          mimeType: 'application/pdf',
          buffer: DRAFT,
        });
        await attachments.getByRole('link', { name: /phu-luc-1\.pdf/ }).waitFor();
        // One added by mistake is removed again.
        await attachments.locator('input[type=file]').setInputFiles({
          name: 'phu-luc-nham.pdf',
          mimeType: 'application/pdf',
          buffer: DRAFT,
        });
        await attachments.getByRole('link', { name: /phu-luc-nham\.pdf/ }).waitFor();
        await attachments.getByRole('button', { name: 'Bỏ phụ lục phu-luc-nham.pdf' }).click();
        await attachments
          .getByRole('link', { name: /phu-luc-nham\.pdf/ })
          .waitFor({ state: 'detached' });
        await attachments.getByRole('link', { name: /phu-luc-1\.pdf/ }).waitFor();
        // A Word draft becomes a PDF version the viewer shows (LibreOffice on the server).
        await page
          .locator('section[aria-labelledby="outgoing-draft-panel"] input[type=file]')
          .setInputFiles({
            name: 'du-thao.docx',
            mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            buffer: DOCX,
          });
        // The appendix is no draft: the page still asks for one.
        const noDraft = page.getByText('Chưa có tệp PDF nào', { exact: false });
        await noDraft.waitFor();
        await noDraft.waitFor({ state: 'detached', timeout: 300_000 });
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await browser.close();
    }
    const doc = (await officer.get(`${OUT}/${id}`)).body;
    assert.deepEqual(doc.files.map((f) => f.role).sort(), ['attachment', 'draft', 'source']);
  });
});
