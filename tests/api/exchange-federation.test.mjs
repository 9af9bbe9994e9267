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
import {
  Client,
  DEMO_PASSWORD,
  eventually,
  loggedIn,
  runCli,
  startServer,
} from '../support/cqdt-server.mjs';
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
      // B's directory holds the demo's An Giang agencies too; its hub serves only Cà Mau.
      CQDT_EXCHANGE_SERVED: 'H12',
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
      // B's directory holds the demo's An Giang agencies too; its hub serves only Cà Mau.
      CQDT_EXCHANGE_SERVED: 'H12',
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

test("a document released in A reaches the clerk in B, and B's statuses move its delivery in A", async () => {
  const OUT = '/documents/outgoing';
  const match = (res) => ({ headers: { 'If-Match': res.headers.get('etag') } });
  const drafter = await loggedIn(a.baseUrl, 'chuyenvien.snv');
  const signer = await loggedIn(a.baseUrl, 'lanhdao.snv');
  const clerkA = await loggedIn(a.baseUrl, 'vanthu.snv');
  let res = await drafter.post(OUT, {
    typeOrdinal: 18,
    subject: 'V/v phối hợp chuyển đổi số liên tỉnh',
    signerId: signer.user.id,
    recipients: [{ name: 'Ủy ban nhân dân tỉnh Cà Mau', code: H12 }, { name: 'Lưu: VT' }],
  });
  assertStatus(res, 201);
  assert.equal(res.body.recipients[0].code, H12);
  const id = res.body.id;
  const draft = readFileSync(new URL('./testdata/outgoing-draft.pdf', import.meta.url));
  res = await drafter.request('POST', `${OUT}/${id}/files?name=cong-van.pdf`, draft, {
    raw: true,
    headers: { 'Content-Type': 'application/pdf', 'If-Match': res.headers.get('etag') },
  });
  assertStatus(res, 200);
  res = assertStatus(await drafter.post(`${OUT}/${id}/submit`, {}, match(res)), 200) && res;
  res = await drafter.get(`${OUT}/${id}`);
  res = await signer.post(`${OUT}/${id}/approve`, {}, match(res));
  assertStatus(res, 200);
  res = await signer.post(
    `${OUT}/${id}/sign`,
    { keyId: 'personal-lanhdao.snv', secret: DEMO_PASSWORD },
    match(res),
  );
  assertStatus(res, 200);
  res = await clerkA.post(`${OUT}/${id}/issue`, { sealKeyId: 'seal-000.00.01.h01' }, match(res));
  assertStatus(res, 200);
  res = await clerkA.post(`${OUT}/${id}/release`, {}, match(res));
  assertStatus(res, 200);
  const numberText = res.body.numberText;

  // B: a clerk of its provincial committee finds it in the exchange reception and registers it.
  const agencyB = assertStatus(await adminB.get('/agencies'), 200).items.find(
    (x) => x.code === H12,
  );
  assertStatus(
    await adminB.post('/users', {
      username: 'vanthu.camau',
      fullName: 'Lê Văn Thư',
      email: 'vanthu.camau@camau.gov.vn',
      agencyId: agencyB.id,
      roles: ['clerk'],
      password: 'Tam-thoi@2026',
    }),
    201,
  );
  const clerkB = new Client(b.baseUrl);
  assertStatus(await clerkB.login('vanthu.camau', 'Tam-thoi@2026'), 200);
  assertStatus(
    await clerkB.post('/auth/change-password', {
      currentPassword: 'Tam-thoi@2026',
      newPassword: 'Mat-khau-rieng@2026',
    }),
    204,
  );
  const item = await eventually(async () => {
    const q = assertStatus(await clerkB.get('/exchange/receptions'), 200);
    const found = q.items.find((r) => r.subject === 'V/v phối hợp chuyển đổi số liên tỉnh');
    if (!found) {
      const refused = assertStatus(await adminB.get('/exchange/messages?filter=refused'), 200);
      assert.fail(
        `not in B yet; refused there: ${JSON.stringify(refused.items.map((m) => m.refusalMessage))}`,
      );
    }
    return found;
  });
  assert.equal(item.senderCode, '000.00.01.H01');
  const detail = await clerkB.get(`/exchange/receptions/${item.id}`);
  assert.equal(assertStatus(detail, 200).header.numberText, numberText);
  assert.equal(detail.body.files[0].registrable, true);

  // A's delivery moved to 01 when B's STATUS 01 came back.
  const deliveryIn = async () =>
    assertStatus(await clerkA.get(`${OUT}/${id}/deliveries`), 200).items.find(
      (d) => d.recipientCode === H12,
    );
  await eventually(async () => assert.equal((await deliveryIn()).status, '01'));

  const registered = await clerkB.post(
    `/exchange/receptions/${item.id}/register`,
    {},
    match(detail),
  );
  assert.equal(registered.status, 201, registered.text);
  await eventually(async () => assert.equal((await deliveryIn()).status, '03'));
});
