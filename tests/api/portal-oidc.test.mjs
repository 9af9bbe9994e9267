// Sign-in to the portal through an OpenID Connect provider (issue 13, item 2) against the real
// binary and a real provider (npm oidc-provider on loopback, tests/support/oidc-provider.mjs):
// the whole authorization code flow driven by fetch through the provider's login page; the
// citizen linked by the ID number claim (the demo citizen; a new number creates an account once,
// the next sign-in reuses it); the session is an ordinary citizen session; a replayed callback,
// a wrong state and a missing binding cookie are refused, and so are ID tokens crafted by a
// misbehaving token endpoint (wrong nonce, issuer, audience, expired, unsigned, HS256 with the
// secret, a bad signature, an unknown key); every refusal is audited without the secrets. A
// server without [oidc] says it is off.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';
import { missingOidcProvider, startWithOidcProvider } from '../support/oidc-provider.mjs';

const DEMO_CITIZEN = '091095000123';
const NEW_CITIZEN = '079200001234';

let server, op, admin, stop;
// The provider is npm's, installed with the web app's devDependencies.
const skip = missingOidcProvider();

before(async () => {
  if (skip) return;
  ({ server, op, stop } = await startWithOidcProvider({
    start: (env) => startServer({ env: { ...env, CQDT_LOG_LEVEL: 'info' } }),
    settings: {
      citizen_id_claim: 'citizen_id',
      provider_name: 'VNeID',
      // Each sign-in here is a start and a callback from one address; the limit is not under test.
      requests_per_minute: 1000,
    },
    accounts: {
      mai: { citizen_id: DEMO_CITIZEN, name: 'NGUYỄN THỊ MAI (VNeID)', phone_number: '0912345678' },
      binh: { citizen_id: NEW_CITIZEN, name: 'Trần Văn Bình', phone_number: '0987654321' },
      noid: { name: 'Không Có Số' },
      badid: { citizen_id: '12345', name: 'Số Sai' },
    },
  }));
  admin = await loggedIn(server.baseUrl, 'admin');
});

after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await stop?.();
});

// A browser: cookies per origin (paths ignored: it sends more than a browser would, never less),
// redirects by hand so that each hop can be checked.
class Browser {
  constructor() {
    this.jars = new Map();
  }

  jar(url) {
    const origin = new URL(url).origin;
    if (!this.jars.has(origin)) this.jars.set(origin, new Map());
    return this.jars.get(origin);
  }

  cookie(url, name) {
    return this.jar(url).get(name);
  }

  async request(url, { method = 'GET', form, accept = 'text/html,application/xhtml+xml' } = {}) {
    const jar = this.jar(url);
    const headers = { Accept: accept };
    if (jar.size) headers.Cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, {
      method,
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
    });
    const setCookies = res.headers.getSetCookie();
    for (const sc of setCookies) {
      const [pair, ...attrs] = sc.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))) jar.delete(name);
      else jar.set(name, value);
    }
    const text = await res.text();
    const location = res.headers.get('location');
    return {
      status: res.status,
      headers: res.headers,
      setCookies,
      text,
      body: /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined,
      location: location ? new URL(location, url).href : null,
      path: new URL(url).pathname,
      method,
      contentType: res.headers.get('content-type') ?? '',
      requestId: res.headers.get('x-request-id'),
    };
  }
}

// Starts a sign-in at cqdt: the redirect to the provider and its query.
async function start(browser, returnTo = '/portal') {
  const res = await browser.request(
    `${server.baseUrl}/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`,
  );
  assert.equal(res.status, 302, res.text);
  assert.ok(res.location.startsWith(`${op.issuer}/auth?`), res.location);
  return { res, query: new URL(res.location).searchParams };
}

// From cqdt's redirect to the provider, through its login page as `login`, up to the redirect
// back to cqdt's callback (not followed). Returns the callback URL.
async function loginAtProvider(browser, authorizeUrl, login) {
  let res = await browser.request(authorizeUrl);
  assert.equal(res.status, 303, res.text);
  const interaction = res.location;
  res = await browser.request(interaction);
  assert.equal(res.status, 200);
  assert.match(res.text, /<form method="post"/);
  res = await browser.request(`${interaction}/login`, { method: 'POST', form: { login } });
  assert.equal(res.status, 303, res.text);
  res = await browser.request(res.location);
  assert.equal(res.status, 303, res.text);
  assert.ok(res.location.startsWith(`${server.baseUrl}/api/v1/auth/oidc/callback?`), res.location);
  return res.location;
}

