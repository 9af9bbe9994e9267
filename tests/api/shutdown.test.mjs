// Graceful shutdown: on SIGTERM the listener closes at once, a request whose body is still
// arriving is completed and answered, and the process exits 0.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { freshDepartmentCodes, toCsv } from '../support/api-assert.mjs';
import {
  CEILING_MS,
  PROVINCE_CODE,
  collectResponse,
  connect,
  loggedIn,
  runCli,
  startServer,
} from '../support/cqdt-server.mjs';

let server;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('SIGTERM with a request in flight: it completes, new connections are refused, exit 0', async () => {
  const admin = await loggedIn(server.baseUrl, 'admin');
  const codes = await freshDepartmentCodes(admin, 2);
  const body = Buffer.from(
    toCsv(
      codes.map((code, i) => ({
        code,
        name: `Sở Tắt Máy An Toàn ${i + 1}`,
        shortName: `STMAT${i + 1}`,
        kind: 'department',
        parentCode: PROVINCE_CODE,
      })),
    ),
  );
  const half = Math.floor(body.length / 2);

  const socket = await connect(server.port);
  // Expect: 100-continue makes the server say when it has read the header and waits for the
  // body: a readiness signal instead of a guess at how long that takes on a busy machine.
  const continued = new Promise((resolve) => {
    let seen = '';
    const onData = (chunk) => {
      seen += chunk.toString('latin1');
      if (seen.includes('\r\n\r\n')) {
        socket.off('data', onData);
        resolve(seen);
      }
    };
    socket.on('data', onData);
  });
  socket.write(
    `POST /api/v1/agencies/import HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
      `Content-Type: text/csv\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n` +
      `Cookie: ${admin.cookieHeader()}\r\nX-CSRF-Token: ${admin.csrfToken}\r\n\r\n`,
  );
  assert.match(await continued, /^HTTP\/1\.1 100 Continue\r\n/, 'the header was read');
  const pending = collectResponse(socket); // the final answer, after the interim 100
  socket.write(body.subarray(0, half));

  server.proc.kill('SIGTERM');

  // The listener closes: wait for a new connection to be refused (a signal, with a ceiling).
  // A probe the kernel accepted into the backlog just before the listener closed is reset
  // (ECONNRESET) rather than refused: that is the closing itself, so probe again.
  const deadline = Date.now() + CEILING_MS;
  let refused = null;
  while (!refused && Date.now() < deadline) {
    try {
      const probe = await connect(server.port);
      probe.destroy();
      await sleep(20);
    } catch (err) {
      if (err.code === 'ECONNRESET') await sleep(20);
      else refused = err;
    }
  }
  assert.equal(refused?.code, 'ECONNREFUSED', 'new connections are refused once SIGTERM arrived');
  assert.equal(server.proc.exitCode, null, 'still running while a request is in flight');

  socket.write(body.subarray(half));
  const res = await pending;
  assert.ok(res && res.complete, `a complete HTTP response arrived: ${JSON.stringify(res)}`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body?.imported, 2);

  // Exits by itself once the request is answered (the harness would SIGKILL after CEILING_MS).
  const exit = await server.exited;
  assert.equal(exit.signal, null, 'exits by itself, not killed by the signal');
  assert.equal(exit.code, 0, `exit code 0\n${server.logs()}`);

  // The import was committed.
  const list = runCli(['agency', 'list', '--db', server.dbUrl, '--data-dir', server.dataDir]);
  assert.equal(list.code, 0, list.stderr);
  for (const code of codes) assert.ok(list.stdout.includes(code), `${code} in cqdt agency list`);
});

test('SIGINT also shuts down cleanly (exit 0)', async () => {
  const s = await startServer();
  try {
    const r = await fetch(`${s.baseUrl}/healthz`);
    assert.equal(r.status, 200);
    await r.arrayBuffer();
    const exit = await s.stop('SIGINT');
    assert.equal(exit.code, 0);
    assert.equal(exit.signal, null);
  } finally {
    await s.stop();
  }
});
