// The audit log: entries for changes, the hash chain, GET /audit/verify, and `cqdt audit verify`
// detecting a tampered or deleted row in the SQLite file.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus, freshDepartmentCodes } from '../support/api-assert.mjs';
import { PROVINCE_CODE, loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';

let server;
let admin;

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
});
after(async () => {
  await server?.stop();
  server?.cleanup();
});

const sqlite = (db, sql) => execFileSync('sqlite3', [db, sql], { encoding: 'utf8' }).trim();

async function auditEntries(query = '') {
  const res = await admin.get(`/audit${query}`);
  assertStatus(res, 200);
  assert.ok(Array.isArray(res.body.items), '{items: AuditEntry[], total}');
  assert.equal(typeof res.body.total, 'number');
  return res.body;
}

let createdId;

test('creating an agency writes an audit entry with actor, request id and client address', async () => {
  const [code] = await freshDepartmentCodes(admin);
  const res = await admin.post('/agencies', {
    code,
    name: 'Sở Kiểm thử Nhật ký',
    shortName: 'SKTNK',
    kind: 'department',
    parentCode: PROVINCE_CODE,
  });
  assertStatus(res, 201);
  createdId = res.body.id;
  const requestId = res.headers.get('x-request-id');
  assert.ok(requestId);

  const { items } = await auditEntries('?limit=100');
  const entry = items.find((e) => String(e.entityId) === String(createdId) && /agenc/i.test(e.entity));
  assert.ok(entry, `an audit entry for agency ${createdId}: ${JSON.stringify(items.slice(0, 5))}`);
  assert.equal(entry.actor, 'admin');
  assert.equal(String(entry.actorId), String(admin.user.id));
  assert.match(entry.action, /creat/i);
  assert.equal(entry.requestId, requestId, 'requestId is the X-Request-Id of the response');
  assert.match(entry.clientAddress, /^(::ffff:)?127\.0\.0\.1$/);
  assert.ok(entry.summary && typeof entry.summary === 'string');
  assert.ok(!Number.isNaN(Date.parse(entry.at)), 'at is a timestamp');
  assert.ok(typeof entry.hash === 'string' && entry.hash.length >= 32, 'hash is a digest');
  assert.equal(typeof entry.prevHash, 'string');

  // Filters find it too.
  const filtered = await auditEntries(`?actor=admin&entity=${encodeURIComponent(entry.entity)}&action=${encodeURIComponent(entry.action)}`);
  assert.ok(filtered.items.some((e) => e.id === entry.id));
  assert.ok(filtered.items.every((e) => e.entity === entry.entity && e.action === entry.action));
});

test("a client's X-Request-Id is recorded apart: the entry keeps the server's own id", async () => {
  const codes = await freshDepartmentCodes(admin, 2);
  const clientId = 'client-trace-0001';
  const serverIds = [];
  for (const [i, code] of codes.entries()) {
    // The same client id twice: each request still gets its own id.
    const res = await admin.post(
      '/agencies',
      {
        code,
        name: `Sở Mã Yêu Cầu ${i + 1}`,
        shortName: `SMYC${i + 1}`,
        kind: 'department',
        parentCode: PROVINCE_CODE,
      },
      { headers: { 'X-Request-Id': clientId } },
    );
    assertStatus(res, 201);
    const own = res.headers.get('x-request-id');
    assert.match(own, /^[0-9a-f]{32}$/, 'the response carries the server\'s id');
    assert.notEqual(own, clientId);
    serverIds.push(own);
  }
  assert.notEqual(serverIds[0], serverIds[1], 'two requests, two ids');

  const { items } = await auditEntries('?limit=100&action=agency.create');
  const entries = serverIds.map((id) => items.find((e) => e.requestId === id));
  for (const entry of entries) {
    assert.ok(entry, `an entry with the server's request id: ${JSON.stringify(items.slice(0, 3))}`);
    assert.equal(entry.clientRequestId, clientId);
  }
  // Without a client id the field is null.
  const plain = items.find((e) => !serverIds.includes(e.requestId));
  if (plain) assert.equal(plain.clientRequestId, null);
});

