// Health, readiness, metrics, the OpenAPI document (checked against the route table of
// docs/api.md), request ids, security headers and the SPA fallback.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem } from '../support/api-assert.mjs';
import { Client, REPO_ROOT, startServer } from '../support/cqdt-server.mjs';

let server;
let anon;

before(async () => {
  server = await startServer();
  anon = new Client(server.baseUrl);
});
after(async () => {
  await server?.stop();
});

// Routes of the table in docs/api.md: [{method, path}] with paths under /api/v1.
function contractRoutes() {
  const md = readFileSync(path.join(REPO_ROOT, 'docs', 'api.md'), 'utf8');
  const routes = [];
  for (const line of md.split('\n')) {
    const m = /^\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|\s*(\/[^\s|]*)\s*\|/.exec(line);
    if (m) routes.push({ method: m[1], path: `/api/v1${m[2]}` });
  }
  return routes;
}

// "/api/v1/agencies/{id}/units" -> "/api/v1/agencies/{}/units"
const shape = (p) => p.replace(/\{[^}]+\}/g, '{}').replace(/\/+$/, '');

test('GET /healthz answers 200 {status:"ok"}', async () => {
  const res = await anon.get('/healthz');
  assert.equal(res.status, 200);
  assert.match(res.contentType, /^application\/json/);
  assert.deepEqual(res.body, { status: 'ok' });
});

test('GET /readyz answers 200 when the database is reachable', async () => {
  const res = await anon.get('/readyz');
  assert.equal(res.status, 200);
});

test('GET /metrics exposes Prometheus text with cqdt_http_requests_total', async () => {
  await anon.get('/healthz');
  await anon.get('/api/v1/agencies'); // 401, still counted
  const res = await anon.get('/metrics');
  assert.equal(res.status, 200);
  assert.match(res.contentType, /^text\/plain/);
  assert.match(res.text, /^# TYPE cqdt_http_requests_total counter$/m);
  assert.match(res.text, /^cqdt_http_requests_total\{[^}]*\} \d+(\.\d+)?(e[+-]?\d+)?$/m);
  // 401 of the unauthenticated call above is counted with its status.
  assert.match(res.text, /^cqdt_http_requests_total\{[^}]*(status|code)="401"[^}]*\} [1-9]/m);
});

test('docs/api.md route table parses (sanity check of this test)', () => {
  const routes = contractRoutes();
  assert.ok(routes.length >= 24, `expected >= 24 routes in docs/api.md, parsed ${routes.length}`);
  assert.ok(routes.some((r) => r.method === 'DELETE' && r.path === '/api/v1/api-tokens/{id}'));
});

test('GET /api/openapi.json is OpenAPI 3.1 and documents every route of docs/api.md', async () => {
  const res = await anon.get('/api/openapi.json');
  assert.equal(res.status, 200);
  assert.match(res.contentType, /^application\/(json|openapi\+json|vnd\.oai\.openapi\+json)/);
  const doc = res.body;
  assert.ok(doc && typeof doc === 'object', 'OpenAPI document is JSON');
  assert.match(String(doc.openapi), /^3\.1\.\d+$/, 'openapi: 3.1.x');
  assert.ok(doc.info?.title && doc.info?.version, 'info.title and info.version');
  assert.ok(doc.paths && typeof doc.paths === 'object', 'paths');

  // Paths are either absolute (/api/v1/...) or relative to a server URL ending in /api/v1.
  const serverPrefix = (doc.servers ?? [])
    .map((s) => {
      try {
        return new URL(s.url, 'http://x').pathname.replace(/\/+$/, '');
      } catch {
        return '';
      }
    })
    .find((p) => p.endsWith('/api/v1'));
  const byShape = new Map();
  for (const [p, item] of Object.entries(doc.paths)) {
    byShape.set(shape(p), { p, item });
    if (serverPrefix) byShape.set(shape(serverPrefix + p), { p, item });
  }

  const missing = [];
  const problems = [];
  for (const r of contractRoutes()) {
    const hit = byShape.get(shape(r.path));
    const op = hit?.item?.[r.method.toLowerCase()];
    if (!op) {
      missing.push(`${r.method} ${r.path}`);
      continue;
    }
    if (!op.responses || !Object.keys(op.responses).length) {
      problems.push(`${r.method} ${r.path}: no responses`);
    }
    // Every path template parameter is declared (OpenAPI requires it).
    const declared = [...(hit.item.parameters ?? []), ...(op.parameters ?? [])]
      .map((prm) => (prm.$ref ? resolveRef(doc, prm.$ref) : prm))
      .filter((prm) => prm?.in === 'path')
      .map((prm) => prm.name);
    for (const [, name] of hit.p.matchAll(/\{([^}]+)\}/g)) {
      if (!declared.includes(name)) problems.push(`${r.method} ${hit.p}: path parameter ${name} not declared`);
    }
  }
  assert.deepEqual(missing, [], `routes of docs/api.md missing from /api/openapi.json`);
  assert.deepEqual(problems, [], 'OpenAPI operations are incomplete');
  // Every $ref anywhere in the document names a component that exists.
  const dangling = [];
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      if (typeof node.$ref === 'string' && resolveRef(doc, node.$ref) === undefined) dangling.push(node.$ref);
      Object.values(node).forEach(walk);
    }
  };
  walk(doc);
  assert.deepEqual(dangling, [], 'dangling $ref in /api/openapi.json');
});

