// Document registers (issue 10, item 1; docs/api.md "Document registers"): an agency's default
// registers, configuration by admins and the agency's leaders, writers, the entries of a year and
// the cancellation of a number (kept in the register with its reason, never reused).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { assertProblem } from '../support/api-assert.mjs';
import { loggedIn, PROVINCE_CODE, runCli, startServer } from '../support/cqdt-server.mjs';

let server;
let admin, clerk, leader, officer;
let ubnd, snv; // agency ids: UBND tỉnh (the clerk's), Sở Nội vụ (the leader's and officer's)

const sqlite = (sql) => execFileSync('sqlite3', [server.dbPath, sql], { encoding: 'utf8' }).trim();

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
  clerk = await loggedIn(server.baseUrl, 'vanthu.ubnd');
  leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  ubnd = clerk.user.agencyId;
  snv = leader.user.agencyId;
  assert.ok(ubnd && snv && ubnd !== snv);
});
after(async () => {
  await server?.stop();
});

async function registersOf(client, agency, opts) {
  const res = await client.get(`/agencies/${agency}/document-registers`, opts);
  assert.equal(res.status, 200, res.text);
  return res.body.items;
}

test('every agency gets its four default registers on the first visit, once', async () => {
  const first = await registersOf(clerk, ubnd);
  assert.deepEqual(
    first.map((r) => [r.direction, r.kind, r.name, r.isDefault, r.active]),
    [
      ['incoming', 'general', 'Sổ văn bản đến', true, true],
      ['incoming', 'confidential', 'Sổ văn bản mật đến', true, true],
      ['outgoing', 'general', 'Sổ văn bản đi', true, true],
      ['outgoing', 'confidential', 'Sổ văn bản mật đi', true, true],
    ],
  );
  assert.equal(first[0].directionLabel, 'Văn bản đến');
  assert.equal(first[1].kindLabel, 'Sổ văn bản mật');
  assert.match(first[0].createdAt, /\+07:00$/, 'times in Vietnam time, labelled');
  const again = await registersOf(clerk, ubnd);
  assert.deepEqual(
    again.map((r) => r.id),
    first.map((r) => r.id),
  );
  // English labels and default names for an English reader; codes unchanged.
  const en = await registersOf(clerk, ubnd, { headers: { 'Accept-Language': 'en' } });
  assert.equal(en[0].directionLabel, 'Incoming document');
  assert.equal(en[0].name, 'Incoming register');
  assert.equal(en[0].direction, 'incoming');
});

test("another agency's registers: 403 for the list, 404 for one of them", async () => {
  const ubndRegisters = await registersOf(clerk, ubnd);
  assertProblem(await officer.get(`/agencies/${ubnd}/document-registers`), 403, 'forbidden');
  assertProblem(await officer.get(`/document-registers/${ubndRegisters[0].id}`), 404, 'not-found');
  assertProblem(
    await officer.get(`/document-registers/${ubndRegisters[0].id}/entries`),
    404,
    'not-found',
  );
  // Admins configure every agency's registers.
  const res = await admin.get(`/document-registers/${ubndRegisters[0].id}`);
  assert.equal(res.status, 200, res.text);
});

