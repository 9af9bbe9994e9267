// The soak campaign's load generator and report (issue 16 item 5; run through bench/soak.sh,
// which seeds the data and starts cqdt). One Node process, on the same machine as the server:
//
//   node bench/soak-load.mjs --base http://127.0.0.1:PORT --pid CQDT_PID [--seconds 600]
//        [--rate OPS] [--ramp "4 8 16 32"] [--step-seconds 30] [--mix "40,30,20,10"]
//        [--dossiers 200] [--queries FILE] [--json FILE]
//
// The mix, in operations (weights by --mix, default 40/30/20/10):
//   track     GET /api/v1/portal/tracking?code=&check= (anonymous), over --dossiers dossiers
//             received at the counter of phường Rạch Giá by this script before the load;
//   queue     a staff member's queue page, in turn: the officer chuyenvien.snv's "process" page and
//             counts, the leader lanhdao.snv's "instruct" page and counts;
//   search    GET /api/v1/search?... as the clerk vanthu.snv, the queries of --queries (written by
//             bench/search_data.cpp) or a few built-in ones;
//   register  the clerk vanthu.snv registers an incoming document with a one-page PDF of about
//             1 KB: POST /documents/files then POST /documents/incoming (two requests, one
//             operation; its latency is the pair's).
// The kinds are interleaved in a fixed shuffled cycle of 20 slots, so every second of load has
// the same mix.
//
// Phase 1 (maximum throughput): closed loop, each connection sends its next operation when the
// previous one answered, for --step-seconds at each connection count of --ramp; the maximum is
// the best step's operations per second.
// Phase 2 (soak): open loop at a fixed rate, --rate or 80 % of the maximum. Operations are
// scheduled at even intervals (a 5 ms tick issues every operation that is due) whatever the
// answers do, and each latency is counted from the operation's scheduled time, not from when a
// socket was free, so a server that stalls shows as latency (no coordinated omission). At most
// 5,000 operations are outstanding; past that an operation is not sent and counts as an error.
// Every 10 s: operations, errors, p50 / p99, the backlog (scheduled, not answered), cqdt's VmRSS
// (/proc/PID/status), threads, open files and CPU (user + system of the process and of its
// reaped children, e.g. the text extraction's, from /proc/PID/stat), and this client's own CPU.
//
// Errors: an answer outside 2xx/3xx, a socket error, or no answer within 60 s.
// Prints the ramp table, a table per minute, a table per kind and the verdict (targets: 0 errors;
// RSS growth < 10 % from the first minute to the last, each minute's RSS the mean of its 10-s
// samples (one sample moves by 10-20 % within a minute with the requests in flight: a search's
// results, a registration's PDF; the mean shows the trend); p99 stable: the last
// minute's p99 at most 1.5x the first minute's; the rate held: every minute answered at least
// 95 % of the operations scheduled in it, and at no sample were more than one second's worth of
// operations (the rate) waiting for their answer). Exit code 1 when a target is missed.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';

import { loggedIn } from '../tests/support/cqdt-server.mjs';
import { minimalPdf } from '../tests/support/pki.mjs';

const KINDS = ['track', 'queue', 'search', 'register'];
const SAMPLE_MS = 10_000;
const REQUEST_TIMEOUT_MS = 60_000;
const MAX_OUTSTANDING = 5000;

