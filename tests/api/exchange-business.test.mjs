// Revoke, update and replace across instances (issue 14 item 2; edxml.md §3.4, §7.2) with two
// real cqdt processes on loopback: A (An Giang, H01) and B (standing in for Cà Mau, H12), peers
// of each other. A document released in A and registered by B's clerk is recalled in A: B's
// clerk sees the request and accepts it (STATUS 15 back to A's delivery; B's incoming document
// carries the reason). One recalled before B registered it is revoked in B at once (15). A
// replacement released in A names the document it replaces; in B the old reception leaves the
// queue. A vendor's update (BussinessDocType 2) and revoke (1) through A's hub do the same, and a
// revoke of a document B never had is answered 16.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertStatus } from '../support/api-assert.mjs';
import { eventually, loggedIn, runCli } from '../support/cqdt-server.mjs';
import { documentPackage } from '../support/edxml-vendor.mjs';
import {
  addAgency,
  addClerk,
  addMember,
  addPeer,
  pkiFile,
  releaseLetter,
  startHub,
  stopHubs,
  trustEachOther,
} from '../support/exchange-federation.mjs';

const H12 = '000.00.00.H12';
const VENDOR_AGENCY = '000.00.90.H01';
const OUT = '/documents/outgoing';
const TO_B = [{ name: 'Ủy ban nhân dân tỉnh Cà Mau', code: H12 }, { name: 'Lưu: VT' }];
let hubA, hubB, a, b, adminA, adminB, vendor, work, clerkB, signer, clerkA;

const pki = (server, file) => pkiFile(server, file);
const match = (res) => ({ headers: { 'If-Match': res.headers.get('etag') } });

function signed(xml, name) {
  const input = path.join(work, `${name}.xml`);
  const output = path.join(work, `${name}.signed.xml`);
  writeFileSync(input, xml);
  const r = runCli(['sign', 'xml', input, output, '--key', pki(a, 'seal-000.00.00.h01.p12')]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return readFileSync(output, 'utf8');
}

// A letter of Sở Nội vụ (A) released to B's provincial committee, or a replacement of one.
const release = async (subject, replacesOf) =>
  (await releaseLetter(hubA, { subject, recipients: TO_B, replacesOf })).id;

const receptionOf = (subject, status = 'all') =>
  eventually(async () => {
    const q = assertStatus(
      await clerkB.get(`/exchange/receptions?status=${status}&limit=200`),
      200,
    );
    const found = q.items.find((r) => r.subject === subject);
    assert.ok(found, `"${subject}" is not in B's reception yet`);
    return found;
  });

const deliveryStatus = async (id) =>
  assertStatus(await clerkA.get(`${OUT}/${id}/deliveries`), 200).items.find(
    (d) => d.recipientCode === H12,
  ).status;

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'cqdt-business-'));
  [hubA, hubB] = await Promise.all([
    startHub({ name: 'A' }),
    startHub({ name: 'B', organId: H12, served: ['H12'] }),
  ]);
  [a, b, adminA, adminB] = [hubA.server, hubB.server, hubA.admin, hubB.admin];
  await addAgency(hubB, { code: H12, name: 'Ủy ban nhân dân tỉnh Cà Mau', shortName: 'UBNDCM' });
  await trustEachOther([hubA, hubB]);
  await addPeer(hubA, hubB, ['H12']);
  await addPeer(hubB, hubA, ['H01']);
  vendor = await addMember(hubA, {
    code: 'vendor-d',
    name: 'Phần mềm QLVB nhà cung cấp D',
    agencies: [VENDOR_AGENCY],
  });
  clerkB = await addClerk(hubB, H12, 'vanthu.camau');
  [signer, clerkA] = await Promise.all([
    loggedIn(a.baseUrl, 'lanhdao.snv'),
    loggedIn(a.baseUrl, 'vanthu.snv'),
  ]);
});

