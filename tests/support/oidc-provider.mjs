// A real OpenID provider on loopback for the tests of the portal's OIDC sign-in (issue 13, item 2):
// npm `oidc-provider` 9.x (resolved from web/node_modules, a devDependency of the web app), with
// one confidential client (client_secret_basic, PKCE required), RS256 keys made here, and test
// accounts that carry the citizen ID number claim. Its login page is a small form of our own (the
// interaction of oidc-provider's docs): a test, or a browser, types an account name and
// submits; consent is granted with the login. An account named `deny` cancels instead.
//
//   const op = await startOidcProvider({ port, redirectUri, accounts: { an: { citizen_id, name } } });
//   op.issuer                         // http://127.0.0.1:<port>
//   op.forgeNextToken((form) => ({ id_token: op.signIdToken({...}) }))  // one crafted answer
//   await op.stop();
//
// Or both cqdt and the provider, configured for each other (startWithOidcProvider):
//
//   const { server, op, stop } = await startWithOidcProvider({ start: (env) => startServer({ env }), accounts });
//
// The token endpoint can be made to misbehave once (forgeNextToken): the next POST /token is
// answered by the test's function instead of the provider, so that an ID token crafted by the
// test (signIdToken: signed with the provider's own key by Node's crypto, or not at all) reaches
// cqdt through the real flow.

