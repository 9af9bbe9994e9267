// The messages an answer carries follow Accept-Language (issue 8, item 22): Vietnamese by
// default, English when the client prefers it; the problem's type, codes and field names, and the
// data itself, do not change.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO_PASSWORD, Client, loggedIn, startServer } from '../support/cqdt-server.mjs';

// Letters only Vietnamese uses (lower and upper case): an English message has none of them.
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const EN = { 'Accept-Language': 'en-US,en;q=0.9,vi;q=0.5' };

let server;
let admin;

before(async () => {
  server = await startServer({ pki: true });
  admin = await loggedIn(server.baseUrl, 'admin');
});
after(async () => {
  await server?.stop();
});

/** The texts of a problem a person reads: title, detail, every field message. */
function texts(body) {
  return [body.title, body.detail, ...(body.errors ?? []).map((e) => e.message)];
}

function assertEnglish(res) {
  for (const text of texts(res.body)) {
    assert.ok(text && !VIETNAMESE.test(text), `English expected, got: ${text}\n${res.text}`);
  }
  assert.equal(res.headers.get('content-language'), 'en');
  assert.match(res.headers.get('vary') ?? '', /Accept-Language/);
}

test('a wrong password: Vietnamese by default, English on request', async () => {
  const anonymous = new Client(server.baseUrl);
  const vi = await anonymous.post('/auth/login', { username: 'admin', password: 'sai-mat-khau' });
  assert.equal(vi.status, 401);
  assert.equal(vi.body.detail, 'Tên đăng nhập hoặc mật khẩu không đúng.');
  assert.equal(vi.headers.get('content-language'), 'vi');

  const en = await anonymous.post(
    '/auth/login',
    { username: 'admin', password: 'sai-mat-khau' },
    { headers: EN },
  );
  assert.equal(en.status, 401);
  assert.equal(en.body.type, vi.body.type, 'the type does not change');
  assert.equal(en.body.detail, 'The username or password is wrong.');
  assert.equal(en.body.title, 'Not signed in');
  assertEnglish(en);
});

test('field errors: the messages are English, the fields and codes are not translated', async () => {
  const res = await admin.post(
    '/users',
    { username: 'x', fullName: '', email: 'not-an-email', roles: ['king'], extra: 1 },
    { headers: EN },
  );
  assert.equal(res.status, 422, res.text);
  assertEnglish(res);
  const byField = Object.fromEntries(res.body.errors.map((e) => [e.field, e]));
  assert.equal(byField.extra.code, 'unknown');
  assert.equal(byField.extra.message, "The field 'extra' is not supported.");

  const user = await admin.post(
    '/users',
    {
      username: 'e2e.lang',
      fullName: '',
      email: 'x@y.vn',
      roles: ['king'],
      agencyId: 1,
      password: 'MatKhau-2026-dai',
    },
    { headers: EN },
  );
  assert.equal(user.status, 422, user.text);
  assertEnglish(user);
  const messages = user.body.errors.map((e) => e.message);
  assert.ok(messages.includes('The full name must not be empty.'), messages.join(' | '));
  assert.ok(
    messages.some((m) => m.startsWith("The role 'king' is not valid")),
    messages.join(' | '),
  );
});

test('not found, bad JSON, unknown API path, a missing query parameter', async () => {
  const notFound = await admin.get('/agencies/999999', { headers: EN });
  assert.equal(notFound.status, 404);
  assert.equal(notFound.body.detail, "No agency '999999' was found.");
  assertEnglish(notFound);

  const badJson = await admin.post('/agencies', '{"code":', {
    raw: true,
    headers: { ...EN, 'Content-Type': 'application/json' },
  });
  assert.equal(badJson.status, 400);
  assertEnglish(badJson);

  const unknown = await admin.get('/khong-co', { headers: EN });
  assert.equal(unknown.status, 404);
  assertEnglish(unknown);

  const calendar = await admin.get('/calendar/lunar', { headers: EN });
  assert.equal(calendar.status, 422);
  assertEnglish(calendar);
});

test('a file that is no signature, and a verification report, in English', async () => {
  const anonymous = new Client(server.baseUrl);
  const refused = await anonymous.post(
    '/signatures/verify?fileName=ghi-chu.pdf',
    Buffer.from('không phải chữ ký\n'),
    { raw: true, headers: { ...EN, 'Content-Type': 'application/pdf' } },
  );
  assert.equal(refused.status, 422, refused.text);
  assertEnglish(refused);

  // A detached CMS signature made with the demo seal, verified with its file.
  const clerk = await loggedIn(server.baseUrl, 'vanthu.ubnd', DEMO_PASSWORD);
  const keys = await clerk.get('/signing/keys');
  const seal = keys.body.items.find((key) => key.kind === 'seal');
  const content = Buffer.from('hồ sơ kèm theo\n');
  // fetch, not the Client: the answer is binary.
  const signed = await fetch(
    `${server.baseUrl}/api/v1/signing/sign?key=${encodeURIComponent(seal.id)}&kind=cms&fileName=ho-so.txt`,
    {
      method: 'POST',
      headers: {
        Cookie: clerk.cookieHeader(),
        'X-CSRF-Token': clerk.csrfToken,
        'Content-Type': 'application/octet-stream',
      },
      body: content,
    },
  );
  assert.equal(signed.status, 200);
  const p7s = Buffer.from(await signed.arrayBuffer());
  const sha = (await import('node:crypto')).createHash('sha256').update(content).digest('hex');
  const verify = (headers) =>
    anonymous.post(`/signatures/verify?fileName=ho-so.txt.p7s&contentSha256=${sha}`, p7s, {
      raw: true,
      headers: { ...headers, 'Content-Type': 'application/pkcs7-signature' },
    });
  const vi = await verify({});
  assert.equal(vi.status, 200, vi.text);
  assert.equal(vi.body.conclusion, 'Chữ ký số trong tệp hợp lệ.');
  const en = await verify(EN);
  assert.equal(en.status, 200, en.text);
  assert.equal(en.body.indication, vi.body.indication);
  assert.equal(en.body.conclusion, 'The digital signature in the file is valid.');
  assert.equal(en.body.signatures[0].conclusion, 'The digital signature is valid.');
  assert.ok(!VIETNAMESE.test(en.body.signatures[0].certificate.detail ?? ''));
});
