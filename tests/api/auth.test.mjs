// Sessions: login, cookie attributes and rotation, session, logout, logout-all, change of
// password, citizen sign-up and login, and login throttling (last: it may block the client).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus, assertVietnamese } from '../support/api-assert.mjs';
import { Client, DEMO_PASSWORD, loggedIn, startServer } from '../support/cqdt-server.mjs';

// Login and sign-up are rate limited per client address (every request counts), and all our
// requests come from 127.0.0.1: staff sessions and citizens each get a server of their own so
// that neither file section comes near that limit.
let server;
let citizenServer;
const client = () => new Client(server.baseUrl);
const citizenClient = () => new Client(citizenServer.baseUrl);

before(async () => {
  // The citizen server lifts the per-address sign-up limit (5 a minute by default): this file
  // signs up more often than that from 127.0.0.1; accounts.test.mjs tests the limit.
  [server, citizenServer] = await Promise.all([
    startServer(),
    startServer({ env: { CQDT_SIGN_UP_REQUESTS_PER_MINUTE: '100' } }),
  ]);
});
after(async () => {
  await Promise.all([server?.stop(), citizenServer?.stop()]);
});

function sessionSetCookie(res) {
  return res.setCookies.find((c) => /^cqdt_session=/.test(c));
}

test('login as admin: 200 {user: Me, csrfToken} and an HttpOnly SameSite=Lax session cookie', async () => {
  const c = client();
  const res = await c.login('admin', DEMO_PASSWORD);
  assertStatus(res, 200);
  assert.match(res.contentType, /^application\/json/);
  const { user, csrfToken } = res.body;
  assert.equal(typeof csrfToken, 'string');
  assert.ok(csrfToken.length >= 16, 'csrfToken has enough entropy');
  assert.equal(user.username, 'admin');
  assert.equal(user.realm, 'staff');
  assert.ok(user.id !== undefined && user.id !== null);
  assert.ok(user.fullName);
  assert.ok(Array.isArray(user.roles) && user.roles.includes('admin'), 'admin has role admin');
  assert.ok(user.agencyId !== undefined && user.agencyId !== null, 'staff Me has agencyId');
  assert.equal(user.password, undefined);
  assert.equal(user.passwordHash, undefined);

  const sc = sessionSetCookie(res);
  assert.ok(sc, `Set-Cookie cqdt_session expected; got ${JSON.stringify(res.setCookies)}`);
  const attrs = sc.split(';').map((a) => a.trim().toLowerCase());
  assert.ok(attrs.includes('httponly'), `HttpOnly: ${sc}`);
  assert.ok(attrs.includes('samesite=lax'), `SameSite=Lax: ${sc}`);
  assert.ok(attrs.includes('path=/'), `Path=/: ${sc}`);
  const value = sc.split(';')[0].slice('cqdt_session='.length);
  assert.ok(value.length >= 20, 'session id has enough entropy');
  assert.equal(c.sessionCookie, value);
});

test('wrong password: 401 problem+json in Vietnamese, no session cookie', async () => {
  const c = client();
  const res = await c.login('chuyenvien.snv', 'SaiMatKhau@2026');
  const b = assertProblem(res, 401, 'unauthenticated');
  assertVietnamese(b.detail);
  assert.equal(c.sessionCookie, null, `no session on failure: ${JSON.stringify(res.setCookies)}`);
});

test('unknown user and wrong password are indistinguishable (no user enumeration)', async () => {
  const a = await client().login('khong.ton.tai', 'SaiMatKhau@2026');
  const b = await client().login('lanhdao.rachgia', 'SaiMatKhau@2026');
  assertProblem(a, 401, 'unauthenticated');
  assertProblem(b, 401, 'unauthenticated');
  assert.equal(a.body.detail, b.body.detail);
  assert.equal(a.body.title, b.body.title);
});

