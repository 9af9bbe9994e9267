// The multi-instance campaign (issue 16 items 4 and 5, "Two instances × 64 clients"): two
// `cqdt serve` processes on one PostgreSQL database and one data directory, behind HAProxy run
// with the sample docs/deploy/haproxy.cfg; K clients register incoming documents (arrival
// numbers) and receive dossiers (dossier codes) through HAProxy as logged-in staff; midway one
// instance gets SIGKILL. Used by tests/reliability/multi-instance.mjs (the full run, by hand) and
// tests/api/multi-instance.test.mjs (the short form, in CI).
//
// One run:
//   1. A database of its own on the cluster, the demo data loaded once (`cqdt demo`, without its
//      PKI and documents); then instance cqdt1 starts, then cqdt2, on the same database and data
//      directory (the file blob store is shared), then HAProxy in front of both.
//   2. The clerk of UBND tỉnh and the counter officer of phường Rạch Giá log in through HAProxy;
//      every client uses those sessions (whichever instance opened them: no sticky sessions).
//      K clients loop, alternating the two kinds of writes of crash-writes.mjs (a PDF uploaded
//      then an incoming document registered; a scan uploaded then a dossier received), until
//      `writes` attempts were made and 2 × K more started after step 3's DOWN (bounded by
//      CEILING_MS after the kill). A write counts as acknowledged only after its 2xx answer; the
//      instance that gave it (HAProxy's X-Cqdt-Backend header, added for the test) is recorded.
//   3. Once `killAt` of the attempts were made (and the victim has acknowledged a write), cqdt2
//      gets SIGKILL; the clients go on. HAProxy must mark it DOWN (health checks on /readyz), and
//      every write started after that must be acknowledged, by cqdt1. Requests that were in
//      flight to cqdt2 fail (HAProxy closes the client's connection, or answers 502): counted as
//      errors, never as acknowledged.
//   4. cqdt2 starts again (on a new port, given to HAProxy on its runtime API, as an operator
//      would with the same port), HAProxy must mark it UP and send requests to it again.
//   5. Every acknowledged write is read back through HAProxy: present, with the same number or
//      code, its file with the same SHA-256.
//   6. Both instances stop; on the data at rest the checks of crash-checks.mjs: `cqdt audit
//      verify`, arrival numbers per register and year and dossier codes per agency and day with
//      no duplicate and no gap among all committed rows, each counter at the largest number, and
//      blob files named by rows (a kill may leave one unnamed blob per request in flight).

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { CEILING_MS, loggedIn, prepareDataDir, startServer } from '../support/cqdt-server.mjs';
import { BACKEND_HEADER, startHaproxy } from '../support/haproxy.mjs';
import { blobKind, checkAtRest, psql } from './crash-checks.mjs';
import { Refused, missing, write } from './crash-writes.mjs';

export { postgresCluster } from './crash-checks.mjs';

export const KINDS = ['document', 'dossier'];
const CLERK = 'vanthu.ubnd';
const COUNTER = 'motcua.rachgia';
// The instances' configuration file: HAProxy's address (127.0.0.1 here) is the one trusted
// proxy, as the sample's comment says for its own address; nothing else is set.
const INSTANCE_CONFIG = ['[server]', 'trusted_proxies = ["127.0.0.1"]', ''].join('\n');

