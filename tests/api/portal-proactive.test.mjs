// Proactive services on the portal (issue 13, item 8) against the real binary: a finished dossier
// whose result expires is found by the sweep (run now by an administrator; the server's daily
// timer is off here), once however often it runs; the citizen gets a notice and an offer whose
// draft is pre-filled from the earlier dossier with its result reused from the document store;
// the citizen submits it and the offer shows as submitted; nobody else sees or touches it; the
// rules are data (a rules file given at start here, with a one-month validity so that a result
// issued today is due within the lead time).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, DEMO_PASSWORD, loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';
import { minimalPdf } from '../support/pki.mjs';

const CODE = '1.004873'; // marital status confirmation: document 3 is the one issued before
const PDF = minimalPdf('Giay xac nhan tinh trang hon nhan');
const RULES = {
  version: 'test-1',
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
      basis: 'Nghị định 123/2015/NĐ-CP, Điều 23',
      unconfirmed: ['leadDays'],
    },
  ],
};

let server, dir, mai, other, counter, officer, leader, admin, anyone, ward, officerId;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cqdt-proactive-'));
  const rulesFile = path.join(dir, 'rules.json');
  writeFileSync(rulesFile, JSON.stringify(RULES));
  server = await startServer({
    env: { CQDT_PROACTIVE_RULES_FILE: rulesFile, CQDT_PROACTIVE_SWEEP_HOUR: '-1' },
  });
  anyone = new Client(server.baseUrl);
  mai = await loggedIn(server.baseUrl, '091095000123', DEMO_PASSWORD, 'citizen');
  const OTHER = {
    fullName: 'Trần Thị Khác',
    citizenIdNumber: '091095000789',
    phone: '0987654321',
    password: 'KhacNguoi#2026-Portal',
  };
  assertStatus(await anyone.post('/citizens', OTHER), 202);
  other = await loggedIn(server.baseUrl, OTHER.citizenIdNumber, OTHER.password, 'citizen');
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.rachgia');
  leader = await loggedIn(server.baseUrl, 'lanhdao.rachgia');
  admin = await loggedIn(server.baseUrl, 'admin');
  ward = counter.user.agencyId;
  const users = assertStatus(await counter.get('/users'), 200);
  officerId = users.items.find((u) => u.username === 'chuyenvien.rachgia').id;
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const act = async (client, code, body) =>
  assertStatus(await client.post(`/dossiers/${encodeURIComponent(code)}/actions`, body), 200);

function answers(extra = {}) {
  return {
    requesterName: 'Nguyễn Thị Mai',
    requesterId: '091095000123',
    requesterPhone: '0912 345 678',
    requesterAddress: 'Phường Rạch Giá, tỉnh An Giang',
    status: 'chua-ket-hon',
    purpose: 'ket-hon',
    partnerName: 'Lê Văn Hùng',
    commitment: true,
    ...extra,
  };
}