test('audit entries form a hash chain (prevHash = hash of the previous entry)', async () => {
  // More changes, so the chain is long enough for the tamper tests below.
  const codes = await freshDepartmentCodes(admin, 3);
  for (const [i, code] of codes.entries()) {
    assertStatus(
      await admin.post('/agencies', {
        code,
        name: `Sở Chuỗi Băm ${i + 1}`,
        shortName: `SCB${i + 1}`,
        kind: 'department',
        parentCode: PROVINCE_CODE,
      }),
      201,
    );
  }
  const all = await auditEntries('?limit=500');
  assert.ok(all.total >= 4);
  const items = [...all.items].sort((a, b) => Number(a.id) - Number(b.id));
  for (let i = 1; i < items.length; i++) {
    if (Number(items[i].id) === Number(items[i - 1].id) + 1) {
      assert.equal(items[i].prevHash, items[i - 1].hash, `entry ${items[i].id} links to ${items[i - 1].id}`);
    }
  }
  const ids = new Set(items.map((e) => e.hash));
  assert.equal(ids.size, items.length, 'hashes are unique');

  const page = await auditEntries('?limit=2&offset=1');
  assert.equal(page.items.length, 2);
  assert.equal(page.total, all.total);
});

test('GET /audit/verify: ok on an untouched log', async () => {
  const { total } = await auditEntries('?limit=1');
  const res = await admin.get('/audit/verify');
  assertStatus(res, 200);
  assert.equal(res.body.ok, true);
  assert.equal(res.body.checked, total);
  assert.equal(res.body.firstBrokenId ?? null, null);
});

test('non-admins get 403 from the audit endpoints', async () => {
  const leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  assertProblem(await leader.get('/audit'), 403, 'forbidden');
  assertProblem(await leader.get('/audit/verify'), 403, 'forbidden');
});

test('cqdt audit verify detects an edited and a deleted row', async () => {
  const { code: exitCode, signal } = await server.stop('SIGTERM', { keepData: true });
  assert.equal(exitCode, 0, `server exits 0 on SIGTERM (signal ${signal})`);
  const { dbPath, dbUrl, dataDir } = server;
  const verify = () => runCli(['audit', 'verify', '--db', dbUrl, '--data-dir', dataDir]);

  const ok = verify();
  assert.equal(ok.code, 0, `untouched log verifies: ${ok.stdout}${ok.stderr}`);
  assert.match(ok.stdout, /^.*\bOK\b.*$/m);

  const count = Number(sqlite(dbPath, 'SELECT count(*) FROM audit_entry'));
  assert.ok(count >= 4, `enough audit entries (${count})`);
  const target = sqlite(dbPath, 'SELECT min(id)+1 FROM audit_entry');
  assert.equal(sqlite(dbPath, `SELECT count(*) FROM audit_entry WHERE id=${target}`), '1');
  const original = sqlite(dbPath, `SELECT quote(summary) FROM audit_entry WHERE id=${target}`);

  // 1. Edit a row.
  sqlite(dbPath, `UPDATE audit_entry SET summary='tampered' WHERE id=(SELECT min(id)+1 FROM audit_entry)`);
  const edited = verify();
  assert.equal(edited.code, 1, `edited row detected (exit 1): ${edited.stdout}${edited.stderr}`);
  assert.equal(edited.signal, null);
  assert.match(edited.stdout + edited.stderr, new RegExp(`\\b${target}\\b`), 'names the edited entry id');

  // The server reports the same through the API.
  const again = await startServer({ dataDir });
  try {
    const c = await loggedIn(again.baseUrl, 'admin');
    const res = await c.get('/audit/verify');
    assertStatus(res, 200);
    assert.equal(res.body.ok, false);
    assert.equal(String(res.body.firstBrokenId), target);
    assert.ok(res.body.reason, 'a reason is given');
  } finally {
    const s = await again.stop();
    assert.equal(s.code, 0);
  }

  // Restoring the original text restores the chain (the check is about content).
  sqlite(dbPath, `UPDATE audit_entry SET summary=${original} WHERE id=${target}`);
  const restored = verify();
  assert.equal(restored.code, 0, `restored log verifies: ${restored.stdout}${restored.stderr}`);

  // 2. Delete a row in the middle of the chain.
  const middle = sqlite(dbPath, 'SELECT min(id)+2 FROM audit_entry');
  sqlite(dbPath, `DELETE FROM audit_entry WHERE id=${middle}`);
  const deleted = verify();
  assert.equal(deleted.code, 1, `deleted row detected (exit 1): ${deleted.stdout}${deleted.stderr}`);
  const next = String(Number(middle) + 1);
  assert.match(
    deleted.stdout + deleted.stderr,
    new RegExp(`\\b(${middle}|${next})\\b`),
    `names the gap (${middle}) or the entry after it (${next})`,
  );
});
