// The file plan and work records (issue 11, item 1) against the real binary: leaders and clerks
// draw up the year's plan and copy it forward; an officer opens a record from it, a document is
// filed by someone who may see it, a file is added and downloads as it was; the close computes
// the Phụ lục VI §8.3 items and leaves the record read-only; outsiders learn nothing; the
// appraisal list is the leaders'; every refusal names its field, in English when asked.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, loggedIn, prepareDataDir, startServer } from '../support/cqdt-server.mjs';
import { discPng } from '../support/pki.mjs';

const PASSWORD = 'Mat-khau-rieng@2026';

let server;
let admin, leader, officer, outsider, clerk;

// This year and last in Vietnam (UTC+7).
const THIS_YEAR = Number(new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 4));
const LAST_YEAR = THIS_YEAR - 1;

// A staff account of Sở Nội vụ made by the admin, whose password its owner then chooses.
async function staff(username, fullName, roles) {
  assertStatus(
    await admin.post('/users', {
      username,
      fullName,
      email: `${username}@angiang.gov.vn`,
      agencyId: leader.user.agencyId,
      roles,
      password: 'Tam-thoi@2026',
    }),
    201,
  );
  const c = new Client(server.baseUrl);
  assertStatus(await c.login(username, 'Tam-thoi@2026'), 200);
  assertStatus(
    await c.post('/auth/change-password', {
      currentPassword: 'Tam-thoi@2026',
      newPassword: PASSWORD,
    }),
    204,
  );
  return loggedIn(server.baseUrl, username, PASSWORD);
}

before(async () => {
  const { dataDir } = prepareDataDir();
  server = await startServer({ dataDir, ownDataDir: true });
  admin = await loggedIn(server.baseUrl, 'admin');
  leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  outsider = await loggedIn(server.baseUrl, 'vanthu.ubnd');
  clerk = await staff('vanthu-hoso.snv', 'Phạm Thị Lưu Trữ', ['clerk']);
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
});

async function addItem(client, code, extra = {}) {
  return client.post('/records/plan', {
    year: THIS_YEAR,
    code,
    title: `Hồ sơ ${code} về tổ chức hội nghị`,
    retentionYears: 10,
    ...extra,
  });
}

let serial = 0;
async function registerIncoming() {
  serial += 1;
  const res = await clerk.post('/documents/incoming', {
    numberText: `${serial}/HS-UBND`,
    issuedDate: `${THIS_YEAR}-01-0${serial}`,
    senderName: 'Ủy ban nhân dân tỉnh An Giang',
    subject: `Về việc lập hồ sơ số ${serial}`,
    pageCount: 2,
  });
  assert.equal(res.status, 201, res.text);
  return res.body;
}

test('leaders and clerks draw up the plan; refusals name their field', async () => {
  const item = assertStatus(
    await addItem(clerk, '01.TCCB', { responsibleUserId: officer.user.id }),
    201,
  );
  assert.equal(item.retentionLabel, '10 năm');
  assert.equal(item.responsibleName, officer.user.fullName);
  assert.equal(item.recordId, null);

  assertProblem(await addItem(officer, '02.TCCB'), 403, 'forbidden');
  assertProblem(await addItem(leader, '01.TCCB'), 409, 'conflict', {
    fields: [['code', 'duplicate']],
  });
  assertProblem(
    await leader.post('/records/plan', {
      year: THIS_YEAR,
      code: 'có khoảng',
      title: '',
      retentionYears: 0,
    }),
    422,
    'validation',
    {
      fields: [
        ['code', 'format'],
        ['title', 'required'],
        ['retentionYears', 'range'],
      ],
    },
  );
  const english = await leader.post(
    '/records/plan',
    { year: THIS_YEAR, code: '01.TCCB', title: 'x' },
    { headers: { 'Accept-Language': 'en' } },
  );
  assert.equal(english.status, 409);
  assert.match(english.body.detail, /already has that record number/);

  // Permanent when no retention is given; edited with its version.
  const permanent = assertStatus(await addItem(leader, '03.TCCB', { retentionYears: null }), 201);
  assert.equal(permanent.retentionLabel, 'Vĩnh viễn');
  const edited = assertStatus(
    await leader.put(`/records/plan/${permanent.id}`, {
      code: '03.TCCB',
      title: 'Hồ sơ quy hoạch cán bộ',
      retentionYears: null,
      version: permanent.version,
    }),
    200,
  );
  assert.equal(edited.title, 'Hồ sơ quy hoạch cán bộ');
  assertProblem(
    await leader.put(`/records/plan/${permanent.id}`, {
      code: '03.TCCB',
      title: 'Cũ',
      version: permanent.version,
    }),
    409,
    'conflict',
    { fields: [['version', 'stale']] },
  );
  assertProblem(
    await outsider.put(`/records/plan/${permanent.id}`, {
      code: '03.TCCB',
      title: 'x',
      version: edited.version,
    }),
    404,
    'not-found',
  );

  const plan = assertStatus(await officer.get(`/records/plan?year=${THIS_YEAR}`), 200);
  assert.equal(plan.canEdit, false);
  assert.ok(plan.items.some((i) => i.code === '01.TCCB'));
  assertProblem(await officer.get('/records/plan?year=1999'), 422, 'validation', {
    fields: [['year', 'range']],
  });
  const outsiders = assertStatus(await outsider.get(`/records/plan?year=${THIS_YEAR}`), 200);
  assert.equal(
    outsiders.items.some((i) => i.code === '01.TCCB'),
    false,
  );
  // Removable while no record was opened under it.
  assertStatus(await leader.delete(`/records/plan/${permanent.id}`), 204);
});

