// Native HTTPS (issue 16, item 2): cqdt's own TLS listener checked with an independent client,
// `openssl s_client` — TLS 1.3 and 1.2 handshakes, TLS 1.1 and 1.0 and weak TLS 1.2 ciphers
// refused, the certificate chain sent, HSTS on HTTPS only, a plain request on the HTTPS port,
// the certificate swapped and reloaded on SIGHUP while a keep-alive connection stays open, a
// bad certificate refused on reload, and configuration errors that name the key and the file.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import tls from 'node:tls';

import {
  CEILING_MS,
  eventually,
  freePort,
  parseHttpResponse,
  prepareDataDir,
  rawExchange,
  runCli,
  startServer,
} from '../support/cqdt-server.mjs';

let dir;
let server;
let tlsPort;
let certs;

function openssl(args) {
  const r = spawnSync('openssl', args, { encoding: 'utf8', timeout: CEILING_MS });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
}

// A root CA, an intermediate, and two RSA server certificates for 127.0.0.1 issued by the
// intermediate ("cqdt tls one", "cqdt tls two"). Each chain file holds the leaf and the
// intermediate, so that a client that trusts only the root can verify the server.
function makeCerts(d) {
  const f = (name) => path.join(d, name);
  const ext = f('ext.cnf');
  writeFileSync(
    ext,
    [
      '[ca]',
      'basicConstraints=critical,CA:TRUE',
      'keyUsage=critical,keyCertSign,cRLSign',
      '[leaf]',
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '',
    ].join('\n'),
  );
  // prettier-ignore
  openssl(['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', f('root.key'), '-out', f('root.pem'), '-days', '30', '-subj', '/CN=cqdt tls test root',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const issue = (name, cn, issuer, section, keyArgs) => {
    openssl([
      'req',
      '-new',
      '-nodes',
      ...keyArgs,
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.csr`),
      '-subj',
      `/CN=${cn}`,
    ]);
    // prettier-ignore
    openssl(['x509', '-req', '-in', f(`${name}.csr`), '-CA', f(`${issuer}.pem`), '-CAkey', f(`${issuer}.key`),
      '-CAcreateserial', '-out', f(`${name}.pem`), '-days', '30', '-extfile', ext, '-extensions', section]);
  };
  issue('inter', 'cqdt tls test intermediate', 'root', 'ca', [
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
  ]);
  const chains = {};
  for (const name of ['one', 'two']) {
    issue(name, `cqdt tls ${name}`, 'inter', 'leaf', ['-newkey', 'rsa:2048']);
    const chain = f(`${name}-chain.pem`);
    spawnSync('sh', ['-c', `cat '${f(`${name}.pem`)}' '${f('inter.pem')}' > '${chain}'`]);
    chains[name] = { chain, key: f(`${name}.key`) };
  }
  return { root: f('root.pem'), ...chains, liveCert: f('live.pem'), liveKey: f('live.key') };
}

function useCert(name) {
  copyFileSync(certs[name].chain, certs.liveCert);
  copyFileSync(certs[name].key, certs.liveKey);
}

// `openssl s_client` against the TLS port with `args`; stdin is closed, so it ends right after
// the handshake. Returns {ok, out} (ok: exit 0, the handshake and the chain check passed).
function sClient(args) {
  // prettier-ignore
  const r = spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${tlsPort}`, '-servername', 'localhost',
    '-CAfile', certs.root, '-verify_return_error', '-brief', ...args],
    { input: '', encoding: 'utf8', timeout: CEILING_MS });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

function configFile(d, lines) {
  const file = path.join(d, `cqdt-${Math.random().toString(36).slice(2)}.toml`);
  writeFileSync(file, ['[server]', ...lines, ''].join('\n'));
  return file;
}

// One keep-alive HTTPS connection; get(path) sends a request on it and resolves to the parsed
// response.
async function openKeepAlive() {
  const socket = tls.connect({
    host: '127.0.0.1',
    port: tlsPort,
    servername: 'localhost',
    ca: readFileSync(certs.root),
  });
  await new Promise((resolve, reject) => {
    socket.once('secureConnect', resolve);
    socket.once('error', reject);
  });
  const get = (p) =>
    new Promise((resolve, reject) => {
      let buf = Buffer.alloc(0);
      const onData = (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        const parsed = parseHttpResponse(buf);
        if (parsed?.complete) {
          socket.off('data', onData);
          socket.off('close', onClose);
          resolve(parsed);
        }
      };
      const onClose = () => reject(new Error(`connection closed before the answer to ${p}`));
      socket.on('data', onData);
      socket.once('close', onClose);
      socket.write(`GET ${p} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    });
  return { socket, get, subject: () => socket.getPeerCertificate().subject?.CN };
}

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-tls-'));
  certs = makeCerts(dir);
  useCert('one');
  tlsPort = await freePort();
  const config = configFile(dir, [
    `tls_listen = "127.0.0.1:${tlsPort}"`,
    `tls_cert_file = "${certs.liveCert}"`,
    `tls_key_file = "${certs.liveKey}"`,
    'hsts = true',
    'hsts_max_age_seconds = 86400',
  ]);
  server = await startServer({ demo: false, env: { CQDT_CONFIG: config } });
});

after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('TLS 1.3 and TLS 1.2 handshakes succeed, with the chain verified up to the root', () => {
  const v13 = sClient(['-tls1_3']);
  assert.ok(v13.ok, v13.out);
  assert.match(v13.out, /Protocol version: TLSv1\.3/);
  assert.match(v13.out, /Verification: OK/);
  const v12 = sClient(['-tls1_2']);
  assert.ok(v12.ok, v12.out);
  assert.match(v12.out, /Protocol version: TLSv1\.2/);
  assert.match(
    v12.out,
    /Ciphersuite: ECDHE-RSA-(AES128-GCM-SHA256|AES256-GCM-SHA384|CHACHA20-POLY1305)/,
  );
});

test('TLS 1.1 and TLS 1.0 are refused (the client is willing, at security level 0)', () => {
  for (const version of ['-tls1_1', '-tls1']) {
    const r = sClient([version, '-cipher', 'DEFAULT:@SECLEVEL=0']);
    assert.equal(r.ok, false, `${version} was accepted:\n${r.out}`);
  }
});

test('weak TLS 1.2 ciphers are refused: RSA key exchange, CBC, SHA-1', () => {
  for (const cipher of [
    'AES128-SHA',
    'AES256-GCM-SHA384',
    'ECDHE-RSA-AES128-SHA',
    'ECDHE-RSA-AES256-SHA384',
  ]) {
    const r = sClient(['-tls1_2', '-cipher', `${cipher}:@SECLEVEL=0`]);
    assert.equal(r.ok, false, `${cipher} was accepted:\n${r.out}`);
  }
  // The same client with a modern cipher gets through.
  assert.ok(sClient(['-tls1_2', '-cipher', 'ECDHE-RSA-AES256-GCM-SHA384']).ok);
});

test('HTTPS answers carry HSTS; the plain listener does not', async () => {
  const conn = await openKeepAlive();
  try {
    const res = await conn.get('/healthz');
    assert.equal(res.status, 200);
    assert.equal(res.headers['strict-transport-security'], 'max-age=86400');
  } finally {
    conn.socket.destroy();
  }
  const plain = await fetch(`${server.baseUrl}/healthz`);
  assert.equal(plain.status, 200);
  assert.equal(plain.headers.get('strict-transport-security'), null);
});

test('a plain HTTP request on the HTTPS port is answered 400 and closed, not left hanging', async () => {
  const res = await rawExchange(tlsPort, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
  assert.equal(res?.status, 400);
  assert.match(res.text, /https:\/\//);
});

test('SIGHUP serves a new certificate to new connections; an open keep-alive connection goes on', async () => {
  const open = await openKeepAlive();
  try {
    assert.equal(open.subject(), 'cqdt tls one');
    assert.equal((await open.get('/healthz')).status, 200);

    useCert('two');
    server.proc.kill('SIGHUP');
    await eventually(() => {
      const r = sClient([]);
      assert.ok(r.ok, r.out);
      assert.match(r.out, /CN = cqdt tls two/);
    });
    const after = await open.get('/healthz');
    assert.equal(after.status, 200);
    assert.equal(open.subject(), 'cqdt tls one');

    // A broken certificate file: the reload is refused with a clear error, "two" stays.
    writeFileSync(certs.liveCert, 'not a certificate\n');
    server.proc.kill('SIGHUP');
    await eventually(() => assert.match(server.stderr(), /TLS reload failed[^\n]*live\.pem/));
    const still = sClient([]);
    assert.ok(still.ok, still.out);
    assert.match(still.out, /CN = cqdt tls two/);
    assert.equal((await open.get('/healthz')).status, 200);
    assert.equal(server.proc.exitCode, null, 'the server kept running');
  } finally {
    open.socket.destroy();
    useCert('two');
  }
});

test('configuration errors name the key and the file', async () => {
  const prepared = prepareDataDir({ demo: false });
  try {
    const port = await freePort();
    const serve = (config) =>
      runCli(
        [
          'serve',
          '--db',
          prepared.dbUrl,
          '--data-dir',
          prepared.dataDir,
          '--listen',
          `127.0.0.1:${port}`,
        ],
        {
          env: { CQDT_CONFIG: config },
        },
      );
    const missing = path.join(dir, 'missing.pem');
    const badCert = configFile(dir, [
      `tls_listen = "127.0.0.1:${await freePort()}"`,
      `tls_cert_file = "${missing}"`,
      `tls_key_file = "${certs.liveKey}"`,
    ]);
    let r = serve(badCert);
    assert.notEqual(r.code, 0);
    assert.ok(r.stderr.includes('server.tls_cert_file'), r.stderr);
    assert.ok(r.stderr.includes(badCert), r.stderr);
    assert.ok(r.stderr.includes(missing), r.stderr);

    const badProxy = configFile(dir, ['trusted_proxies = ["127.0.0.1", "10.1.2.3/8"]']);
    r = serve(badProxy);
    assert.notEqual(r.code, 0);
    assert.ok(r.stderr.includes('server.trusted_proxies'), r.stderr);
    assert.ok(r.stderr.includes(badProxy), r.stderr);
    assert.ok(r.stderr.includes('10.1.2.3/8'), r.stderr);

    const halfTls = configFile(dir, [`tls_cert_file = "${certs.liveCert}"`]);
    r = serve(halfTls);
    assert.notEqual(r.code, 0);
    assert.ok(r.stderr.includes('server.tls_listen'), r.stderr);
  } finally {
    prepared.cleanup();
  }
});
