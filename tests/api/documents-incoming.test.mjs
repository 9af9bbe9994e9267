// Incoming documents (issue 10, item 2; docs/api.md "Incoming documents"): a file is uploaded and
// checked by content, the clerk registers the document (arrival number from the agency's incoming
// register, the duplicate warning before anything is saved), submits it to a leader, the leader
// instructs and assigns, the officer accepts and completes; outsiders get 404; every action takes
// If-Match (428 without, 412 when stale) so two clients acting at once cannot both win.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';
import { discPng, minimalPdf } from '../support/pki.mjs';

let server;
let admin, clerk, leader, officer, outsider;
let snv; // Sở Nội vụ: the demo leader and officer work there; the test adds its clerk

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
  leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  outsider = await loggedIn(server.baseUrl, 'vanthu.ubnd'); // a clerk of another agency
  snv = leader.user.agencyId;
  // A clerk (văn thư) of Sở Nội vụ: created by the admin, who chooses the first password.
  const initial = 'VanThu#SoNoiVu2026';
  assertStatus(
    await admin.post('/users', {
      username: 'vanthu2.snv',
      fullName: 'Trần Thị Văn Thư',
      email: 'vanthu2.snv@angiang.gov.vn',
      agencyId: snv,
      roles: ['clerk'],
      password: initial,
    }),
    201,
  );
  const first = await loggedIn(server.baseUrl, 'vanthu2.snv', initial);
  const own = 'một con ngựa đau cả tàu bỏ cỏ';
  const changed = await first.post('/auth/change-password', {
    currentPassword: initial,
    newPassword: own,
  });
  assert.equal(changed.status, 204, changed.text);
  clerk = await loggedIn(server.baseUrl, 'vanthu2.snv', own);
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
});

async function upload(client, bytes, name, contentType = 'application/pdf') {
  return client.post(`/documents/files?fileName=${encodeURIComponent(name)}`, bytes, {
    raw: true,
    headers: { 'Content-Type': contentType },
  });
}

let serial = 0;
function incoming(extra = {}) {
  serial += 1;
  return {
    numberText: `${String(serial).padStart(2, '0')}/QĐ-UBND`,
    issuedDate: '2026-11-20',
    senderName: 'Ủy ban nhân dân tỉnh An Giang',
    subject: `Về việc tổ chức hội nghị số ${serial}`,
    channel: 'paper',
    ...extra,
  };
}

async function register(body) {
  const res = await clerk.post('/documents/incoming', body);
  assert.equal(res.status, 201, res.text);
  return res;
}

const etag = (res) => res.headers.get('etag');

async function act(client, id, action, tag, body = {}) {
  return client.post(`/documents/incoming/${id}/${action}`, body, {
    headers: { 'If-Match': tag },
  });
}

test('a file is checked by its content: PDF and images pass, anything else is refused', async () => {
  const pdf = assertStatus(await upload(clerk, minimalPdf('Quyết định số 01'), 'qd-01.pdf'), 201);
  assert.equal(pdf.contentType, 'application/pdf');
  assert.equal(pdf.pages, 1);
  assert.equal(pdf.signature, null, 'an unsigned PDF has no verdict');
  const png = assertStatus(await upload(clerk, discPng(), 'scan.pdf', 'application/pdf'), 201);
  assert.equal(png.contentType, 'image/png', 'the content decides, not the name or the header');
  // A text file named .pdf is not a document; a truncated PDF does not load.
  assertProblem(await upload(clerk, Buffer.from('hello'), 'fake.pdf'), 415, 'unsupported');
  const truncated = minimalPdf('cut').subarray(0, 60);
  assertProblem(await upload(clerk, truncated, 'cut.pdf'), 422, 'validation', {
    fields: [['file', 'pdf']],
  });
});

