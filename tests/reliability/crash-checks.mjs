// The crash campaign's checks on the data at rest (tests/reliability/crash-campaign.mjs): the
// audit chain, numbers and codes without duplicates or gaps, blobs that rows name. Reads the
// database directly: the sqlite3 CLI, or psql and pg_dump.

import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { CEILING_MS, REPO_ROOT, freePort, runCli } from '../support/cqdt-server.mjs';

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

export function psql(url, sql) {
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

// What a blob holds, by its first bytes: which kind of write left it.
export function blobKind(dataDir, key) {
  const head = Buffer.alloc(16);
  let fd;
  try {
    fd = openSync(path.join(dataDir, 'blobs', key.slice(0, 2), key), 'r');
    readSync(fd, head, 0, 16, 0);
  } catch {
    return 'unreadable';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const text = head.toString('latin1');
  if (text.startsWith('%PDF')) return 'PDF';
  if (head[0] === 0x89 && text.startsWith('PNG', 1)) return 'PNG';
  if (text.startsWith('<?xml') || text.startsWith('<edXML')) return 'XML';
  return 'other';
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

  // The counters the next allocation starts from (numbering_counter: `register:<id>` per year,
  // `dossier:<agency code>` per day) must stand at the largest committed number: one ahead would
  // skip a number at the next write, one behind would hand out a number twice.
  const counters = [];
  for (const [scope, period, last] of query(
    store,
    'SELECT scope, period, last_value FROM numbering_counter',
  )) {
    let k = null;
    if (scope.startsWith('register:')) k = `register ${scope.slice(9)}/${period}`;
    else if (scope.startsWith('dossier:')) {
      k = `${scope.slice(8)}-${period.slice(2, 4)}${period.slice(5, 7)}${period.slice(8, 10)}`;
    }
    if (k === null) continue;
    const numbers = registers.get(k) ?? codes.get(k) ?? [];
    const max = numbers.length ? Math.max(...numbers) : 0;
    if (Number(last) !== max)
      counters.push(`counter ${scope} ${period} at ${last}, largest ${max}`);
  }

  // Blobs first, rows second: a row committed after the listing only adds references.
  const { keys, strays } = blobFiles(store.dataDir);
  const referenced = referencedKeys(store);
  const orphans = keys.filter((k) => !referenced.has(k));

  return {
    auditOk: audit.code === 0,
    auditOutput: (audit.stdout + audit.stderr).trim().slice(0, 2000),
    duplicates: [...docs.dups, ...dossiers.dups],
    gaps: [...docs.gaps, ...dossiers.gaps, ...counters],
    numbered: {
      documents: [...registers.values()].reduce((n, v) => n + v.length, 0),
      dossiers: [...codes.values()].reduce((n, v) => n + v.length, 0),
    },
    blobs: keys.length,
    orphans,
    strays,
  };
}

// The orphan sweeper on the data at rest (no server running): `cqdt blob sweep --grace-hours 0`
// (with no server, no transaction is under way, so no grace is needed), then the same listing
// again. Returns {found, removed, bytes, left: [orphans still there], lostNamed: [keys a row
// names whose file the sweep removed], output}. `lostNamed` non-empty means a module keeps blob
// keys in a column its BlobReferences() does not list: the sweeper deleted live data.
export function sweepAtRest(store) {
  const before = blobFiles(store.dataDir).keys;
  const referencedBefore = referencedKeys(store);
  const sweep = runCli([
    '--db',
    store.dbUrl,
    '--data-dir',
    store.dataDir,
    'blob',
    'sweep',
    '--grace-hours',
    '0',
  ]);
  const output = (sweep.stdout + sweep.stderr).trim();
  const count = (re) => Number(output.match(re)?.[1] ?? NaN);
  const after = new Set(blobFiles(store.dataDir).keys);
  const referenced = referencedKeys(store);
  return {
    ok: sweep.code === 0,
    found: count(/orphans older than \d+ hours: (\d+)/),
    removed: count(/removed: (\d+) \(/),
    bytes: output.match(/removed: \d+ \(([^)]*)\)/)?.[1] ?? '',
    left: [...after].filter((k) => !referenced.has(k)),
    lostNamed: before.filter((k) => referencedBefore.has(k) && !after.has(k)),
    output: output.slice(0, 2000),
  };
}
