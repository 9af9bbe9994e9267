// HAProxy in front of several `cqdt serve` processes, for the multi-instance tests (issue 16,
// item 4): runs Debian's haproxy in the foreground on a free loopback port with the sample
// configuration docs/deploy/haproxy.cfg, in which only the `global` section (logs to stderr, a
// stats socket in a temp dir, no chroot, user or daemon), the `bind` line and the `server` lines
// are replaced; everything else (health checks on /readyz, timeouts, retries, forwardfor) is the
// sample's own. Each replaced text must be present, so a sample that drifts fails here rather
// than testing something else. No npm dependencies.
//
//   const lb = await startHaproxy({ servers: [{ name: 'cqdt1', address: '127.0.0.1:41234' }, ...] });
//   lb.baseUrl                      // http://127.0.0.1:<port>
//   await lb.waitFor('cqdt1', 'DOWN');  // the server's state as HAProxy's health checks see it
//   await lb.stop();
//
// With `tag: true` every answer carries `X-Cqdt-Backend: <server name>`, the instance that served
// it (added for the tests only). Waits are for a signal (the port answering, a state in the
// stats) with a ceiling of minutes.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { CEILING_MS, REPO_ROOT, freePort } from './cqdt-server.mjs';

export const SAMPLE = path.join(REPO_ROOT, 'docs', 'deploy', 'haproxy.cfg');
export const BACKEND_HEADER = 'x-cqdt-backend';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The haproxy binary, or null when it is not installed (apt-get install haproxy).
export function haproxyBin() {
  return (
    ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find(
      (p) => spawnSync('test', ['-x', p]).status === 0,
    ) ?? null
  );
}

// The sample with the test's global section, port and servers. `servers`: [{name, address}].
export function templatedConfig({ port, servers, statsSocket, tag = false }) {
  let text = readFileSync(SAMPLE, 'utf8');
  const replace = (from, to) => {
    if (!text.includes(from))
      throw new Error(`docs/deploy/haproxy.cfg no longer contains "${from}"`);
    text = text.split(from).join(to);
  };
  // The global section: from "global" to the first blank line.
  const start = text.search(/^global$/m);
  const end = text.indexOf('\n\n', start);
  if (start < 0 || end < 0) throw new Error('docs/deploy/haproxy.cfg has no global section');
  text =
    text.slice(0, start) +
    [
      'global',
      // State changes ("Server cqdt/cqdt1 is DOWN") and worse; not one line per request.
      '  log stderr format raw local0 notice',
      `  stats socket ${statsSocket} mode 600 level admin`,
      '  stats timeout 30s',
    ].join('\n') +
    text.slice(end);
  replace('\n  bind :80\n', `\n  bind 127.0.0.1:${port}\n`);
  const serverLines = servers.map((s) => `  server ${s.name} ${s.address} check`).join('\n');
  replace(
    '  server cqdt1 10.10.0.11:8080 check\n  server cqdt2 10.10.0.12:8080 check\n',
    serverLines + '\n' + (tag ? `  http-response set-header X-Cqdt-Backend %[srv_name]\n` : ''),
  );
  return text;
}

// One command on the stats socket; resolves to its answer.
function statsCommand(socketPath, command) {
  return new Promise((resolve, reject) => {
    const s = net.connect(socketPath);
    let out = '';
    s.setTimeout(CEILING_MS, () => s.destroy(new Error(`stats socket: no answer to ${command}`)));
    s.on('connect', () => s.write(command + '\n'));
    s.on('data', (c) => (out += c.toString('utf8')));
    s.on('end', () => resolve(out));
    s.on('error', reject);
  });
}

