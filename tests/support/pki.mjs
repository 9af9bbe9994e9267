// A test PKI made with the `openssl` CLI (so the certificates come from an implementation
// independent of cqdt's own code): root and intermediate CAs kept as `openssl ca` directories,
// personal / seal / OCSP-enabled leaf certificates with a given CN and O, expired and revoked
// ones, CRLs, PKCS#12 files, NSS databases for pdfsig, an `openssl ocsp` responder on loopback,
// and a small PNG. No npm dependencies.
//
//   const pki = createPki();                        // fresh temp dir; pki.cleanup() removes it
//   const root = pki.createRoot('root', {cn: 'cqdt Test Root CA'});
//   const inter = pki.createIntermediate('inter', root, {cn: 'cqdt Test Sub CA'});
//   const leaf = pki.issue('seal', inter, {cn: 'UBND tỉnh An Giang', o: 'UBND tỉnh An Giang'});
//   pki.pkcs12(leaf, {password: ''});               // leaf.p12
//   pki.revoke(inter, other); const crl = pki.crl(inter);
//   const ocsp = await startOcspResponder({ca: inter, port}); ... await ocsp.stop();

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { CEILING_MS, freePort } from './cqdt-server.mjs';

// Runs a command; throws with its stderr when it fails. Returns {stdout, stderr} (Buffers for
// stdout when `binary`).
export function run(cmd, args, { input, cwd, binary = false, allowFail = false, timeout = CEILING_MS } = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    input,
    timeout,
    encoding: binary ? 'buffer' : 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  const out = { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr?.toString() ?? '' };
  if (!allowFail && r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}\n${out.stderr}\n${out.stdout}`);
  }
  return out;
}

export function openssl(args, opts) {
  return run('openssl', args, opts);
}

// True when `cmd -h`-style probing finds the tool.
export function haveTool(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0;
}

// "20200101000000Z" for openssl ca -startdate/-enddate.
function caDate(d) {
  const p = (n) => String(n).padStart(2, '0');
  return (
    `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}` +
    `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`
  );
}

// "/C=VN/O=.../CN=..." with '/' and '=' in values escaped for -subj.
function subj({ cn, o, c = 'VN' }) {
  const esc = (s) => String(s).replace(/([/=\\])/g, '\\$1');
  let s = `/C=${c}`;
  if (o) s += `/O=${esc(o)}`;
  s += `/CN=${esc(cn)}`;
  return s;
}

const LEAF_EXT = [
  'basicConstraints = critical, CA:FALSE',
  'keyUsage = critical, digitalSignature, nonRepudiation',
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid, issuer',
];

const CA_EXT = [
  'basicConstraints = critical, CA:TRUE',
  'keyUsage = critical, keyCertSign, cRLSign',
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid:always',
];

export function createPki({ dir } = {}) {
  const own = !dir;
  const base = dir ? path.resolve(dir) : mkdtempSync(path.join(os.tmpdir(), 'cqdt-pki-'));
  mkdirSync(base, { recursive: true });
  const p = (...parts) => path.join(base, ...parts);

  const genKey = (file, type = 'rsa') => {
    if (type === 'ec') {
      openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
    } else {
      openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file]);
    }
  };

  // An `openssl ca` directory for a CA certificate + key.
  const setupCaDir = (ca) => {
    const d = p(`${ca.name}.ca`);
    mkdirSync(path.join(d, 'new'), { recursive: true });
    writeFileSync(path.join(d, 'index.txt'), '');
    writeFileSync(path.join(d, 'index.txt.attr'), 'unique_subject = no\n');
    // Random-ish starting serials: certificates of different CAs never share a serial.
    writeFileSync(path.join(d, 'serial'), `${openssl(['rand', '-hex', '8']).stdout.trim().replace(/^0/, '1')}\n`);
    writeFileSync(path.join(d, 'crlnumber'), '1000\n');
    const cnf = path.join(d, 'ca.cnf');
    writeFileSync(
      cnf,
      [
        '[ ca ]',
        'default_ca = this_ca',
        '[ this_ca ]',
        `dir = ${d}`,
        `database = ${path.join(d, 'index.txt')}`,
        `new_certs_dir = ${path.join(d, 'new')}`,
        `serial = ${path.join(d, 'serial')}`,
        `crlnumber = ${path.join(d, 'crlnumber')}`,
        `certificate = ${ca.cert}`,
        `private_key = ${ca.key}`,
        'default_md = sha256',
        'default_days = 825',
        'default_crl_days = 30',
        'policy = policy_any',
        'unique_subject = no',
        'copy_extensions = none',
        'preserve = yes',
        'string_mask = utf8only',
        'utf8 = yes',
        'crl_extensions = crl_ext',
        '[ policy_any ]',
        'countryName = optional',
        'organizationName = optional',
        'commonName = supplied',
        '[ crl_ext ]',
        'authorityKeyIdentifier = keyid:always',
        '',
      ].join('\n'),
    );
    ca.caDir = d;
    ca.caConfig = cnf;
    ca.index = path.join(d, 'index.txt');
    return ca;
  };

  const pki = {
    dir: base,
    cleanup: () => {
      if (own) rmSync(base, { recursive: true, force: true });
    },

    // A self-signed root CA. Returns {name, cert, key, pem, caConfig, index}.
    createRoot(name, { cn, o = 'cqdt test', days = 3650, keyType = 'rsa' } = {}) {
      const ca = { name, cert: p(`${name}.pem`), key: p(`${name}.key`), cn, o, isCa: true };
      genKey(ca.key, keyType);
      const ext = p(`${name}.ext`);
      writeFileSync(
        ext,
        ['[ req ]', 'distinguished_name = dn', 'string_mask = utf8only', 'utf8 = yes', '[ dn ]', '[ v3 ]',
          ...CA_EXT.filter((l) => !l.startsWith('authorityKeyIdentifier')), ''].join('\n'),
      );
      openssl([
        'req', '-new', '-x509', '-utf8', '-key', ca.key, '-out', ca.cert, '-days', String(days), '-sha256',
        '-subj', subj({ cn, o }), '-config', ext, '-extensions', 'v3',
      ]);
      ca.pem = readFileSync(ca.cert, 'utf8');
      return setupCaDir(ca);
    },

    // A self-signed end-entity certificate (basicConstraints CA:FALSE, a signing key usage), as a
    // partner's home-made seal is. It gets an `openssl ca` directory too, so that issue() can
    // make a certificate "issued" by it (which no verifier should accept).
    createSelfSignedLeaf(name, { cn, o = 'cqdt test', days = 365 } = {}) {
      const leaf = { name, cert: p(`${name}.pem`), key: p(`${name}.key`), cn, o, chain: [] };
      genKey(leaf.key);
      const ext = p(`${name}.ext`);
      writeFileSync(
        ext,
        ['[ req ]', 'distinguished_name = dn', 'string_mask = utf8only', 'utf8 = yes', '[ dn ]', '[ v3 ]',
          ...LEAF_EXT.filter((l) => !l.startsWith('authorityKeyIdentifier')), ''].join('\n'),
      );
      openssl([
        'req', '-new', '-x509', '-utf8', '-key', leaf.key, '-out', leaf.cert, '-days', String(days), '-sha256',
        '-subj', subj({ cn, o }), '-config', ext, '-extensions', 'v3',
      ]);
      leaf.pem = readFileSync(leaf.cert, 'utf8');
      return setupCaDir(leaf);
    },

    // A CA issued by `issuer`.
    createIntermediate(name, issuer, { cn, o = 'cqdt test', days = 1825 } = {}) {
      const ca = pki.issue(name, issuer, { cn, o, days, ca: true });
      ca.isCa = true;
      return setupCaDir(ca);
    },

    // A certificate issued by `issuer` (a CA from createRoot / createIntermediate). Options:
    //   cn, o           subject
    //   days            validity from now (default 365)
    //   startDate, endDate  Date objects instead (e.g. an expired certificate)
    //   ocspUrl, crlUrl AIA / CRL distribution point
    //   ca              a CA certificate (pathlen 0)
    //   extra           more extension lines
    // Returns {name, cert, key, pem, serial (upper-case hex), cn, o, chain: [issuer certs...]}.
    issue(name, issuer, { cn, o, days = 365, startDate, endDate, ocspUrl, crlUrl, ca = false, extra = [], keyType = 'rsa' } = {}) {
      const out = { name, cert: p(`${name}.pem`), key: p(`${name}.key`), cn, o, issuer };
      genKey(out.key, keyType);
      const csr = p(`${name}.csr`);
      openssl(['req', '-new', '-utf8', '-key', out.key, '-out', csr, '-subj', subj({ cn, o }),
        '-config', writeReqConfig()]);
      const lines = ca ? [...CA_EXT.map((l) => (l.startsWith('basicConstraints') ? 'basicConstraints = critical, CA:TRUE, pathlen:0' : l))] : [...LEAF_EXT];
      if (ocspUrl) lines.push(`authorityInfoAccess = OCSP;URI:${ocspUrl}`);
      if (crlUrl) lines.push(`crlDistributionPoints = URI:${crlUrl}`);
      lines.push(...extra);
      const ext = p(`${name}.ext`);
      writeFileSync(ext, ['[ v3 ]', ...lines, ''].join('\n'));
      const args = ['ca', '-batch', '-config', issuer.caConfig, '-in', csr, '-out', out.cert, '-notext',
        '-extfile', ext, '-extensions', 'v3', '-utf8'];
      if (startDate || endDate) {
        args.push('-startdate', caDate(startDate ?? new Date(Date.now() - 3600_000)));
        args.push('-enddate', caDate(endDate ?? new Date(Date.now() + days * 86400_000)));
      } else {
        args.push('-startdate', caDate(new Date(Date.now() - 3600_000)), '-days', String(days));
      }
      openssl(args);
      out.pem = readFileSync(out.cert, 'utf8');
      out.serial = openssl(['x509', '-in', out.cert, '-noout', '-serial']).stdout.trim().split('=')[1].toUpperCase();
      out.chain = [];
      for (let c = issuer; c; c = c.issuer) out.chain.push(c);
      return out;
    },

    // Revokes `cert` (from issue()) in its issuer's database.
    revoke(issuer, cert, reason = 'keyCompromise') {
      openssl(['ca', '-batch', '-config', issuer.caConfig, '-revoke', cert.cert, '-crl_reason', reason]);
    },

    // A fresh CRL of `ca` (PEM); returns its path.
    crl(ca, { days = 30 } = {}) {
      const file = p(`${ca.name}.crl.pem`);
      openssl(['ca', '-batch', '-config', ca.caConfig, '-gencrl', '-crldays', String(days), '-out', file]);
      return file;
    },

    // PKCS#12 of a leaf with its chain (not the root); returns the path.
    pkcs12(cert, { password = '', file, friendlyName } = {}) {
      const out = file ?? p(`${cert.name}.p12`);
      const chainFile = p(`${cert.name}.chain.pem`);
      writeFileSync(chainFile, cert.chain.filter((c) => c.issuer).map((c) => readFileSync(c.cert, 'utf8')).join(''));
      const args = ['pkcs12', '-export', '-inkey', cert.key, '-in', cert.cert, '-out', out,
        '-passout', `pass:${password}`, '-name', friendlyName ?? cert.name];
      if (cert.chain.some((c) => c.issuer)) args.push('-certfile', chainFile);
      openssl(args);
      return out;
    },

    // PEM bundle of the intermediates of `cert` (leaf's issuer first, root excluded).
    untrustedChain(cert) {
      const file = p(`${cert.name}.untrusted.pem`);
      writeFileSync(file, cert.chain.filter((c) => c.issuer).map((c) => readFileSync(c.cert, 'utf8')).join(''));
      return file;
    },

    // An NSS database (sql:) trusting the given CA certificates (for pdfsig) and, optionally,
    // holding PKCS#12 keys (for pdfsig -add-signature). Returns the directory.
    nssDb(name, { trust = [], p12 = [] } = {}) {
      const d = p(`${name}.nssdb`);
      mkdirSync(d, { recursive: true });
      run('certutil', ['-N', '-d', `sql:${d}`, '--empty-password']);
      trust.forEach((c, i) => {
        run('certutil', ['-A', '-d', `sql:${d}`, '-n', `ca-${i}-${path.basename(c, '.pem')}`, '-t', 'CT,C,C', '-i', c]);
      });
      for (const { file, password = '' } of p12) {
        run('pk12util', ['-i', file, '-d', `sql:${d}`, '-W', password, '-K', '']);
      }
      return d;
    },
  };

  let reqConfig;
  function writeReqConfig() {
    if (!reqConfig) {
      reqConfig = p('req.cnf');
      writeFileSync(reqConfig, ['[ req ]', 'distinguished_name = dn', 'string_mask = utf8only', 'utf8 = yes', '[ dn ]', ''].join('\n'));
    }
    return reqConfig;
  }

  return pki;
}

// CMS SignedData with the content attached (`openssl cms -sign -nodetach`), DER.
export function cmsSignAttached(pkiCert, content, { untrusted } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-cms-'));
  try {
    const dataFile = path.join(dir, 'data');
    const outFile = path.join(dir, 'data.p7s');
    writeFileSync(dataFile, content);
    const args = ['cms', '-sign', '-binary', '-outform', 'DER', '-nodetach', '-md', 'sha256',
      '-in', dataFile, '-signer', pkiCert.cert, '-inkey', pkiCert.key, '-out', outFile];
    if (untrusted) args.push('-certfile', untrusted);
    openssl(args);
    return readFileSync(outFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// OCSP responder

const liveResponders = new Set();
process.on('exit', () => {
  for (const proc of liveResponders) {
    try {
      proc.kill('SIGKILL');
    } catch {}
  }
});

// Starts `openssl ocsp -index <ca's index> -port <port>` answering for `ca`'s certificates,
// signing with `signer` (default: the CA itself). Resolves once it says it listens (its
// "ACCEPT" line), to {url, port, proc, stop()}. That line is the readiness signal, awaited up to
// `timeoutMs` (a ceiling of minutes: under load, or beside ASan builds, a start may take long);
// an early exit fails at once with what openssl said.
export async function startOcspResponder({ ca, port, signer = ca, timeoutMs = CEILING_MS }) {
  port = port ?? (await freePort());
  const proc = spawn(
    'openssl',
    ['ocsp', '-index', ca.index, '-port', String(port), '-rsigner', signer.cert, '-rkey', signer.key,
      '-CA', ca.cert, '-ndays', '1', '-ignore_err'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  liveResponders.add(proc);
  let said = '';
  let stderr = '';
  let exited = false;
  const done = new Promise((resolve) => proc.on('exit', () => {
    exited = true;
    liveResponders.delete(proc);
    resolve();
  }));
  const ready = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const finish = (value) => {
      clearTimeout(timer);
      resolve(value);
    };
    proc.stdout.on('data', (chunk) => {
      said += chunk.toString();
      if (/^ACCEPT /m.test(said)) finish(true);
    });
    proc.stderr.on('data', (chunk) => (stderr += chunk.toString()));
    done.then(() => finish(false));
  });
  if (!ready) {
    if (!exited) proc.kill('SIGTERM');
    await done;
    throw new Error(`openssl ocsp did not start on port ${port}: ${said}${stderr}`);
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    proc,
    stderr: () => stderr,
    stop: async () => {
      if (!exited) proc.kill('SIGTERM');
      await done;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Small files

// A minimal valid one-page PDF (correct xref offsets) with one line of text.
export function minimalPdf(text = 'cqdt test document') {
  const esc = (s) => s.replace(/([()\\])/g, '\\$1');
  const content = `BT /F1 14 Tf 72 760 Td (${esc(text)}) Tj ET\n`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// An RGBA PNG: a filled disc of `rgb` on a transparent background.
export function discPng(size = 64, rgb = [200, 0, 0]) {
  const rows = [];
  const r = size / 2;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0
    for (let x = 0; x < size; x++) {
      const inside = (x + 0.5 - r) ** 2 + (y + 0.5 - r) ** 2 <= (r - 1) ** 2;
      row[1 + x * 4] = rgb[0];
      row[2 + x * 4] = rgb[1];
      row[3 + x * 4] = rgb[2];
      row[4 + x * 4] = inside ? 255 : 0;
    }
    rows.push(row);
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
