// A TLS server certificate for test servers on loopback (the SMTP sink, the IMAP server), made
// with the `openssl` CLI: a small CA and a leaf issued by it for 127.0.0.1 and localhost (EC
// P-256, serverAuth), so that a client can verify the server properly (`curl --cacert <caPath>`)
// rather than only turning verification off. No npm dependencies.
//
//   const { caPath, certPath, keyPath } = createLoopbackCert(dir, 'smtp');
//   // <dir>/smtp-ca.pem, <dir>/smtp.pem, <dir>/smtp.key

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

function openssl(args) {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

const ecKey = (file) =>
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);

// Writes the CA and the server certificate into `dir`; returns their paths.
export function createLoopbackCert(dir, name = 'server') {
  mkdirSync(dir, { recursive: true });
  const caKey = path.join(dir, `${name}-ca.key`);
  const caPath = path.join(dir, `${name}-ca.pem`);
  const keyPath = path.join(dir, `${name}.key`);
  const certPath = path.join(dir, `${name}.pem`);
  ecKey(caKey);
  // openssl 3's `req -x509` adds its default extensions (subjectKeyIdentifier, and for the leaf
  // an authorityKeyIdentifier from -CA); the ones given here replace the CA defaults.
  // prettier-ignore
  openssl([
    'req', '-x509', '-new', '-key', caKey, '-out', caPath, '-days', '3650', '-sha256',
    '-subj', `/O=cqdt test/CN=cqdt test ${name} loopback CA`,
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  ecKey(keyPath);
  // prettier-ignore
  openssl([
    'req', '-x509', '-new', '-key', keyPath, '-CA', caPath, '-CAkey', caKey, '-out', certPath,
    '-days', '3650', '-sha256', '-subj', `/O=cqdt test/CN=127.0.0.1`,
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', 'keyUsage=critical,digitalSignature',
    '-addext', 'extendedKeyUsage=serverAuth',
  ]);
  return { caPath, certPath, keyPath };
}