after(async () => {
  await stopHubs([hubA, hubB]);
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a registered document recalled in A: B accepts, 15 comes back, the incoming document says so', async () => {
  const subject = 'V/v thu hồi sau khi vào sổ';
  const id = await release(subject);
  const item = await receptionOf(subject, 'received');
  const detail = await clerkB.get(`/exchange/receptions/${item.id}`);
  const registered = await clerkB.post(
    `/exchange/receptions/${item.id}/register`,
    {},
    match(detail),
  );
  assert.equal(registered.status, 201, registered.text);
  await eventually(async () => assert.equal(await deliveryStatus(id), '03'));

  const doc = await signer.get(`${OUT}/${id}`);
  const recalled = await signer.post(
    `${OUT}/${id}/recall`,
    { reason: 'Sai căn cứ pháp lý' },
    match(doc),
  );
  assertStatus(recalled, 200);
  // B: the recall waits for the clerk (counted as waiting, listed under "recall").
  const asked = await eventually(async () => {
    const q = assertStatus(await clerkB.get('/exchange/receptions?status=recall'), 200);
    const found = q.items.find((r) => r.id === item.id);
    assert.ok(found, 'no recall request in B yet');
    return found;
  });
  assert.equal(asked.recall.state, 'requested');
  assert.equal(asked.recall.reason, 'Sai căn cứ pháp lý');
  assert.equal(asked.state, 'registered');

  const current = await clerkB.get(`/exchange/receptions/${item.id}`);
  // Refusing needs a reason; nothing changes without one.
  const bad = await clerkB.post(
    `/exchange/receptions/${item.id}/recall-answer`,
    { accept: false },
    match(current),
  );
  assert.equal(bad.status, 422);
  assert.equal(bad.body.errors[0].field, 'reason');
  const answered = await clerkB.post(
    `/exchange/receptions/${item.id}/recall-answer`,
    { accept: true },
    match(current),
  );
  assert.equal(answered.status, 200, answered.text);
  assert.equal(answered.body.recall.state, 'accepted');
  const incoming = assertStatus(
    await clerkB.get(`/documents/incoming/${answered.body.incomingDocumentId}`),
    200,
  );
  assert.equal(incoming.recallReason, 'Sai căn cứ pháp lý');
  await eventually(async () => assert.equal(await deliveryStatus(id), '15'));

  // The clerk in A sees the whole trace: the document, the revoke, B's statuses.
  const trace = assertStatus(await clerkA.get(`${OUT}/${id}/exchange`), 200);
  assert.ok(trace.documentId.startsWith('000.00.01.H01,'));
  assert.ok(trace.items.some((m) => m.kind === 'document' && m.deliveries.length === 1));
  const codes = trace.items.filter((m) => m.kind === 'status').map((m) => m.statusCode);
  for (const code of ['01', '03', '15']) assert.ok(codes.includes(code), `no ${code} in ${codes}`);
});

test('a document recalled before B registered it is revoked there at once (15)', async () => {
  const subject = 'V/v thu hồi trước khi vào sổ';
  const id = await release(subject);
  const item = await receptionOf(subject, 'received');
  await eventually(async () => assert.equal(await deliveryStatus(id), '01'));
  const doc = await signer.get(`${OUT}/${id}`);
  assertStatus(
    await signer.post(`${OUT}/${id}/recall`, { reason: 'Ban hành nhầm' }, match(doc)),
    200,
  );
  await eventually(async () => {
    const r = assertStatus(await clerkB.get(`/exchange/receptions/${item.id}`), 200);
    assert.equal(r.state, 'revoked');
    assert.equal(r.recall.state, 'accepted');
  });
  await eventually(async () => assert.equal(await deliveryStatus(id), '15'));
  const waiting = assertStatus(await clerkB.get('/exchange/receptions'), 200);
  assert.ok(!waiting.items.some((r) => r.id === item.id), 'a revoked one left the queue');
});

