// Content-Security-Policy (issue 16 item 6, docs/security.md V14.4): scripts only from this
// origin — no 'unsafe-inline', no 'unsafe-eval' — on the pages and on every API answer, plugins
// off, <base> and form targets pinned to this origin, no framing; and the built front end holds
// no inline script that such a policy would block.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { Client, REPO_ROOT, startServer } from '../support/cqdt-server.mjs';

let server;
let anon;
let webRoot;

before(async () => {
  // A web root of our own, so that the pages' policy is checked whether or not web/dist is built.
  webRoot = mkdtempSync(path.join(tmpdir(), 'cqdt-csp-'));
  writeFileSync(
    path.join(webRoot, 'index.html'),
    '<!doctype html><html lang="vi"><head><script type="module" src="/assets/a.js"></script>' +
      '</head><body><div id="root"></div></body></html>',
  );
  server = await startServer({ webRoot });
  anon = new Client(server.baseUrl);
});
after(async () => {
  await server?.stop();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

/** "a b; c d" -> Map { a => ['b'], c => ['d'] } (directive names lower-cased). */
function parseCsp(header) {
  const directives = new Map();
  for (const part of header.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) {
      directives.set(name.toLowerCase(), values);
    }
  }
  return directives;
}

function assertStrictScripts(res, what) {
  const header = res.headers.get('content-security-policy');
  assert.ok(header, `${what}: a Content-Security-Policy header`);
  const csp = parseCsp(header);
  // script-src governs scripts; without it default-src does.
  const scripts = csp.get('script-src') ?? csp.get('default-src');
  assert.ok(scripts, `${what}: script-src or default-src in ${header}`);
  for (const bad of [
    "'unsafe-inline'",
    "'unsafe-eval'",
    '*',
    'data:',
    'blob:',
    'http:',
    'https:',
  ]) {
    assert.ok(!scripts.includes(bad), `${what}: scripts allow ${bad} (${header})`);
  }
  assert.deepEqual(csp.get('object-src'), ["'none'"], `${what}: object-src (${header})`);
  assert.deepEqual(csp.get('frame-ancestors'), ["'none'"], `${what}: frame-ancestors (${header})`);
  assert.ok(csp.has('base-uri'), `${what}: base-uri (${header})`);
  assert.ok(csp.has('form-action'), `${what}: form-action (${header})`);
  return csp;
}

test('the SPA index and its client routes: script-src self only', async () => {
  for (const p of ['/', '/admin/users', '/cong-dich-vu/tra-cuu']) {
    const res = await anon.get(`${server.baseUrl}${p}`);
    assert.equal(res.status, 200, p);
    assert.match(res.contentType, /^text\/html/, p);
    const csp = assertStrictScripts(res, p);
    assert.deepEqual(csp.get('script-src'), ["'self'"], `${p}: script-src`);
    assert.deepEqual(csp.get('base-uri'), ["'self'"], `${p}: base-uri`);
    assert.deepEqual(csp.get('form-action'), ["'self'"], `${p}: form-action`);
  }
});

test('API, health and error answers carry the same strict script policy', async () => {
  for (const p of ['/healthz', '/api/openapi.json', '/api/v1/agencies', '/api/v1/no-such-thing']) {
    const res = await anon.get(`${server.baseUrl}${p}`);
    assertStrictScripts(res, p);
  }
  const login = await anon.post('/auth/login', { username: 'admin', password: 'sai mật khẩu' });
  assert.ok(login.status >= 400, 'a failed login');
  assertStrictScripts(login, 'POST /auth/login (refused)');
});

test('the built index.html has no inline script for the policy to block', (t) => {
  const index = path.join(REPO_ROOT, 'web', 'dist', 'index.html');
  if (!existsSync(index)) {
    t.skip('web/dist is not built');
    return;
  }
  const html = readFileSync(index, 'utf8');
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)];
  assert.ok(scripts.length > 0, 'the page loads its scripts');
  for (const [whole, attrs, body] of scripts) {
    const src = /\bsrc\s*=\s*"([^"]*)"/i.exec(attrs)?.[1];
    assert.ok(src, `an inline <script> without src: ${whole.slice(0, 120)}`);
    assert.equal(body.trim(), '', `a <script src> with inline content: ${whole.slice(0, 120)}`);
    assert.match(src, /^\/(?!\/)/, `a script from another origin: ${src}`);
  }
  // Event-handler attributes and javascript: URLs are inline script too.
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'an on* event-handler attribute');
  assert.doesNotMatch(html, /javascript:/i, 'a javascript: URL');
});

test('no CORS: a foreign origin is granted nothing, preflight included', async () => {
  const origin = { Origin: 'https://evil.example' };
  for (const [method, p] of [
    ['GET', '/api/v1/agencies'],
    ['GET', '/api/openapi.json'],
    ['OPTIONS', '/api/v1/agencies'],
  ]) {
    const res = await fetch(`${server.baseUrl}${p}`, {
      method,
      headers: { ...origin, 'Access-Control-Request-Method': 'POST' },
    });
    await res.arrayBuffer();
    assert.equal(res.headers.get('access-control-allow-origin'), null, `${method} ${p}`);
    assert.equal(res.headers.get('access-control-allow-credentials'), null, `${method} ${p}`);
    assert.ok(res.status !== 204 || method !== 'OPTIONS', `${method} ${p}: no preflight success`);
  }
});
