// Digital signatures (issue 4): signing with the server's keys (PDF / XML / CMS), public
// verification, and the trust store. The PKI, the timestamp authority and the OCSP responder are
// made with the `openssl` CLI (tests/support/pki.mjs, tests/support/tsa-server.mjs); the signed
// files are checked with independent tools too (pdfsig, xmlsec1, openssl cms).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import {
  Client,
  PROVINCE_CODE,
  apiPath,
  freePort,
  loggedIn,
  prepareDataDir,
  rawExchange,
  startServer,
} from '../support/cqdt-server.mjs';
import {
  cmsSignAttached,
  createPki,
  discPng,
  haveTool,
  minimalPdf,
  run,
  startOcspResponder,
} from '../support/pki.mjs';
import { startTsa } from '../support/tsa-server.mjs';

const SEAL_KEY = 'seal-h01';
const PERSONAL_KEY = 'lanhdao-snv';
const PERSONAL_SECRET = 'Mat-khau@2026';
const SEAL_CN = 'UBND tỉnh An Giang';
const PERSONAL_CN = 'Nguyễn Văn Thành';
const PDF_TEXT = 'cqdt test document';

// The status reply of docs edXML §10 (/work/shared/reference/edxml.md).
const EDXML = `<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
 <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLHeader>
   <edXML:MessageHeader>
    <edXML:From><edXML:OrganId>000.00.21.H99</edXML:OrganId><edXML:OrganName>UBND xã Mẫu Sơn</edXML:OrganName></edXML:From>
    <edXML:ResponseFor>
     <edXML:OrganId>000.00.07.H99</edXML:OrganId>
     <edXML:Code>45/SNV-VP</edXML:Code>
     <edXML:PromulgationDate>2025/03/05</edXML:PromulgationDate>
     <edXML:DocumentId>000.00.07.H99,2025/03/05,45/SNV-VP</edXML:DocumentId>
    </edXML:ResponseFor>
    <edXML:StaffInfo><edXML:Department>Văn phòng HĐND và UBND</edXML:Department><edXML:Staff>Lê Thị B</edXML:Staff></edXML:StaffInfo>
    <edXML:StatusCode>03</edXML:StatusCode>
    <edXML:Description>Văn thư đã tiếp nhận, số đến 112</edXML:Description>
    <edXML:Timestamp>2025/03/05 14:02:37</edXML:Timestamp>
   </edXML:MessageHeader>
  </edXML:edXMLHeader>
 </edXML:edXMLEnvelope>
</edXML>
`;

let pki;
let work; // scratch directory for files handed to the CLI tools
let tsa;
let ocsp;
let prepared;
let server;
let admin;
let clerk; // vanthu.ubnd, clerk of UBND tỉnh (000.00.00.H01)
let leader; // lanhdao.snv, owner of the personal key
let officer; // chuyenvien.snv, no key
let anonymous;
let nssDb; // trusts root + TSA CA, for pdfsig
const C = {}; // certificates
const CRL = {}; // CRL paths
let sealSigned; // a PDF with the seal only
let twoSigned; // a PDF signed by lanhdao.snv, then sealed by vanthu.ubnd

const file = (name, bytes) => {
  const p = path.join(work, name);
  writeFileSync(p, bytes);
  return p;
};
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

// A request that keeps the response as bytes (Client decodes bodies as UTF-8 text). The result
// has the fields assertProblem / assertStatus read, plus `buf`.
async function send(client, method, p, body, { headers = {}, csrf = true } = {}) {
  const url = server.baseUrl + apiPath(p);
  const h = {};
  if (client?.cookies?.size) h.Cookie = client.cookieHeader();
  if (csrf && client?.csrfToken) h['X-CSRF-Token'] = client.csrfToken;
  Object.assign(h, headers);
  const res = await fetch(url, { method, headers: h, body, signal: AbortSignal.timeout(60_000) });
  const buf = Buffer.from(await res.arrayBuffer());
  const contentType = res.headers.get('content-type') ?? '';
  let parsed;
  if (/json/i.test(contentType)) {
    try {
      parsed = JSON.parse(buf.toString('utf8'));
    } catch {}
  }
  return {
    status: res.status,
    headers: res.headers,
    contentType,
    buf,
    body: parsed,
    text: buf.toString('utf8'),
    method,
    path: new URL(url).pathname,
    requestId: res.headers.get('x-request-id'),
  };
}

function sign(client, content, params, { secret, csrf = true, contentType = 'application/octet-stream' } = {}) {
  const headers = { 'Content-Type': contentType };
  if (secret !== undefined) headers['X-Signing-Secret'] = secret;
  return send(client, 'POST', `/signing/sign?${new URLSearchParams(params)}`, content, { headers, csrf });
}

function verify(content, params = {}, contentType = 'application/octet-stream') {
  const qs = new URLSearchParams(params).toString();
  return send(anonymous, 'POST', `/signatures/verify${qs ? `?${qs}` : ''}`, content, {
    headers: { 'Content-Type': contentType },
  });
}

function assertSignedFile(res, contentType, ext) {
  assert.equal(res.status, 200, `expected 200; got ${res.status} ${res.text.slice(0, 1000)}`);
  assert.match(res.contentType, new RegExp(`^${contentType.replace('/', '\\/')}\\b`));
  const cd = res.headers.get('content-disposition') ?? '';
  assert.match(cd, /^attachment;/, `Content-Disposition: ${cd}`);
  assert.match(cd, new RegExp(`filename="[^"]*\\.${ext}"`), `Content-Disposition names a .${ext}: ${cd}`);
}

