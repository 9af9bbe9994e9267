// Accounts and sessions after the outside review (issue 8): changing a password ends the other
// sessions; the current password is throttled and audited; a password an administrator chose
// must be replaced before anything else; the password policy as a service; citizen sign-up
// does not tell registered numbers apart and is rate-limited; CCCD province codes; the system
// role is not for people.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus, assertVietnamese } from '../support/api-assert.mjs';
import { Client, DEMO_PASSWORD, loggedIn, startServer } from '../support/cqdt-server.mjs';

let server;
let admin;
let snvId;
const client = () => new Client(server.baseUrl);

before(async () => {
  server = await startServer({ env: { CQDT_SIGN_UP_REQUESTS_PER_MINUTE: '100' } });
  admin = await loggedIn(server.baseUrl, 'admin');
  const agencies = assertStatus(await admin.get('/agencies'), 200).items;
  snvId = agencies.find((a) => a.code === '000.00.01.H01')?.id ?? agencies[0].id;
});
after(async () => {
  await server?.stop();
});

async function createUser(username, password) {
  const res = await admin.post('/users', {
    username,
    fullName: 'Phạm Thị Kiểm Tra',
    email: `${username}@angiang.gov.vn`,
    agencyId: snvId,
    roles: ['officer'],
    password,
  });
  assertStatus(res, 201);
  return res.body;
}

async function auditActions(action) {
  const res = await admin.get(`/audit?action=${encodeURIComponent(action)}&limit=500`);
  return assertStatus(res, 200).items;
}

// ---------------------------------------------------------------------------------------------
// Item 5: changing one's password ends the other sessions, not the current one.

test('change-password ends every other session of the user and keeps the current one', async () => {
  const here = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  const phone = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  const laptop = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  const other = await loggedIn(server.baseUrl, 'lanhdao.snv');
  assertStatus(await phone.get('/auth/session'), 200);

  const newPassword = 'ba con vịt bơi qua sông';
  const res = await here.post('/auth/change-password', { currentPassword: DEMO_PASSWORD, newPassword });
  assert.equal(res.status, 204, res.text);

  assertStatus(await here.get('/auth/session'), 200);
  assertStatus(await here.get('/agencies'), 200);
  assertProblem(await phone.get('/auth/session'), 401, 'unauthenticated');
  assertProblem(await laptop.get('/agencies'), 401, 'unauthenticated');
  assertStatus(await other.get('/auth/session'), 200);
  assertStatus(await client().login('chuyenvien.snv', newPassword), 200);
});

// ---------------------------------------------------------------------------------------------
// Item 6: the current password cannot be guessed without a limit or an audit entry.

