// A PostgreSQL restart and outage survived (issue 16 item 4): the pool heals, /readyz says not
// ready while the database is down and ready again after, and no request hangs. The test starts
// its own cluster (scripts/pg-cluster.sh, on a free port) so that it may stop it, and runs one
// `cqdt serve` on it with clients reading and writing the whole time.
//   1. `pg_ctl restart -m fast` while the clients run: every request answers (200, or 503
//      problem+json while the server was away; never a 500, never a hang), and after the restart
//      reads and writes (a login) work again on the same server.
//   2. `pg_ctl stop -m fast`, then start: /readyz answers 503 while it is down, a request that
//      needs the database answers 503 problem+json in Vietnamese at once, and /readyz is 200
//      again after the start, with writes working.
// Waits have generous ceilings (CEILING_MS) and the test asserts no timings. Skipped when
// PostgreSQL's server binaries are not installed.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  CEILING_MS,
  Client,
  REPO_ROOT,
  eventually,
  freePort,
  loggedIn,
  startServer,
} from '../support/cqdt-server.mjs';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'pg-cluster.sh');
const PG_BIN = (() => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(a) - Number(b));
  for (const v of versions.reverse()) {
    if (existsSync(path.join(root, v, 'bin', 'pg_ctl'))) return path.join(root, v, 'bin');
  }
  return null;
})();
const skip = PG_BIN ? false : 'PostgreSQL server binaries are not installed';
const isRoot = process.getuid?.() === 0;

let dir;
let port;
let adminUrl;
let server;

