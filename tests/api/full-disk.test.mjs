// A full disk (issue 16): the data directory and its SQLite database on a small tmpfs (8 MB).
// Once the disk is full, an upload is refused with a problem+json in Vietnamese (503) that says
// the server is out of space; the server keeps serving reads; nothing acknowledged before is lost
// and no half-written blob is left under a blob's name; after space is freed uploads work again,
// and after a restart everything acknowledged reads back. Needs root (mount); skipped otherwise
// or when the mount fails.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertStatus, isVietnamese } from '../support/api-assert.mjs';
import { loggedIn, prepareDataDir, startServer } from '../support/cqdt-server.mjs';

const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const png = (size) =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    randomBytes(size - 8),
  ]);

// The birth certificate every receipt needs: the same bytes each time (stored once).
const CERT = png(2048);

let mount = null;
let skip = false;
if (process.getuid?.() !== 0) {
  skip = 'needs root to mount a tmpfs';
} else {
  mount = mkdtempSync(path.join(os.tmpdir(), 'cqdt-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mount], { stdio: 'ignore' });
  } catch {
    rmSync(mount, { recursive: true, force: true });
    mount = null;
    skip = 'mount -t tmpfs failed here';
  }
}

let server, counter, officer;
const filler = () => path.join(mount, 'filler');

before(async () => {
  if (skip) return;
  // The demo province, made elsewhere and copied onto the small disk.
  const demo = prepareDataDir();
  cpSync(demo.dataDir, mount, { recursive: true });
  demo.cleanup();
  server = await startServer({ dataDir: mount });
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.rachgia');
});

after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  if (mount) {
    try {
      execFileSync('umount', [mount], { stdio: 'ignore' });
    } catch {
      execFileSync('umount', ['-l', mount], { stdio: 'ignore' });
    }
    rmSync(mount, { recursive: true, force: true });
  }
});

function receipt(bytes, name) {
  const f = new FormData();
  f.append(
    'dossier',
    JSON.stringify({
      procedureCode: '1.001193',
      channel: 'direct',
      applicant: { name: 'Trần Văn Bình', idNumber: '091234567891' },
      documents: [{ ordinal: 1 }, { ordinal: 2 }, { ordinal: 5, byData: true }],
      delivery: 'counter',
    }),
  );
  f.append('documents[0]', new Blob([bytes], { type: 'image/png' }), name);
  f.append('documents[1]', new Blob([CERT], { type: 'image/png' }), 'giấy chứng sinh.png');
  return f;
}

const send = (bytes, name) =>
  counter.post('/dossiers/with-files', receipt(bytes, name), { raw: true });

async function readBack(base, reader, { code, file, bytes }) {
  const res = await fetch(`${base}/api/v1/dossiers/${code}/files/${file.id}`, {
    headers: { Cookie: reader.cookieHeader() },
  });
  assert.equal(res.status, 200, `${code} ${file.name}`);
  assert.equal(sha256(Buffer.from(await res.arrayBuffer())), sha256(bytes), `${code} ${file.name}`);
}

// Every file under a blob's name holds the bytes of that name: no partial write is named.
function assertBlobsWhole() {
  const root = path.join(mount, 'blobs');
  let n = 0;
  for (const fan of readdirSync(root)) {
    if (!/^[0-9a-f]{2}$/.test(fan)) continue;
    for (const name of readdirSync(path.join(root, fan))) {
      assert.equal(sha256(readFileSync(path.join(root, fan, name))), name, `blob ${name} is whole`);
      n++;
    }
  }
  return n;
}

// Writes a file until the disk refuses more (ENOSPC).
function fillDisk() {
  const fd = openSync(filler(), 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x55);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    assert.equal(e.code, 'ENOSPC', e.message);
  } finally {
    closeSync(fd);
  }
  // The last partial block too.
  const small = openSync(path.join(mount, 'filler-tail'), 'w');
  try {
    for (;;) writeSync(small, Buffer.alloc(512, 0x55));
  } catch {
    /* full */
  } finally {
    closeSync(small);
  }
}

test(
  'a full disk refuses uploads with a clear problem, loses nothing, and recovers',
  { skip },
  async () => {
    const acked = [];
    for (const size of [40 * 1024, 600 * 1024]) {
      const bytes = png(size);
      const d = assertStatus(await send(bytes, `trước ${size}.png`), 201);
      acked.push({ code: d.code, file: d.files[0], bytes });
    }

    fillDisk();
    // Small files are written on the caller's thread, large ones on a thread of their own: both
    // are refused.
    for (const size of [40 * 1024, 600 * 1024]) {
      const res = await send(png(size), `khi đầy ${size}.png`);
      assert.ok(
        [503, 507].includes(res.status),
        `status ${res.status}: ${JSON.stringify(res.body)}`,
      );
      assert.match(res.contentType, /^application\/problem\+json/);
      assert.ok(isVietnamese(res.body.detail), res.body.detail);
      assert.match(res.body.detail, /hết dung lượng/, res.body.detail);
    }
    // A scan already stored needs no new blob (its time is refreshed), but the database needs
    // pages it cannot get: refused as well, with the database's own 503.
    const again = await send(acked[0].bytes, 'lại.png');
    assert.equal(again.status, 503, JSON.stringify(again.body));
    assert.match(again.contentType, /^application\/problem\+json/);
    assert.ok(isVietnamese(again.body.detail), again.body.detail);
    // The server keeps serving: reads, the earlier files, its health.
    const health = await fetch(`${server.baseUrl}/healthz`);
    assert.equal(health.status, 200);
    for (const a of acked) await readBack(server.baseUrl, officer, a);
    assertBlobsWhole();

    // Space freed: uploads work again.
    rmSync(filler());
    rmSync(path.join(mount, 'filler-tail'));
    const bytes = png(300 * 1024);
    const d = assertStatus(await send(bytes, 'sau khi dọn.png'), 201);
    acked.push({ code: d.code, file: d.files[0], bytes });
    assert.ok(assertBlobsWhole() >= acked.length);

    // A restart reads everything acknowledged back.
    await server.stop('SIGTERM', { keepData: true });
    server = await startServer({ dataDir: mount });
    const reader = await loggedIn(server.baseUrl, 'chuyenvien.rachgia');
    for (const a of acked) await readBack(server.baseUrl, reader, a);
    assert.ok(existsSync(path.join(mount, 'cqdt.db')));
  },
);
