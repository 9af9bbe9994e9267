// Federation of exchange hubs (issue 14 item 4) with two real cqdt processes on loopback: hub A
// (An Giang, H01) and hub B (standing in for Cà Mau, H12), each registering the other as a peer
// with its hub certificate and trusting the other's CA. A member system on A sends a signed
// letter to B's provincial committee: A routes it to B by the route "H12" and forwards it in a
// signed request; B verifies the request and the package's own signature, puts it in its clerks'
// reception and answers STATUS 01, which B forwards back through A to the member. With B down,
// A keeps the package and retries; when B returns, the letter arrives exactly once. A forged
// request (no signature) is refused.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertStatus } from '../support/api-assert.mjs';
import { eventually, loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';
import { VendorSystem, documentPackage } from '../support/edxml-vendor.mjs';

const H12 = '000.00.00.H12';
const VENDOR_AGENCY = '000.00.90.H01';
let a, b, adminA, adminB, vendor, work;

const firstPem = (file) => {
  const text = readFileSync(file, 'utf8');
  return (
    text.slice(0, text.indexOf('-----END CERTIFICATE-----') + '-----END CERTIFICATE-----'.length) +
    '\n'
  );
};
const pki = (server, file) => path.join(server.dataDir, 'pki', file);

async function trust(admin, other) {
  const res = await admin.post(
    `/trust/anchors?purpose=document&name=${encodeURIComponent('CA ' + other.baseUrl)}`,
    readFileSync(pki(other, 'root.pem'), 'utf8'),
    { raw: true, headers: { 'Content-Type': 'application/x-pem-file' } },
  );
  assertStatus(res, 201);
  for (const crl of ['root.crl', 'intermediate.crl']) {
    const r = await admin.post('/trust/crls', readFileSync(pki(other, crl)), {
      raw: true,
      headers: { 'Content-Type': 'application/pkix-crl' },
    });
    assertStatus(r, 201);
  }
}

function signed(xml, name) {
  const input = path.join(work, `${name}.xml`);
  const output = path.join(work, `${name}.signed.xml`);
  writeFileSync(input, xml);
  // The member signs with a key A's CA issued (the demo's seal of A's province).
  const r = runCli(['sign', 'xml', input, output, '--key', pki(a, 'seal-000.00.00.h01.p12')]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return readFileSync(output, 'utf8');
}

const messageOf = async (admin, documentId, kind = 'document') => {
  const list = assertStatus(await admin.get(`/exchange/messages?filter=${kind}&limit=200`), 200);
  return list.items.find((m) => m.documentId === documentId);
};

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'cqdt-federation-'));
  a = await startServer({ pki: true, env: { CQDT_EXCHANGE_RETRY_SECONDS: '1' } });
  b = await startServer({
    pki: true,
    env: {
      CQDT_EXCHANGE_RETRY_SECONDS: '1',
      CQDT_EXCHANGE_HUB_ORGAN_ID: H12,
      CQDT_EXCHANGE_HUB_KEY: 'seal-000.00.00.h01',
    },
  });
  adminA = await loggedIn(a.baseUrl, 'admin');
  adminB = await loggedIn(b.baseUrl, 'admin');
  assertStatus(
    await adminB.post('/agencies', {
      code: H12,
      name: 'Ủy ban nhân dân tỉnh Cà Mau',
      shortName: 'UBNDCM',
      kind: 'provincial_committee',
    }),
    201,
  );
  await trust(adminA, b);
  await trust(adminB, a);
  assertStatus(
    await adminA.post('/exchange/partners', {
      kind: 'peer',
      code: 'truc-h12',
      name: 'Trục liên thông tỉnh Cà Mau',
      baseUrl: b.baseUrl,
      certificate: firstPem(pki(b, 'seal-000.00.00.h01.p12.pem')),
      agencies: ['H12'],
    }),
    201,
  );
  assertStatus(
    await adminB.post('/exchange/partners', {
      kind: 'peer',
      code: 'truc-h01',
      name: 'Trục liên thông tỉnh An Giang',
      baseUrl: a.baseUrl,
      certificate: firstPem(pki(a, 'seal-000.00.00.h01.p12.pem')),
      agencies: ['H01'],
    }),
    201,
  );
  const member = assertStatus(
    await adminA.post('/exchange/partners', {
      kind: 'member',
      code: 'vendor-c',
      name: 'Phần mềm QLVB nhà cung cấp C',
      agencies: [VENDOR_AGENCY],
    }),
    201,
  );
  vendor = new VendorSystem(a.baseUrl, member.secret);
});