// The session a browser holds at cqdt, as GET /auth/session answers it.
async function sessionOf(browser) {
  const c = new Client(server.baseUrl, {
    cookies: { cqdt_session: browser.cookie(server.baseUrl, 'cqdt_session') },
  });
  const res = await c.get('/auth/session');
  return { res, client: c };
}

async function signIn(login, returnTo = '/portal') {
  const browser = new Browser();
  const { res } = await start(browser, returnTo);
  const callback = await loginAtProvider(browser, res.location, login);
  const back = await browser.request(callback);
  return { browser, back, callback };
}

async function refusals() {
  const body = assertStatus(await admin.get('/audit?action=auth.oidc_refused&limit=500'), 200);
  return body.items;
}

if (skip) test(`OIDC sign-in tests skipped: ${skip}`, { skip }, () => {});
const oidcTest = skip ? () => {} : test;

oidcTest(
  'the status says sign-in through VNeID is on, and the routes are in the OpenAPI document',
  async () => {
    const anyone = new Client(server.baseUrl);
    const status = assertStatus(await anyone.get('/auth/oidc'), 200);
    assert.deepEqual(status, {
      enabled: true,
      providerName: 'VNeID',
      startUrl: '/api/v1/auth/oidc/start',
    });
    const doc = assertStatus(await anyone.get('/api/openapi.json'), 200);
    for (const p of [
      '/api/v1/auth/oidc',
      '/api/v1/auth/oidc/start',
      '/api/v1/auth/oidc/callback',
    ]) {
      assert.ok(doc.paths[p]?.get, `${p} in the OpenAPI document`);
    }
    assert.ok(doc.components.schemas.OidcStatus);
  },
);

