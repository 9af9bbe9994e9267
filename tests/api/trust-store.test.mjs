// The trust store's rules (issue 8): an anchor is a CA certificate, or an end-entity certificate
// an admin pins explicitly and that is labelled so (item 15).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, loggedIn, runCli, sqliteUrl, startServer } from '../support/cqdt-server.mjs';
import { cmsSignAttached, createPki } from '../support/pki.mjs';

let pki, server, admin, anonymous, keptDataDir;
const C = {};
const PEM = { raw: true, headers: { 'Content-Type': 'application/x-pem-file' } };

async function verdict(p7s) {
  const res = await anonymous.request('POST', '/signatures/verify', p7s, {
    raw: true,
    headers: { 'Content-Type': 'application/pkcs7-signature' },
  });
  assertStatus(res, 200);
  assert.equal(res.body.signatures.length, 1, res.text);
  const s = res.body.signatures[0];
  return `${s.indication}${s.subIndication ? `/${s.subIndication}` : ''}`;
}

async function documentAnchors() {
  const res = await admin.get('/trust/anchors?purpose=document');
  assertStatus(res, 200);
  return res.body.items;
}

before(async () => {
  pki = createPki();
  C.partner = pki.createSelfSignedLeaf('partner', { cn: 'Con dấu tự ký của đối tác', o: 'Đối tác' });
  C.underPartner = pki.issue('under-partner', C.partner, { cn: 'Người do đối tác cấp', o: 'Đối tác' });
  C.root = pki.createRoot('root', { cn: 'cqdt Kiểm thử Root CA' });
  server = await startServer({ env: { CQDT_VERIFY_REQUESTS_PER_MINUTE: '1000' } });
  admin = await loggedIn(server.baseUrl, 'admin');
  anonymous = new Client(server.baseUrl);
});

after(async () => {
  await server?.stop();
  if (keptDataDir) rmSync(keptDataDir, { recursive: true, force: true });
  pki?.cleanup();
});

test('a self-signed certificate with CA:FALSE is no CA gốc; it can be pinned, labelled so', async () => {
  const signedByPartner = cmsSignAttached(C.partner, Buffer.from('văn bản của đối tác'));
  assert.equal(await verdict(signedByPartner), 'INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND');

  const refused = assertProblem(await admin.post('/trust/anchors?purpose=document', C.partner.pem, PEM), 422, 'validation', {
    fields: [['certificate', 'not_ca']],
  });
  assert.match(refused.errors[0].message, /Ghim/);
  assert.ok(!(await documentAnchors()).some((a) => a.subject.includes('Con dấu tự ký')));

  assertProblem(await admin.post('/trust/anchors?purpose=document&pin=maybe', C.partner.pem, PEM), 422, 'validation', {
    fields: [['pin', 'enum']],
  });
  assertProblem(await admin.post('/trust/anchors?purpose=document&pin=true', C.root.pem, PEM), 422, 'validation', {
    fields: [['certificate', 'is_ca']],
  });

  const pinned = await admin.post('/trust/anchors?purpose=document&pin=true&name=%C4%90%E1%BB%91i%20t%C3%A1c', C.partner.pem, PEM);
  assertStatus(pinned, 201);
  const anchor = pinned.body.items[0];
  assert.equal(anchor.kind, 'pinned');
  assert.equal(anchor.usable, true);
  assert.equal(anchor.name, 'Đối tác');
  const listed = (await documentAnchors()).find((a) => a.id === anchor.id);
  assert.equal(listed?.kind, 'pinned');

  // Its own signatures now pass; a certificate it "issued" does not.
  assert.equal(await verdict(signedByPartner), 'TOTAL_PASSED');
  const signedUnder = cmsSignAttached(C.underPartner, Buffer.from('văn bản'), { untrusted: C.partner.cert });
  assert.notEqual(await verdict(signedUnder), 'TOTAL_PASSED');

  const audit = await admin.get('/audit?action=trust.pin&limit=10');
  assertStatus(audit, 200);
  assert.equal(audit.body.items.length, 1);

  assert.equal((await admin.delete(`/trust/anchors/${anchor.id}`)).status, 204);
  assert.equal(await verdict(signedByPartner), 'INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND');
});

test('a CA is added as a CA (kind ca)', async () => {
  const added = await admin.post('/trust/anchors?purpose=timestamp', C.root.pem, PEM);
  assertStatus(added, 201);
  assert.equal(added.body.items[0].kind, 'ca');
  assert.equal(added.body.items[0].isRoot, true);
});

// Item 18: the national roots are shipped, trusted for documents on first start, and an admin's
// removal survives a restart.
test('the shipped national roots are trusted by default; a removal survives a restart', async () => {
  const shipped = (await documentAnchors()).filter((a) => a.source === 'bundled');
  const names = shipped.map((a) => a.subject).join('\n');
  assert.match(names, /CN=Vietnam National Root CA/);
  assert.match(names, /CN=RootCA chuyên dùng Chính phủ G2/);
  for (const a of shipped) {
    assert.equal(a.kind, 'ca');
    assert.equal(a.isRoot, true);
    assert.equal(a.usable, true);
  }
  const neac = shipped.find((a) => a.subject.includes('Vietnam National Root CA'));
  assert.equal(neac.fingerprintSha256, 'bac8bf609ab420a8ee1780d74f4de5c7f7184959d2a7375b0a75e4c29f0908e7');
  assert.equal((await admin.delete(`/trust/anchors/${neac.id}`)).status, 204);

  await server.stop('SIGTERM', { keepData: true });
  keptDataDir = server.dataDir;
  server = await startServer({ dataDir: keptDataDir, env: { CQDT_VERIFY_REQUESTS_PER_MINUTE: '1000' } });
  admin = await loggedIn(server.baseUrl, 'admin');
  anonymous = new Client(server.baseUrl);
  const after = await documentAnchors();
  assert.ok(!after.some((a) => a.fingerprintSha256 === neac.fingerprintSha256), JSON.stringify(after, null, 1));
  assert.ok(after.some((a) => a.subject.includes('RootCA chuyên dùng Chính phủ G2')));
});

test('[signing] bundled_roots = false ships none', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-nobundled-'));
  try {
    const r = runCli(['pki', 'trust', 'list', '--json', '--db', sqliteUrl(path.join(dir, 'c.db')), '--data-dir', dir], {
      env: { CQDT_BUNDLED_ROOTS: 'false' },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).items, []);
    const seeded = runCli(['pki', 'trust', 'list', '--json', '--db', sqliteUrl(path.join(dir, 'c.db')), '--data-dir', dir]);
    assert.equal(seeded.code, 0, seeded.stderr);
    assert.equal(JSON.parse(seeded.stdout).items.filter((a) => a.source === 'bundled').length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
