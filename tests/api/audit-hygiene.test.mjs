// What untrusted input leaves in the audit trail: a failed login keeps a bounded (64 code
// points), escaped form of the attempted username, never NUL bytes or 15,000 characters.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertStatus } from '../support/api-assert.mjs';
import { Client, loggedIn, startServer } from '../support/cqdt-server.mjs';

let server;
let admin;

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
});
after(async () => {
  await server?.stop();
});

const codePoints = (s) => [...s].length;

test('failed logins with NUL bytes and 15,000 characters are audited bounded and escaped', async () => {
  const anonymous = new Client(server.baseUrl);
  for (const username of ['admin\u0000\u001b[2J', 'Z'.repeat(15000)]) {
    const res = await anonymous.login(username, 'mat-khau-sai-1');
    assert.equal(res.status, 401, res.text);
  }
  const res = await admin.get('/audit?action=auth.login_failed&limit=10');
  assertStatus(res, 200);
  const [long, nul] = res.body.items;
  assert.equal(nul.actor, 'admin\\x00\\x1B[2J');
  assert.equal(nul.entityId, nul.actor);
  assert.equal(codePoints(long.actor), 64);
  assert.equal(long.actor, `${'Z'.repeat(63)}…`);
  for (const e of [long, nul]) {
    assert.ok(!/[\u0000-\u001f\u007f]/.test(e.actor + e.entityId), 'no control characters stored');
  }
});
