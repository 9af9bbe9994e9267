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

test('entries name their record (entityName) and the action filter is exact', async () => {
  const users = assertStatus(await admin.get('/users?q=lanhdao.rachgia'), 200).items;
  const target = users[0];
  assertStatus(await admin.patch(`/users/${target.id}`, { disabled: true }), 200);
  assertStatus(await admin.patch(`/users/${target.id}`, { disabled: false }), 200);
  const locked = assertStatus(await admin.get('/audit?action=user.disable'), 200).items[0];
  assert.equal(locked.entity, 'user');
  assert.equal(locked.entityId, String(target.id));
  assert.equal(locked.entityName, 'lanhdao.rachgia');
  assert.match(locked.summary, /khóa tài khoản/);
  const unlocked = assertStatus(await admin.get('/audit?action=user.enable'), 200).items[0];
  assert.equal(unlocked.entityName, 'lanhdao.rachgia');
  // auth.login is one action: the failed logins above are not in it.
  const logins = assertStatus(await admin.get('/audit?action=auth.login&limit=500'), 200).items;
  assert.ok(logins.length > 0 && logins.every((e) => e.action === 'auth.login'));
  const group = assertStatus(await admin.get('/audit?action=auth.&limit=500'), 200).items;
  assert.ok(group.some((e) => e.action === 'auth.login_failed'));
  // An agency entry is named by the agency's name.
  const agencyEntry = assertStatus(await admin.get('/audit?entity=agency&limit=1'), 200).items[0];
  assert.ok(agencyEntry.entityName && !/^\d+$/.test(agencyEntry.entityName), JSON.stringify(agencyEntry));
});
