// Processing incoming documents beyond the first assignment (issue 10, items 2 and 6; docs/api.md
// "Incoming documents"): a unit is assigned and its head forwards to officers, the officer
// completes; extensions approved and refused; the stamped download carries "ĐẾN" and the
// arrival number while the stored file stays as it was; a confidential document is seen by its
// route and grants only, every view is in the audit trail, and its files are refused unless the
// instance keeps them ([documents] confidential_files).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { apiPath, loggedIn, startServer } from '../support/cqdt-server.mjs';
import { haveTool, minimalPdf, run } from '../support/pki.mjs';

let server;
let work;
let admin, leader, officer, outsider;
let clerk, head, colleague, stranger; // made by the test in Sở Nội vụ
let snv, cchc, tcbc; // the agency and two of its units (demo data)

// A staff account of Sở Nội vụ made by the admin, signed in with a password of its own.
async function staff(base, username, fullName, roles, unitId) {
  const initial = 'Tam-Thoi#An-Giang-2026';
  assertStatus(
    await admin.post('/users', {
      username,
      fullName,
      email: `${username}@angiang.gov.vn`,
      agencyId: snv,
      ...(unitId ? { unitId } : {}),
      roles,
      password: initial,
    }),
    201,
  );
  const first = await loggedIn(base, username, initial);
  const own = 'một con ngựa đau cả tàu bỏ cỏ';
  const changed = await first.post('/auth/change-password', {
    currentPassword: initial,
    newPassword: own,
  });
  assert.equal(changed.status, 204, changed.text);
  return loggedIn(base, username, own);
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'cqdt-processing-'));
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
  leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.snv'); // Phòng Cải cách hành chính
  outsider = await loggedIn(server.baseUrl, 'vanthu.ubnd'); // a clerk of another agency
  snv = leader.user.agencyId;
  const units = assertStatus(await admin.get(`/agencies/${snv}/units`), 200);
  const list = units.items ?? units;
  cchc = list.find((u) => u.name === 'Phòng Cải cách hành chính').id;
  tcbc = list.find((u) => u.name.startsWith('Phòng Tổ chức')).id;
  clerk = await staff(server.baseUrl, 'vanthu4.snv', 'Trần Thị Văn Thư', ['clerk']);
  head = await loggedIn(server.baseUrl, 'truongphong.snv'); // the demo's head of Phòng CCHC
  colleague = await staff(server.baseUrl, 'chuyenvien2.snv', 'Đỗ Thị Phối Hợp', ['officer'], cchc);
  stranger = await staff(server.baseUrl, 'chuyenvien.tcbc', 'Mai Văn Khác', ['officer'], tcbc);
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

let serial = 0;
function incoming(extra = {}) {
  serial += 1;
  return {
    numberText: `${String(serial).padStart(2, '0')}/CV-UBND`,
    issuedDate: '2026-11-20',
    senderName: 'Ủy ban nhân dân tỉnh An Giang',
    subject: `Về việc rà soát thủ tục hành chính đợt ${serial}`,
    channel: 'paper',
    ...extra,
  };
}

const etag = (res) => res.headers.get('etag');

async function act(client, id, action, tag, body = {}) {
  return client.post(`/documents/incoming/${id}/${action}`, body, {
    headers: { 'If-Match': tag },
  });
}

async function upload(client, bytes, name) {
  return client.post(`/documents/files?fileName=${encodeURIComponent(name)}`, bytes, {
    raw: true,
    headers: { 'Content-Type': 'application/pdf' },
  });
}

// Registered by the clerk and submitted to the leader: the last answer (its ETag is current).
async function submitted(extra = {}) {
  const reg = await clerk.post('/documents/incoming', incoming(extra));
  assert.equal(reg.status, 201, reg.text);
  const res = await act(clerk, reg.body.id, 'submit', etag(reg), { leaderId: leader.user.id });
  assert.equal(res.status, 200, res.text);
  return res;
}

