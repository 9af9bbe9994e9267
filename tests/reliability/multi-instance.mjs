#!/usr/bin/env node
// The multi-instance campaign, full run (issue 16 items 4 and 5, "Two instances × 64 clients"):
// see multi-instance-campaign.mjs for what it does and checks, README.md for how to run it.
//
//   node tests/reliability/multi-instance.mjs [--clients 64] [--writes 4000] [--kill-at 0.4]
//                                             [--json FILE] [--keep]
//
// CQDT_BIN sets the binary, CQDT_TEST_PG a PostgreSQL cluster to use (else scripts/pg-cluster.sh
// starts one). Needs haproxy, psql and pg_dump. Exits 0 when every check held, 1 when one
// failed, 2 when it could not run; prints a Markdown table.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { binaryExists, cqdtBin } from '../support/cqdt-server.mjs';
import { haproxyBin } from '../support/haproxy.mjs';
import {
  failures,
  postgresCluster,
  prepareStore,
  runCampaign,
  table,
} from './multi-instance-campaign.mjs';

const { values: opt } = parseArgs({
  options: {
    clients: { type: 'string', default: '64' },
    writes: { type: 'string', default: '4000' },
    'kill-at': { type: 'string', default: '0.4' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

if (!binaryExists()) {
  console.error(`cqdt binary not found at ${cqdtBin()} (set CQDT_BIN or build it)`);
  process.exit(2);
}
if (!haproxyBin()) {
  console.error('haproxy is not installed (apt-get install haproxy)');
  process.exit(2);
}
const cluster = await postgresCluster();
if (!cluster) {
  console.error(
    'no PostgreSQL: CQDT_TEST_PG is not set and scripts/pg-cluster.sh cannot start one',
  );
  process.exit(2);
}

const settings = {
  clients: Number(opt.clients),
  writes: Number(opt.writes),
  killAt: Number(opt['kill-at']),
  log: (l) => console.log(l),
};
let summary;
const store = prepareStore({ pgUrl: cluster.url });
try {
  summary = await runCampaign(store, settings);
} finally {
  if (opt.keep) console.log(`data kept in ${store.dataDir} (${store.dbUrl})`);
  else {
    store.cleanup();
    cluster.stop();
  }
}

console.log(
  `\nbinary ${cqdtBin()}; two instances on one PostgreSQL behind HAProxy (docs/deploy/haproxy.cfg)\n`,
);
console.log(table(summary));
let failed = false;
for (const [what, list] of failures(summary)) {
  if (list.length) {
    failed = true;
    console.log(`\n${what} (${list.length}):\n  ${list.slice(0, 50).join('\n  ')}`);
  }
}
if (summary.orphans.length) {
  console.log(
    `\norphaned blobs (written for a request the kill cut off; no sweeper removes them yet): ` +
      summary.orphans.slice(0, 20).join(', '),
  );
}
for (const [name, lines] of Object.entries(summary.logged)) {
  if (lines.length) {
    console.log(
      `\n${name} logged (warnings and errors, repeats folded):\n  ${lines.slice(0, 30).join('\n  ')}`,
    );
  }
}
if (opt.json) writeFileSync(opt.json, JSON.stringify(summary, null, 2));
process.exit(failed ? 1 : 0);
