// Text extraction and OCR (issue 11, item 4) against the real binary: the server reads an
// upload's first page in a child process (`cqdt-extract`, built beside cqdt) and proposes the registration's
// sender, type and abstract; a registered document's file text becomes searchable; only admins
// see and retry the extraction queue.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import {
  CEILING_MS,
  cqdtBin,
  loggedIn,
  prepareDataDir,
  runCli,
  startServer,
} from '../support/cqdt-server.mjs';

const draftPdf = readFileSync(new URL('./testdata/outgoing-draft.pdf', import.meta.url));

let server, prepared;
let clerk, admin, outsider;

before(async () => {
  prepared = prepareDataDir();
  server = await startServer({ dataDir: prepared.dataDir });
  clerk = await loggedIn(server.baseUrl, 'vanthu.snv');
  outsider = await loggedIn(server.baseUrl, 'vanthu.ubnd');
  admin = await loggedIn(server.baseUrl, 'admin');
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  prepared?.cleanup();
});

async function upload(client, bytes, name) {
  return client.post(`/documents/files?fileName=${encodeURIComponent(name)}`, bytes, {
    raw: true,
    headers: { 'Content-Type': 'application/pdf' },
  });
}

// Polls `path` until `done(body)` (the worker reads a file within seconds; the ceiling is
// generous for a busy machine).
async function until(client, path, done) {
  const deadline = Date.now() + CEILING_MS;
  for (;;) {
    const res = assertStatus(await client.get(path), 200);
    if (done(res) || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("the first page of an upload proposes the registration's sender, type and abstract", async () => {
  const file = assertStatus(await upload(clerk, draftPdf, 'qd-hoi-nghi.pdf'), 201);
  const asked = assertStatus(await clerk.post(`/documents/files/${file.id}/proposal`, {}), 202);
  assert.equal(asked.state, 'pending');
  assert.equal(asked.stateLabel, 'Đang đọc nội dung tệp');
  // Asking again is the same request.
  assertStatus(await clerk.post(`/documents/files/${file.id}/proposal`, {}), 202);
  const p = await until(
    clerk,
    `/documents/files/${file.id}/proposal`,
    (b) => b.state !== 'pending',
  );
  assert.equal(p.state, 'done', JSON.stringify(p));
  assert.equal(p.method, 'pdf');
  assert.equal(p.methodLabel, 'Lớp chữ của tệp PDF');
  assert.equal(p.senderName, 'SỞ NỘI VỤ TỈNH AN GIANG');
  assert.equal(p.typeOrdinal, 2);
  assert.equal(p.subject, 'Về việc tổ chức hội nghị tổng kết công tác văn thư năm 2026.');
  assert.equal(p.numberText, '', 'the draft has no number yet');
  // Someone else's upload: not found, whether asked or read.
  assertProblem(await outsider.get(`/documents/files/${file.id}/proposal`), 404, 'not-found');
  assertProblem(await outsider.post(`/documents/files/${file.id}/proposal`, {}), 404, 'not-found');
  assertProblem(await clerk.get('/documents/files/999999/proposal'), 404, 'not-found');
});

test('a registered document is found by the text of its file', async () => {
  const file = assertStatus(await upload(clerk, draftPdf, 'qd.pdf'), 201);
  const res = await clerk.post('/documents/incoming', {
    numberText: '41/QĐ-SNV',
    issuedDate: '2026-11-20',
    senderName: 'Sở Nội vụ',
    subject: 'Quyết định về hội nghị',
    fileIds: [file.id],
  });
  assert.equal(res.status, 201, res.text);
  const q = encodeURIComponent('"cong tac van thu"');
  const found = await until(clerk, `/search?q=${q}`, (b) => b.total === 1);
  assert.equal(found.total, 1);
  assert.equal(found.items[0].numberText, '41/QĐ-SNV');
  assert.ok(
    found.items[0].snippet.some((s) => s.hit && /văn/.test(s.text)),
    JSON.stringify(found.items[0].snippet),
  );
  assert.equal(assertStatus(await outsider.get(`/search?q=${q}`), 200).total, 0);
});

test('only an admin sees and retries the extraction queue', async () => {
  const list = assertStatus(await admin.get('/documents/extraction-jobs?state=failed'), 200);
  assert.ok(Array.isArray(list.items));
  assert.equal(typeof list.pending, 'number');
  assert.equal(list.failed, list.items.length);
  assertStatus(await admin.get('/documents/extraction-jobs?state=pending'), 200);
  assertProblem(await admin.get('/documents/extraction-jobs?state=done'), 422, 'validation', {
    fields: [['state', 'enum']],
  });
  assertProblem(await clerk.get('/documents/extraction-jobs'), 403, 'forbidden');
  assertProblem(await clerk.post('/documents/extraction-jobs/1/retry', {}), 403, 'forbidden');
  assertProblem(await admin.post('/documents/extraction-jobs/999999/retry', {}), 404, 'not-found');
});

// The two children the server may start read a file alike: the small program beside cqdt (its
// first choice) and cqdt's own hidden command (where that program is not installed).
test('cqdt-extract and `cqdt __extract` give the same answer for a PDF', () => {
  const args = ['--ocr-max-pages', '0', '--content-type', 'application/pdf'];
  const own = runCli(['__extract', ...args], { input: draftPdf });
  const helper = path.join(path.dirname(cqdtBin()), 'cqdt-extract');
  const small = spawnSync(helper, args, { input: draftPdf, encoding: 'utf8', timeout: CEILING_MS });
  assert.equal(small.status, 0, small.stderr);
  assert.match(small.stdout, /^cqdt-extract 1 1 0 0 1\npage 1 0 \d+\n/);
  assert.match(small.stdout, /SỞ NỘI VỤ TỈNH AN GIANG/);
  assert.equal(own.code, 0, own.stderr);
  assert.equal(own.stdout, small.stdout);
});
