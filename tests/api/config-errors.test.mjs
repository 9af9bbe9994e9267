// Configuration errors name the key and the file (issue 16, "Bad input and failures"): a value of
// the wrong type, out of range or otherwise refused, an unknown key and an unknown section each
// stop `cqdt serve` before it starts, with "<file>: <section>.<key>: <what is wrong>" on stderr and
// the usage exit code (2, as for bad arguments; the systemd unit does not restart on it). And a
// database that cannot be reached at start: one line naming the host and port (not the password),
// a non-zero exit code, and no hang (libpq's connect_timeout bounds it).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { freePort, runCli } from '../support/cqdt-server.mjs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-config-errors-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
// Writes `toml` to a file of its own and runs `cqdt --config <file> serve` on a free port.
async function serveWith(toml) {
  const file = path.join(dir, `case-${++n}.toml`);
  writeFileSync(file, toml);
  const port = await freePort();
  const r = runCli([
    'serve',
    '--config',
    file,
    '--data-dir',
    path.join(dir, `data-${n}`),
    '--listen',
    `127.0.0.1:${port}`,
  ]);
  return { ...r, file };
}

const CASES = [
  [
    'a string for an integer',
    '[server]\nworker_threads = "x"\n',
    'server.worker_threads',
    /số nguyên|integer/,
  ],
  ['an integer for a string', '[server]\nlisten = 12\n', 'server.listen', /chuỗi|string/],
  ['a string for a boolean', '[log]\naccess_log = "yes"\n', 'log.access_log', /true/],
  [
    'a float for an integer',
    '[database]\npool_size = 2.5\n',
    'database.pool_size',
    /số nguyên|integer/,
  ],
  ['a value out of range', '[server]\nworker_threads = 0\n', 'server.worker_threads', /1 .* 1024/],
  [
    'a negative limit',
    '[security]\nlogin_max_failures = -3\n',
    'security.login_max_failures',
    /từ 1/,
  ],
  ['a number past int', '[session]\nidle_minutes = 99999999999\n', 'session.idle_minutes', /đến/],
  [
    'a listen address without a port',
    '[server]\nlisten = "localhost"\n',
    'server.listen',
    /máy:cổng|host:port/,
  ],
  ['an unknown log level', '[log]\nlevel = "loud"\n', 'log.level', /trace/],
  [
    'a list of mixed items',
    '[exchange]\nserved = ["H01", 2]\n',
    'exchange.served',
    /danh sách|array/,
  ],
  ['an unknown key', '[server]\nworkers = 4\n', 'server.workers', /không hỗ trợ|unknown key/],
  [
    'an unknown section',
    '[servre]\nlisten = "127.0.0.1:1"\n',
    '[servre]',
    /không hỗ trợ|unknown section/,
  ],
  [
    'a mail value of the wrong type',
    '[mail]\nsmtp_port = "587"\n',
    'mail.smtp_port',
    /số nguyên|integer/,
  ],
  ['a mail value refused', '[mail]\nsmtp_tls = "ssl"\n', 'mail.smtp_tls', /starttls/],
  [
    'a cross-key rule',
    '[exchange]\nretry_seconds = 60\nmax_retry_seconds = 10\n',
    'exchange.max_retry_seconds',
    /retry_seconds/,
  ],
];

for (const [name, toml, key, what] of CASES) {
  test(`config: ${name} is refused with its file and key`, async () => {
    const r = await serveWith(toml);
    assert.equal(r.code, 2, `exit code for ${name}: ${r.stderr}`);
    const line = r.stderr.split('\n').find((l) => l.includes(key));
    assert.ok(line, `stderr names ${key}: ${r.stderr}`);
    assert.ok(line.includes(`${r.file}: ${key}`), `"<file>: <key>" in: ${line}`);
    assert.match(line, what);
  });
}

test('config: the same keys with the right types pass (the control)', () => {
  // Every command reads the configuration first: a valid file passes the loader and the command
  // runs.
  const file = path.join(dir, 'valid.toml');
  writeFileSync(
    file,
    '[server]\nlisten = "127.0.0.1:8080"\nworker_threads = 4\n[log]\naccess_log = false\n' +
      '[exchange]\nserved = ["H01"]\n[mail]\nsmtp_port = 587\n',
  );
  const r = runCli([
    '--config',
    file,
    '--data-dir',
    path.join(dir, 'valid-data'),
    'calendar',
    'lunar',
    '2026-02-17',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /valid\.toml:/);
});

test('database unreachable at start: one line naming host and port, never the password', () => {
  const r = runCli([
    '--db',
    'postgresql://cqdt:s3cretpass@127.0.0.1:1/x',
    '--data-dir',
    path.join(dir, 'unreachable'),
    'serve',
    '--listen',
    '127.0.0.1:0',
  ]);
  assert.notEqual(r.code, 0, r.stderr);
  assert.equal(r.signal, null, 'exited on its own, in bounded time');
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0], /127\.0\.0\.1:1/);
  assert.match(lines[0], /Không kết nối được cơ sở dữ liệu/);
  assert.match(lines[0], /cannot connect/);
  assert.doesNotMatch(r.stderr, /s3cretpass/);
});
