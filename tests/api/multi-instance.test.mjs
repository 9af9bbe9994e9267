// Two instances on one PostgreSQL behind HAProxy, short form (issue 16 items 4 and 5; the full
// campaign is tests/reliability/multi-instance.mjs): two `cqdt serve` on one database and data
// directory, HAProxy run with the sample docs/deploy/haproxy.cfg in front; clients register
// incoming documents and receive dossiers through it as logged-in staff while one instance is
// killed with SIGKILL midway. HAProxy marks it DOWN and the other serves every request after
// that; restarted, it gets requests again. Every acknowledged write reads back with its file's
// digest; at rest, `cqdt audit verify` passes and arrival numbers and dossier codes have no
// duplicate and no gap. Before the load, through the sample: the client's address as cqdt records
// it (X-Forwarded-For from HAProxy only), and a notice written by another process reaching a live
// notification stream open through HAProxy. Skipped without haproxy or CQDT_TEST_PG.

import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';

import {
  CEILING_MS,
  eventually,
  loggedIn,
  runCli,
  sanitizedBinary,
} from '../support/cqdt-server.mjs';
import { BACKEND_HEADER, haproxyBin } from '../support/haproxy.mjs';
import {
  failures,
  prepareStore,
  runCampaign,
  table,
} from '../reliability/multi-instance-campaign.mjs';

const CLIENTS = Number(process.env.CQDT_MULTI_SMOKE_CLIENTS || 16);
const WRITES = Number(process.env.CQDT_MULTI_SMOKE_WRITES || 200);

// A GET through HAProxy from `localAddress` (not HAProxy's own 127.0.0.1); resolves to {status,
// headers} once the head arrived.
function getFrom(baseUrl, p, { localAddress, headers = {} }) {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(p, baseUrl), { localAddress, headers }, (res) => {
      resolve({ status: res.statusCode, headers: res.headers });
      res.destroy();
    });
    req.setTimeout(CEILING_MS, () => req.destroy(new Error(`no answer to GET ${p}`)));
    req.on('error', reject);
  });
}

// Checks through the sample's HAProxy before the load: the client's address as the instance
// records it (HAProxy's X-Forwarded-For believed, the client's forged one not), and the live
// notification stream passing through, fed by another process.
async function throughTheSample(store, { lb, instances }) {
  const res = await getFrom(lb.baseUrl, '/healthz', {
    localAddress: '127.0.0.2',
    headers: { 'X-Forwarded-For': '203.0.113.7' },
  });
  assert.equal(res.status, 200);
  const instance = instances[res.headers[BACKEND_HEADER]];
  assert.ok(instance, `answered by ${res.headers[BACKEND_HEADER]}`);
  const client = await eventually(() => {
    for (const line of instance.stdout().split('\n')) {
      if (line.includes(`"requestId":"${res.headers['x-request-id']}"`)) {
        return JSON.parse(line).client;
      }
    }
    throw new Error(`no access-log line for ${res.headers['x-request-id']}`);
  });
  assert.equal(client, '127.0.0.2', 'the address HAProxy saw, not the forged one');

  // The stream, open through HAProxy on one instance, gets a notice that another process wrote
  // (`cqdt notify send`, as another instance would): the live feed polls the database.
  const officer = await loggedIn(lb.baseUrl, 'motcua.rachgia');
  const controller = new AbortController();
  const res2 = await fetch(`${lb.baseUrl}/api/v1/notifications/stream`, {
    headers: { Accept: 'text/event-stream', Cookie: officer.cookieHeader() },
    signal: controller.signal,
  });
  try {
    assert.equal(res2.status, 200);
    assert.match(res2.headers.get('content-type'), /^text\/event-stream/);
    const text = `Thông báo qua HAProxy ${Date.now()}`;
    const sent = runCli([
      'notify',
      'send',
      '--user',
      'motcua.rachgia',
      '--kind',
      'system.maintenance',
      '--text-vi',
      text,
      '--text-en',
      'A notice through HAProxy',
      '--db',
      store.dbUrl,
      '--data-dir',
      store.dataDir,
    ]);
    assert.equal(sent.code, 0, `cqdt notify send: ${sent.stdout}${sent.stderr}`);
    const decoder = new TextDecoder();
    let seen = '';
    const timer = setTimeout(() => controller.abort(), CEILING_MS);
    try {
      for await (const chunk of res2.body) {
        seen += decoder.decode(chunk, { stream: true });
        if (seen.includes(text)) break;
      }
    } finally {
      clearTimeout(timer);
    }
    assert.ok(seen.includes(text), `the notice reached the stream: ${seen.slice(0, 2000)}`);
  } finally {
    controller.abort();
  }
}

const cluster = process.env.CQDT_TEST_PG;
const skip = !haproxyBin()
  ? 'haproxy is not installed (apt-get install haproxy)'
  : !cluster
    ? 'CQDT_TEST_PG is not set'
    : sanitizedBinary()
      ? 'a load campaign: run on the release binary (the claims and shared limits it drives run under the sanitizers in their unit tests)'
      : false;

test(
  'two instances behind HAProxy: one killed, the other serves, nothing lost',
  { skip },
  async (t) => {
    const store = prepareStore({ pgUrl: cluster });
    try {
      const s = await runCampaign(store, {
        clients: CLIENTS,
        writes: WRITES,
        killAt: 0.4,
        log: (l) => t.diagnostic(l),
        probe: (running) => throughTheSample(store, running),
      });
      for (const line of table(s).split('\n')) t.diagnostic(line);
      for (const [what, list] of failures(s)) assert.deepEqual(list, [], what);
      assert.ok(
        s.acknowledged.document > 0 && s.acknowledged.dossier > 0,
        'both kinds acknowledged',
      );
      assert.deepEqual(s.found, s.acknowledged, 'every acknowledged write read back');
      assert.ok(
        s.perInstance.cqdt2.before > 0,
        'the killed instance served writes before the kill',
      );
      assert.ok(s.acknowledgedAfterDown > 0, 'the survivor served writes after the kill');
      assert.ok(s.victimServedAgain > 0, 'the restarted instance gets requests again');
    } finally {
      store.cleanup();
    }
  },
);
