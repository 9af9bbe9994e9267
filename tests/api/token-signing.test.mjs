// Personal signatures with the official's own USB token (issue 9): SoftHSM plays the token, the
// local signing agent `cqdt agent` runs as a real process on loopback, and the test answers its
// terminal prompt as the official would. The signed PDFs are checked by pdfsig and cqdt verify.
// Refusals: another user's completion, a value for another preparation, a replay, a certificate
// not mapped to the user (or not confirmed), a request from an origin not on the agent's
// allow-list, a missing pairing token, a non-loopback Host.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { createSoftHsmToken, startAgent, TOKEN_PIN } from '../support/agent.mjs';
import { assertProblem } from '../support/api-assert.mjs';
import { API, DEMO_PASSWORD, loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';

let server;
let agent;
let work;
let token;
let nss;
let leader; // lanhdao.snv, whose demo personal key goes on the token
let admin;

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

// A request to the agent as the browser makes it (Origin set, the pairing token when given).
async function agentFetch(p, { method = 'GET', body, origin = server.baseUrl, pairing, headers = {} } = {}) {
  const h = { Origin: origin, ...headers };
  if (pairing) h['X-Cqdt-Agent-Token'] = pairing;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(agent.url + p, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(300_000),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, body: json, text };
}

// POSTs a file to the prepare route with the token's certificate declared.
async function prepare(client, pdf, { certificates, fileName = 'quyet-dinh.pdf', style = 'signer' } = {}) {
  return client.request('POST', `/signing/external/prepare?fileName=${encodeURIComponent(fileName)}&style=${style}&documentNumber=${encodeURIComponent('05/QĐ-UBND')}`, pdf, {
    raw: true,
    headers: { 'Content-Type': 'application/pdf', 'X-Signing-Certificate': certificates.join(',') },
  });
}

// POST complete; the signed file comes back as bytes.
async function complete(client, id, body) {
  const res = await fetch(`${server.baseUrl}${API}/signing/external/${id}/complete?fileName=quyet-dinh.pdf`, {
    method: 'POST',
    headers: {
      Cookie: client.cookieHeader(),
      'X-CSRF-Token': client.csrfToken,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {}
  return { status: res.status, headers: res.headers, bytes, body: json };
}

// The agent signs `digests` after the test, at the agent's terminal, types the PIN (or refuses).
async function agentSign(certificateId, items, answer = TOKEN_PIN) {
  const pairing = agent.pairingToken();
  const prompt = agent.nextPrompt();
  const pending = agentFetch('/v1/sign', { method: 'POST', pairing, body: { certificateId, items } });
  const text = await prompt;
  agent.answer(answer);
  return { res: await pending, prompt: text };
}

function pdfsig(file) {
  return spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' });
}

before(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'cqdt-token-'));
  server = await startServer({ pki: true });
  const pki = path.join(server.dataDir, 'pki');
  token = createSoftHsmToken(work, {
    label: 'lanhdao',
    p12: path.join(pki, 'personal-lanhdao.snv.p12'),
    p12Password: DEMO_PASSWORD,
  });
  agent = await startAgent({ origin: server.baseUrl, softhsmConf: token.conf, dir: work });
  // NSS database trusting the demo root, for pdfsig.
  nss = path.join(work, 'nss');
  spawnSync('mkdir', ['-p', nss]);
  spawnSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  const root = spawnSync('sh', ['-c', `ls ${pki}/*root*.pem | head -n 1`], { encoding: 'utf8' }).stdout.trim();
  assert.ok(root, 'demo root certificate');
  const added = spawnSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'demo-root', '-t', 'CT,C,C', '-i', root], { encoding: 'utf8' });
  assert.equal(added.status, 0, added.stderr);
  leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  admin = await loggedIn(server.baseUrl, 'admin');
});

