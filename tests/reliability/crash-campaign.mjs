// The crash campaign (issue 16 item 5, "Crash"): clients write while the server is killed with
// SIGKILL at random moments; after each kill the data must hold every write the server
// acknowledged, and nothing the numbering rules forbid. Used by tests/reliability/crash.mjs (the
// full run, by hand) and tests/api/crash-smoke.test.mjs (three rounds in CI).
//
// One round:
//   1. `cqdt serve` starts on the same data directory and database as the round before (the
//      restart after the previous kill); every write acknowledged in any earlier round is read
//      back through the API: present, with the same number, and its file with the same SHA-256.
//   2. K concurrent clients loop over the four kinds of writes (an incoming document registered
//      with a PDF, a dossier received with a scan, an edXML package accepted from a member
//      system, a user created); a write counts as acknowledged only after its 2xx answer.
//   3. After a random delay the server gets SIGKILL; the clients' requests in flight fail.
//   4. On the data as the kill left it (the server down): `cqdt audit verify` must exit 0;
//      arrival numbers per register and year and dossier codes per agency and day must have
//      no duplicate and no gap (numbers are taken inside the writing transaction: one killed
//      before its commit leaves nothing, src/numbering/README.md); every blob file must be named
//      by some row (a blob written for a transaction the kill cut off is an orphan).
// After the last round the server starts once more and every acknowledged write is read back.
//
// The writes and read-backs are in crash-writes.mjs, the checks at rest in crash-checks.mjs. No
// dependencies beyond Node 20; the sqlite3 CLI (SQLite) or psql and pg_dump (PostgreSQL) read the
// database directly.

import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { CEILING_MS, loggedIn, prepareDataDir, startServer } from '../support/cqdt-server.mjs';
import { blobKind, checkAtRest, psql, sweepAtRest } from './crash-checks.mjs';
import {
  KINDS,
  Refused,
  VENDOR_AGENCY,
  expect,
  missing,
  sessions,
  write,
} from './crash-writes.mjs';

export { KINDS, checkAtRest, missing, sessions };
export { postgresCluster } from './crash-checks.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every client signs in again after each restart, all from 127.0.0.1: 20 rounds of 8 logins pass
// the shipped 30 anonymous requests per address and minute, which since decision 0025 count in
// the database (on PostgreSQL) and so outlive a restart. The campaign is about crashes, not
// about that limit: it runs with the limit raised (the account's wrong-password limits stay).
let limitsConfig;
function campaignEnv() {
  if (!limitsConfig) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-crash-config-'));
    limitsConfig = path.join(dir, 'cqdt.toml');
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(limitsConfig, '[security]\nanonymous_requests_per_minute = 100000\n');
  }
  return { CQDT_CONFIG: limitsConfig };
}

async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

// ---------------------------------------------------------------------------------------------

// Prepares the data directory (and database): the demo data with its PKI (the hub signs its
// STATUS answers with the province's seal) and without documents, a member
// system for the vendor. Returns the store {engine, postgres, dataDir, dbPath, dbUrl, secret,
// cleanup()}.
let pkiCache = null;

