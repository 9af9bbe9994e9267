// Official identifiers (issue 3): GET /api/v1/codes/... and `cqdt code ...` explain agency codes,
// dossier codes and document numbers; bad input is a 422 problem naming the parameter (HTTP) or
// exit status 2 with one Vietnamese / English line (CLI).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem } from '../support/api-assert.mjs';
import { Client, runCli, startServer } from '../support/cqdt-server.mjs';

let server;
let anon;

before(async () => {
  server = await startServer();
  anon = new Client(server.baseUrl);
});
after(async () => {
  await server?.stop();
});

const q = (path, name, value) => `/api/v1/codes/${path}?${name}=${encodeURIComponent(value)}`;

test('GET /codes/agency explains layout, level, parent and the level-1 entry', async () => {
  const res = await anon.get(q('agency', 'code', '000.00.04.H40'));
  assert.equal(res.status, 200);
  assert.equal(res.body.layout, 'qcvn102');
  assert.equal(res.body.level, 2);
  assert.equal(res.body.parentCode, '000.00.00.H40');
  assert.equal(res.body.levelOne.code, 'H40');
  assert.match(res.body.levelOne.name, /Nam Định/);
  assert.equal(res.body.levelOne.active, false); // merged into Ninh Bình (2025), kept for history

  const d20 = await anon.get(q('agency', 'code', 'H41.17.3'));
  assert.equal(d20.status, 200);
  assert.equal(d20.body.layout, 'decision20');
  assert.equal(d20.body.parentCode, 'H41.17');
});

test('GET /codes/agency reads an ambiguous code in the layout asked for', async () => {
  // The parent of the QĐ 20/2020 code G22.01.01.B01.01 fits the QCVN 102 shape too.
  const child = await anon.get(q('agency', 'code', 'G22.01.01.B01.01'));
  assert.equal(child.body.layout, 'decision20');
  assert.equal(child.body.parentCode, 'G22.01.01.B01');

  const plain = await anon.get(q('agency', 'code', 'G22.01.01.B01'));
  assert.equal(plain.body.layout, 'qcvn102');
  assert.equal(plain.body.levelOne.code, 'B01');

  const parent = await anon.get(`${q('agency', 'code', 'G22.01.01.B01')}&layout=decision20`);
  assert.equal(parent.status, 200);
  assert.equal(parent.body.layout, 'decision20');
  assert.equal(parent.body.level, 4);
  assert.equal(parent.body.levelOne.code, 'G22');
  assert.equal(parent.body.parentCode, 'G22.01.01');

  const notQcvn = await anon.get(`${q('agency', 'code', 'H41.17')}&layout=qcvn102`);
  assert.equal(notQcvn.status, 422);
  assert.equal(notQcvn.body.errors[0].field, 'code');
  assert.match(notQcvn.body.errors[0].message, /QCVN 102:2016/);

  const badLayout = await anon.get(`${q('agency', 'code', 'H41.17')}&layout=qd20`);
  assert.equal(badLayout.status, 422);
  assert.equal(badLayout.body.errors[0].field, 'layout');
  assert.match(badLayout.body.errors[0].message, /qcvn102 .*decision20/);
});

test('GET /codes/dossier splits a mã hồ sơ into agency, date and sequence', async () => {
  const res = await anon.get(q('dossier', 'code', '000.00.04.H40-230414-0002'));
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, {
    code: '000.00.04.H40-230414-0002',
    agencyCode: '000.00.04.H40',
    receivedDate: '2023-04-14',
    sequence: 2,
  });
});

test('GET /codes/document-number tells QyĐ (Quy định) from QĐ and reads a công văn', async () => {
  const quyDinh = await anon.get(q('document-number', 'value', '15/QyĐ-UBND'));
  assert.equal(quyDinh.status, 200);
  assert.equal(quyDinh.body.typeName, 'Quy định');
  assert.equal(quyDinh.body.issuer, 'UBND');

  const printed = await anon.get(q('document-number', 'value', 'Số: 5/QĐ-UBND'));
  assert.equal(printed.status, 200);
  assert.equal(printed.body.display, 'Số: 05/QĐ-UBND');

  const letter = await anon.get(q('document-number', 'value', '15/UBND-VP'));
  assert.equal(letter.status, 200);
  assert.equal(letter.body.typeAbbreviation, null);
  assert.equal(letter.body.typeName, 'Công văn');
  assert.equal(letter.body.unit, 'VP');
});

test('GET /codes/document-types lists the 29 types of Decree 30/2020', async () => {
  const res = await anon.get('/api/v1/codes/document-types');
  assert.equal(res.status, 200);
  assert.equal(res.body.items.length, 29);
  assert.deepEqual(res.body.items[4], {
    ordinal: 5,
    name: 'Quy định',
    abbreviation: 'QyĐ',
    edxmlTypeDetail: 5,
  });
  assert.equal(res.body.items[17].abbreviation, null); // công văn
});

test('invalid or missing input is a 422 problem naming the parameter', async () => {
  await assertProblem(await anon.get(q('agency', 'code', '000.00.H41')), 422, 'validation', {
    fields: [['code', 'format']],
  });
  await assertProblem(
    await anon.get(q('dossier', 'code', '000.00.04.H40-23041-0002')),
    422,
    'validation',
    {
      fields: [['code', 'format']],
    },
  );
  await assertProblem(
    await anon.get(q('document-number', 'value', '0/QĐ-UBND')),
    422,
    'validation',
    {
      fields: [['value', 'number']],
    },
  );
  await assertProblem(await anon.get('/api/v1/codes/document-number'), 422, 'validation', {
    fields: [['value', 'required']],
  });
});

test('cqdt code prints one line, or JSON, and exits 2 with a bilingual reason', () => {
  const agency = runCli(['code', 'agency', '000.00.04.H40']);
  assert.equal(agency.code, 0, agency.stderr);
  assert.match(agency.stdout, /^qcvn102 2 000\.00\.00\.H40 H40 .*Nam Định/);

  const dossier = runCli(['code', 'dossier', '000.00.04.H40-230414-0002', '--json']);
  assert.equal(dossier.code, 0, dossier.stderr);
  assert.equal(JSON.parse(dossier.stdout).sequence, 2);

  const number = runCli(['code', 'document-number', '15/UBND-VP']);
  assert.equal(number.code, 0, number.stderr);
  assert.equal(number.stdout.trim(), '15 - - UBND VP Công văn');

  const bad = runCli(['code', 'dossier', '000.00.04.H40-23041-0002']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  const lines = bad.stderr.trim().split('\n');
  assert.equal(lines.length, 1, bad.stderr);
  assert.match(lines[0], /Mã hồ sơ .* \/ invalid dossier code/);
});
