// A hub of hubs (issue 14; decision 0019): three real cqdt processes on loopback. Province A (An
// Giang, H01, the demo's) and province B (standing in for Cà Mau, H12) each know only N, a hub
// that serves no agency itself and stands in for the national axis: A and B route everything
// ("*") to N, and N routes H01 to A and H12 to B. Each hub trusts the others' CAs and pins their
// hub certificates. A member system on A sends a signed letter to B's provincial committee: it
// goes A → N → B with its signature untouched (B keeps the very bytes the vendor signed and
// verifies them), B's clerks have it in their reception, and B's STATUS 01 comes back B → N → A to
// the vendor's inbox. A document released in A by its clerk crosses the same way, and the
// statuses of B's registration move its delivery in A to 01, then 03.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';

import { assertStatus } from '../support/api-assert.mjs';
import { eventually, loggedIn } from '../support/cqdt-server.mjs';
import { PackageSigner } from '../support/edxml-sign.mjs';
import { documentPackage } from '../support/edxml-vendor.mjs';
import {
  addAgency,
  addClerk,
  addMember,
  addPeer,
  messageDetail,
  messageOf,
  pkiFile,
  releaseLetter,
  startHub,
  stopHubs,
  trustEachOther,
} from '../support/exchange-federation.mjs';

const H12 = '000.00.00.H12';
const VENDOR_AGENCY = '000.00.90.H01';
let a, b, n, vendor, signer, clerkB;

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

before(async () => {
  a = await startHub({ name: 'A' });
  b = await startHub({ name: 'B', organId: H12, served: ['H12'] });
  // N delivers to no agency of its own: its directory (the demo's) is only there to be ignored.
  n = await startHub({ name: 'N', organId: '000.00.00.G00', served: [] });
  await trustEachOther([a, b, n]);
  await addPeer(a, n, ['*']);
  await addPeer(b, n, ['*']);
  await addPeer(n, a, ['H01']);
  await addPeer(n, b, ['H12']);
  await addAgency(b, { code: H12, name: 'Ủy ban nhân dân tỉnh Cà Mau', shortName: 'UBNDCM' });
  clerkB = await addClerk(b, H12, 'vanthu.camau');
  vendor = await addMember(a, { agencies: [VENDOR_AGENCY] });
  // The vendor seals its letters with a key A's CA issued (the demo seal of A's province).
  signer = PackageSigner.fromP12(pkiFile(a.server, 'seal-000.00.00.h01.p12'));
});

after(() => stopHubs([a, b, n]));

test('a member letter goes A → N → B signed as sent; STATUS 01 comes back B → N → A', async () => {
  const { xml, documentId } = documentPackage({
    from: VENDOR_AGENCY,
    to: H12,
    number: '51',
    subject: 'V/v phối hợp liên thông qua trục quốc gia',
  });
  const signed = signer.sign(xml);
  const sent = await vendor.send(signed);
  assert.equal(sent.status, 202, sent.text);
  assert.equal(sent.json.deliveries[0].route, 'peer');

  // B has it, accepted under its "require" policy for N: the package's own signature verified
  // against A's CA, and the bytes are the vendor's, byte for byte.
  const atB = await eventually(async () => {
    const m = await messageOf(b, documentId);
    assert.ok(m, 'not at B yet');
    return m;
  });
  assert.equal(atB.accepted, true, atB.refusalMessage);
  assert.equal(atB.source, 'truc-n');
  assert.equal(atB.sha256, sha256(signed));
  assert.ok(!atB.warnings.some((w) => w.code === 'unsigned'), JSON.stringify(atB.warnings));
  const stored = await b.admin.get(`/exchange/messages/${atB.id}/package`);
  assert.equal(stored.status, 200);
  assert.equal(stored.text, signed);
  const reception = await eventually(async () => {
    const q = assertStatus(await clerkB.get('/exchange/receptions'), 200);
    const found = q.items.find((r) => r.documentId === documentId);
    assert.ok(found, 'not in B reception yet');
    return found;
  });
  assert.equal(reception.senderCode, VENDOR_AGENCY);
  assert.equal(reception.status, '01');

  // N received it from A and forwarded it to B; it delivered to nobody of its own.
  const atN = await messageOf(n, documentId);
  assert.ok(atN, 'N kept no trace of the letter');
  assert.equal(atN.source, 'truc-a');
  assert.equal(atN.accepted, true, atN.refusalMessage);
  const traceN = await eventually(async () => {
    const d = await messageDetail(n, atN.id);
    assert.equal(d.deliveries.length, 1);
    assert.equal(d.deliveries[0].route, 'peer');
    assert.equal(d.deliveries[0].state, 'delivered');
    return d.trace;
  });
  assert.ok(
    traceN.some((h) => h.result === 'received' && h.from === 'peer:truc-a'),
    JSON.stringify(traceN),
  );
  assert.ok(
    traceN.some((h) => h.result === 'forwarded' && h.to === 'peer:truc-b'),
    JSON.stringify(traceN),
  );

  // A forwarded it to N, never to B directly.
  await eventually(async () => {
    const d = await messageDetail(a, sent.json.message.id);
    assert.equal(d.deliveries[0].state, 'delivered');
    assert.ok(d.trace.some((h) => h.result === 'forwarded' && h.to === 'peer:truc-n'));
  });

  // B's STATUS 01 reaches the vendor through N and A.
  const status = await eventually(async () => {
    const inbox = await vendor.inbox();
    const found = inbox.json.items.find(
      (i) => i.documentId === documentId && i.statusCode === '01',
    );
    assert.ok(found, 'no STATUS 01 yet');
    return found;
  });
  assert.equal(status.from, H12);
  const statusAtN = await messageOf(n, documentId, 'status');
  assert.ok(statusAtN, 'the STATUS did not pass through N');
  assert.equal(statusAtN.source, 'truc-b');
  const statusTrace = (await messageDetail(n, statusAtN.id)).trace;
  assert.ok(
    statusTrace.some((h) => h.result === 'forwarded' && h.to === 'peer:truc-a'),
    JSON.stringify(statusTrace),
  );
  assert.equal((await vendor.ack(status.id)).status, 200);
});

test("a document released in A reaches B's clerk through N; B's statuses come back to 01, then 03", async () => {
  const OUT = '/documents/outgoing';
  const subject = 'V/v phối hợp chuyển đổi số qua trục quốc gia';
  const match = (res) => ({ headers: { 'If-Match': res.headers.get('etag') } });
  const clerkA = await loggedIn(a.baseUrl, 'vanthu.snv');
  const { id, numberText } = await releaseLetter(a, {
    subject,
    recipients: [{ name: 'Ủy ban nhân dân tỉnh Cà Mau', code: H12 }, { name: 'Lưu: VT' }],
  });

  const item = await eventually(async () => {
    const q = assertStatus(await clerkB.get('/exchange/receptions'), 200);
    const found = q.items.find((r) => r.subject === subject);
    if (!found) {
      const refused = assertStatus(await b.admin.get('/exchange/messages?filter=refused'), 200);
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
  // It went through N.
  const atN = await messageOf(n, item.documentId);
  assert.ok(atN, 'the released document did not pass through N');
  assert.equal(atN.source, 'truc-a');

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
