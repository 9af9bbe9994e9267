// The crash campaign, short (issue 16 item 5; the full run is tests/reliability/crash.mjs): three
// rounds of 4 clients writing documents, dossiers, exchange packages and users while the server
// is killed with SIGKILL, on SQLite, and on PostgreSQL when CQDT_TEST_PG names a cluster. After
// every kill `cqdt audit verify` passes and numbers and codes have no duplicate and no gap; after
// every restart each acknowledged write reads back with its file's digest. A kill may leave the
// blob of the write it cut off, never more than one per request in flight; `cqdt blob sweep`
// after the last restart removes those and no file a row names.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { prepareStore, runCampaign, table } from '../reliability/crash-campaign.mjs';

const ROUNDS = Number(process.env.CQDT_CRASH_SMOKE_ROUNDS || 3);
const CLIENTS = 4;

async function campaign(t, engine, pgUrl) {
  const store = await prepareStore({ engine, pgUrl });
  try {
    const s = await runCampaign(store, {
      rounds: ROUNDS,
      clients: CLIENTS,
      minMs: 300,
      maxMs: 1500,
      log: (l) => t.diagnostic(l),
    });
    for (const line of table([s]).split('\n')) t.diagnostic(line);
    assert.equal(s.rounds, ROUNDS);
    assert.deepEqual(s.lost, [], 'every acknowledged write is there after the restart');
    assert.deepEqual(s.auditFailures, [], 'cqdt audit verify passes after every kill');
    assert.deepEqual(s.duplicates, [], 'no number or code twice');
    assert.deepEqual(s.gaps, [], 'no number or code skipped');
    assert.deepEqual(s.orphanExcess, [], 'orphans only from the writes a kill cut off');
    assert.deepEqual(s.strays, [], 'no temporary file left in the blob store');
    assert.ok(s.sweep.ok, s.sweep.output);
    assert.deepEqual(s.sweep.lostNamed, [], 'the sweep removes no file a row names');
    assert.deepEqual(s.sweep.left, [], 'the sweep removes every orphan');
    assert.equal(s.sweep.removed, s.sweep.found);
    const acked = Object.values(s.acknowledged).reduce((a, b) => a + b, 0);
    const found = Object.values(s.found).reduce((a, b) => a + b, 0);
    assert.ok(acked > 0, 'the clients got some writes acknowledged');
    assert.equal(found, acked);
  } finally {
    store.cleanup();
  }
}

test('SQLite: SIGKILL under write load loses no acknowledged write', async (t) => {
  await campaign(t, 'sqlite');
});

test('PostgreSQL: SIGKILL under write load loses no acknowledged write', async (t) => {
  const cluster = process.env.CQDT_TEST_PG;
  if (!cluster) {
    t.skip('CQDT_TEST_PG is not set');
    return;
  }
  await campaign(t, 'postgres', cluster);
});
