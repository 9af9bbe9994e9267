// Work queues, the leader's view, delegation and comments (issue 10, item 5; docs/api.md "Work
// queues"): the queues and their counts change as a document moves; due soon / overdue are
// flagged (a due date in the past is overdue, one working day ahead is due soon — the server's
// real clock, no override needed); the leader sees the agency's open work; a leader's delegation
// lets a deputy assign and sign in their place, recorded as "X, được ủy quyền bởi Y", and its
// revocation stops it; comments carry a file; `cqdt doc remind` writes reminders once a day.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import {
  Client,
  loggedIn,
  prepareDataDir,
  runCli,
  sqliteUrl,
  startServer,
} from '../support/cqdt-server.mjs';
import { createPki, discPng } from '../support/pki.mjs';

const SNV_CODE = '000.00.01.H01';
const PASSWORD = 'Mat-khau-rieng@2026';
const DEPUTY_KEY = 'phogiamdoc-snv';
const OUT = '/documents/outgoing';
const DRAFT = readFileSync(new URL('./testdata/outgoing-draft.pdf', import.meta.url));

let server, dataDir;
let admin, leader, officer, outsider, clerk, deputy;

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

let pki; // its temp dir (keys and certificates) is removed after the tests
before(async () => {
  pki = createPki();
  const root = pki.createRoot('root', { cn: 'cqdt Kiểm thử Root CA' });
  const personal = pki.issue('deputy', root, {
    cn: 'Lê Văn Phó',
    o: 'Sở Nội vụ tỉnh An Giang',
  });
  const prepared = prepareDataDir();
  dataDir = prepared.dataDir;
  pki.pkcs12(personal, { password: '', file: path.join(dataDir, 'deputy.p12') });
  const keysFile = path.join(dataDir, 'keys.toml');
  writeFileSync(
    keysFile,
    [
      '[[key]]',
      `id = "${DEPUTY_KEY}"`,
      'kind = "personal"',
      'owner = "phogiamdoc.snv"',
      'source = "deputy.p12"',
      '',
    ].join('\n'),
  );
  server = await startServer({
    dataDir,
    ownDataDir: true,
    env: { CQDT_SIGNING_KEYS_FILE: keysFile },
  });
  admin = await loggedIn(server.baseUrl, 'admin');
  leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  outsider = await loggedIn(server.baseUrl, 'vanthu.ubnd');
  clerk = await staff('vanthu4.snv', 'Trần Thị Văn Thư', ['clerk']);
  // The deputy is an officer: without a delegation they may neither assign nor sign.
  deputy = await staff('phogiamdoc.snv', 'Lê Văn Phó', ['officer']);
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  pki?.cleanup();
});

const etag = (res) => res.headers.get('etag');
const match = (res) => ({ headers: { 'If-Match': etag(res) } });