test('last year plan is copied forward in one action, skipping codes already there', async () => {
  assertStatus(
    await clerk.post('/records/plan', {
      year: LAST_YEAR,
      code: '01.TCCB',
      title: 'Cũ',
    }),
    201,
  );
  assertStatus(
    await clerk.post('/records/plan', {
      year: LAST_YEAR,
      code: '05.VP',
      title: 'Hồ sơ văn thư',
      retentionYears: 5,
    }),
    201,
  );
  const copied = assertStatus(
    await clerk.post('/records/plan/copy', {
      fromYear: LAST_YEAR,
      toYear: THIS_YEAR,
    }),
    200,
  );
  assert.equal(copied.copied, 1);
  assert.equal(copied.skipped, 1);
  assert.ok(copied.items.some((i) => i.code === '05.VP' && i.retentionYears === 5));
  assertProblem(
    await clerk.post('/records/plan/copy', {
      fromYear: THIS_YEAR,
      toYear: LAST_YEAR,
    }),
    422,
    'validation',
    { fields: [['fromYear', 'range']] },
  );
});

test('a record files documents and files, closes with its items and is then read-only', async () => {
  const plan = assertStatus(await officer.get(`/records/plan?year=${THIS_YEAR}`), 200);
  const item = plan.items.find((i) => i.code === '01.TCCB');
  const record = assertStatus(await officer.post('/records', { planItemId: item.id }), 201);
  assert.equal(record.state, 'open');
  assert.equal(record.stateLabel, 'Đang lập');
  assert.equal(record.fileCode, `${record.organId}.${THIS_YEAR}.01.TCCB`);
  assert.equal(record.canEdit, true);
  assertProblem(await officer.post('/records', { planItemId: item.id }), 409, 'conflict', {
    fields: [['planItemId', 'duplicate']],
  });
  assertProblem(await outsider.get(`/records/${record.id}`), 404, 'not-found');

  // The officer does not see a document only registered; the clerk does, and files it.
  const first = await registerIncoming();
  const second = await registerIncoming();
  assertProblem(
    await officer.post(`/records/${record.id}/documents`, {
      documentId: first.id,
    }),
    404,
    'not-found',
  );
  assertStatus(
    await clerk.post(`/records/${record.id}/documents`, {
      documentId: first.id,
    }),
    200,
  );
  let filed = assertStatus(
    await clerk.post(`/records/${record.id}/documents`, {
      documentId: second.id,
    }),
    200,
  );
  assert.deepEqual(
    filed.documents.map((d) => [d.documentId, d.ordinal]),
    [
      [first.id, 1],
      [second.id, 2],
    ],
  );
  assertProblem(
    await clerk.post(`/records/${record.id}/documents`, { documentId: 'x' }),
    422,
    'validation',
  );
  filed = assertStatus(await clerk.delete(`/records/${record.id}/documents/${first.id}`), 200);
  assert.deepEqual(
    filed.documents.map((d) => [d.documentId, d.ordinal]),
    [[second.id, 1]],
  );

  const png = discPng();
  const upload = assertStatus(
    await officer.post('/documents/files?fileName=bien-ban.png', png, {
      raw: true,
      headers: { 'Content-Type': 'image/png' },
    }),
    201,
  );
  assertProblem(
    await clerk.post(`/records/${record.id}/files`, { fileId: upload.id }),
    422,
    'validation',
    { fields: [['fileId', 'invalid']] },
  );
  filed = assertStatus(
    await officer.post(`/records/${record.id}/files`, { fileId: upload.id }),
    200,
  );
  assert.equal(filed.files.length, 1);
  assert.equal(filed.docTotal, 2);
  const download = await officer.get(`/records/${record.id}/files/${upload.id}`);
  assert.equal(download.status, 200);
  assert.equal(download.headers.get('content-type'), 'image/png');
  assert.equal(Number(download.headers.get('content-length')), png.length);
  assertProblem(await outsider.get(`/records/${record.id}/files/${upload.id}`), 404, 'not-found');

  assertProblem(
    await officer.post(`/records/${record.id}/close`, {
      title: filed.title,
      language: 'Tiếng Việt',
      rights: 'public',
      version: filed.version - 1,
    }),
    409,
    'conflict',
    { fields: [['version', 'stale']] },
  );
  assertProblem(
    await officer.post(`/records/${record.id}/close`, {
      title: filed.title,
      language: '',
      rights: 'secret',
      version: filed.version,
    }),
    422,
    'validation',
    {
      fields: [
        ['language', 'required'],
        ['rights', 'enum'],
      ],
    },
  );
  const closed = assertStatus(
    await officer.post(`/records/${record.id}/close`, {
      title: filed.title,
      description: 'Đủ thành phần',
      language: 'Tiếng Việt',
      rights: 'restricted',
      version: filed.version,
    }),
    200,
  );
  assert.equal(closed.state, 'closed');
  assert.equal(closed.rightsLabel, 'Hạn chế sử dụng');
  assert.equal(closed.startDate, second.issuedDate);
  assert.equal(closed.pageTotal, 3);
  assert.equal(closed.canEdit, false);
  assertProblem(
    await clerk.post(`/records/${record.id}/documents`, {
      documentId: first.id,
    }),
    409,
    'failed-precondition',
  );

  const mine = assertStatus(await officer.get(`/records?mine=true&year=${THIS_YEAR}`), 200);
  assert.ok(mine.items.some((r) => r.id === record.id && r.stateLabel === 'Đã đóng'));
  const theirs = assertStatus(await outsider.get('/records'), 200);
  assert.equal(
    theirs.items.some((r) => r.id === record.id),
    false,
  );
  assertProblem(await officer.get('/records?mine=yes'), 422, 'validation', {
    fields: [['mine', 'enum']],
  });
});

