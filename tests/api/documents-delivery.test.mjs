// Release and delivery between agencies, recall and replacement (issue 10, item 4; docs/api.md
// "Delivery between agencies"): Sở Nội vụ issues and releases; the clerks of UBND tỉnh and of
// UBND phường Rạch Giá receive it in their queue (edXML status 01), register it as an incoming
// document (03) whose progress the sender then sees (04, 05, 06), or refuse it (02); the leader
// recalls (13) and each recipient accepts (15) or refuses (16). Two clerks registering one
// delivery at once: one wins. Outsiders get 404. Every action needs If-Match.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, loggedIn, prepareDataDir, startServer } from '../support/cqdt-server.mjs';
import { createPki } from '../support/pki.mjs';

const SNV_CODE = '000.00.01.H01';
const UBND_CODE = '000.00.00.H01';
const RACHGIA_CODE = '000.00.41.H01';
const SEAL_KEY = 'seal-snv';
const PERSONAL_KEY = 'lanhdao-snv';
const PASSWORD = 'Mat-khau-rieng@2026';
const DRAFT = readFileSync(new URL('./testdata/outgoing-draft.pdf', import.meta.url));
const OUT = '/documents/outgoing';
const REC = '/documents/receptions';

let server;
let admin, drafter, signer, clerk, ubndClerk, ubndClerk2, ubndLeader, ubndOfficer, rgClerk, outsider;
const agencies = {};

const match = (res) => ({ headers: { 'If-Match': res.headers.get('etag') } });
const ifMatch = (tag) => ({ headers: { 'If-Match': tag } });

// A staff account made by the admin, whose password its owner then chooses.
async function staff(username, roles, code) {
  assertStatus(
    await admin.post('/users', {
      username,
      fullName: 'Trần Thị Kiểm Thử',
      email: `${username}@angiang.gov.vn`,
      agencyId: agencies[code].id,
      roles,
      password: 'Tam-thoi@2026',
    }),
    201,
  );
  const c = new Client(server.baseUrl);
  assertStatus(await c.login(username, 'Tam-thoi@2026'), 200);
  assertStatus(
    await c.post('/auth/change-password', {
      currentPassword: 'Tam-thoi@2026',
      newPassword: PASSWORD,
    }),
    204,
  );
  return c;
}

let pki; // its temp dir (keys and certificates) is removed after the tests
before(async () => {
  pki = createPki();
  const root = pki.createRoot('root', { cn: 'cqdt Kiểm thử Root CA' });
  const seal = pki.issue('seal', root, { cn: 'Sở Nội vụ tỉnh An Giang', o: 'Sở Nội vụ tỉnh An Giang' });
  const personal = pki.issue('personal', root, { cn: 'Nguyễn Văn Thành', o: 'Sở Nội vụ tỉnh An Giang' });
  const d = prepareDataDir().dataDir;
  pki.pkcs12(seal, { password: '', file: path.join(d, 'seal.p12') });
  pki.pkcs12(personal, { password: '', file: path.join(d, 'lanhdao.p12') });
  const keysFile = path.join(d, 'keys.toml');
  writeFileSync(
    keysFile,
    [
      '[[key]]',
      `id = "${SEAL_KEY}"`,
      'kind = "seal"',
      `owner = "${SNV_CODE}"`,
      'source = "seal.p12"',
      '',
      '[[key]]',
      `id = "${PERSONAL_KEY}"`,
      'kind = "personal"',
      'owner = "lanhdao.snv"',
      'source = "lanhdao.p12"',
      '',
    ].join('\n'),
  );
  server = await startServer({
    dataDir: d,
    ownDataDir: true,
    env: { CQDT_SIGNING_KEYS_FILE: keysFile },
  });
  admin = await loggedIn(server.baseUrl, 'admin');
  for (const a of assertStatus(await admin.get('/agencies'), 200).items) agencies[a.code] = a;
  drafter = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  signer = await loggedIn(server.baseUrl, 'lanhdao.snv');
  ubndClerk = await loggedIn(server.baseUrl, 'vanthu.ubnd');
  outsider = await loggedIn(server.baseUrl, 'motcua.phuquoc');
  clerk = await staff('vanthu3.snv', ['clerk'], SNV_CODE);
  ubndClerk2 = await staff('vanthu2.ubnd', ['clerk'], UBND_CODE);
  ubndLeader = await staff('lanhdao.ubnd', ['leader'], UBND_CODE);
  ubndOfficer = await staff('chuyenvien.ubnd', ['officer'], UBND_CODE);
  rgClerk = await staff('vanthu2.rachgia', ['clerk'], RACHGIA_CODE);
});
after(async () => {
  await server?.stop();
  pki?.cleanup();
});