// The date `n` days from today in Vietnam (UTC+7), YYYY-MM-DD.
function inDays(n) {
  return new Date(Date.now() + 7 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
}

let serial = 0;
async function registerIncoming() {
  serial += 1;
  const res = await clerk.post('/documents/incoming', {
    numberText: `${serial}/CV-UBND`,
    issuedDate: '2026-11-20',
    senderName: 'Ủy ban nhân dân tỉnh An Giang',
    subject: `Về việc báo cáo số ${serial}`,
  });
  assert.equal(res.status, 201, res.text);
  return res;
}

async function act(client, id, action, res, body = {}) {
  return client.post(`/documents/incoming/${id}/${action}`, body, match(res));
}

async function counts(client) {
  const body = assertStatus(await client.get('/documents/queues'), 200);
  return Object.fromEntries(body.items.map((c) => [c.queue, c]));
}

test('queues and their counts follow a document; due soon and overdue are flagged', async () => {
  const before = await counts(officer);
  let res = await registerIncoming();
  const id = res.body.id;
  assert.equal((await counts(clerk)).register.total >= 1, true);
  const registerBefore = (await counts(clerk)).register.total;
  const instructBefore = (await counts(leader)).instruct.total;

  res = await act(clerk, id, 'submit', res, { leaderId: leader.user.id });
  assertStatus(res, 200);
  assert.equal((await counts(clerk)).register.total, registerBefore - 1);
  assert.equal((await counts(leader)).instruct.total, instructBefore + 1);
  const waiting = assertStatus(await leader.get('/documents/queues/instruct'), 200);
  assert.ok(waiting.items.some((d) => d.id === id));

  res = await act(leader, id, 'assign', res, {
    instruction: 'Chủ trì báo cáo.',
    assignees: [{ userId: officer.user.id, role: 'lead' }],
    dueInWorkingDays: 1,
  });
  assertStatus(res, 200);
  let now = await counts(officer);
  assert.equal(now.process.total, before.process.total + 1);
  assert.equal(now.process.dueSoon, before.process.dueSoon + 1, 'one working day ahead');
  assert.equal(now.process.label, 'Chờ xử lý (chủ trì)');

  // A second one whose due date has passed.
  let late = await registerIncoming();
  const lateId = late.body.id;
  late = await act(clerk, lateId, 'submit', late, { leaderId: leader.user.id });
  late = await act(leader, lateId, 'assign', late, {
    assignees: [{ userId: officer.user.id, role: 'lead' }],
    dueDate: '2026-01-05',
  });
  assertStatus(late, 200);
  now = await counts(officer);
  assert.equal(now.process.overdue, before.process.overdue + 1);
  const overdue = assertStatus(await officer.get('/documents/queues/process?flag=overdue'), 200);
  assert.deepEqual(
    overdue.items.filter((d) => d.id === lateId).map((d) => [d.overdue, d.dueSoon]),
    [[true, false]],
  );
  const page = assertStatus(await officer.get('/documents/queues/process?limit=1&sort=due'), 200);
  assert.equal(page.items.length, 1);
  assert.equal(page.total, now.process.total);
  assert.equal(page.items[0].id, lateId, 'the earliest due date first');

  // Completing the first takes it out of the queue.
  res = await act(officer, id, 'accept', res);
  res = await act(officer, id, 'complete', res, { note: 'Đã báo cáo.' });
  assertStatus(res, 200);
  assert.equal((await counts(officer)).process.total, now.process.total - 1);

  // English labels; unknown queues and bad filters name themselves.
  const en = assertStatus(
    await officer.get('/documents/queues', { headers: { 'Accept-Language': 'en' } }),
    200,
  );
  assert.equal(en.items.find((c) => c.queue === 'sign').label, 'To sign');
  assertProblem(await officer.get('/documents/queues/everything'), 404, 'not-found');
  assertProblem(await officer.get('/documents/queues/process?flag=soon'), 422, 'validation', {
    fields: [['flag', 'enum']],
  });
  // Another agency's clerk sees none of it.
  const theirs = assertStatus(await outsider.get('/documents/queues/register'), 200);
  assert.ok(!theirs.items.some((d) => d.id === id || d.id === lateId));
});

test("the leader's view counts the agency's open work and lists the items behind a count", async () => {
  let late = await registerIncoming();
  late = await act(clerk, late.body.id, 'submit', late, { leaderId: leader.user.id });
  late = await act(leader, late.body.id, 'assign', late, {
    assignees: [{ userId: officer.user.id, role: 'lead' }],
    dueDate: '2026-02-02',
  });
  assertStatus(late, 200);
  const view = assertStatus(await leader.get('/documents/overview'), 200);
  assert.equal(view.items[0].scope, 'agency');
  assert.ok(view.items[0].overdue >= 1);
  assert.ok(view.items.length >= 2, 'a line per unit (or "no unit") after the agency');
  const items = assertStatus(await leader.get('/documents/overview/items?flag=overdue'), 200);
  assert.ok(items.items.some((d) => d.id === late.body.id));
  assert.equal(items.total, view.items[0].overdue);
  assertProblem(await officer.get('/documents/overview'), 403, 'forbidden');
});

test('a delegated assign right lets the deputy assign, in the leader’s name, until revoked', async () => {
  let res = await registerIncoming();
  const id = res.body.id;
  res = await act(clerk, id, 'submit', res, { leaderId: leader.user.id });
  // Not yet delegated: the officer does not even see the submitted document.
  assertProblem(
    await act(deputy, id, 'assign', res, {
      assignees: [{ userId: officer.user.id, role: 'lead' }],
    }),
    404,
    'not-found',
  );
  // Only leaders delegate; the fields are named.
  assertProblem(
    await officer.post('/documents/delegations', {
      toUserId: deputy.user.id,
      rights: ['assign'],
      endsOn: inDays(30),
      reason: 'Đi công tác',
    }),
    403,
    'forbidden',
  );
  assertProblem(
    await leader.post('/documents/delegations', {
      toUserId: outsider.user.id,
      rights: ['assign', 'everything'],
      endsOn: inDays(30),
      reason: 'Đi công tác',
    }),
    422,
    'validation',
    { fields: [['toUserId', 'invalid'], ['rights', 'enum']] },
  );
  const made = assertStatus(
    await leader.post('/documents/delegations', {
      toUserId: deputy.user.id,
      rights: ['assign'],
      endsOn: inDays(30),
      reason: 'Đi công tác nước ngoài',
    }),
    201,
  );
  assert.equal(made.active, true);
  assert.deepEqual(made.rights, ['assign']);
  const mine = assertStatus(await deputy.get('/documents/delegations'), 200);
  assert.ok(mine.items.some((d) => d.id === made.id));
  assert.ok((await counts(deputy)).instruct.total >= 1);
  // What the queue lists, the deputy can open.
  assertStatus(await deputy.get(`/documents/incoming/${id}`), 200);

  res = await act(deputy, id, 'assign', res, {
    instruction: 'Thay lãnh đạo giao.',
    assignees: [{ userId: officer.user.id, role: 'lead' }],
  });
  assertStatus(res, 200);
  const timeline = assertStatus(await leader.get(`/documents/incoming/${id}/timeline`), 200);
  assert.equal(timeline.items.at(-1).actor, 'phogiamdoc.snv, được ủy quyền bởi lanhdao.snv');
  const audit = assertStatus(await admin.get('/audit?action=documents.delegation.created'), 200);
  assert.ok(audit.items.length >= 1, JSON.stringify(audit));

  // Revoked by the leader (the deputy cannot): the next document is out of the deputy's reach.
  assertProblem(
    await deputy.post(`/documents/delegations/${made.id}/revoke`, {}),
    403,
    'forbidden',
  );
  const revoked = assertStatus(
    await leader.post(`/documents/delegations/${made.id}/revoke`, { reason: 'Đã về' }),
    200,
  );
  assert.equal(revoked.active, false);
  let next = await registerIncoming();
  next = await act(clerk, next.body.id, 'submit', next, { leaderId: leader.user.id });
  assertProblem(
    await act(deputy, next.body.id, 'assign', next, {
      assignees: [{ userId: officer.user.id, role: 'lead' }],
    }),
    404,
    'not-found',
  );
});

test('a delegated sign right lets the deputy approve and sign with their own key', async () => {
  let res = await officer.post(OUT, {
    typeOrdinal: 2,
    subject: 'Về việc tổ chức hội nghị',
    signerId: leader.user.id,
    recipients: [{ name: 'Lưu: VT' }],
  });
  assertStatus(res, 201);
  const id = res.body.id;
  res = await officer.request('POST', `${OUT}/${id}/files?name=du-thao.pdf`, DRAFT, {
    raw: true,
    headers: { 'Content-Type': 'application/pdf', 'If-Match': etag(res) },
  });
  assertStatus(res, 200);
  res = await officer.post(`${OUT}/${id}/submit`, {}, match(res));
  assertStatus(res, 200);
  // Before the delegation, the deputy is not the reviewer whose turn it is.
  assertProblem(await deputy.post(`${OUT}/${id}/approve`, {}, match(res)), 404, 'not-found');
  const made = assertStatus(
    await leader.post('/documents/delegations', {
      toUserId: deputy.user.id,
      rights: ['sign'],
      endsOn: inDays(30),
      reason: 'Nghỉ phép',
    }),
    201,
  );
  assert.ok((await counts(deputy)).review.total >= 1);
  res = await deputy.post(`${OUT}/${id}/approve`, {}, match(res));
  assertStatus(res, 200);
  assert.equal(res.body.state, 'approved');
  assert.ok((await counts(deputy)).sign.total >= 1);
  res = await deputy.post(`${OUT}/${id}/sign`, { keyId: DEPUTY_KEY }, match(res));
  assertStatus(res, 200);
  assert.equal(res.body.state, 'signed');
  const timeline = assertStatus(await leader.get(`${OUT}/${id}/timeline`), 200);
  const signed = timeline.items.find((e) => e.action === 'documents.outgoing.signed');
  assert.equal(signed.actorName, 'phogiamdoc.snv, được ủy quyền bởi lanhdao.snv');

  // Revoked: the next draft waits for the leader again.
  assertStatus(await leader.post(`/documents/delegations/${made.id}/revoke`, {}), 200);
  let other = await officer.post(OUT, {
    typeOrdinal: 2,
    subject: 'Về việc khác',
    signerId: leader.user.id,
    recipients: [{ name: 'Lưu: VT' }],
  });
  other = await officer.request(
    'POST',
    `${OUT}/${other.body.id}/files?name=du-thao.pdf`,
    DRAFT,
    { raw: true, headers: { 'Content-Type': 'application/pdf', 'If-Match': etag(other) } },
  );
  other = await officer.post(`${OUT}/${other.body.id}/submit`, {}, match(other));
  assertStatus(other, 200);
  assertProblem(
    await deputy.post(`${OUT}/${other.body.id}/approve`, {}, match(other)),
    404,
    'not-found',
  );
});

test('comments carry a file, are listed for the route and hidden from outsiders', async () => {
  const doc = await registerIncoming();
  const id = doc.body.id;
  const file = assertStatus(
    await leader.post('/documents/files?fileName=y-kien.png', discPng(), {
      raw: true,
      headers: { 'Content-Type': 'image/png' },
    }),
    201,
  );
  assertProblem(await leader.post(`/documents/${id}/comments`, { text: '' }), 422, 'validation', {
    fields: [['text', 'required']],
  });
  const c = assertStatus(
    await leader.post(`/documents/${id}/comments`, {
      text: 'Đề nghị bổ sung số liệu quý IV.',
      fileId: file.id,
    }),
    201,
  );
  assert.equal(c.file.id, file.id);
  const list = assertStatus(await clerk.get(`/documents/${id}/comments`), 200);
  assert.deepEqual(
    list.items.map((x) => [x.text, x.file?.name]),
    [['Đề nghị bổ sung số liệu quý IV.', 'y-kien.png']],
  );
  const download = await clerk.get(`/documents/${id}/comments/files/${file.id}`);
  assert.equal(download.status, 200);
  assert.match(download.headers.get('content-disposition'), /^attachment;/);
  const timeline = assertStatus(await clerk.get(`/documents/incoming/${id}/timeline`), 200);
  assert.equal(timeline.items.at(-1).action, 'documents.commented');
  assertProblem(await outsider.get(`/documents/${id}/comments`), 404, 'not-found');
  assertProblem(
    await outsider.post(`/documents/${id}/comments`, { text: 'Xin chào' }),
    404,
    'not-found',
  );
});

test('`cqdt doc remind` writes the day’s reminders once', async () => {
  let late = await registerIncoming();
  late = await act(clerk, late.body.id, 'submit', late, { leaderId: leader.user.id });
  late = await act(leader, late.body.id, 'assign', late, {
    assignees: [{ userId: officer.user.id, role: 'lead' }],
    dueDate: '2026-03-02',
  });
  assertStatus(late, 200);
  const env = { CQDT_DB: sqliteUrl(path.join(dataDir, 'cqdt.db')), CQDT_DATA_DIR: dataDir };
  const first = await runCli(['doc', 'remind', '--json'], { env });
  assert.equal(first.code, 0, first.stderr);
  assert.ok(JSON.parse(first.stdout).overdue >= 1, first.stdout);
  const second = await runCli(['doc', 'remind', '--json'], { env });
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(JSON.parse(second.stdout), { dueSoon: 0, overdue: 0 });
  const notices = assertStatus(await officer.get('/notifications'), 200);
  assert.ok(
    notices.items.some(
      (n) => n.kind === 'documents.overdue' && n.link === `/van-ban/den/${late.body.id}`,
    ),
    JSON.stringify(notices.items.map((n) => n.kind)),
  );
});
