// The verification report PDF (issue 8, item 23): written for a person, headed with the agency,
// sealed with the system's seal so that the report verifies in pdfsig and `cqdt verify`; an
// unsigned PDF reads "Tệp không có chữ ký số". Also the names of signed outputs (item 18): sealing
// what the leader signed does not give "x.signed.signed.pdf".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { DEMO_PASSWORD, loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';
import { createPki, minimalPdf, run } from '../support/pki.mjs';

const REPORT_SEAL = 'seal-000.00.00.h01'; // the demo seal of UBND tỉnh An Giang

let server, clerk, leader, work, pki, nssDb;

// POST with the body kept as bytes.
async function post(client, p, body, headers = {}) {
  const h = { ...headers };
  if (client) {
    h.Cookie = client.cookieHeader();
    h['X-CSRF-Token'] = client.csrfToken;
  }
  const res = await fetch(`${server.baseUrl}/api/v1${p}`, { method: 'POST', headers: h, body, signal: AbortSignal.timeout(60_000) });
  return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
}

function sign(client, pdf, params, secret) {
  const headers = { 'Content-Type': 'application/pdf' };
  if (secret) headers['X-Signing-Secret'] = secret;
  return post(client, `/signing/sign?${new URLSearchParams(params)}`, pdf, headers);
}

const fileNameOf = (res) => /filename="([^"]*)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];

function reportText(pdfBuf, name) {
  const file = path.join(work, name);
  writeFileSync(file, pdfBuf);
  return { file, text: run('pdftotext', ['-enc', 'UTF-8', file, '-']).stdout };
}

before(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'cqdt-report-'));
  server = await startServer({ pki: true, env: { CQDT_REPORT_SEAL_KEY: REPORT_SEAL, CQDT_VERIFY_REQUESTS_PER_MINUTE: '1000' } });
  clerk = await loggedIn(server.baseUrl, 'vanthu.ubnd');
  leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  pki = createPki();
  nssDb = pki.nssDb('report', { trust: [path.join(server.dataDir, 'pki', 'root.pem')] });
});

after(async () => {
  await server?.stop();
  pki?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

let sealedByClerk;

test('the leader signs, the clerk seals: the names stay qd.signed.pdf', async () => {
  const signed = await sign(leader, minimalPdf('quyet dinh'), { key: 'personal-lanhdao.snv', style: 'signer', fileName: 'qd.pdf' }, DEMO_PASSWORD);
  assert.equal(signed.status, 200, signed.buf.toString('utf8').slice(0, 500));
  assert.equal(fileNameOf(signed), 'qd.signed.pdf');
  const sealed = await sign(clerk, signed.buf, { key: REPORT_SEAL, style: 'seal', fileName: 'qd.signed.pdf' });
  assert.equal(sealed.status, 200, sealed.buf.toString('utf8').slice(0, 500));
  assert.equal(fileNameOf(sealed), 'qd.signed.pdf');
  sealedByClerk = sealed.buf;
});

test('the report PDF speaks to a person, under the agency header, and is sealed', async () => {
  assert.ok(sealedByClerk, 'the previous test signed a file');
  const res = await post(null, '/signatures/verify?format=pdf&fileName=qd.signed.pdf', sealedByClerk, { 'Content-Type': 'application/pdf' });
  assert.equal(res.status, 200, res.buf.toString('utf8').slice(0, 500));
  assert.match(res.headers.get('content-type') ?? '', /^application\/pdf/);
  const { file, text } = reportText(res.buf, 'report.pdf');
  assert.match(text, /ỦY BAN NHÂN DÂN TỈNH AN GIANG/);
  assert.match(text, /KẾT QUẢ KIỂM TRA CHỮ KÝ SỐ/);
  assert.match(text, /Kết luận: Hợp lệ — 2 chữ ký/);
  assert.match(text, /\(giờ Việt Nam, UTC\+7\)/);
  assert.match(text, /Dung lượng: \d+(,\d)? KB/);
  assert.match(text, /được ký số bằng chữ ký số của Ủy ban nhân dân tỉnh An Giang/);
  for (const code of ['TOTAL_PASSED', 'INDETERMINATE', 'valid —', '+07:00']) {
    assert.ok(!text.includes(code), `no ${code} in the report:\n${text}`);
  }

  // The report verifies: pdfsig (NSS trusting the demo root) and cqdt verify.
  const sig = run('pdfsig', ['-nssdir', `sql:${nssDb}`, file], { allowFail: true });
  const out = `${sig.stdout}\n${sig.stderr}`;
  assert.match(out, /Signature is Valid/, out);
  assert.match(out, /Certificate is Trusted/, out);
  assert.match(out, /Ủy ban nhân dân tỉnh An Giang/, out);
  const cli = runCli(['verify', '--json', '--offline', file, '--db', server.dbUrl, '--data-dir', server.dataDir]);
  assert.equal(cli.code, 0, cli.stderr);
  const verdict = JSON.parse(cli.stdout);
  assert.equal(verdict.indication, 'TOTAL_PASSED', cli.stdout);
  assert.equal(verdict.signatures.length, 1);
});

test('an unsigned PDF reads "Tệp không có chữ ký số"', async () => {
  const res = await post(null, '/signatures/verify?format=pdf&fileName=trang.pdf', minimalPdf('khong ky'), { 'Content-Type': 'application/pdf' });
  assert.equal(res.status, 200);
  const { text } = reportText(res.buf, 'unsigned-report.pdf');
  assert.match(text, /Kết luận: Tệp không có chữ ký số\./);
  assert.ok(!text.includes('Chưa xác định'), text);
  assert.ok(!/\b0 chữ ký/.test(text), text);
});

test('a report seal that cannot be used stops cqdt serve at start', () => {
  const r = runCli(['serve', '--listen', '127.0.0.1:0', '--db', server.dbUrl, '--data-dir', server.dataDir], {
    env: { CQDT_REPORT_SEAL_KEY: 'personal-lanhdao.snv' },
    timeout: 60_000,
  });
  assert.notEqual(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /report_seal_key/);
});
