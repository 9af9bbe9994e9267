// The cqdt half of the exchange benchmark (issue 14): "signed 100 KB packages sent from instance A
// through its hub to instance B, durable on both sides: packages/s end to end". Two `cqdt serve`
// processes on loopback (tests/support/exchange-federation.mjs: demo data, demo PKI, each trusting
// the other's CA and pinning the other's hub certificate): hub A (An Giang) routes H12 to hub B,
// which serves H12 (standing in for Cà Mau). A member system of another vendor on A sends
// --count distinct packages, each signed beforehand with A's demo seal (XML-DSig, verified by A
// and again by B), from --senders concurrent connections. A stores each one (blob + SQLite,
// synced) and forwards it in a signed request; B verifies, stores, puts it in its clerks'
// reception and answers with a STATUS 01 that B forwards back to A, which keeps it for the member.
// The clock runs from the first send to the moment A holds the last STATUS 01 (polled on A's
// /exchange/queues every 100 ms). --warmup packages go first, unmeasured.
//
//   CQDT_BIN=build/cqdt node bench/exchange-throughput.mjs [--count 1000] [--size 102400]
//     [--senders 8] [--warmup 50]
//
// Prints the figures as KEY=value lines for bench/exchange-throughput.sh (which prints the table):
// CQDT_COUNT, CQDT_BYTES (mean package size), CQDT_SECONDS, CQDT_RATE (end to end),
// CQDT_ACCEPT_SECONDS and CQDT_ACCEPT_RATE (until A had accepted every package),
// CQDT_ARRIVE_SECONDS (until B had every package), CQDT_CPU_MS_A / _B (CPU per package).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { assertStatus } from '../tests/support/api-assert.mjs';
import { PackageSigner, sizedPackage } from '../tests/support/edxml-sign.mjs';
import {
  addAgency,
  addMember,
  addPeer,
  pkiFile,
  startHub,
  stopHubs,
  trustEachOther,
} from '../tests/support/exchange-federation.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const COUNT = opt('count', 1000);
const SIZE = opt('size', 100 * 1024);
const SENDERS = opt('senders', 8);
const WARMUP = opt('warmup', 50);
for (const [name, v] of Object.entries({ COUNT, SIZE, SENDERS })) {
  if (!Number.isInteger(v) || v < 1)
    throw new Error(`--${name.toLowerCase()} must be a positive integer`);
}
if (!Number.isInteger(WARMUP) || WARMUP < 0) throw new Error('--warmup must be an integer >= 0');

const H12 = '000.00.00.H12';
const VENDOR_AGENCY = '000.00.90.H01';
const CLK_TCK = 100; // `getconf CLK_TCK` on every Linux port
const cpuSeconds = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function count(hub, route, partner, state) {
  const q = assertStatus(await hub.admin.get('/exchange/queues'), 200);
  return q.items
    .filter((i) => i.route === route && (!partner || i.partner === partner) && i.state === state)
    .reduce((n, i) => n + i.count, 0);
}

// Sends `letters` from `senders` connections; resolves to the time the last one was accepted.
async function sendAll(vendor, letters, senders) {
  let next = 0;
  const one = async () => {
    while (next < letters.length) {
      const letter = letters[next++];
      const res = await vendor.send(letter);
      if (res.status !== 202) throw new Error(`send: ${res.status} ${res.text.slice(0, 500)}`);
    }
  };
  await Promise.all(Array.from({ length: senders }, one));
  return performance.now();
}

// Waits until A holds `target` statuses for the member and B has `arrived` documents; returns
// {statusAt, arrivedAt} (performance.now() of the polls that first saw them).
async function waitFor(a, b, target, arrived, deadlineMs) {
  let arrivedAt = null;
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    if (arrivedAt === null && (await count(b, 'local', null, 'delivered')) >= arrived) {
      arrivedAt = performance.now();
    }
    if ((await count(a, 'member', 'vendor-c', 'pending')) >= target) {
      return { statusAt: performance.now(), arrivedAt: arrivedAt ?? performance.now() };
    }
    const dead = await count(a, 'peer', null, 'dead');
    if (dead > 0) throw new Error(`${dead} deliveries of A are dead`);
    if (performance.now() > deadline) throw new Error('the packages did not all come back in time');
    await sleep(100);
  }
}

async function main() {
  let a, b;
  try {
    a = await startHub({ name: 'A' });
    b = await startHub({ name: 'B', organId: H12, served: ['H12'] });
    await trustEachOther([a, b]);
    await addPeer(a, b, ['H12']);
    await addPeer(b, a, ['H01']);
    await addAgency(b, { code: H12, name: 'Ủy ban nhân dân tỉnh Cà Mau', shortName: 'UBNDCM' });
    const vendor = await addMember(a, { agencies: [VENDOR_AGENCY] });
    const signer = PackageSigner.fromP12(pkiFile(a.server, 'seal-000.00.00.h01.p12'));

    const run = Date.now().toString(36).toUpperCase();
    const make = (i) =>
      signer.sign(
        sizedPackage({
          from: VENDOR_AGENCY,
          to: H12,
          number: String(i),
          notation: `BENCH-${run}`,
          bytes: SIZE,
          signatureBytes: signer.signatureBytes,
        }).xml,
      );
    const warm = Array.from({ length: WARMUP }, (_, i) => make(i + 1));
    const letters = Array.from({ length: COUNT }, (_, i) => make(WARMUP + i + 1));
    const bytes = letters.reduce((n, l) => n + Buffer.byteLength(l), 0) / COUNT;
    const distinct = new Set(letters.map((l) => createHash('sha256').update(l).digest('hex')));
    if (distinct.size !== COUNT) throw new Error('two packages are the same');

    if (WARMUP > 0) {
      await sendAll(vendor, warm, SENDERS);
      await waitFor(a, b, WARMUP, WARMUP, 600_000);
    }
    const cpuA0 = cpuSeconds(a.server.proc.pid);
    const cpuB0 = cpuSeconds(b.server.proc.pid);
    const t0 = performance.now();
    const accepted = await sendAll(vendor, letters, SENDERS);
    const { statusAt, arrivedAt } = await waitFor(
      a,
      b,
      WARMUP + COUNT,
      WARMUP + COUNT,
      Math.max(600_000, COUNT * 1000),
    );
    const cpuA = cpuSeconds(a.server.proc.pid) - cpuA0;
    const cpuB = cpuSeconds(b.server.proc.pid) - cpuB0;
    const seconds = (statusAt - t0) / 1000;
    const out = {
      CQDT_COUNT: COUNT,
      CQDT_BYTES: Math.round(bytes),
      CQDT_SENDERS: SENDERS,
      CQDT_SECONDS: seconds.toFixed(3),
      CQDT_RATE: (COUNT / seconds).toFixed(1),
      CQDT_ACCEPT_SECONDS: ((accepted - t0) / 1000).toFixed(3),
      CQDT_ACCEPT_RATE: (COUNT / ((accepted - t0) / 1000)).toFixed(1),
      CQDT_ARRIVE_SECONDS: ((arrivedAt - t0) / 1000).toFixed(3),
      CQDT_CPU_MS_A: ((cpuA * 1000) / COUNT).toFixed(2),
      CQDT_CPU_MS_B: ((cpuB * 1000) / COUNT).toFixed(2),
    };
    for (const [k, v] of Object.entries(out)) console.log(`${k}=${v}`);
  } finally {
    await stopHubs([a, b]);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
