// Deeply nested JSON (issue 8, item 2): `{"items":[{"name":[[[…]]]}]}` 60,000 levels deep once
// killed the server (a recursive copy of the parsed tree overflowed the stack). Nesting is now
// limited to 64 levels wherever a JSON body or uploaded JSON file is parsed: every route family
// answers 400 `malformed` naming the limit (where the body is a file, not JSON, the file is
// judged as a file); the server stays up throughout.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem } from '../support/api-assert.mjs';
import { Client, loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';

let server;
let admin;
let anonymous;

before(async () => {
  server = await startServer({ pki: true });
  admin = await loggedIn(server.baseUrl, 'admin');
  anonymous = new Client(server.baseUrl);
});
after(async () => {
  await server?.stop();
});

// `{"<field>": [[[…]]]}` with `levels` nested arrays: depth levels + 1 with the object.
const deep = (field, levels) => `{"${field}":${'['.repeat(levels)}${']'.repeat(levels)}}`;
// The deepest body under a route's limit (bytes), at most the 60,000 levels of the report.
const deepWithin = (field, limit) => deep(field, Math.min(60_000, Math.floor((limit - 64) / 2)));
const KB = 1024;

async function assertStillServing() {
  const res = await fetch(`${server.baseUrl}/healthz`);
  assert.equal(res.status, 200, 'the server still answers');
  await res.arrayBuffer();
}

function assertTooDeep(res) {
  const b = assertProblem(res, 400, 'malformed');
  assert.match(b.detail, /lồng nhau quá sâu \(tối đa 64 cấp\)/, b.detail);
}

const post = (client, p, body, opts = {}) =>
  client.post(p, body, { raw: true, headers: { 'Content-Type': 'application/json' }, ...opts });
const patch = (client, p, body) =>
  client.patch(p, body, { raw: true, headers: { 'Content-Type': 'application/json' } });

test('the reported crash: agency import of {"items":[{"name":[[[…60,000…]]]}]}', async () => {
  const body = `{"items":[{"name":${'['.repeat(60_000)}${']'.repeat(60_000)}}]}`;
  assert.ok(body.length > 120_000);
  assertTooDeep(await post(admin, '/agencies/import', body));
  await assertStillServing();
  // The dry run too, and a CSV content type carrying JSON is just a bad CSV.
  assertTooDeep(await post(admin, '/agencies/import?dryRun=true', body));
  await assertStillServing();
});

test('64 levels are accepted, 65 are not (the limit is exact)', async () => {
  // The object is level 1: 63 arrays inside make 64.
  const at = await post(admin, '/agencies', deep('name', 63));
  assertProblem(at, 422, 'validation', { fields: [['name', 'type']] });
  assertTooDeep(await post(admin, '/agencies', deep('name', 64)));
  // Brackets inside strings do not count.
  const inString = await post(admin, '/agencies', JSON.stringify({ name: '['.repeat(1000) }));
  assert.notEqual(inString.status, 400, inString.text);
});

test('auth: login, change-password, citizen sign-up', async () => {
  assertTooDeep(await post(anonymous, '/auth/login', deepWithin('username', 16 * KB)));
  assertTooDeep(await post(admin, '/auth/change-password', deepWithin('currentPassword', 16 * KB)));
  assertTooDeep(await post(anonymous, '/citizens', deepWithin('fullName', 16 * KB)));
  await assertStillServing();
});

test('users: create, update, reset password', async () => {
  assertTooDeep(await post(admin, '/users', deepWithin('fullName', 16 * KB)));
  assertTooDeep(await patch(admin, `/users/${admin.user.id}`, deepWithin('fullName', 16 * KB)));
  assertTooDeep(await post(admin, `/users/${admin.user.id}/reset-password`, deepWithin('password', 16 * KB)));
  await assertStillServing();
});

test('agencies: create, update, units', async () => {
  assertTooDeep(await post(admin, '/agencies', deepWithin('name', 64 * KB)));
  assertTooDeep(await patch(admin, '/agencies/4', deepWithin('name', 64 * KB)));
  assertTooDeep(await post(admin, '/agencies/4/units', deepWithin('name', 16 * KB)));
  await assertStillServing();
});

test('API tokens', async () => {
  assertTooDeep(await post(admin, '/api-tokens', deepWithin('scopes', 16 * KB)));
  await assertStillServing();
});

test('trust store and signing take files, not JSON: a deep JSON file is only bytes to them', async () => {
  const body = deep('x', 60_000);
  const clerk = await loggedIn(server.baseUrl, 'vanthu.ubnd');
  const cases = [
    [admin, '/trust/anchors?purpose=signing', 'application/json'],
    [admin, '/trust/crls', 'application/json'],
    [clerk, '/signing/sign?key=seal-000.00.00.h01', 'application/json'],
    [anonymous, '/signatures/verify', 'application/json'],
  ];
  for (const [client, p, type] of cases) {
    const res = await client.post(p, body, { raw: true, headers: { 'Content-Type': type } });
    // Not a certificate, not a CRL, not a signed file: refused; signing (CMS) signs any bytes.
    const expected = p.startsWith('/signing/sign') ? 200 : 422;
    assert.equal(res.status, expected, `${p}: ${res.status} ${res.text.slice(0, 300)}`);
    await assertStillServing();
  }
});

test('cqdt agency import --format json of the deep file: exit 2 with the reason, no crash', () => {
  const file = path.join(server.dataDir, 'sau.json');
  writeFileSync(file, `{"items":[{"name":${'['.repeat(60_000)}${']'.repeat(60_000)}}]}`);
  const r = runCli(['agency', 'import', file, '--format', 'json', '--db', server.dbUrl, '--data-dir', server.dataDir]);
  assert.equal(r.signal, null, `no crash: ${r.stderr}`);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /lồng nhau quá sâu/);
});
