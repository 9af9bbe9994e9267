// Proactive services in the browser (issue 13, item 8), at 360 px: the demo citizen's marital
// status confirmation is finished (through the API), the sweep offers its renewal with a prepared
// draft (a rules file with a one-month validity, so that today's result is due soon); the citizen
// finds the offer on "Hồ sơ của tôi", in Vietnamese and in English, and opening it lands on the
// submission page with the prepared draft. axe-core on the page with an offer.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  citizenLogin,
  DEMO_PASSWORD,
  REPO_ROOT,
  harness,
  launchBrowser,
  missingPrerequisite,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { expectNoAxeViolations, noHorizontalScroll, settle } from './support/page-checks.mjs';

const skip = missingPrerequisite();
const CODE = '1.004873';
const RULES = {
  version: 'e2e-1',
  rules: [
    {
      code: 'marital-status-expires',
      kind: 'resultExpires',
      level: 2,
      sourceProcedure: CODE,
      validMonths: 1,
      leadDays: 40,
      offerDaysAfter: 10,
      offerProcedure: CODE,
      reuseResultAs: 3,
      copyFields: ['requesterAddress', 'status'],
      title: 'Giấy xác nhận tình trạng hôn nhân sắp hết hạn',
      titleEn: 'Your marital status certificate is about to expire',
      notice: 'Giấy xác nhận của hồ sơ {dossier} hết hạn ngày {due}.',
      noticeEn: 'The certificate of dossier {dossier} expires on {due}.',
    },
  ],
};
// The session probe's 401 before sign-in is an answer the pages expect.
const scriptErrors = (errors) => errors.filter((error) => !/status of 401/.test(error));

describe('proactive services', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app, dir, draftId;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cqdt-proactive-e2e-'));
    const rulesFile = path.join(dir, 'rules.json');
    writeFileSync(rulesFile, JSON.stringify(RULES));
    app = await startApp({
      env: { CQDT_PROACTIVE_RULES_FILE: rulesFile, CQDT_PROACTIVE_SWEEP_HOUR: '-1' },
    });
    const h = await harness();
    const { minimalPdf } = await import(path.join(REPO_ROOT, 'tests', 'support', 'pki.mjs'));
    const PDF = minimalPdf('Giay xac nhan tinh trang hon nhan');
    const mai = await h.loggedIn(app.baseUrl, '091095000123', DEMO_PASSWORD, 'citizen');
    const counter = await h.loggedIn(app.baseUrl, 'motcua.rachgia');
    const officer = await h.loggedIn(app.baseUrl, 'chuyenvien.rachgia');
    const leader = await h.loggedIn(app.baseUrl, 'lanhdao.rachgia');
    const admin = await h.loggedIn(app.baseUrl, 'admin');
    const ok = (res, status = 200) => {
      assert.equal(res.status, status, res.text);
      return res.body;
    };
    const act = async (client, code, body) =>
      ok(await client.post(`/dossiers/${encodeURIComponent(code)}/actions`, body));
    const officerId = ok(await counter.get('/users')).items.find(
      (u) => u.username === 'chuyenvien.rachgia',
    ).id;
    const form = ok(await mai.get(`/portal/procedures/${CODE}/e-form`));
    const submitted = ok(
      await mai.post('/portal/dossiers', {
        procedureCode: CODE,
        agencyId: counter.user.agencyId,
        formId: form.id,
        answers: {
          requesterName: 'Nguyễn Thị Mai',
          requesterId: '091095000123',
          requesterPhone: '0912 345 678',
          requesterAddress: 'Phường Rạch Giá, tỉnh An Giang',
          status: 'chua-ket-hon',
          purpose: 'ket-hon',
          partnerName: 'Lê Văn Hùng',
          commitment: true,
        },
        documents: [{ ordinal: 4, files: [], byData: true }],
        delivery: 'electronic',
      }),
      201,
    );
    const code = (await act(counter, submitted.code, { action: 'accept' })).code;
    await act(counter, code, { action: 'transfer', assigneeId: officerId });
    await act(officer, code, { action: 'complete_step' });
    const file = ok(
      await leader.request('POST', '/dossiers/files?fileName=giay-xac-nhan.pdf', PDF, {
        raw: true,
        headers: { 'Content-Type': 'application/pdf' },
      }),
      201,
    );
    await act(leader, code, {
      action: 'attach_result',
      resultNote: 'Giấy xác nhận tình trạng hôn nhân số 12/2026',
      fileIds: [file.id],
    });
    await act(leader, code, { action: 'complete_step' });
    await act(leader, code, { action: 'finish' });
    assert.equal(ok(await admin.post('/admin/proactive/sweep', {})).offers, 1);
    draftId = ok(await mai.get('/portal/my/offers')).items[0].draftId;
    assert.ok(draftId);
  });
  after(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the citizen finds the offer on "Hồ sơ của tôi" and opens the prepared draft', async () => {
    const citizen = await launchBrowser({ viewport: { width: 360, height: 740 } });
    try {
      const { page, errors } = citizen;
      await withFailureScreenshot(page, 'portal-proactive', async () => {
        await citizenLogin(page, app.baseUrl);

        await page.goto(`${app.baseUrl}/portal/ho-so-cua-toi`);
        const main = page.getByRole('main');
        const section = main.locator('section[aria-labelledby="mine-offers"]');
        await section.getByRole('heading', { level: 2, name: 'Dịch vụ công chủ động' }).waitFor();
        await section.getByText('Giấy xác nhận tình trạng hôn nhân sắp hết hạn').waitFor();
        await section.getByText('Hồ sơ đã chuẩn bị sẵn').waitFor();
        await settle(page);
        await expectNoAxeViolations(page, 'my dossiers with a proactive offer');
        assert.ok(await noHorizontalScroll(page), 'the offers fit 360 px');

        // English: the section and the rule's own English texts.
        await page.getByText('EN', { exact: true }).click();
        await section.getByRole('heading', { level: 2, name: 'Proactive services' }).waitFor();
        await section.getByText('Your marital status certificate is about to expire').waitFor();
        await expectNoAxeViolations(page, 'my dossiers with a proactive offer, English');
        await page.getByText('VI', { exact: true }).click();
        await section.getByRole('heading', { level: 2, name: 'Dịch vụ công chủ động' }).waitFor();

        await section.getByRole('button', { name: 'Xem lại và nộp hồ sơ' }).click();
        await page.waitForURL(
          new RegExp(`/portal/nop-ho-so/${CODE.replace('.', '\\.')}\\?nhap=${draftId}$`),
        );
        await main.getByRole('heading', { level: 1, name: 'Nộp hồ sơ trực tuyến' }).waitFor();
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await citizen.close();
    }
  });
});