// pg_ctl on the test's cluster, as the cluster's owner.
function pgCtl(...args) {
  const cmd = [path.join(PG_BIN, 'pg_ctl'), '-D', path.join(dir, 'data'), ...args];
  const r = isRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', ...cmd], {
        encoding: 'utf8',
        timeout: CEILING_MS,
      })
    : spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', timeout: CEILING_MS });
  assert.equal(r.status, 0, `pg_ctl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
}

function startCluster() {
  return execFileSync('bash', [SCRIPT, 'start', dir, String(port)], { encoding: 'utf8' }).trim();
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-pg-restart-'));
  port = await freePort();
  adminUrl = startCluster();
  execFileSync('psql', [
    '-X',
    '-q',
    '-v',
    'ON_ERROR_STOP=1',
    adminUrl,
    '-c',
    'CREATE DATABASE cqdt_restart',
  ]);
  const url = new URL(adminUrl);
  url.pathname = '/cqdt_restart';
  // The clients log in again and again from one address: the per-address limits are raised out
  // of the way (they are not what this test is about).
  const config = path.join(dir, 'cqdt.toml');
  writeFileSync(
    config,
    '[security]\nanonymous_requests_per_minute = 1000000\nlogin_max_failures_per_address = 100000\n',
  );
  server = await startServer({ db: url.toString(), env: { CQDT_CONFIG: config } });
});

after(async () => {
  if (server) await server.stop();
  if (dir) spawnSync('bash', [SCRIPT, 'stop', dir]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Clients that keep reading (the agencies, which needs the database), checking readiness and
// logging in (a write) until stopped; every answer is recorded. A request that never answered
// would fail the test at CEILING_MS through its abort signal: the test then names it.
function runClients(baseUrl, staff, n = 4) {
  const answers = [];
  let running = true;
  const one = async (i) => {
    const mine = staff.clone();
    for (let round = 0; running; round++) {
      const calls = [
        ['GET /agencies', () => mine.get('/agencies')],
        ['GET /readyz', () => mine.get('/readyz')],
      ];
      // Now and then a login (a write) by one client, of an account no other step uses: a login
      // cut off by the outage after its attempt was counted stays counted (as any unsettled
      // attempt), and the account's limit is 5.
      if (i === 0 && round % 5 === 0) {
        calls.push(['POST /auth/login', () => new Client(baseUrl).login('chuyenvien.snv')]);
      }
      for (const [what, call] of calls) {
        try {
          const res = await call();
          answers.push({ what, status: res.status, contentType: res.contentType, body: res.body });
        } catch (e) {
          answers.push({ what, error: String(e) });
        }
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const done = Promise.all(Array.from({ length: n }, (_, i) => one(i)));
  return {
    answers,
    stop: async () => {
      running = false;
      await done;
      return answers;
    },
  };
}

function checkAnswers(answers) {
  assert.ok(answers.length > 0);
  for (const a of answers) {
    assert.equal(a.error, undefined, `${a.what}: no answer (${a.error})`);
    assert.ok([200, 503].includes(a.status), `${a.what}: ${a.status} ${JSON.stringify(a.body)}`);
    if (a.status === 503 && a.what !== 'GET /readyz') {
      assert.match(a.contentType, /application\/problem\+json/, a.what);
    }
  }
}

test(
  'pg-restart: a fast restart while clients run: every request answers, the pool heals',
  { skip },
  async () => {
    const staff = await loggedIn(server.baseUrl, 'motcua.rachgia');
    const clients = runClients(server.baseUrl, staff);
    await eventually(() => assert.ok(clients.answers.length >= 20));
    pgCtl('restart', '-m', 'fast', '-w', '-t', '300', '-l', path.join(dir, 'server.log'));
    await eventually(async () => {
      const r = await fetch(`${server.baseUrl}/readyz`, {
        signal: AbortSignal.timeout(CEILING_MS),
      });
      assert.equal(r.status, 200);
    });
    // Some more answers after the restart, from the same clients and connections.
    const seen = clients.answers.length;
    await eventually(() => assert.ok(clients.answers.length >= seen + 20));
    checkAnswers(await clients.stop());
    // The same server reads and writes on healed connections.
    assert.equal((await staff.get('/agencies')).status, 200);
    const again = await loggedIn(server.baseUrl, 'motcua.rachgia');
    assert.equal((await again.get('/agencies')).status, 200);
  },
);

test(
  'pg-restart: stopped: /readyz 503 and requests 503 at once; started: ready, writes work',
  { skip },
  async () => {
    const staff = await loggedIn(server.baseUrl, 'motcua.rachgia');
    const other = await loggedIn(server.baseUrl, 'motcua.rachgia');
    const clients = runClients(server.baseUrl, staff, 2);
    try {
      await eventually(() => assert.ok(clients.answers.length >= 10));
      pgCtl('stop', '-m', 'fast', '-w', '-t', '300');

      const ready = await fetch(`${server.baseUrl}/readyz`, {
        signal: AbortSignal.timeout(CEILING_MS),
      });
      assert.equal(ready.status, 503);
      assert.equal((await ready.json()).database, false);

      // A write needs the database (a read may still be answered from a cache, e.g. the agencies).
      const down = await other.post('/auth/logout');
      assert.equal(down.status, 503, down.text);
      assert.match(down.contentType, /application\/problem\+json/);
      assert.match(down.body.detail, /Cơ sở dữ liệu tạm thời không truy cập được/);
      assert.ok(down.headers.get('retry-after'), 'Retry-After');
      const english = await other.post('/auth/logout', undefined, {
        headers: { 'Accept-Language': 'en' },
      });
      assert.equal(english.status, 503);
      assert.match(english.body.detail, /database/i);

      const login = await new Client(server.baseUrl).login('motcua.rachgia');
      assert.equal(login.status, 503, login.text);

      startCluster();
      await eventually(async () => {
        const r = await fetch(`${server.baseUrl}/readyz`, {
          signal: AbortSignal.timeout(CEILING_MS),
        });
        assert.equal(r.status, 200);
      });
    } finally {
      await clients.stop();
    }
    checkAnswers(clients.answers);
    assert.equal((await other.post('/auth/logout')).status, 204);
    const again = await loggedIn(server.baseUrl, 'motcua.rachgia');
    assert.equal((await again.get('/agencies')).status, 200);
    assert.equal((await staff.get('/agencies')).status, 200);
  },
);