function resolveRef(doc, ref) {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

test("X-Request-Id: always the server's own id, never the one a client sends", async () => {
  // A client's id is recorded apart (access log, audit), never used as the request's id: two
  // requests sending the same id get two ids.
  const id = 'test-req-0123456789abcdef';
  const first = await anon.get('/healthz', { headers: { 'X-Request-Id': id } });
  const second = await anon.get('/healthz', { headers: { 'X-Request-Id': id } });
  for (const res of [first, second]) {
    assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f]{32}$/);
  }
  assert.notEqual(first.headers.get('x-request-id'), second.headers.get('x-request-id'));

  const res = await anon.get('/healthz');
  const gen = res.headers.get('x-request-id');
  assert.match(gen ?? '', /^[0-9a-f]{32}$/, 'a request id is generated');
  const res2 = await anon.get('/healthz');
  assert.notEqual(res2.headers.get('x-request-id'), gen, 'generated ids differ');

  // An id with forbidden characters is not reflected (header injection / log forging).
  const bad = await anon.get('/healthz', { headers: { 'X-Request-Id': 'bad id<script>' } });
  assert.match(bad.headers.get('x-request-id') ?? '', /^[0-9a-f]{32}$/);

  // Problems carry the server's id in their body.
  const problem = await anon.get('/api/v1/agencies', {
    headers: { 'X-Request-Id': 'problem-req-00000001' },
  });
  const b = assertProblem(problem, 401, 'unauthenticated');
  assert.equal(b.requestId, problem.headers.get('x-request-id'));
  assert.notEqual(b.requestId, 'problem-req-00000001');
});

test('baseline security headers on API, health and error responses', async () => {
  for (const p of ['/healthz', '/api/openapi.json', '/api/v1/agencies', '/api/v1/no-such-thing']) {
    const res = await anon.get(p);
    const h = res.headers;
    assert.equal(h.get('x-content-type-options'), 'nosniff', `${p}: X-Content-Type-Options`);
    assert.ok(h.get('referrer-policy'), `${p}: Referrer-Policy`);
    const xfo = h.get('x-frame-options');
    const csp = h.get('content-security-policy') ?? '';
    assert.ok(
      /^(deny|sameorigin)$/i.test(xfo ?? '') || /frame-ancestors/.test(csp),
      `${p}: X-Frame-Options or CSP frame-ancestors (got ${xfo} / ${csp})`,
    );
  }
});

test('an unknown API path is a 404 problem, never the SPA', async () => {
  const res = await anon.get('/api/v1/no-such-thing');
  assertProblem(res, 404, 'not-found');
});

test('SPA fallback: GET /admin/users serves index.html', async (t) => {
  const dist = path.join(REPO_ROOT, 'web', 'dist', 'index.html');
  if (!existsSync(dist)) {
    t.skip('web/dist is not built');
    return;
  }
  const res = await anon.get(`${server.baseUrl}/admin/users`);
  assert.equal(res.status, 200);
  assert.match(res.contentType, /^text\/html/);
  assert.equal(res.text, readFileSync(dist, 'utf8'));
  assert.match(res.headers.get('cache-control') ?? '', /no-cache|no-store/);
  // Paths with an extension are files, not client routes.
  const missing = await anon.get(`${server.baseUrl}/no-such-file.js`);
  assert.equal(missing.status, 404);
});
