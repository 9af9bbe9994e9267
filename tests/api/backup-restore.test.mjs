// Backup and restore (issue 16, item 3; decision 0022): `cqdt backup` runs while clients keep
// registering incoming documents and receiving dossiers with files, every acknowledged write
// recorded; the backup verifies; `cqdt restore` refuses a data directory that is not empty and
// restores into an empty one; there `cqdt audit verify` passes (a signed checkpoint taken before
// the backup included), and every write acknowledged before the backup began is present with
// its file reading back with the digest it was uploaded with. On SQLite always; on PostgreSQL
// when CQDT_TEST_PG names a cluster (scripts/test.sh) or scripts/pg-cluster.sh can start one.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { assertStatus } from '../support/api-assert.mjs';
import {
  CEILING_MS,
  REPO_ROOT,
  cqdtBin,
  freePort,
  loggedIn,
  runCli,
  sqliteUrl,
  startServer,
} from '../support/cqdt-server.mjs';
import { discPng, minimalPdf } from '../support/pki.mjs';

const SEAL = 'seal-000.00.00.h01.p12'; // UBND tỉnh An Giang, the agency of the demo clerk vanthu.ubnd
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const work = mkdtempSync(path.join(os.tmpdir(), 'cqdt-backup-test-'));
const cleanups = [];
after(() => {
  for (const c of cleanups.reverse()) c();
  rmSync(work, { recursive: true, force: true });
});

