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
// No dependencies beyond Node 20; the sqlite3 CLI (SQLite) or psql and pg_dump (PostgreSQL)
// read the database directly.

import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  CEILING_MS,
  PROVINCE_CODE,
  REPO_ROOT,
  freePort,
  loggedIn,
  prepareDataDir,
  runCli,
  startServer,
} from '../support/cqdt-server.mjs';
import { VendorSystem, documentPackage } from '../support/edxml-vendor.mjs';
import { minimalPdf } from '../support/pki.mjs';

export const KINDS = ['document', 'dossier', 'package', 'user'];
const VENDOR_AGENCY = '000.00.90.H01';
const CLERK = 'vanthu.ubnd'; // the demo clerk of UBND tỉnh An Giang
const COUNTER = 'motcua.rachgia'; // the demo counter officer of phường Rạch Giá
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Databases.

// A PostgreSQL cluster: CQDT_TEST_PG when set, else one started by scripts/pg-cluster.sh (null
// when that is impossible). Returns {url, stop()}.
export async function postgresCluster() {
  if (process.env.CQDT_TEST_PG) return { url: process.env.CQDT_TEST_PG, stop: () => {} };
  const script = path.join(REPO_ROOT, 'scripts', 'pg-cluster.sh');
  if (!existsSync('/usr/lib/postgresql') || !existsSync(script)) return null;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-crash-pg-'));
  try {
    const url = execFileSync('bash', [script, 'start', dir, String(await freePort())], {
      encoding: 'utf8',
      timeout: CEILING_MS,
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
    return { url, stop: () => execFileSync('bash', [script, 'stop', dir], { stdio: 'ignore' }) };
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

function psql(url, sql) {
  return execFileSync(
    'psql',
    ['-X', '-q', '-At', '-F', '|', '-v', 'ON_ERROR_STOP=1', url, '-c', sql],
    {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
      timeout: CEILING_MS,
    },
  );
}

// Rows of `sql` as arrays of strings, on either engine.
function query(store, sql) {
  const out = store.postgres
    ? psql(store.dbUrl, sql)
    : execFileSync('sqlite3', ['-bail', '-separator', '|', store.dbPath, sql], {
        encoding: 'utf8',
        maxBuffer: 1024 * 1024 * 1024,
        timeout: CEILING_MS,
      });
  return out
    .split('\n')
    .filter((l) => l.length)
    .map((l) => l.split('|'));
}

// Every 64-hex-digit string in the database outside the audit log: the blob keys rows name
// (modules keep a blob's SHA-256 in their own columns; the audit log's own chain hashes and any
// digest its summaries quote are not a reference that keeps a file).
function referencedKeys(store) {
  let dump;
  if (store.postgres) {
    dump = execFileSync(
      'pg_dump',
      ['--data-only', '--no-owner', '--exclude-table-data=audit_*', store.dbUrl],
      {
        encoding: 'utf8',
        maxBuffer: 2 * 1024 * 1024 * 1024,
        timeout: CEILING_MS,
        stdio: ['ignore', 'pipe', 'ignore'], // its warnings about circular foreign keys
      },
    );
  } else {
    dump = execFileSync('sqlite3', [store.dbPath, '.dump'], {
      encoding: 'utf8',
      maxBuffer: 2 * 1024 * 1024 * 1024,
      timeout: CEILING_MS,
    })
      .split('\n')
      .filter((l) => !l.startsWith('INSERT INTO audit_'))
      .join('\n');
  }
  return new Set(dump.match(/\b[0-9a-f]{64}\b/g) ?? []);
}

// The blob files under <dataDir>/blobs: {keys: [sha256], strays: [names that are not a key]}.
function blobFiles(dataDir) {
  const keys = [];
  const strays = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/^[0-9a-f]{64}$/.test(e.name)) keys.push(e.name);
      else strays.push(path.relative(dataDir, p));
    }
  };
  walk(path.join(dataDir, 'blobs'));
  return { keys, strays };
}

// Duplicates and gaps of a numbering: `groups` maps a scope to its numbers; every number from 1 to
// the largest must be there once.
function numberingFaults(groups) {
  const dups = [];
  const gaps = [];
  for (const [scope, numbers] of groups) {
    const seen = new Map();
    for (const n of numbers) seen.set(n, (seen.get(n) ?? 0) + 1);
    for (const [n, c] of seen) if (c > 1) dups.push(`${scope} #${n} ×${c}`);
    const max = Math.max(...numbers);
    for (let n = 1; n <= max; n++) if (!seen.has(n)) gaps.push(`${scope} #${n}`);
  }
  return { dups, gaps };
}

// The checks on the data as a kill left it (no server running).
export function checkAtRest(store) {
  const audit = runCli(['audit', 'verify', '--db', store.dbUrl, '--data-dir', store.dataDir]);

  const registers = new Map();
  for (const [reg, year, number] of query(
    store,
    'SELECT register_id, year, number FROM documents_register_entry',
  )) {
    const k = `register ${reg}/${year}`;
    if (!registers.has(k)) registers.set(k, []);
    registers.get(k).push(Number(number));
  }
  const codes = new Map();
  for (const [code] of query(store, 'SELECT code FROM onestop_dossier')) {
    const cut = code.lastIndexOf('-');
    const k = code.slice(0, cut);
    if (!codes.has(k)) codes.set(k, []);
    codes.get(k).push(Number(code.slice(cut + 1)));
  }
  const docs = numberingFaults(registers);
  const dossiers = numberingFaults(codes);

  // Blobs first, rows second: a row committed after the listing only adds references.
  const { keys, strays } = blobFiles(store.dataDir);
  const referenced = referencedKeys(store);
  const orphans = keys.filter((k) => !referenced.has(k));

  return {
    auditOk: audit.code === 0,
    auditOutput: (audit.stdout + audit.stderr).trim().slice(0, 2000),
    duplicates: [...docs.dups, ...dossiers.dups],
    gaps: [...docs.gaps, ...dossiers.gaps],
    numbered: {
      documents: [...registers.values()].reduce((n, v) => n + v.length, 0),
      dossiers: [...codes.values()].reduce((n, v) => n + v.length, 0),
    },
    blobs: keys.length,
    orphans,
    strays,
  };
}

// ---------------------------------------------------------------------------------------------
// The writers.

async function bytesOf(client, p) {
  const res = await fetch(client.baseUrl + '/api/v1' + p, {
    headers: { Cookie: client.cookieHeader() },
    signal: AbortSignal.timeout(CEILING_MS),
  });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

// A scan that no other write has: a PNG signature and random bytes.
function uniquePng() {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    randomBytes(2048),
  ]);
}

