// Confidential outgoing documents (issue 10; decision 0009 "Access"; docs/api.md "Outgoing
// documents"): a draft of Mật and above is seen by its route (drafter, reviewers, signer) and by
// the people a leader on its route lets in (the same grants as incoming documents), every view of
// its detail, timeline and files is in the audit trail with the viewer, and its files are kept
// only on an instance declared isolated ([documents] confidential_files).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { apiPath, loggedIn, startServer } from '../support/cqdt-server.mjs';
import { minimalPdf } from '../support/pki.mjs';

const OUT = '/documents/outgoing';

let server;
let admin, drafter, leader, head, outsider;

before(async () => {
  server = await startServer({ env: { CQDT_DOCUMENTS_CONFIDENTIAL_FILES: 'true' } });
  admin = await loggedIn(server.baseUrl, 'admin');
  drafter = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  head = await loggedIn(server.baseUrl, 'truongphong.snv'); // a leader off the draft's route
  outsider = await loggedIn(server.baseUrl, 'vanthu.ubnd'); // another agency
});
after(async () => {
  await server?.stop();
});

async function confidentialDraft(client) {
  const res = await client.post(OUT, {
    typeOrdinal: 18,
    subject: 'Về việc bảo vệ bí mật nhà nước',
    confidentiality: 'confidential',
    signerId: leader.user.id,
  });
  assertStatus(res, 201);
  return res;
}

async function download(client, id, fileId) {
  const res = await fetch(server.baseUrl + apiPath(`${OUT}/${id}/files/${fileId}`), {
    headers: { Cookie: client.cookieHeader() },
  });
  return res.status;
}

// The audit entries of views of document `id` by `username`.
async function views(id, username) {
  return assertStatus(
    await admin.get(
      `/audit?action=documents.confidential.viewed&entityId=${id}&actor=${encodeURIComponent(
        username,
      )}&limit=500`,
    ),
    200,
  ).items;
}

test('a confidential outgoing document: route and grantees only, each view and download audited', async () => {
  let res = await confidentialDraft(drafter);
  const id = res.body.id;
  res = await drafter.request('POST', `${OUT}/${id}/files?name=du-thao-mat.pdf`, minimalPdf('Mật'), {
    raw: true,
    headers: { 'Content-Type': 'application/pdf', 'If-Match': res.headers.get('etag') },
  });
  assertStatus(res, 200);
  const fileId = res.body.files[0].id;
  const detail = `${OUT}/${id}`;

  // Off the route: not even its existence (404), whatever the rank.
  assertProblem(await head.get(detail), 404, 'not-found');
  assertProblem(await outsider.get(detail), 404, 'not-found');
  assert.equal(await download(head, id, fileId), 404);
  assertStatus(await leader.get(detail), 200); // the signer: on its route

  // Only a leader who sees it manages its grants.
  assertProblem(await head.get(`${detail}/grants`), 404, 'not-found');
  assertProblem(
    await drafter.post(`${detail}/grants`, { userId: head.user.id, reason: 'Cần xem' }),
    403,
    'forbidden',
  );
  const grant = assertStatus(
    await leader.post(`${detail}/grants`, {
      userId: head.user.id,
      reason: 'Phối hợp chuẩn bị nội dung',
    }),
    201,
  );
  assert.equal(grant.userId, head.user.id);
  assert.deepEqual(
    assertStatus(await leader.get(`${detail}/grants`), 200).items.map((g) => g.userId),
    [head.user.id],
  );
  const notices = assertStatus(await head.get('/notifications'), 200).items;
  assert.ok(
    notices.some((n) => n.link === `/van-ban/di/${id}`),
    JSON.stringify(notices),
  );

  // The grantee sees it now; each view and the download is an audit entry naming the viewer.
  const before = (await views(id, 'truongphong.snv')).length;
  assertStatus(await head.get(detail), 200);
  assertStatus(await head.get(`${detail}/timeline`), 200);
  assert.equal(await download(head, id, fileId), 200);
  const seen = await views(id, 'truongphong.snv');
  assert.equal(seen.length, before + 3, JSON.stringify(seen));
  assert.deepEqual(seen.map((e) => e.summary.split(' (')[0]).sort(), [
    'detail',
    `file ${fileId}`,
    'timeline',
  ]);
  // Its comments too (the same grant as the page: it was 404 for the grantee before the fix).
  assertStatus(await head.get(`/documents/${id}/comments`), 200);
  // The drafter's views are audited too.
  const drafterBefore = (await views(id, 'chuyenvien.snv')).length;
  assertStatus(await drafter.get(detail), 200);
  assert.equal((await views(id, 'chuyenvien.snv')).length, drafterBefore + 1);

  // Revoked: out again.
  const revoked = await leader.post(`${detail}/grants/${head.user.id}/revoke`, {
    reason: 'Đã xong việc',
  });
  assert.equal(revoked.status, 204, revoked.text);
  assertProblem(await head.get(detail), 404, 'not-found');
  assertProblem(await head.get(`/documents/${id}/comments`), 404, 'not-found');
  const trail = assertStatus(await admin.get(`/audit?entityId=${id}&limit=500`), 200).items;
  const actions = trail.map((e) => e.action);
  assert.ok(actions.includes('documents.grant_given'), JSON.stringify(actions));
  assert.ok(actions.includes('documents.grant_revoked'), JSON.stringify(actions));
});

test('an ordinary outgoing document: views are not audited', async () => {
  const res = await drafter.post(OUT, {
    typeOrdinal: 18,
    subject: 'Về việc tổ chức hội nghị',
    signerId: leader.user.id,
  });
  assertStatus(res, 201);
  assertStatus(await drafter.get(`${OUT}/${res.body.id}`), 200);
  assert.equal((await views(res.body.id, 'chuyenvien.snv')).length, 0);
});

test('an instance not declared isolated refuses the files of a confidential outgoing document', async () => {
  const plain = await startServer();
  try {
    const drafter2 = await loggedIn(plain.baseUrl, 'chuyenvien.snv');
    const leader2 = await loggedIn(plain.baseUrl, 'lanhdao.snv');
    // The pages learn it from the session, to say so before a file is sent.
    assert.equal(assertStatus(await drafter2.get('/auth/session'), 200).confidentialFiles, false);
    const draft = await drafter2.post(OUT, {
      typeOrdinal: 18,
      subject: 'Về việc bảo vệ bí mật nhà nước',
      confidentiality: 'secret',
      signerId: leader2.user.id,
    });
    assertStatus(draft, 201);
    const added = await drafter2.request(
      'POST',
      `${OUT}/${draft.body.id}/files?name=du-thao.pdf`,
      minimalPdf('Dự thảo mật'),
      {
        raw: true,
        headers: { 'Content-Type': 'application/pdf', 'If-Match': draft.headers.get('etag') },
      },
    );
    assertProblem(added, 409, 'failed-precondition');
    const after = assertStatus(await drafter2.get(`${OUT}/${draft.body.id}`), 200);
    assert.equal(after.files.length, 0);
  } finally {
    await plain.stop();
  }
});
