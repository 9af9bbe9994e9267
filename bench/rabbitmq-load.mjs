// The load client of bench/rabbitmq-reference.sh (issue 14's reference for the exchange
// benchmark): publishes --count persistent messages of --size bytes to a durable queue through a
// confirm channel, with at most --in-flight unconfirmed, while a consumer on another connection
// takes them with manual acks (prefetch --prefetch). The clock runs from the first publish to the
// moment every message is both confirmed to the publisher and acked by the consumer. Each message
// carries its sequence number in its first 4 bytes, and the consumer checks that every one arrives
// whole, once.
//
//   CQDT_AMQPLIB_DIR=<npm prefix holding amqplib 0.10> node bench/rabbitmq-load.mjs \
//     --url amqp://guest:guest@127.0.0.1:5672 [--count 5000] [--size 102400] [--rounds 3]
//     [--warmup 200] [--in-flight 256] [--prefetch 256] [--queue-types "classic quorum"]
//     [--broker-pid PID] [--clk-tck 100]
//
// Prints one line per measured round, for the bench script to read:
//   result <queue type> <round> <messages> <bytes per message> <seconds> <broker CPU seconds>
//          <bytes the broker wrote to disk>
// (the last two are "-" without --broker-pid). amqplib is not a dependency of the repository: the
// bench script installs it into a cache directory outside the checkout and passes that here.

import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const URL = opt('url', 'amqp://guest:guest@127.0.0.1:5672');
const COUNT = Number(opt('count', 5000));
const SIZE = Number(opt('size', 100 * 1024));
const ROUNDS = Number(opt('rounds', 3));
const WARMUP = Number(opt('warmup', 200));
const IN_FLIGHT = Number(opt('in-flight', 256));
const PREFETCH = Number(opt('prefetch', 256));
const QUEUE_TYPES = opt('queue-types', 'classic quorum').split(/\s+/).filter(Boolean);
const BROKER_PID = opt('broker-pid', '');

for (const [name, value] of Object.entries({ COUNT, SIZE, ROUNDS, IN_FLIGHT, PREFETCH })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
}
if (!Number.isInteger(WARMUP) || WARMUP < 0) throw new Error('WARMUP must be an integer >= 0');
if (SIZE < 4) throw new Error('--size must be at least 4 bytes (the sequence number)');
for (const t of QUEUE_TYPES) {
  if (t !== 'classic' && t !== 'quorum') throw new Error(`unknown queue type ${t}`);
}

const amqplibDir = process.env.CQDT_AMQPLIB_DIR;
if (!amqplibDir) throw new Error('CQDT_AMQPLIB_DIR must name the npm prefix that holds amqplib');
const require = createRequire(path.join(path.resolve(amqplibDir), 'package.json'));
const amqp = require('amqplib');

// User + system CPU time of a process, in seconds (fields 14 and 15 of /proc/PID/stat).
const CLK_TCK = Number(opt('clk-tck', 100)); // `getconf CLK_TCK`: 100 on every Linux port
function cpuSeconds(pid) {
  if (!pid) return NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

// Bytes a process caused to be written to the block layer (write_bytes of /proc/PID/io).
function writtenBytes(pid) {
  if (!pid) return NaN;
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  return Number(/^write_bytes: (\d+)$/m.exec(io)[1]);
}

// Incompressible content; each message is a fresh copy with its sequence number in front, since
// amqplib may still hold a published buffer when the next one is made.
const template = randomBytes(SIZE);

// One round of `count` messages through `queue`; resolves to the seconds it took.
async function round(pubConn, conConn, queue, count) {
  const consumer = await conConn.createChannel();
  await consumer.prefetch(PREFETCH);
  const seen = new Uint8Array(count);
  let received = 0;
  let consumerTag;
  let lastAck = 0;
  const consumed = new Promise((resolve, reject) => {
    consumer.on('error', reject);
    consumer
      .consume(
        queue,
        (msg) => {
          if (msg === null) return reject(new Error('the consumer was cancelled by the broker'));
          const seq = msg.content.length === SIZE ? msg.content.readUInt32BE(0) : -1;
          if (seq < 0 || seq >= count) {
            return reject(new Error(`bad message: ${msg.content.length} bytes, seq ${seq}`));
          }
          consumer.ack(msg);
          if (seen[seq] === 0) {
            seen[seq] = 1;
            received += 1;
          }
          if (received === count) {
            lastAck = performance.now();
            resolve();
          }
        },
        { noAck: false },
      )
      .then((ok) => {
        consumerTag = ok.consumerTag;
      }, reject);
  });

  const publisher = await pubConn.createConfirmChannel();
  let inFlight = 0;
  let lastConfirm = 0;
  let failure = null;
  let wake = null;
  const settled = () => {
    inFlight -= 1;
    if (wake) {
      const w = wake;
      wake = null;
      w();
    }
  };
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    while (inFlight >= IN_FLIGHT) await new Promise((resolve) => (wake = resolve));
    if (failure) throw failure;
    const body = Buffer.from(template);
    body.writeUInt32BE(i, 0);
    inFlight += 1;
    const ok = publisher.sendToQueue(queue, body, { persistent: true }, (err) => {
      if (err) failure ??= new Error(`message ${i} was refused (nack) by the broker`);
      lastConfirm = performance.now();
      settled();
    });
    if (!ok) await once(publisher, 'drain');
  }
  await publisher.waitForConfirms();
  if (failure) throw failure;
  await consumed;
  const seconds = (Math.max(lastAck, lastConfirm) - t0) / 1000;
  if (consumerTag) await consumer.cancel(consumerTag);
  await consumer.close(); // sends any ack still buffered before the next round counts
  await publisher.close();
  return seconds;
}

async function main() {
  const pubConn = await amqp.connect(URL);
  const conConn = await amqp.connect(URL);
  try {
    const setup = await pubConn.createChannel();
    for (const type of QUEUE_TYPES) {
      const queue = `cqdt-bench-${type}-${process.pid}`;
      await setup.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': type } });
      if (WARMUP > 0) await round(pubConn, conConn, queue, WARMUP);
      for (let r = 1; r <= ROUNDS; r++) {
        const cpu0 = cpuSeconds(BROKER_PID);
        const written0 = writtenBytes(BROKER_PID);
        const seconds = await round(pubConn, conConn, queue, COUNT);
        const cpu = cpuSeconds(BROKER_PID) - cpu0;
        const written = writtenBytes(BROKER_PID) - written0;
        const left = (await setup.checkQueue(queue)).messageCount;
        if (left !== 0) throw new Error(`${left} messages left in ${queue} after round ${r}`);
        const cpuText = Number.isNaN(cpu) ? '-' : cpu.toFixed(2);
        const writtenText = Number.isNaN(written) ? '-' : String(written);
        console.log(
          `result ${type} ${r} ${COUNT} ${SIZE} ${seconds.toFixed(3)} ${cpuText} ${writtenText}`,
        );
      }
      await setup.deleteQueue(queue);
    }
    await setup.close();
  } finally {
    await pubConn.close();
    await conConn.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
