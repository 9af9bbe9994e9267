// The sample reverse proxy, docs/deploy/nginx-cqdt.conf, run by Debian's nginx on loopback in
// front of a cqdt (issue 16, item 2): its ports, certificate paths and upstream substituted, and
// nothing else changed. Through it: HTTP/2 over TLS (curl --http2), the client's address as cqdt
// records it (a forged X-Forwarded-For is not believed, directly or through nginx), HSTS, and an
// upload above nginx's default 1 MB body limit reaching cqdt. The client speaks from 127.0.0.2,
// so that it is not the proxy (127.0.0.1, the one trusted address). Skipped without nginx.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  CEILING_MS,
  REPO_ROOT,
  eventually,
  freePort,
  startServer,
} from '../support/cqdt-server.mjs';
import { createLoopbackCert } from '../support/loopback-tls.mjs';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(
  (p) => spawnSync('test', ['-x', p]).status === 0,
);
const skip = NGINX ? false : 'nginx is not installed (apt-get install nginx-light)';

const CLIENT_ADDRESS = '127.0.0.2';

let dir;
let server;
let nginx;
let nginxLog = '';
let httpsPort;
let cert;

// The sample with this test's ports and files. Each replaced text must be present: a sample that
// drifts away from what the test substitutes fails here rather than testing something else.
function templatedSample(upstream, httpPort) {
  let text = readFileSync(path.join(REPO_ROOT, 'docs', 'deploy', 'nginx-cqdt.conf'), 'utf8');
  const replace = (from, to) => {
    assert.ok(text.includes(from), `docs/deploy/nginx-cqdt.conf no longer contains "${from}"`);
    text = text.split(from).join(to);
  };
  replace('server 127.0.0.1:8080;', `server ${upstream};`);
  replace('listen 80;', `listen 127.0.0.1:${httpPort};`);
  replace('listen [::]:80;', '');
  replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
  replace('listen [::]:443 ssl http2;', '');
  replace('/etc/ssl/cqdt/fullchain.pem', cert.certPath);
  replace('/etc/ssl/cqdt/privkey.pem', cert.keyPath);
  return text;
}

// A minimal nginx.conf around the sample (what /etc/nginx/nginx.conf gives it on a server), every
// path inside the test's directory.
function nginxConf(sampleFile) {
  const p = (name) => path.join(dir, name);
  return [
    process.getuid?.() === 0 ? 'user root;' : '',
    'worker_processes 1;',
    `pid ${p('nginx.pid')};`,
    `error_log ${p('error.log')} warn;`,
    'events { worker_connections 64; }',
    'http {',
    `  access_log ${p('access.log')};`,
    `  client_body_temp_path ${p('tmp/body')};`,
    `  proxy_temp_path ${p('tmp/proxy')};`,
    `  fastcgi_temp_path ${p('tmp/fastcgi')};`,
    `  uwsgi_temp_path ${p('tmp/uwsgi')};`,
    `  scgi_temp_path ${p('tmp/scgi')};`,
    `  include ${sampleFile};`,
    '}',
    '',
  ].join('\n');
}

// curl from CLIENT_ADDRESS; returns {status, httpVersion, headers (lower-case), body}.
function curl(url, args = []) {
  const r = spawnSync(
    'curl',
    // prettier-ignore
    ['-sS', '--interface', CLIENT_ADDRESS, '--cacert', cert.caPath, '-D', '-', '-o', path.join(dir, 'body'),
      '-w', '\n%{http_version}', '--max-time', String(CEILING_MS / 1000), ...args, url],
    { encoding: 'utf8', timeout: CEILING_MS },
  );
  assert.equal(r.status, 0, `curl ${url}: ${r.stderr}`);
  const lines = r.stdout.trimEnd().split('\n');
  const httpVersion = lines.pop().trim();
  const headers = {};
  let status = 0;
  for (const line of lines) {
    const m = /^HTTP\/[\d.]+ (\d{3})/.exec(line);
    if (m) status = Number(m[1]);
    const i = line.indexOf(':');
    if (i > 0 && !m) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status, httpVersion, headers, body: readFileSync(path.join(dir, 'body'), 'utf8') };
}