test('clerk → leader → officer → completed, with arrival numbers, notices and a timeline', async () => {
  const file = assertStatus(await upload(clerk, minimalPdf('Công văn'), 'cv.pdf'), 201);
  const first = await register(incoming({ fileIds: [file.id] }));
  const doc = first.body;
  assert.equal(doc.state, 'registered');
  assert.equal(doc.stateLabel, 'Đã vào sổ');
  assert.equal(doc.typeName, 'Quyết định', 'the type comes from the notation (QĐ)');
  assert.ok(doc.arrivalNumber >= 1);
  assert.equal(etag(first), `"${doc.id}-${doc.version}"`);
  const second = await register(incoming());
  assert.equal(second.body.arrivalNumber, doc.arrivalNumber + 1, 'consecutive arrival numbers');
  // The file is now the document's; nobody can attach it again.
  assertProblem(
    await clerk.post('/documents/incoming', incoming({ fileIds: [file.id] })),
    422,
    'validation',
    {
      fields: ['fileIds'],
    },
  );

  let res = await act(clerk, doc.id, 'submit', etag(first), {
    leaderId: leader.user.id,
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.state, 'submitted');

  res = await act(leader, doc.id, 'assign', etag(res), {
    instruction: 'Phòng CCHC chủ trì, báo cáo trước hạn.',
    assignees: [{ userId: officer.user.id, role: 'lead' }],
    dueInWorkingDays: 5,
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.state, 'assigned');
  assert.match(res.body.dueDate, /^\d{4}-\d{2}-\d{2}$/);

  // The officer is told, in the outbox, in the same transaction as the assignment.
  const notices = assertStatus(await officer.get('/notifications'), 200);
  assert.ok(
    notices.items.some(
      (n) => n.kind === 'documents.assigned' && n.link === `/van-ban/den/${doc.id}`,
    ),
    JSON.stringify(notices),
  );

  res = await act(officer, doc.id, 'accept', etag(res));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.state, 'in_progress');
  res = await act(officer, doc.id, 'comments', etag(res), {
    text: 'Đã liên hệ các phòng.',
  });
  assert.equal(res.status, 200, res.text);
  res = await act(officer, doc.id, 'complete', etag(res), {
    note: 'Đã tham mưu văn bản trả lời.',
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.state, 'completed');

  const read = assertStatus(await leader.get(`/documents/incoming/${doc.id}`), 200);
  assert.equal(read.assignments[0].state, 'completed');
  assert.equal(read.files.length, 1);
  const timeline = assertStatus(await clerk.get(`/documents/incoming/${doc.id}/timeline`), 200);
  assert.deepEqual(
    timeline.items.map((e) => e.action),
    [
      'documents.registered',
      'documents.submitted',
      'documents.assigned',
      'documents.accepted',
      'documents.commented',
      'documents.completed',
    ],
  );
  const download = await officer.get(`/documents/incoming/${doc.id}/files/${file.id}`);
  assert.equal(download.status, 200);
  assert.match(download.headers.get('content-disposition'), /^attachment;/);
  assert.ok(download.text.startsWith('%PDF-'));

  const list = assertStatus(await clerk.get('/documents/incoming?state=completed'), 200);
  assert.ok(list.items.some((d) => d.id === doc.id));
});

test('the duplicate warning comes before saving; confirmDuplicate registers it anyway', async () => {
  const body = incoming();
  const first = await register(body);
  const warned = assertProblem(
    await clerk.post('/documents/incoming', body),
    409,
    'duplicate-document',
  );
  assert.deepEqual(
    warned.duplicates.map((d) => d.id),
    [first.body.id],
  );
  // Nothing was saved: the next registration takes the very next arrival number.
  const again = await register({ ...body, confirmDuplicate: true });
  assert.equal(again.body.arrivalNumber, first.body.arrivalNumber + 1);
});

test('outsiders get 404; a leader cannot complete; the clerk cannot assign', async () => {
  const doc = await register(incoming());
  for (const path of [
    `/documents/incoming/${doc.body.id}`,
    `/documents/incoming/${doc.body.id}/timeline`,
  ]) {
    assertProblem(await outsider.get(path), 404, 'not-found');
  }
  assertProblem(
    await act(outsider, doc.body.id, 'submit', etag(doc), {
      leaderId: leader.user.id,
    }),
    404,
    'not-found',
  );
  const list = assertStatus(await outsider.get('/documents/incoming'), 200);
  assert.ok(!list.items.some((d) => d.id === doc.body.id));
  const res = await act(clerk, doc.body.id, 'assign', etag(doc), {
    assignees: [{ userId: officer.user.id, role: 'lead' }],
  });
  assert.ok([403, 409].includes(res.status), res.text);
  // Registering is the clerks' job.
  assertProblem(await officer.post('/documents/incoming', incoming()), 403, 'forbidden');
});

test('actions need If-Match: 428 without, 412 when stale; of two clients one wins', async () => {
  const doc = await register(incoming());
  const id = doc.body.id;
  assertProblem(
    await clerk.post(`/documents/incoming/${id}/submit`, {
      leaderId: leader.user.id,
    }),
    428,
    'precondition-required',
  );
  const submitted = await act(clerk, id, 'submit', etag(doc), {
    leaderId: leader.user.id,
  });
  assert.equal(submitted.status, 200, submitted.text);
  // Two leaders' screens show the same version; both return it at once.
  const other = await loggedIn(server.baseUrl, 'lanhdao.snv');
  const results = await Promise.all(
    [leader, other].map((c) =>
      act(c, id, 'return', etag(submitted), { reason: 'Gửi nhầm cơ quan.' }),
    ),
  );
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 412], results.map((r) => r.text).join('\n'));
  assertProblem(
    results.find((r) => r.status === 412),
    412,
    'precondition-failed',
  );
  // The stale ETag stays refused.
  assertProblem(
    await act(leader, id, 'return', etag(submitted), { reason: 'Lần nữa.' }),
    412,
    'precondition-failed',
  );
});