test('leaders of the agency and admins create registers; clerks and officers do not', async () => {
  const body = {
    direction: 'outgoing',
    kind: 'per_type',
    name: 'Sổ quyết định',
    documentTypes: [2],
  };
  assertProblem(await officer.post(`/agencies/${snv}/document-registers`, body), 403, 'forbidden');
  assertProblem(await clerk.post(`/agencies/${ubnd}/document-registers`, body), 403, 'forbidden');
  assertProblem(await leader.post(`/agencies/${ubnd}/document-registers`, body), 403, 'forbidden');
  const created = await leader.post(`/agencies/${snv}/document-registers`, body);
  assert.equal(created.status, 201, created.text);
  assert.equal(created.body.kind, 'per_type');
  assert.deepEqual(created.body.documentTypes, [
    { ordinal: 2, name: 'Quyết định', abbreviation: 'QĐ' },
  ]);
  assert.equal(created.body.isDefault, false);
  const byAdmin = await admin.post(`/agencies/${ubnd}/document-registers`, {
    direction: 'incoming',
    kind: 'general',
    name: 'Sổ đơn thư',
  });
  assert.equal(byAdmin.status, 201, byAdmin.text);

  assertProblem(
    await leader.post(`/agencies/${snv}/document-registers`, { ...body, documentTypes: [] }),
    422,
    'validation',
    { fields: [['documentTypes', 'required']] },
  );
  assertProblem(
    await leader.post(`/agencies/${snv}/document-registers`, { ...body, documentTypes: [30] }),
    422,
    'validation',
    { fields: [['documentTypes', 'enum']] },
  );
  assertProblem(
    await leader.post(`/agencies/${snv}/document-registers`, { ...body, documentTypes: ['QĐ'] }),
    422,
    'validation',
    { fields: [['documentTypes', 'type']] },
  );
  assertProblem(
    await leader.post(`/agencies/${snv}/document-registers`, { ...body, colour: 'red' }),
    422,
    'validation',
    { fields: [['colour', 'unknown']] },
  );
  assertProblem(
    await leader.post(`/agencies/${snv}/document-registers`, { direction: 'up' }),
    422,
    'validation',
    {
      fields: [
        ['kind', 'required'],
        ['name', 'required'],
      ],
    },
  );
});