// The client address cqdt's access log recorded for the request with this X-Request-Id.
async function loggedClient(requestId) {
  return eventually(() => {
    for (const line of server.stdout().split('\n')) {
      if (line.includes(`"requestId":"${requestId}"`)) return JSON.parse(line).client;
    }
    throw new Error(`no access-log line for ${requestId}`);
  });
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-nginx-'));
  mkdirSync(path.join(dir, 'tmp'));
  cert = createLoopbackCert(dir, 'nginx');
  const config = path.join(dir, 'cqdt.toml');
  writeFileSync(
    config,
    ['[server]', 'trusted_proxies = ["127.0.0.1"]', 'cookie_secure = true', ''].join('\n'),
  );
  server = await startServer({ demo: false, env: { CQDT_CONFIG: config, CQDT_LOG_LEVEL: 'warn' } });

  httpsPort = await freePort();
  const sample = path.join(dir, 'cqdt-site.conf');
  writeFileSync(sample, templatedSample(`127.0.0.1:${server.port}`, await freePort()));
  const main = path.join(dir, 'nginx.conf');
  writeFileSync(main, nginxConf(sample));
  const check = spawnSync(NGINX, ['-t', '-p', dir, '-c', main], {
    encoding: 'utf8',
    timeout: CEILING_MS,
  });
  assert.equal(check.status, 0, `nginx -t: ${check.stderr}`);
  nginx = spawn(NGINX, ['-p', dir, '-c', main, '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  nginx.stderr.on('data', (c) => (nginxLog += c));
  // Ready when nginx answers on its HTTPS port (it has exited when the promise below settles).
  const exited = new Promise((resolve) => nginx.on('exit', resolve));
  await eventually(async () => {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${nginxLog}`);
    assert.equal(curl(`https://127.0.0.1:${httpsPort}/healthz`).status, 200);
  });
  nginx.exited = exited;
});

after(async () => {
  if (nginx && nginx.exitCode === null) {
    nginx.kill('SIGQUIT');
    const kill = setTimeout(() => nginx.kill('SIGKILL'), CEILING_MS);
    await nginx.exited;
    clearTimeout(kill);
  }
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test(
  'a request through nginx arrives over HTTP/2 and cqdt records the real client',
  { skip },
  async () => {
    const res = curl(`https://127.0.0.1:${httpsPort}/healthz`, ['--http2']);
    assert.equal(res.status, 200);
    assert.equal(res.httpVersion, '2');
    assert.deepEqual(JSON.parse(res.body), { status: 'ok' });
    assert.equal(res.headers['strict-transport-security'], 'max-age=31536000');
    assert.ok(res.headers['x-request-id'], 'the answer came from cqdt');
    assert.equal(await loggedClient(res.headers['x-request-id']), CLIENT_ADDRESS);
  },
);

test('a forged X-Forwarded-For is not believed, through nginx or directly', { skip }, async () => {
  const forged = ['-H', 'X-Forwarded-For: 203.0.113.7'];
  const proxied = curl(`https://127.0.0.1:${httpsPort}/healthz`, ['--http2', ...forged]);
  assert.equal(proxied.status, 200);
  assert.equal(await loggedClient(proxied.headers['x-request-id']), CLIENT_ADDRESS);
  // Straight to cqdt from an address that is not a trusted proxy: the header is ignored.
  const direct = curl(`${server.baseUrl}/healthz`, forged);
  assert.equal(direct.status, 200);
  assert.equal(await loggedClient(direct.headers['x-request-id']), CLIENT_ADDRESS);
});

test('plain HTTP on nginx redirects to HTTPS', { skip }, () => {
  // The redirect server block listens on the port the sample's "listen 80" became.
  const conf = readFileSync(path.join(dir, 'cqdt-site.conf'), 'utf8');
  const httpPort = /listen 127\.0\.0\.1:(\d+);/.exec(conf)[1];
  const res = curl(`http://127.0.0.1:${httpPort}/tra-cuu-ho-so`);
  assert.equal(res.status, 301);
  assert.match(res.headers.location, /^https:\/\/127\.0\.0\.1(:\d+)?\/tra-cuu-ho-so$/);
});

test(
  'an upload above nginx default 1 MB limit reaches cqdt, which applies its own',
  { skip },
  () => {
    const body = path.join(dir, 'upload.bin');
    writeFileSync(body, Buffer.alloc(2 * 1024 * 1024, 0x41));
    const res = curl(`https://127.0.0.1:${httpsPort}/api/v1/signatures/verify`, [
      '--http2',
      '-H',
      'Content-Type: application/pdf',
      '--data-binary',
      `@${body}`,
    ]);
    // cqdt answered (its request id, problem+json), whatever it thought of the file.
    assert.ok(
      res.headers['x-request-id'],
      `nginx answered itself: ${res.status} ${res.body.slice(0, 200)}`,
    );
    assert.notEqual(res.status, 413);
  },
);
