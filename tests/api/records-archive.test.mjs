// Transfer to the archive (issue 11, item 2; docs/archive-package.md) against the real binary: a
// clerk transfers closed records over HTTP as one package sealed by the agency; the package
// downloads again, `cqdt doc archive verify` accepts it offline (exit 0) and names a tampered file
// (exit 1); `openssl cms -verify` accepts the manifest's signature; an open record, a second
// transfer and an outsider are refused; `cqdt doc archive export` makes a package from the
// command line.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { inflateRawSync } from 'node:zlib';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import {
  apiPath,
  loggedIn,
  prepareDataDir,
  runCli,
  sqliteUrl,
  startServer,
} from '../support/cqdt-server.mjs';
import { createPki, discPng, minimalPdf, openssl } from '../support/pki.mjs';

const SNV_CODE = '000.00.01.H01';
const SEAL_KEY = 'seal-snv';
// This year in Vietnam (UTC+7).
const THIS_YEAR = Number(new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 4));

let server, pki, root, work, prepared, keysFile;
let clerk, leader, officer, outsider;

before(async () => {
  pki = createPki();
  work = mkdtempSync(path.join(os.tmpdir(), 'cqdt-archive-'));
  root = pki.createRoot('root', { cn: 'cqdt Kiểm thử Root CA' });
  const seal = pki.issue('seal', root, {
    cn: 'Sở Nội vụ tỉnh An Giang',
    o: 'Sở Nội vụ tỉnh An Giang',
  });
  prepared = prepareDataDir();
  const d = prepared.dataDir;
  pki.pkcs12(seal, { password: '', file: path.join(d, 'seal.p12') });
  keysFile = path.join(d, 'keys.toml');
  writeFileSync(
    keysFile,
    [
      '[[key]]',
      `id = "${SEAL_KEY}"`,
      'kind = "seal"',
      `owner = "${SNV_CODE}"`,
      'source = "seal.p12"',
      '',
    ].join('\n'),
  );
  server = await startServer({ dataDir: d, env: { CQDT_SIGNING_KEYS_FILE: keysFile } });
  clerk = await loggedIn(server.baseUrl, 'vanthu.snv');
  leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  outsider = await loggedIn(server.baseUrl, 'vanthu.ubnd');
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  pki?.cleanup();
  prepared?.cleanup();
});

// The entries of a ZIP (central directory walk; stored and deflated entries).
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd -= 1;
  assert.ok(eocd >= 0, 'end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < count; i += 1) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50);
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + compressed);
    out.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const sha256 = (b) => createHash('sha256').update(b).digest('hex');