async function bytesOf(client, url) {
  const res = await fetch(server.baseUrl + apiPath(url), {
    headers: { Cookie: client.cookieHeader() },
  });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

test('a unit is assigned, its head forwards inside the unit, the officer completes', async () => {
  let res = await submitted();
  const id = res.body.id;
  res = await act(leader, id, 'assign', etag(res), {
    instruction: 'Phòng CCHC chủ trì, báo cáo trước hạn.',
    assignees: [{ unitId: cchc, role: 'lead' }],
    dueDate: '2026-12-15',
  });
  assert.equal(res.status, 200, res.text);
  let doc = assertStatus(await head.get(`/documents/incoming/${id}`), 200);
  assert.equal(doc.assignments.length, 1);
  assert.equal(doc.assignments[0].unitId, cchc);
  assert.equal(doc.assignments[0].unitName, 'Phòng Cải cách hành chính');
  assert.equal(doc.assignments[0].userId, head.user.id, "the unit's head receives it");
  const notices = assertStatus(await head.get('/notifications'), 200);
  assert.ok(notices.items.some((n) => n.kind === 'documents.assigned'));

  // Both forms of assignee at once are refused, and so is someone of another unit.
  assertProblem(
    await act(leader, id, 'assign', etag(res), {
      assignees: [{ unitId: cchc, userId: officer.user.id, role: 'lead' }],
    }),
    422,
    'validation',
    { fields: ['assignees'] },
  );
  assertProblem(
    await act(head, id, 'forward', etag(res), {
      assignees: [{ userId: stranger.user.id, role: 'lead' }],
    }),
    422,
    'validation',
    { fields: ['assignees[0].userId'] },
  );
  res = await act(head, id, 'forward', etag(res), {
    instruction: 'Anh Khang chủ trì, chị Hợp phối hợp.',
    assignees: [
      { userId: officer.user.id, role: 'lead' },
      { userId: colleague.user.id, role: 'coordinate' },
    ],
  });
  assert.equal(res.status, 200, res.text);
  doc = assertStatus(await officer.get(`/documents/incoming/${id}`), 200);
  const unitRow = doc.assignments[0];
  const lead = doc.assignments.find((a) => a.userId === officer.user.id);
  assert.equal(lead.parentId, unitRow.id);
  assert.equal(lead.dueDate, '2026-12-15');
  assert.equal(unitRow.state, 'accepted');
  // The coordinating officer passes no lead on.
  assertProblem(
    await act(colleague, id, 'forward', etag(res), {
      assignees: [{ userId: officer.user.id, role: 'lead' }],
    }),
    422,
    'validation',
    { fields: ['assignees[0].role'] },
  );

  res = await act(officer, id, 'accept', etag(res));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.state, 'in_progress');
  // An outgoing document of the agency answers it.
  const answer = await officer.post('/documents/outgoing', {
    typeOrdinal: 18,
    subject: 'Về việc báo cáo kết quả rà soát thủ tục hành chính',
    signerId: leader.user.id,
  });
  assert.equal(answer.status, 201, answer.text);
  res = await act(officer, id, 'complete', etag(res), {
    note: 'Đã dự thảo công văn trả lời.',
    answerDocumentId: answer.body.id,
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.state, 'completed');
  doc = assertStatus(await leader.get(`/documents/incoming/${id}`), 200);
  assert.equal(doc.assignments[0].state, 'completed', "the unit's assignment completes with it");
  assert.equal(doc.assignments[0].answerDocumentId, answer.body.id);
  const timeline = assertStatus(await clerk.get(`/documents/incoming/${id}/timeline`), 200);
  assert.deepEqual(
    timeline.items.map((e) => e.action),
    [
      'documents.registered',
      'documents.submitted',
      'documents.assigned',
      'documents.forwarded',
      'documents.accepted',
      'documents.completed',
    ],
  );
});

test('an extension is approved (new due date) or refused with a reason', async () => {
  let res = await submitted();
  const id = res.body.id;
  res = await act(leader, id, 'assign', etag(res), {
    assignees: [{ userId: officer.user.id, role: 'lead' }],
    dueDate: '2026-12-01',
  });
  assert.equal(res.status, 200, res.text);
  res = await act(officer, id, 'extension', etag(res), {
    reason: 'Chờ số liệu của các xã.',
    dueDate: '2026-12-20',
  });
  assert.equal(res.status, 200, res.text);
  const assignmentId = assertStatus(await officer.get(`/documents/incoming/${id}`), 200)
    .assignments[0].id;
  assertProblem(
    await act(officer, id, 'extension-decision', etag(res), {
      assignmentId,
      decision: 'approve',
    }),
    403,
    'forbidden',
  );
  assertProblem(
    await act(leader, id, 'extension-decision', etag(res), { assignmentId, decision: 'maybe' }),
    422,
    'validation',
    { fields: ['decision'] },
  );
  res = await act(leader, id, 'extension-decision', etag(res), {
    assignmentId,
    decision: 'approve',
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.dueDate, '2026-12-20');

  res = await act(officer, id, 'extension', etag(res), {
    reason: 'Cần thêm thời gian.',
    dueDate: '2027-01-20',
  });
  assert.equal(res.status, 200, res.text);
  assertProblem(
    await act(leader, id, 'extension-decision', etag(res), { assignmentId, decision: 'refuse' }),
    422,
    'validation',
    { fields: ['reason'] },
  );
  res = await act(leader, id, 'extension-decision', etag(res), {
    assignmentId,
    decision: 'refuse',
    reason: 'Việc gấp, cần đúng hạn.',
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.dueDate, '2026-12-20', 'a refusal keeps the due date');
  const notices = assertStatus(await officer.get('/notifications'), 200);
  const kinds = notices.items.map((n) => n.kind);
  assert.ok(kinds.includes('documents.extension_approved'), JSON.stringify(kinds));
  assert.ok(kinds.includes('documents.extension_refused'), JSON.stringify(kinds));
  const timeline = assertStatus(await leader.get(`/documents/incoming/${id}/timeline`), 200);
  const refused = timeline.items.find((e) => e.action === 'documents.extension_refused');
  assert.match(refused.detail, /Việc gấp/);
});

test('the stamped download carries ĐẾN and the arrival number; the stored file is unchanged', async (t) => {
  const original = minimalPdf('Công văn số 07');
  const file = assertStatus(await upload(clerk, original, 'cv-07.pdf'), 201);
  const reg = await clerk.post('/documents/incoming', incoming({ fileIds: [file.id] }));
  assert.equal(reg.status, 201, reg.text);
  const id = reg.body.id;
  const url = `/documents/incoming/${id}/files/${file.id}`;
  const stamped = await bytesOf(clerk, `${url}?stamp=arrival`);
  assert.equal(stamped.status, 200);
  assert.equal(stamped.headers.get('content-type'), 'application/pdf');
  assert.match(stamped.headers.get('content-disposition'), /DEN-cv-07\.pdf/);
  assert.ok(stamped.body.length > original.length);
  assert.ok(
    stamped.body.subarray(0, original.length).equals(original),
    'an incremental update of the original',
  );
  const plain = await bytesOf(clerk, url);
  assert.ok(plain.body.equals(original), 'the stored file is untouched');
  assertProblem(await clerk.get(`${url}?stamp=other`), 422, 'validation', { fields: ['stamp'] });
  if (haveTool('pdftotext')) {
    const pdfFile = path.join(work, 'stamped.pdf');
    writeFileSync(pdfFile, stamped.body);
    const text = run('pdftotext', [pdfFile, '-']).stdout;
    assert.match(text, /ĐẾN/, text);
    assert.match(text, new RegExp(`\\b${reg.body.arrivalNumber}\\b`), text);
  } else {
    t.diagnostic('pdftotext not installed');
  }
});

test('a confidential document: route and grants only, each view audited, files refused', async () => {
  const file = assertStatus(await upload(clerk, minimalPdf('Mật'), 'mat.pdf'), 201);
  assertProblem(
    await clerk.post(
      '/documents/incoming',
      incoming({ confidentiality: 'secret', fileIds: [file.id] }),
    ),
    422,
    'validation',
    { fields: ['fileIds'] },
  );
  const res = await submitted({ confidentiality: 'secret' });
  const id = res.body.id;
  const detail = `/documents/incoming/${id}`;
  assertProblem(await outsider.get(detail), 404, 'not-found');
  assertProblem(await colleague.get(detail), 404, 'not-found');
  assertProblem(await head.get(detail), 404, 'not-found'); // a leader off its route
  const listed = assertStatus(await colleague.get('/documents/incoming'), 200);
  assert.ok(!listed.items.some((d) => d.id === id));
  assertStatus(await leader.get(detail), 200); // submitted to: on its route

  // Only a leader who sees it grants, with a reason.
  assertProblem(
    await colleague.post(`${detail}/grants`, { userId: colleague.user.id, reason: 'Cần xem' }),
    404,
    'not-found',
  );
  assertProblem(
    await leader.post(`${detail}/grants`, { userId: colleague.user.id, reason: '' }),
    422,
    'validation',
    { fields: ['reason'] },
  );
  const grant = assertStatus(
    await leader.post(`${detail}/grants`, {
      userId: colleague.user.id,
      reason: 'Tham khảo để trả lời',
    }),
    201,
  );
  assert.equal(grant.userId, colleague.user.id);
  const grants = assertStatus(await leader.get(`${detail}/grants`), 200);
  assert.deepEqual(
    grants.items.map((g) => g.userId),
    [colleague.user.id],
  );

  const views = async () =>
    assertStatus(
      await admin.get(
        `/audit?action=documents.confidential.viewed&entityId=${id}&actor=${encodeURIComponent(
          'chuyenvien2.snv',
        )}&limit=500`,
      ),
      200,
    ).items;
  const before = (await views()).length;
  assertStatus(await colleague.get(detail), 200);
  assertStatus(await colleague.get(`${detail}/timeline`), 200);
  assert.ok(
    assertStatus(await colleague.get('/documents/incoming'), 200).items.some((d) => d.id === id),
  );
  const after = await views();
  assert.equal(after.length, before + 3, JSON.stringify(after));
  assert.deepEqual(after.map((e) => e.summary.split(' ')[0]).sort(), [
    'detail',
    'list',
    'timeline',
  ]);

  assertProblem(
    await leader.post(`${detail}/grants/${colleague.user.id}/revoke`, {}),
    422,
    'validation',
    { fields: ['reason'] },
  );
  const revoked = await leader.post(`${detail}/grants/${colleague.user.id}/revoke`, {
    reason: 'Đã xong việc',
  });
  assert.equal(revoked.status, 204, revoked.text);
  assertProblem(await colleague.get(detail), 404, 'not-found');
  const trail = assertStatus(await admin.get(`/audit?entityId=${id}&limit=500`), 200).items;
  const actions = trail.map((e) => e.action);
  assert.ok(actions.includes('documents.grant_given'), JSON.stringify(actions));
  assert.ok(actions.includes('documents.grant_revoked'), JSON.stringify(actions));
});

test('an instance declared isolated keeps the files of confidential documents', async () => {
  const isolated = await startServer({ env: { CQDT_DOCUMENTS_CONFIDENTIAL_FILES: 'true' } });
  try {
    const admin2 = await loggedIn(isolated.baseUrl, 'admin');
    assert.equal(assertStatus(await admin2.get('/auth/session'), 200).confidentialFiles, true);
    const leader2 = await loggedIn(isolated.baseUrl, 'lanhdao.snv');
    const saved = admin;
    admin = admin2;
    snv = leader2.user.agencyId;
    const clerk2 = await staff(isolated.baseUrl, 'vanthu4.snv', 'Trần Thị Văn Thư', ['clerk']);
    admin = saved;
    const file = assertStatus(await upload(clerk2, minimalPdf('Mật'), 'mat.pdf'), 201);
    const reg = await clerk2.post(
      '/documents/incoming',
      incoming({ confidentiality: 'secret', fileIds: [file.id] }),
    );
    assert.equal(reg.status, 201, reg.text);
    // The outgoing flow reads the same setting.
    const draft = await clerk2.post('/documents/outgoing', {
      typeOrdinal: 18,
      subject: 'Về việc bảo vệ bí mật nhà nước',
      confidentiality: 'secret',
      signerId: leader2.user.id,
    });
    assert.equal(draft.status, 201, draft.text);
    const added = await clerk2.post(
      `/documents/outgoing/${draft.body.id}/files?name=du-thao.pdf`,
      minimalPdf('Dự thảo mật'),
      {
        raw: true,
        headers: { 'Content-Type': 'application/pdf', 'If-Match': draft.headers.get('etag') },
      },
    );
    assert.equal(added.status, 200, added.text);
  } finally {
    await isolated.stop();
  }
});