// Starts haproxy. Options: servers [{name, address}] (required), tag (add X-Cqdt-Backend),
// readyTimeoutMs (the ceiling of the wait for every server to be UP; default CEILING_MS).
// Resolves to {baseUrl, port, dir, config, proc, exited, states(), waitFor(name, status), stop(),
// logs()} once haproxy answers on its stats socket and every server passed its health check.
export async function startHaproxy({ servers, tag = false, readyTimeoutMs = CEILING_MS }) {
  const bin = haproxyBin();
  if (!bin) throw new Error('haproxy is not installed (apt-get install haproxy)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-haproxy-'));
  const statsSocket = path.join(dir, 'admin.sock');
  const configFile = path.join(dir, 'haproxy.cfg');
  let lastError;
  // The free-port probe races with other test files: a bind failure is retried on another port.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const config = templatedConfig({ port, servers, statsSocket, tag });
    writeFileSync(configFile, config);
    const check = spawnSync(bin, ['-c', '-q', '-f', configFile], {
      encoding: 'utf8',
      timeout: CEILING_MS,
    });
    if (check.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`haproxy -c refused the configuration:\n${check.stdout}${check.stderr}`);
    }
    // -db: foreground, no daemon; -W would add a master process we do not need.
    const proc = spawn(bin, ['-db', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const cap = (chunk) => {
      if (log.length < 2_000_000) log += chunk.toString('utf8');
    };
    proc.stdout.on('data', cap);
    proc.stderr.on('data', cap);
    let exitInfo = null;
    const exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => resolve((exitInfo = { code, signal })));
      proc.on('error', (error) => resolve((exitInfo = { code: null, signal: null, error })));
    });
    const killOnExit = () => proc.kill('SIGKILL');
    process.on('exit', killOnExit);

    const lb = {
      baseUrl: `http://127.0.0.1:${port}`,
      port,
      dir,
      config,
      proc,
      exited,
      logs: () => log,
      // One command on HAProxy's runtime API (the stats socket); resolves to its answer.
      command: (cmd) => statsCommand(statsSocket, cmd),
      // {name: {status: 'UP'|'DOWN'|..., check: 'L7OK'|..., sessions: total}} of the cqdt backend.
      async states() {
        const csv = await statsCommand(statsSocket, 'show stat');
        const [head, ...rows] = csv.split('\n').filter((l) => l.length);
        const cols = head.replace(/^# /, '').split(',');
        const at = (row, col) => row[cols.indexOf(col)];
        const out = {};
        for (const line of rows) {
          const row = line.split(',');
          if (at(row, 'pxname') !== 'cqdt') continue;
          const name = at(row, 'svname');
          if (name === 'FRONTEND' || name === 'BACKEND') continue;
          out[name] = {
            status: at(row, 'status'),
            check: at(row, 'check_status'),
            sessions: Number(at(row, 'stot')),
          };
        }
        return out;
      },
      // Waits until HAProxy reports `name` in `status` ('UP' or 'DOWN'); resolves to the time it
      // took, in ms.
      async waitFor(name, status, { timeoutMs = CEILING_MS } = {}) {
        const started = Date.now();
        for (;;) {
          if (exitInfo) throw new Error(`haproxy exited (${JSON.stringify(exitInfo)})\n${log}`);
          const s = (await lb.states())[name];
          if (s && s.status === status) return Date.now() - started;
          if (Date.now() - started > timeoutMs) {
            throw new Error(`${name} not ${status} within ${timeoutMs} ms: ${JSON.stringify(s)}`);
          }
          await sleep(100);
        }
      },
      async stop() {
        process.off('exit', killOnExit);
        if (!exitInfo) {
          proc.kill('SIGTERM');
          const t = setTimeout(() => proc.kill('SIGKILL'), CEILING_MS);
          await exited;
          clearTimeout(t);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };

    // Ready: the stats socket answers and every server passed its check.
    const deadline = Date.now() + readyTimeoutMs;
    let ready = false;
    while (Date.now() < deadline && !exitInfo) {
      try {
        const s = await lb.states();
        if (servers.every((sv) => s[sv.name]?.status === 'UP' && /^L7OK/.test(s[sv.name].check))) {
          ready = true;
          break;
        }
      } catch {}
      await sleep(100);
    }
    if (ready) return lb;
    if (exitInfo) {
      process.off('exit', killOnExit);
      lastError = new Error(
        `haproxy exited before it was ready (${JSON.stringify(exitInfo)})\n${log}`,
      );
      continue; // maybe the port was taken meanwhile
    }
    const states = await lb.states().catch((e) => e.message);
    await lb.stop();
    throw new Error(
      `haproxy's servers were not all UP within ${readyTimeoutMs} ms: ${JSON.stringify(states)}\n${log}`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
