// Issue 8: the public verification endpoint cannot starve the server. Verifications in flight are
// capped per client address (429) and in all, below the worker threads (503), both answered at
// once with Retry-After, while /readyz and logins keep answering; a file that needs more than the
// CPU budget is 422 `too_complex` with no verdict; the hostile PDF corpus gets bounded answers.
//
// Verifications are held in flight without burning CPU or relying on time: the signer's
// certificate names an OCSP responder (a local server of this test) that answers only when the
// test releases it. Its arrivals are the readiness signal that a verification is running.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import {
  Client,
  DEMO_PASSWORD,
  REPO_ROOT,
  apiPath,
  loggedIn,
  runCli,
  startServer,
} from '../support/cqdt-server.mjs';
import { cmsSignAttached, createPki, minimalPdf } from '../support/pki.mjs';

const HOSTILE = path.join(REPO_ROOT, 'src', 'pdf', 'testdata', 'hostile');
const CEILING_MS = 120_000; // generous ceiling for readiness waits, never a threshold

let pki;
let root;
let leaf;
let hold; // the OCSP responder that answers only when released
let server;
let configFile;

// An HTTP server that keeps every request open until release(); then answers 503 to all (the
// verifier reports the revocation status as unknown). `arrived(n)` resolves once n requests came.
function startHoldServer() {
  return new Promise((resolve) => {
    const waiting = [];
    const watchers = [];
    let count = 0;
    let released = false;
    const srv = http.createServer((req, res) => {
      req.resume();
      count += 1;
      if (released) {
        res.writeHead(503).end();
      } else {
        waiting.push(res);
      }
      for (const w of watchers.splice(0)) {
        if (count >= w.n) w.resolve();
        else watchers.push(w);
      }
    });
    srv.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${srv.address().port}/`,
        get count() {
          return count;
        },
        arrived(n) {
          if (count >= n) return Promise.resolve();
          return new Promise((res, rej) => {
            const timer = setTimeout(
              () => rej(new Error(`only ${count} of ${n} OCSP requests arrived`)),
              CEILING_MS,
            );
            watchers.push({ n, resolve: () => (clearTimeout(timer), res()) });
          });
        },
        release() {
          released = true;
          for (const res of waiting.splice(0)) res.writeHead(503).end();
        },
        stop: () => new Promise((r) => srv.close(() => r())),
      });
    });
  });
}

// POST /signatures/verify from `address` (the server trusts X-Forwarded-For in this file).
async function verify(body, address, params = {}) {
  const qs = new URLSearchParams(params).toString();
  const url = `${server.baseUrl}${apiPath('/signatures/verify')}${qs ? `?${qs}` : ''}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', 'X-Forwarded-For': address },
    body,
    signal: AbortSignal.timeout(CEILING_MS),
  });
  const text = await res.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return {
    status: res.status,
    headers: res.headers,
    contentType: res.headers.get('content-type') ?? '',
    body: parsed,
    text,
    method: 'POST',
    path: new URL(url).pathname,
    requestId: res.headers.get('x-request-id'),
  };
}

async function inFlightGauge() {
  const res = await fetch(`${server.baseUrl}/metrics`, { signal: AbortSignal.timeout(CEILING_MS) });
  const m = (await res.text()).match(/^cqdt_verify_in_flight (\d+)/m);
  assert.ok(m, 'the cqdt_verify_in_flight gauge is exported');
  return Number(m[1]);
}

before(async () => {
  pki = createPki();
  hold = await startHoldServer();
  root = pki.createRoot('root', { cn: 'cqdt Kiểm thử Root CA' });
  // Issued by the root directly: its OCSP responder is the only revocation source to ask.
  leaf = pki.issue('leaf', root, { cn: 'Người ký OCSP chậm', o: 'cqdt test', ocspUrl: hold.url });

  configFile = path.join(pki.dir, 'cqdt.toml');
  writeFileSync(
    configFile,
    [
      '[server]',
      'worker_threads = 4',
      'trust_proxy = true',
      '[signing]',
      'verify_concurrent = 2',
      'verify_concurrent_per_address = 1',
      'verify_requests_per_minute = 1000',
      'revocation_timeout_ms = 600000', // the hold, not a timeout, ends a held verification
      '',
    ].join('\n'),
  );
  server = await startServer({ env: { CQDT_CONFIG: configFile } });
  const admin = await loggedIn(server.baseUrl, 'admin');
  const res = await admin.post(
    `/trust/anchors?purpose=document&name=${encodeURIComponent(root.cn)}`,
    root.pem,
    {
      raw: true,
      headers: { 'Content-Type': 'application/x-pem-file' },
    },
  );
  assertStatus(res, 201);
});

after(async () => {
  hold?.release();
  await server?.stop();
  await hold?.stop();
  pki?.cleanup();
});

// A promise whose outcome can be looked at without waiting.
function tracked(promise) {
  const t = { done: false, value: undefined };
  t.promise = promise.then((v) => {
    t.done = true;
    t.value = v;
    return v;
  });
  return t;
}

// Resolves once `n` of the tracked promises have settled (a readiness signal, with a ceiling).
async function settled(items, n) {
  let timer;
  const ceiling = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`fewer than ${n} answers`)), CEILING_MS);
  });
  try {
    while (items.filter((t) => t.done).length < n) {
      await Promise.race([...items.filter((t) => !t.done).map((t) => t.promise), ceiling]);
    }
  } finally {
    clearTimeout(timer);
  }
}

