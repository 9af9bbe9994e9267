// A fixed-count HTTP load: `node bench/http-count-load.mjs URL REQUESTS CONNECTIONS [COOKIE]`
// sends exactly REQUESTS GET requests over CONNECTIONS keep-alive connections (each connection
// one request at a time) and prints one line: "p50_ms p99_ms max_ms count req_per_s non_2xx".
// wrk runs for a duration, not a count, hence this (bench/queue-bench.sh). Latency is measured
// from the request's write to the response's end, in the client; the client shares the machine.
import http from 'node:http';

const [url, requestsArg, connectionsArg, cookie] = process.argv.slice(2);
const requests = Number(requestsArg);
const connections = Number(connectionsArg);
if (!url || !(requests > 0) || !(connections > 0)) {
  console.error('usage: node http-count-load.mjs URL REQUESTS CONNECTIONS [COOKIE]');
  process.exit(2);
}
const headers = cookie ? { Cookie: cookie } : {};
const times = [];
let started = 0;
let bad = 0;

function one(agent) {
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
    started += 1;
    await one(agent);
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
