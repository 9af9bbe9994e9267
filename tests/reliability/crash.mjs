#!/usr/bin/env node
// The crash campaign, full run (issue 16 item 5): see crash-campaign.mjs for what one round does
// and checks, README.md for how to run it.
//
//   node tests/reliability/crash.mjs [--rounds 20] [--clients 8] [--engine sqlite|postgres|both]
//                                    [--min-ms 500] [--max-ms 3000] [--json FILE] [--keep]
//
// CQDT_CRASH_ROUNDS sets the default number of rounds, CQDT_BIN the binary, CQDT_TEST_PG a
// PostgreSQL cluster to use (else scripts/pg-cluster.sh starts one; PostgreSQL is skipped when
// that is impossible). Exits 0 when every check held, 1 otherwise, and prints a Markdown table.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { binaryExists, cqdtBin } from '../support/cqdt-server.mjs';
import { postgresCluster, prepareStore, runCampaign, table } from './crash-campaign.mjs';

const { values: opt } = parseArgs({
  options: {
    rounds: { type: 'string', default: process.env.CQDT_CRASH_ROUNDS || '20' },
    clients: { type: 'string', default: '8' },
    engine: { type: 'string', default: 'both' },
    'min-ms': { type: 'string', default: '500' },
    'max-ms': { type: 'string', default: '3000' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

if (!binaryExists()) {
  console.error(`cqdt binary not found at ${cqdtBin()} (set CQDT_BIN or build it)`);
  process.exit(2);
}
const engines = opt.engine === 'both' ? ['sqlite', 'postgres'] : [opt.engine];
const settings = {
  rounds: Number(opt.rounds),
  clients: Number(opt.clients),
  minMs: Number(opt['min-ms']),
  maxMs: Number(opt['max-ms']),
  log: (l) => console.log(l),
};

const summaries = [];
for (const engine of engines) {
  let cluster = null;
  if (engine === 'postgres') {
    cluster = await postgresCluster();
    if (!cluster) {
      console.log(
        'PostgreSQL skipped: CQDT_TEST_PG is not set and scripts/pg-cluster.sh cannot start one',
      );
      continue;
    }
  }
  const store = await prepareStore({ engine, pgUrl: cluster?.url });
  try {
    summaries.push(await runCampaign(store, settings));
  } finally {
    if (opt.keep) console.log(`[${engine}] data kept in ${store.dataDir} (${store.dbUrl})`);
    else store.cleanup();
    if (!opt.keep) cluster?.stop();
  }
}

console.log(
  `\nbinary ${cqdtBin()}, ${settings.clients} clients, load ${settings.minMs}-${settings.maxMs} ms before each SIGKILL\n`,
);
console.log(table(summaries));
let failed = false;
for (const s of summaries) {
  for (const [what, list] of [
    ['lost acknowledged writes', s.lost],
    ['audit verify failures', s.auditFailures],
    ['duplicates', s.duplicates],
    ['gaps', s.gaps],
    ['more orphaned blobs in a round than requests in flight', s.orphanExcess],
    ['stray files in the blob store', s.strays],
    ['orphaned blobs the sweep left', s.sweep?.left ?? []],
    ['files a row names that the sweep removed', s.sweep?.lostNamed ?? []],
    ['sweep failures', s.sweep && !s.sweep.ok ? [s.sweep.output] : []],
  ]) {
    if (list.length) {
      failed = true;
      console.log(`\n[${s.engine}] ${what} (${list.length}):\n  ${list.slice(0, 50).join('\n  ')}`);
    }
  }
}
// A blob written for a transaction the kill cut off stays behind until the sweep (blobs are made
// durable before the rows that name them commit): a finding, not a failure; the sweep after the
// last round must remove every one of them and nothing else.
for (const s of summaries) {
  if (s.orphans.length) {
    console.log(
      `\n[${s.engine}] orphaned blobs left by the kills (removed by the sweep: ${s.sweep?.removed}): ${s.orphans.length} ` +
        `(${Object.entries(s.orphanKinds)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})\n  ` +
        s.orphans.slice(0, 20).join('\n  '),
    );
  }
}
if (opt.json) writeFileSync(opt.json, JSON.stringify(summaries, null, 2));
process.exit(failed ? 1 : 0);