// An outgoing document of Sở Nội vụ, reviewed, signed and issued (state numbered).
async function issued(recipients, subject = 'Về việc tổ chức hội nghị tổng kết công tác văn thư') {
  let res = await drafter.post(OUT, { typeOrdinal: 2, subject, signerId: signer.user.id, recipients });
  assertStatus(res, 201);
  const id = res.body.id;
  res = await drafter.request('POST', `${OUT}/${id}/files?name=quyet-dinh.pdf`, DRAFT, {
    raw: true,
    headers: { 'Content-Type': 'application/pdf', 'If-Match': res.headers.get('etag') },
  });
  assertStatus(res, 200);
  res = await drafter.post(`${OUT}/${id}/submit`, {}, match(res));
  assertStatus(res, 200);
  res = await signer.post(`${OUT}/${id}/approve`, {}, match(res));
  assertStatus(res, 200);
  res = await signer.post(`${OUT}/${id}/sign`, { keyId: PERSONAL_KEY }, match(res));
  assertStatus(res, 200);
  res = await clerk.post(`${OUT}/${id}/issue`, { sealKeyId: SEAL_KEY }, match(res));
  assertStatus(res, 200);
  assert.equal(res.body.state, 'numbered');
  return res;
}

async function release(res) {
  const released = await clerk.post(`${OUT}/${res.body.id}/release`, {}, match(res));
  assertStatus(released, 200);
  assert.equal(released.body.state, 'released');
  return released;
}

async function deliveries(id, client = clerk, headers = {}) {
  return assertStatus(await client.get(`${OUT}/${id}/deliveries`, { headers }), 200).items;
}