class Refused extends Error {
  constructor(what, res) {
    super(`${what}: ${res.status} ${(res.text ?? '').slice(0, 300)}`);
    this.status = res.status;
  }
}

const expect = (what, res, ...ok) => {
  if (!ok.includes(res.status)) throw new Refused(what, res);
  return res.body ?? res.json;
};

// One write of `kind`; resolves to the acknowledgement to record (after the 2xx answer).
async function write(kind, s, serial) {
  if (kind === 'document') {
    const pdf = minimalPdf(
      `Crash campaign ${s.run} document ${serial} ${randomBytes(8).toString('hex')}`,
    );
    const file = expect(
      'upload',
      await s.clerk.post(`/documents/files?fileName=cr-${serial}.pdf`, pdf, {
        raw: true,
        headers: { 'Content-Type': 'application/pdf' },
      }),
      201,
    );
    const doc = expect(
      'register',
      await s.clerk.post('/documents/incoming', {
        numberText: `${serial}/CV-CR${s.run}`,
        issuedDate: '2026-11-20',
        senderName: 'Sở Tài chính tỉnh An Giang',
        subject: `Về việc thử nghiệm mất điện số ${serial}`,
        channel: 'paper',
        fileIds: [file.id],
      }),
      201,
    );
    return { kind, id: doc.id, number: doc.arrivalNumber, fileId: file.id, sha256: sha256(pdf) };
  }
  if (kind === 'dossier') {
    const png = uniquePng();
    const file = expect(
      'upload',
      await s.counter.post(`/dossiers/files?fileName=cr-${serial}.png`, png, {
        raw: true,
        headers: { 'Content-Type': 'application/octet-stream' },
      }),
      201,
    );
    const d = expect(
      'receive',
      await s.counter.post('/dossiers', {
        procedureCode: '1.001193',
        channel: 'direct',
        applicant: { name: `Người thử ${serial}`, idNumber: '091234567890', phone: '0912345678' },
        documents: [
          { ordinal: 1, provided: true, fileIds: [file.id] },
          { ordinal: 2, provided: true },
          { ordinal: 5, byData: true },
        ],
        delivery: 'counter',
      }),
      201,
    );
    return { kind, code: d.code, fileId: file.id, sha256: sha256(png) };
  }
  if (kind === 'package') {
    const { xml, documentId } = documentPackage({
      from: VENDOR_AGENCY,
      to: PROVINCE_CODE,
      number: String(serial),
      notation: `CR${s.run}`,
      subject: `V/v thử nghiệm mất điện số ${serial}`,
      pdf: `%PDF-1.4\n% crash ${s.run} ${serial} ${randomBytes(8).toString('hex')}\n`,
    });
    const res = await s.vendor.send(xml);
    const body = expect('package', res, 202);
    return { kind, id: body.message.id, documentId, sha256: sha256(Buffer.from(xml)) };
  }
  const username = `cr${s.run}.${serial}`.toLowerCase();
  const u = expect(
    'user',
    await s.admin.post('/users', {
      username,
      fullName: `Người dùng thử ${serial}`,
      email: `${username}@angiang.gov.vn`,
      agencyId: s.agencyId,
      roles: ['officer'],
      password: 'Tam-thoi@2026',
    }),
    201,
  );
  return { kind, id: u.id, username };
}

