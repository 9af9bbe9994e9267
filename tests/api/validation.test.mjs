// Input validation: malformed JSON, media type, body size, unknown and missing fields, agency
// codes, duplicates. Every rejection leaves the data unchanged.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  allAgencies,
  allUsers,
  assertProblem,
  assertStatus,
  freshDepartmentCodes,
} from '../support/api-assert.mjs';
import {
  PROVINCE_CODE,
  loggedIn,
  rawExchange,
  startServer,
} from '../support/cqdt-server.mjs';

let server;
let admin;

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
});
after(async () => {
  await server?.stop();
});

const agencyInput = (code, over = {}) => ({
  code,
  name: 'Sở Kiểm thử Dữ liệu',
  shortName: 'SKTDL',
  kind: 'department',
  parentCode: PROVINCE_CODE,
  ...over,
});

// Runs `fn` and asserts the agency list is the same before and after.
async function agenciesUnchanged(fn) {
  const before = await allAgencies(admin);
  await fn();
  assert.deepEqual(await allAgencies(admin), before, 'agency list unchanged');
}

test('control: the base agency input is valid (201)', async () => {
  const [code] = await freshDepartmentCodes(admin);
  assertStatus(await admin.post('/agencies', agencyInput(code)), 201);
});

test('control: GET /agencies/{id}, PATCH, q= search; unknown id is 404', async () => {
  const [code] = await freshDepartmentCodes(admin);
  // POST and PATCH answer the Agency plus the admin's `warnings`; GET answers the Agency.
  const { warnings, ...created } = assertStatus(
    await admin.post('/agencies', agencyInput(code, { name: 'Sở Tạm Thời' })),
    201,
  );
  assert.deepEqual(warnings, []);
  assert.deepEqual(assertStatus(await admin.get(`/agencies/${created.id}`), 200), created);
  const patched = await admin.patch(`/agencies/${created.id}`, { name: 'Sở Đã Đổi Tên', phone: '0296 3999 999' });
  assertStatus(patched, 200);
  assert.equal(patched.body.name, 'Sở Đã Đổi Tên');
  assert.equal(patched.body.phone, '0296 3999 999');
  assert.equal(patched.body.code, code);
  const { warnings: patchWarnings, ...patchedAgency } = patched.body;
  assert.deepEqual(patchWarnings, []);
  assert.deepEqual(assertStatus(await admin.get(`/agencies/${created.id}`), 200), patchedAgency);
  const found = assertStatus(await admin.get(`/agencies?q=${encodeURIComponent('Đã Đổi')}`), 200);
  assert.ok(found.items.some((a) => a.id === created.id), 'q= finds the agency by name');
  assert.ok(!found.items.some((a) => a.code === PROVINCE_CODE), 'q= filters');
  assertProblem(await admin.get('/agencies/999999'), 404, 'not-found');
  assertProblem(await admin.patch('/agencies/999999', { name: 'Không có' }), 404, 'not-found');
});

test('malformed JSON: 400 urn:cqdt:problem:malformed', async () => {
  await agenciesUnchanged(async () => {
    for (const body of ['{"code": ', '{code: "x"}', '', '[1,2', '{"a":1}}']) {
      const res = await admin.post('/agencies', body, {
        raw: true,
        headers: { 'Content-Type': 'application/json' },
      });
      assertProblem(res, 400, 'malformed');
    }
  });
});

test('invalid UTF-8 in a JSON body is malformed (400)', async () => {
  const [code] = await freshDepartmentCodes(admin);
  const json = Buffer.from(JSON.stringify(agencyInput(code, { name: 'Sở XX' })));
  const i = json.indexOf('XX');
  json[i] = 0xc3; // lone lead byte
  json[i + 1] = 0x28;
  await agenciesUnchanged(async () => {
    const res = await admin.post('/agencies', json, {
      raw: true,
      headers: { 'Content-Type': 'application/json' },
    });
    assertProblem(res, 400, 'malformed');
  });
});

