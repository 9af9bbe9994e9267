// The exchange hub for member systems (issue 14 item 3) against the real binary: a vendor's
// system, simulated by tests/support/edxml-vendor.mjs and speaking only the hub operations,
// sends a letter to a provincial agency and hears STATUS 01 at once, signed by that agency's
// seal (checked by `cqdt exchange inspect` against the demo CA); the same package again is
// stored once; a sender it does not serve, malformed XML and a missing secret are refused
// precisely; the admin sees packages, deliveries, trace and dead letters.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertStatus } from '../support/api-assert.mjs';
import { PROVINCE_CODE, loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';
import { VendorSystem, documentPackage } from '../support/edxml-vendor.mjs';
import { minimalPdf } from '../support/pki.mjs';

let server, admin, vendor, work;
const VENDOR_AGENCY = '000.00.90.H01';

before(async () => {
  server = await startServer({ pki: true });
  admin = await loggedIn(server.baseUrl, 'admin');
  work = mkdtempSync(path.join(tmpdir(), 'cqdt-exchange-'));
  const made = assertStatus(
    await admin.post('/exchange/partners', {
      kind: 'member',
      code: 'vendor-b',
      name: 'Phần mềm QLVB của nhà cung cấp B',
      agencies: [VENDOR_AGENCY],
      signaturePolicy: 'warn',
    }),
    201,
  );
  assert.match(made.secret, /^cqdtx_/);
  vendor = new VendorSystem(server.baseUrl, made.secret);
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a vendor letter reaches the province once; STATUS 01 comes back signed by its seal', async () => {
  const { xml, documentId } = documentPackage({ from: VENDOR_AGENCY, to: PROVINCE_CODE });
  const sent = await vendor.send(xml);
  assert.equal(sent.status, 202, sent.text);
  assert.equal(sent.json.message.accepted, true);
  assert.equal(sent.json.deliveries[0].route, 'local');
  assert.ok(sent.json.message.warnings.some((w) => w.code === 'unsigned'));

  const inbox = await vendor.inbox();
  assert.equal(inbox.status, 200);
  const status = inbox.json.items.find((i) => i.documentId === documentId);
  assert.ok(status, JSON.stringify(inbox.json));
  assert.equal(status.messageType, 'status');
  assert.equal(status.statusCode, '01');
  assert.equal(status.from, PROVINCE_CODE);

  const got = await vendor.get(status.id);
  assert.equal(got.status, 200);
  assert.match(got.contentType, /application\/xml/);
  assert.match(got.text, /<edXML:StatusCode>01<\/edXML:StatusCode>/);
  assert.match(got.text, /SignatureValue/);
  const file = path.join(work, 'status-01.edxml');
  writeFileSync(file, got.text);
  const inspect = runCli([
    'exchange',
    'inspect',
    file,
    '--json',
    '--trust',
    path.join(server.dataDir, 'pki', 'chain.pem'),
    '--crl',
    path.join(server.dataDir, 'pki', 'root.crl'),
    '--crl',
    path.join(server.dataDir, 'pki', 'intermediate.crl'),
  ]);
  assert.equal(inspect.code, 0, inspect.stdout + inspect.stderr);
  const verdict = JSON.parse(inspect.stdout);
  assert.equal(verdict.signature.intact, true);
  assert.equal(verdict.signature.trusted, true);

  const acked = await vendor.ack(status.id, 'done');
  assert.equal(acked.status, 200, acked.text);
  assert.equal(acked.json.state, 'acknowledged');
  const after = await vendor.inbox();
  assert.ok(!after.json.items.some((i) => i.id === status.id));

  // The same bytes again: nothing new stored, routed or answered.
  const again = await vendor.send(xml);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.duplicate, true);
  assert.equal(again.json.message.id, sent.json.message.id);

  const trace = await vendor.sent(documentId);
  assert.equal(trace.status, 200);
  const results = trace.json.items[0].trace.map((h) => h.result);
  assert.deepEqual(results.slice(0, 2), ['received', 'delivered']);
  assert.ok(results.includes('duplicate'));
});

test('a sender the member does not serve, malformed XML and a missing secret are refused', async () => {
  const { xml } = documentPackage({ from: '000.00.91.H01', to: PROVINCE_CODE, number: '16' });
  const spoofed = await vendor.send(xml);
  assert.equal(spoofed.status, 422, spoofed.text);
  assert.equal(spoofed.json.reason, 'sender');
  assert.match(spoofed.json.detail, /000\.00\.91\.H01/);

  const broken = await vendor.send('<edXML><From></edXML>');
  assert.equal(broken.status, 422);
  assert.equal(broken.json.reason, 'malformed');
  assert.match(broken.json.detail, /dòng 1/);

  const stranger = new VendorSystem(server.baseUrl, 'cqdtx_not-a-secret-at-all-000000');
  assert.equal((await stranger.inbox()).status, 401);
  assert.equal((await stranger.send(xml)).status, 401);

  // The admin sees the refusals and the STATUS 02 that no route reaches (a dead letter).
  const refused = assertStatus(await admin.get('/exchange/messages?filter=refused'), 200);
  assert.ok(refused.items.some((m) => m.refusalReason === 'sender'));
  const dead = assertStatus(await admin.get('/exchange/deliveries?state=dead'), 200);
  const letter = dead.items.find((d) => d.recipient === '000.00.91.H01');
  assert.ok(letter, JSON.stringify(dead));
  const replay = await admin.post(`/exchange/deliveries/${letter.id}/replay`, {});
  assert.equal(replay.status, 409, replay.text);
  const detail = assertStatus(await admin.get(`/exchange/messages/${letter.messageId}`), 200);
  assert.equal(detail.statusCode, '02');
  assert.ok(detail.trace.some((h) => h.result === 'dead'));
  const queues = assertStatus(await admin.get('/exchange/queues'), 200);
  assert.ok(queues.items.some((q) => q.route === 'member' && q.partner === 'vendor-b'));
});

