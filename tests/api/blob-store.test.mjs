// The blob store seen from outside (issue 16): a stored file whose bytes changed on disk is
// refused with a problem naming it instead of being served; `cqdt blob sweep` removes a file no
// record names and keeps every file a record names, while the server runs; and with
// `[storage] blobs = "database"` on PostgreSQL the files live in the database, not the data
// directory (runs when CQDT_TEST_PG names the test cluster).

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  readFileSync,
  readdirSync,
  utimesSync,
  writeFileSync,
  mkdtempSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { loggedIn, runCli, sqliteUrl, startServer } from '../support/cqdt-server.mjs';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(`scan ${randomBytes(8).toString('hex')}`),
  Buffer.alloc(64),
]);
const CERT = Buffer.concat([PNG.subarray(0, 8), Buffer.from('giấy chứng sinh')]);
const PNG2 = Buffer.concat([PNG, Buffer.from('trang 2')]);
const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const blobPath = (dir, bytes) => path.join(dir, 'blobs', sha256(bytes).slice(0, 2), sha256(bytes));

let server, counter, officer, sweepOffConf;

before(async () => {
  // The server's own daily sweep (at start, the hour having passed) is off here, so that the
  // orphan this file plants is left for `cqdt blob sweep` to find.
  sweepOffConf = mkdtempSync(path.join(os.tmpdir(), 'cqdt-blobs-conf-'));
  writeFileSync(path.join(sweepOffConf, 'cqdt.toml'), '[storage]\nsweep_hour = -1\n');
  server = await startServer({ env: { CQDT_CONFIG: path.join(sweepOffConf, 'cqdt.toml') } });
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.rachgia');
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  if (sweepOffConf) rmSync(sweepOffConf, { recursive: true, force: true });
});

function receipt(files) {
  const f = new FormData();
  f.append(
    'dossier',
    JSON.stringify({
      procedureCode: '1.001193',
      channel: 'direct',
      applicant: { name: 'Lê Thị Ánh Dương', idNumber: '091234567890' },
      documents: [{ ordinal: 1 }, { ordinal: 2 }, { ordinal: 5, byData: true }],
      delivery: 'counter',
    }),
  );
  for (const [bytes, name] of files)
    f.append('documents[0]', new Blob([bytes], { type: 'image/png' }), name);
  f.append('documents[1]', new Blob([CERT], { type: 'image/png' }), 'giấy chứng sinh.png');
  return f;
}

async function download(code, file, headers = {}) {
  return fetch(`${server.baseUrl}/api/v1/dossiers/${code}/files/${file.id}`, {
    headers: { Cookie: officer.cookieHeader(), ...headers },
  });
}

test('a stored file whose bytes changed on disk is refused with a problem naming it, not served', async () => {
  const d = assertStatus(
    await counter.post(
      '/dossiers/with-files',
      receipt([
        [PNG, 'tờ khai.png'],
        [PNG2, 'trang 2.png'],
      ]),
      {
        raw: true,
      },
    ),
    201,
  );
  const [damaged, intact] = d.files;
  const file = blobPath(server.dataDir, PNG);
  assert.ok(existsSync(file), file);
  const bytes = readFileSync(file);
  bytes[9] ^= 0x01; // one bit of one byte
  writeFileSync(file, bytes);

  for (let i = 0; i < 2; i++) {
    const res = await download(d.code, damaged);
    const body = await res.json();
    assertProblem(
      {
        status: res.status,
        contentType: res.headers.get('content-type'),
        body,
        path: new URL(res.url).pathname,
        requestId: res.headers.get('x-request-id'),
      },
      500,
      'internal',
    );
    assert.equal(body.detail, 'Tệp "tờ khai.png" bị hỏng, không đọc được.');
  }
  const en = await download(d.code, damaged, { 'Accept-Language': 'en' });
  assert.equal(en.status, 500);
  assert.equal((await en.json()).detail, 'The file "tờ khai.png" is damaged and cannot be read.');
  // The other file is served as stored.
  const ok = await download(d.code, intact);
  assert.equal(ok.status, 200);
  assert.ok(Buffer.from(await ok.arrayBuffer()).equals(PNG2));
  // Logged once, with the key, however often it is asked for.
  const logged = server
    .logs()
    .split('\n')
    .filter((l) => l.includes(`damaged blob`) && l.includes(sha256(PNG)));
  assert.equal(logged.length, 1, server.logs().slice(-3000));
});

