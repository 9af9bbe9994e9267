// Authorisation: agency scoping of users and units for non-admin staff, admin-only operations,
// and API tokens (Bearer, no CSRF, revocation).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  agencyByCode,
  agencyReadScope,
  allAgencies,
  allUsers,
  assertProblem,
  assertStatus,
  freshDepartmentCodes,
} from '../support/api-assert.mjs';
import { Client, PROVINCE_CODE, loggedIn, startServer } from '../support/cqdt-server.mjs';

let server;
let admin;
let leader; // lanhdao.snv, leader of Sở Nội vụ
let officer; // chuyenvien.snv, officer of Sở Nội vụ
let otherLeader; // lanhdao.rachgia, leader of UBND phường Rạch Giá
let snvId;
let everyone; // all users, as admin sees them

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
  leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  otherLeader = await loggedIn(server.baseUrl, 'lanhdao.rachgia');
  snvId = leader.user.agencyId;
  assert.ok(snvId !== undefined && snvId !== null, 'leader has an agency');
  assert.equal(officer.user.agencyId, snvId, 'chuyenvien.snv and lanhdao.snv share Sở Nội vụ');
  assert.notEqual(otherLeader.user.agencyId, snvId);
  everyone = await allUsers(admin);
});
after(async () => {
  await server?.stop();
});

const byUsername = (u) => everyone.find((x) => x.username === u);

test('admin lists users of every agency; agencyId filters', async () => {
  const agencies = new Set(everyone.map((u) => String(u.agencyId)));
  assert.ok(agencies.size >= 3, 'demo users belong to several agencies');
  for (const u of ['admin', 'vanthu.ubnd', 'chuyenvien.snv', 'lanhdao.snv', 'motcua.phuquoc', 'lanhdao.rachgia']) {
    assert.ok(byUsername(u), `admin sees ${u}`);
  }
  const filtered = await allUsers(admin, `?agencyId=${encodeURIComponent(snvId)}`);
  assert.ok(filtered.length >= 2);
  assert.ok(filtered.every((u) => String(u.agencyId) === String(snvId)));
});

test("a leader lists only their own agency's users", async () => {
  const seen = await allUsers(leader);
  const usernames = seen.map((u) => u.username);
  assert.ok(usernames.includes('lanhdao.snv'));
  assert.ok(usernames.includes('chuyenvien.snv'));
  for (const u of seen) assert.equal(String(u.agencyId), String(snvId), `${u.username} is of Sở Nội vụ`);
  const expected = everyone.filter((u) => String(u.agencyId) === String(snvId)).map((u) => u.username).sort();
  assert.deepEqual(usernames.sort(), expected);

  // Asking for another agency does not leak it.
  const other = otherLeader.user.agencyId;
  const res = await leader.get(`/users?agencyId=${encodeURIComponent(other)}`);
  if (res.status === 200) {
    assert.ok(res.body.items.every((u) => String(u.agencyId) === String(snvId)), 'no foreign users');
  } else {
    assertProblem(res, 403, 'forbidden');
  }
  // Search does not leak either.
  const q = await leader.get('/users?q=admin');
  assertStatus(q, 200);
  assert.ok(q.body.items.every((u) => String(u.agencyId) === String(snvId)));
});

test("GET a user of another agency: 404 for a leader (same agency: 200)", async () => {
  const foreign = byUsername('vanthu.ubnd');
  assert.notEqual(String(foreign.agencyId), String(snvId));
  const res = await leader.get(`/users/${foreign.id}`);
  // docs/api.md: "404 for another agency's user" (does not reveal that the user exists).
  assertProblem(res, 404, 'not-found');
  const own = await leader.get(`/users/${byUsername('chuyenvien.snv').id}`);
  assertStatus(own, 200);
  assert.equal(own.body.username, 'chuyenvien.snv');
});

test("PATCH another agency's user as a leader: refused and unchanged", async () => {
  const foreign = byUsername('motcua.phuquoc');
  const before = assertStatus(await admin.get(`/users/${foreign.id}`), 200);
  const res = await leader.patch(`/users/${foreign.id}`, { fullName: 'Bị sửa trái phép', disabled: true });
  assert.ok([403, 404].includes(res.status), `403 or 404, got ${res.status} ${res.text}`);
  assertProblem(res, res.status, res.status === 403 ? 'forbidden' : 'not-found');
  assert.deepEqual(assertStatus(await admin.get(`/users/${foreign.id}`), 200), before, 'unchanged');
});