test('appraisal is the leaders and waits for the retention to pass', async () => {
  assertProblem(await officer.get('/records/appraisal'), 403, 'forbidden');
  const due = assertStatus(await leader.get('/records/appraisal'), 200);
  assert.deepEqual(due.items, []);
  const list = assertStatus(await leader.get('/records?state=closed'), 200);
  const closed = list.items[0];
  assertProblem(
    await leader.post(`/records/${closed.id}/appraisal`, {
      decision: 'destroy',
      decisionNumber: '01/QĐ-SNV',
      decisionDate: `${THIS_YEAR}-01-02`,
      reason: 'Hết giá trị',
    }),
    409,
    'failed-precondition',
  );
  assertProblem(
    await leader.post(`/records/${closed.id}/appraisal`, {
      decision: 'burn',
      decisionNumber: '',
      decisionDate: 'hôm nay',
      reason: 'x',
    }),
    422,
    'validation',
    {
      fields: [
        ['decision', 'enum'],
        ['decisionNumber', 'required'],
        ['decisionDate', 'format'],
      ],
    },
  );
});

test('the OpenAPI document lists the records routes', async () => {
  const doc = assertStatus(await officer.get('/api/openapi.json'), 200);
  for (const p of [
    '/api/v1/records/plan',
    '/api/v1/records/plan/copy',
    '/api/v1/records/{id}/close',
    '/api/v1/records/{id}/appraisal',
  ]) {
    assert.ok(doc.paths[p], p);
  }
});
