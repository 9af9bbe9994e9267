// A burst through a federation link that breaks in the middle (issue 14): a member system on hub
// A (An Giang) sends 1,000 small signed letters (about 7 KB each; CQDT_BURST_PACKAGES sets another
// count; about 50 s for 1,000 on two busy cores) to hub B's provincial committee (standing in for
// Cà Mau) from several concurrent connections. When about a third of them have reached B's
// clerks, B is killed with SIGKILL (mid-request, mid-commit, wherever it is) and started again on
// the same data directory. At the end every letter is in B's reception exactly once (counted by
// DocumentId, and B's stored packages compared by SHA-256 with what was sent), every delivery of
// A to B is `delivered`, and every letter's STATUS 01 is in the vendor's inbox at A once.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';

import { assertStatus } from '../support/api-assert.mjs';
import { eventually } from '../support/cqdt-server.mjs';
import { PackageSigner, sizedPackage } from '../support/edxml-sign.mjs';
import {
  addAgency,
  addClerk,
  addMember,
  addPeer,
  allPages,
  pkiFile,
  relogin,
  repointPeer,
  startHub,
  stopHubs,
  trustEachOther,
} from '../support/exchange-federation.mjs';

const COUNT = Number(process.env.CQDT_BURST_PACKAGES || 1000);
const SENDERS = 4;
const KILL_AT = Math.max(1, Math.floor(COUNT / 3));
const H12 = '000.00.00.H12';
const VENDOR_AGENCY = '000.00.90.H01';
// Generous: forwarding is one request at a time, and CI runs this beside another test file and
// a sanitizer build on two cores.
const CEILING = { timeoutMs: 600_000, intervalMs: 250 };

let a, b, vendor, clerkB;

before(async () => {
  assert.ok(Number.isInteger(COUNT) && COUNT >= 3, 'CQDT_BURST_PACKAGES must be an integer >= 3');
  a = await startHub({ name: 'A' });
  b = await startHub({ name: 'B', organId: H12, served: ['H12'] });
  await trustEachOther([a, b]);
  await addPeer(a, b, ['H12']);
  await addPeer(b, a, ['H01']);
  await addAgency(b, { code: H12, name: 'Ủy ban nhân dân tỉnh Cà Mau', shortName: 'UBNDCM' });
  clerkB = await addClerk(b, H12, 'vanthu.camau');
  vendor = await addMember(a, { agencies: [VENDOR_AGENCY] });
});

after(() => stopHubs([a, b]));

// The count of deliveries of a hub's queues table for a route, partner and state.
async function queued(hub, route, partner, state) {
  const q = assertStatus(await hub.admin.get('/exchange/queues'), 200);
  return q.items
    .filter(
      (i) => i.route === route && (partner === null || i.partner === partner) && i.state === state,
    )
    .reduce((n, i) => n + i.count, 0);
}