test('release: the agency here has it in its queue (01), the others wait for the exchange; the sender follows each recipient', async () => {
  const numbered = await issued([
    { agencyId: agencies[UBND_CODE].id },
    { agencyId: agencies[RACHGIA_CODE].id },
    { name: 'Bộ Nội vụ' },
  ]);
  const id = numbered.body.id;
  assertProblem(await clerk.post(`${OUT}/${id}/release`, {}), 428, 'precondition-required');
  assertProblem(
    await drafter.post(`${OUT}/${id}/release`, {}, match(numbered)),
    403,
    'forbidden',
  );
  const released = await release(numbered);
  assertProblem(
    await clerk.post(`${OUT}/${id}/release`, {}, match(released)),
    409,
    'failed-precondition',
  );

  let items = await deliveries(id);
  assert.deepEqual(
    items.map((d) => [d.recipientName, d.status, d.statusLabel, d.external]),
    [
      [agencies[UBND_CODE].name, '01', 'Đã đến, chờ tiếp nhận', false],
      [agencies[RACHGIA_CODE].name, '01', 'Đã đến, chờ tiếp nhận', false],
      ['Bộ Nội vụ', 'waiting', 'Chờ liên thông', true],
    ],
  );
  assert.match(items[0].statusAt, /\+07:00$/, 'times are in Vietnam time, labelled');
  const en = await deliveries(id, clerk, { 'Accept-Language': 'en' });
  assert.equal(en[0].statusLabel, 'Arrived, waiting to be received');
  assert.equal(en[2].statusLabel, 'Waiting for the exchange');

  // The recipient clerks are told; the queue and its count show it.
  const notices = assertStatus(await ubndClerk.get('/notifications'), 200).items;
  assert.ok(
    notices.some((n) => n.link === `/van-ban/tiep-nhan/${items[0].id}`),
    JSON.stringify(notices),
  );
  const queue = assertStatus(await ubndClerk.get(REC), 200).items;
  const mine = queue.find((r) => r.id === items[0].id);
  assert.ok(mine, JSON.stringify(queue));
  assert.equal(mine.document.numberText, released.body.numberText);
  assert.equal(mine.senderName, agencies[SNV_CODE].name);
  assert.equal(mine.stands, true);
  assert.ok(mine.file && mine.file.size > 0);
  const count = assertStatus(await ubndClerk.get(`${REC}/count`), 200);
  assert.ok(count.received >= 1);
  const pdf = await ubndClerk.get(`${REC}/${items[0].id}/file`);
  assert.equal(pdf.status, 200);
  assertProblem(await ubndClerk.get(`${REC}?status=99`), 422, 'validation', {
    fields: [['status', 'enum']],
  });

  // Outsiders learn nothing: not the sender's view, not the recipient's delivery.
  assertProblem(await outsider.get(`${OUT}/${id}/deliveries`), 404, 'not-found');
  assertProblem(await outsider.get(`${REC}/${items[0].id}`), 404, 'not-found');
  assertProblem(await rgClerk.get(`${REC}/${items[0].id}`), 404, 'not-found');
  assertProblem(await clerk.get(`${REC}/${items[0].id}`), 404, 'not-found');
  assert.equal(assertStatus(await outsider.get(`${REC}/count`), 200).received, 0);

  // Rạch Giá refuses (02) with a reason; the sender's clerk is told.
  const rg = assertStatus(await rgClerk.get(`${REC}/${items[1].id}`), 200);
  assertProblem(
    await rgClerk.post(`${REC}/${rg.id}/refuse`, {}, ifMatch(rg.etag)),
    422,
    'validation',
    { fields: [['reason', 'required']] },
  );
  const refused = await rgClerk.post(
    `${REC}/${rg.id}/refuse`,
    { reason: 'Gửi nhầm cơ quan' },
    ifMatch(rg.etag),
  );
  assertStatus(refused, 200);
  assert.equal(refused.body.status, '02');
  assert.ok(
    assertStatus(await clerk.get('/notifications'), 200).items.some(
      (n) => n.kind === 'documents.delivery_refused',
    ),
  );

  // The external recipient: sent on paper, recorded by hand.
  const ext = items[2];
  assertProblem(
    await clerk.post(`/documents/deliveries/${ext.id}/manual-send`, { channel: 'fax', date: '2026-01-02' }, ifMatch(ext.etag)),
    422,
    'validation',
    { fields: [['channel', 'enum']] },
  );
  // Without If-Match: 428; with another delivery's tag: 412 (nothing recorded).
  const send = { channel: 'paper', date: '2026-01-02', note: 'Qua bưu điện' };
  assertProblem(
    await clerk.post(`/documents/deliveries/${ext.id}/manual-send`, send),
    428,
    'precondition-required',
  );
  assertProblem(
    await clerk.post(`/documents/deliveries/${ext.id}/manual-send`, send, ifMatch(items[0].etag)),
    412,
    'precondition-failed',
  );
  // The weak form a compressing proxy may pass on names the same version (as for documents).
  const sent = await clerk.post(
    `/documents/deliveries/${ext.id}/manual-send`,
    send,
    ifMatch(`W/${ext.etag}`),
  );
  assertStatus(sent, 200);
  assert.equal(sent.body.status, 'sent');
  assert.equal(sent.body.manualChannelLabel, 'Gửi bản giấy');

  // Two UBND clerks register the same delivery at once: one wins, the other is refused.
  const r = assertStatus(await ubndClerk.get(`${REC}/${items[0].id}`), 200);
  const [a, b] = await Promise.all([
    ubndClerk.post(`${REC}/${r.id}/register`, {}, ifMatch(r.etag)),
    ubndClerk2.post(`${REC}/${r.id}/register`, {}, ifMatch(r.etag)),
  ]);
  const statuses = [a.status, b.status].sort();
  assert.equal(statuses[0], 201, `${a.text} ${b.text}`);
  assert.ok([409, 412].includes(statuses[1]), `${a.status} ${a.text} / ${b.status} ${b.text}`);
  const won = a.status === 201 ? a : b;
  assert.equal(won.body.status, '03');
  const incomingId = won.body.incomingDocumentId;
  assert.match(won.headers.get('location'), new RegExp(`/documents/incoming/${incomingId}$`));

  // The incoming document: arrival number, prefilled from the outgoing one, electronic, the
  // issued PDF as its main file with the signature verdict.
  let doc = await ubndClerk.get(`/documents/incoming/${incomingId}`);
  assertStatus(doc, 200);
  assert.equal(doc.body.channel, 'electronic');
  assert.equal(doc.body.numberText, released.body.numberText);
  assert.equal(doc.body.subject, released.body.subject);
  assert.ok(doc.body.arrivalNumber >= 1);
  assert.equal(doc.body.files[0].role, 'main');
  assert.ok(doc.body.files[0].signature, 'the verdict of the issued PDF is kept');

  // The incoming document's progress reaches the sender: 04, 05, 06.
  const act = (client, action, res, body = {}) =>
    client.post(`/documents/incoming/${incomingId}/${action}`, body, match(res));
  let res = await act(ubndClerk, 'submit', doc, { leaderId: ubndLeader.user.id });
  assertStatus(res, 200);
  res = await act(ubndLeader, 'assign', res, {
    instruction: 'Chủ trì',
    assignees: [{ userId: ubndOfficer.user.id, role: 'lead' }],
  });
  assertStatus(res, 200);
  assert.equal((await deliveries(id))[0].status, '04');
  res = await act(ubndOfficer, 'accept', res);
  assertStatus(res, 200);
  assert.equal((await deliveries(id))[0].status, '05');
  res = await act(ubndOfficer, 'complete', res, { note: 'Đã xong' });
  assertStatus(res, 200);
  items = await deliveries(id);
  assert.equal(items[0].status, '06');
  assert.equal(items[0].statusLabel, 'Đã hoàn thành xử lý');
  assert.deepEqual(
    items[0].history.map((h) => h.status),
    ['01', '03', '04', '05', '06'],
  );
});

