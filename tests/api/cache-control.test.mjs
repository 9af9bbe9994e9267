// Caching (issue 8, item 13): every answer to a session (cookie or bearer token) and every
// download (agency export, signed file, verification report) carries `Cache-Control: no-store`
// unless its handler chose a policy of its own; content-hashed static assets stay immutable.

import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertStatus } from '../support/api-assert.mjs';
import { REPO_ROOT, Client, loggedIn, startServer } from '../support/cqdt-server.mjs';
import { minimalPdf } from '../support/pki.mjs';

let server;
let admin;
let clerk; // vanthu.ubnd: may use the demo seal of UBND tỉnh

before(async () => {
  server = await startServer({ pki: true });
  admin = await loggedIn(server.baseUrl, 'admin');
  clerk = await loggedIn(server.baseUrl, 'vanthu.ubnd');
});
after(async () => {
  await server?.stop();
});

function assertNoStore(res, what) {
  assert.equal(res.headers.get('cache-control'), 'no-store', `${what}: Cache-Control`);
}

test('answers to a session cookie are no-store, errors included', async () => {
  const one = await admin.get('/agencies/4');
  assertStatus(one, 200);
  assertNoStore(one, 'GET /agencies/4');
  assertNoStore(await admin.get('/auth/session'), 'GET /auth/session');
  assertNoStore(await admin.get('/agencies/999999'), '404 problem');
  assertNoStore(await admin.get('/users?limit=5'), 'GET /users');
});

test('answers to a bearer token are no-store', async () => {
  const created = await admin.post('/api-tokens', {
    name: 'cache-check',
    scopes: ['agencies:read'],
    agencyId: admin.user.agencyId,
  });
  assertStatus(created, 201);
  assertNoStore(created, 'POST /api-tokens (shows the secret once)');
  const bot = new Client(server.baseUrl, { bearer: created.body.token });
  const res = await bot.get('/agencies');
  assertStatus(res, 200);
  assertNoStore(res, 'GET /agencies with a bearer token');
});

test('downloads are no-store: agency export (CSV and JSON)', async () => {
  for (const format of ['csv', 'json']) {
    const res = await admin.get(`/agencies/export?format=${format}`);
    assertStatus(res, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment;/);
    assertNoStore(res, `export ${format}`);
  }
});

test('downloads are no-store: a signed file and a verification report (anonymous)', async () => {
  const signed = await fetch(
    `${server.baseUrl}/api/v1/signing/sign?${new URLSearchParams({ key: 'seal-000.00.00.h01', kind: 'pdf', fileName: 'cong-van.pdf' })}`,
    {
      method: 'POST',
      headers: {
        Cookie: clerk.cookieHeader(),
        'X-CSRF-Token': clerk.csrfToken,
        'Content-Type': 'application/pdf',
      },
      body: minimalPdf(),
    },
  );
  const signedPdf = Buffer.from(await signed.arrayBuffer());
  assert.equal(signed.status, 200, signedPdf.toString('utf8').slice(0, 500));
  assert.match(signed.headers.get('content-disposition') ?? '', /^attachment;/);
  assertNoStore(signed, 'signed file');

  // Public verification: no session at all, still a download of a report about a document.
  const report = await fetch(`${server.baseUrl}/api/v1/signatures/verify?format=pdf`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/pdf' },
    body: signedPdf,
  });
  await report.arrayBuffer();
  assert.equal(report.status, 200);
  assert.equal(report.headers.get('content-type'), 'application/pdf');
  assertNoStore(report, 'verification report PDF');
});

test('a handler that chooses its own policy keeps it', async () => {
  // Public reference data: cacheable, even when a session cookie rides along.
  const types = await admin.get('/codes/document-types');
  assertStatus(types, 200);
  assert.equal(types.headers.get('cache-control'), 'public, max-age=3600');
  const openapi = await admin.get('/api/openapi.json');
  assert.equal(openapi.headers.get('cache-control'), 'no-cache');
});

const dist = path.join(REPO_ROOT, 'web', 'dist');
test(
  'hashed static assets stay immutable, even with a session cookie',
  { skip: existsSync(path.join(dist, 'assets')) ? false : 'web/dist not built' },
  async () => {
    const asset = readdirSync(path.join(dist, 'assets')).find((f) => f.endsWith('.js'));
    const res = await admin.get(`${server.baseUrl}/assets/${asset}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const index = await admin.get(`${server.baseUrl}/admin/users`);
    assert.equal(index.headers.get('cache-control'), 'no-cache');
  },
);