test('login rotates the session cookie; a planted cookie is never adopted', async () => {
  const c = client();
  c.cookies.set('cqdt_session', 'attacker-chosen-session-id-0123456789');
  assertStatus(await c.login('admin', DEMO_PASSWORD), 200);
  const first = c.sessionCookie;
  assert.ok(first);
  assert.notEqual(first, 'attacker-chosen-session-id-0123456789');

  // A second login from the same client (sending the first cookie) gets a new one.
  assertStatus(await c.login('admin', DEMO_PASSWORD), 200);
  const second = c.sessionCookie;
  assert.ok(second);
  assert.notEqual(second, first, 'cookie rotated at login');

  // And a login from another client gets yet another.
  const other = client();
  assertStatus(await other.login('admin', DEMO_PASSWORD), 200);
  assert.notEqual(other.sessionCookie, first);
  assert.notEqual(other.sessionCookie, second);
});

test('GET /auth/session: 200 {user, csrfToken} with the cookie; 401 without', async () => {
  const c = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  const res = await c.get('/auth/session');
  assertStatus(res, 200);
  assert.equal(res.body.user.username, 'chuyenvien.snv');
  assert.equal(res.body.user.realm, 'staff');
  assert.ok(res.body.user.roles.includes('officer'));
  assert.equal(typeof res.body.csrfToken, 'string');
  assert.ok(res.body.csrfToken.length >= 16);
  assert.equal(res.body.mail, false, 'official e-mail is off here: the pages do not ask for it');

  // The token from /auth/session is accepted for state-changing requests.
  const viaSession = new Client(server.baseUrl, {
    cookies: Object.fromEntries(c.cookies),
    csrfToken: res.body.csrfToken,
  });
  assert.equal((await viaSession.post('/auth/logout')).status, 204);

  assertProblem(await client().get('/auth/session'), 401, 'unauthenticated');
  const bogus = client();
  bogus.cookies.set('cqdt_session', 'not-a-session-0123456789abcdef');
  assertProblem(await bogus.get('/auth/session'), 401, 'unauthenticated');
});

test('logout: 204, and the old cookie no longer authenticates', async () => {
  const c = await loggedIn(server.baseUrl, 'lanhdao.snv');
  const oldCookie = c.sessionCookie;
  assertStatus(await c.get('/auth/session'), 200);

  const res = await c.post('/auth/logout');
  assert.equal(res.status, 204, res.text);

  const replay = new Client(server.baseUrl, { cookies: { cqdt_session: oldCookie } });
  assertProblem(await replay.get('/auth/session'), 401, 'unauthenticated');
  assertProblem(await replay.get('/agencies'), 401, 'unauthenticated');
});

test('logout-all ends every session of the user and only theirs', async () => {
  const a = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  const b = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  const other = await loggedIn(server.baseUrl, 'lanhdao.snv');
  const aCookie = a.sessionCookie;
  assertStatus(await b.get('/auth/session'), 200);

  const res = await a.post('/auth/logout-all');
  assert.equal(res.status, 204, res.text);

  assertProblem(await b.get('/auth/session'), 401, 'unauthenticated');
  const aReplay = new Client(server.baseUrl, { cookies: { cqdt_session: aCookie } });
  assertProblem(await aReplay.get('/auth/session'), 401, 'unauthenticated');
  assertStatus(await other.get('/auth/session'), 200);
});

test('unauthenticated API calls are 401 problems', async () => {
  assertProblem(await client().get('/agencies'), 401, 'unauthenticated');
  assertProblem(await client().get('/users'), 401, 'unauthenticated');
  assertProblem(await client().post('/auth/logout'), 401, 'unauthenticated');
});