test('recall: one recipient accepts (15, its incoming document is marked recalled), one refuses (16)', async () => {
  const numbered = await issued([
    { agencyId: agencies[UBND_CODE].id },
    { agencyId: agencies[RACHGIA_CODE].id },
  ]);
  const released = await release(numbered);
  const id = released.body.id;
  let items = await deliveries(id);
  const reg = await ubndClerk.post(`${REC}/${items[0].id}/register`, {}, ifMatch(items[0].etag));
  assertStatus(reg, 201);
  const incomingId = reg.body.incomingDocumentId;

  // The clerk may not recall; a reason is required.
  assertProblem(await clerk.post(`${OUT}/${id}/recall`, { reason: 'Sai' }, match(released)), 403, 'forbidden');
  assertProblem(await signer.post(`${OUT}/${id}/recall`, {}, match(released)), 422, 'validation', {
    fields: [['reason', 'required']],
  });
  const recalled = await signer.post(
    `${OUT}/${id}/recall`,
    { reason: 'Sai căn cứ pháp lý' },
    match(released),
  );
  assertStatus(recalled, 200);
  assert.equal(recalled.body.state, 'recalled');
  assert.equal(recalled.body.recallReason, 'Sai căn cứ pháp lý');
  items = await deliveries(id);
  assert.deepEqual(items.map((d) => d.status), ['13', '13']);
  const count = assertStatus(await rgClerk.get(`${REC}/count`), 200);
  assert.equal(count.recallRequested, 1);

  // UBND accepts: 15, and its incoming document carries the recall.
  let u = assertStatus(await ubndClerk.get(`${REC}/${items[0].id}`), 200);
  assert.equal(u.stands, false);
  const accepted = await ubndClerk.post(`${REC}/${u.id}/recall-accept`, {}, ifMatch(u.etag));
  assertStatus(accepted, 200);
  assert.equal(accepted.body.status, '15');
  const timeline = assertStatus(await ubndClerk.get(`/documents/incoming/${incomingId}/timeline`), 200);
  const events = Array.isArray(timeline) ? timeline : timeline.items;
  assert.ok(events.some((e) => e.action === 'documents.delivery.recalled'), JSON.stringify(events));
  // Answered once only.
  assertProblem(
    await ubndClerk.post(`${REC}/${u.id}/recall-refuse`, { reason: 'x' }, match(accepted)),
    409,
    'failed-precondition',
  );

  // Rạch Giá refuses the recall, with a reason (16).
  const rg = assertStatus(await rgClerk.get(`${REC}/${items[1].id}`), 200);
  assertProblem(await rgClerk.post(`${REC}/${rg.id}/recall-refuse`, {}, ifMatch(rg.etag)), 422, 'validation', {
    fields: [['reason', 'required']],
  });
  const refused = await rgClerk.post(
    `${REC}/${rg.id}/recall-refuse`,
    { reason: 'Đã triển khai thực hiện' },
    ifMatch(rg.etag),
  );
  assertStatus(refused, 200);
  assert.equal(refused.body.status, '16');
  items = await deliveries(id);
  assert.deepEqual(items.map((d) => [d.status, d.statusLabel]), [
    ['15', 'Đồng ý thu hồi'],
    ['16', 'Từ chối thu hồi'],
  ]);
  assert.equal(items[1].note, 'Đã triển khai thực hiện');
});