import { createHash, createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { REPO_ROOT, freePort } from './cqdt-server.mjs';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

const ENTRY = path.join(REPO_ROOT, 'web', 'node_modules', 'oidc-provider', 'lib', 'index.js');

// Why the provider cannot run here (null when it can): the package comes with `npm ci` in web/.
export function missingOidcProvider() {
  return existsSync(ENTRY) ? null : `npm oidc-provider missing (${ENTRY}): run \`npm ci\` in web/`;
}

async function loadProvider() {
  const entry = ENTRY;
  // oidc-provider 9 warns on Node 20 ("Use Node.js v22.x LTS"); it runs, and the warning is noise.
  const warn = console.warn;
  console.warn = () => {};
  try {
    return (await import(pathToFileURL(entry).href)).default;
  } finally {
    console.warn = warn;
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 64 * 1024) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The icon is empty so that a browser asks the provider for no /favicon.ico (a 404 in the
// console of a browser test that counts console errors).
function loginPage(uid, error) {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>VNeID (nhà cung cấp thử nghiệm)</title>
<link rel="icon" href="data:,"></head>
<body><main>
<h1>Đăng nhập tài khoản định danh điện tử (thử nghiệm)</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login">Tài khoản</label> <input id="login" name="login" autocomplete="username">
<button type="submit">Đăng nhập</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button type="submit">Hủy</button></form>
</main></body></html>`;
}

// Starts the provider on 127.0.0.1:`port`. Options:
//   redirectUri   cqdt's callback, the client's one registered redirect URI
//   clientId, clientSecret   the client (a random secret by default)
//   accounts      {login: {citizen_id, name, phone_number, ...}}: their claims (also addAccount)
// Returns {issuer, port, clientId, clientSecret, jwk, addAccount, forgeNextToken, signIdToken,
// tokenRequests, stop}.
export async function startOidcProvider({
  port,
  redirectUri,
  clientId = 'cqdt-portal',
  clientSecret = b64url(randomBytes(24)),
  accounts = {},
} = {}) {
  const Provider = await loadProvider();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `test-${b64url(randomBytes(6))}`;
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const people = new Map(Object.entries(accounts));

  // The in-memory adapter is what a test wants; its warning at construction is noise.
  const warn = console.warn;
  console.warn = (...args) => {
    if (!String(args[0]).includes('development-only in-memory adapter')) warn(...args);
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [b64url(randomBytes(32))] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'family_name', 'given_name', 'citizen_id'],
      phone: ['phone_number', 'phone_number_verified'],
    },
    findAccount: async (ctx, id) => {
      const claims = people.get(id);
      if (!claims) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
  });
  console.warn = warn;
  // Errors the provider answers (an unknown client, a bad redirect URI) are expected in tests.
  provider.on('server_error', () => {});

  let forge = null;
  const tokenRequests = [];
  const koa = provider.callback();

  async function interaction(req, res, url) {
    const [, , uid, action] = url.pathname.split('/');
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    const grantFor = async (accountId) => {
      const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      return grant.save();
    };
    if (req.method === 'GET' && !action) {
      // A provider session without a grant for this client: consent needs no page here.
      if (details.prompt.name === 'consent') {
        const accountId = details.session.accountId;
        await provider.interactionFinished(
          req,
          res,
          { consent: { grantId: await grantFor(accountId) } },
          { mergeWithLastSubmission: true },
        );
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(loginPage(uid));
      return;
    }
    if (req.method === 'POST' && action === 'login') {
      const login = new URLSearchParams(await readBody(req)).get('login')?.trim() ?? '';
      if (!people.has(login)) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(loginPage(uid, 'Không có tài khoản này.'));
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: login }, consent: { grantId: await grantFor(login) } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (req.method === 'POST' && action === 'abort') {
      await readBody(req);
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'End-User aborted interaction' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    res.writeHead(404).end();
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, issuer);
    try {
      if (url.pathname.startsWith('/interaction/')) {
        await interaction(req, res, url);
        return;
      }
      if (req.method === 'POST' && url.pathname === '/token') {
        tokenRequests.push({ authorization: req.headers.authorization ?? '' });
        if (forge) {
          const answer = forge;
          forge = null;
          const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
          const body = JSON.stringify(await answer(form));
          res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end(body);
          return;
        }
      }
      koa(req, res);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err?.message ?? err));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });

  // A compact JWS over `claims`: RS256 with the provider's own key unless `alg`/`key` say
  // otherwise. alg 'none' leaves the signature empty; 'HS256' uses `secret` as the MAC key.
  function signIdToken(claims, { alg = 'RS256', keyId = kid, key = privateKey, secret } = {}) {
    const header = { alg, typ: 'JWT', ...(keyId ? { kid: keyId } : {}) };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    let signature = '';
    if (alg === 'RS256') signature = b64url(sign('sha256', Buffer.from(input), key));
    else if (alg === 'HS256')
      signature = createHmac('sha256', secret).update(input).digest('base64url');
    return `${input}.${signature}`;
  }

  return {
    issuer,
    port,
    clientId,
    clientSecret,
    jwk,
    privateKey,
    tokenRequests,
    addAccount: (login, claims) => people.set(login, claims),
    forgeNextToken: (fn) => {
      forge = fn;
    },
    signIdToken,
    // The S256 challenge of a verifier, to check what the client sent.
    challengeOf: (verifier) => createHash('sha256').update(verifier).digest('base64url'),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// Starts cqdt with [oidc] on and a provider whose one client is cqdt. The provider's port comes
// first: cqdt's configuration names the issuer, and the provider's client names cqdt's callback,
// whose port is known once cqdt listens (cqdt asks the provider nothing before the first
// sign-in). `start(env)` starts cqdt with `env` added to its environment (the configuration file
// and the client secret) and returns something with `baseUrl` and `stop()`: the API harness's
// startServer or the browser tests' startApp. `settings`: more [oidc] keys ({key: string, number
// or boolean}). Returns {server, op, stop()}; stop() also removes the configuration.
export async function startWithOidcProvider({ start, accounts = {}, settings = {} }) {
  const work = mkdtempSync(path.join(tmpdir(), 'cqdt-oidc-'));
  const providerPort = await freePort();
  const secret = `secret-${b64url(randomBytes(12))}-x/y+z`;
  const config = path.join(work, 'cqdt.toml');
  // A TOML value: a basic string (JSON's escapes are TOML's), a number or a boolean.
  const value = (v) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  const keys = {
    enabled: true,
    issuer: `http://127.0.0.1:${providerPort}`,
    client_id: 'cqdt-portal',
    ...settings,
  };
  writeFileSync(
    config,
    ['[oidc]', ...Object.entries(keys).map(([k, v]) => `${k} = ${value(v)}`), ''].join('\n'),
  );
  let server;
  let op;
  const stop = async () => {
    await op?.stop();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    server = await start({ CQDT_CONFIG: config, CQDT_OIDC_CLIENT_SECRET: secret });
    op = await startOidcProvider({
      port: providerPort,
      redirectUri: `${server.baseUrl}/api/v1/auth/oidc/callback`,
      clientSecret: secret,
      accounts,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { server, op, stop };
}