test('wrong current passwords are audited and throttled like a login (429, Retry-After)', async () => {
  await createUser('kiemtra.doimk', 'KiemTra#DoiMatKhau2026');
  const c = await loggedIn(server.baseUrl, 'kiemtra.doimk', 'KiemTra#DoiMatKhau2026');
  // The forced change is not what this test is about: do it first.
  const first = await c.post('/auth/change-password', {
    currentPassword: 'KiemTra#DoiMatKhau2026',
    newPassword: 'mây trắng bay qua cầu tre',
  });
  assert.equal(first.status, 204, first.text);

  const statuses = [];
  let limited;
  for (let i = 0; i < 8; i++) {
    const res = await c.post('/auth/change-password', {
      currentPassword: `DoanMo#${i}-khong-dung`,
      newPassword: 'một hai ba bốn năm sáu bảy',
    });
    statuses.push(res.status);
    if (res.status === 429) {
      limited = res;
      break;
    }
    assertProblem(res, 422, 'validation', { fields: [['currentPassword', 'mismatch']] });
  }
  assert.ok(limited, `a 429 within 8 wrong current passwords; got ${statuses.join(',')}`);
  assert.equal(statuses.filter((s) => s === 422).length, 5, `5 checks, then 429: ${statuses.join(',')}`);
  assertProblem(limited, 429, 'rate-limited');
  assert.match(limited.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
  // Even the right current password waits now, and the login form shares the budget.
  const right = await c.post('/auth/change-password', {
    currentPassword: 'mây trắng bay qua cầu tre',
    newPassword: 'một hai ba bốn năm sáu bảy',
  });
  assertProblem(right, 429, 'rate-limited');
  assertProblem(await client().login('kiemtra.doimk', 'mây trắng bay qua cầu tre'), 429, 'rate-limited');

  const failures = (await auditActions('auth.change_password_failed')).filter(
    (e) => e.actor === 'kiemtra.doimk',
  );
  assert.equal(failures.length, 5, 'every failed check is in the audit trail');
});

// ---------------------------------------------------------------------------------------------
// Item 19: a password an administrator chose must be replaced at the next sign-in.

test('after creation or a reset by an administrator, the session may only change the password', async () => {
  const initial = 'KhoiTao#KiemTra2026';
  const user = await createUser('kiemtra.batbuoc', initial);
  assert.equal(user.passwordChangeRequired, true);

  const c = client();
  const login = await c.login('kiemtra.batbuoc', initial);
  assertStatus(login, 200);
  assert.equal(login.body.user.passwordChangeRequired, true);

  // Server-enforced: every other call is 403 with a type of its own, reads and writes alike.
  const blocked = assertProblem(await c.get('/agencies'), 403, 'password-change-required');
  assertVietnamese(blocked.detail);
  assert.match(blocked.detail, /đổi mật khẩu/);
  assertProblem(await c.get(`/users/${user.id}`), 403, 'password-change-required');
  assertProblem(await c.get('/calendar/holidays?year=2026'), 403, 'password-change-required');
  // Again, now that the session is in the in-memory cache (the fast path of GET /agencies).
  assertProblem(await c.get('/agencies'), 403, 'password-change-required');
  assertProblem(await c.post('/auth/change-password', {}), 422, 'validation');
  // What it may do: read the session (also from the in-memory cache), change the password.
  assert.equal(assertStatus(await c.get('/auth/session'), 200).user.passwordChangeRequired, true);
  assert.equal(assertStatus(await c.get('/auth/session'), 200).user.passwordChangeRequired, true);

  // Keeping the administrator's password is not a change.
  const same = await c.post('/auth/change-password', { currentPassword: initial, newPassword: initial });
  assertProblem(same, 422, 'validation', { fields: [['newPassword', 'unchanged']] });
  const weak = await c.post('/auth/change-password', { currentPassword: initial, newPassword: 'Password2026' });
  assertProblem(weak, 422, 'validation', { fields: [['newPassword', 'common']] });

  const own = 'hoa sen nở giữa đầm lầy';
  assert.equal((await c.post('/auth/change-password', { currentPassword: initial, newPassword: own })).status, 204);
  assert.equal(assertStatus(await c.get('/auth/session'), 200).user.passwordChangeRequired, false);
  assertStatus(await c.get('/agencies'), 200);
  const listed = assertStatus(await admin.get(`/users/${user.id}`), 200);
  assert.equal(listed.passwordChangeRequired, false);

  // A reset asks again (and ends the session, as before).
  const reset = await admin.post(`/users/${user.id}/reset-password`, { password: 'DatLai#KiemTra2026x' });
  assert.equal(reset.status, 204, reset.text);
  assertProblem(await c.get('/auth/session'), 401, 'unauthenticated');
  const again = client();
  assert.equal(assertStatus(await again.login('kiemtra.batbuoc', 'DatLai#KiemTra2026x'), 200).user.passwordChangeRequired, true);
  assertProblem(await again.get('/agencies'), 403, 'password-change-required');
  assert.equal((await again.post('/auth/logout')).status, 204, 'logging out is allowed');
});

test('demo accounts chose their own password: no change required', async () => {
  const c = await loggedIn(server.baseUrl, 'lanhdao.rachgia');
  assert.equal(c.user.passwordChangeRequired, false);
  const citizen = await loggedIn(server.baseUrl, '091095000123', DEMO_PASSWORD, 'citizen');
  assert.equal(citizen.user.passwordChangeRequired, false);
});

// ---------------------------------------------------------------------------------------------
// Item 8: the password policy, the same for every form, exposed for the UI.

test('POST /password-checks: the policy verdict with the server message', async () => {
  const check = async (body) => assertStatus(await client().post('/password-checks', body, { csrf: false }), 200);
  const good = await check({ password: 'correct horse battery staple' });
  assert.deepEqual(good, { acceptable: true, minLength: 12, maxLength: 128, errors: [] });

  for (const [password, code] of [
    ['Password2026', 'common'],
    ['matkhau123456', 'common'],
    ['123456789012', 'common'],
    ['ngắn quá', 'too_short'],
    ['x'.repeat(129), 'too_long'],
  ]) {
    const bad = await check({ password });
    assert.equal(bad.acceptable, false, password);
    assert.equal(bad.errors.length, 1, password);
    assert.equal(bad.errors[0].field, 'password');
    assert.equal(bad.errors[0].code, code, password);
    assertVietnamese(bad.errors[0].message);
  }
  const staff = await check({ password: 'x-an.nv-2026-yz', username: 'an.nv' });
  assert.equal(staff.errors[0].code, 'contains_username');
  assert.match(staff.errors[0].message, /tên đăng nhập/);
  const citizen = await check({ password: 'so 091095000456 cua toi', username: '091095000456', realm: 'citizen' });
  assert.equal(citizen.errors[0].code, 'contains_username');
  assert.match(citizen.errors[0].message, /số định danh/);
  assert.doesNotMatch(citizen.errors[0].message, /tên đăng nhập/);

  assertProblem(await client().post('/password-checks', {}), 422, 'validation', { fields: [['password', 'required']] });
  assertProblem(await client().post('/password-checks', { password: 'x', realm: 'system' }), 422, 'validation', {
    fields: [['realm', 'enum']],
  });
});

test('the rules the check reports are the rules sign-up, creation, reset and change apply', async () => {
  assertProblem(
    await admin.post('/users', {
      username: 'kiemtra.yeu',
      fullName: 'Yếu Mật Khẩu',
      email: 'yeu@angiang.gov.vn',
      agencyId: snvId,
      roles: ['officer'],
      password: 'Password2026',
    }),
    422,
    'validation',
    { fields: [['password', 'common']] },
  );
  const passphrase = await admin.post('/users', {
    username: 'kiemtra.cumtu',
    fullName: 'Cụm Từ',
    email: 'cumtu@angiang.gov.vn',
    agencyId: snvId,
    roles: ['officer'],
    password: 'correct horse battery staple',
  });
  assertStatus(passphrase, 201);
  assertProblem(
    await admin.post(`/users/${passphrase.body.id}/reset-password`, { password: 'matkhau123456' }),
    422,
    'validation',
    { fields: [['password', 'common']] },
  );
  assertProblem(
    await client().post('/citizens', {
      fullName: 'Lê Thị Yếu',
      citizenIdNumber: '089095001234',
      phone: '0912345678',
      password: 'iloveyou1234',
    }),
    422,
    'validation',
    { fields: [['password', 'common']] },
  );
});

// ---------------------------------------------------------------------------------------------
// Item 14: sign-up does not tell registered numbers apart; it is rate-limited.

test('sign-up answers alike for a new and a registered number, and the holder keeps the account', async () => {
  const input = (over) => ({
    fullName: 'Võ Thị Chủ Thật',
    citizenIdNumber: '089095004321',
    phone: '0912345678',
    password: 'ChuThat#TaiKhoan2026',
    ...over,
  });
  const fresh = await client().post('/citizens', input());
  const again = await client().post('/citizens', input({ fullName: 'Kẻ Mạo Danh', password: 'MaoDanh#LayTaiKhoan2026' }));
  const demo = await client().post('/citizens', input({ citizenIdNumber: '091095000123', password: 'MaoDanh#LayTaiKhoan2026' }));
  for (const res of [fresh, again, demo]) {
    assert.equal(res.status, 202, res.text);
    assert.equal(res.contentType, fresh.contentType);
    assert.deepEqual(res.body, fresh.body);
  }
  assertVietnamese(fresh.body.message);
  // No takeover: the holders' passwords still open their accounts, the intruder's opens nothing.
  assertStatus(await client().login('089095004321', 'ChuThat#TaiKhoan2026', 'citizen'), 200);
  assertStatus(await client().login('091095000123', DEMO_PASSWORD, 'citizen'), 200);
  assertProblem(await client().login('091095000123', 'MaoDanh#LayTaiKhoan2026', 'citizen'), 401, 'unauthenticated');
  // The attempts are recorded for the administrators (and, in time, the holder).
  const repeated = await auditActions('citizen.sign_up_repeated');
  assert.ok(repeated.length >= 2, JSON.stringify(repeated));
});

test('sign-ups are rate-limited per client address (429, Retry-After)', async () => {
  const own = await startServer({ env: { CQDT_SIGN_UP_REQUESTS_PER_MINUTE: '3' } });
  try {
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await new Client(own.baseUrl).post('/citizens', {
        fullName: 'Đỗ Văn Nhiều',
        citizenIdNumber: `08909500${String(5000 + i)}`,
        phone: '0912345678',
        password: 'NhieuLan#DangKy2026',
      });
      statuses.push(res.status);
      if (i === 3) {
        assertProblem(res, 429, 'rate-limited');
        assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
      }
    }
    assert.deepEqual(statuses, [202, 202, 202, 429]);
  } finally {
    await own.stop();
  }
});