test('cqdt doc register-incoming, list and show; bad input exits 2 with a bilingual line', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cqdt-incoming-cli-'));
  const file = path.join(dir, 'cong-van.pdf');
  writeFileSync(file, minimalPdf('Công văn qua bưu điện'));
  const db = ['--db', server.dbUrl, '--data-dir', server.dataDir];
  const agency = ['--agency', '000.00.01.H01'];
  const base = ['doc', 'register-incoming', file, ...agency, '--sender', 'Bộ Nội vụ'];
  const ok = runCli([
    ...base,
    '--number',
    '88/BNV-CCHC',
    '--date',
    '2026-11-02',
    '--as',
    'vanthu2.snv',
    '--json',
    ...db,
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  const doc = JSON.parse(ok.stdout);
  assert.ok(doc.arrivalNumber >= 1);
  // The same document again: the duplicate warning, nothing saved.
  const dup = runCli([
    ...base,
    '--number',
    '88/BNV-CCHC',
    '--date',
    '2026-11-02',
    '--as',
    'vanthu2.snv',
    ...db,
  ]);
  assert.equal(dup.code, 2);
  assert.match(dup.stderr, /trùng.* \/ the document may be registered already/);
  const bad = runCli([
    ...base,
    '--number',
    '88/BNV-CCHC',
    '--date',
    '02/11/2026',
    '--as',
    'vanthu2.snv',
    ...db,
  ]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /YYYY-MM-DD: 02\/11\/2026 \/ the issue date must be YYYY-MM-DD/);
  const list = runCli(['doc', 'list', ...agency, '--as', 'lanhdao.snv', '--json', ...db]);
  assert.equal(list.code, 0, list.stderr);
  assert.ok(JSON.parse(list.stdout).items.some((d) => d.id === doc.id));
  const show = runCli([
    'doc',
    'show',
    String(doc.id),
    ...agency,
    '--as',
    'lanhdao.snv',
    '--json',
    ...db,
  ]);
  assert.equal(show.code, 0, show.stderr);
  assert.equal(JSON.parse(show.stdout).numberText, '88/BNV-CCHC');
  // Another agency's clerk cannot see it.
  const hidden = runCli([
    'doc',
    'show',
    String(doc.id),
    '--agency',
    '000.00.00.H01',
    '--as',
    'vanthu.ubnd',
    ...db,
  ]);
  assert.equal(hidden.code, 2);
  rmSync(dir, { recursive: true, force: true });
});