oidcTest(
  'the start sends the browser to the provider with state, nonce and PKCE S256, bound by a cookie',
  async () => {
    const browser = new Browser();
    const { res, query } = await start(browser);
    assert.equal(query.get('response_type'), 'code');
    assert.equal(query.get('client_id'), 'cqdt-portal');
    assert.equal(query.get('redirect_uri'), `${server.baseUrl}/api/v1/auth/oidc/callback`);
    assert.deepEqual(query.get('scope').split(' ').sort(), ['openid', 'phone', 'profile']);
    assert.equal(query.get('code_challenge_method'), 'S256');
    assert.match(query.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
    assert.match(query.get('state'), /^[A-Za-z0-9_-]{43}$/);
    assert.match(query.get('nonce'), /^[A-Za-z0-9_-]{43}$/);
    assert.ok(
      !res.location.includes(op.clientSecret),
      'the secret never travels through the browser',
    );
    const binding = res.setCookies.find((c) => c.startsWith('cqdt_oidc='));
    assert.ok(binding, 'a binding cookie is set');
    assert.match(binding, /HttpOnly/);
    assert.match(binding, /SameSite=Lax/);
    assert.match(binding, /Path=\/api\/v1\/auth\/oidc/);
    assert.match(binding, /Max-Age=600/);
    assert.ok(!binding.includes(query.get('state')), 'the cookie is not the state');
  },
);

oidcTest(
  'the demo citizen signs in through the provider and lands signed in, linked by the number',
  async () => {
    const { browser, back } = await signIn('mai', '/portal/thu-tuc?q=khai%20sinh');
    assert.equal(back.status, 302, back.text);
    assert.equal(back.location, `${server.baseUrl}/portal/thu-tuc?q=khai%20sinh`);
    const session = back.setCookies.find((c) => c.startsWith('cqdt_session='));
    assert.match(session, /HttpOnly/);
    assert.match(session, /SameSite=Lax/);
    assert.match(session, /Path=\//);
    assert.ok(
      back.setCookies.some((c) => /^cqdt_oidc=;.*Max-Age=0/.test(c)),
      'the binding cookie is cleared',
    );
    // The token request authenticated the client with client_secret_basic.
    assert.match(op.tokenRequests.at(-1).authorization, /^Basic /);

    const { res, client } = await sessionOf(browser);
    const body = assertStatus(res, 200);
    assert.equal(body.user.realm, 'citizen');
    assert.equal(body.user.username, DEMO_CITIZEN);
    assert.equal(body.user.fullName, 'Nguyễn Thị Mai', 'the local account keeps its own details');
    assert.deepEqual(body.user.roles, ['citizen']);
    assert.equal(body.user.hasPassword, true, 'the demo citizen chose a password');
    assert.match(body.csrfToken, /\S{20,}/);
    // An ordinary citizen session: CSRF on unsafe requests, then log out.
    client.csrfToken = null;
    assertProblem(await client.post('/auth/logout', undefined, { csrf: false }), 403, 'forbidden');
    client.csrfToken = body.csrfToken;
    assertStatus(await client.post('/auth/logout'), 204);
    assertProblem(await client.get('/auth/session'), 401, 'unauthenticated');

    const logins = assertStatus(
      await admin.get(`/audit?action=auth.login&actor=${DEMO_CITIZEN}&limit=5`),
      200,
    );
    assert.ok(logins.items.some((e) => /định danh điện tử \(VNeID\)/.test(e.summary)));
  },
);

oidcTest(
  'a new number creates the citizen account from the claims; the next sign-in reuses it',
  async () => {
    const first = await signIn('binh');
    assert.equal(first.back.status, 302, first.back.text);
    const one = assertStatus((await sessionOf(first.browser)).res, 200);
    assert.equal(one.user.username, NEW_CITIZEN);
    assert.equal(one.user.fullName, 'Trần Văn Bình');

    const second = await signIn('binh');
    assert.equal(second.back.status, 302, second.back.text);
    const { res: twoRes, client: twoClient } = await sessionOf(second.browser);
    const two = assertStatus(twoRes, 200);
    assert.equal(two.user.id, one.user.id, 'the same citizen');
    // It has no password, so the portal offers no "change password", and the route says why.
    assert.equal(two.user.hasPassword, false);
    twoClient.csrfToken = two.csrfToken;
    const change = assertProblem(
      await twoClient.post('/auth/change-password', {
        currentPassword: '',
        newPassword: 'MatKhauMoi-2026!',
      }),
      409,
      'failed-precondition',
    );
    assert.match(change.detail, /VNeID/);

    const created = assertStatus(await admin.get('/audit?action=citizen.sign_up&limit=50'), 200);
    const mine = created.items.filter((e) => e.actor === NEW_CITIZEN);
    assert.equal(mine.length, 1, 'created once');
    assert.match(mine[0].summary, /VNeID/);
    // No password was chosen: no password signs in to it.
    const local = new Client(server.baseUrl);
    assertProblem(
      await local.login(NEW_CITIZEN, 'CqdtDemo@2026', 'citizen'),
      401,
      'unauthenticated',
    );
  },
);

oidcTest(
  'a replayed callback, a wrong state and a missing binding cookie are refused and audited',
  async () => {
    const before = (await refusals()).length;
    const browser = new Browser();
    const { res } = await start(browser);
    const callback = await loginAtProvider(browser, res.location, 'mai');
    const binding = browser.cookie(server.baseUrl, 'cqdt_oidc');
    assert.ok(binding);

    // Another browser (no binding cookie), as an API caller: problem+json.
    const stranger = new Browser();
    const noCookie = await stranger.request(callback, { accept: 'application/json' });
    assertProblem(noCookie, 401, 'unauthenticated', { fields: [['oidc', 'state']] });
    assert.ok(!noCookie.setCookies.some((c) => c.startsWith('cqdt_session=')));
    // The same, navigating: back to the sign-in page with the code.
    const navigating = await stranger.request(callback);
    assert.equal(navigating.status, 302);
    assert.equal(navigating.location, `${server.baseUrl}/portal/sign-in?loi=state`);

    // A wrong state, with the right cookie.
    const wrong = new URL(callback);
    wrong.searchParams.set('state', 'A'.repeat(43));
    const wrongState = await browser.request(wrong.href, { accept: 'application/json' });
    assertProblem(wrongState, 401, 'unauthenticated', { fields: [['oidc', 'state']] });

    // The refusals above did not spend the flow: its own browser finishes it.
    const again = new Browser();
    again.jar(server.baseUrl).set('cqdt_oidc', binding);
    const ok = await again.request(callback);
    assert.equal(ok.status, 302, ok.text);
    assert.equal(ok.location, `${server.baseUrl}/portal`);

    // Replayed, even with the binding cookie kept: the state was taken once.
    const replayer = new Browser();
    replayer.jar(server.baseUrl).set('cqdt_oidc', binding);
    const replay = await replayer.request(callback, { accept: 'application/json' });
    assertProblem(replay, 401, 'unauthenticated', { fields: [['oidc', 'state']] });

    const entries = await refusals();
    assert.equal(entries.length - before, 4);
    const code = new URL(callback).searchParams.get('code');
    for (const e of entries) {
      assert.match(e.summary, /Từ chối đăng nhập qua định danh điện tử: state/);
      for (const secret of [
        code,
        binding,
        op.clientSecret,
        new URL(callback).searchParams.get('state'),
      ]) {
        assert.ok(
          !e.summary.includes(secret),
          'no code, cookie, secret or state in the audit trail',
        );
      }
    }
    assert.ok(!server.logs().includes(op.clientSecret), 'the secret is never logged');
    assert.ok(!server.logs().includes(code), 'the code is never logged');
  },
);

oidcTest('cancelling at the provider comes back refused as denied', async () => {
  const browser = new Browser();
  const { res } = await start(browser);
  let r = await browser.request(res.location);
  r = await browser.request(`${r.location}/abort`, { method: 'POST', form: {} });
  r = await browser.request(r.location);
  assert.ok(r.location.startsWith(`${server.baseUrl}/api/v1/auth/oidc/callback?`), r.location);
  assert.match(r.location, /error=access_denied/);
  const back = await browser.request(r.location);
  assert.equal(back.status, 302);
  assert.equal(back.location, `${server.baseUrl}/portal/sign-in?loi=denied`);
});

oidcTest('an account without a valid ID number claim is refused', async () => {
  for (const login of ['noid', 'badid']) {
    const { back } = await signIn(login);
    assert.equal(back.status, 302);
    assert.equal(back.location, `${server.baseUrl}/portal/sign-in?loi=claim`, login);
    assert.ok(!back.setCookies.some((c) => c.startsWith('cqdt_session=')));
  }
});

// Starts a flow and answers its token request with `answer(nonce)`: the callback's response.
async function withCraftedToken(answer) {
  const browser = new Browser();
  const { query } = await start(browser);
  op.forgeNextToken(() => answer(query.get('nonce')));
  const callback = new URL(`${server.baseUrl}/api/v1/auth/oidc/callback`);
  callback.searchParams.set('code', 'crafted-code');
  callback.searchParams.set('state', query.get('state'));
  return browser.request(callback.href, { accept: 'application/json' });
}

oidcTest(
  'ID tokens crafted by a misbehaving token endpoint are refused; a well-made one is accepted',
  async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = (nonce, extra = {}) => ({
      iss: op.issuer,
      sub: 'crafted',
      aud: 'cqdt-portal',
      iat: now,
      exp: now + 300,
      nonce,
      citizen_id: DEMO_CITIZEN,
      name: 'Nguyễn Thị Mai',
      ...extra,
    });
    const { generateKeyPairSync } = await import('node:crypto');
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const cases = {
      'wrong nonce': (n) => op.signIdToken(claims(`${n}x`)),
      'wrong issuer': (n) => op.signIdToken(claims(n, { iss: 'http://127.0.0.1:1' })),
      'wrong audience': (n) => op.signIdToken(claims(n, { aud: 'someone-else' })),
      expired: (n) => op.signIdToken(claims(n, { iat: now - 7200, exp: now - 3600 })),
      'not yet valid': (n) => op.signIdToken(claims(n, { nbf: now + 3600 })),
      unsigned: (n) => op.signIdToken(claims(n), { alg: 'none' }),
      'HS256 keyed with the client secret': (n) =>
        op.signIdToken(claims(n), { alg: 'HS256', secret: op.clientSecret }),
      'signed by another key': (n) => op.signIdToken(claims(n), { key: stranger }),
      'an unknown key id': (n) => op.signIdToken(claims(n), { key: stranger, keyId: 'rotated' }),
      'not a JWS': () => 'not-a-token',
    };
    const before = (await refusals()).length;
    for (const [name, make] of Object.entries(cases)) {
      const res = await withCraftedToken((nonce) => ({
        id_token: make(nonce),
        access_token: 'x',
        token_type: 'Bearer',
      }));
      assertProblem(res, 401, 'unauthenticated', { fields: [['oidc', 'token']] });
      assert.ok(!res.setCookies.some((c) => c.startsWith('cqdt_session=')), name);
    }
    const entries = (await refusals()).slice(0, Object.keys(cases).length);
    assert.equal((await refusals()).length - before, Object.keys(cases).length);
    assert.ok(
      entries.every((e) => /: token \(ID token \w+\)/.test(e.summary)),
      entries[0]?.summary,
    );

    // The same path with a token signed by Node's crypto with the provider's key: accepted, so the
    // refusals above are the checks' doing, not the path's.
    const ok = await withCraftedToken((nonce) => ({
      id_token: op.signIdToken(claims(nonce)),
      access_token: 'x',
      token_type: 'Bearer',
    }));
    assert.equal(ok.status, 302, ok.text);
    assert.ok(ok.setCookies.some((c) => c.startsWith('cqdt_session=')));
  },
);

test('a server without [oidc] says sign-in through the provider is off', async () => {
  const plain = await startServer();
  try {
    const anyone = new Client(plain.baseUrl);
    assert.deepEqual(assertStatus(await anyone.get('/auth/oidc'), 200), {
      enabled: false,
      providerName: '',
      startUrl: '',
    });
    assertProblem(await anyone.get('/auth/oidc/start?returnTo=/portal'), 404, 'not-found', {
      fields: [['oidc', 'unavailable']],
    });
    const nav = await new Browser().request(`${plain.baseUrl}/api/v1/auth/oidc/callback?state=x`);
    assert.equal(nav.status, 302);
    assert.equal(nav.location, `${plain.baseUrl}/portal/sign-in?loi=unavailable`);
  } finally {
    await plain.stop();
  }
});

test('an [oidc] section that cannot work stops the command, naming the setting', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cqdt-oidc-config-'));
  try {
    const cases = [
      ['enabled = true\nclient_id = "c"', {}, 'oidc.issuer'],
      ['enabled = true\nissuer = "http://idp.example.gov.vn"\nclient_id = "c"', {}, 'oidc.issuer'],
      ['enabled = true\nissuer = "https://idp.example.gov.vn"', {}, 'oidc.client_id'],
      [
        'enabled = true\nissuer = "https://idp.example.gov.vn"\nclient_id = "c"',
        {},
        'oidc.client_secret',
      ],
      [
        'enabled = true\nissuer = "https://idp.example.gov.vn"\nclient_id = "c"\ncitizen_id_claim = "số cccd"',
        { CQDT_OIDC_CLIENT_SECRET: 's' },
        'oidc.citizen_id_claim',
      ],
      ['enabled = false\nsecret = "x"', {}, 'oidc.secret'],
    ];
    for (const [section, env, key] of cases) {
      const config = path.join(dir, 'cqdt.toml');
      writeFileSync(config, `[oidc]\n${section}\n`);
      const r = runCli(['migrate', '--db', `sqlite://${path.join(dir, 'x.db')}`], {
        env: { CQDT_CONFIG: config, ...env },
      });
      assert.equal(r.code, 2, `${section}\n${r.stdout}${r.stderr}`);
      assert.ok(r.stderr.includes(key), `${key} named: ${r.stderr}`);
    }
    // Off by default: the same file without `enabled` is accepted.
    writeFileSync(path.join(dir, 'cqdt.toml'), '[oidc]\nclient_id = "c"\n');
    const ok = runCli(['migrate', '--db', `sqlite://${path.join(dir, 'x.db')}`], {
      env: { CQDT_CONFIG: path.join(dir, 'cqdt.toml') },
    });
    assert.equal(ok.code, 0, ok.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