test('verifications in flight are capped per address (429) and in all (503) while /readyz and logins answer', async () => {
  const p7s = cmsSignAttached(leaf, Buffer.from('tờ trình cần kiểm tra\n'));
  assert.equal(await inFlightGauge(), 0);

  // Four verifications at once from four addresses, on a server with four workers: two wait for
  // the OCSP responder (the cap), the other two are refused at once instead of taking the last
  // workers. Before issue 8 all four held a worker and /readyz below never answered.
  const addresses = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'];
  const four = addresses.map((a) => tracked(verify(p7s, a)));
  await hold.arrived(2);
  await settled(four, 2);
  const refusedAtOnce = four.filter((t) => t.done).map((t) => t.value);
  assert.equal(refusedAtOnce.length, 2);
  for (const res of refusedAtOnce) {
    assertProblem(res, 503, 'unavailable');
    assert.match(res.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
  }
  assert.equal(await inFlightGauge(), 2);

  // The server still answers what needs a worker: readiness, and a login (argon2id).
  const ready = await fetch(`${server.baseUrl}/readyz`, {
    signal: AbortSignal.timeout(CEILING_MS),
  });
  assert.equal(ready.status, 200);
  const someone = new Client(server.baseUrl);
  const login = await someone.login('admin', DEMO_PASSWORD);
  assert.equal(login.status, 200, login.text);

  // A second verification from an address that has one in flight: 429, at once.
  const heldAddress = addresses[four.findIndex((t) => !t.done)];
  const again = await verify(p7s, heldAddress);
  assertProblem(again, 429, 'rate-limited');
  assert.match(again.headers.get('retry-after') ?? '', /^[1-9]\d*$/);

  // Anyone else while the cap is reached, hostile PDFs included: 503 at once, no worker taken.
  const hostile = readdirSync(HOSTILE).filter((n) => n.endsWith('.pdf'));
  const refused = await Promise.all(
    hostile.map((name, i) => verify(readFileSync(path.join(HOSTILE, name)), `10.0.1.${i + 1}`)),
  );
  for (const [i, res] of refused.entries()) {
    assert.equal(res.status, 503, `${hostile[i]}: ${res.status} ${res.text.slice(0, 300)}`);
  }
  // The two held verifications were in flight all along (the responder saw nobody else).
  assert.equal(hold.count, 2);
  assert.equal(await inFlightGauge(), 2);

  hold.release();
  for (const res of await Promise.all(four.filter((t) => !t.done).map((t) => t.promise))) {
    assertStatus(res, 200);
    assert.equal(res.body.kind, 'cms');
    assert.equal(res.body.signatures[0].subIndication, 'TRY_LATER', res.text.slice(0, 500));
  }
  assert.equal(await inFlightGauge(), 0);
  const afterwards = await verify(minimalPdf(), heldAddress);
  assertStatus(afterwards, 200);
});

test('every file of the hostile PDF corpus gets a bounded answer: a report or 422 naming the file', async () => {
  const names = readdirSync(HOSTILE).filter((n) => n.endsWith('.pdf'));
  assert.ok(names.length >= 10, 'the corpus is there');
  for (const [i, name] of names.entries()) {
    const res = await verify(readFileSync(path.join(HOSTILE, name)), `10.0.2.${i + 1}`);
    if (name.startsWith('ok--')) {
      assertStatus(res, 200);
      assert.equal(res.body.kind, 'pdf');
    } else if (name === 'too-large--many-object-streams.pdf') {
      // Within the default budget (5 s of CPU) this one is read in full.
      assert.ok(
        [200, 422].includes(res.status),
        `${name}: ${res.status} ${res.text.slice(0, 300)}`,
      );
    } else {
      const code = name.startsWith('malformed--') ? 'format' : 'too_complex';
      assertProblem(res, 422, 'validation', { fields: [['file', code]] });
    }
  }
  const ready = await fetch(`${server.baseUrl}/readyz`, {
    signal: AbortSignal.timeout(CEILING_MS),
  });
  assert.equal(ready.status, 200);
});

test('a file that needs more than the CPU budget is 422 too_complex, with no verdict', async () => {
  const small = path.join(pki.dir, 'small-budget.toml');
  writeFileSync(small, ['[signing]', 'verify_cpu_ms = 40', ''].join('\n'));
  const bounded = await startServer({ env: { CQDT_CONFIG: small } });
  try {
    const heavy = readFileSync(path.join(HOSTILE, 'too-large--many-object-streams.pdf'));
    const res = await fetch(`${bounded.baseUrl}/api/v1/signatures/verify?fileName=nang.pdf`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/pdf' },
      body: heavy,
      signal: AbortSignal.timeout(CEILING_MS),
    });
    const body = await res.json();
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.equal(body.type, 'urn:cqdt:problem:validation');
    assert.deepEqual(
      body.errors.map((e) => [e.field, e.code]),
      [['file', 'too_complex']],
    );
    assert.match(body.errors[0].message, /quá phức tạp/);
    assert.equal(body.indication, undefined, 'no verdict');
    // An ordinary file still fits.
    const plain = await fetch(`${bounded.baseUrl}/api/v1/signatures/verify`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/pdf' },
      body: minimalPdf(),
      signal: AbortSignal.timeout(CEILING_MS),
    });
    assert.equal(plain.status, 200);
  } finally {
    await bounded.stop();
  }
});

test('verification may not take every worker: verify_concurrent >= worker_threads is refused at start', () => {
  const bad = path.join(pki.dir, 'bad.toml');
  writeFileSync(
    bad,
    ['[server]', 'worker_threads = 2', '[signing]', 'verify_concurrent = 2', ''].join('\n'),
  );
  const r = runCli(['serve', '--listen', '127.0.0.1:1'], { env: { CQDT_CONFIG: bad } });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /verify_concurrent/);
  assert.match(r.stderr, /worker_threads/);
  rmSync(bad);
});