// --- options ---
const opts = {
  base: '',
  pid: 0,
  seconds: 600,
  rate: 0,
  ramp: [4, 8, 16, 32],
  stepSeconds: 30,
  mix: [40, 30, 20, 10],
  dossiers: 200,
  queries: '',
  json: '',
};
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) {
    const [k, v] = [a[i], a[i + 1]];
    if (v === undefined) usage(`${k} needs a value`);
    if (k === '--base') opts.base = v;
    else if (k === '--pid') opts.pid = Number(v);
    else if (k === '--seconds') opts.seconds = Number(v);
    else if (k === '--rate') opts.rate = Number(v);
    else if (k === '--ramp')
      opts.ramp = v
        .trim()
        .split(/[\s,]+/)
        .map(Number);
    else if (k === '--step-seconds') opts.stepSeconds = Number(v);
    else if (k === '--mix') opts.mix = v.split(',').map(Number);
    else if (k === '--dossiers') opts.dossiers = Number(v);
    else if (k === '--queries') opts.queries = v;
    else if (k === '--json') opts.json = v;
    else usage(`unknown option ${k}`);
  }
  const bad =
    !opts.base ||
    !(opts.pid > 0) ||
    !(opts.seconds > 0) ||
    !(opts.rate >= 0) ||
    !opts.ramp.length ||
    opts.ramp.some((c) => !(c >= 1)) ||
    !(opts.stepSeconds > 0) ||
    opts.mix.length !== 4 ||
    opts.mix.some((w) => !(w >= 0)) ||
    !opts.mix.some((w) => w > 0) ||
    !(opts.dossiers >= 1);
  if (bad) usage('bad or missing option');
}
function usage(why) {
  console.error(`soak-load: ${why}
usage: node bench/soak-load.mjs --base URL --pid PID [--seconds 600] [--rate OPS]
       [--ramp "4 8 16 32"] [--step-seconds 30] [--mix "40,30,20,10"] [--dossiers 200]
       [--queries FILE] [--json FILE]`);
  process.exit(2);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (s) => process.stderr.write(`${s}\n`);

// --- HTTP: one keep-alive agent; every request resolves (status 0: socket error or timeout) ---
const base = new URL(opts.base);
let agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function send(method, path, headers = {}, body = null, keepBody = false) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r) => {
      if (!done) {
        done = true;
        resolve(r);
      }
    };
    const h = { ...headers };
    if (body) h['Content-Length'] = body.length;
    const req = http.request(
      { host: base.hostname, port: base.port, method, path, headers: h, agent },
      (res) => {
        const chunks = [];
        res.on('data', (c) => keepBody && chunks.push(c));
        res.on('end', () =>
          finish({
            status: res.statusCode,
            text: keepBody ? Buffer.concat(chunks).toString() : '',
          }),
        );
        res.on('error', (e) => finish({ status: 0, text: String(e.message) }));
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => {
      req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`));
    });
    req.on('error', (e) => finish({ status: 0, text: String(e.message) }));
    if (body) req.write(body);
    req.end();
  });
}
const ok = (status) => status >= 200 && status < 400;

// --- /proc sampling of the server ---
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
function procSample() {
  try {
    const status = readFileSync(`/proc/${opts.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const threads = Number(/Threads:\s+(\d+)/.exec(status)?.[1] ?? 0);
    // Fields after the ")" that ends the command name: utime is the 12th, then stime, cutime, cstime.
    const stat = readFileSync(`/proc/${opts.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    let fds = 0;
    try {
      fds = readdirSync(`/proc/${opts.pid}/fd`).length;
    } catch {}
    return { alive: true, rssKb, hwmKb, threads, fds, cpuS: ticks / CLK_TCK, at: Date.now() };
  } catch {
    return { alive: false, rssKb: 0, hwmKb: 0, threads: 0, fds: 0, cpuS: 0, at: Date.now() };
  }
}
const clientCpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// --- setup: sessions, tracked dossiers, queries ---
log(`soak-load: logging in and receiving ${opts.dossiers} dossiers to track`);
const officer = await loggedIn(opts.base, 'chuyenvien.snv');
const leader = await loggedIn(opts.base, 'lanhdao.snv');
const clerk = await loggedIn(opts.base, 'vanthu.snv');
const counter = await loggedIn(opts.base, 'motcua.rachgia');
const cookieOf = (c) => ({ Cookie: c.cookieHeader() });

const tracked = [];
{
  let next = 0;
  const receiveOne = async () => {
    while (next < opts.dossiers) {
      const n = next++;
      // A distinct phone per dossier: its last four digits are the tracking check.
      const phone = `09${String(10000000 + ((n * 7919 + 1234) % 90000000)).slice(-8)}`;
      const res = await counter.post('/dossiers', {
        procedureCode: '1.001193',
        channel: 'direct',
        delivery: 'counter',
        applicant: { name: `Người theo dõi ${n + 1}`, phone },
        documents: [
          { ordinal: 1, provided: true },
          { ordinal: 2, provided: true },
          { ordinal: 5, byData: true },
        ],
      });
      if (res.status !== 201) throw new Error(`receiving a dossier: ${res.status} ${res.text}`);
      tracked.push(
        `/api/v1/portal/tracking?code=${encodeURIComponent(res.body.code)}&check=${phone.slice(-4)}`,
      );
    }
  };
  await Promise.all(Array.from({ length: 4 }, receiveOne));
}
const searches = (
  opts.queries
    ? readFileSync(opts.queries, 'utf8').split('\n').filter(Boolean)
    : ['q=ke%20hoach', 'q=cai%20cach%20hanh%20chinh', 'q=quyet%20dinh&direction=incoming']
).map((q) => `/api/v1/search?${q}`);
const queuePages = [
  ['/api/v1/documents/queues/process', cookieOf(officer)],
  ['/api/v1/documents/queues', cookieOf(officer)],
  ['/api/v1/documents/queues/instruct', cookieOf(leader)],
  ['/api/v1/documents/queues', cookieOf(leader)],
];
const clerkHeaders = { ...cookieOf(clerk), 'X-CSRF-Token': clerk.csrfToken };
const runTag = randomBytes(3).toString('hex').toUpperCase();

// A fixed cycle of 20 slots with the kinds in proportion to the weights, shuffled once.
const cycle = (() => {
  const total = opts.mix.reduce((a, b) => a + b, 0);
  const slots = [];
  KINDS.forEach((k, i) => {
    for (let j = 0; j < Math.round((opts.mix[i] / total) * 20); j++) slots.push(k);
  });
  let seed = 12345;
  for (let i = slots.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [slots[i], slots[j]] = [slots[j], slots[i]];
  }
  return slots;
})();
const counters = { op: 0, track: 0, queue: 0, search: 0, register: 0 };
const errorExamples = new Map();

function noteError(kind, res, what) {
  const key = `${kind} ${what} ${res.status}`;
  if (!errorExamples.has(key) && errorExamples.size < 20) {
    errorExamples.set(key, res.text.replace(/\s+/g, ' ').slice(0, 240));
  }
}

// One operation of `kind`; resolves to true when every request of it answered 2xx/3xx.
async function operation(kind) {
  const n = counters[kind]++;
  if (kind === 'track') {
    const res = await send('GET', tracked[n % tracked.length]);
    // The tracking page's body is a citizen's dossier: not printed. A socket error's message is.
    if (!ok(res.status))
      noteError(kind, { ...res, text: res.status === 0 ? res.text : '' }, 'GET tracking');
    return ok(res.status);
  }
  if (kind === 'queue') {
    const [path, headers] = queuePages[n % queuePages.length];
    const res = await send('GET', path, headers);
    if (!ok(res.status)) noteError(kind, res, `GET ${path}`);
    return ok(res.status);
  }
  if (kind === 'search') {
    const res = await send('GET', searches[n % searches.length], clerkHeaders);
    if (!ok(res.status)) noteError(kind, res, 'GET search');
    return ok(res.status);
  }
  const serial = `${runTag}-${n + 1}`;
  const pdf = minimalPdf(
    `Soak ${serial}: cong van de nghi bao cao tinh hinh thuc hien nhiem vu ${randomBytes(6).toString('hex')}`,
  );
  const up = await send(
    'POST',
    `/api/v1/documents/files?fileName=soak-${serial}.pdf`,
    { ...clerkHeaders, 'Content-Type': 'application/pdf' },
    pdf,
    true,
  );
  if (up.status !== 201) {
    noteError(kind, up, 'POST /documents/files');
    return false;
  }
  let fileId;
  try {
    fileId = JSON.parse(up.text).id;
  } catch {
    noteError(kind, up, 'POST /documents/files (body)');
    return false;
  }
  const body = Buffer.from(
    JSON.stringify({
      numberText: `${n + 1}/CV-SOAK${runTag}`,
      issuedDate: '2026-11-20',
      senderName: 'Sở Tài chính tỉnh An Giang',
      subject: `Về việc thử tải kéo dài số ${serial}`,
      channel: 'paper',
      fileIds: [fileId],
    }),
  );
  const reg = await send(
    'POST',
    '/api/v1/documents/incoming',
    { ...clerkHeaders, 'Content-Type': 'application/json' },
    body,
    true,
  );
  if (reg.status !== 201) noteError(kind, reg, 'POST /documents/incoming');
  return reg.status === 201;
}

// --- measurements ---
const quantile = (sorted, q) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
class Bucket {
  constructor() {
    this.lat = [];
    this.errors = 0;
    this.byKind = Object.fromEntries(KINDS.map((k) => [k, { lat: [], errors: 0 }]));
  }
  add(kind, ms, good) {
    this.lat.push(ms);
    this.byKind[kind].lat.push(ms);
    if (!good) {
      this.errors++;
      this.byKind[kind].errors++;
    }
  }
  merge(o) {
    for (const v of o.lat) this.lat.push(v);
    this.errors += o.errors;
    for (const k of KINDS) {
      for (const v of o.byKind[k].lat) this.byKind[k].lat.push(v);
      this.byKind[k].errors += o.byKind[k].errors;
    }
    return this;
  }
  stats(lat = this.lat) {
    const s = Float64Array.from(lat).sort();
    return { n: s.length, p50: quantile(s, 0.5), p99: quantile(s, 0.99), max: s[s.length - 1] };
  }
}

let current = new Bucket();
let outstanding = 0;
let dropped = 0;
function start(kind, t0) {
  if (outstanding >= MAX_OUTSTANDING) {
    dropped++;
    current.add(kind, 0, false);
    noteError(kind, { status: 0, text: `${MAX_OUTSTANDING} operations outstanding` }, 'not sent');
    return Promise.resolve();
  }
  outstanding++;
  return operation(kind).then((good) => {
    outstanding--;
    current.add(kind, performance.now() - t0, good);
  });
}
const nextKind = () => cycle[counters.op++ % cycle.length];

// --- phase 1: closed loop, a short ramp of connection counts ---
async function closedStep(connections, seconds) {
  agent.destroy();
  agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  current = new Bucket();
  const p0 = procSample();
  const c0 = clientCpuS();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) await start(nextKind(), performance.now());
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  const p1 = procSample();
  const s = current.stats();
  return {
    connections,
    seconds: elapsed,
    ops: s.n,
    rate: s.n / elapsed,
    errors: current.errors,
    p50: s.p50,
    p99: s.p99,
    max: s.max,
    cpu: ((p1.cpuS - p0.cpuS) / elapsed) * 100,
    clientCpu: ((clientCpuS() - c0) / elapsed) * 100,
    rssKb: p1.rssKb,
    kinds: Object.fromEntries(
      KINDS.map((k) => [k, current.stats(current.byKind[k].lat)]).map(([k, st]) => [
        k,
        { n: st.n, p50: st.p50, p99: st.p99, errors: current.byKind[k].errors },
      ]),
    ),
  };
}

const load0 = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const idle = procSample();
log(
  `soak-load: phase 1, closed loop at ${opts.ramp.join(', ')} connections, ${opts.stepSeconds} s each`,
);
const ramp = [];
for (const c of opts.ramp) {
  const r = await closedStep(c, opts.stepSeconds);
  ramp.push(r);
  log(
    `  ${c} connections: ${r.rate.toFixed(0)} ops/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ` +
      `errors ${r.errors}, cqdt CPU ${r.cpu.toFixed(0)} %`,
  );
}
const best = ramp.reduce((a, b) => (b.rate > a.rate ? b : a));
const rate = opts.rate > 0 ? opts.rate : Math.max(1, Math.round(best.rate * 0.8));

// --- phase 2: open loop at a fixed rate ---
log(`soak-load: phase 2, ${rate} ops/s for ${opts.seconds} s (sample every ${SAMPLE_MS / 1000} s)`);
agent.destroy();
agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
current = new Bucket();
const samples = [];
{
  const t0 = performance.now();
  const end = t0 + opts.seconds * 1000;
  let issued = 0;
  let lastProc = procSample();
  let lastClient = clientCpuS();
  let lastAt = t0;
  let lastIssued = 0;
  const pending = new Set();
  // backlog: operations scheduled and not answered yet, at the sample's time.
  const takeSample = (now, backlog = outstanding) => {
    const p = procSample();
    const c = clientCpuS();
    const dt = (now - lastAt) / 1000;
    const bucket = current;
    current = new Bucket();
    const s = bucket.stats();
    const sample = {
      t: (now - t0) / 1000,
      seconds: dt,
      scheduled: issued - lastIssued,
      ops: s.n,
      errors: bucket.errors,
      p50: s.p50,
      p99: s.p99,
      max: s.max,
      rssKb: p.rssKb,
      hwmKb: p.hwmKb,
      threads: p.threads,
      fds: p.fds,
      alive: p.alive,
      cpu: ((p.cpuS - lastProc.cpuS) / dt) * 100,
      clientCpu: ((c - lastClient) / dt) * 100,
      backlog,
      bucket,
    };
    samples.push(sample);
    log(
      `  ${fmtTime(sample.t)}  ${sample.ops} ops (${(sample.ops / dt).toFixed(0)}/s)  errors ${sample.errors}` +
        `  p50 ${fmt(s.p50)}  p99 ${fmt(s.p99)} ms  RSS ${(p.rssKb / 1024).toFixed(1)} MB` +
        `  cqdt CPU ${sample.cpu.toFixed(0)} %  backlog ${backlog}`,
    );
    lastProc = p;
    lastClient = c;
    lastAt = now;
    lastIssued = issued;
  };
  let nextSample = t0 + SAMPLE_MS;
  const total = Math.floor(opts.seconds * rate);
  while (issued < total) {
    const now = performance.now();
    const due = now >= end ? total : Math.min(Math.floor(((now - t0) / 1000) * rate), total);
    while (issued < due) {
      // The operation's scheduled time: its latency counts from here.
      const at = t0 + (issued / rate) * 1000;
      issued++;
      const p = start(nextKind(), at);
      pending.add(p);
      p.then(() => pending.delete(p));
    }
    if (now >= nextSample) {
      takeSample(now);
      nextSample += SAMPLE_MS;
    }
    await sleep(5);
  }
  // The operations still in flight finish and count in the last sample; its backlog is the
  // one when the schedule ended.
  const backlog = outstanding;
  await Promise.all(pending);
  if (current.lat.length || samples.length === 0 || samples.at(-1).t < opts.seconds - 0.5) {
    takeSample(performance.now(), backlog);
  }
}
const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
agent.destroy();

// --- report ---
function fmt(v, d = 1) {
  return Number.isFinite(v) ? v.toFixed(d) : '–';
}
function fmtTime(t) {
  const s = Math.round(t);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
const mb = (kb) => (kb / 1024).toFixed(1);

// Minutes: six consecutive 10 s samples each (a sample's time runs a few ms late, so its clock
// time would put a minute's last sample in the next one); the last sample, which waits for the
// operations still in flight, joins the last minute.
const minutes = [];
const perMinute = 60_000 / SAMPLE_MS;
for (const [n, s] of samples.entries()) {
  const i = Math.min(Math.floor(n / perMinute), Math.ceil(opts.seconds / 60) - 1);
  if (!minutes[i]) minutes[i] = { index: i + 1, samples: [], bucket: new Bucket() };
  minutes[i].samples.push(s);
  minutes[i].bucket.merge(s.bucket);
}
const rows = minutes.filter(Boolean).map((m) => {
  const secs = m.samples.reduce((a, s) => a + s.seconds, 0);
  const st = m.bucket.stats();
  const cpuS = m.samples.reduce((a, s) => a + (s.cpu * s.seconds) / 100, 0);
  const clientS = m.samples.reduce((a, s) => a + (s.clientCpu * s.seconds) / 100, 0);
  const scheduled = m.samples.reduce((a, s) => a + s.scheduled, 0);
  return {
    minute: m.index,
    seconds: secs,
    scheduled,
    ops: st.n,
    rate: st.n / secs,
    errors: m.bucket.errors,
    p50: st.p50,
    p99: st.p99,
    max: st.max,
    rssKb: m.samples.at(-1).rssKb,
    rssMeanKb: m.samples.reduce((a, s) => a + s.rssKb, 0) / m.samples.length,
    rssMaxKb: Math.max(...m.samples.map((s) => s.rssKb)),
    backlog: Math.max(...m.samples.map((s) => s.backlog)),
    threads: m.samples.at(-1).threads,
    fds: m.samples.at(-1).fds,
    cpu: (cpuS / secs) * 100,
    clientCpu: (clientS / secs) * 100,
    bucket: m.bucket,
  };
});

const out = [];
const p = (s = '') => out.push(s);
p();
p(
  `Soak: the mix track/queue/search/register = ${opts.mix.join('/')} (operations; register = ` +
    `upload + registration), ${tracked.length} tracked dossiers, ${searches.length} search queries; ` +
    `a Node client on the same machine (${os.cpus().length} cores), loopback.`,
);
p();
p('Phase 1, maximum throughput (closed loop):');
p();
p(
  '| connections | s | operations | ops/s | errors | p50 ms | p99 ms | max ms | cqdt CPU % | client CPU % | RSS MB |',
);
p('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of ramp) {
  p(
    `| ${r.connections}${r === best ? ' (max)' : ''} | ${r.seconds.toFixed(0)} | ${r.ops} | ${r.rate.toFixed(0)} | ` +
      `${r.errors} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.cpu.toFixed(0)} | ${r.clientCpu.toFixed(0)} | ${mb(r.rssKb)} |`,
  );
}
p(
  `At the maximum, per kind (operations, p50 / p99 ms): ` +
    KINDS.map(
      (k) => `${k} ${best.kinds[k].n}, ${fmt(best.kinds[k].p50)} / ${fmt(best.kinds[k].p99)}`,
    ).join('; ') +
    '.',
);
p();
p(
  `Phase 2, the soak: ${rate} ops/s (${opts.rate > 0 ? 'given by --rate' : `80 % of ${best.rate.toFixed(0)}`}) ` +
    `for ${fmtTime(opts.seconds)}, open loop, sampled every ${SAMPLE_MS / 1000} s; per minute:`,
);
p();
p(
  '| minute | s | scheduled | operations | ops/s | backlog (max) | errors | p50 ms | p99 ms | max ms | RSS MB (end) | RSS MB (mean) | RSS MB (max) | threads | fds | cqdt CPU % | client CPU % |',
);
p('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  p(
    `| ${r.minute} | ${r.seconds.toFixed(0)} | ${r.scheduled} | ${r.ops} | ${r.rate.toFixed(0)} | ${r.backlog} | ${r.errors} | ` +
      `${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${mb(r.rssKb)} | ${mb(r.rssMeanKb)} | ${mb(r.rssMaxKb)} | ${r.threads} | ` +
      `${r.fds} | ${r.cpu.toFixed(0)} | ${r.clientCpu.toFixed(0)} |`,
  );
}
const all = rows.reduce((b, r) => b.merge(r.bucket), new Bucket());
const first = rows[0];
const last = rows.at(-1);
p();
p('Per kind, the whole soak (p99 of the first and the last minute beside):');
p();
p(
  '| kind | weight | operations | errors | p50 ms | p99 ms | max ms | p99 first minute | p99 last minute |',
);
p('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
KINDS.forEach((k, i) => {
  const s = all.stats(all.byKind[k].lat);
  const f = first.bucket.stats(first.bucket.byKind[k].lat);
  const l = last.bucket.stats(last.bucket.byKind[k].lat);
  p(
    `| ${k} | ${opts.mix[i]} | ${s.n} | ${all.byKind[k].errors} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.max)} | ` +
      `${fmt(f.p99)} | ${fmt(l.p99)} |`,
  );
});

// --- verdict ---
const totalErrors = ramp.reduce((a, r) => a + r.errors, 0) + all.errors;
const growth = ((last.rssMeanKb - first.rssMeanKb) / first.rssMeanKb) * 100;
const p99Ratio = last.p99 / first.p99;
// A minute holds the rate when it answered >= 95 % of what it scheduled and never had more than
// one second of load waiting (scheduled, not answered) at a sample.
const notHeld = rows.filter((r) => r.ops < 0.95 * r.scheduled || r.backlog > rate);
const alive = samples.at(-1).alive;
const checks = [
  [
    'errors (non-2xx/3xx, socket errors, timeouts; both phases)',
    `${totalErrors} (phase 1: ${totalErrors - all.errors}, soak: ${all.errors}${dropped ? `, ${dropped} not sent` : ''})`,
    '0',
    totalErrors === 0 && alive,
  ],
  [
    'RSS, first minute -> last minute (mean of the 10-s samples)',
    `${mb(first.rssMeanKb)} -> ${mb(last.rssMeanKb)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %; ` +
      `end samples ${mb(first.rssKb)} -> ${mb(last.rssKb)} MB)`,
    '< 10 %',
    growth < 10,
  ],
  [
    'p99, first minute -> last minute',
    `${fmt(first.p99)} -> ${fmt(last.p99)} ms (${fmt(p99Ratio, 2)}x; the worst minute ${fmt(Math.max(...rows.map((r) => r.p99)))} ms)`,
    'last <= 1.5x first',
    p99Ratio <= 1.5,
  ],
  [
    'rate held (each minute answered >= 95 % of what it scheduled, backlog <= 1 s of load)',
    notHeld.length
      ? `not in minute(s) ${notHeld.map((r) => r.minute).join(', ')}`
      : `yes, ${rate} ops/s`,
    'every minute',
    notHeld.length === 0,
  ],
];
if (!alive) checks.push(['cqdt still running at the end', 'no: it exited', 'yes', false]);
p();
p('Verdict:');
p();
p('| target | measured | target value | met |');
p('|---|---|---|---|');
for (const [what, got, target, met] of checks)
  p(`| ${what} | ${got} | ${target} | ${met ? 'yes' : 'NO'} |`);
p();
p(
  `Reference (phase 1, the same mix at its maximum, ${best.connections} connections): ${best.rate.toFixed(0)} ops/s, ` +
    `p50 ${fmt(best.p50)} ms, p99 ${fmt(best.p99)} ms, cqdt CPU ${best.cpu.toFixed(0)} %, client CPU ${best.clientCpu.toFixed(0)} %. ` +
    `cqdt RSS idle before the load ${mb(idle.rssKb)} MB, peak (VmHWM) ${mb(samples.at(-1).hwmKb)} MB. ` +
    `Load average before: ${load0}; after: ${load1}.`,
);
if (errorExamples.size) {
  p();
  p('First errors (kind, request, status: body):');
  for (const [k, v] of errorExamples) p(`  ${k}: ${v}`);
}
console.log(out.join('\n'));

if (opts.json) {
  const strip = ({ bucket, ...rest }) => rest;
  writeFileSync(
    opts.json,
    JSON.stringify(
      {
        mix: opts.mix,
        rate,
        ramp,
        samples: samples.map(strip),
        minutes: rows.map(strip),
        checks: checks.map(([what, got, target, met]) => ({ what, got, target, met })),
        errors: Object.fromEntries(errorExamples),
      },
      null,
      1,
    ),
  );
}
process.exit(checks.every((c) => c[3]) ? 0 : 1);