// `cqdt <args>` without blocking the event loop (the write load goes on meanwhile).
function runCliAsync(args) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CQDT_')) env[k] = v;
  env.CQDT_LOG_LEVEL = 'warn';
  return new Promise((resolve, reject) => {
    const p = spawn(cqdtBin(), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    const t = setTimeout(() => p.kill('SIGKILL'), CEILING_MS);
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(t);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function ok(r, what) {
  assert.equal(
    r.code,
    0,
    `${what}: exit ${r.code ?? r.signal}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
  );
  return r;
}

// The write load: one loop registers incoming documents with a PDF, one receives dossiers with a
// PNG scan, until stop() — each acknowledged write recorded with the time of its answer.
function startLoad(baseUrl, clerk, counter) {
  const acked = [];
  let stopping = false;
  let serial = 0;
  const tag = randomBytes(3).toString('hex');
  async function documents() {
    while (!stopping) {
      const n = ++serial;
      const pdf = minimalPdf(`Cong van sao luu ${tag} ${n}`);
      const file = assertStatus(
        await clerk.post(`/documents/files?fileName=cv-${n}.pdf`, pdf, {
          raw: true,
          headers: { 'Content-Type': 'application/pdf' },
        }),
        201,
      );
      const doc = assertStatus(
        await clerk.post('/documents/incoming', {
          numberText: `${n}/SL-${tag}`,
          issuedDate: '2026-11-20',
          senderName: 'Sở Tư pháp tỉnh An Giang',
          subject: `Kiểm tra sao lưu ${tag} số ${n}`,
          channel: 'paper',
          fileIds: [file.id],
        }),
        201,
      );
      acked.push({
        kind: 'document',
        id: doc.id,
        fileId: file.id,
        sha256: sha256(pdf),
        at: Date.now(),
      });
    }
  }
  async function dossiers() {
    while (!stopping) {
      const n = ++serial;
      const png = discPng(48 + (n % 50), [n % 256, 80, 160]);
      const scan = assertStatus(
        await counter.post(`/dossiers/files?fileName=to-khai-${n}.png`, png, {
          raw: true,
          headers: { 'Content-Type': 'application/octet-stream' },
        }),
        201,
      );
      const d = assertStatus(
        await counter.post('/dossiers', {
          procedureCode: '1.001193',
          channel: 'direct',
          applicant: { name: `Người nộp ${tag} ${n}`, idNumber: '091234567890' },
          documents: [
            { ordinal: 1, provided: true, fileIds: [scan.id] },
            { ordinal: 2, provided: true },
            { ordinal: 5, byData: true },
          ],
          delivery: 'counter',
        }),
        201,
      );
      acked.push({
        kind: 'dossier',
        id: d.code,
        fileId: scan.id,
        sha256: sha256(png),
        at: Date.now(),
      });
    }
  }
  const running = Promise.all([documents(), dossiers()]);
  return {
    acked,
    async stop() {
      stopping = true;
      await running;
    },
  };
}

// Reads a recorded write back from a server: present, and its file with the digest it had.
async function readBack(clerk, counter, w) {
  const [client, base] =
    w.kind === 'document' ? [clerk, `/documents/incoming/${w.id}`] : [counter, `/dossiers/${w.id}`];
  const res = await client.get(base);
  if (res.status === 404) return false;
  assertStatus(res, 200);
  const file = await fetch(`${client.baseUrl}/api/v1${base}/files/${w.fileId}`, {
    headers: { Cookie: client.cookieHeader() },
    signal: AbortSignal.timeout(CEILING_MS),
  });
  assert.equal(file.status, 200, `${base}/files/${w.fileId}`);
  assert.equal(
    sha256(Buffer.from(await file.arrayBuffer())),
    w.sha256,
    `the file of ${w.kind} ${w.id}`,
  );
  return true;
}

// One round: `db` is a database URL for the source instance, `restoreDb` an empty one for the
// restored instance (PostgreSQL); both undefined for SQLite.
async function backupUnderLoadAndRestore({ db, restoreDb }) {
  const server = await startServer({ pki: true, db });
  cleanups.push(() => server.proc.kill('SIGKILL'));
  const source = ['--db', server.dbUrl, '--data-dir', server.dataDir];
  // A signed checkpoint of the audit chain before anything else: after the restore it must
  // still match (the backup takes the checkpoints before the database snapshot).
  ok(
    runCli([
      'audit',
      'checkpoint',
      '--key',
      path.join(server.dataDir, 'pki', SEAL),
      '--password',
      '',
      ...source,
    ]),
    'audit checkpoint',
  );
  const clerk = await loggedIn(server.baseUrl, 'vanthu.ubnd');
  const counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  const load = startLoad(server.baseUrl, clerk, counter);
  // The backup starts once writes are flowing, and runs while they go on.
  while (load.acked.length < 6) await new Promise((r) => setTimeout(r, 20));
  const dest = path.join(work, `backup-${randomBytes(4).toString('hex')}`);
  const startedAt = Date.now();
  const backup = await runCliAsync(['backup', dest, ...source]);
  const during = load.acked.filter((w) => w.at > startedAt).length;
  await load.stop();
  await server.stop();
  ok(backup, 'cqdt backup');
  assert.match(backup.stdout, /Đã sao lưu \/ backup complete/);

  // At or before the backup's start: an acknowledgement in the same millisecond came first (the
  // loop above saw it before the backup was spawned).
  const before = load.acked.filter((w) => w.at <= startedAt);
  assert.ok(before.length >= 6, 'writes acknowledged before the backup');
  // Informational: how much was written while the backup ran (0 on a very fast machine).
  console.log(
    `# ${db ? 'postgresql' : 'sqlite'}: ${before.length} writes before the backup, ${during} during it`,
  );

  const verify = ok(runCli(['backup', 'verify', dest]), 'cqdt backup verify');
  assert.match(verify.stdout, /^OK: bản sao lưu toàn vẹn/m);
  const manifest = JSON.parse(readFileSync(path.join(dest, 'manifest.json'), 'utf8'));
  assert.equal(manifest.database.engine, db ? 'postgresql' : 'sqlite');
  assert.match(manifest.createdAt, /\+07:00$/);
  assert.ok(
    manifest.files.some((f) => f.path.startsWith('data/audit/checkpoints/')),
    'checkpoints',
  );
  assert.ok(
    manifest.files.some((f) => f.path === `data/pki/${SEAL}`),
    'the key ring',
  );
  assert.ok(
    manifest.files.some((f) => f.path.startsWith('data/blobs/')),
    'blobs',
  );

  // Restore refuses a data directory that is not empty, naming it, and writes nothing there.
  const busy = path.join(work, `busy-${randomBytes(4).toString('hex')}`);
  mkdirSync(busy);
  writeFileSync(path.join(busy, 'old.txt'), 'x');
  const refused = runCli([
    'restore',
    dest,
    '--data-dir',
    busy,
    ...(restoreDb ? ['--db', restoreDb] : []),
  ]);
  assert.equal(refused.code, 2, refused.stderr);
  assert.ok(refused.stderr.includes(busy), refused.stderr);
  assert.match(refused.stderr, /không trống/);
  assert.deepEqual(readdirSync(busy), ['old.txt']);

  const target = path.join(work, `restored-${randomBytes(4).toString('hex')}`);
  const targetDb = restoreDb ?? sqliteUrl(path.join(target, 'cqdt.db'));
  ok(runCli(['restore', dest, '--data-dir', target, '--db', targetDb]), 'cqdt restore');
  const audit = ok(
    runCli(['audit', 'verify', '--data-dir', target, '--db', targetDb]),
    'cqdt audit verify',
  );
  assert.match(audit.stdout, /^OK: chuỗi nhật ký toàn vẹn/m);
  assert.match(audit.stdout, /mốc đã ký khớp/, 'the checkpoint taken before the backup matches');

  const restored = await startServer({ dataDir: target, ownDataDir: true, db: targetDb });
  cleanups.push(() => restored.proc.kill('SIGKILL'));
  const clerk2 = await loggedIn(restored.baseUrl, 'vanthu.ubnd');
  const counter2 = await loggedIn(restored.baseUrl, 'motcua.rachgia');
  for (const w of before) {
    assert.ok(
      await readBack(clerk2, counter2, w),
      `${w.kind} ${w.id} acknowledged before the backup`,
    );
  }
  // Writes made while the backup ran may or may not be in it; those that are read back whole.
  for (const w of load.acked.filter((x) => x.at >= startedAt)) await readBack(clerk2, counter2, w);
  await restored.stop();
}

test('SQLite: a backup taken under write load restores with every earlier write and file', async () => {
  await backupUnderLoadAndRestore({});
});

// PostgreSQL: the test script's cluster, or one started here (and stopped afterwards).
async function startOwnCluster() {
  const script = path.join(REPO_ROOT, 'scripts', 'pg-cluster.sh');
  if (!existsSync('/usr/lib/postgresql') || !existsSync(script)) return null;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-backup-pg-'));
  try {
    const url = execFileSync('bash', [script, 'start', dir, String(await freePort())], {
      encoding: 'utf8',
      timeout: CEILING_MS,
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
    cleanups.push(() => execFileSync('bash', [script, 'stop', dir], { stdio: 'ignore' }));
    return url;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

test('PostgreSQL: pg_dump under write load, pg_restore into an empty database', async (t) => {
  const cluster = process.env.CQDT_TEST_PG || (await startOwnCluster());
  if (!cluster) {
    t.skip('no PostgreSQL: CQDT_TEST_PG is not set and scripts/pg-cluster.sh cannot start one');
    return;
  }
  const suffix = randomBytes(5).toString('hex');
  const names = [`backup_src_${suffix}`, `backup_dst_${suffix}`];
  const psql = (sql) =>
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', cluster, '-c', sql], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  const urls = names.map((name) => {
    psql(`CREATE DATABASE ${name}`);
    cleanups.push(() => {
      try {
        psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch {}
    });
    const u = new URL(cluster);
    u.pathname = `/${name}`;
    return u.toString();
  });
  await backupUnderLoadAndRestore({ db: urls[0], restoreDb: urls[1] });
});
