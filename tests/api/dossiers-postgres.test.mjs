// The counter's receipt on PostgreSQL through HTTP (issue 12): there a receipt's rows go in as
// one statement of data-modifying WITH clauses, its code and its audit entries are sent in the
// COMMIT's own message, and the commit is answered after a durability barrier — paths SQLite
// does not take. Scans uploaded and attached, the answer equal to what is read back, codes of
// parallel receipts gap-free, a scan attached once only, and the audit chain verifying after it
// all. Runs when CQDT_TEST_PG names the test cluster (scripts/test.sh starts one), on a database
// of its own.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';

const cluster = process.env.CQDT_TEST_PG;
const skip = cluster ? false : 'CQDT_TEST_PG is not set';
const dbName = `api_dossiers_${randomBytes(6).toString('hex')}`;
let server, counter, dbUrl;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

function psql(sql) {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', cluster, '-c', sql], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

before(async () => {
  if (skip) return;
  psql(`CREATE DATABASE ${dbName}`);
  const url = new URL(cluster);
  url.pathname = `/${dbName}`;
  dbUrl = url.toString();
  server = await startServer({ db: dbUrl });
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
});

after(async () => {
  if (skip) return;
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  psql(`DROP DATABASE IF EXISTS ${dbName}`);
});

async function upload(name) {
  return assertStatus(
    await counter.post(`/dossiers/files?fileName=${name}`, PNG, {
      raw: true,
      headers: { 'Content-Type': 'application/octet-stream' },
    }),
    201,
  );
}

function birth(applicant, fileIds = []) {
  return {
    procedureCode: '1.001193',
    channel: 'direct',
    applicant: { name: applicant, idNumber: '091234567890' },
    documents: [
      { ordinal: 2, provided: true, fileIds: fileIds.slice(1) },
      { ordinal: 1, provided: true, fileIds: fileIds.slice(0, 1) },
      { ordinal: 5, byData: true },
    ],
    delivery: 'counter',
  };
}

test('a receipt with two scans answers what is stored', { skip }, async () => {
  const scans = [await upload('to-khai.png'), await upload('giay-chung-sinh.png')];
  // A name with quotes, a backslash and ':name' goes into the search key sent with the COMMIT.
  const name = "Trần Thị O'Bé \\ :name";
  const ids = scans.map((s) => s.id);
  const d = assertStatus(await counter.post('/dossiers', birth(name, ids)), 201);
  assert.match(d.code, /^000\.00\.41\.H01-\d{6}-\d{4}$/);
  assert.deepEqual(
    d.files.map((f) => [f.id, f.documentOrdinal]),
    [
      [scans[0].id, 1],
      [scans[1].id, 2],
    ],
  );
  const stored = assertStatus(await counter.get(`/dossiers/${d.code}`), 200);
  assert.deepEqual(d, stored);
  const found = assertStatus(await counter.get(`/dossiers?q=${encodeURIComponent("o'be")}`), 200);
  assert.ok(found.items.some((i) => i.code === d.code), 'found by the applicant name');
  // Attached once only (refused when the scan is read; the statement's own check is the db
  // test's, DossierServiceTest.ScansUploadedBeforeTheReceiptAreAttachedToTheirDocument).
  assertProblem(await counter.post('/dossiers', birth('Lần hai', [scans[0].id])), 422, 'validation', {
    fields: ['documents[1].fileIds'],
  });
});

test('receipts in parallel get consecutive codes of the day', { skip }, async () => {
  const first = assertStatus(await counter.post('/dossiers', birth('Người đầu')), 201);
  const seq = (code) => Number(code.slice(-4));
  const answers = await Promise.all(
    Array.from({ length: 16 }, (_, i) => counter.post('/dossiers', birth(`Người thứ ${i + 2}`))),
  );
  const codes = answers.map((r) => assertStatus(r, 201).code);
  const numbers = codes.map(seq).sort((a, b) => a - b);
  assert.deepEqual(numbers, Array.from({ length: 16 }, (_, i) => seq(first.code) + 1 + i));
});

test('the audit chain verifies after it all', { skip }, async () => {
  const r = runCli(['audit', 'verify', '--db', dbUrl, '--data-dir', server.dataDir]);
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /\bOK\b/);
});