test('change-password: wrong current password refused (422 currentPassword); right one changes it', async () => {
  const c = await loggedIn(server.baseUrl, 'vanthu.ubnd');
  const newPassword = 'VanThu#DoiMatKhau2026';
  const wrong = await c.post('/auth/change-password', {
    currentPassword: 'KhongPhai@2026x',
    newPassword,
  });
  assertProblem(wrong, 422, 'validation', { fields: [['currentPassword', 'mismatch']] });

  const weak = await c.post('/auth/change-password', {
    currentPassword: DEMO_PASSWORD,
    newPassword: 'abc',
  });
  assertProblem(weak, 422, 'validation', { fields: ['newPassword'] });
  assertStatus(await client().login('vanthu.ubnd', DEMO_PASSWORD), 200);

  const ok = await c.post('/auth/change-password', { currentPassword: DEMO_PASSWORD, newPassword });
  assert.equal(ok.status, 204, ok.text);
  assertProblem(await client().login('vanthu.ubnd', DEMO_PASSWORD), 401, 'unauthenticated');
  assertStatus(await client().login('vanthu.ubnd', newPassword), 200);
});

// ---------------------------------------------------------------------------------------------
// Citizens

const CITIZEN_ID = '091095000456';
const CITIZEN_PASSWORD = 'NhungCongDan#2026';
const citizenInput = (over = {}) => ({
  fullName: 'Nguyễn Thị Hồng Nhung',
  citizenIdNumber: CITIZEN_ID,
  phone: '0912345678',
  email: 'hongnhung@example.vn',
  password: CITIZEN_PASSWORD,
  ...over,
});

test('citizen sign-up: weak password is 422 naming password, nothing created', async () => {
  const res = await citizenClient().post('/citizens', citizenInput({ citizenIdNumber: '091095000789', password: 'abc123' }));
  assertProblem(res, 422, 'validation', { fields: ['password'] });
  // Not created: signing up with the same number and a good password still works later.
  const later = await citizenClient().login('091095000789', 'abc123', 'citizen');
  assertProblem(later, 401, 'unauthenticated');
});

test('citizen sign-up: invalid ID number 12345 is 422 naming citizenIdNumber', async () => {
  const res = await citizenClient().post('/citizens', citizenInput({ citizenIdNumber: '12345' }));
  assertProblem(res, 422, 'validation', { fields: ['citizenIdNumber'] });
  for (const bad of ['09109500045', '0910950004567', '09109500045a']) {
    const r = await citizenClient().post('/citizens', citizenInput({ citizenIdNumber: bad }));
    assertProblem(r, 422, 'validation', { fields: ['citizenIdNumber'] });
  }
});

test('citizen sign-up: missing fullName and unknown field are 422', async () => {
  const { fullName, ...noName } = citizenInput();
  assertProblem(await citizenClient().post('/citizens', noName), 422, 'validation', {
    fields: [['fullName', 'required']],
  });
  assertProblem(await citizenClient().post('/citizens', citizenInput({ roles: ['admin'] })), 422, 'validation', {
    fields: [['roles', 'unknown']],
  });
});

test('citizen sign-up 202, again with the same number the same 202, then login with realm citizen', async () => {
  const res = await citizenClient().post('/citizens', citizenInput());
  assertStatus(res, 202);
  assertVietnamese(res.body.message);
  assert.equal(res.body.password, undefined);

  // A second sign-up with the number cannot be told apart from the first (it was a 409 that
  // told anyone which numbers are registered), and it changes nothing: no account takeover.
  const dup = await citizenClient().post(
    '/citizens',
    citizenInput({ fullName: 'Người Khác', email: 'khac@example.vn', password: 'KeGiaMao#Lay2026' }),
  );
  assertStatus(dup, 202);
  assert.deepEqual(dup.body, res.body);
  assertProblem(await citizenClient().login(CITIZEN_ID, 'KeGiaMao#Lay2026', 'citizen'), 401, 'unauthenticated');

  const c = citizenClient();
  const login = await c.login(CITIZEN_ID, CITIZEN_PASSWORD, 'citizen');
  assertStatus(login, 200);
  assert.equal(login.body.user.realm, 'citizen');
  assert.equal(login.body.user.username, CITIZEN_ID);
  assert.equal(login.body.user.fullName, 'Nguyễn Thị Hồng Nhung', 'the first sign-up stands');
  assert.ok(login.body.user.roles.includes('citizen'));
  assert.ok(!login.body.user.roles.some((r) => r !== 'citizen'), 'a citizen has no staff role');

  // Realms are separate: the citizen cannot sign in as staff.
  assertProblem(await citizenClient().login(CITIZEN_ID, CITIZEN_PASSWORD, 'staff'), 401, 'unauthenticated');
  assertProblem(await citizenClient().login(CITIZEN_ID, CITIZEN_PASSWORD), 401, 'unauthenticated');
  // And staff cannot sign in through the citizen realm.
  assertProblem(await citizenClient().login('admin', DEMO_PASSWORD, 'citizen'), 401, 'unauthenticated');
});

