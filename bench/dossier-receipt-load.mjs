// A fixed-count load of durable dossier receipts through HTTP (bench/dossier-bench.sh):
//   node bench/dossier-receipt-load.mjs BASE_URL COUNT CONNECTIONS USERNAME PASSWORD BYTES SEED
// logs in as USERNAME (a counter officer of phường Rạch Giá in the demo data), then receives
// COUNT birth registrations over CONNECTIONS keep-alive connections (each one dossier at a
// time): the scan of BYTES (a PNG of fresh content: the blob store keys by content, so no two
// scans may share bytes) uploaded with POST /api/v1/dossiers/files, then the dossier received
// with POST /api/v1/dossiers naming it. Each receipt is acknowledged only once both writes are
// durable (fsynced blob, committed rows). Prints one line:
//   "p50_ms p99_ms max_ms count per_s non_2xx"
// where a sample is one whole receipt (both requests). The client shares the machine.
import crypto from 'node:crypto';
import http from 'node:http';

const [base, countArg, connectionsArg, username, password, bytesArg, seedArg] =
  process.argv.slice(2);
const count = Number(countArg);
const connections = Number(connectionsArg);
const bytes = Number(bytesArg);
if (!base || !(count > 0) || !(connections > 0) || !username || !password || !(bytes > 16)) {
  console.error(
    'usage: node dossier-receipt-load.mjs BASE_URL COUNT CONNECTIONS USERNAME PASSWORD BYTES SEED',
  );
  process.exit(2);
}
const url = new URL(base);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function send(agent, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, agent, headers },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// Log in: the session cookie and the CSRF token the unsafe requests carry.
const login = await send(
  new http.Agent(),
  'POST',
  '/api/v1/auth/login',
  { 'Content-Type': 'application/json' },
  JSON.stringify({ username, password }),
);
if (login.status !== 200) {
  console.error(`login failed: ${login.status} ${login.body}`);
  process.exit(1);
}
const cookie = (login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
const csrf = JSON.parse(login.body).csrfToken;
const headers = { Cookie: cookie, 'X-CSRF-Token': csrf };

// The scans, made before the clock starts.
const seed = Number(seedArg ?? 1);
const scans = [];
for (let i = 0; i < count; i += 1) {
  const body = Buffer.alloc(bytes);
  PNG.copy(body, 0);
  crypto.randomFillSync(body, PNG.length);
  body.writeUInt32BE(seed, 8);
  body.writeUInt32BE(i, 12);
  scans.push(body);
}

const times = [];
let started = 0;
let bad = 0;

async function receipt(agent, i) {
  const t0 = process.hrtime.bigint();
  const up = await send(
    agent,
    'POST',
    `/api/v1/dossiers/files?fileName=to-khai-${seed}-${i}.png`,
    { ...headers, 'Content-Type': 'application/octet-stream' },
    scans[i],
  );
  if (up.status !== 201) {
    bad += 1;
    if (bad <= 3) console.error(`upload: ${up.status} ${up.body}`);
    return;
  }
  const fileId = JSON.parse(up.body).id;
  const res = await send(
    agent,
    'POST',
    '/api/v1/dossiers',
    { ...headers, 'Content-Type': 'application/json' },
    JSON.stringify({
      procedureCode: '1.001193',
      channel: 'direct',
      applicant: { name: `Người nộp ${seed}-${i}`, idNumber: '091234567890' },
      documents: [
        { ordinal: 1, provided: true, fileIds: [fileId] },
        { ordinal: 2, provided: true },
        { ordinal: 5, byData: true },
      ],
      delivery: 'counter',
    }),
  );
  if (res.status !== 201) {
    bad += 1;
    if (bad <= 3) console.error(`receive: ${res.status} ${res.body}`);
    return;
  }
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}

async function worker() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  while (started < count) {
    const n = started;
    started += 1;
    await receipt(agent, n);
  }
  agent.destroy();
}

const t0 = process.hrtime.bigint();
await Promise.all(Array.from({ length: connections }, worker));
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
times.sort((a, b) => a - b);
const at = (q) => (times.length ? times[Math.min(times.length - 1, Math.floor(q * times.length))] : 0);
console.log(
  [at(0.5), at(0.99), times.at(-1) ?? 0].map((v) => v.toFixed(1)).join(' ') +
    ` ${times.length} ${(times.length / seconds).toFixed(1)} ${bad}`,
);
