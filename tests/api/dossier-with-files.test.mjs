// A receipt with its scans in one request (POST /api/v1/dossiers/with-files, multipart/form-data)
// against the real binary: the part "dossier" is the receipt's JSON, the file parts
// "documents[i]" are scans of its i-th document. The answer is what GET reads back, every scan
// downloads as sent, and each bad request names its part or field and leaves nothing behind.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { loggedIn, startServer } from '../support/cqdt-server.mjs';

let server, counter, officer;

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64),
]);
const PNG2 = Buffer.concat([PNG, Buffer.from('second page')]);

before(async () => {
  server = await startServer();
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.rachgia');
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
});

function birth() {
  return {
    procedureCode: '1.001193',
    channel: 'direct',
    applicant: { name: 'Lê Thị Ánh Dương', idNumber: '091234567890' },
    documents: [{ ordinal: 1 }, { ordinal: 2 }, { ordinal: 5, byData: true }],
    delivery: 'counter',
  };
}

function form(dossier, files = []) {
  const f = new FormData();
  if (dossier !== undefined)
    f.append('dossier', typeof dossier === 'string' ? dossier : JSON.stringify(dossier));
  for (const [name, bytes, fileName, type] of files)
    f.append(name, new Blob([bytes], { type }), fileName);
  return f;
}

const send = (body, headers) => counter.post('/dossiers/with-files', body, { raw: true, headers });
const total = async () => assertStatus(await counter.get('/dossiers?limit=200'), 200).total;

test('a receipt and its three scans in one request are stored together and read back alike', async () => {
  const d = assertStatus(
    await send(
      form(birth(), [
        ['documents[0]', PNG, 'tờ khai.png', 'image/png'],
        ['documents[0]', PNG2, 'trang 2.png', 'image/png'],
        ['documents[1]', PNG, 'giấy chứng sinh.png', 'image/png'],
      ]),
    ),
    201,
  );
  assert.match(d.code, /^000\.00\.41\.H01-\d{6}-\d{4}$/);
  assert.equal(d.files.length, 3);
  assert.deepEqual(
    d.files.map((f) => [f.name, f.documentOrdinal, f.contentType]),
    [
      ['tờ khai.png', 1, 'image/png'],
      ['trang 2.png', 1, 'image/png'],
      ['giấy chứng sinh.png', 2, 'image/png'],
    ],
  );
  const read = assertStatus(await officer.get(`/dossiers/${d.code}`), 200);
  assert.deepEqual(read.files, d.files);
  for (const [f, bytes] of [
    [d.files[0], PNG],
    [d.files[1], PNG2],
    [d.files[2], PNG],
  ]) {
    const res = await fetch(`${server.baseUrl}/api/v1/dossiers/${d.code}/files/${f.id}`, {
      headers: { Cookie: officer.cookieHeader() },
    });
    assert.equal(res.status, 200, f.name);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(bytes), `${f.name} downloads as sent`);
  }
});

test('every bad request names its part or field and leaves no dossier', async () => {
  const before = await total();
  // Not multipart at all.
  assertProblem(await counter.post('/dossiers/with-files', birth()), 415, 'unsupported');
  // A body cut short.
  assertProblem(
    await send('--xyz\r\nContent-Disposition: form-data; name="dossier"\r\n\r\n{}', {
      'Content-Type': 'multipart/form-data; boundary=xyz',
    }),
    400,
    'malformed',
  );
  // No "dossier" part; a part of another name.
  assertProblem(
    await send(form(undefined, [['documents[0]', PNG, 'a.png', 'image/png']])),
    422,
    'validation',
    {
      fields: ['dossier'],
    },
  );
  assertProblem(
    await send(form(birth(), [['scan', PNG, 'a.png', 'image/png']])),
    422,
    'validation',
    {
      fields: ['scan'],
    },
  );
  // Scans for a document the JSON does not list; a file that is no PDF or image.
  assertProblem(
    await send(form(birth(), [['documents[7]', PNG, 'a.png', 'image/png']])),
    422,
    'validation',
    {
      fields: ['documents[7]'],
    },
  );
  assertProblem(
    await send(
      form(birth(), [
        ['documents[0]', Buffer.from('MZ not a scan'), 'a.exe', 'application/octet-stream'],
      ]),
    ),
    422,
    'validation',
    { fields: ['documents[0]'] },
  );
  // The JSON's own rules, as POST /dossiers has them.
  assertProblem(await send(form('{"procedureCode":', [])), 400, 'malformed');
  const noName = birth();
  delete noName.applicant.name;
  assertProblem(
    await send(form(noName, [['documents[0]', PNG, 'a.png', 'image/png']])),
    422,
    'validation',
    {
      fields: ['applicant.name'],
    },
  );
  assertProblem(await send(form({ ...birth(), extra: 1 })), 422, 'validation', {
    fields: ['extra'],
  });
  assert.equal(await total(), before);
});
