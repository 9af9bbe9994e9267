// CSRF: cookie-authenticated state changes need X-CSRF-Token of that session; login and sign-up
// are checked by Origin.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  agencyByCode,
  agencyReadScope,
  allAgencies,
  assertProblem,
  assertStatus,
  freshDepartmentCodes,
} from '../support/api-assert.mjs';
import { Client, DEMO_PASSWORD, PROVINCE_CODE, loggedIn, startServer } from '../support/cqdt-server.mjs';

let server;
let admin;

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
});
after(async () => {
  await server?.stop();
});

const agencyInput = (code) => ({
  code,
  name: 'Sở Kiểm thử Chống giả mạo',
  shortName: 'SKTCGM',
  kind: 'department',
  parentCode: PROVINCE_CODE,
});

test('POST without X-CSRF-Token: 403 forbidden and nothing created', async () => {
  const before = await allAgencies(admin);
  const [code] = await freshDepartmentCodes(admin);
  const res = await admin.post('/agencies', agencyInput(code), { csrf: false });
  assertProblem(res, 403, 'forbidden');
  assert.deepEqual(await allAgencies(admin), before, 'agency list unchanged');
});

test('POST with a wrong X-CSRF-Token: 403 and nothing created', async () => {
  const before = await allAgencies(admin);
  const [code] = await freshDepartmentCodes(admin);
  for (const token of ['wrong-token-0123456789abcdef', admin.csrfToken.slice(0, -1), '']) {
    const res = await admin.post('/agencies', agencyInput(code), {
      headers: { 'X-CSRF-Token': token },
    });
    assertProblem(res, 403, 'forbidden');
  }
  assert.deepEqual(await allAgencies(admin), before, 'agency list unchanged');
});

test("another session's CSRF token is refused", async () => {
  const before = await allAgencies(admin);
  const otherAdmin = await loggedIn(server.baseUrl, 'admin');
  assert.notEqual(otherAdmin.csrfToken, admin.csrfToken, 'each session has its own token');
  const [code] = await freshDepartmentCodes(admin);
  const res = await admin.post('/agencies', agencyInput(code), {
    headers: { 'X-CSRF-Token': otherAdmin.csrfToken },
  });
  assertProblem(res, 403, 'forbidden');
  assert.deepEqual(await allAgencies(admin), before, 'agency list unchanged');
});

test('POST with the right X-CSRF-Token: 201 Agency', async () => {
  const before = await allAgencies(admin);
  const [code] = await freshDepartmentCodes(admin);
  const res = await admin.post('/agencies', agencyInput(code));
  assertStatus(res, 201);
  const province = await agencyByCode(admin, PROVINCE_CODE);
  assert.equal(res.body.code, code);
  assert.equal(res.body.name, 'Sở Kiểm thử Chống giả mạo');
  assert.equal(res.body.shortName, 'SKTCGM');
  assert.equal(res.body.kind, 'department');
  assert.equal(res.body.level, 'province');
  assert.equal(res.body.parentId, province.id);
  assert.equal(res.body.active, true);
  assert.match(res.body.validFrom, /^\d{4}-\d{2}-\d{2}$/);
  const afterList = await allAgencies(admin);
  assert.equal(afterList.length, before.length + 1);
  // The POST answer is the Agency plus the admin's `warnings`.
  const { warnings, ...created } = res.body;
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    afterList.find((a) => a.code === code),
    created,
    'GET /agencies shows the created agency as returned',
  );
});

test('PATCH and logout without the token are refused and change nothing', async () => {
  const province = await agencyByCode(admin, PROVINCE_CODE);
  const res = await admin.patch(`/agencies/${province.id}`, { name: 'Tên bị giả mạo' }, { csrf: false });
  assertProblem(res, 403, 'forbidden');
  assert.deepEqual(await agencyByCode(admin, PROVINCE_CODE), province);

  const c = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  assertProblem(await c.post('/auth/logout', undefined, { csrf: false }), 403, 'forbidden');
  assertStatus(await c.get('/auth/session'), 200);
  assertProblem(await c.post('/auth/logout-all', undefined, { csrf: false }), 403, 'forbidden');
  assertStatus(await c.get('/auth/session'), 200);
});

test('DELETE without the token is refused', async () => {
  const scope = await agencyReadScope(admin);
  const created = await admin.post('/api-tokens', {
    name: 'csrf-check',
    scopes: [scope],
    agencyId: admin.user.agencyId,
  });
  assertStatus(created, 201);
  const tokens = (await admin.get('/api-tokens')).body.items;
  const res = await admin.delete(`/api-tokens/${created.body.id}`, { csrf: false });
  assertProblem(res, 403, 'forbidden');
  assert.deepEqual((await admin.get('/api-tokens')).body.items, tokens, 'token not revoked');
});

test('login with a foreign Origin: 403, no session', async () => {
  const c = new Client(server.baseUrl);
  const res = await c.login('admin', DEMO_PASSWORD, undefined, {
    headers: { Origin: 'https://evil.example' },
  });
  assertProblem(res, 403, 'forbidden');
  assert.equal(c.sessionCookie, null);

  // Null origin (sandboxed frames) is foreign too.
  const n = await new Client(server.baseUrl).login('admin', DEMO_PASSWORD, undefined, {
    headers: { Origin: 'null' },
  });
  assertProblem(n, 403, 'forbidden');

  // The server's own origin is fine.
  const ok = await new Client(server.baseUrl).login('admin', DEMO_PASSWORD, undefined, {
    headers: { Origin: server.baseUrl },
  });
  assertStatus(ok, 200);
});

test('citizen sign-up with a foreign Origin: 403 and nothing created', async () => {
  const input = {
    fullName: 'Lê Văn Giả Mạo',
    citizenIdNumber: '091095000999',
    phone: '0987654321',
    password: 'GiaMao#An2026Toan',
  };
  const res = await new Client(server.baseUrl).post(
    '/citizens',
    { ...input, password: 'TuTrangKhac#2026Xau' },
    { headers: { Origin: 'https://evil.example' } },
  );
  assertProblem(res, 403, 'forbidden');
  // Not created: the sign-up from the right origin, with another password, creates the account
  // (sign-up answers 202 either way and never changes an existing account, so the proof is that
  // this second password signs in).
  const ok = await new Client(server.baseUrl).post('/citizens', input, {
    headers: { Origin: server.baseUrl },
  });
  assertStatus(ok, 202);
  const login = await new Client(server.baseUrl).login(input.citizenIdNumber, input.password, 'citizen');
  assertStatus(login, 200);
  assert.equal(login.body.user.fullName, input.fullName);
});