test('a replacement released in A replaces the earlier reception in B', async () => {
  const subject = 'V/v bản gốc sẽ được thay thế';
  const id = await release(subject);
  const first = await receptionOf(subject, 'received');
  const replacementSubject = 'V/v văn bản thay thế';
  await release(replacementSubject, id);
  const second = await receptionOf(replacementSubject, 'received');
  assert.equal(second.business, 'replace');
  assert.equal(second.replaces.length, 1);
  assert.equal(second.replaces[0].documentId, first.documentId);
  assert.equal(second.replaces[0].receptionId, first.id);
  const old = assertStatus(await clerkB.get(`/exchange/receptions/${first.id}`), 200);
  assert.equal(old.state, 'superseded');
  assert.equal(old.replacedBy, second.id);
});

test("a vendor's update and revoke through A's hub; a revoke of an unknown document gets 16", async () => {
  const base = { from: VENDOR_AGENCY, to: H12, number: '61' };
  const original = documentPackage({ ...base, subject: 'V/v lịch họp tháng 12' });
  assert.equal((await vendor.send(signed(original.xml, 'v61'))).status, 202);
  const first = await receptionOf('V/v lịch họp tháng 12', 'received');

  const update = documentPackage({
    ...base,
    subject: 'V/v lịch họp tháng 12 (cập nhật giờ họp)',
    business: { type: 2, documentId: original.documentId, reason: 'Cập nhật văn bản điện tử' },
  });
  assert.equal((await vendor.send(signed(update.xml, 'v61-update'))).status, 202);
  const second = await receptionOf('V/v lịch họp tháng 12 (cập nhật giờ họp)', 'received');
  assert.equal(second.business, 'update');
  assert.equal(second.replaces[0].receptionId, first.id);
  assert.equal(
    assertStatus(await clerkB.get(`/exchange/receptions/${first.id}`), 200).state,
    'superseded',
  );

  // The vendor revokes the updated document before it is registered: revoked, 15 to the vendor.
  const revoke = documentPackage({
    ...base,
    subject: 'V/v lịch họp tháng 12 (cập nhật giờ họp)',
    business: { type: 1, documentId: original.documentId, reason: 'Hoãn cuộc họp' },
  });
  assert.equal((await vendor.send(signed(revoke.xml, 'v61-revoke'))).status, 202);
  await eventually(async () => {
    const r = assertStatus(await clerkB.get(`/exchange/receptions/${second.id}`), 200);
    assert.equal(r.state, 'revoked');
    assert.equal(r.recall.reason, 'Hoãn cuộc họp');
  });
  await eventually(async () => {
    const inbox = await vendor.inbox();
    assert.ok(
      inbox.json.items.some((i) => i.documentId === original.documentId && i.statusCode === '15'),
      'no 15 for the vendor yet',
    );
  });

  const unknown = documentPackage({
    from: VENDOR_AGENCY,
    to: H12,
    number: '62',
    business: {
      type: 1,
      documentId: `${VENDOR_AGENCY},2026/12/01,999/VP-NCC`,
      reason: 'Thu hồi',
    },
  });
  assert.equal((await vendor.send(signed(unknown.xml, 'v62-revoke'))).status, 202);
  await eventually(async () => {
    const inbox = await vendor.inbox();
    assert.ok(
      inbox.json.items.some(
        (i) => i.documentId === `${VENDOR_AGENCY},2026/12/01,999/VP-NCC` && i.statusCode === '16',
      ),
      'no 16 for the vendor yet',
    );
  });
});

