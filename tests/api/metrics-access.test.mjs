// Who may read /metrics (issue 8, item 12): by default only a direct connection from this
// machine; `[metrics] allow = "token"` wants a bearer token (CQDT_METRICS_TOKEN or a token file);
// `allow = "public"` lets anyone. Refusals are 403 problem+json.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { assertProblem, assertVietnamese } from '../support/api-assert.mjs';
import { Client, runCli, startServer } from '../support/cqdt-server.mjs';

// An address of this machine that is not loopback: connecting to it, the server sees that
// address as the peer, as it would see a scraper on another machine.
const external = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
const noExternal = external ? false : 'this machine has no non-loopback IPv4 address';

const TOKEN = 'metrics-token-0123456789abcdef';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cqdt-metrics-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function withServer(options, body) {
  const server = await startServer({ demo: false, ...options });
  try {
    await body(new Client(server.baseUrl));
  } finally {
    await server.stop();
  }
}

const isMetrics = (res) => res.status === 200 && /^# TYPE cqdt_http_requests_total/m.test(res.text);

test('default: a direct request from this machine reads /metrics; through a proxy it does not', async () => {
  await withServer({}, async (local) => {
    assert.ok(isMetrics(await local.get('/metrics')), 'loopback scraper');
    for (const header of [
      { 'X-Forwarded-For': '203.0.113.7' },
      { Forwarded: 'for=203.0.113.7' },
      { 'X-Real-IP': '203.0.113.7' },
    ]) {
      const res = await local.get('/metrics', { headers: header });
      assertProblem(res, 403, 'forbidden');
      assert.doesNotMatch(res.text, /cqdt_http_requests_total/);
    }
  });
});

test('default: a request from another address is refused', { skip: noExternal }, async () => {
  await withServer({ host: external }, async (remote) => {
    const res = await remote.get('/metrics');
    assertProblem(res, 403, 'forbidden');
    assert.match(res.body.detail, /metrics/);
    assert.equal((await remote.get('/healthz')).status, 200, 'the rest still answers');
  });
});

test('allow = "public" (CQDT_METRICS_ALLOW): anyone reads it', { skip: noExternal }, async () => {
  await withServer({ host: external, env: { CQDT_METRICS_ALLOW: 'public' } }, async (remote) => {
    assert.ok(isMetrics(await remote.get('/metrics')));
  });
});

test('allow = "token" with CQDT_METRICS_TOKEN: only the right bearer token reads it', async () => {
  const env = { CQDT_METRICS_ALLOW: 'token', CQDT_METRICS_TOKEN: TOKEN };
  await withServer({ env }, async (local) => {
    assertProblem(await local.get('/metrics'), 403, 'forbidden'); // loopback is not enough
    assertProblem(
      await local.get('/metrics', { headers: { Authorization: `Bearer ${TOKEN}x` } }),
      403,
      'forbidden',
    );
    assertProblem(
      await local.get('/metrics', { headers: { Authorization: `Basic ${TOKEN}` } }),
      403,
      'forbidden',
    );
    assert.ok(isMetrics(await local.get('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } })));
  });
});

test('allow = "token" with the token in a file named by the TOML config', async () => {
  const tokenFile = path.join(scratch, 'metrics.token');
  writeFileSync(tokenFile, `${TOKEN}\n`);
  const config = path.join(scratch, 'cqdt.toml');
  writeFileSync(config, `[metrics]\nallow = "token"\ntoken_file = "${tokenFile}"\n`);
  await withServer({ env: { CQDT_CONFIG: config } }, async (local) => {
    assertProblem(await local.get('/metrics'), 403, 'forbidden');
    assert.ok(isMetrics(await local.get('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } })));
  });
});

test('bad metrics settings stop `cqdt serve` with a message naming the setting', () => {
  const serve = (env, extra = []) =>
    runCli(['serve', '--data-dir', scratch, '--listen', '127.0.0.1:1', ...extra], { env });
  const cases = [
    [{ CQDT_METRICS_ALLOW: 'everyone' }, /CQDT_METRICS_ALLOW/],
    [{ CQDT_METRICS_ALLOW: 'token' }, /CQDT_METRICS_TOKEN|token_file/],
    [{ CQDT_METRICS_ALLOW: 'token', CQDT_METRICS_TOKEN: 'short' }, /16-256/],
    [{ CQDT_METRICS_ALLOW: 'token', CQDT_METRICS_TOKEN: 'has spaces in the token text' }, /16-256/],
  ];
  for (const [env, message] of cases) {
    const r = serve(env);
    assert.equal(r.code, 2, `${JSON.stringify(env)}: exit 2\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout + r.stderr, message);
    assertVietnamese(r.stdout + r.stderr, 'the error');
  }
  // The token itself is not a TOML key: a secret does not belong in the config file.
  const config = path.join(scratch, 'token-in-toml.toml');
  writeFileSync(config, `[metrics]\nallow = "token"\ntoken = "${TOKEN}"\n`);
  const r = serve({}, ['--config', config]);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /metrics\.token/);
});