// Mai's dossier submitted online, accepted, processed, its result (a PDF) attached and returned.
async function finishedDossier() {
  const f = assertStatus(await anyone.get(`/portal/procedures/${CODE}/e-form`), 200);
  const submitted = assertStatus(
    await mai.post('/portal/dossiers', {
      procedureCode: CODE,
      agencyId: ward,
      formId: f.id,
      answers: answers(),
      documents: [{ ordinal: 4, files: [], byData: true }],
      delivery: 'electronic',
    }),
    201,
  );
  const accepted = await act(counter, submitted.code, { action: 'accept' });
  const code = accepted.code;
  await act(counter, code, { action: 'transfer', assigneeId: officerId });
  await act(officer, code, { action: 'complete_step' });
  const file = assertStatus(
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
  return code;
}

let earlier, offer;

test('a finished dossier whose result expires: the sweep offers it once, with a notice', async () => {
  earlier = await finishedDossier();
  assertProblem(await mai.post('/admin/proactive/sweep', {}), 403, 'forbidden');
  assertProblem(await counter.post('/admin/proactive/sweep', {}), 403, 'forbidden');
  const first = assertStatus(await admin.post('/admin/proactive/sweep', {}), 200);
  assert.deepEqual(first, { offers: 1, drafts: 1, notices: 1 });
  // Again, as a restart or a second server would: nothing more.
  const again = assertStatus(await admin.post('/admin/proactive/sweep', {}), 200);
  assert.deepEqual(again, { offers: 0, drafts: 0, notices: 0 });

  const mine = assertStatus(await mai.get('/portal/my/offers'), 200);
  assert.equal(mine.items.length, 1);
  offer = mine.items[0];
  assert.equal(offer.rule, 'marital-status-expires');
  assert.equal(offer.level, 2);
  assert.equal(offer.sourceDossierCode, earlier);
  assert.equal(offer.procedureCode, CODE);
  assert.equal(offer.state, 'open');
  assert.match(offer.dueDate, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(offer.notice.includes(earlier));
  assert.ok(Number.isInteger(offer.draftId));

  const notices = assertStatus(await mai.get('/notifications'), 200);
  const notice = notices.items.find((n) => n.kind === 'proactive.offer');
  assert.ok(notice, JSON.stringify(notices.items));
  assert.ok(notice.text.startsWith('Giấy xác nhận tình trạng hôn nhân sắp hết hạn'));
  assert.equal(notice.link, `/portal/nop-ho-so/${CODE}?nhap=${offer.draftId}`);
  const english = assertStatus(
    await mai.request('GET', '/notifications', undefined, { headers: { 'Accept-Language': 'en' } }),
    200,
  );
  assert.ok(
    english.items.some((n) => n.text.startsWith('Your marital status certificate')),
    JSON.stringify(english.items),
  );
});

test('the prepared draft carries the earlier answers and reuses the earlier result', async () => {
  const draft = assertStatus(await mai.get(`/portal/drafts/${offer.draftId}`), 200);
  assert.equal(draft.procedureCode, CODE);
  assert.equal(draft.agencyId, ward);
  assert.equal(draft.answers.status, 'chua-ket-hon');
  assert.equal(draft.answers.requesterName, 'Nguyễn Thị Mai');
  assert.equal(draft.answers.purpose, undefined); // not carried: asked again
  assert.equal(draft.answers.commitment, undefined);
  assert.equal(draft.documents.length, 1);
  assert.equal(draft.documents[0].ordinal, 3);
  const reused = draft.documents[0].files[0];
  assert.match(reused.id, /^d\d+$/);
  const store = assertStatus(await mai.get('/portal/store'), 200);
  const result = store.items.find((f) => f.id === reused.id);
  assert.equal(result.source, 'result');
  assert.equal(result.dossier.code, earlier);

  // Opening it again gives the same draft.
  const opened = assertStatus(await mai.post(`/portal/my/offers/${offer.id}/draft`, {}), 200);
  assert.equal(opened.draftId, offer.draftId);

  // The citizen reviews, completes and submits: the result is recorded as reused.
  const f = assertStatus(await anyone.get(`/portal/procedures/${CODE}/e-form`), 200);
  const submitted = assertStatus(
    await mai.post('/portal/dossiers', {
      procedureCode: CODE,
      agencyId: draft.agencyId,
      formId: f.id,
      answers: {
        ...draft.answers,
        purpose: 'ket-hon',
        partnerName: 'Lê Văn Hùng',
        commitment: true,
      },
      documents: [
        { ordinal: 3, files: [reused.id] },
        { ordinal: 4, files: [], byData: true },
      ],
      delivery: 'electronic',
      draftId: offer.draftId,
    }),
    201,
  );
  assertProblem(await mai.get(`/portal/drafts/${offer.draftId}`), 404, 'not-found');
  const after = assertStatus(await mai.get('/portal/my/offers'), 200);
  assert.equal(after.items[0].state, 'submitted');
  assert.equal(after.items[0].draftId, null);
  assert.ok(submitted.code !== earlier);
});

test('nobody else sees or touches an offer; staff cannot read offers; dismissing', async () => {
  assert.deepEqual(assertStatus(await other.get('/portal/my/offers'), 200).items, []);
  assertProblem(await other.post(`/portal/my/offers/${offer.id}/dismiss`, {}), 404, 'not-found');
  assertProblem(await other.post(`/portal/my/offers/${offer.id}/draft`, {}), 404, 'not-found');
  assertProblem(await counter.get('/portal/my/offers'), 403, 'forbidden');
  assertProblem(await anyone.get('/portal/my/offers'), 401, 'unauthenticated');
  assertStatus(await mai.post(`/portal/my/offers/${offer.id}/dismiss`, {}), 204);
  assertProblem(await mai.post('/portal/my/offers/999999/dismiss', {}), 404, 'not-found');
});

test('the rules in force are shown to administrators', async () => {
  const rules = assertStatus(await admin.get('/admin/proactive/rules'), 200);
  assert.equal(rules.version, 'test-1');
  assert.equal(rules.items[0].sourceProcedure, CODE);
  assert.equal(rules.items[0].validMonths, 1);
  assertProblem(await counter.get('/admin/proactive/rules'), 403, 'forbidden');
  const openapi = assertStatus(await anyone.get('/api/openapi.json'), 200);
  assert.ok(openapi.paths['/api/v1/portal/my/offers'] ?? openapi.paths['/portal/my/offers']);
  assert.ok(openapi.components.schemas.ProactiveOffer);
});

test('a rules file that is not valid, or cannot be read, stops the server at start', () => {
  const config = path.join(dir, 'cqdt.toml');
  const rules = path.join(dir, 'bad-rules.json');
  const bad = structuredClone(RULES);
  bad.rules[0].leadDays = 400;
  writeFileSync(rules, JSON.stringify(bad));
  const serve = () =>
    runCli([
      'serve',
      '--config',
      config,
      '--data-dir',
      path.join(dir, 'data'),
      '--listen',
      '127.0.0.1:0',
    ]);
  writeFileSync(config, `[proactive]\nrules_file = "${rules}"\n`);
  const refused = serve();
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(
    refused.stderr,
    /Tệp quy tắc dịch vụ công chủ động không hợp lệ tại 'rules\[0\]\.leadDays'/,
  );
  writeFileSync(config, `[proactive]\nrules_file = "${path.join(dir, 'none.json')}"\n`);
  const missing = serve();
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(
    missing.stderr,
    /proactive\.rules_file: Không đọc được tệp quy tắc dịch vụ công chủ động/,
  );
});