// Reads one acknowledged write back; resolves to null when it is there intact, else a reason.
export async function missing(ack, s) {
  if (ack.kind === 'document') {
    const r = await s.clerk.get(`/documents/incoming/${ack.id}`);
    if (r.status !== 200) return `GET document ${ack.id}: ${r.status}`;
    if (r.body.arrivalNumber !== ack.number) {
      return `document ${ack.id}: arrival number ${r.body.arrivalNumber}, acknowledged ${ack.number}`;
    }
    const f = await bytesOf(s.clerk, `/documents/incoming/${ack.id}/files/${ack.fileId}`);
    if (f.status !== 200) return `document ${ack.id} file ${ack.fileId}: ${f.status}`;
    if (sha256(f.bytes) !== ack.sha256)
      return `document ${ack.id} file ${ack.fileId}: digest differs`;
    return null;
  }
  if (ack.kind === 'dossier') {
    const r = await s.counter.get(`/dossiers/${ack.code}`);
    if (r.status !== 200) return `GET dossier ${ack.code}: ${r.status}`;
    const f = await bytesOf(s.counter, `/dossiers/${ack.code}/files/${ack.fileId}`);
    if (f.status !== 200) return `dossier ${ack.code} file ${ack.fileId}: ${f.status}`;
    if (sha256(f.bytes) !== ack.sha256) return `dossier ${ack.code} file: digest differs`;
    return null;
  }
  if (ack.kind === 'package') {
    const r = await s.admin.get(`/exchange/messages/${ack.id}`);
    if (r.status !== 200) return `GET message ${ack.id}: ${r.status}`;
    const f = await bytesOf(s.admin, `/exchange/messages/${ack.id}/package`);
    if (f.status !== 200) return `message ${ack.id} package: ${f.status}`;
    if (sha256(f.bytes) !== ack.sha256) return `message ${ack.id} package: digest differs`;
    return null;
  }
  const r = await s.admin.get(`/users/${ack.id}`);
  if (r.status !== 200) return `GET user ${ack.id}: ${r.status}`;
  if (r.body.username !== ack.username) return `user ${ack.id}: ${r.body.username}`;
  return null;
}

// Runs `fn` over `items` with `n` at a time.
async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The campaign.

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
    server = await startServer({ dataDir: store.dataDir, db: store.dbUrl });
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

// The logged-in clients of a round (`run` tags what they write).
export async function sessions(server, store, run) {
  const admin = await loggedIn(server.baseUrl, 'admin');
  const clerk = await loggedIn(server.baseUrl, CLERK);
  const counter = await loggedIn(server.baseUrl, COUNTER);
  return {
    run,
    admin,
    clerk,
    counter,
    vendor: new VendorSystem(server.baseUrl, store.secret),
    agencyId: clerk.user.agencyId,
  };
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
    // Rounds whose kill left more orphans than there were requests in flight (one blob each at
    // most): a leak that does not come from the kill.
    orphanExcess: [],
    strays: [],
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
    const server = await startServer({ dataDir: store.dataDir, db: store.dbUrl });
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
  const server = await startServer({ dataDir: store.dataDir, db: store.dbUrl });
  try {
    const s = await sessions(server, store, run);
    const last = await verifyAll(s);
    summary.found = last.found;
    summary.lost.push(...last.lost.map((l) => `after the last round: ${l}`));
  } finally {
    await server.stop('SIGTERM', { keepData: true });
  }
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