// The JSON report of a verification, with the common shape checked.
function report(res, { kind, signatures } = {}) {
  assertStatus(res, 200);
  assert.match(res.contentType, /^application\/json\b/);
  const r = res.body;
  assert.ok(r && typeof r === 'object', 'a JSON report');
  if (kind) assert.equal(r.kind, kind);
  assert.ok(['TOTAL_PASSED', 'INDETERMINATE', 'TOTAL_FAILED'].includes(r.indication), r.indication);
  assert.ok(typeof r.conclusion === 'string' && r.conclusion.length > 0);
  assert.ok(Array.isArray(r.warnings));
  assert.ok(Array.isArray(r.signatures));
  assert.ok(!Number.isNaN(Date.parse(r.verifiedAt)), 'verifiedAt is a time');
  if (signatures !== undefined) assert.equal(r.signatures.length, signatures, JSON.stringify(r, null, 1));
  return r;
}

const show = (r) => JSON.stringify(r, null, 1).slice(0, 4000);

function pdfsig(pdfPath) {
  const r = run('pdfsig', ['-nssdir', `sql:${nssDb}`, pdfPath], { allowFail: true });
  return `${r.stdout}\n${r.stderr}`;
}

before(async () => {
  pki = createPki();
  work = mkdtempSync(path.join(os.tmpdir(), 'cqdt-sig-'));

  // PKI: root → intermediate → leaves; a second intermediate whose leaves name an OCSP responder
  // (its CRL is never uploaded); a TSA CA; an untrusted root.
  C.root = pki.createRoot('root', { cn: 'cqdt Kiểm thử Root CA' });
  C.inter = pki.createIntermediate('inter', C.root, { cn: 'cqdt Kiểm thử Sub CA' });
  C.interOcsp = pki.createIntermediate('inter-ocsp', C.root, { cn: 'cqdt Kiểm thử OCSP CA' });
  C.tsaCa = pki.createRoot('tsa-ca', { cn: 'cqdt Kiểm thử TSA CA' });
  C.foreignRoot = pki.createRoot('foreign-root', { cn: 'Tổ chức lạ Root CA', o: 'Tổ chức lạ' });

  C.seal = pki.issue('seal', C.inter, { cn: SEAL_CN, o: SEAL_CN });
  C.personal = pki.issue('personal', C.inter, { cn: PERSONAL_CN, o: 'Sở Nội vụ tỉnh An Giang' });
  C.revoked = pki.issue('revoked', C.inter, { cn: 'Người ký bị thu hồi', o: 'cqdt test' });
  C.expired = pki.issue('expired', C.inter, {
    cn: 'Người ký hết hạn',
    o: 'cqdt test',
    startDate: new Date('2020-01-01T00:00:00Z'),
    endDate: new Date('2021-01-01T00:00:00Z'),
  });
  const ocspPort = await freePort();
  C.ocspLeaf = pki.issue('ocsp-leaf', C.interOcsp, {
    cn: 'Người ký OCSP',
    o: 'cqdt test',
    ocspUrl: `http://127.0.0.1:${ocspPort}/`,
  });
  C.foreign = pki.issue('foreign', C.foreignRoot, { cn: 'Người ký lạ', o: 'Tổ chức lạ' });
  C.extraCa = pki.createRoot('extra-ca', { cn: 'cqdt Kiểm thử CA tạm' });

  pki.revoke(C.inter, C.revoked);
  CRL.root = pki.crl(C.root);
  CRL.inter = pki.crl(C.inter);
  CRL.tsa = pki.crl(C.tsaCa);

  ocsp = await startOcspResponder({ ca: C.interOcsp, port: ocspPort });
  tsa = await startTsa({ dir: path.join(pki.dir, 'tsa'), caCert: C.tsaCa.cert, caKey: C.tsaCa.key });
  assert.equal(tsa.caCert, C.tsaCa.cert);

  // pdfsig trusts the root and the TSA CA (not the intermediate: signatures must carry it).
  nssDb = pki.nssDb('verify', { trust: [C.root.cert, C.tsaCa.cert] });

  // The server's keys, next to its database.
  prepared = prepareDataDir();
  const d = prepared.dataDir;
  pki.pkcs12(C.seal, { password: '', file: path.join(d, 'seal.p12') });
  pki.pkcs12(C.personal, { password: PERSONAL_SECRET, file: path.join(d, 'lanhdao.p12') });
  copyFileSync(C.personal.cert, path.join(d, 'lanhdao.p12.pem')); // the certificate before unlocking
  writeFileSync(path.join(d, 'seal.png'), discPng(96, [200, 0, 0]));
  writeFileSync(path.join(d, 'lanhdao.png'), discPng(64, [0, 0, 180]));
  const keysFile = path.join(d, 'keys.toml');
  writeFileSync(
    keysFile,
    [
      '[[key]]',
      `id = "${SEAL_KEY}"`,
      'kind = "seal"',
      `owner = "${PROVINCE_CODE}"`,
      'source = "seal.p12"',
      'image = "seal.png"',
      '',
      '[[key]]',
      `id = "${PERSONAL_KEY}"`,
      'kind = "personal"',
      'owner = "lanhdao.snv"',
      'source = "lanhdao.p12"',
      'ask_secret = true',
      'image = "lanhdao.png"',
      '',
    ].join('\n'),
  );

  server = await startServer({
    dataDir: d,
    env: {
      CQDT_SIGNING_KEYS_FILE: keysFile,
      CQDT_TIMESTAMP_URL: tsa.url,
      // Many verifications come from 127.0.0.1 here; the limit has its own test below.
      CQDT_VERIFY_REQUESTS_PER_MINUTE: '1000',
    },
  });
  anonymous = new Client(server.baseUrl);
  admin = await loggedIn(server.baseUrl, 'admin');
  clerk = await loggedIn(server.baseUrl, 'vanthu.ubnd');
  leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.snv');

  // Trust: the root for documents, the TSA CA for timestamps, and the CRLs.
  const pem = 'application/x-pem-file';
  for (const [purpose, cert] of [['document', C.root], ['timestamp', C.tsaCa]]) {
    const res = await admin.post(`/trust/anchors?purpose=${purpose}&name=${encodeURIComponent(cert.cn)}`, cert.pem, {
      raw: true,
      headers: { 'Content-Type': pem },
    });
    assertStatus(res, 201);
    assert.equal(res.body.items.length, 1);
    assert.equal(res.body.items[0].purpose, purpose);
    assert.equal(res.body.items[0].isRoot, true);
  }
  for (const crl of [CRL.root, CRL.inter, CRL.tsa]) {
    const res = await admin.post('/trust/crls', readFileSync(crl, 'utf8'), {
      raw: true,
      headers: { 'Content-Type': 'application/pkix-crl' },
    });
    assertStatus(res, 201);
  }
});