test('a citizen cannot read staff resources (403)', async () => {
  const c = await loggedIn(citizenServer.baseUrl, '091095000123', DEMO_PASSWORD, 'citizen');
  assert.equal(c.user.realm, 'citizen');
  assertProblem(await c.get('/users'), 403, 'forbidden');
  assertProblem(await c.get('/agencies'), 403, 'forbidden');
  assertProblem(await c.get('/audit'), 403, 'forbidden');
  assertProblem(await c.post('/agencies', { code: '000.00.98.H01', name: 'X', shortName: 'X', kind: 'other' }), 403, 'forbidden');
});

// ---------------------------------------------------------------------------------------------
// Throttling

test('repeated wrong passwords are throttled: 429 rate-limited, Vietnamese, Retry-After', async () => {
  // A server of its own, so that the failures of the other tests do not count.
  const own = await startServer();
  try {
    await throttleScenario(own.baseUrl);
  } finally {
    await own.stop();
  }
});

async function throttleScenario(baseUrl) {
  const client = () => new Client(baseUrl);
  const statuses = [];
  let throttled;
  for (let i = 0; i < 12; i++) {
    const res = await client().login('motcua.phuquoc', `Sai#MatKhau${i}`);
    statuses.push(res.status);
    if (res.status === 429) {
      throttled = res;
      break;
    }
    assertProblem(res, 401, 'unauthenticated');
  }
  assert.ok(throttled, `expected a 429 within 12 wrong passwords; got ${statuses.join(',')}`);
  assert.ok(statuses[0] === 401, 'the first wrong password is a plain 401');
  const b = assertProblem(throttled, 429, 'rate-limited');
  assertVietnamese(b.detail);
  const retryAfter = throttled.headers.get('retry-after');
  assert.match(retryAfter ?? '', /^\d+$/, `Retry-After in seconds, got ${retryAfter}`);
  assert.ok(Number(retryAfter) > 0);

  // While throttled even the right password is refused, and no session is issued.
  const right = await client().login('motcua.phuquoc', DEMO_PASSWORD);
  assertProblem(right, 429, 'rate-limited');
  assert.equal(sessionSetCookie(right), undefined);
}

test('20 concurrent wrong passwords for one account get at most 5 password checks (the rest 429)', async () => {
  // The throttle reserves a slot before checking a password, so requests that arrive while the
  // first checks run are refused too; counted after the check, more than 5 would get through.
  const own = await startServer();
  try {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => new Client(own.baseUrl).login('lanhdao.snv', `Sai#DongThoi${i}`)),
    );
    const statuses = results.map((r) => r.status);
    const unauthorized = statuses.filter((s) => s === 401).length;
    const limited = statuses.filter((s) => s === 429).length;
    assert.equal(unauthorized + limited, 20, `only 401s and 429s: ${statuses.join(',')}`);
    assert.ok(unauthorized >= 1, `some passwords were checked: ${statuses.join(',')}`);
    assert.ok(unauthorized <= 5, `at most 5 password checks, got ${unauthorized}: ${statuses.join(',')}`);
    for (const r of results.filter((x) => x.status === 429)) {
      assertProblem(r, 429, 'rate-limited');
    }
  } finally {
    await own.stop();
  }
});
