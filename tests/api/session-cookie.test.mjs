// The session cookie's attributes (docs/security.md V3.4): HttpOnly, SameSite=Lax and Path=/
// always; Secure when [server] cookie_secure is on (CQDT_COOKIE_SECURE), as behind a proxy that
// terminates TLS. (A request over cqdt's own HTTPS, or marked https by a trusted proxy, gets
// Secure too: api/auth_routes.cpp SessionCookie; not checked here.)

import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { assertStatus } from '../support/api-assert.mjs';
import { Client, DEMO_PASSWORD, startServer } from '../support/cqdt-server.mjs';

const servers = [];
after(async () => {
  for (const s of servers) await s.stop();
});

async function sessionCookieOf(env) {
  const server = await startServer({ env });
  servers.push(server);
  const c = new Client(server.baseUrl);
  const res = await c.login('admin', DEMO_PASSWORD);
  assertStatus(res, 200);
  const cookie = res.setCookies.find((sc) => sc.startsWith('cqdt_session='));
  assert.ok(cookie, `a session cookie among ${JSON.stringify(res.setCookies)}`);
  return cookie.split(';').map((part) => part.trim());
}

test('cookie_secure = true: the session cookie is Secure, HttpOnly, SameSite=Lax, Path=/', async () => {
  const attrs = await sessionCookieOf({ CQDT_COOKIE_SECURE: 'true' });
  assert.match(attrs[0], /^cqdt_session=[A-Za-z0-9_-]{43}$/, 'a 256-bit token');
  for (const a of ['Secure', 'HttpOnly', 'SameSite=Lax', 'Path=/']) {
    assert.ok(attrs.includes(a), `${a} in ${attrs.slice(1).join('; ')}`);
  }
  assert.ok(!attrs.some((a) => /^(Expires|Max-Age)=/i.test(a)), 'a browser-session cookie');
});

test('plain HTTP without cookie_secure: HttpOnly and SameSite, not Secure', async () => {
  const attrs = await sessionCookieOf({});
  assert.ok(attrs.includes('HttpOnly') && attrs.includes('SameSite=Lax'));
  assert.ok(!attrs.includes('Secure'), 'a Secure cookie would not come back over plain HTTP');
});