test('PATCH renames and deactivates; direction and kind never change', async () => {
  const created = await leader.post(`/agencies/${snv}/document-registers`, {
    direction: 'incoming',
    kind: 'general',
    name: 'Sổ tạm',
  });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;
  assertProblem(
    await leader.patch(`/document-registers/${id}`, { direction: 'outgoing' }),
    422,
    'validation',
    {
      fields: [['direction', 'immutable']],
    },
  );
  assertProblem(
    await officer.patch(`/document-registers/${id}`, { active: false }),
    403,
    'forbidden',
  );
  const res = await leader.patch(`/document-registers/${id}`, {
    name: 'Sổ tạm (ngừng dùng)',
    active: false,
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.active, false);
  assert.equal(res.body.name, 'Sổ tạm (ngừng dùng)');
  assert.equal(res.body.version, created.body.version + 1);
});

test('writers: staff of the same agency, once each', async () => {
  const [incoming] = await registersOf(leader, snv);
  const path = `/document-registers/${incoming.id}/writers`;
  assertProblem(await officer.post(path, { userId: officer.user.id }), 403, 'forbidden');
  const added = await leader.post(path, { userId: officer.user.id });
  assert.equal(added.status, 201, added.text);
  assert.equal(added.body.username, 'chuyenvien.snv');
  assertProblem(await leader.post(path, { userId: officer.user.id }), 409, 'conflict');
  assertProblem(await leader.post(path, { userId: clerk.user.id }), 422, 'validation', {
    fields: [['userId', 'not_in_agency']],
  });
  const list = await officer.get(path);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(
    list.body.items.map((w) => w.username),
    ['chuyenvien.snv'],
  );
  // A writer reads the register's entries; before, the officer could not.
  const entries = await officer.get(`/document-registers/${incoming.id}/entries?year=2026`);
  assert.equal(entries.status, 200, entries.text);
  assert.equal((await leader.delete(`${path}/${officer.user.id}`)).status, 204);
  assertProblem(await leader.delete(`${path}/${officer.user.id}`), 404, 'not-found');
  assertProblem(
    await officer.get(`/document-registers/${incoming.id}/entries?year=2026`),
    403,
    'forbidden',
  );
});

test('entries of a year, and a cancelled number stays in the register with its reason', async () => {
  const [incoming, confidential] = await registersOf(clerk, ubnd);
  // No route takes numbers yet (the incoming and outgoing flows will); seed two entries the way
  // RegisterService::Allocate writes them.
  const now = Math.floor(Date.now() / 1000);
  sqlite(
    `INSERT INTO documents_document (agency_id, direction, state, type_ordinal, subject, created_at, updated_at)
       VALUES (${ubnd}, 'incoming', 'registered', 18, 'Về việc A', ${now}, ${now}),
              (${ubnd}, 'incoming', 'registered', 18, 'Về việc B', ${now}, ${now});
     INSERT INTO documents_register_entry (register_id, agency_id, year, number, document_id, state, allocated_by_name, allocated_at)
       SELECT ${incoming.id}, ${ubnd}, 2025, n, id, 'allocated', 'vanthu.ubnd', ${now}
       FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM documents_document WHERE agency_id = ${ubnd});`,
  );
  const list = await clerk.get(`/document-registers/${incoming.id}/entries?year=2025`);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(
    list.body.items.map((e) => [e.number, e.state]),
    [
      [1, 'allocated'],
      [2, 'allocated'],
    ],
  );
  assert.equal(
    (await clerk.get(`/document-registers/${incoming.id}/entries?year=2026`)).body.items.length,
    0,
  );
  assertProblem(
    await clerk.get(`/document-registers/${incoming.id}/entries?year=25`),
    422,
    'validation',
    {
      fields: [['year', 'format']],
    },
  );

  const second = list.body.items[1];
  const cancel = (client, registerId, body) =>
    client.post(`/document-registers/${registerId}/entries/${second.id}/cancel`, body);
  assertProblem(await cancel(clerk, incoming.id, {}), 422, 'validation', {
    fields: [['reason', 'required']],
  });
  assertProblem(await cancel(clerk, incoming.id, { reason: '  ' }), 422, 'validation', {
    fields: ['reason'],
  });
  assertProblem(await cancel(leader, incoming.id, { reason: 'x' }), 404, 'not-found');
  assertProblem(await cancel(clerk, confidential.id, { reason: 'x' }), 404, 'not-found');
  const done = await cancel(clerk, incoming.id, { reason: 'Vào sổ nhầm văn bản gửi trùng' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.state, 'cancelled');
  assert.equal(done.body.stateLabel, 'Đã hủy số');
  assert.equal(done.body.cancelledBy, 'vanthu.ubnd');
  assertProblem(await cancel(clerk, incoming.id, { reason: 'lại' }), 409, 'failed-precondition');

  const after = await clerk.get(`/document-registers/${incoming.id}/entries?year=2025`);
  assert.deepEqual(
    after.body.items.map((e) => [e.number, e.state, e.reason]),
    [
      [1, 'allocated', ''],
      [2, 'cancelled', 'Vào sổ nhầm văn bản gửi trùng'],
    ],
  );
  const audit = await admin.get('/audit?action=documents.register.cancel');
  assert.equal(audit.status, 200, audit.text);
  assert.equal(audit.body.total, 1);
});

test("cqdt doc registers lists an agency's registers; a bad agency code exits 2 in both languages", () => {
  const db = ['--db', server.dbUrl, '--data-dir', server.dataDir];
  const ok = runCli(['doc', 'registers', '--agency', PROVINCE_CODE, ...db]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Sổ văn bản đến {2}\[incoming, general\]/);
  assert.match(ok.stdout, /Sổ văn bản mật đi {2}\[outgoing, confidential\]/);
  const json = runCli(['doc', 'registers', '--agency', PROVINCE_CODE, '--json', ...db]);
  assert.equal(json.code, 0, json.stderr);
  assert.equal(JSON.parse(json.stdout).items.length, 5); // the four defaults and "Sổ đơn thư"
  for (const [agency, english] of [
    ['H01 17', /malformed/],
    ['000.00.99.H01', /no agency has this code/],
  ]) {
    const bad = runCli(['doc', 'registers', '--agency', agency, ...db]);
    assert.equal(bad.code, 2, bad.stdout + bad.stderr);
    assert.match(bad.stderr, /cơ quan/);
    assert.match(bad.stderr, english);
  }
});