// When a write started, for the tables and messages.
const WHEN = {
  before: 'started before the kill',
  after: 'started after the kill',
  down: 'started after DOWN',
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

// A copy of a logged-in client that remembers which instance answered its last request (each
// campaign client has its own copies and makes one request at a time).
function tracked(client) {
  const c = client.clone();
  const request = c.request.bind(c);
  c.lastBackend = null;
  c.request = async (...args) => {
    c.lastBackend = null;
    const res = await request(...args);
    c.lastBackend = res.headers.get(BACKEND_HEADER);
    return res;
  };
  return c;
}

// A database of its own on `pgUrl` and a data directory with the demo data (loaded once, before
// any instance starts), and the instances' configuration file. Returns the store {engine,
// postgres, dataDir, dbPath, dbUrl, config, cleanup()}; crash-checks.mjs reads it.
export function prepareStore({ pgUrl }) {
  const name = `multi_${randomBytes(5).toString('hex')}`;
  psql(pgUrl, `CREATE DATABASE ${name}`);
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  const dropDb = () => {
    try {
      psql(pgUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } catch {}
  };
  let prepared;
  try {
    prepared = prepareDataDir({ db: u.toString() });
  } catch (e) {
    dropDb();
    throw e;
  }
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-multi-'));
  const config = path.join(configDir, 'cqdt.toml');
  writeFileSync(config, INSTANCE_CONFIG);
  return {
    config,
    engine: 'postgres',
    postgres: true,
    dataDir: prepared.dataDir,
    dbPath: prepared.dbPath,
    dbUrl: prepared.dbUrl,
    cleanup: () => {
      prepared.cleanup();
      rmSync(configDir, { recursive: true, force: true });
      dropDb();
    },
  };
}

// Runs the campaign on a prepared store. Options: clients, writes (attempts in all), killAt (the
// fraction of the attempts after which cqdt2 is killed), log (a function taking a line), probe
// (an async function called with {lb, instances} once HAProxy is ready, before the load: more
// checks through it). Returns the summary (see table()).
export async function runCampaign(
  store,
  { clients = 64, writes = 4000, killAt = 0.4, log = () => {}, probe } = {},
) {
  const started = Date.now();
  const run = randomBytes(3).toString('hex').toUpperCase();
  const names = ['cqdt1', 'cqdt2'];
  const victim = 'cqdt2';
  const summary = {
    clients,
    writes,
    acknowledged: Object.fromEntries(KINDS.map((k) => [k, 0])),
    found: Object.fromEntries(KINDS.map((k) => [k, 0])),
    perInstance: Object.fromEntries(names.map((n) => [n, { before: 0, after: 0, again: 0 }])),
    errors: {},
    lost: [],
    problems: [],
    duplicates: [],
    gaps: [],
    auditOk: null,
    auditOutput: '',
    numbered: null,
    orphans: [],
    orphanKinds: {},
    strays: [],
    markedDownMs: null,
    markedUpMs: null,
    victimServedAgain: 0,
    acknowledgedAfterDown: 0,
    logged: {},
    seconds: 0,
  };
  const instances = {};
  let lb;
  let stop = false;
  let killedLogs = '';
  try {
    // The instances one after the other (the demo data is there already), then HAProxy.
    for (const name of names) {
      instances[name] = await startServer({
        dataDir: store.dataDir,
        db: store.dbUrl,
        env: { CQDT_CONFIG: store.config },
      });
    }
    lb = await startHaproxy({
      servers: names.map((name) => ({ name, address: `127.0.0.1:${instances[name].port}` })),
      tag: true,
    });
    log(
      `instances ${names.map((n) => `${n} :${instances[n].port}`).join(', ')}; HAProxy ${lb.baseUrl}`,
    );
    if (probe) await probe({ lb, instances });
    const clerk = await loggedIn(lb.baseUrl, CLERK);
    const counter = await loggedIn(lb.baseUrl, COUNTER);

    // The load, with the kill midway.
    const acks = [];
    let attempts = 0;
    // 'before' the kill, 'after' it, 'down' once HAProxy marked the victim DOWN (when a write
    // started).
    let phase = 'before';
    let victimAcked;
    const victimAck = new Promise((r) => (victimAcked = r));
    const killPoint = Math.max(1, Math.floor(writes * killAt));
    let reachedKillPoint;
    const atKillPoint = new Promise((r) => (reachedKillPoint = r));
    // Bounded: `writes` attempts, and then as long as it takes for HAProxy to mark the victim
    // DOWN and for 2 × K more attempts to start after that (the survivor alone), within
    // CEILING_MS of the kill point at most.
    let downAttempts = 0;
    let deadline = Infinity;
    const more = () =>
      !stop &&
      Date.now() < deadline &&
      (attempts < writes || phase !== 'down' || downAttempts < 2 * clients);
    const worker = async (w) => {
      const s = { run, clerk: tracked(clerk), counter: tracked(counter) };
      for (let i = 0; more(); i++) {
        const n = ++attempts;
        if (phase === 'down') downAttempts++;
        if (n >= killPoint) reachedKillPoint();
        const kind = KINDS[(w + i) % KINDS.length];
        const client = kind === 'document' ? s.clerk : s.counter;
        const during = phase;
        try {
          const ack = await write(kind, s, n);
          ack.backend = client.lastBackend ?? '?';
          ack.phase = during;
          acks.push(ack);
          summary.acknowledged[kind]++;
          const per = summary.perInstance[ack.backend];
          if (per) per[during === 'before' ? 'before' : 'after']++;
          if (during === 'down') summary.acknowledgedAfterDown++;
          if (ack.backend === victim) victimAcked();
        } catch (e) {
          const what =
            e instanceof Refused
              ? `${e.message.split(':')[0]} ${e.status}`
              : `${e.cause?.code ?? e.cause?.message ?? e.message}`;
          const key = `${kind} ${what} (${client.lastBackend ?? 'no instance named'}, ${WHEN[during]})`;
          summary.errors[key] = (summary.errors[key] ?? 0) + 1;
          // Once HAProxy has taken the dead instance out, the survivor serves every request.
          if (during === 'down') summary.problems.push(`write ${n} after DOWN: ${e.message}`);
          if (!(e instanceof Refused)) await sleep(20);
        }
      }
    };
    const load = Promise.all(Array.from({ length: clients }, (_, w) => worker(w)));

    // The kill: at the kill point, and not before the victim has acknowledged a write (so that it
    // has something to lose); the ceiling is for a victim that never gets a request.
    await atKillPoint;
    deadline = Date.now() + CEILING_MS;
    let ceiling;
    await Promise.race([victimAck, new Promise((r) => (ceiling = setTimeout(r, CEILING_MS)))]);
    clearTimeout(ceiling);
    const killedAt = Date.now();
    const exit = await instances[victim].stop('SIGKILL', { keepData: true });
    killedLogs = instances[victim].stderr();
    phase = 'after';
    if (exit.signal !== 'SIGKILL') {
      summary.problems.push(`${victim} had exited before the kill (${JSON.stringify(exit)})`);
    }
    log(`${victim} killed after ${attempts} attempts (${acks.length} acknowledged)`);
    summary.markedDownMs = await lb.waitFor(victim, 'DOWN');
    phase = 'down';
    log(`HAProxy marked ${victim} DOWN ${Date.now() - killedAt} ms after the kill`);
    await load;
    summary.killedAfter = killPoint;
    summary.attempts = attempts;
    if (summary.acknowledgedAfterDown === 0) {
      summary.problems.push(`no write acknowledged after ${victim} was marked DOWN`);
    }

    // cqdt2 again: a new process on the same data, its new port given to HAProxy.
    const again = await startServer({
      dataDir: store.dataDir,
      db: store.dbUrl,
      env: { CQDT_CONFIG: store.config },
    });
    instances[victim] = again;
    const restartedAt = Date.now();
    await lb.command(`set server cqdt/${victim} addr 127.0.0.1 port ${again.port}`);
    summary.markedUpMs = await lb.waitFor(victim, 'UP');
    log(`HAProxy marked ${victim} UP ${Date.now() - restartedAt} ms after its restart`);

    // Requests reach it again: reads through HAProxy, as many as it takes for it to serve some
    // (least connections alternates between idle servers), bounded.
    const reader = tracked(clerk);
    for (let i = 0; i < 200 && summary.victimServedAgain < 5; i++) {
      const r = await reader.get('/documents/incoming?limit=1');
      if (r.status !== 200) summary.problems.push(`read after the restart: ${r.status}`);
      const by = reader.lastBackend;
      if (summary.perInstance[by]) summary.perInstance[by].again++;
      if (by === victim) summary.victimServedAgain++;
    }
    if (summary.victimServedAgain === 0) {
      summary.problems.push(`HAProxy sent no request to ${victim} after its restart`);
    }

    // Every acknowledged write, read back through HAProxy (both instances serve the reads).
    const s = { run, clerk, counter };
    await pool(acks, 8, async (ack) => {
      let why;
      try {
        why = await missing(ack, s);
      } catch (e) {
        why = `${ack.kind}: ${e.message}`;
      }
      if (why) summary.lost.push(`${why} (acknowledged by ${ack.backend}, ${WHEN[ack.phase]})`);
      else summary.found[ack.kind]++;
    });
  } finally {
    stop = true;
    await lb?.stop();
    for (const server of Object.values(instances)) await server.stop('SIGTERM', { keepData: true });
  }
  // What the instances logged at warning level or above (a finding to read, not a check): the
  // killed process's log, then its successor's, under the same name.
  for (const [name, lines] of Object.entries(logs(instances, killedLogs))) {
    summary.logged[name] = lines;
  }

  // The data at rest.
  const rest = checkAtRest(store);
  summary.auditOk = rest.auditOk;
  summary.auditOutput = rest.auditOutput;
  summary.duplicates = rest.duplicates;
  summary.gaps = rest.gaps;
  summary.numbered = rest.numbered;
  summary.orphans = rest.orphans;
  for (const o of rest.orphans) {
    const kind = blobKind(store.dataDir, o);
    summary.orphanKinds[kind] = (summary.orphanKinds[kind] ?? 0) + 1;
  }
  summary.blobs = rest.blobs;
  summary.strays = rest.strays;
  summary.seconds = Math.round((Date.now() - started) / 1000);
  return summary;
}

// The distinct warning and error lines of each instance's stderr (numbers and ids blurred so that
// repeats fold), with their counts: {name: ['×N line', ...]}.
function logs(instances, killedLogs) {
  const out = {};
  for (const [name, server] of Object.entries(instances)) {
    const text = (name === 'cqdt2' ? killedLogs : '') + server.stderr();
    const counts = new Map();
    for (const line of text.split('\n')) {
      if (!/warn|error|critical/i.test(line) || /^NOTICE:/.test(line)) continue;
      const key = line
        .replace(/^\S*\d{4}-\d\d-\d\dT\S+\s*/, '') // the time stamp
        .replace(/[0-9a-f]{16,}/gi, '…')
        .replace(/\d+/g, 'N')
        .slice(0, 300);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    out[name] = [...counts].map(([k, n]) => `×${n} ${k}`);
  }
  return out;
}

// The failures of a summary: [what, list] pairs, each list empty when that check held.
export function failures(s) {
  const unexplainedOrphans =
    s.orphans.length > s.clients
      ? [`${s.orphans.length} orphaned blobs, more than the ${s.clients} requests in flight`]
      : [];
  return [
    ['acknowledged writes lost', s.lost],
    ['problems', s.problems],
    ['cqdt audit verify', s.auditOk ? [] : [s.auditOutput]],
    ['duplicate numbers or codes', s.duplicates],
    ['gaps in numbers or codes (or a counter not at the largest)', s.gaps],
    ['orphaned blobs the kill does not explain', unexplainedOrphans],
    ['stray files in the blob store', s.strays],
  ];
}

// The summary as a Markdown table.
export function table(s) {
  const rows = [
    ['', 'value'],
    ['clients; write attempts (SIGKILL after)', `${s.clients}; ${s.attempts} (${s.killedAfter})`],
    ...KINDS.map((k) => [
      `${k}s acknowledged / found after the run`,
      `${s.acknowledged[k]} / ${s.found[k]}`,
    ]),
    [
      'numbered rows at rest (documents, dossiers; acknowledged or not)',
      s.numbered ? `${s.numbered.documents}, ${s.numbered.dossiers}` : '–',
    ],
    ...Object.entries(s.perInstance).map(([n, p]) => [
      `acknowledged by ${n}: before / after the kill; reads after the restart`,
      `${p.before} / ${p.after}; ${p.again}`,
    ]),
    ['acknowledged writes lost', String(s.lost.length)],
    ['duplicate numbers or codes', String(s.duplicates.length)],
    ['gaps in numbers or codes', String(s.gaps.length)],
    ['`cqdt audit verify` at the end', s.auditOk ? 'pass' : 'FAIL'],
    [
      'killed instance marked DOWN / back UP (HAProxy)',
      `${s.markedDownMs ?? '–'} ms after the kill / ${s.markedUpMs ?? '–'} ms after the restart`,
    ],
    ['writes acknowledged after DOWN (all by the survivor)', String(s.acknowledgedAfterDown)],
    [
      'orphaned blobs (of all blobs)',
      `${s.orphans.length} of ${s.blobs ?? '–'}${
        s.orphans.length
          ? ` (${Object.entries(s.orphanKinds)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')})`
          : ''
      }`,
    ],
    [
      'failed requests (not acknowledged)',
      Object.entries(s.errors)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ') || '0',
    ],
    ['other problems', String(s.problems.length)],
    ['time', `${s.seconds} s`],
  ];
  return rows
    .map((r) => `| ${r.join(' | ')} |`)
    .reduce((out, r, i) => {
      out.push(r);
      if (i === 0) out.push('|---|---|');
      return out;
    }, [])
    .join('\n');
}