async function download(client, url) {
  const res = await fetch(server.baseUrl + apiPath(url.replace(/^\/api\/v1/, '')), {
    headers: { Cookie: client.cookieHeader() },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

let serial = 0;
// A closed (or open) record of the clerk holding one incoming document with its PDF and one
// other file.
async function record(code, { close = true } = {}) {
  serial += 1;
  const item = assertStatus(
    await clerk.post('/records/plan', {
      year: THIS_YEAR,
      code,
      title: `Hồ sơ ${code} về nộp lưu`,
      retentionYears: 10,
    }),
    201,
  );
  const r = assertStatus(await clerk.post('/records', { planItemId: item.id }), 201);
  const pdf = assertStatus(
    await clerk.post('/documents/files?fileName=cong-van.pdf', minimalPdf(`Công văn ${serial}`), {
      raw: true,
      headers: { 'Content-Type': 'application/pdf' },
    }),
    201,
  );
  const doc = assertStatus(
    await clerk.post('/documents/incoming', {
      numberText: `${serial}/NL-UBND`,
      issuedDate: `${THIS_YEAR}-01-0${serial}`,
      senderName: 'Ủy ban nhân dân tỉnh An Giang',
      subject: `Về việc nộp lưu số ${serial}`,
      pageCount: 1,
      fileIds: [pdf.id],
    }),
    201,
  );
  assertStatus(await clerk.post(`/records/${r.id}/documents`, { documentId: doc.id }), 200);
  const png = discPng(64, [serial * 40, 0, 0]);
  const upload = assertStatus(
    await clerk.post('/documents/files?fileName=bien-ban.png', png, {
      raw: true,
      headers: { 'Content-Type': 'image/png' },
    }),
    201,
  );
  let filed = assertStatus(await clerk.post(`/records/${r.id}/files`, { fileId: upload.id }), 200);
  if (close) {
    filed = assertStatus(
      await clerk.post(`/records/${r.id}/close`, {
        title: filed.title,
        language: 'Tiếng Việt',
        rights: 'public',
        version: filed.version,
      }),
      200,
    );
  }
  return { record: filed, png, pdfSha256: pdf.sha256 };
}

test('closed records leave as one sealed package that verifies offline; tampering is named', async () => {
  const a = await record('01.NL');
  const b = await record('02.NL');
  const open = await record('03.NL', { close: false });

  // Refusals first: nothing of them is written.
  assertProblem(
    await clerk.post('/records/archive', { recordIds: [a.record.id, open.record.id] }),
    422,
    'validation',
    { fields: [['recordIds', 'state']] },
  );
  assertProblem(await leader.post('/records/archive', { recordIds: [a.record.id] }), 403, 'forbidden');
  // Another agency's clerk learns nothing of the record.
  assertProblem(await outsider.post('/records/archive', { recordIds: [a.record.id] }), 404, 'not-found');
  assertProblem(await clerk.post('/records/archive', { recordIds: 'x' }), 422, 'validation', {
    fields: [['recordIds', 'type']],
  });
  const english = await clerk.post(
    '/records/archive',
    { recordIds: [open.record.id] },
    { headers: { 'Accept-Language': 'en' } },
  );
  assert.equal(english.status, 422);
  assert.match(english.body.errors[0].message, /only closed records can be transferred/);

  const t = assertStatus(
    await clerk.post('/records/archive', { recordIds: [a.record.id, b.record.id] }),
    201,
  );
  assert.equal(t.recordCount, 2);
  assert.deepEqual(t.fileCodes, [a.record.fileCode, b.record.fileCode]);
  assert.equal(t.downloadUrl, `/api/v1/records/archive/${t.id}/package`);
  assert.match(t.createdAt, /\+07:00$/);
  assert.equal((await clerk.get(`/records/${a.record.id}`)).body.state, 'transferred');
  assertProblem(
    await clerk.post('/records/archive', { recordIds: [a.record.id] }),
    422,
    'validation',
    { fields: [['recordIds', 'state']] },
  );
  const list = assertStatus(await leader.get('/records/archive'), 200);
  assert.deepEqual(
    list.items.map((x) => x.id),
    [t.id],
  );
  assertProblem(await outsider.get(`/records/archive/${t.id}`), 404, 'not-found');
  assertProblem(await officer.get('/records/archive'), 403, 'forbidden');

  const got = await download(leader, t.downloadUrl);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'application/zip');
  assert.match(got.headers.get('content-disposition'), /nop-luu-000\.00\.01\.H01-/);
  assert.equal(sha256(got.bytes), t.packageSha256);
  const packagePath = path.join(work, 'package.zip');
  writeFileSync(packagePath, got.bytes);

  // The files as stored, and the manifest lists every one of them.
  const entries = unzip(got.bytes);
  const manifest = entries.get('manifest.txt').toString('utf8');
  const lines = manifest.trim().split('\n');
  assert.equal(lines.length, entries.size - 2);
  const dir = `records/${a.record.fileCode}/`;
  const pngName = [...entries.keys()].find((n) => n.startsWith(`${dir}files/`));
  assert.ok(pngName, 'the record file');
  assert.deepEqual(entries.get(pngName), a.png);
  const pdfName = [...entries.keys()].find((n) => n.startsWith(`${dir}documents/001/files/`));
  assert.equal(sha256(entries.get(pdfName)), a.pdfSha256);
  assert.match(entries.get(`${dir}record.xml`).toString('utf8'), /<Title>Hồ sơ 01\.NL về nộp lưu<\/Title>/);
  const docJson = JSON.parse(entries.get(`${dir}documents/001/document.json`).toString('utf8'));
  assert.equal(docJson.OrganName, 'Ủy ban nhân dân tỉnh An Giang');
  assert.equal(docJson.FileCode.FileNotation, '01.NL');
  // §8.2 item 17: the document's distribution and processing, from its timeline.
  assert.ok(
    docJson.TraceHeaderList.some((t) => t.ActionCode === 'documents.registered' && t.Action === 'Vào sổ'),
    JSON.stringify(docJson.TraceHeaderList),
  );

  // Offline verification: no database, no network.
  const ok = runCli(['doc', 'archive', 'verify', packagePath, '--json']);
  assert.equal(ok.code, 0, ok.stderr + ok.stdout);
  const report = JSON.parse(ok.stdout);
  assert.equal(report.valid, true);
  assert.equal(report.files, lines.length);
  assert.match(report.signer.subject, /Sở Nội vụ tỉnh An Giang/);
  const trusted = runCli(['doc', 'archive', 'verify', packagePath, '--trust', root.cert, '--json']);
  assert.equal(trusted.code, 0, trusted.stderr + trusted.stdout);
  assert.equal(JSON.parse(trusted.stdout).trust, 'valid');

  // openssl agrees on the manifest's signature.
  writeFileSync(path.join(work, 'manifest.txt'), entries.get('manifest.txt'));
  writeFileSync(path.join(work, 'manifest.p7s'), entries.get('manifest.p7s'));
  const cms = openssl(
    [
      'cms', '-verify', '-binary', '-inform', 'DER',
      '-content', path.join(work, 'manifest.txt'),
      '-in', path.join(work, 'manifest.p7s'),
      '-noverify', '-out', path.join(work, 'verified.txt'),
    ],
    { allowFail: true },
  );
  assert.equal(cms.code, 0, cms.stderr);
  assert.match(cms.stderr, /Verification successful/);

  // One byte of the stored PNG changed inside the ZIP: named, exit 1.
  const tampered = Buffer.from(got.bytes);
  const at = tampered.indexOf(a.png.subarray(16, 48));
  assert.ok(at > 0);
  tampered[at + 8] ^= 0xff;
  const tamperedPath = path.join(work, 'tampered.zip');
  writeFileSync(tamperedPath, tampered);
  const bad = runCli(['doc', 'archive', 'verify', tamperedPath]);
  assert.equal(bad.code, 1, bad.stderr + bad.stdout);
  assert.ok(bad.stdout.includes(pngName), bad.stdout);
  // Not a ZIP: bad input, exit 2.
  const junk = path.join(work, 'junk.zip');
  writeFileSync(junk, 'không phải zip');
  assert.equal(runCli(['doc', 'archive', 'verify', junk]).code, 2);
});

test('cqdt doc archive export transfers the closed records of a year from the command line', async () => {
  const c = await record('04.NL');
  const out = path.join(work, 'cli.zip');
  const r = runCli(
    [
      // Every closed record of the year not transferred yet: only 04.NL (03.NL is open).
      'doc', 'archive', 'export', '--as', 'vanthu.snv', '--year', String(THIS_YEAR),
      '--out', out, '--db', sqliteUrl(prepared.dbPath), '--data-dir', prepared.dataDir,
    ],
    { env: { CQDT_SIGNING_KEYS_FILE: keysFile } },
  );
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, new RegExp(c.record.fileCode.replaceAll('.', '\\.')));
  assert.match(r.stdout, /Đã nộp lưu 1 hồ sơ/);
  const v = runCli(['doc', 'archive', 'verify', out]);
  assert.equal(v.code, 0, v.stderr + v.stdout);
  assert.match(v.stdout, /the package is valid/);
  const again = runCli(
    [
      'doc', 'archive', 'export', '--as', 'vanthu.snv', '--records', String(c.record.id),
      '--out', path.join(work, 'again.zip'), '--db', sqliteUrl(prepared.dbPath),
      '--data-dir', prepared.dataDir,
    ],
    { env: { CQDT_SIGNING_KEYS_FILE: keysFile } },
  );
  assert.equal(again.code, 2, again.stderr);
  assert.match(again.stderr, /recordIds/);
});