test('replace: the recipients see both documents and which one stands', async () => {
  const first = await release(await issued([{ agencyId: agencies[UBND_CODE].id }], 'Về việc A'));
  // A new draft names the document it replaces (a released one of the agency).
  let res = await drafter.post(OUT, {
    typeOrdinal: 2,
    subject: 'Về việc A (thay thế)',
    signerId: signer.user.id,
    recipients: [{ agencyId: agencies[UBND_CODE].id }],
  });
  assertStatus(res, 201);
  assertProblem(
    await drafter.post(`${OUT}/${res.body.id}/links`, { replacesId: res.body.id }, match(res)),
    422,
    'validation',
    { fields: [['replacesId', 'invalid']] },
  );
  assertProblem(
    await drafter.post(`${OUT}/${res.body.id}/links`, { replyToId: 999999 }, match(res)),
    422,
    'validation',
    { fields: [['replyToId', 'invalid']] },
  );
  res = await drafter.post(`${OUT}/${res.body.id}/links`, { replacesId: first.body.id }, match(res));
  assertStatus(res, 200);
  assert.equal(res.body.replacesId, first.body.id);
  const draftId = res.body.id;
  // Through review, signature and issue.
  res = await drafter.request('POST', `${OUT}/${draftId}/files?name=qd.pdf`, DRAFT, {
    raw: true,
    headers: { 'Content-Type': 'application/pdf', 'If-Match': res.headers.get('etag') },
  });
  res = await drafter.post(`${OUT}/${draftId}/submit`, {}, match(res));
  res = await signer.post(`${OUT}/${draftId}/approve`, {}, match(res));
  res = await signer.post(`${OUT}/${draftId}/sign`, { keyId: PERSONAL_KEY }, match(res));
  res = await clerk.post(`${OUT}/${draftId}/issue`, { sealKeyId: SEAL_KEY }, match(res));
  assertStatus(res, 200);
  const second = await release(res);

  const old = assertStatus(await clerk.get(`${OUT}/${first.body.id}`), 200);
  assert.equal(old.state, 'replaced');
  const oldDelivery = (await deliveries(first.body.id))[0];
  const newDelivery = (await deliveries(second.body.id))[0];
  const oldR = assertStatus(await ubndClerk.get(`${REC}/${oldDelivery.id}`), 200);
  assert.equal(oldR.stands, false);
  assert.equal(oldR.replacedBy.id, second.body.id);
  const newR = assertStatus(await ubndClerk.get(`${REC}/${newDelivery.id}`), 200);
  assert.equal(newR.stands, true);
  assert.equal(newR.replaces.id, first.body.id);
  assert.equal(newR.replaces.numberText, first.body.numberText);
});

test('replace in one step: a new draft copying the released document, already linked; nothing made for a document not released', async () => {
  const first = await release(await issued([{ agencyId: agencies[UBND_CODE].id }], 'Về việc B'));
  // Not released yet: refused before anything is made.
  const numbered = await issued([{ agencyId: agencies[UBND_CODE].id }], 'Về việc C');
  const refused = await drafter.post(`${OUT}/${numbered.body.id}/replacement`, { subject: 'Về việc C (thay thế)' });
  assert.equal(refused.status, 409);
  assert.match(refused.body.detail, /đã phát hành/);
  assertProblem(await drafter.post(`${OUT}/${first.body.id}/replacement`, {}), 422, 'validation', {
    fields: [['subject', 'required']],
  });
  // Another agency's user does not learn that the document exists.
  assertStatus(await outsider.post(`${OUT}/${first.body.id}/replacement`, { subject: 'x' }), 404);

  const res = await drafter.post(`${OUT}/${first.body.id}/replacement`, { subject: 'Về việc B (thay thế)' });
  assertStatus(res, 201);
  assert.equal(res.headers.get('location'), `/api/v1/documents/outgoing/${res.body.id}`);
  assert.ok(res.headers.get('etag'));
  assert.equal(res.body.state, 'draft');
  assert.equal(res.body.replacesId, first.body.id);
  assert.equal(res.body.subject, 'Về việc B (thay thế)');
  assert.equal(res.body.typeOrdinal, first.body.typeOrdinal);
  assert.equal(res.body.signerId, first.body.signerId);
  assert.deepEqual(
    res.body.recipients.map((r) => r.agencyId),
    first.body.recipients.map((r) => r.agencyId),
  );
});