test(`${COUNT} letters, B killed with SIGKILL a third of the way: each arrives exactly once`, async (t) => {
  const signer = PackageSigner.fromP12(pkiFile(a.server, 'seal-000.00.00.h01.p12'));
  const run = Date.now().toString(36).toUpperCase();
  const letters = [];
  for (let i = 1; i <= COUNT; i++) {
    const { xml, documentId } = sizedPackage({
      from: VENDOR_AGENCY,
      to: H12,
      number: String(i),
      notation: `LT-${run}`,
      bytes: 4096,
    });
    const signed = signer.sign(xml);
    letters.push({
      documentId,
      xml: signed,
      sha256: createHash('sha256').update(signed, 'utf8').digest('hex'),
    });
  }

  const t0 = Date.now();
  let next = 0;
  const sent = new Map(); // documentId -> message id at A
  const sender = async () => {
    while (next < letters.length) {
      const letter = letters[next++];
      const res = await vendor.send(letter.xml);
      assert.equal(res.status, 202, res.text);
      assert.equal(res.json.deliveries[0].route, 'peer');
      sent.set(letter.documentId, res.json.message.id);
    }
  };
  const sending = Promise.all(Array.from({ length: SENDERS }, sender));
  sending.catch(() => {}); // awaited below; a failure must not go unhandled meanwhile

  // B's clerks have about a third: B dies and comes back on the same data directory.
  const arrivedBeforeKill = await eventually(async () => {
    const q = assertStatus(await clerkB.get('/exchange/receptions?limit=1'), 200);
    assert.ok(q.waiting >= KILL_AT, `${q.waiting} at B so far`);
    return q.waiting;
  }, CEILING);
  const sentBeforeKill = sent.size;
  await b.restart({ kill: true });
  const killedAt = Date.now();
  clerkB = await relogin(b, clerkB);
  await repointPeer(a, b);
  await sending;
  const sendSeconds = (Date.now() - t0) / 1000;

  // Everything forwarded: no delivery of A to B left pending, none dead.
  await eventually(async () => {
    const pending = await queued(a, 'peer', 'truc-b', 'pending');
    assert.equal(pending, 0, `${pending} still pending at A`);
  }, CEILING);
  const arrivedSeconds = (Date.now() - t0) / 1000;
  assert.equal(await queued(a, 'peer', 'truc-b', 'dead'), 0);
  assert.equal(await queued(a, 'peer', 'truc-b', 'delivered'), COUNT);

  // Each delivery of A, one by one.
  const ids = [...sent.values()];
  assert.equal(ids.length, COUNT);
  for (let i = 0; i < ids.length; i += 16) {
    await Promise.all(
      ids.slice(i, i + 16).map(async (id) => {
        const d = assertStatus(await a.admin.get(`/exchange/messages/${id}`), 200);
        assert.equal(d.deliveries.length, 1);
        assert.equal(d.deliveries[0].state, 'delivered', JSON.stringify(d.deliveries[0]));
      }),
    );
  }

  // B: every letter in the clerks' reception once, and B's stored packages are the bytes sent.
  const receptions = await allPages(clerkB, '/exchange/receptions?status=all');
  const byDocument = new Map();
  for (const r of receptions) byDocument.set(r.documentId, (byDocument.get(r.documentId) ?? 0) + 1);
  const missing = letters.filter((l) => !byDocument.has(l.documentId)).length;
  const twice = [...byDocument.values()].filter((n) => n > 1).length;
  assert.equal(missing, 0, `${missing} letters missing from B's reception`);
  assert.equal(twice, 0, `${twice} letters twice in B's reception`);
  assert.equal(receptions.length, COUNT);

  const messages = (await allPages(b.admin, '/exchange/messages?filter=document')).filter(
    (m) => m.source === 'truc-a',
  );
  assert.ok(
    messages.every((m) => m.accepted),
    'a letter was refused at B',
  );
  const stored = messages.map((m) => m.sha256).sort();
  assert.deepEqual(stored, letters.map((l) => l.sha256).sort());

  // Every letter's STATUS 01 reached the vendor's inbox at A, once.
  await eventually(async () => {
    const waiting = await queued(a, 'member', 'vendor-c', 'pending');
    assert.ok(waiting >= COUNT, `${waiting} statuses at A so far`);
  }, CEILING);
  assert.equal(await queued(a, 'member', 'vendor-c', 'pending'), COUNT);
  const statusSeconds = (Date.now() - t0) / 1000;

  t.diagnostic(
    `${COUNT} letters of ~${Math.round(letters[0].xml.length / 1024)} KB, ${SENDERS} senders: ` +
      `sent to A in ${sendSeconds.toFixed(1)} s; B killed after ${arrivedBeforeKill} arrived ` +
      `(${sentBeforeKill} sent) at ${((killedAt - t0) / 1000).toFixed(1)} s; all at B by ` +
      `${arrivedSeconds.toFixed(1)} s; all STATUS 01 at A by ${statusSeconds.toFixed(1)} s`,
  );
});
