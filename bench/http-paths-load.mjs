// A fixed-count HTTP load over a list of requests: `node bench/http-paths-load.mjs BASE_URL
// FILE REQUESTS CONNECTIONS [COOKIE]` sends REQUESTS GET requests, the Nth to BASE_URL + the Nth
// line of FILE (cycling), over CONNECTIONS keep-alive connections (each one request at a time),
// and prints one line: "p50_ms p99_ms max_ms count req_per_s non_2xx" (bench/search-bench.sh).
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [base, file, requestsArg, connectionsArg, cookie] = process.argv.slice(2);
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const requests = Number(requestsArg);
const connections = Number(connectionsArg);
if (!base || !lines.length || !(requests > 0) || !(connections > 0)) {
  console.error('usage: node http-paths-load.mjs BASE_URL FILE REQUESTS CONNECTIONS [COOKIE]');
  process.exit(2);
}
const headers = cookie ? { Cookie: cookie } : {};
const times = [];
let started = 0;
let bad = 0;

function one(agent, url) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.get(url, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (res.statusCode < 200 || res.statusCode > 299) bad += 1;
        resolve();
      });
    });
    req.on('error', reject);
  });
}

async function worker() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  while (started < requests) {
    const n = started;
    started += 1;
    await one(agent, base + lines[n % lines.length]);
  }
  agent.destroy();
}

const t0 = process.hrtime.bigint();
await Promise.all(Array.from({ length: connections }, worker));
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
console.log(
  [at(0.5), at(0.99), times[times.length - 1]].map((v) => v.toFixed(2)).join(' '),
  times.length,
  (times.length / seconds).toFixed(0),
  bad,
);
