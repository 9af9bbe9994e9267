// Graceful shutdown: on SIGTERM the listener closes at once, a request whose body is still
// arriving is completed and answered, and the process exits 0.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { freshDepartmentCodes, toCsv } from '../support/api-assert.mjs';
import {
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
  const pending = collectResponse(socket, 20_000);
  socket.write(
    `POST /api/v1/agencies/import HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
      `Content-Type: text/csv\r\nContent-Length: ${body.length}\r\n` +
      `Cookie: ${admin.cookieHeader()}\r\nX-CSRF-Token: ${admin.csrfToken}\r\n\r\n`,
  );
  socket.write(body.subarray(0, half));
  await sleep(200); // the server has read the header and part of the body

  const t0 = Date.now();
  server.proc.kill('SIGTERM');
  await sleep(300);

  // The listener is closed: a new connection is refused.
  await assert.rejects(connect(server.port), (err) => {
    assert.equal(err.code, 'ECONNREFUSED');
    return true;
  });
  assert.equal(server.proc.exitCode, null, 'still running while a request is in flight');

  socket.write(body.subarray(half));
  const res = await pending;
  assert.ok(res && res.complete, `a complete HTTP response arrived: ${JSON.stringify(res)}`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body?.imported, 2);

  const exit = await Promise.race([
    server.exited,
    sleep(15_000).then(() => ({ timeout: true })),
  ]);
  assert.ok(!exit.timeout, 'the server exits within 15 s of SIGTERM');
  assert.equal(exit.signal, null, 'exits by itself, not killed by the signal');
  assert.equal(exit.code, 0, `exit code 0\n${server.logs()}`);
  assert.ok(Date.now() - t0 < 15_000);

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
    const t0 = Date.now();
    const exit = await s.stop('SIGINT');
    assert.equal(exit.code, 0);
    assert.equal(exit.signal, null);
    assert.ok(Date.now() - t0 < 15_000);
  } finally {
    await s.stop();
  }
});