after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(a?.logs(), b?.logs());
  await a?.stop();
  await b?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a member letter crosses to the peer hub and STATUS 01 comes back the same way', async () => {
  const { xml, documentId } = documentPackage({ from: VENDOR_AGENCY, to: H12, number: '41' });
  const sent = await vendor.send(signed(xml, 'letter-41'));
  assert.equal(sent.status, 202, sent.text);
  assert.equal(sent.json.deliveries[0].route, 'peer');

  await eventually(async () => {
    const m = await messageOf(adminB, documentId);
    assert.ok(m, 'not yet at B');
    assert.equal(m.accepted, true, m.refusalMessage);
    assert.equal(m.source, 'truc-h01');
    return true;
  });
  const detailA = await eventually(async () => {
    const d = assertStatus(await adminA.get(`/exchange/messages/${sent.json.message.id}`), 200);
    assert.equal(d.deliveries[0].state, 'delivered');
    return d;
  });
  assert.ok(detailA.trace.some((h) => h.result === 'forwarded' && h.to === 'peer:truc-h12'));

  // B's STATUS 01 reaches the member through A.
  const status = await eventually(async () => {
    const inbox = await vendor.inbox();
    const found = inbox.json.items.find(
      (i) => i.documentId === documentId && i.statusCode === '01',
    );
    assert.ok(found, 'no STATUS 01 yet');
    return found;
  });
  assert.equal(status.from, H12);
});

test('with the peer down the package waits; when it returns it arrives exactly once', async () => {
  const bDir = b.dataDir;
  await b.stop('SIGKILL', { keepData: true });
  const { xml, documentId } = documentPackage({ from: VENDOR_AGENCY, to: H12, number: '42' });
  const sent = await vendor.send(signed(xml, 'letter-42'));
  assert.equal(sent.status, 202, sent.text);
  const id = sent.json.message.id;
  await eventually(async () => {
    const d = assertStatus(await adminA.get(`/exchange/messages/${id}`), 200);
    assert.ok(
      d.trace.some((h) => h.result === 'retry'),
      'no retry yet',
    );
  });
  // B comes back (on another port: A's admin points the peer at it).
  b = await startServer({
    dataDir: bDir,
    ownDataDir: true,
    env: {
      CQDT_EXCHANGE_RETRY_SECONDS: '1',
      CQDT_EXCHANGE_HUB_ORGAN_ID: H12,
      CQDT_EXCHANGE_HUB_KEY: 'seal-000.00.00.h01',
    },
  });
  adminB = await loggedIn(b.baseUrl, 'admin');
  const peers = assertStatus(await adminA.get('/exchange/partners'), 200);
  const peer = peers.items.find((p) => p.code === 'truc-h12');
  assertStatus(
    await adminA.put(`/exchange/partners/${peer.id}`, {
      name: peer.name,
      baseUrl: b.baseUrl,
      certificate: peer.certificate,
      agencies: peer.agencies,
    }),
    200,
  );
  await eventually(async () => {
    const d = assertStatus(await adminA.get(`/exchange/messages/${id}`), 200);
    assert.equal(d.deliveries[0].state, 'delivered');
  });
  const list = assertStatus(await adminB.get('/exchange/messages?filter=document&limit=200'), 200);
  assert.equal(list.items.filter((m) => m.documentId === documentId).length, 1);
});

test('a request to the peer endpoint without a hub signature is refused', async () => {
  const { xml } = documentPackage({ from: VENDOR_AGENCY, to: H12, number: '43' });
  const res = await fetch(`${b.baseUrl}/api/v1/exchange/peer/packages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/xml' },
    body: xml,
  });
  assert.equal(res.status, 401);
});