// ---------------------------------------------------------------------------------------------
// Item 19: the CCCD province code, and the role "system".

test('a citizen ID number with an unknown province code gets its own reason', async () => {
  const res = await client().post('/citizens', {
    fullName: 'Trương Văn Tỉnh',
    citizenIdNumber: '003095000123',
    phone: '0912345678',
    password: 'TinhKhongCo#2026x',
  });
  const b = assertProblem(res, 422, 'validation', { fields: [['citizenIdNumber', 'province']] });
  const message = b.errors.find((e) => e.field === 'citizenIdNumber').message;
  assert.match(message, /Mã tỉnh 003/);
  assert.doesNotMatch(message, /12 chữ số/);
});

test('the role "system" is for API tokens, never given to a person', async () => {
  const res = await admin.post('/users', {
    username: 'kiemtra.hethong',
    fullName: 'Hệ Thống Giả',
    email: 'hethong@angiang.gov.vn',
    agencyId: snvId,
    roles: ['system'],
    password: 'HeThong#KhongPhaiNguoi2026',
  });
  assertProblem(res, 422, 'validation', { fields: [['roles', 'not_for_people']] });
  const officer = (await admin.get('/users?q=chuyenvien.snv')).body.items[0];
  assertProblem(await admin.patch(`/users/${officer.id}`, { roles: ['officer', 'system'] }), 422, 'validation', {
    fields: [['roles', 'not_for_people']],
  });
});