after(async () => {
  await server?.stop();
  prepared?.cleanup();
  await ocsp?.stop();
  await tsa?.stop();
  pki?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Keys

test('vanthu.ubnd is the clerk of the agency that owns the seal key', async () => {
  const res = await admin.get(`/agencies/${clerk.user.agencyId}`);
  assertStatus(res, 200);
  assert.equal(res.body.code, PROVINCE_CODE);
});

test('GET /signing/keys: each user sees only the keys they may use', async () => {
  const keysOf = async (c) => {
    const res = await c.get('/signing/keys');
    assertStatus(res, 200);
    assert.match(res.contentType, /^application\/json\b/);
    assert.ok(Array.isArray(res.body.items));
    return res.body.items;
  };
  const seal = await keysOf(clerk);
  assert.deepEqual(seal.map((k) => k.id), [SEAL_KEY]);
  assert.equal(seal[0].kind, 'seal');
  assert.equal(seal[0].owner, PROVINCE_CODE);
  assert.equal(seal[0].askSecret, false);
  assert.equal(seal[0].hasImage, true);
  assert.equal(seal[0].demo, false);

  const personal = await keysOf(leader);
  assert.deepEqual(personal.map((k) => k.id), [PERSONAL_KEY]);
  assert.equal(personal[0].kind, 'personal');
  assert.equal(personal[0].owner, 'lanhdao.snv');
  assert.equal(personal[0].askSecret, true);
  assert.equal(personal[0].hasImage, true);
  // The certificate is known from lanhdao.p12.pem without the password.
  assert.equal(personal[0].certificate?.commonName, PERSONAL_CN);
  assert.match(personal[0].certificate.issuer, /Sub CA/);
  assert.ok(!Number.isNaN(Date.parse(personal[0].certificate.notAfter)));

  assert.deepEqual(await keysOf(officer), []);
  assertProblem(await anonymous.get('/signing/keys'), 401, 'unauthenticated');
});

test(
  'GET /signing/keys shows the certificate of a server-held seal before its first use',
  async () => {
    // Runs before any signature with the seal; no seal.p12.pem exists next to seal.p12.
    const res = await clerk.get('/signing/keys');
    assertStatus(res, 200);
    const seal = res.body.items.find((k) => k.id === SEAL_KEY);
    assert.ok(seal);
    assert.equal(seal.certificate?.commonName, SEAL_CN, JSON.stringify(seal));
    assert.equal(seal.certificate.organization ?? SEAL_CN, SEAL_CN);
  },
);

// ---------------------------------------------------------------------------------------------
// Signing

test('vanthu.ubnd seals a PDF: application/pdf, and pdfsig finds a valid, trusted signature', async (t) => {
  const res = await sign(clerk, minimalPdf(PDF_TEXT), { key: SEAL_KEY, style: 'seal', fileName: 'cong-van.pdf', reason: 'Đóng dấu' }, { contentType: 'application/pdf' });
  assertSignedFile(res, 'application/pdf', 'pdf');
  assert.match(res.headers.get('content-disposition'), /cong-van\.signed\.pdf/);
  assert.equal(res.buf.subarray(0, 5).toString('latin1'), '%PDF-');
  sealSigned = res.buf;

  if (!haveTool('pdfsig')) return t.skip('pdfsig not installed');
  const out = pdfsig(file('seal.pdf', res.buf));
  t.diagnostic(out.replace(/\n/g, ' | '));
  assert.match(out, /Signature #1/, out);
  assert.doesNotMatch(out, /Signature #2/, out);
  assert.match(out, /Signature is Valid/, out);
  assert.match(out, /Certificate is Trusted/, out);
  assert.match(out, /Total document signed/, out);
  assert.match(out, new RegExp(`Common Name: ${SEAL_CN}`), out);
  if (/time ?stamp/i.test(out)) assert.doesNotMatch(out, /time ?stamp[^\n]*(invalid|not)/i, out);
});

test('lanhdao.snv signs, then vanthu.ubnd seals: both valid in pdfsig and in cqdt (PAdES-B-T)', async (t) => {
  const first = await sign(leader, minimalPdf(PDF_TEXT), { key: PERSONAL_KEY, style: 'signer', fileName: 'quyet-dinh.pdf' }, { secret: PERSONAL_SECRET });
  assertSignedFile(first, 'application/pdf', 'pdf');
  const second = await sign(clerk, first.buf, { key: SEAL_KEY, style: 'seal', fileName: 'quyet-dinh.signed.pdf' });
  assertSignedFile(second, 'application/pdf', 'pdf');
  assert.ok(second.buf.length > first.buf.length);
  assert.ok(second.buf.subarray(0, first.buf.length).equals(first.buf), 'the seal is an incremental update');
  twoSigned = second.buf;

  if (haveTool('pdfsig')) {
    const out = pdfsig(file('two.pdf', twoSigned));
    assert.match(out, /Signature #1/, out);
    assert.match(out, /Signature #2/, out);
    assert.equal(out.match(/Signature is Valid/g)?.length, 2, out);
    assert.equal(out.match(/Certificate is Trusted/g)?.length, 2, out);
    assert.match(out, /Total document signed/, out);
    assert.match(out, new RegExp(PERSONAL_CN), out);
    assert.match(out, new RegExp(SEAL_CN), out);
  } else {
    t.diagnostic('pdfsig not installed; only cqdt verifies');
  }

  const r = report(await verify(twoSigned, { fileName: 'quyet-dinh.pdf' }, 'application/pdf'), { kind: 'pdf', signatures: 2 });
  assert.equal(r.indication, 'TOTAL_PASSED', show(r));
  assert.equal(r.fileName, 'quyet-dinh.pdf');
  assert.equal(r.fileSha256, sha256(twoSigned));
  assert.equal(r.fileSize, twoSigned.length);
  assert.deepEqual(r.warnings, []);
  const [a, b] = r.signatures;
  assert.equal(a.index, 1);
  assert.equal(b.index, 2);
  assert.equal(a.signer.commonName, PERSONAL_CN);
  assert.equal(b.signer.commonName, SEAL_CN);
  assert.equal(b.signer.organization, SEAL_CN);
  for (const s of [a, b]) {
    assert.equal(s.indication, 'TOTAL_PASSED', show(s));
    assert.equal(s.subIndication, null);
    assert.equal(s.format, 'PAdES-BASELINE-T', show(s));
    assert.equal(s.validationTimeSource, 'timestamp', show(s));
    assert.ok(!Number.isNaN(Date.parse(s.timestampTime)), 'timestampTime');
    assert.equal(s.timestampAuthority, 'cqdt test TSA');
    assert.equal(s.integrity.formatOk, true);
    assert.equal(s.integrity.digestMatches, true);
    assert.equal(s.integrity.signatureValid, true);
    assert.equal(s.certificate.status, 'valid');
    assert.equal(s.certificate.revocationSource, 'crl');
    assert.equal(s.certificate.revokedAt, null);
    assert.deepEqual(
      s.certificate.chain.map((c) => c.commonName),
      [s.signer.commonName, C.inter.cn, C.root.cn],
    );
    assert.ok(typeof s.fieldName === 'string' && s.fieldName.length > 0);
    assert.ok(typeof s.conclusion === 'string' && s.conclusion.length > 0);
  }
  assert.equal(b.integrity.coversWholeDocument, true);
  assert.equal(b.integrity.appendedBytes, 0);
});

test('sign: permissions, secrets and styles', async () => {
  const pdf = minimalPdf(PDF_TEXT);
  // An officer may not use the agency seal.
  assertProblem(await sign(officer, pdf, { key: SEAL_KEY, style: 'seal' }), 403, 'forbidden');
  // Nor may the clerk use lanhdao.snv's key, nor lanhdao.snv the seal.
  assertProblem(await sign(clerk, pdf, { key: PERSONAL_KEY, style: 'signer' }, { secret: PERSONAL_SECRET }), 403, 'forbidden');
  assertProblem(await sign(leader, pdf, { key: SEAL_KEY, style: 'seal' }), 403, 'forbidden');
  // The personal key asks for its password.
  assertProblem(await sign(leader, pdf, { key: PERSONAL_KEY, style: 'signer' }), 422, 'validation', { fields: [['secret', 'required']] });
  // A wrong password: 422. The problem type is `bad-signature` (ErrorCode::kBadSignature), which
  // docs/api.md's list of problem types does not name; `validation` would be fine too.
  const wrong = await sign(leader, pdf, { key: PERSONAL_KEY, style: 'signer' }, { secret: 'sai-mat-khau' });
  assert.equal(wrong.status, 422, wrong.text);
  assert.ok(['bad-signature', 'validation'].includes(wrong.body?.type?.replace('urn:cqdt:problem:', '')), wrong.text);
  assertProblem(wrong, 422, wrong.body.type.replace('urn:cqdt:problem:', ''));
  // A personal key does not stamp a seal; the seal does not sign as a person.
  assertProblem(await sign(leader, pdf, { key: PERSONAL_KEY, style: 'seal' }, { secret: PERSONAL_SECRET }), 422, 'validation', { fields: [['style', 'enum']] });
  assertProblem(await sign(clerk, pdf, { key: SEAL_KEY, style: 'signer' }), 422, 'validation', { fields: [['style', 'enum']] });
  // Bad parameters.
  assertProblem(await sign(clerk, pdf, { key: SEAL_KEY, style: 'sparkly' }), 422, 'validation', { fields: ['style'] });
  assertProblem(await sign(clerk, pdf, { key: SEAL_KEY, kind: 'docx' }), 422, 'validation', { fields: ['kind'] });
  assertProblem(await sign(clerk, pdf, { style: 'seal' }), 422, 'validation', { fields: ['key'] });
  assertProblem(await sign(clerk, Buffer.alloc(0), { key: SEAL_KEY, style: 'seal' }), 422, 'validation', { fields: ['file'] });
  // Cookie without the CSRF header.
  assertProblem(await sign(clerk, pdf, { key: SEAL_KEY, style: 'seal' }, { csrf: false }), 403, 'forbidden');
  // Unknown key; anonymous.
  assertProblem(await sign(clerk, pdf, { key: 'no-such-key', style: 'seal' }), 404, 'not-found');
  assertProblem(await sign(anonymous, pdf, { key: SEAL_KEY, style: 'seal' }), 401, 'unauthenticated');
});

let signedXml; // the edXML package sealed by vanthu.ubnd

test('kind=xml: an enveloped XML-DSig that xmlsec1 accepts; a changed character is HASH_FAILURE', async (t) => {
  const res = await sign(clerk, Buffer.from(EDXML, 'utf8'), { key: SEAL_KEY, kind: 'xml', fileName: 'goi-tin.xml' }, { contentType: 'application/xml' });
  assertSignedFile(res, 'application/xml', 'xml');
  const xml = res.buf.toString('utf8');
  assert.match(xml, /<(\w+:)?Signature\b[^>]*xmlns(:\w+)?="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#"/);
  assert.match(xml, /Văn thư đã tiếp nhận, số đến 112/, 'the content is kept');
  signedXml = res.buf;

  if (haveTool('xmlsec1')) {
    const r = run('xmlsec1', ['--verify', '--enabled-reference-uris', 'empty,same-doc', '--trusted-pem', C.root.cert,
      '--untrusted-pem', C.inter.cert, file('signed.xml', res.buf)], { allowFail: true });
    assert.equal(r.code, 0, `xmlsec1 --verify failed:\n${r.stdout}\n${r.stderr}`);
  } else {
    t.diagnostic('xmlsec1 not installed');
  }

  // cqdt finds the signature, its signer and intact integrity...
  const r = report(await verify(res.buf, { fileName: 'goi-tin.xml' }, 'application/xml'), { kind: 'xml', signatures: 1 });
  const s = r.signatures[0];
  assert.equal(s.format, 'XML-DSig');
  assert.equal(s.signer.commonName, SEAL_CN);
  assert.equal(s.integrity.digestMatches, true);
  assert.equal(s.integrity.signatureValid, true);

  // ...and one changed character breaks it.
  const tampered = Buffer.from(xml.replace('số đến 112', 'số đến 113'), 'utf8');
  const bad = report(await verify(tampered, {}, 'application/xml'), { kind: 'xml', signatures: 1 });
  assert.equal(bad.indication, 'TOTAL_FAILED', show(bad));
  assert.equal(bad.signatures[0].indication, 'TOTAL_FAILED');
  assert.match(bad.signatures[0].subIndication, /HASH_FAILURE|SIG_CRYPTO_FAILURE/, show(bad));
});

test(
  'verify: the edXML package signed by cqdt is TOTAL_PASSED (the signature carries the intermediate CA)',
  async () => {
    assert.ok(signedXml, 'the XML signing test ran');
    const certs = signedXml.toString('utf8').match(/<(\w+:)?X509Certificate>/g) ?? [];
    assert.equal(certs.length, 2, 'X509Data holds the signer and the intermediate CA');
    const r = report(await verify(signedXml, { fileName: 'goi-tin.xml' }, 'application/xml'), { kind: 'xml', signatures: 1 });
    assert.equal(r.indication, 'TOTAL_PASSED', show(r));
    const s = r.signatures[0];
    assert.equal(s.indication, 'TOTAL_PASSED');
    assert.equal(s.certificate.status, 'valid');
    assert.deepEqual(s.certificate.chain.map((c) => c.commonName), [SEAL_CN, C.inter.cn, C.root.cn]);
  },
);

test('kind=cms: a detached .p7s over arbitrary bytes that openssl cms verifies', async () => {
  const data = Buffer.from([0, 1, 2, 3, 0xff, 0xfe, ...Buffer.from(' dữ liệu bất kỳ\n')]);
  const res = await sign(leader, data, { key: PERSONAL_KEY, kind: 'cms', fileName: 'du-lieu.bin' }, { secret: PERSONAL_SECRET });
  assertSignedFile(res, 'application/pkcs7-signature', 'p7s');
  assert.match(res.headers.get('content-disposition'), /du-lieu\.bin\.p7s/);
  assert.equal(res.buf[0], 0x30, 'DER SEQUENCE');
  const r = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', file('sig.p7s', res.buf),
    // (OpenSSL 3.0's `cms` has no -untrusted; -certfile adds the intermediate the same way.)
    '-content', file('data', data), '-CAfile', C.root.cert, '-certfile', C.inter.cert, '-purpose', 'any',
    '-out', path.join(work, 'data.out')], { allowFail: true });
  assert.equal(r.code, 0, `openssl cms -verify failed:\n${r.stderr}`);
  assert.match(r.stderr, /Verification successful/);

  // The verification endpoint checks a detached .p7s against the SHA-256 of its content.
  const sha = createHash('sha256').update(data).digest('hex');
  const ok = report(await verify(res.buf, { fileName: 'du-lieu.bin.p7s', contentSha256: sha }), { kind: 'cms', signatures: 1 });
  assert.equal(ok.indication, 'TOTAL_PASSED', JSON.stringify(ok, null, 1));
  const other = createHash('sha256').update('khác').digest('hex');
  const bad = report(await verify(res.buf, { contentSha256: other }), { kind: 'cms', signatures: 1 });
  assert.equal(bad.indication, 'TOTAL_FAILED');
  assert.equal(bad.signatures[0].subIndication, 'HASH_FAILURE');
  // Without the digest: 422 naming the missing content; a malformed digest: 422 contentSha256.
  assertProblem(await verify(res.buf), 422, 'validation', { fields: ['content'] });
  assertProblem(await verify(res.buf, { contentSha256: 'abc' }), 422, 'validation', { fields: ['contentSha256'] });
});

test('each signature is audited (sign.pdf, sign.xml, sign.cms)', async () => {
  const entries = async (action) => {
    const res = await admin.get(`/audit?action=${action}&limit=100`);
    assertStatus(res, 200);
    assert.ok(res.body.items.every((e) => e.action === action), `only ${action}`);
    return res.body.items;
  };
  const pdf = await entries('sign.pdf');
  // seal only; signer + seal; (the refused requests write nothing)
  assert.equal(pdf.length, 3, JSON.stringify(pdf, null, 1));
  const bySeal = pdf.filter((e) => e.actor === 'vanthu.ubnd');
  const byLeader = pdf.filter((e) => e.actor === 'lanhdao.snv');
  assert.equal(bySeal.length, 2);
  assert.equal(byLeader.length, 1);
  for (const e of bySeal) {
    assert.equal(e.entity, 'signature');
    assert.equal(String(e.entityId), SEAL_KEY);
    assert.match(e.summary, new RegExp(SEAL_KEY));
    assert.match(e.summary, /[0-9a-f]{64}/, 'the summary names the SHA-256 of the file');
  }
  assert.ok(bySeal.some((e) => e.summary.includes(sha256(minimalPdf(PDF_TEXT)))));
  assert.equal(String(byLeader[0].entityId), PERSONAL_KEY);
  assert.equal((await entries('sign.xml')).length, 1);
  const cms = await entries('sign.cms');
  assert.equal(cms.length, 1);
  assert.equal(cms[0].actor, 'lanhdao.snv');
  assert.equal((await admin.get('/audit?action=sign.pdf')).status, 200);
  assertProblem(await clerk.get('/audit?action=sign.pdf'), 403, 'forbidden');
});

test('style=attachment: the seal on a separate attachment needs documentNumber', async () => {
  const pdf = minimalPdf('Phụ lục kèm theo');
  assertProblem(await sign(clerk, pdf, { key: SEAL_KEY, style: 'attachment' }), 422, 'validation', { fields: [['documentNumber', 'required']] });
  assertProblem(await sign(leader, pdf, { key: PERSONAL_KEY, style: 'attachment', documentNumber: '05/QĐ-UBND' }, { secret: PERSONAL_SECRET }), 422, 'validation', { fields: [['style', 'enum']] });
  const res = await sign(clerk, pdf, { key: SEAL_KEY, style: 'attachment', documentNumber: '05/QĐ-UBND', fileName: 'phu-luc.pdf' });
  assertSignedFile(res, 'application/pdf', 'pdf');
  const r = report(await verify(res.buf), { kind: 'pdf', signatures: 1 });
  assert.equal(r.indication, 'TOTAL_PASSED', show(r));
});

// ---------------------------------------------------------------------------------------------
// Verification (anonymous)

test('verify: the sealed PDF passes; a changed byte is TOTAL_FAILED / HASH_FAILURE', async () => {
  assert.ok(sealSigned, 'the seal test ran');
  const ok = report(await verify(sealSigned), { kind: 'pdf', signatures: 1 });
  assert.equal(ok.indication, 'TOTAL_PASSED', show(ok));
  assert.equal(ok.fileName, 'tep-tai-len', 'the default file name');

  const tampered = Buffer.from(sealSigned);
  const at = tampered.indexOf(PDF_TEXT);
  assert.ok(at > 0);
  tampered[at] = 'C'.charCodeAt(0); // "Cqdt test document"
  const r = report(await verify(tampered), { kind: 'pdf', signatures: 1 });
  assert.equal(r.indication, 'TOTAL_FAILED', show(r));
  const s = r.signatures[0];
  assert.equal(s.indication, 'TOTAL_FAILED');
  assert.equal(s.subIndication, 'HASH_FAILURE', show(s));
  assert.equal(s.integrity.digestMatches, false);
});

test('verify: bytes appended after the last signature make the document INDETERMINATE', async () => {
  const appended = Buffer.concat([sealSigned, Buffer.from('\n% appended by someone else\n', 'latin1')]);
  const r = report(await verify(appended), { kind: 'pdf', signatures: 1 });
  assert.equal(r.indication, 'INDETERMINATE', show(r));
  assert.ok(r.warnings.length >= 1, 'a document-level warning');
  const s = r.signatures[0];
  assert.equal(s.integrity.digestMatches, true);
  assert.equal(s.integrity.coversWholeDocument, false);
  assert.ok(s.integrity.appendedBytes > 0, show(s));
  assert.equal(r.unsignedTrailingBytes, s.integrity.appendedBytes);
});

test('verify: PDFs signed by pdfsig (NSS) — trusted key passes, untrusted CA is NO_CERTIFICATE_CHAIN_FOUND', async (t) => {
  if (!haveTool('pdfsig') || !haveTool('pk12util')) return t.skip('pdfsig / pk12util not installed');
  const input = file('plain.pdf', minimalPdf(PDF_TEXT));
  const signWith = (name, cert, password) => {
    const p12 = pki.pkcs12(cert, { password, file: path.join(work, `${name}.p12`), friendlyName: name });
    const db = pki.nssDb(`sign-${name}`, { trust: [cert.chain.at(-1).cert], p12: [{ file: p12, password }] });
    const out = path.join(work, `${name}-signed.pdf`);
    run('pdfsig', ['-add-signature', '-nssdir', `sql:${db}`, '-nick', name, '-reason', 'Kiểm thử', input, out]);
    return readFileSync(out);
  };

  const foreign = signWith('foreign', C.foreign, 'x');
  const bad = report(await verify(foreign, { fileName: 'la.pdf' }), { kind: 'pdf', signatures: 1 });
  assert.equal(bad.indication, 'INDETERMINATE', show(bad));
  const s = bad.signatures[0];
  assert.equal(s.indication, 'INDETERMINATE');
  assert.equal(s.subIndication, 'NO_CERTIFICATE_CHAIN_FOUND', show(s));
  assert.equal(s.certificate.status, 'unknown_issuer');
  assert.equal(s.signer.commonName, 'Người ký lạ');
  assert.equal(s.integrity.digestMatches, true);
  assert.equal(s.integrity.signatureValid, true);

  const own = signWith('trusted', C.personal, PERSONAL_SECRET);
  const good = report(await verify(own), { kind: 'pdf', signatures: 1 });
  assert.equal(good.indication, 'TOTAL_PASSED', show(good));
  assert.equal(good.signatures[0].signer.commonName, PERSONAL_CN);
  assert.notEqual(good.signatures[0].validationTimeSource, 'timestamp');
});

test('verify: a .p7s made by openssl cms -sign -nodetach passes (CAdES, no timestamp)', async () => {
  const p7s = cmsSignAttached(C.seal, Buffer.from('nội dung đã ký\n'), { untrusted: C.inter.cert });
  const r = report(await verify(p7s, { fileName: 'tep.p7s' }, 'application/pkcs7-mime'), { kind: 'cms', signatures: 1 });
  assert.equal(r.indication, 'TOTAL_PASSED', show(r));
  const s = r.signatures[0];
  assert.equal(s.signer.commonName, SEAL_CN);
  assert.equal(s.validationTimeSource, 'claimed');
  assert.equal(s.timestampTime, null);
  assert.equal(s.certificate.revocationSource, 'crl');
  // Not CAdES-BASELINE-B: openssl adds no signing-certificate-v2 attribute.
  assert.ok(typeof s.format === 'string' && s.format.length > 0, s.format);
});

test('verify: a signer revoked (in the uploaded CRL) before the claimed signing time is TOTAL_FAILED / REVOKED', async () => {
  // verification.hpp: revoked at or before the validation time → TOTAL_FAILED/REVOKED. The CRL was
  // made before this signature, and without a timestamp the validation time is the claimed time.
  const p7s = cmsSignAttached(C.revoked, Buffer.from('ký sau khi bị thu hồi\n'), { untrusted: C.inter.cert });
  const r = report(await verify(p7s), { kind: 'cms', signatures: 1 });
  assert.equal(r.indication, 'TOTAL_FAILED', show(r));
  const s = r.signatures[0];
  assert.equal(s.subIndication, 'REVOKED', show(s));
  assert.equal(s.certificate.status, 'revoked');
  assert.equal(s.certificate.revocationSource, 'crl');
  assert.ok(!Number.isNaN(Date.parse(s.certificate.revokedAt)), 'revokedAt');
  assert.equal(s.validationTimeSource, 'claimed');
});

test('verify: an expired signer without a timestamp is INDETERMINATE / OUT_OF_BOUNDS_NO_POE', async () => {
  const p7s = cmsSignAttached(C.expired, Buffer.from('ký bằng chứng thư hết hạn\n'), { untrusted: C.inter.cert });
  const r = report(await verify(p7s), { kind: 'cms', signatures: 1 });
  assert.equal(r.indication, 'INDETERMINATE', show(r));
  const s = r.signatures[0];
  assert.equal(s.subIndication, 'OUT_OF_BOUNDS_NO_POE', show(s));
  assert.equal(s.certificate.status, 'expired');
});

test('verify: a signer whose CA publishes no stored CRL is checked over OCSP', async () => {
  const p7s = cmsSignAttached(C.ocspLeaf, Buffer.from('kiểm tra OCSP\n'), { untrusted: C.interOcsp.cert });
  const r = report(await verify(p7s), { kind: 'cms', signatures: 1 });
  assert.equal(r.indication, 'TOTAL_PASSED', `${show(r)}\nocsp stderr: ${ocsp.stderr()}`);
  const s = r.signatures[0];
  assert.equal(s.certificate.status, 'valid');
  assert.equal(s.certificate.revocationSource, 'ocsp');
  assert.deepEqual(s.certificate.chain.map((c) => c.commonName), ['Người ký OCSP', C.interOcsp.cn, C.root.cn]);
});

test('verify: format=pdf answers the report as a PDF', async () => {
  const res = await verify(twoSigned ?? sealSigned, { format: 'pdf', fileName: 'quyet-dinh.pdf' });
  assert.equal(res.status, 200, res.text.slice(0, 500));
  assert.match(res.contentType, /^application\/pdf\b/);
  assert.equal(res.buf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(res.headers.get('content-disposition') ?? '', /^attachment;.*\.pdf/);
  assertProblem(await verify(sealSigned, { format: 'html' }), 422, 'validation', { fields: ['format'] });
});

test('verify: not a signed file, or nothing at all, is 422 naming the file', async () => {
  assertProblem(await verify(Buffer.from('chỉ là một tệp văn bản\n'), {}, 'text/plain'), 422, 'validation', { fields: ['file'] });
  assertProblem(await verify(Buffer.alloc(0)), 422, 'validation', { fields: [['file', 'required']] });
  // A PDF without any signature is a report, not an error.
  const r = report(await verify(minimalPdf(PDF_TEXT)), { kind: 'pdf', signatures: 0 });
  assert.equal(r.indication, 'INDETERMINATE');
});

test('verify: an upload over the 20 MB default is 413', async () => {
  const body = Buffer.alloc(21 * 1024 * 1024, 0x20);
  body.write('%PDF-1.7\n', 0, 'latin1');
  const head =
    'POST /api/v1/signatures/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/pdf\r\n' +
    `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  const res = await rawExchange(server.port, head, body, { chunkSize: 256 * 1024, timeoutMs: 60_000 });
  assert.ok(res, 'an answer');
  assert.equal(res.status, 413, res.text);
  assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json\b/);
  assert.equal(res.body?.type, 'urn:cqdt:problem:too-large');
});

test('verify is rate-limited per client address (429 with Retry-After)', async () => {
  const limited = await startServer({ env: { CQDT_VERIFY_REQUESTS_PER_MINUTE: '3' } });
  try {
    const anon = new Client(limited.baseUrl);
    const post = () => anon.post('/signatures/verify', 'không phải tệp ký', { raw: true, headers: { 'Content-Type': 'text/plain' } });
    for (let i = 0; i < 3; i++) assertProblem(await post(), 422, 'validation', { fields: ['file'] });
    const res = await post();
    assertProblem(res, 429, 'rate-limited');
    const retry = res.headers.get('retry-after');
    assert.ok(retry && Number(retry) > 0, `Retry-After: ${retry}`);
  } finally {
    await limited.stop();
  }
});

// ---------------------------------------------------------------------------------------------
// Trust store

test('trust anchors: listed by purpose; admin only; CA certificates only; no duplicates; delete', async () => {
  const list = async (q = '') => {
    const res = await officer.get(`/trust/anchors${q}`);
    assertStatus(res, 200);
    return res.body.items;
  };
  const docs = await list('?purpose=document');
  const root = docs.find((a) => a.subject.includes('Root CA') && a.name === C.root.cn);
  assert.ok(root, JSON.stringify(docs));
  assert.equal(root.purpose, 'document');
  assert.equal(root.isRoot, true);
  assert.equal(root.addedBy, 'admin');
  assert.match(root.fingerprintSha256, /^[0-9a-fA-F:]{64,}$/);
  assert.ok(docs.every((a) => a.purpose === 'document'));
  const ts = await list('?purpose=timestamp');
  assert.ok(ts.some((a) => a.name === C.tsaCa.cn), JSON.stringify(ts));
  assertProblem(await officer.get('/trust/anchors?purpose=nope'), 422, 'validation', { fields: ['purpose'] });
  assertProblem(await anonymous.get('/trust/anchors'), 401, 'unauthenticated');

  const pem = { raw: true, headers: { 'Content-Type': 'application/x-pem-file' } };
  assertProblem(await officer.post('/trust/anchors?purpose=document', C.extraCa.pem, pem), 403, 'forbidden');
  assertProblem(await admin.post('/trust/anchors?purpose=document', C.seal.pem, pem), 422, 'validation', { fields: [['certificate', 'not_ca']] });
  assertProblem(await admin.post('/trust/anchors?purpose=document', 'not a certificate', pem), 422, 'validation', { fields: ['certificate'] });
  assertProblem(await admin.post('/trust/anchors?purpose=document', C.root.pem, pem), 409, 'conflict');

  const added = await admin.post('/trust/anchors?purpose=document&name=T%E1%BA%A1m', C.extraCa.pem, pem);
  assertStatus(added, 201);
  const id = added.body.items[0].id;
  assert.equal(added.body.items[0].name, 'Tạm');
  assert.ok((await list('?purpose=document')).some((a) => a.id === id));
  assertProblem(await officer.delete(`/trust/anchors/${id}`), 403, 'forbidden');
  const del = await admin.delete(`/trust/anchors/${id}`);
  assert.equal(del.status, 204, del.text);
  assert.ok(!(await list('?purpose=document')).some((a) => a.id === id));
  assert.ok(!(await list()).some((a) => a.id === id));
  assertProblem(await admin.delete(`/trust/anchors/${id}`), 404, 'not-found');
});

test('CRLs: the uploaded ones are listed; a repeat upload is 409; admin only', async () => {
  const res = await officer.get('/trust/crls');
  assertStatus(res, 200);
  const items = res.body.items;
  assert.equal(items.length, 3, JSON.stringify(items));
  const inter = items.find((c) => c.issuer.includes('Sub CA'));
  assert.ok(inter, JSON.stringify(items));
  assert.equal(inter.source, 'upload');
  assert.ok(!Number.isNaN(Date.parse(inter.thisUpdate)));
  assert.ok(Date.parse(inter.nextUpdate) > Date.now());
  const crl = readFileSync(CRL.inter, 'utf8');
  const opts = { raw: true, headers: { 'Content-Type': 'application/pkix-crl' } };
  assertProblem(await admin.post('/trust/crls', crl, opts), 409, 'conflict');
  assertProblem(await officer.post('/trust/crls', crl, opts), 403, 'forbidden');
});

// ---------------------------------------------------------------------------------------------
// OpenAPI

test('OpenAPI documents /signatures/verify with a binary request body', async () => {
  const res = await anonymous.get('/api/openapi.json');
  assertStatus(res, 200);
  const op = res.body.paths?.['/api/v1/signatures/verify']?.post;
  assert.ok(op, 'POST /api/v1/signatures/verify is documented');
  const content = op.requestBody?.content ?? {};
  const binary = Object.values(content).some((c) => c.schema?.type === 'string' && c.schema?.format === 'binary');
  assert.ok(binary, JSON.stringify(op.requestBody));
  const sign = res.body.paths?.['/api/v1/signing/sign']?.post;
  assert.ok(sign, 'POST /api/v1/signing/sign is documented');
  const params = (sign.parameters ?? []).map((p) => p.name);
  for (const q of ['key', 'kind', 'style']) assert.ok(params.includes(q), `sign documents ?${q}`);
});
