// The audit:read token scope: a token with it reads the audit trail of its own agency (as an
// auditor of that agency would); without it, or for another agency, or for the whole-chain
// verification, it is refused.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, loggedIn, startServer } from '../support/cqdt-server.mjs';

let server;
let admin;
let snvId;
let otherAgencyId;

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
  // Entries for two agencies: the leader of Sở Nội vụ and the admin (another agency) log in.
  const leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  snvId = leader.user.agencyId;
  otherAgencyId = admin.user.agencyId;
  assert.notEqual(String(snvId), String(otherAgencyId));
});
after(async () => {
  await server?.stop();
});

async function token(scopes, agencyId) {
  const res = await admin.post('/api-tokens', { name: `Kiểm toán ${scopes.join('+')}`, scopes, agencyId });
  assertStatus(res, 201);
  return new Client(server.baseUrl, { bearer: res.body.token });
}

test('audit:read grants the audit trail of the token agency only', async () => {
  const auditor = await token(['audit:read'], snvId);
  const res = await auditor.get('/audit?limit=500');
  assertStatus(res, 200);
  assert.ok(res.body.items.length > 0, 'the leader login of Sở Nội vụ is there');
  assert.ok(
    res.body.items.every((e) => String(e.agencyId) === String(snvId)),
    `only Sở Nội vụ entries: ${JSON.stringify(res.body.items.map((e) => e.agencyId))}`,
  );
  assert.ok(res.body.items.some((e) => e.actor === 'lanhdao.snv' && e.action === 'auth.login'));
  const all = assertStatus(await admin.get('/audit?limit=500'), 200);
  assert.ok(all.items.some((e) => String(e.agencyId) === String(otherAgencyId)), 'the admin sees more');
  assert.equal(res.body.total, all.items.filter((e) => String(e.agencyId) === String(snvId)).length);

  // Asking for its own agency is the same; another agency is refused.
  assertStatus(await auditor.get(`/audit?agencyId=${snvId}`), 200);
  assertProblem(await auditor.get(`/audit?agencyId=${otherAgencyId}`), 403, 'forbidden');
  // Verifying the chain spans every agency: admins only.
  assertProblem(await auditor.get('/audit/verify'), 403, 'forbidden');
});

test('a token without audit:read gets 403 from the audit trail', async () => {
  const reader = await token(['agencies:read', 'users:read'], snvId);
  assertStatus(await reader.get('/agencies'), 200);
  assertProblem(await reader.get('/audit'), 403, 'forbidden');
  assertProblem(await reader.get('/audit/verify'), 403, 'forbidden');
});