export async function prepareStore({ engine, pgUrl }) {
  let dbUrl;
  let dropDb = () => {};
  if (engine === 'postgres') {
    const name = `crash_${randomBytes(5).toString('hex')}`;
    psql(pgUrl, `CREATE DATABASE ${name}`);
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    dropDb = () => {
      try {
        psql(pgUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch {}
    };
  }
  let prepared;
  try {
    // The demo PKI's keys take most of the preparation: made once per process, then copied (the
    // hub needs only the files: the key ring and the province's seal).
    prepared = prepareDataDir({ db: dbUrl, pki: !pkiCache });
    if (pkiCache) cpSync(pkiCache, path.join(prepared.dataDir, 'pki'), { recursive: true });
    else {
      const cache = mkdtempSync(path.join(os.tmpdir(), 'cqdt-crash-pki-'));
      process.on('exit', () => rmSync(cache, { recursive: true, force: true }));
      cpSync(path.join(prepared.dataDir, 'pki'), path.join(cache, 'pki'), { recursive: true });
      pkiCache = path.join(cache, 'pki');
    }
  } catch (e) {
    dropDb();
    prepared?.cleanup();
    throw e;
  }
  const store = {
    engine,
    postgres: engine === 'postgres',
    dataDir: prepared.dataDir,
    dbPath: prepared.dbPath,
    dbUrl: prepared.dbUrl,
    cleanup: () => {
      prepared.cleanup();
      dropDb();
    },
  };
  let server;
  try {
    server = await startServer({ dataDir: store.dataDir, db: store.dbUrl, env: campaignEnv() });
    const admin = await loggedIn(server.baseUrl, 'admin');
    const made = expect(
      'partner',
      await admin.post('/exchange/partners', {
        kind: 'member',
        code: 'vendor-crash',
        name: 'Phần mềm QLVB của nhà cung cấp thử mất điện',
        agencies: [VENDOR_AGENCY],
        signaturePolicy: 'warn',
      }),
      201,
    );
    store.secret = made.secret;
  } catch (e) {
    await server?.stop('SIGTERM');
    store.cleanup();
    throw e;
  }
  await server.stop('SIGTERM');
  return store;
}

// Runs the campaign on one store. Options: rounds, clients, minMs and maxMs (the load before the
// kill), log (a function taking a line). Returns the summary.
export async function runCampaign(
  store,
  { rounds = 20, clients = 8, minMs = 500, maxMs = 3000, log = () => {} } = {},
) {
  const run = randomBytes(3).toString('hex').toUpperCase();
  const started = Date.now();
  const acks = [];
  const summary = {
    engine: store.engine,
    rounds: 0,
    acknowledged: Object.fromEntries(KINDS.map((k) => [k, 0])),
    found: Object.fromEntries(KINDS.map((k) => [k, 0])),
    lost: [],
    refused: {},
    auditFailures: [],
    duplicates: [],
    gaps: [],
    orphans: [],
    // By content: PDF (a document upload), PNG (a dossier scan), XML (an exchange package).
    orphanKinds: {},
    // Rounds whose kill left more orphans than there were requests in flight (one blob each at
    // most): a leak that does not come from the kill.
    orphanExcess: [],
    strays: [],
    // `cqdt blob sweep` after the last restart (crash-checks.mjs, sweepAtRest).
    sweep: null,
    perRound: [],
    acks,
    seconds: 0,
  };
  let serial = 0;

  // Reads every acknowledged write back through a freshly started server.
  const verifyAll = async (s) => {
    const found = Object.fromEntries(KINDS.map((k) => [k, 0]));
    const lost = [];
    await pool(acks, 8, async (ack) => {
      let why;
      try {
        why = await missing(ack, s);
      } catch (e) {
        why = `${ack.kind}: ${e.message}`;
      }
      if (why) lost.push(why);
      else found[ack.kind]++;
    });
    return { found, lost };
  };

  for (let round = 1; round <= rounds; round++) {
    const server = await startServer({
      dataDir: store.dataDir,
      db: store.dbUrl,
      env: campaignEnv(),
    });
    const s = await sessions(server, store, run);
    const before = await verifyAll(s);
    summary.lost.push(...before.lost.map((l) => `before round ${round}: ${l}`));

    // The load, then the kill.
    let stop = false;
    let firstAck;
    const acked = new Promise((resolve) => (firstAck = resolve));
    const roundAcks = Object.fromEntries(KINDS.map((k) => [k, 0]));
    const worker = async (w) => {
      for (let i = 0; !stop; i++) {
        const kind = KINDS[(w + i) % KINDS.length];
        const n = ++serial;
        try {
          const ack = await write(kind, s, n);
          ack.round = round;
          acks.push(ack);
          roundAcks[kind]++;
          firstAck();
        } catch (e) {
          if (stop) break;
          const key = e instanceof Refused ? `${e.message.split(':')[0]} ${e.status}` : 'network';
          summary.refused[key] = (summary.refused[key] ?? 0) + 1;
          if (!(e instanceof Refused)) await sleep(20);
        }
      }
    };
    const delay = minMs + Math.floor(Math.random() * (maxMs - minMs + 1));
    const load = Promise.all(Array.from({ length: clients }, (_, w) => worker(w)));
    await sleep(delay);
    // Not before this round has acknowledged a write (a slow server, a sanitizer build: the
    // delay alone could pass before any answer); the ceiling is for a server that never answers.
    let ceiling;
    await Promise.race([acked, new Promise((r) => (ceiling = setTimeout(r, CEILING_MS)))]);
    clearTimeout(ceiling);
    const exit = await server.stop('SIGKILL', { keepData: true });
    stop = true;
    await load;
    if (exit.signal !== 'SIGKILL') {
      summary.lost.push(
        `round ${round}: the server had exited before the kill (${JSON.stringify(exit)})`,
      );
    }

    const rest = checkAtRest(store);
    if (!rest.auditOk) summary.auditFailures.push(`round ${round}: ${rest.auditOutput}`);
    summary.duplicates.push(...rest.duplicates.map((d) => `round ${round}: ${d}`));
    summary.gaps.push(...rest.gaps.map((g) => `round ${round}: ${g}`));
    const newOrphans = rest.orphans.filter((o) => !summary.orphans.includes(o));
    summary.orphans.push(...newOrphans);
    for (const o of newOrphans) {
      const kind = blobKind(store.dataDir, o);
      summary.orphanKinds[kind] = (summary.orphanKinds[kind] ?? 0) + 1;
    }
    if (newOrphans.length > clients) {
      summary.orphanExcess.push(
        `round ${round}: ${newOrphans.length} new orphans, ${clients} clients`,
      );
    }
    summary.strays = rest.strays;
    summary.rounds = round;
    for (const k of KINDS) summary.acknowledged[k] += roundAcks[k];
    const line = {
      round,
      loadMs: delay,
      acknowledged: roundAcks,
      foundBefore: before.lost.length === 0 ? 'all' : `${before.lost.length} lost`,
      audit: rest.auditOk ? 'ok' : 'FAIL',
      duplicates: rest.duplicates.length,
      gaps: rest.gaps.length,
      orphansNew: newOrphans.length,
      orphansTotal: rest.orphans.length,
      blobs: rest.blobs,
      numbered: rest.numbered,
    };
    summary.perRound.push(line);
    log(
      `[${store.engine}] round ${round}/${rounds}: load ${delay} ms, acked ${KINDS.map((k) => `${k} ${roundAcks[k]}`).join(', ')}; ` +
        `earlier writes ${line.foundBefore}; audit ${line.audit}; dup ${line.duplicates}; gaps ${line.gaps}; ` +
        `orphans +${line.orphansNew} (${line.orphansTotal} of ${rest.blobs} blobs)`,
    );
  }

  // The restart after the last kill.
  const server = await startServer({ dataDir: store.dataDir, db: store.dbUrl, env: campaignEnv() });
  try {
    const s = await sessions(server, store, run);
    const last = await verifyAll(s);
    summary.found = last.found;
    summary.lost.push(...last.lost.map((l) => `after the last round: ${l}`));
  } finally {
    await server.stop('SIGTERM', { keepData: true });
  }
  // The orphan sweeper removes what the kills left unnamed, and nothing a row names.
  summary.sweep = sweepAtRest(store);
  log(
    `sweep: ${summary.sweep.found} orphans found, ${summary.sweep.removed} removed ` +
      `(${summary.sweep.bytes}), ${summary.sweep.left.length} left, ` +
      `${summary.sweep.lostNamed.length} named files removed`,
  );
  summary.seconds = Math.round((Date.now() - started) / 1000);
  return summary;
}

// The table of summaries, as Markdown.
export function table(summaries) {
  const rows = [
    ['', ...summaries.map((s) => s.engine)],
    ['rounds (SIGKILL)', ...summaries.map((s) => String(s.rounds))],
    ...KINDS.map((k) => [
      `${k}s acknowledged / found after restart`,
      ...summaries.map((s) => `${s.acknowledged[k]} / ${s.found[k]}`),
    ]),
    ['acknowledged writes lost', ...summaries.map((s) => String(s.lost.length))],
    [
      '`cqdt audit verify` after each kill',
      ...summaries.map((s) => `${s.rounds - s.auditFailures.length}/${s.rounds} pass`),
    ],
    ['duplicate numbers or codes', ...summaries.map((s) => String(s.duplicates.length))],
    ['gaps in numbers or codes', ...summaries.map((s) => String(s.gaps.length))],
    [
      'orphaned blobs at the end (most new in one round)',
      ...summaries.map(
        (s) => `${s.orphans.length} (${Math.max(0, ...s.perRound.map((r) => r.orphansNew))})`,
      ),
    ],
    [
      '`cqdt blob sweep` after the last restart: orphans found / removed / left',
      ...summaries.map((s) =>
        s.sweep
          ? `${s.sweep.found} / ${s.sweep.removed} / ${s.sweep.left.length}` +
            (s.sweep.lostNamed.length ? ` (${s.sweep.lostNamed.length} NAMED FILES REMOVED)` : '')
          : '–',
      ),
    ],
    [
      'refused or failed requests (not acknowledged)',
      ...summaries.map(
        (s) =>
          Object.entries(s.refused)
            .map(([k, v]) => `${k}: ${v}`)
            .join('; ') || '0',
      ),
    ],
    ['time', ...summaries.map((s) => `${s.seconds} s`)],
  ];
  return rows
    .map((r) => `| ${r.join(' | ')} |`)
    .reduce((out, r, i) => {
      out.push(r);
      if (i === 0) out.push(`|${'---|'.repeat(rows[0].length)}`);
      return out;
    }, [])
    .join('\n');
}