after(async () => {
  await agent?.stop();
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the agent answers only allowed origins, a loopback Host and the pairing token', async () => {
  const status = await agentFetch('/v1/status');
  assert.equal(status.status, 200);
  assert.equal(status.body.product, 'cqdt-agent');
  assert.equal(status.body.paired, false);
  assert.equal(status.headers.get('access-control-allow-origin'), server.baseUrl);

  const foreign = await agentFetch('/v1/status', { origin: 'https://evil.example' });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  const noOrigin = await fetch(`${agent.url}/v1/status`);
  assert.equal(noOrigin.status, 403);

  // DNS rebinding: a foreign name resolving to 127.0.0.1 carries that name in Host.
  const rebound = await new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: agent.port, path: '/v1/status',
      headers: { Host: `evil.example:${agent.port}`, Origin: server.baseUrl } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(rebound, 403);

  const unpaired = await agentFetch('/v1/certificates');
  assert.equal(unpaired.status, 401);
  const wrong = await agentFetch('/v1/certificates', { pairing: 'x'.repeat(43) });
  assert.equal(wrong.status, 401);

  const preflight = await fetch(`${agent.url}/v1/sign`, {
    method: 'OPTIONS',
    headers: {
      Origin: server.baseUrl,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type,x-cqdt-agent-token',
      'Access-Control-Request-Private-Network': 'true',
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), server.baseUrl);
  assert.match(preflight.headers.get('access-control-allow-headers'), /X-Cqdt-Agent-Token/i);
  assert.equal(preflight.headers.get('access-control-allow-private-network'), 'true');
  const foreignPreflight = await fetch(`${agent.url}/v1/sign`, {
    method: 'OPTIONS',
    headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
  });
  assert.equal(foreignPreflight.status, 403);
});

test('pairing needs the user to agree at the agent', async () => {
  let prompt = agent.nextPrompt();
  let pending = agentFetch('/v1/pair', { method: 'POST', body: {} });
  assert.match(await prompt, new RegExp(server.baseUrl.replace(/[.:/]/g, '\\$&')));
  agent.answer('k');
  assert.equal((await pending).status, 403);

  prompt = agent.nextPrompt();
  pending = agentFetch('/v1/pair', { method: 'POST', body: {} });
  await prompt;
  agent.answer('c');
  const paired = await pending;
  assert.equal(paired.status, 200);
  assert.equal(paired.body.token, agent.pairingToken());
  const status = await agentFetch('/v1/status', { pairing: paired.body.token });
  assert.equal(status.body.paired, true);
});

test('a leader signs a PDF with the token: prepare, agent, complete; pdfsig and cqdt verify accept it', async () => {
  const certs = await agentFetch('/v1/certificates', { pairing: agent.pairingToken() });
  assert.equal(certs.status, 200);
  assert.equal(certs.body.items.length, 1);
  const cert = certs.body.items[0];
  assert.equal(cert.certificate, token.certificateDer.toString('base64'));
  const declared = [cert.certificate, ...cert.chain];

  // Not yet registered: refused. Registered but pending: refused. Confirmed: prepared.
  let p = await prepare(leader, minimalPdf('chua dang ky'), { certificates: declared });
  assertProblem(p, 403, 'forbidden');
  const reg = await leader.post('/signing/certificates', { certificate: cert.certificate });
  assert.equal(reg.status, 201, reg.text);
  assert.equal(reg.body.status, 'pending');
  p = await prepare(leader, minimalPdf('cho xac nhan'), { certificates: declared });
  assertProblem(p, 403, 'forbidden');
  assert.equal((await leader.post(`/signing/certificates/${reg.body.id}/confirm`, {})).status, 403);
  const confirmed = await admin.post(`/signing/certificates/${reg.body.id}/confirm`, {});
  assert.equal(confirmed.status, 200, confirmed.text);
  assert.equal(confirmed.body.status, 'confirmed');

  const pdf = minimalPdf('Quyet dinh 05');
  p = await prepare(leader, pdf, { certificates: declared });
  assert.equal(p.status, 201, p.text);
  assert.equal(Buffer.from(p.body.digest, 'base64').length, 32);

  const { res, prompt } = await agentSign(cert.id, [{ digest: p.body.digest, name: 'quyet-dinh.pdf', number: '05/QĐ-UBND' }]);
  assert.match(prompt, /quyet-dinh\.pdf — Số 05\/QĐ-UBND/);
  assert.match(prompt, /Lanh|Lãnh|lanhdao|Lê|Nguyễn|Trần|Phạm/i); // the signer's name is shown
  assert.equal(res.status, 200, res.text);
  const done = await complete(leader, p.body.id, { signature: res.body.signatures[0] });
  assert.equal(done.status, 200, done.bytes.toString('utf8'));
  assert.equal(done.headers.get('content-type'), 'application/pdf');
  assert.match(done.headers.get('content-disposition'), /quyet-dinh\.signed\.pdf/);
  assert.equal(done.bytes.subarray(0, pdf.length).compare(pdf), 0, 'incremental update');

  const file = path.join(work, 'token-signed.pdf');
  writeFileSync(file, done.bytes);
  const sig = pdfsig(file);
  assert.match(sig.stdout, /Signature Validation: Signature is Valid\./, sig.stdout + sig.stderr);
  assert.match(sig.stdout, /Certificate Validation: Certificate is Trusted\./, sig.stdout);
  assert.match(sig.stdout, /ETSI\.CAdES\.detached/);
  const verified = runCli(['verify', file, '--json', '--offline', '--db', server.dbUrl, '--data-dir', server.dataDir]);
  assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  assert.equal(JSON.parse(verified.stdout).indication, 'TOTAL_PASSED');

  // A replay of the same completion is refused.
  const replay = await complete(leader, p.body.id, { signature: res.body.signatures[0] });
  assert.equal(replay.status, 409);
  assert.equal(replay.body.type, 'urn:cqdt:problem:conflict');
});

test('batch: twenty documents, one confirmation listing them all, one PIN', async () => {
  const certs = await agentFetch('/v1/certificates', { pairing: agent.pairingToken() });
  const cert = certs.body.items[0];
  const declared = [cert.certificate, ...cert.chain];
  const prepared = [];
  for (let i = 1; i <= 20; ++i) {
    const p = await prepare(leader, minimalPdf(`Van ban ${i}`), { certificates: declared, fileName: `van-ban-${i}.pdf` });
    assert.equal(p.status, 201, p.text);
    prepared.push(p.body);
  }
  const items = prepared.map((p, i) => ({ digest: p.digest, name: `van-ban-${i + 1}.pdf`, number: `${i + 1}/CV-SNV` }));
  const { res, prompt } = await agentSign(cert.id, items);
  assert.match(prompt, /Số văn bản \/ documents: 20/);
  assert.match(prompt, /20\. van-ban-20\.pdf — Số 20\/CV-SNV/);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.signatures.length, 20);
  for (let i = 0; i < 20; ++i) {
    const done = await complete(leader, prepared[i].id, { signature: res.body.signatures[i] });
    assert.equal(done.status, 200, `document ${i + 1}`);
  }
});