test('cqdt blob sweep removes an old file no record names and keeps every named one, while serving', async () => {
  const d = assertStatus(
    await counter.post(
      '/dossiers/with-files',
      receipt([[Buffer.concat([PNG, Buffer.from('kept')]), 'giữ.png']]),
      {
        raw: true,
      },
    ),
    201,
  );
  const kept = blobPath(server.dataDir, Buffer.concat([PNG, Buffer.from('kept')]));
  const orphanBytes = Buffer.from(`tệp mồ côi ${randomBytes(8).toString('hex')}`);
  const orphan = blobPath(server.dataDir, orphanBytes);
  writeFileSync(orphan, orphanBytes);
  const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
  utimesSync(orphan, twoDaysAgo, twoDaysAgo);
  utimesSync(kept, twoDaysAgo, twoDaysAgo); // old, but named by the dossier

  const args = ['--db', server.dbUrl, '--data-dir', server.dataDir, 'blob', 'sweep'];
  const dry = runCli([...args, '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /orphans older than 24 hours: 1 \(/);
  assert.match(dry.stdout, /dry run: nothing removed/);
  assert.ok(existsSync(orphan));

  const swept = runCli(args);
  assert.equal(swept.code, 0, swept.stderr);
  assert.match(swept.stdout, /Đã xóa \/ removed: 1 /);
  assert.ok(!existsSync(orphan), 'the orphan is gone');
  assert.ok(existsSync(kept), 'the named file stays');
  const res = await download(d.code, d.files[0]);
  assert.equal(res.status, 200);

  // A file stored now is spared by the grace period even before any row names it.
  const young = Buffer.from(`tệp mới ${randomBytes(8).toString('hex')}`);
  writeFileSync(blobPath(server.dataDir, young), young);
  const again = runCli(args);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /removed: 0 /);
  assert.ok(existsSync(blobPath(server.dataDir, young)));
  assert.equal(runCli([...args, '--grace-hours', 'x']).code !== 0, true);
});

const cluster = process.env.CQDT_TEST_PG;
test(
  'with [storage] blobs = "database" the files live in the PostgreSQL database and sweep there',
  { skip: cluster ? false : 'CQDT_TEST_PG is not set' },
  async () => {
    const psql = (sql, db = cluster) =>
      execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', db, '-c', sql], {
        encoding: 'utf8',
      }).trim();
    const name = `api_blobs_${randomBytes(6).toString('hex')}`;
    psql(`CREATE DATABASE ${name}`);
    const url = new URL(cluster);
    url.pathname = `/${name}`;
    const dbUrl = url.toString();
    const confDir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-blobs-conf-'));
    const conf = path.join(confDir, 'cqdt.toml');
    writeFileSync(conf, '[storage]\nblobs = "database"\n');
    const pg = await startServer({ db: dbUrl, env: { CQDT_CONFIG: conf } });
    try {
      const clerk = await loggedIn(pg.baseUrl, 'motcua.rachgia');
      const reader = await loggedIn(pg.baseUrl, 'chuyenvien.rachgia');
      const d = assertStatus(
        await clerk.post(
          '/dossiers/with-files',
          receipt([
            [PNG, 'tờ khai.png'],
            [PNG2, 'trang 2.png'],
          ]),
          {
            raw: true,
          },
        ),
        201,
      );
      for (const [f, bytes] of [
        [d.files[0], PNG],
        [d.files[1], PNG2],
      ]) {
        const res = await fetch(`${pg.baseUrl}/api/v1/dossiers/${d.code}/files/${f.id}`, {
          headers: { Cookie: reader.cookieHeader() },
        });
        assert.equal(res.status, 200);
        assert.ok(Buffer.from(await res.arrayBuffer()).equals(bytes));
      }
      assert.equal(
        psql(`SELECT count(*) FROM blob_object WHERE sha256 = '${sha256(PNG)}'`, dbUrl),
        '1',
      );
      const fanOut = path.join(pg.dataDir, 'blobs');
      const files = existsSync(fanOut)
        ? readdirSync(fanOut, { recursive: true }).filter((p) => /[0-9a-f]{64}$/.test(p))
        : [];
      assert.deepEqual(files, [], 'no blob in the data directory');
      // An orphan row, two days old: swept; the dossier's rows stay.
      psql(
        `INSERT INTO blob_object VALUES ('${'0'.repeat(64)}', 1, '\\x00', 0, ` +
          `extract(epoch from now())::bigint - 172800)`,
        dbUrl,
      );
      const swept = runCli(['--db', dbUrl, '--data-dir', pg.dataDir, 'blob', 'sweep'], {
        env: { CQDT_CONFIG: conf },
      });
      assert.equal(swept.code, 0, swept.stderr);
      assert.match(swept.stdout, /removed: 1 /);
      assert.equal(psql('SELECT count(*) FROM blob_object', dbUrl), '3'); // the dossier's three files
    } finally {
      await pg.stop();
      rmSync(confDir, { recursive: true, force: true });
      psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  },
);

test('blobs = "database" is refused on SQLite, naming the setting', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-blobs-sqlite-'));
  try {
    const conf = path.join(dir, 'cqdt.toml');
    writeFileSync(conf, '[storage]\nblobs = "database"\n');
    const r = runCli(
      ['--db', sqliteUrl(path.join(dir, 'cqdt.db')), '--data-dir', dir, 'blob', 'sweep'],
      {
        env: { CQDT_CONFIG: conf },
      },
    );
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /storage\.blobs/);
    writeFileSync(conf, '[storage]\nblobs = "s3"\n');
    const bad = runCli(['--data-dir', dir, 'blob', 'sweep'], { env: { CQDT_CONFIG: conf } });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /storage\.blobs/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