test('wrong Content-Type (text/plain): 415 unsupported', async () => {
  const [code] = await freshDepartmentCodes(admin);
  await agenciesUnchanged(async () => {
    const res = await admin.post('/agencies', JSON.stringify(agencyInput(code)), {
      raw: true,
      headers: { 'Content-Type': 'text/plain' },
    });
    assertProblem(res, 415, 'unsupported');
    const none = await admin.post('/agencies', JSON.stringify(agencyInput(code)), {
      raw: true,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assertProblem(none, 415, 'unsupported');
  });
});

test('oversized body (> 1 MiB) to POST /agencies: 413 too-large', async () => {
  const [code] = await freshDepartmentCodes(admin);
  const body = Buffer.from(JSON.stringify(agencyInput(code, { address: 'x'.repeat(1024 * 1024 + 512) })));
  assert.ok(body.length > 1024 * 1024);
  await agenciesUnchanged(async () => {
    const head =
      `POST /api/v1/agencies HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n` +
      `Cookie: ${admin.cookieHeader()}\r\nX-CSRF-Token: ${admin.csrfToken}\r\n` +
      `Connection: close\r\n\r\n`;
    // A server that closes right after its early 413 can make the client's pending write fail
    // and lose the answer (TCP reset); such a lost answer is retried, a wrong one is not.
    let res = null;
    for (let attempt = 0; attempt < 3 && !res; attempt++) res = await rawExchange(server.port, head, body);
    assert.ok(res, 'an HTTP response arrived');
    assert.equal(res.status, 413, res.text);
    assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.equal(res.body?.type, 'urn:cqdt:problem:too-large');
  });
  // The server is still healthy afterwards.
  assertStatus(await admin.get('/auth/session'), 200);
});

test('unknown field: 422 naming it with code "unknown"', async () => {
  const [code] = await freshDepartmentCodes(admin);
  await agenciesUnchanged(async () => {
    const res = await admin.post('/agencies', agencyInput(code, { colour: 'đỏ' }));
    assertProblem(res, 422, 'validation', { fields: [['colour', 'unknown']] });
    const patch = await admin.patch(`/agencies/${(await allAgencies(admin))[0].id}`, { colour: 'đỏ' });
    assertProblem(patch, 422, 'validation', { fields: [['colour', 'unknown']] });
  });
});

test('missing required fields: 422 naming each with code "required"', async () => {
  const [code] = await freshDepartmentCodes(admin);
  await agenciesUnchanged(async () => {
    const { name, ...noName } = agencyInput(code);
    assertProblem(await admin.post('/agencies', noName), 422, 'validation', {
      fields: [['name', 'required']],
    });
    const { code: _c, kind, ...noCodeKind } = agencyInput(code);
    assertProblem(await admin.post('/agencies', noCodeKind), 422, 'validation', {
      fields: [
        ['code', 'required'],
        ['kind', 'required'],
      ],
    });
    assertProblem(await admin.post('/agencies', {}), 422, 'validation', {
      fields: [
        ['code', 'required'],
        ['name', 'required'],
        ['kind', 'required'],
      ],
    });
  });
});

test('wrong types and bad enum values: 422 naming the field', async () => {
  const [code] = await freshDepartmentCodes(admin);
  await agenciesUnchanged(async () => {
    assertProblem(await admin.post('/agencies', agencyInput(code, { name: 123 })), 422, 'validation', {
      fields: ['name'],
    });
    assertProblem(await admin.post('/agencies', agencyInput(code, { kind: 'province' })), 422, 'validation', {
      fields: ['kind'],
    });
    assertProblem(await admin.post('/agencies', agencyInput(code, { name: '   ' })), 422, 'validation', {
      fields: ['name'],
    });
    assertProblem(
      await admin.post('/agencies', agencyInput(code, { validFrom: '2025-02-30' })),
      422,
      'validation',
      { fields: ['validFrom'] },
    );
    assertProblem(
      await admin.post('/agencies', agencyInput(code, { parentCode: '000.00.00.H99' })),
      422,
      'validation',
      { fields: ['parentCode'] },
    );
  });
});

test('invalid agency codes: 422 on field code (format)', async () => {
  await agenciesUnchanged(async () => {
    // Every code is tried; the failures are reported together.
    const failures = [];
    for (const bad of ['H1X', 'Z01.17', '000.00.00.h01', '000.00.00.H1', '00.00.00.H01', '000.00.00.H01.17']) {
      const res = await admin.post('/agencies', agencyInput(bad));
      try {
        assertProblem(res, 422, 'validation', { fields: [['code', 'format']] });
      } catch (err) {
        failures.push(`${bad}: ${err.message.split('\n')[0]}`);
      }
    }
    assert.deepEqual(failures, [], 'invalid codes accepted or refused wrongly');
  });
});

test('duplicate agency code: 409 conflict naming code', async () => {
  await agenciesUnchanged(async () => {
    const res = await admin.post('/agencies', agencyInput(PROVINCE_CODE));
    assertProblem(res, 409, 'conflict', { fields: ['code'] });
  });
});

// ---------------------------------------------------------------------------------------------
// Users

const userInput = (over = {}) => ({
  username: 'kiemthu.hople',
  fullName: 'Phạm Minh Kiểm',
  email: 'kiemthu.hople@angiang.gov.vn',
  agencyId: admin.user.agencyId,
  roles: ['officer'],
  password: 'KiemThu#HopLe2026',
  ...over,
});

async function usersUnchanged(fn) {
  const before = await allUsers(admin);
  await fn();
  assert.deepEqual(await allUsers(admin), before, 'user list unchanged');
}

test('duplicate username: 409 conflict naming username', async () => {
  await usersUnchanged(async () => {
    const res = await admin.post('/users', userInput({ username: 'chuyenvien.snv' }));
    assertProblem(res, 409, 'conflict', { fields: ['username'] });
  });
});

test('user input: unknown, missing and invalid fields are 422', async () => {
  await usersUnchanged(async () => {
    assertProblem(await admin.post('/users', userInput({ isAdmin: true })), 422, 'validation', {
      fields: [['isAdmin', 'unknown']],
    });
    const { email, ...noEmail } = userInput();
    assertProblem(await admin.post('/users', noEmail), 422, 'validation', {
      fields: [['email', 'required']],
    });
    assertProblem(await admin.post('/users', userInput({ email: 'khong-phai-email' })), 422, 'validation', {
      fields: ['email'],
    });
    assertProblem(await admin.post('/users', userInput({ roles: ['superuser'] })), 422, 'validation', {
      fields: ['roles'],
    });
    assertProblem(await admin.post('/users', userInput({ password: '123' })), 422, 'validation', {
      fields: ['password'],
    });
  });
});

test('control: the base user input is valid (201)', async () => {
  const res = await admin.post('/users', userInput());
  assertStatus(res, 201);
  assert.equal(res.body.username, 'kiemthu.hople');
  assert.equal(res.body.fullName, 'Phạm Minh Kiểm');
  assert.deepEqual(res.body.roles, ['officer']);
  assert.equal(res.body.disabled, false);
  assert.equal(res.body.password, undefined);
});
