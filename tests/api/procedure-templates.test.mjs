// The template files of a procedure's documents (issue 12 item 1): an administrator uploads the
// birth registration form (a Word file, checked by content), anyone downloads it from the
// procedure without signing in, an export imports again without losing it, and once a dossier
// was received under the version a new template makes a new version. Refusals name the field.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, loggedIn, startServer } from '../support/cqdt-server.mjs';

const DOCX = readFileSync(new URL('./testdata/outgoing-draft.docx', import.meta.url));
const PDF = readFileSync(new URL('./testdata/outgoing-draft.pdf', import.meta.url));
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
const CODE = '1.001193';
const PATH = `/procedures/${CODE}/documents/1/template`;

let server, admin, counter, anon;

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  anon = new Client(server.baseUrl);
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
});

const put = (client, path, bytes) =>
  client.request('PUT', path, bytes, {
    raw: true,
    headers: { 'Content-Type': 'application/octet-stream' },
  });

test('a template is uploaded by an admin, downloaded by anyone, kept by imports and versions', async () => {
  // Nothing to download yet; only admins upload; the file and the document are checked.
  assertProblem(await anon.get(PATH), 404, 'not-found');
  assertProblem(await put(counter, PATH, DOCX), 403, 'forbidden');
  assertProblem(await put(admin, PATH, PNG), 422, 'validation', { fields: ['file'] });
  assertProblem(await put(admin, `/procedures/${CODE}/documents/99/template`, DOCX), 422, 'validation', {
    fields: ['ordinal'],
  });

  let res = assertStatus(await put(admin, `${PATH}?name=${encodeURIComponent('Tờ khai đăng ký khai sinh')}`, DOCX), 200);
  const version = res.procedure.version;
  assert.equal(res.procedure.documents[0].hasTemplateFile, true);
  assert.ok(res.procedure.documents[0].template, JSON.stringify(res.procedure.documents[0]));

  const file = await fetch(`${server.baseUrl}/api/v1${PATH}`);
  assert.equal(file.status, 200);
  assert.equal(
    file.headers.get('content-type'),
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  );
  assert.match(file.headers.get('content-disposition'), /attachment;.*\.docx/);
  assert.ok(Buffer.from(await file.arrayBuffer()).equals(DOCX));

  // An export imported again keeps the template (files are not in the JSON).
  const exported = JSON.parse((await anon.get('/procedures/export')).text);
  const mine = exported.procedures.find((p) => p.nationalCode === CODE || p.code === CODE);
  assert.equal(mine.documents[0].hasTemplateFile, true);
  assertStatus(await admin.post('/procedures/import', exported), 200);
  const after = assertStatus(await anon.get(`/procedures/${CODE}`), 200);
  assert.equal(after.documents[0].hasTemplateFile, true);
  assert.equal(after.version, version);

  // A dossier received under this version: a new template is a new version, the old one stays.
  assertStatus(
    await counter.post('/dossiers', {
      procedureCode: CODE,
      channel: 'direct',
      applicant: { name: 'Trần Thị Mẫu' },
      documents: [
        { ordinal: 1, provided: true },
        { ordinal: 2, provided: true },
        { ordinal: 5, byData: true },
      ],
      delivery: 'counter',
    }),
    201,
  );
  res = assertStatus(await put(admin, PATH, PDF), 200);
  assert.equal(res.outcome, 'new_version');
  assert.ok(res.procedure.version > version);
  assert.equal(res.procedure.documents[0].hasTemplateFile, true);
  // The new version takes effect today, or tomorrow when today's is in use: the download is the
  // template of the version in force, the PDF from the new version's day, the Word file before.
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  const inForce = res.procedure.effectiveFrom <= today;
  const pdf = await fetch(`${server.baseUrl}/api/v1${PATH}`);
  assert.equal(pdf.status, 200);
  assert.equal(
    pdf.headers.get('content-type'),
    inForce
      ? 'application/pdf'
      : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  );
  assert.ok(Buffer.from(await pdf.arrayBuffer()).equals(inForce ? PDF : DOCX));
});
