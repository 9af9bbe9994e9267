// The signing command line (issue 4): `cqdt pki demo-ca`, `cqdt sign pdf|xml|cms`, `cqdt verify`,
// checked against the external verifiers (pdfsig, xmlsec1 --verify, openssl cms -verify).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertVietnamese } from '../support/api-assert.mjs';
import { DEMO_PASSWORD, prepareDataDir, runCli } from '../support/cqdt-server.mjs';

const SEAL = 'seal-000.00.00.h01.p12'; // UBND tỉnh An Giang, the demo clerk vanthu.ubnd's agency
const PERSONAL = 'personal-lanhdao.snv.p12';

let dir; // {dataDir, dbPath, dbUrl, demoOutput, cleanup}
let work; // scratch files
let pki; // <data_dir>/pki
let nss; // NSS database trusting the demo root, for pdfsig
const db = () => ['--db', dir.dbUrl, '--data-dir', dir.dataDir];
const cli = (args, opts) => runCli([...args, ...db()], opts);
const w = (name) => path.join(work, name);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function ok(r, what) {
  assert.equal(
    r.code,
    0,
    `${what}: exit ${r.code ?? r.signal}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
  );
  return r;
}

function exits(r, code, what) {
  assert.equal(r.code, code, `${what}: exit ${r.code ?? r.signal}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r;
}

// A one-page PDF with a correct cross-reference table.
function minimalPdf(text = 'cqdt test') {
  const content = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ' +
      '/Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function verifyJson(file, extra = []) {
  const r = cli(['verify', file, '--json', '--offline', ...extra]);
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    assert.fail(`verify --json printed no JSON: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  }
  return { r, report };
}

function pdfsig(file) {
  return run('pdfsig', ['-nssdir', `sql:${nss}`, file]);
}

before(() => {
  dir = prepareDataDir({ demo: true, pki: true });
  pki = path.join(dir.dataDir, 'pki');
  work = mkdtempSync(path.join(os.tmpdir(), 'cqdt-signing-'));
  writeFileSync(w('in.pdf'), minimalPdf());
  nss = path.join(work, 'nss');
  ok(run('mkdir', ['-p', nss]), 'mkdir nss');
  ok(run('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']), 'certutil -N');
  ok(
    run('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'cqdt-demo', '-t', 'CT,C,C', '-i', path.join(pki, 'root.pem')]),
    'certutil -A',
  );
});

after(() => {
  dir?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('cqdt demo creates the demo PKI: CAs, CRLs, keys (0600), certificates, images, keys.toml', () => {
  assert.match(dir.demoOutput, /DEMO/);
  for (const f of [
    'root.pem',
    'intermediate.pem',
    'chain.pem',
    'root.crl',
    'intermediate.crl',
    'keys.toml',
    'seal.png',
    'signature.png',
    SEAL,
    `${SEAL}.pem`,
    PERSONAL,
    `${PERSONAL}.pem`,
    'personal-vanthu.ubnd.p12',
    'personal-admin.p12',
  ]) {
    assert.ok(existsSync(path.join(pki, f)), `${f} exists`);
  }
  for (const f of [SEAL, PERSONAL]) {
    assert.equal(statSync(path.join(pki, f)).mode & 0o777, 0o600, `${f} has mode 0600`);
  }
  const png = readFileSync(path.join(pki, 'seal.png'));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(png[25], 6, 'the seal image is RGBA (transparent background)');

  const root = ok(run('openssl', ['x509', '-in', path.join(pki, 'root.pem'), '-noout', '-subject', '-nameopt', 'utf8']), 'x509');
  assert.match(root.stdout, /\[DEMO\] cqdt Root CA/);
  assert.match(root.stdout, /DEMO - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ/);
  ok(
    run('openssl', ['verify', '-CAfile', path.join(pki, 'root.pem'), '-untrusted', path.join(pki, 'intermediate.pem'), path.join(pki, `${SEAL}.pem`)]),
    'seal certificate chains to the demo root',
  );
  ok(run('openssl', ['crl', '-inform', 'DER', '-in', path.join(pki, 'intermediate.crl'), '-noout']), 'CRL is DER');

  const keys = readFileSync(path.join(pki, 'keys.toml'), 'utf8');
  assert.match(keys, /id = "seal-000\.00\.00\.h01"/);
  assert.match(keys, /owner = "000\.00\.00\.H01"/);
  assert.match(keys, /id = "personal-lanhdao\.snv"[\s\S]*?ask_secret = true/);
  assert.match(keys, /demo = true/);

  const listed = ok(cli(['pki', 'keys']), 'pki keys');
  assert.match(listed.stdout, /seal-000\.00\.00\.h01/);
  assert.match(listed.stdout, /DEMO/);
  assert.doesNotMatch(listed.stdout, new RegExp(DEMO_PASSWORD));
});

test('demo-ca is idempotent without --force', () => {
  const before = readFileSync(path.join(pki, 'root.pem'), 'utf8');
  const r = ok(cli(['pki', 'demo-ca']), 'pki demo-ca again');
  assert.match(r.stdout, /--force/);
  assert.equal(readFileSync(path.join(pki, 'root.pem'), 'utf8'), before);
});

test('pki trust list --json shows the demo root; crl list shows both CRLs', () => {
  const r = ok(cli(['pki', 'trust', 'list', '--json']), 'trust list');
  const { items } = JSON.parse(r.stdout);
  const demo = items.find((a) => a.name === '[DEMO] cqdt Root CA');
  assert.ok(demo, `demo root listed: ${r.stdout}`);
  assert.equal(demo.purpose, 'document');
  assert.equal(demo.isRoot, true);
  const crls = JSON.parse(ok(cli(['pki', 'crl', 'list', '--json']), 'crl list').stdout).items;
  assert.equal(crls.length, 2);
});

test('sign pdf with the demo seal (empty password): pdfsig and cqdt verify pass', () => {
  ok(
    cli(['sign', 'pdf', w('in.pdf'), w('sealed.pdf'), '--key', path.join(pki, SEAL), '--visible', 'seal', '--image', path.join(pki, 'seal.png')]),
    'sign pdf',
  );
  const sig = ok(pdfsig(w('sealed.pdf')), 'pdfsig');
  assert.match(sig.stdout, /Signature is Valid/);
  assert.match(sig.stdout, /Certificate is Trusted/);

  ok(cli(['verify', w('sealed.pdf'), '--offline']), 'cqdt verify');
  const { r, report } = verifyJson(w('sealed.pdf'));
  ok(r, 'verify --json');
  assert.equal(report.kind, 'pdf');
  assert.equal(report.indication, 'TOTAL_PASSED');
  assert.equal(report.signatures.length, 1);
});

test('a second signature with a personal key keeps both valid', () => {
  ok(
    cli(['sign', 'pdf', w('sealed.pdf'), w('both.pdf'), '--key', path.join(pki, PERSONAL), '--password', DEMO_PASSWORD, '--visible', 'signer', '--image', path.join(pki, 'signature.png'), '--reason', 'Phê duyệt']),
    'sign pdf personal',
  );
  const sig = ok(pdfsig(w('both.pdf')), 'pdfsig');
  assert.equal((sig.stdout.match(/Signature is Valid/g) ?? []).length, 2, sig.stdout);
  const { r, report } = verifyJson(w('both.pdf'));
  ok(r, 'verify --json');
  assert.equal(report.signatures.length, 2);
  for (const s of report.signatures) assert.equal(s.indication, 'TOTAL_PASSED', JSON.stringify(s));
  assert.match(report.signatures[1].signer.commonName, /Nguyễn Văn Thành/);
});

test('a wrong password is refused with "Sai mật khẩu" and exit 1; the output is not written', () => {
  const r = exits(
    cli(['sign', 'pdf', w('in.pdf'), w('nope.pdf'), '--key', path.join(pki, PERSONAL), '--password', 'wrong']),
    1,
    'wrong password',
  );
  assert.match(r.stderr, /Sai mật khẩu/);
  assert.ok(!existsSync(w('nope.pdf')));
  const env = exits(
    cli(['sign', 'pdf', w('in.pdf'), w('nope.pdf'), '--key', path.join(pki, PERSONAL)], { env: { CQDT_KEY_PASSWORD: 'wrong' } }),
    1,
    'wrong password from the environment',
  );
  assert.match(env.stderr, /Sai mật khẩu/);
  ok(
    cli(['sign', 'pdf', w('in.pdf'), w('env.pdf'), '--key', path.join(pki, PERSONAL)], { env: { CQDT_KEY_PASSWORD: DEMO_PASSWORD } }),
    'password from CQDT_KEY_PASSWORD',
  );
});

test('sign xml: xmlsec1 --verify and cqdt verify pass', () => {
  writeFileSync(w('in.xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<VanBan><TrichYeu>Thử nghiệm ký số</TrichYeu></VanBan>\n');
  ok(cli(['sign', 'xml', w('in.xml'), w('signed.xml'), '--key', path.join(pki, SEAL)]), 'sign xml');
  ok(
    run('xmlsec1', ['--verify', '--enabled-reference-uris', 'empty,same-doc', '--trusted-pem', path.join(pki, 'root.pem'), '--untrusted-pem', path.join(pki, 'intermediate.pem'), w('signed.xml')]),
    'xmlsec1 --verify',
  );
  const { r, report } = verifyJson(w('signed.xml'));
  ok(r, 'cqdt verify xml');
  assert.equal(report.kind, 'xml');
  assert.equal(report.indication, 'TOTAL_PASSED');
});

test('sign cms: openssl cms -verify and cqdt verify --content pass', () => {
  writeFileSync(w('data.bin'), Buffer.from('Hồ sơ đính kèm / attachment\n', 'utf8'));
  ok(cli(['sign', 'cms', w('data.bin'), w('data.p7s'), '--key', path.join(pki, SEAL)]), 'sign cms');
  ok(
    run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', w('data.p7s'), '-content', w('data.bin'), '-CAfile', path.join(pki, 'root.pem'), '-certfile', path.join(pki, 'intermediate.pem'), '-purpose', 'any', '-out', '/dev/null']),
    'openssl cms -verify',
  );
  ok(cli(['verify', w('data.p7s'), '--content', w('data.bin'), '--offline']), 'cqdt verify p7s');
  const { report } = verifyJson(w('data.p7s'), ['--content', w('data.bin')]);
  assert.equal(report.kind, 'cms');
  assert.equal(report.indication, 'TOTAL_PASSED');
  // Other content: the digest does not match.
  writeFileSync(w('other.bin'), 'something else');
  exits(cli(['verify', w('data.p7s'), '--content', w('other.bin'), '--offline']), 1, 'p7s over other content');
});

test('a byte changed in a signed PDF: exit 1, TOTAL_FAILED / HASH_FAILURE', () => {
  const pdf = readFileSync(w('sealed.pdf'));
  const at = pdf.indexOf(Buffer.from('cqdt test'));
  assert.ok(at > 0);
  pdf[at] = 'C'.charCodeAt(0);
  writeFileSync(w('tampered.pdf'), pdf);
  const { r, report } = verifyJson(w('tampered.pdf'));
  exits(r, 1, 'verify tampered');
  assert.equal(report.indication, 'TOTAL_FAILED');
  assert.equal(report.signatures[0].subIndication, 'HASH_FAILURE');
});

test('a signature from an untrusted CA: exit 1, INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND', () => {
  // Another CA made with openssl; the signer's key as PEM with --cert (key + chain).
  const ext = w('ext.cnf');
  writeFileSync(
    ext,
    '[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' +
      '[leaf]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n',
  );
  ok(run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', w('other-ca.key'), '-out', w('other-ca.pem'), '-subj', '/CN=Other CA', '-days', '30', '-config', ext, '-extensions', 'ca']), 'other CA');
  ok(run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', w('other.key'), '-out', w('other.csr'), '-subj', '/CN=Other Signer']), 'csr');
  ok(run('openssl', ['x509', '-req', '-in', w('other.csr'), '-CA', w('other-ca.pem'), '-CAkey', w('other-ca.key'), '-CAcreateserial', '-days', '30', '-out', w('other.pem'), '-extfile', ext, '-extensions', 'leaf']), 'sign leaf');
  writeFileSync(w('other-chain.pem'), readFileSync(w('other.pem'), 'utf8') + readFileSync(w('other-ca.pem'), 'utf8'));
  ok(cli(['sign', 'pdf', w('in.pdf'), w('other.pdf'), '--key', w('other.key'), '--cert', w('other-chain.pem')]), 'sign with a PEM key');
  const { r, report } = verifyJson(w('other.pdf'));
  exits(r, 1, 'verify untrusted');
  assert.equal(report.indication, 'INDETERMINATE');
  assert.equal(report.signatures[0].subIndication, 'NO_CERTIFICATE_CHAIN_FOUND');
  // Trusting that CA for this run only (--trust) makes it pass (its leaf has no CRL: offline
  // there is no revocation answer, so the verdict is INDETERMINATE / TRY_LATER at best).
  const trusted = verifyJson(w('other.pdf'), ['--trust', w('other-ca.pem')]).report;
  assert.notEqual(trusted.signatures[0].subIndication, 'NO_CERTIFICATE_CHAIN_FOUND');
});

test('sign pdf with a key held in a PKCS#11 token (SoftHSM): pdfsig and cqdt verify pass', () => {
  // A real token: SoftHSM with its own configuration, the demo seal's key imported into it.
  const hsm = w('softhsm');
  ok(run('mkdir', ['-p', path.join(hsm, 'tokens')]), 'mkdir tokens');
  writeFileSync(path.join(hsm, 'softhsm2.conf'), `directories.tokendir = ${path.join(hsm, 'tokens')}\n`);
  const env = { ...process.env, SOFTHSM2_CONF: path.join(hsm, 'softhsm2.conf') };
  const sh = (cmd, args, what) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', env });
    assert.equal(r.status, 0, `${what}: ${r.stdout}\n${r.stderr}`);
  };
  sh('softhsm2-util', ['--init-token', '--free', '--label', 'cqdt-cli', '--pin', '1234', '--so-pin', '5678'], 'init token');
  const p12 = path.join(pki, SEAL);
  sh('openssl', ['pkcs12', '-in', p12, '-nocerts', '-nodes', '-passin', 'pass:', '-out', w('seal-key.pem')], 'p12 key');
  sh('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', w('seal-key.pem'), '-outform', 'DER', '-out', w('seal-key.der')], 'pkcs8');
  sh('openssl', ['x509', '-in', `${p12}.pem`, '-outform', 'DER', '-out', w('seal-cert.der')], 'cert der');
  const tool = ['--module', '/usr/lib/softhsm/libsofthsm2.so', '--token-label', 'cqdt-cli', '--login', '--pin', '1234'];
  sh('pkcs11-tool', [...tool, '--write-object', w('seal-key.der'), '--type', 'privkey', '--id', '01', '--label', 'seal'], 'import key');
  sh('pkcs11-tool', [...tool, '--write-object', w('seal-cert.der'), '--type', 'cert', '--id', '01', '--label', 'seal'], 'import cert');

  const sign = runCli(
    ['sign', 'pdf', w('in.pdf'), w('token.pdf'), '--key', 'pkcs11:token=cqdt-cli;object=seal;type=private',
      '--cert', path.join(pki, `${SEAL}.pem`), '--password', '1234',
      '--visible', 'seal', ...db()],
    { env: { SOFTHSM2_CONF: path.join(hsm, 'softhsm2.conf') } },
  );
  ok(sign, 'sign pdf with the token');
  const sig = ok(pdfsig(w('token.pdf')), 'pdfsig');
  assert.match(sig.stdout, /Signature is Valid/);
  assert.match(sig.stdout, /Certificate is Trusted/);
  const { r, report } = verifyJson(w('token.pdf'));
  ok(r, 'verify --json');
  assert.equal(report.indication, 'TOTAL_PASSED');
  assert.match(report.signatures[0].signer.subject, /H01|UBND|Ủy ban/);
});

test('audit checkpoint: the signed head of the audit chain reveals entries cut off the end', () => {
  const signed = ok(
    cli(['audit', 'checkpoint', '--key', path.join(pki, SEAL), '--password', '']),
    'audit checkpoint',
  );
  assert.match(signed.stdout, /Đã ký mốc nhật ký/);
  const dirOf = path.join(dir.dataDir, 'audit', 'checkpoints');
  const [p7s] = readdirSync(dirOf).filter((f) => f.endsWith('.p7s'));
  assert.ok(p7s, 'a .p7s checkpoint was written');
  // The checkpoint is an ordinary detached CMS over its .txt: openssl checks it too.
  const txt = path.join(dirOf, p7s.replace(/\.p7s$/, '.txt'));
  ok(
    run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(dirOf, p7s),
      '-content', txt, '-CAfile', path.join(pki, 'root.pem'), '-certfile', path.join(pki, 'intermediate.pem'),
      '-purpose', 'any', '-out', '/dev/null']),
    'openssl cms -verify of the checkpoint',
  );
  const good = ok(cli(['audit', 'verify']), 'audit verify');
  assert.match(good.stdout, /mốc đã ký khớp/);

  // Delete the newest audit entry: the hash chain still looks whole, the checkpoint does not.
  const seq = Number(/^seq: (\d+)$/m.exec(readFileSync(txt, 'utf8'))[1]);
  const del = spawnSync('sqlite3', [dir.dbPath, `DELETE FROM audit_entry WHERE seq >= ${seq}`], { encoding: 'utf8' });
  assert.equal(del.status, 0, del.stderr);
  const cut = exits(cli(['audit', 'verify']), 1, 'audit verify after deleting the newest entries');
  assert.match(cut.stdout, /đã bị xóa/);
  rmSync(dirOf, { recursive: true, force: true });
});

test('trust add / remove round trip', () => {
  const added = ok(cli(['pki', 'trust', 'add', w('other-ca.pem'), '--name', 'Other CA']), 'trust add');
  const id = /(\d+)/.exec(added.stdout.split('\n')[0].replace(/^[^\d]*/, ''))[1];
  exits(cli(['pki', 'trust', 'add', w('other-ca.pem')]), 2, 'already trusted');
  ok(cli(['pki', 'trust', 'remove', id]), 'trust remove');
  const { items } = JSON.parse(ok(cli(['pki', 'trust', 'list', '--json']), 'list').stdout);
  assert.ok(!items.some((a) => a.name === 'Other CA'));
});

test('usage errors exit 2 with a Vietnamese message', () => {
  const cases = [
    ['sign', 'pdf', w('in.pdf')],
    ['sign', 'pdf', w('in.pdf'), w('x.pdf')],
    ['sign', 'pdf', w('missing.pdf'), w('x.pdf'), '--key', path.join(pki, SEAL)],
    ['sign', 'pdf', w('in.pdf'), w('in.pdf'), '--key', path.join(pki, SEAL)],
    ['sign', 'pdf', w('in.pdf'), w('x.pdf'), '--key', w('no-such.p12')],
    ['sign', 'pdf', w('in.pdf'), w('x.pdf'), '--key', path.join(pki, SEAL), '--visible', 'bogus'],
    ['sign', 'pdf', w('in.pdf'), w('x.pdf'), '--key', path.join(pki, SEAL), '--rect', '1,2,3'],
    ['sign', 'pdf', w('in.pdf'), w('x.pdf'), '--key', path.join(pki, SEAL), '--certify', '4'],
    ['sign', 'bogus', w('in.pdf'), w('x.pdf')],
    ['verify'],
    ['verify', w('missing.pdf')],
    ['verify', w('ext.cnf')],
    ['verify', w('data.p7s'), '--offline'],
    ['pki', 'trust', 'remove', 'abc'],
    ['pki', 'trust', 'add', w('other-ca.pem'), '--purpose', 'bogus'],
  ];
  for (const args of cases) {
    const r = exits(cli(args), 2, args.join(' '));
    assertVietnamese(r.stderr, `${args.join(' ')}: message`);
  }
  assert.ok(!existsSync(w('x.pdf')));
});