test('PATCH a user of their own agency as a leader: 403 (admin only) and unchanged', async () => {
  const own = byUsername('chuyenvien.snv');
  const before = assertStatus(await admin.get(`/users/${own.id}`), 200);
  const res = await leader.patch(`/users/${own.id}`, { roles: ['admin'] });
  assertProblem(res, 403, 'forbidden');
  assert.deepEqual(assertStatus(await admin.get(`/users/${own.id}`), 200), before, 'unchanged');
});

test('non-admins cannot create users or reset passwords', async () => {
  const before = await allUsers(admin);
  const res = await leader.post('/users', {
    username: 'lenlut.snv',
    fullName: 'Người Lén Lút',
    email: 'lenlut@angiang.gov.vn',
    agencyId: snvId,
    roles: ['admin'],
    password: 'LenLut#Manh2026',
  });
  assertProblem(res, 403, 'forbidden');
  const rp = await leader.post(`/users/${byUsername('chuyenvien.snv').id}/reset-password`, {
    password: 'DatLai#Manh2026',
  });
  assertProblem(rp, 403, 'forbidden');
  assert.deepEqual(await allUsers(admin), before);
});

async function units(agencyId) {
  const res = await admin.get(`/agencies/${agencyId}/units`);
  assertStatus(res, 200);
  assert.ok(Array.isArray(res.body.items));
  return res.body.items;
}

test('a leader cannot add a unit to another agency (403, nothing created)', async () => {
  const province = await agencyByCode(admin, PROVINCE_CODE);
  const beforeProvince = await units(province.id);
  const beforeSnv = await units(snvId);
  const res = await leader.post(`/agencies/${province.id}/units`, { name: 'Phòng Lạ' });
  assertProblem(res, 403, 'forbidden');
  // Another agency's leader cannot add one to Sở Nội vụ either.
  const res2 = await otherLeader.post(`/agencies/${snvId}/units`, { name: 'Phòng Lạ' });
  assertProblem(res2, 403, 'forbidden');
  // An officer of the agency is not its leader.
  const res3 = await officer.post(`/agencies/${snvId}/units`, { name: 'Phòng Lạ' });
  assertProblem(res3, 403, 'forbidden');
  assert.deepEqual(await units(province.id), beforeProvince);
  assert.deepEqual(await units(snvId), beforeSnv);
});

test('a leader adds a unit to their own agency (201 Unit)', async () => {
  const before = await units(snvId);
  const res = await leader.post(`/agencies/${snvId}/units`, {
    name: 'Phòng Kiểm thử Phân quyền',
    shortName: 'KTPQ',
  });
  assertStatus(res, 201);
  assert.equal(String(res.body.agencyId), String(snvId));
  assert.equal(res.body.name, 'Phòng Kiểm thử Phân quyền');
  assert.equal(res.body.shortName, 'KTPQ');
  assert.ok(res.body.id !== undefined && res.body.id !== null);
  const afterUnits = await units(snvId);
  assert.equal(afterUnits.length, before.length + 1);
  assert.deepEqual(afterUnits.find((u) => u.id === res.body.id), res.body);
  // The leader sees the units of their agency too (staff may read).
  assertStatus(await leader.get(`/agencies/${snvId}/units`), 200);
  // The same name twice in one agency is a conflict.
  const dup = await leader.post(`/agencies/${snvId}/units`, { name: 'Phòng Kiểm thử Phân quyền' });
  assertProblem(dup, 409, 'conflict', { fields: ['name'] });
  assert.equal((await units(snvId)).length, before.length + 1);
});

test('admin adds a unit to any agency (201)', async () => {
  const province = await agencyByCode(admin, PROVINCE_CODE);
  const res = await admin.post(`/agencies/${province.id}/units`, { name: 'Phòng Tổng hợp' });
  assertStatus(res, 201);
  assert.equal(String(res.body.agencyId), String(province.id));
});

test('non-admins cannot create or change agencies (403, nothing changed)', async () => {
  const before = await allAgencies(admin);
  const [code] = await freshDepartmentCodes(admin);
  const input = { code, name: 'Sở Tự Lập', shortName: 'STL', kind: 'department', parentCode: PROVINCE_CODE };
  for (const c of [leader, officer, otherLeader]) {
    assertProblem(await c.post('/agencies', input), 403, 'forbidden');
    assertProblem(await c.patch(`/agencies/${snvId}`, { name: 'Sở Đổi Tên' }), 403, 'forbidden');
    const csv = `code,name,shortName,kind,parentCode\r\n${code},Sở Tự Lập,STL,department,${PROVINCE_CODE}\r\n`;
    assertProblem(
      await c.post('/agencies/import', csv, { raw: true, headers: { 'Content-Type': 'text/csv' } }),
      403,
      'forbidden',
    );
  }
  assert.deepEqual(await allAgencies(admin), before);
});