test('only administrators manage partners; a member secret is never shown again', async () => {
  const clerk = await loggedIn(server.baseUrl, 'vanthu.ubnd');
  assert.equal((await clerk.get('/exchange/partners')).status, 403);
  const list = assertStatus(await admin.get('/exchange/partners'), 200);
  const b = list.items.find((p) => p.code === 'vendor-b');
  assert.ok(b);
  assert.equal(b.secret, undefined);
  const bad = await admin.post('/exchange/partners', { kind: 'peer', code: 'X Y', name: '' });
  assert.equal(bad.status, 422);
  const fields = bad.body.errors.map((e) => e.field);
  for (const f of ['code', 'name', 'baseUrl', 'certificate']) assert.ok(fields.includes(f), f);
  const directory = await vendor.agencies();
  assert.ok(directory.json.items.some((a) => a.code === PROVINCE_CODE && a.servedBy === 'local'));
});

test('the clerk registers a letter from outside (STATUS 03) or refuses one (STATUS 02)', async () => {
  const clerk = await loggedIn(server.baseUrl, 'vanthu.ubnd');
  const { xml, documentId } = documentPackage({
    from: VENDOR_AGENCY,
    to: PROVINCE_CODE,
    number: '27',
    notation: 'NCC-VP',
    subject: 'V/v đề nghị phối hợp số hóa hồ sơ',
    pdf: minimalPdf('cong van 27'),
  });
  assert.equal((await vendor.send(xml)).status, 202);
  const queue = assertStatus(await clerk.get('/exchange/receptions'), 200);
  const item = queue.items.find((r) => r.documentId === documentId);
  assert.ok(item, JSON.stringify(queue));
  assert.equal(item.status, '01');
  assert.ok(queue.waiting >= 1);

  const res = await clerk.get(`/exchange/receptions/${item.id}`);
  const detail = assertStatus(res, 200);
  assert.equal(detail.header.numberText, '27/NCC-VP');
  assert.equal(detail.files[0].registrable, true);
  const file = await clerk.get(`/exchange/receptions/${item.id}/files/1`);
  assert.equal(file.status, 200);
  assert.match(file.headers.get('content-type'), /application\/pdf/);
  const etag = res.headers.get('etag');

  // Another agency's clerk does not see it; If-Match is required.
  const other = await loggedIn(server.baseUrl, 'vanthu.snv');
  assert.equal((await other.get(`/exchange/receptions/${item.id}`)).status, 404);
  assert.equal((await clerk.post(`/exchange/receptions/${item.id}/register`, {})).status, 428);

  const registered = await clerk.post(
    `/exchange/receptions/${item.id}/register`,
    {},
    { headers: { 'If-Match': etag } },
  );
  assert.equal(registered.status, 201, registered.text);
  assert.equal(registered.body.state, 'registered');
  assert.equal(registered.body.status, '03');
  const incoming = assertStatus(
    await clerk.get(registered.headers.get('location').replace('/api/v1', '')),
    200,
  );
  assert.equal(incoming.numberText, '27/NCC-VP');
  assert.equal(incoming.channel, 'electronic');

  const statuses = await vendor.inbox();
  assert.ok(statuses.json.items.some((i) => i.documentId === documentId && i.statusCode === '03'));

  // A second letter is refused with a reason: STATUS 02 carries it.
  const second = documentPackage({ from: VENDOR_AGENCY, to: PROVINCE_CODE, number: '28' });
  assert.equal((await vendor.send(second.xml)).status, 202);
  const q2 = assertStatus(await clerk.get('/exchange/receptions'), 200);
  const item2 = q2.items.find((r) => r.documentId === second.documentId);
  const r2 = await clerk.get(`/exchange/receptions/${item2.id}`);
  const noReason = await clerk.post(
    `/exchange/receptions/${item2.id}/refuse`,
    {},
    { headers: { 'If-Match': r2.headers.get('etag') } },
  );
  assert.equal(noReason.status, 422);
  const refused = await clerk.post(
    `/exchange/receptions/${item2.id}/refuse`,
    { reason: 'Gửi nhầm cơ quan nhận' },
    { headers: { 'If-Match': r2.headers.get('etag') } },
  );
  assert.equal(refused.status, 200, refused.text);
  assert.equal(refused.body.status, '02');
  const inbox = await vendor.inbox();
  const s02 = inbox.json.items.find(
    (i) => i.documentId === second.documentId && i.statusCode === '02',
  );
  assert.ok(s02);
  const body02 = await vendor.get(s02.id);
  assert.match(body02.text, /Gửi nhầm cơ quan nhận/);
});
