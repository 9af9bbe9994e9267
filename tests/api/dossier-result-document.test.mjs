// A dossier whose result is an official document (issue 12 item 2): the officer of phường Rạch
// Giá opens the result draft from the dossier, the documents module takes it through review,
// the chairman's signature with his own key and the clerk's number and seal (the demo PKI), and
// the issued PDF — both signatures valid under pdfsig, the number in its text — becomes the
// dossier's result file with a result note naming the decision. Refusals name the rule: no
// draft outside processing, none twice, no attachment before the issue, none twice; another
// agency's officer sees nothing.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { DEMO_PASSWORD, loggedIn, startServer } from '../support/cqdt-server.mjs';
import { haveTool } from '../support/pki.mjs';

const DRAFT = readFileSync(new URL('./testdata/outgoing-draft.pdf', import.meta.url));
const OUT = '/documents/outgoing';

let server, counter, officer, leader, clerk, outsider, work;

before(async () => {
  server = await startServer({ pki: true, documents: true });
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.rachgia');
  leader = await loggedIn(server.baseUrl, 'lanhdao.rachgia');
  clerk = await loggedIn(server.baseUrl, 'vanthu.rachgia');
  outsider = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  work = mkdtempSync(path.join(tmpdir(), 'cqdt-result-'));
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const act = (client, code, body) => client.post(`/dossiers/${code}/actions`, body);
const match = (res) => ({ headers: { 'If-Match': res.headers.get('etag') } });

async function download(client, url) {
  const res = await fetch(client.baseUrl + '/api/v1' + url, {
    headers: { Cookie: client.cookieHeader() },
  });
  assert.equal(res.status, 200, url);
  return Buffer.from(await res.arrayBuffer());
}

test('the result decision is drafted from the dossier, signed, numbered, sealed and attached', async (t) => {
  const users = assertStatus(await counter.get('/users'), 200).items;
  const officerId = users.find((u) => u.username === 'chuyenvien.rachgia').id;
  const leaderId = users.find((u) => u.username === 'lanhdao.rachgia').id;
  let d = assertStatus(
    await counter.post('/dossiers', {
      procedureCode: '1.001193',
      channel: 'direct',
      applicant: { name: 'Nguyễn Văn Kết Quả', idNumber: '091234567891' },
      documents: [
        { ordinal: 1, provided: true },
        { ordinal: 2, provided: true },
        { ordinal: 5, byData: true },
      ],
      delivery: 'electronic',
    }),
    201,
  );
  const code = d.code;
  assert.equal(d.resultDocumentId, null);
  // Not before processing: the rule is named.
  const early = assertProblem(
    await officer.post(`/dossiers/${code}/result-document`, { typeOrdinal: 2, signerId: leaderId }),
    409,
    'conflict',
  );
  assert.match(early.detail, /đang xử lý/);
  d = assertStatus(await act(counter, code, { action: 'transfer', assigneeId: officerId }), 200);
  // The counter officer drafts no result; another agency's officer does not see the dossier.
  assertProblem(
    await counter.post(`/dossiers/${code}/result-document`, { typeOrdinal: 2 }),
    403,
    'forbidden',
  );
  assertProblem(
    await outsider.post(`/dossiers/${code}/result-document`, { typeOrdinal: 2 }),
    404,
    'not-found',
  );
  // The draft's own rules answer through this route, naming the field.
  assertProblem(
    await officer.post(`/dossiers/${code}/result-document`, { typeOrdinal: 99 }),
    422,
    'validation',
    { fields: ['typeOrdinal'] },
  );
  assertProblem(await officer.post(`/dossiers/${code}/result-document`, {}), 422, 'validation', {
    fields: ['typeOrdinal'],
  });

  d = assertStatus(
    await officer.post(`/dossiers/${code}/result-document`, {
      typeOrdinal: 2,
      signerId: leaderId,
      expectedUpdatedAt: d.updatedAt,
    }),
    201,
  );
  const id = d.resultDocumentId;
  assert.ok(Number.isInteger(id) && id > 0, JSON.stringify(d));
  assert.equal(d.state.name, 'processing');
  // A second draft while this one lives is refused.
  assertProblem(
    await officer.post(`/dossiers/${code}/result-document`, { typeOrdinal: 2 }),
    409,
    'conflict',
  );
  const timeline = assertStatus(await officer.get(`/dossiers/${code}/timeline`), 200).items;
  assert.equal(timeline.at(-1).action, 'draft_result');
  assert.equal(timeline.at(-1).actionLabel, 'soạn văn bản kết quả');

  // The draft in the documents module: the dossier's code, the applicant as a recipient.
  let res = await officer.get(`${OUT}/${id}`);
  assertStatus(res, 200);
  assert.equal(res.body.state, 'draft');
  assert.ok(res.body.subject.includes(code), res.body.subject);
  assert.ok(res.body.description.includes(code), res.body.description);
  assert.ok(
    res.body.recipients.some((r) => r.name === 'Nguyễn Văn Kết Quả'),
    JSON.stringify(res.body.recipients),
  );
  // Nothing to attach before the issue.
  const notYet = assertProblem(
    await officer.post(`/dossiers/${code}/result-document/attach`, {}),
    409,
    'failed-precondition',
  );
  assert.match(notYet.detail, /chưa được ban hành/);

  // Review, signature, number and seal: the documents module's own routes.
  res = await officer.request('POST', `${OUT}/${id}/files?name=quyet-dinh.pdf`, DRAFT, {
    raw: true,
    headers: { 'Content-Type': 'application/pdf', 'If-Match': res.headers.get('etag') },
  });
  assertStatus(res, 200);
  res = await officer.post(`${OUT}/${id}/submit`, {}, match(res));
  assertStatus(res, 200);
  res = await leader.post(`${OUT}/${id}/approve`, { comment: 'Đồng ý' }, match(res));
  assertStatus(res, 200);
  assert.equal(res.body.state, 'approved');
  res = await leader.post(
    `${OUT}/${id}/sign`,
    { keyId: 'personal-lanhdao.rachgia', secret: DEMO_PASSWORD },
    match(res),
  );
  assertStatus(res, 200);
  res = await clerk.post(`${OUT}/${id}/issue`, { sealKeyId: 'seal-000.00.41.h01' }, match(res));
  assertStatus(res, 200);
  assert.equal(res.body.state, 'numbered');
  const numberText = res.body.numberText;
  const [y, m, dd] = res.body.issuedDate.split('-');

  d = assertStatus(await officer.post(`/dossiers/${code}/result-document/attach`, {}), 200);
  assert.equal(d.resultNote, `Quyết định số ${numberText} ngày ${dd}/${m}/${y}`);
  const result = d.files.filter((f) => f.kind === 'result');
  assert.equal(result.length, 1, JSON.stringify(d.files));
  assert.equal(result[0].contentType, 'application/pdf');
  assertProblem(
    await officer.post(`/dossiers/${code}/result-document/attach`, {}),
    409,
    'conflict',
  );

  // The result file is the issued PDF: its number in the text, the chairman's signature and
  // the ward's seal valid.
  const pdf = await download(officer, `/dossiers/${code}/files/${result[0].id}`);
  const file = path.join(work, 'ket-qua.pdf');
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  assert.ok(text.includes(numberText), text);
  if (haveTool('pdfsig') && haveTool('certutil')) {
    const nss = path.join(work, 'nssdb');
    mkdirSync(nss);
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    const root = path.join(server.dataDir, 'pki', 'root.pem');
    if (existsSync(root)) {
      execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'demo-root', '-t', 'CT,C,C', '-i', root]);
    }
    const r = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' });
    const out = `${r.stdout}\n${r.stderr}`;
    assert.equal(out.match(/Signature is Valid/g)?.length, 2, out);
    assert.match(out, /Huỳnh Thanh Sơn/, out);
  } else {
    t.diagnostic('pdfsig or certutil not installed');
  }

  // Then the usual end: the officer's check, the chairman's step, finish, return.
  assertStatus(await act(officer, code, { action: 'complete_step', reason: 'Đủ điều kiện.' }), 200);
  assertStatus(await act(leader, code, { action: 'complete_step' }), 200);
  d = assertStatus(await act(leader, code, { action: 'finish' }), 200);
  assert.equal(d.state.name, 'done');
  d = assertStatus(
    await act(counter, code, { action: 'return', returnedTo: 'Gửi bản điện tử có chữ ký số' }),
    200,
  );
  assert.equal(d.state.name, 'returned');
});