test('cqdt exchange peers|list|show|send|replay read and repair the hub from the command line', async () => {
  const base = ['--db', a.dbUrl, '--data-dir', a.dataDir];
  let r = runCli(['exchange', 'peers', '--json', ...base]);
  assert.equal(r.code, 0, r.stderr);
  const peers = JSON.parse(r.stdout).items;
  assert.deepEqual(peers.map((p) => p.code).sort(), ['truc-b', 'vendor-d']);
  assert.deepEqual(peers.find((p) => p.code === 'truc-b').agencies, ['H12']);

  // A package received from the command line as if the vendor had sent it.
  const { xml, documentId } = documentPackage({ from: VENDOR_AGENCY, to: H12, number: '71' });
  const file = path.join(work, 'v71.signed.xml');
  writeFileSync(file, signed(xml, 'v71'));
  r = runCli(['exchange', 'send', file, '--as', 'vendor-d', '--json', ...base]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const sent = JSON.parse(r.stdout);
  assert.equal(sent.message.documentId, documentId);
  assert.equal(sent.deliveries[0].route, 'peer');
  await receptionOf('V/v thử nghiệm liên thông văn bản', 'all');

  r = runCli(['exchange', 'list', '--filter', 'document', '--json', ...base]);
  assert.equal(r.code, 0, r.stderr);
  const listed = JSON.parse(r.stdout).items.find((m) => m.documentId === documentId);
  assert.ok(listed);
  r = await eventually(async () => {
    const shown = runCli(['exchange', 'show', String(listed.id), '--json', ...base]);
    assert.equal(shown.code, 0, shown.stderr);
    const trace = JSON.parse(shown.stdout).trace;
    assert.ok(
      trace.some((h) => h.result === 'forwarded'),
      'not forwarded yet',
    );
    return shown;
  });
  assert.match(JSON.parse(r.stdout).receivedAt, /\+07:00$/);

  // The same bytes again: a duplicate, stored once; a refused one exits 1 with its reason.
  r = runCli(['exchange', 'send', file, '--as', 'vendor-d', '--json', ...base]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).duplicate, true);
  const bad = path.join(work, 'bad.xml');
  writeFileSync(bad, '<edXML><broken></edXML>');
  r = runCli(['exchange', 'send', bad, '--as', 'vendor-d', ...base]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /dòng|line/);

  r = runCli(['exchange', 'list', '--dead', '--json', ...base]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(Array.isArray(JSON.parse(r.stdout).items));
  r = runCli(['exchange', 'replay', '987654', ...base]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr + r.stdout, /Không tìm thấy|không có|not found/i);
});

test('every package A and B emitted (documents, revoke, replacement, statuses) passes xmlsec1 --verify', async () => {
  let checked = 0;
  for (const [server, admin] of [
    [a, adminA],
    [b, adminB],
  ]) {
    const list = assertStatus(await admin.get('/exchange/messages?limit=200'), 200).items;
    for (const m of list.filter((x) => x.source === 'local')) {
      const res = await admin.get(`/exchange/messages/${m.id}/package`);
      assertStatus(res, 200);
      const file = path.join(work, `emitted-${server.port}-${m.id}.xml`);
      writeFileSync(file, res.text);
      const r = spawnSync(
        'xmlsec1',
        [
          '--verify',
          '--trusted-pem',
          pki(server, 'root.pem'),
          '--untrusted-pem',
          pki(server, 'chain.pem'),
          file,
        ],
        { encoding: 'utf8' },
      );
      assert.equal(r.status, 0, `${m.kind} ${m.statusCode} ${m.documentId}: ${r.stderr}`);
      checked += 1;
    }
  }
  assert.ok(checked >= 10, `only ${checked} packages checked`);
});

test('/metrics shows the queues and the forwarding per peer', async () => {
  // The snapshot is refreshed by the forwarder's thread about every 5 s.
  const text = await eventually(async () => {
    const res = await fetch(`${a.baseUrl}/metrics`);
    assert.equal(res.status, 200);
    const body = await res.text();
    assert.match(body, /^cqdt_exchange_forward_total\{peer="truc-b",result="delivered"\} [1-9]/m);
    return body;
  });
  assert.match(text, /^# TYPE cqdt_exchange_deliveries gauge$/m);
  assert.match(text, /^# TYPE cqdt_exchange_oldest_seconds gauge$/m);
});
