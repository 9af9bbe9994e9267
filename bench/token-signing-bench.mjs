// Batch signing with the official's token (issue 9) beside server-side signing, in one run:
//   token:  N × POST /signing/external/prepare → one POST /v1/sign to `cqdt agent` (SoftHSM,
//           one confirmation, one PIN) → N × POST /signing/external/{id}/complete
//   server: N × POST /signing/sign with the same user's server-held key of the same type
//           (the demo's RSA-2048 personal PKCS#12)
// Both on one-page PDFs, sequential per document as a browser does with `concurrency` requests in
// flight. Prints a table with documents per second and the ratio (target ≥ 0.5).
//
//   node bench/token-signing-bench.mjs [--documents 100] [--rounds 3] [--concurrency 4]

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { createSoftHsmToken, startAgent, TOKEN_PIN } from '../tests/support/agent.mjs';
import { API, DEMO_PASSWORD, loggedIn, startServer } from '../tests/support/cqdt-server.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const DOCS = opt('documents', 100);
const ROUNDS = opt('rounds', 3);
const CONCURRENCY = opt('concurrency', 4);

function minimalPdf(text) {
  const content = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ' +
      '/Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.7\n';
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

// Runs `fn(i)` for i in [0, n) with at most `limit` in flight; resolves to the results in order.
async function pool(n, limit, fn) {
  const out = new Array(n);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) out[i] = await fn(i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
  return out;
}

async function must(res, what) {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res;
}

function headers(client, extra = {}) {
  return { Cookie: client.cookieHeader(), 'X-CSRF-Token': client.csrfToken, ...extra };
}

async function main() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'cqdt-token-bench-'));
  const server = await startServer({ pki: true, env: { CQDT_LOG_LEVEL: 'warn' } });
  let agent;
  try {
    const token = createSoftHsmToken(work, {
      label: 'bench',
      p12: path.join(server.dataDir, 'pki', 'personal-lanhdao.snv.p12'),
      p12Password: DEMO_PASSWORD,
    });
    agent = await startAgent({ origin: server.baseUrl, softhsmConf: token.conf, dir: work });
    const leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
    const admin = await loggedIn(server.baseUrl, 'admin');
    const pairing = agent.pairingToken();
    const agentHeaders = { Origin: server.baseUrl, 'X-Cqdt-Agent-Token': pairing };
    const certs = await (await must(await fetch(`${agent.url}/v1/certificates`, { headers: agentHeaders }), 'certificates')).json();
    const cert = certs.items[0];
    const reg = await leader.post('/signing/certificates', { certificate: cert.certificate });
    await admin.post(`/signing/certificates/${reg.body.id}/confirm`, {});
    const keys = await leader.get('/signing/keys');
    const personal = keys.body.items.find((k) => k.kind === 'personal');
    const declared = [cert.certificate, ...cert.chain].join(',');
    const pdfs = Array.from({ length: DOCS }, (_, i) => minimalPdf(`Van ban so ${i + 1}`));

    const tokenRound = async () => {
      const t0 = process.hrtime.bigint();
      const prepared = await pool(DOCS, CONCURRENCY, async (i) => {
        const res = await must(
          await fetch(`${server.baseUrl}${API}/signing/external/prepare?fileName=vb-${i}.pdf&style=none`, {
            method: 'POST',
            headers: headers(leader, { 'Content-Type': 'application/pdf', 'X-Signing-Certificate': declared }),
            body: pdfs[i],
          }),
          'prepare',
        );
        return res.json();
      });
      const prompt = agent.nextPrompt();
      const signing = fetch(`${agent.url}/v1/sign`, {
        method: 'POST',
        headers: { ...agentHeaders, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          certificateId: cert.id,
          items: prepared.map((p, i) => ({ digest: p.digest, name: `vb-${i}.pdf` })),
        }),
      });
      await prompt;
      agent.answer(TOKEN_PIN);
      const signed = await (await must(await signing, 'agent sign')).json();
      await pool(DOCS, CONCURRENCY, async (i) => {
        const res = await must(
          await fetch(`${server.baseUrl}${API}/signing/external/${prepared[i].id}/complete`, {
            method: 'POST',
            headers: headers(leader, { 'Content-Type': 'application/json' }),
            body: JSON.stringify({ signature: signed.signatures[i] }),
          }),
          'complete',
        );
        await res.arrayBuffer();
      });
      return Number(process.hrtime.bigint() - t0) / 1e9;
    };

    const serverRound = async () => {
      const t0 = process.hrtime.bigint();
      await pool(DOCS, CONCURRENCY, async (i) => {
        const res = await must(
          await fetch(`${server.baseUrl}${API}/signing/sign?key=${encodeURIComponent(personal.id)}&fileName=vb-${i}.pdf&style=none`, {
            method: 'POST',
            headers: headers(leader, { 'Content-Type': 'application/pdf', 'X-Signing-Secret': DEMO_PASSWORD }),
            body: pdfs[i],
          }),
          'sign',
        );
        await res.arrayBuffer();
      });
      return Number(process.hrtime.bigint() - t0) / 1e9;
    };

    await serverRound(); // warm-up (key unlock, caches)
    const times = { token: [], server: [] };
    for (let r = 0; r < ROUNDS; ++r) {
      times.server.push(await serverRound());
      times.token.push(await tokenRound());
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const rate = (xs) => DOCS / median(xs);
    const tokenRate = rate(times.token);
    const serverRate = rate(times.server);
    console.log(`\nBatch signing, ${DOCS} one-page PDFs, RSA-2048, ${CONCURRENCY} requests in flight, median of ${ROUNDS} rounds`);
    console.log('| path | documents/s | seconds per batch (median) | ratio |');
    console.log('|---|---|---|---|');
    console.log(`| server-held key (POST /signing/sign, PKCS#12) | ${serverRate.toFixed(1)} | ${median(times.server).toFixed(2)} | 1.00 |`);
    console.log(`| USB token (prepare → cqdt agent on SoftHSM → complete) | ${tokenRate.toFixed(1)} | ${median(times.token).toFixed(2)} | **${(tokenRate / serverRate).toFixed(2)}** (target ≥ 0.50) |`);
  } finally {
    await agent?.stop();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