test('refusals: at the prompt, a wrong PIN, another preparation, another user, a certificate not mapped to the user', async () => {
  const certs = await agentFetch('/v1/certificates', { pairing: agent.pairingToken() });
  const cert = certs.body.items[0];
  const declared = [cert.certificate, ...cert.chain];
  const a = (await prepare(leader, minimalPdf('A'), { certificates: declared })).body;
  const b = (await prepare(leader, minimalPdf('B'), { certificates: declared })).body;

  // The official refuses at the prompt (an empty line), then types a wrong PIN.
  let { res } = await agentSign(cert.id, [{ digest: a.digest, name: 'a.pdf' }], '');
  assert.equal(res.status, 403);
  ({ res } = await agentSign(cert.id, [{ digest: a.digest, name: 'a.pdf' }], '0000'));
  assert.equal(res.status, 422);
  assert.equal(res.body.type, 'urn:cqdt:problem:bad-signature');

  // B's value sent to complete A: refused, and A stays usable.
  ({ res } = await agentSign(cert.id, [{ digest: b.digest, name: 'b.pdf' }]));
  const valueB = res.body.signatures[0];
  const crossed = await complete(leader, a.id, { signature: valueB });
  assert.equal(crossed.status, 422);
  assert.equal(crossed.body.type, 'urn:cqdt:problem:bad-signature');

  // Another user cannot complete it, nor prepare with the leader's certificate.
  const officer = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  const theirs = await complete(officer, b.id, { signature: valueB });
  assert.equal(theirs.status, 404);
  assertProblem(await prepare(officer, minimalPdf('C'), { certificates: declared }), 403, 'forbidden');

  // The leader still completes B with its own value.
  assert.equal((await complete(leader, b.id, { signature: valueB })).status, 200);

  // Bad input: no certificate, garbage certificate, both or neither of signature / cms.
  const noCert = await leader.request('POST', '/signing/external/prepare', minimalPdf('D'), {
    raw: true, headers: { 'Content-Type': 'application/pdf' } });
  assertProblem(noCert, 422, 'validation');
  assert.ok(noCert.body.errors.some((e) => e.field === 'certificate'));
  assertProblem(await prepare(leader, minimalPdf('E'), { certificates: ['bm90IGEgY2VydA=='] }), 422, 'validation');
  const neither = await leader.post(`/signing/external/${a.id}/complete`, {});
  assertProblem(neither, 422, 'validation');
});