test('non-admins cannot read the audit log or manage API tokens', async () => {
  for (const c of [leader, officer]) {
    assertProblem(await c.get('/audit'), 403, 'forbidden');
    assertProblem(await c.get('/audit/verify'), 403, 'forbidden');
    assertProblem(await c.get('/api-tokens'), 403, 'forbidden');
    assertProblem(
      await c.post('/api-tokens', { name: 'lén', scopes: ['agencies:read'], agencyId: snvId }),
      403,
      'forbidden',
    );
  }
});

test('API token: shown once, authenticates with Bearer without CSRF, revoked -> 401', async () => {
  const scope = await agencyReadScope(admin);
  const created = await admin.post('/api-tokens', {
    name: 'Hệ thống một cửa (kiểm thử)',
    scopes: [scope],
    agencyId: snvId,
  });
  assertStatus(created, 201);
  const { id, token } = created.body;
  assert.equal(typeof token, 'string');
  assert.ok(token.length >= 24, 'token has enough entropy');
  assert.equal(created.body.name, 'Hệ thống một cửa (kiểm thử)');
  assert.deepEqual(created.body.scopes, [scope]);
  assert.equal(String(created.body.agencyId), String(snvId));
  assert.equal(created.body.revokedAt, null);

  // Shown once: the list has it, without the secret.
  const list = await admin.get('/api-tokens');
  assertStatus(list, 200);
  const listed = list.body.items.find((t) => t.id === id);
  assert.ok(listed, 'token listed');
  assert.equal(listed.token, undefined);
  assert.ok(!list.text.includes(token), 'the secret never appears again');

  // Bearer, no cookie, no CSRF header.
  const system = new Client(server.baseUrl, { bearer: token });
  const res = await system.get('/agencies');
  assertStatus(res, 200);
  assert.ok(Array.isArray(res.body.items) && res.body.items.length > 0);
  assert.ok(!res.setCookies.some((c) => /^cqdt_session=/.test(c)), 'no session for a token');
  const used = (await admin.get('/api-tokens')).body.items.find((t) => t.id === id);
  assert.ok(used.lastUsedAt, 'lastUsedAt recorded');

  // A wrong token and a malformed header are 401.
  assertProblem(await new Client(server.baseUrl, { bearer: token + 'x' }).get('/agencies'), 401, 'unauthenticated');
  assertProblem(
    await new Client(server.baseUrl).get('/agencies', { headers: { Authorization: `Basic ${token}` } }),
    401,
    'unauthenticated',
  );

  // Revoke.
  const del = await admin.delete(`/api-tokens/${id}`);
  assert.equal(del.status, 204, del.text);
  assertProblem(await system.get('/agencies'), 401, 'unauthenticated');
  const revoked = (await admin.get('/api-tokens')).body.items.find((t) => t.id === id);
  assert.ok(!revoked || revoked.revokedAt, 'revokedAt set (or the token is gone)');
});

test('admin manages a user: create, PATCH, reset-password ends their sessions', async () => {
  const created = await admin.post('/users', {
    username: 'kiemthu.quanly',
    fullName: 'Đỗ Thị Quản Lý',
    email: 'kiemthu.quanly@angiang.gov.vn',
    agencyId: snvId,
    roles: ['officer'],
    password: 'QuanLy#KiemThu2026',
  });
  assertStatus(created, 201);
  assert.equal(String(created.body.agencyId), String(snvId));
  assert.equal(created.body.unitId, null);
  const id = created.body.id;

  const user = await loggedIn(server.baseUrl, 'kiemthu.quanly', 'QuanLy#KiemThu2026');
  // The leader of the agency now sees the new colleague.
  assert.ok((await allUsers(leader)).some((u) => u.id === id));

  const patched = await admin.patch(`/users/${id}`, { fullName: 'Đỗ Thị Quản Lý Mới', roles: ['officer', 'clerk'] });
  assertStatus(patched, 200);
  assert.equal(patched.body.fullName, 'Đỗ Thị Quản Lý Mới');
  assert.deepEqual([...patched.body.roles].sort(), ['clerk', 'officer']);
  assert.deepEqual(assertStatus(await admin.get(`/users/${id}`), 200), patched.body);

  const reset = await admin.post(`/users/${id}/reset-password`, { password: 'DatLai#KiemThu2026' });
  assert.equal(reset.status, 204, reset.text);
  assertProblem(await user.get('/auth/session'), 401, 'unauthenticated');
  assertStatus(await new Client(server.baseUrl).login('kiemthu.quanly', 'DatLai#KiemThu2026'), 200);
  assertProblem(await new Client(server.baseUrl).login('kiemthu.quanly', 'QuanLy#KiemThu2026'), 401, 'unauthenticated');
});
