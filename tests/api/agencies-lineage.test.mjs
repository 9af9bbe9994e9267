// Agency lineage (merged into / split from) over HTTP: self, descendant and cycle are refused
// with 422 naming the field; a child code that does not descend from its parent's code is saved
// with a warning.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { agencyByCode, assertProblem, assertStatus, freshDepartmentCodes } from '../support/api-assert.mjs';
import { PROVINCE_CODE, loggedIn, startServer } from '../support/cqdt-server.mjs';

let server;
let admin;
let province;

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
  province = await agencyByCode(admin, PROVINCE_CODE);
});
after(async () => {
  await server?.stop();
});

async function department(name) {
  const [code] = await freshDepartmentCodes(admin);
  const res = await admin.post('/agencies', {
    code,
    name,
    shortName: 'STN',
    kind: 'department',
    parentCode: PROVINCE_CODE,
  });
  assertStatus(res, 201);
  assert.deepEqual(res.body.warnings, [], 'a code under the province code: no warning');
  return res.body;
}

const unchanged = async (agency) => {
  const now = assertStatus(await admin.get(`/agencies/${agency.id}`), 200);
  assert.equal(now.mergedIntoId, agency.mergedIntoId ?? null);
  assert.equal(now.splitFromId, agency.splitFromId ?? null);
};

test('merged into or split from itself: 422 on mergedIntoId / splitFromId / mergedIntoCode', async () => {
  const a = await department('Sở Thử Dòng Dõi Một');
  assertProblem(await admin.patch(`/agencies/${a.id}`, { mergedIntoId: a.id }), 422, 'validation', {
    fields: ['mergedIntoId'],
  });
  assertProblem(await admin.patch(`/agencies/${a.id}`, { splitFromId: a.id }), 422, 'validation', {
    fields: ['splitFromId'],
  });
  assertProblem(await admin.patch(`/agencies/${a.id}`, { mergedIntoCode: a.code }), 422, 'validation', {
    fields: ['mergedIntoCode'],
  });
  await unchanged(a);
});

test('merged into its own descendant: 422; into its parent: allowed', async () => {
  const res = await admin.patch(`/agencies/${province.id}`, { mergedIntoId: (await department('Sở Con')).id });
  const body = assertProblem(res, 422, 'validation', { fields: ['mergedIntoId'] });
  assert.equal(body.errors[0].code, 'descendant');
  const child = await department('Sở Sáp Nhập Vào Tỉnh');
  const ok = await admin.patch(`/agencies/${child.id}`, { mergedIntoId: province.id });
  assertStatus(ok, 200);
  assert.equal(ok.body.mergedIntoId, province.id);
  // null clears it.
  const cleared = await admin.patch(`/agencies/${child.id}`, { mergedIntoId: null });
  assertStatus(cleared, 200);
  assert.equal(cleared.body.mergedIntoId, null);
});

test('a cycle of lineage is refused', async () => {
  const a = await department('Sở Vòng A');
  const b = await department('Sở Vòng B');
  assertStatus(await admin.patch(`/agencies/${a.id}`, { mergedIntoId: b.id }), 200); // a -> b
  const body = assertProblem(await admin.patch(`/agencies/${b.id}`, { mergedIntoId: a.id }), 422, 'validation', {
    fields: ['mergedIntoId'],
  });
  assert.equal(body.errors[0].code, 'cycle');
  // a split from b would mean b -> a, closing a -> b -> a as well.
  assertProblem(await admin.patch(`/agencies/${a.id}`, { splitFromId: b.id }), 422, 'validation', {
    fields: ['splitFromId'],
  });
  await unchanged({ ...b, mergedIntoId: null });
});

test('a child code outside its parent code is saved with a warning naming both codes', async () => {
  const res = await admin.post('/agencies', {
    code: '000.00.05.H10',
    name: 'Chi cục mang mã tỉnh khác',
    shortName: 'CCK',
    kind: 'other',
    parentId: province.id,
  });
  assertStatus(res, 201);
  assert.equal(res.body.warnings.length, 1, JSON.stringify(res.body.warnings));
  const [w] = res.body.warnings;
  assert.equal(w.field, 'code');
  assert.equal(w.code, 'not_descendant');
  assert.match(w.message, /000\.00\.05\.H10/);
  assert.match(w.message, /000\.00\.00\.H01/);
  // The warning comes back on every save while it holds.
  const again = await admin.patch(`/agencies/${res.body.id}`, { name: 'Chi cục mang mã tỉnh khác (sửa)' });
  assertStatus(again, 200);
  assert.equal(again.body.warnings.length, 1);
});
