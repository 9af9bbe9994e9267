// A loopback RFC 3161 timestamp authority for tests. It is the `openssl ts -reply` command behind a
// tiny HTTP server, so the tokens come from an implementation independent of cqdt's own code.
// No npm dependencies: Node 20's http, child_process, fs only.
//
// Command line (used by the C++ tests through popen):
//
//   node tests/support/tsa-server.mjs --port 0 --dir <workdir> [--ca-cert ca.pem --ca-key ca.key]
//
// creates in <workdir> a TSA key and certificate (critical EKU timeStamping) issued by a small CA
// it also creates there (or by the CA given with --ca-cert/--ca-key), writes an `openssl ts`
// configuration, and prints one JSON line when it listens:
//
//   {"url":"http://127.0.0.1:PORT/","caCert":"<path>","tsaCert":"<path>","pid":N}
//
// It stops on SIGTERM/SIGINT, and by itself when its parent process goes away (a crashed test
// leaves no server behind; start it with `exec node ...` under popen so the test is the parent).
//
// From other node tests:
//
//   const tsa = await startTsa({ dir });   // {url, caCert, tsaCert, stop()}
//   ...
//   await tsa.stop();

import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_QUERY_BYTES = 64 * 1024;

function openssl(args, cwd) {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

// Creates (once) the CA, the TSA key and certificate and the `openssl ts` configuration in `dir`.
function preparePki(dir, caCert, caKey) {
  mkdirSync(dir, { recursive: true });
  const p = (name) => path.join(dir, name);
  if (!caCert) {
    caCert = p('tsa-ca.pem');
    caKey = p('tsa-ca.key');
    if (!existsSync(caCert)) {
      openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', caKey]);
      openssl([
        'req', '-new', '-x509', '-key', caKey, '-out', caCert, '-days', '3650', '-sha256',
        '-subj', '/C=VN/O=cqdt test/CN=cqdt test TSA CA',
        '-addext', 'basicConstraints=critical,CA:TRUE',
        '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      ]);
    }
  }
  const tsaKey = p('tsa.key');
  const tsaCert = p('tsa.pem');
  if (!existsSync(tsaCert)) {
    writeFileSync(
      p('tsa.ext'),
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,nonRepudiation',
        'extendedKeyUsage=critical,timeStamping',
        'subjectKeyIdentifier=hash',
        'authorityKeyIdentifier=keyid',
        '',
      ].join('\n'),
    );
    openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', tsaKey]);
    openssl([
      'req', '-new', '-key', tsaKey, '-out', p('tsa.csr'),
      '-subj', '/C=VN/O=cqdt test/CN=cqdt test TSA',
    ]);
    openssl([
      'x509', '-req', '-in', p('tsa.csr'), '-CA', caCert, '-CAkey', caKey, '-CAcreateserial',
      '-CAserial', p('tsa-ca.srl'), '-out', tsaCert, '-days', '3650', '-sha256',
      '-extfile', p('tsa.ext'),
    ]);
  }
  const config = p('tsa.cnf');
  writeFileSync(
    config,
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `dir = ${dir}`,
      `serial = ${p('tsa-serial.txt')}`,
      'crypto_device = builtin',
      `signer_cert = ${tsaCert}`,
      `certs = ${caCert}`,
      `signer_key = ${tsaKey}`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'other_policies = 1.2.3.4.5.6, 1.2.3.4.5.7',
      'digests = sha1, sha256, sha384, sha512',
      'accuracy = secs:1',
      'clock_precision_digits = 0',
      'ordering = no',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  if (!existsSync(p('tsa-serial.txt'))) writeFileSync(p('tsa-serial.txt'), '01\n');
  return { caCert, caKey, tsaKey, tsaCert, config };
}

// Runs `openssl ts -reply` over one query; resolves to the DER TimeStampResp.
function reply(pki, dir, query) {
  const name = `q-${process.pid}-${Date.now()}-${Math.random().toString(16).slice(2)}`;
  const queryFile = path.join(dir, `${name}.tsq`);
  const replyFile = path.join(dir, `${name}.tsr`);
  writeFileSync(queryFile, query);
  return new Promise((resolve, reject) => {
    execFile(
      'openssl',
      [
        'ts', '-reply', '-config', pki.config, '-queryfile', queryFile, '-signer', pki.tsaCert,
        '-inkey', pki.tsaKey, '-chain', pki.caCert, '-out', replyFile,
      ],
      { encoding: 'buffer' },
      (err, _stdout, stderr) => {
        try {
          if (err) {
            reject(new Error(`openssl ts -reply failed: ${stderr.toString()}`));
            return;
          }
          resolve(readFileSync(replyFile));
        } finally {
          rmSync(queryFile, { force: true });
          rmSync(replyFile, { force: true });
        }
      },
    );
  });
}

function handler(pki, dir) {
  return (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_QUERY_BYTES) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', async () => {
      if (res.writableEnded) return;
      try {
        const body = await reply(pki, dir, Buffer.concat(chunks));
        res.writeHead(200, {
          'Content-Type': 'application/timestamp-reply',
          'Content-Length': body.length,
        });
        res.end(body);
      } catch (e) {
        process.stderr.write(`${e.message}\n`);
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('openssl ts failed\n');
      }
    });
  };
}

// Starts a TSA on 127.0.0.1 in this process. `dir` defaults to a fresh temporary directory (then
// stop() removes it). Resolves to {url, caCert, tsaCert, stop()}.
export async function startTsa({ dir, port = 0, caCert, caKey } = {}) {
  const ownDir = !dir;
  const workDir = dir ? path.resolve(dir) : mkdtempSync(path.join(os.tmpdir(), 'cqdt-tsa-'));
  const pki = preparePki(workDir, caCert && path.resolve(caCert), caKey && path.resolve(caKey));
  const server = http.createServer(handler(pki, workDir));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${server.address().port}/`;
  return {
    url,
    caCert: pki.caCert,
    tsaCert: pki.tsaCert,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => {
          if (ownDir) rmSync(workDir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 1) {
    const key = argv[i];
    const value = argv[i + 1];
    if (!key.startsWith('--') || value === undefined) {
      throw new Error(`usage: tsa-server.mjs --port N --dir DIR [--ca-cert F --ca-key F]`);
    }
    out[key.slice(2)] = value;
    i += 1;
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const tsa = await startTsa({
    dir: args.dir,
    port: Number(args.port ?? 0),
    caCert: args['ca-cert'],
    caKey: args['ca-key'],
  });
  process.stdout.write(
    `${JSON.stringify({ url: tsa.url, caCert: tsa.caCert, tsaCert: tsa.tsaCert, pid: process.pid })}\n`,
  );
  const shutdown = async () => {
    await tsa.stop();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // Orphaned (the test that started us died): stop rather than linger.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown();
  }, 1000).unref();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  });
}
