// Test harness for the real `cqdt` binary: starts a server on a free loopback port with a fresh
// data directory (optionally loaded with the demo data), runs CLI commands, and offers a small
// HTTP client that keeps cookies and the CSRF token. Used by tests/api (node --test) and by the
// browser tests in web/e2e. No npm dependencies: Node 20's fetch, child_process, net only.
//
//   const server = await startServer();            // demo data, web/dist when it exists
//   const admin = new Client(server.baseUrl);
//   await admin.login('admin', DEMO_PASSWORD);
//   const res = await admin.get('/agencies');      // -> /api/v1/agencies
//   await server.stop();                           // SIGTERM, waits, removes the data dir
//
// Environment: CQDT_BIN overrides the binary (default <repo>/build/cqdt).
//
// Waits: every wait here is for a readiness signal (/readyz answering 200, a process exiting, a
// response arriving) and has a ceiling of minutes, not seconds: under ASan, or beside a parallel
// build on two cores, a correct server can be slow, and a test must not fail for it.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_PASSWORD = 'CqdtDemo@2026';
export const PROVINCE_CODE = '000.00.00.H01'; // UBND tỉnh An Giang in the demo data
export const API = '/api/v1';

export function cqdtBin() {
  return process.env.CQDT_BIN || path.join(REPO_ROOT, 'build', 'cqdt');
}

/**
 * True when the binary is the ASan+UBSan build (scripts/test.sh's last step runs the API tests
 * again on build-asan/cqdt): load campaigns skip there, their code paths run under the
 * sanitizers in the other files, and their minutes do not.
 */
export function sanitizedBinary() {
  return path.basename(path.dirname(cqdtBin())) === 'build-asan';
}

export function binaryExists() {
  return existsSync(cqdtBin());
}

// `sqlite:///abs/path/cqdt.db`: "sqlite://" followed by an absolute path.
export function sqliteUrl(dbPath) {
  return `sqlite://${path.resolve(dbPath)}`;
}

// The environment for child processes: ours without any CQDT_* setting (a developer's CQDT_DB
// must not leak into a test), plus quiet logging, plus `extra`.
function childEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('CQDT_') || k === 'CQDT_BIN') env[k] = v;
  }
  return { ...env, CQDT_LOG_LEVEL: 'warn', ...extra };
}

// Runs `cqdt <args>` synchronously. Returns {code, signal, stdout, stderr}.
export const CEILING_MS = 180_000;

export function runCli(args, { env = {}, input, timeout = CEILING_MS, cwd } = {}) {
  const r = spawnSync(cqdtBin(), args, {
    env: childEnv(env),
    input,
    timeout,
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error && r.error.code !== 'ETIMEDOUT') throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

// A fresh temporary data directory with an SQLite URL inside; `demo` runs `cqdt demo` on it
// (which must exit 0), with `--no-pki` unless `pki` is true (the demo PKI's keys take a while
// to generate) and `--no-documents` unless `documents` is true (the demo month of documents: tests
// that count documents or numbers start from empty registers). Returns {dataDir, dbPath, dbUrl,
// demoOutput, cleanup()}.
export function prepareDataDir({ demo = true, pki = false, documents = false, db } = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-test-'));
  const dbPath = path.join(dataDir, 'cqdt.db');
  const dbUrl = db ?? sqliteUrl(dbPath);
  let demoOutput = '';
  if (demo) {
    let r;
    try {
      r = runCli([
        'demo',
        '--db',
        dbUrl,
        '--data-dir',
        dataDir,
        ...(pki ? [] : ['--no-pki']),
        ...(documents ? [] : ['--no-documents']),
      ]);
    } catch (err) {
      rmSync(dataDir, { recursive: true, force: true });
      throw err;
    }
    demoOutput = r.stdout + r.stderr;
    if (r.code !== 0) {
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(
        `cqdt demo exited with ${r.code ?? r.signal}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
      );
    }
  }
  return {
    dataDir,
    dbPath,
    dbUrl,
    demoOutput,
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

// A port that was free a moment ago on 127.0.0.1.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Servers still running when the test process exits are killed, their temp dirs removed.
const live = new Set();
process.on('exit', () => {
  for (const s of live) {
    try {
      s.proc.kill('SIGKILL');
    } catch {}
    if (s.ownDir) rmSync(s.dataDir, { recursive: true, force: true });
  }
});

// Starts `cqdt serve`. Options:
//   demo     load the demo data first (default true; ignored when dataDir is given)
//   pki      with the demo data, create the demo PKI too (default false: `cqdt demo --no-pki`)
//   documents  with the demo data, load the demo month of documents too (default false)
//   env      extra environment variables for the server
//   webRoot  directory of the built web app (default <repo>/web/dist, passed when it exists)
//   dataDir  reuse an existing data directory (its cqdt.db); it is not removed on stop()
//   ownDataDir  with dataDir: the directory is the server's (a prepareDataDir() made for it),
//            removed on stop() like its own
//   host     the address to listen on (default 127.0.0.1)
//   readyTimeoutMs  the ceiling of the wait for /readyz (default CEILING_MS, 3 minutes)
//   db       a database URL to use instead of <dataDir>/cqdt.db (an empty PostgreSQL database;
//            with dataDir, the database that goes with it)
// Returns {baseUrl, port, dataDir, dbPath, dbUrl, bin, proc, exited, stop(signal), logs()}.
// `exited` resolves to {code, signal} when the process ends. stop(signal = 'SIGTERM',
// {keepData}) sends the signal, waits (SIGKILL after CEILING_MS), removes the temp dir unless
// keepData, and resolves to {code, signal}.
export async function startServer({
  demo = true,
  pki = false,
  documents = false,
  env = {},
  webRoot,
  dataDir: givenDataDir,
  ownDataDir = false,
  host = '127.0.0.1',
  readyTimeoutMs = CEILING_MS,
  db,
} = {}) {
  const bin = cqdtBin();
  if (!existsSync(bin))
    throw new Error(`cqdt binary not found at ${bin} (set CQDT_BIN or build it)`);

  let prepared;
  if (givenDataDir) {
    prepared = {
      dataDir: givenDataDir,
      dbPath: path.join(givenDataDir, 'cqdt.db'),
      dbUrl: db ?? sqliteUrl(path.join(givenDataDir, 'cqdt.db')),
      demoOutput: '',
      cleanup: ownDataDir ? () => rmSync(givenDataDir, { recursive: true, force: true }) : () => {},
    };
  } else {
    prepared = prepareDataDir({ demo, pki, documents, db });
  }
  const { dataDir, dbPath, dbUrl } = prepared;
  const ownDir = !givenDataDir || ownDataDir;

  const root = webRoot ?? path.join(REPO_ROOT, 'web', 'dist');
  const useWebRoot = webRoot !== undefined || existsSync(root);

  let lastError;
  // The free-port probe races with other test files; retry a couple of times on early exit.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = ['serve', '--db', dbUrl, '--data-dir', dataDir, '--listen', `${host}:${port}`];
    if (useWebRoot) args.push('--web-root', root);
    const proc = spawn(bin, args, { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const cap = (s, chunk) => (s.length > 4_000_000 ? s : s + chunk.toString('utf8'));
    proc.stdout.on('data', (c) => (stdout = cap(stdout, c)));
    proc.stderr.on('data', (c) => (stderr = cap(stderr, c)));
    let exitInfo = null;
    const exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        exitInfo = { code, signal };
        resolve(exitInfo);
      });
      proc.on('error', (err) => {
        exitInfo = { code: null, signal: null, error: err };
        resolve(exitInfo);
      });
    });

    const baseUrl = `http://${host}:${port}`;
    const server = {
      baseUrl,
      port,
      dataDir,
      dbPath,
      dbUrl,
      bin,
      proc,
      exited,
      ownDir,
      logs: () => `${prepared.demoOutput}${stdout}${stderr}`,
      stdout: () => stdout,
      stderr: () => stderr,
    };
    let stopping = null;
    server.stop = (signal = 'SIGTERM', { keepData = false } = {}) => {
      if (!stopping) {
        stopping = (async () => {
          if (!exitInfo) {
            proc.kill(signal);
            const t = setTimeout(() => proc.kill('SIGKILL'), CEILING_MS);
            await exited;
            clearTimeout(t);
          }
          live.delete(server);
          if (ownDir && !keepData) prepared.cleanup();
          return { code: exitInfo.code, signal: exitInfo.signal };
        })();
      }
      return stopping;
    };
    server.cleanup = () => prepared.cleanup();
    live.add(server);

    const deadline = Date.now() + readyTimeoutMs;
    let ready = false;
    while (Date.now() < deadline && !exitInfo) {
      try {
        const r = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(CEILING_MS) });
        await r.arrayBuffer();
        if (r.status === 200) {
          ready = true;
          break;
        }
      } catch {}
      await sleep(50);
    }
    if (ready) return server;

    if (exitInfo) {
      lastError = new Error(
        `cqdt serve exited before it was ready (${exitInfo.error ?? exitInfo.code ?? exitInfo.signal})` +
          `\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
      );
      live.delete(server);
      continue; // maybe the port was taken meanwhile
    }
    await server.stop('SIGKILL', { keepData: true });
    if (ownDir) prepared.cleanup();
    throw new Error(
      `cqdt serve was not ready within ${readyTimeoutMs} ms at ${baseUrl}/readyz` +
        `\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
    );
  }
  if (ownDir) prepared.cleanup();
  throw lastError;
}

// ---------------------------------------------------------------------------------------------
// HTTP client with a cookie jar and the CSRF token.

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Absolute URLs and paths starting with /api/, /healthz, /readyz, /metrics are used as they are;
// any other path is relative to /api/v1 (client.get('/agencies') -> /api/v1/agencies).
export function apiPath(p) {
  if (/^https?:\/\//.test(p)) return p;
  if (/^\/(api\/|healthz|readyz|metrics)/.test(p)) return p;
  return API + p;
}

export class Client {
  constructor(baseUrl, { cookies, csrfToken, bearer } = {}) {
    this.baseUrl = baseUrl;
    this.cookies = new Map(Object.entries(cookies ?? {}));
    this.csrfToken = csrfToken ?? null;
    this.bearer = bearer ?? null;
    this.user = null;
  }

  // A new client with a copy of this one's cookies and token.
  clone() {
    const c = new Client(this.baseUrl, {
      cookies: Object.fromEntries(this.cookies),
      csrfToken: this.csrfToken,
      bearer: this.bearer,
    });
    c.user = this.user;
    return c;
  }

  get sessionCookie() {
    return this.cookies.get('cqdt_session') ?? null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  storeCookies(setCookies) {
    for (const sc of setCookies) {
      const [pair, ...attrs] = sc.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let expired = value === '';
      for (const a of attrs) {
        const [k, v = ''] = a.split('=');
        const key = k.trim().toLowerCase();
        if (key === 'max-age' && Number(v) <= 0) expired = true;
        if (key === 'expires' && Date.parse(v.trim()) < Date.now()) expired = true;
      }
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  // Low level. opts: headers (a null value removes a default header), raw (send `body` as it
  // is: string/Buffer, set Content-Type yourself), csrf (false: do not send the token), signal.
  async request(method, p, body, opts = {}) {
    method = method.toUpperCase();
    const url = /^https?:\/\//.test(p) ? p : this.baseUrl + apiPath(p);
    const headers = {};
    if (this.cookies.size) headers['Cookie'] = this.cookieHeader();
    if (this.bearer) headers['Authorization'] = `Bearer ${this.bearer}`;
    if (UNSAFE.has(method) && this.csrfToken && opts.csrf !== false) {
      headers['X-CSRF-Token'] = this.csrfToken;
    }
    let payload;
    if (body !== undefined) {
      if (opts.raw) {
        payload = body;
      } else {
        payload = JSON.stringify(body);
        headers['Content-Type'] = 'application/json';
      }
    }
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      for (const existing of Object.keys(headers)) {
        if (existing.toLowerCase() === k.toLowerCase()) delete headers[existing];
      }
      if (v !== null && v !== undefined) headers[k] = v;
    }
    const res = await fetch(url, {
      method,
      headers,
      body: payload,
      redirect: 'manual',
      signal: opts.signal ?? AbortSignal.timeout(CEILING_MS),
    });
    const setCookies = res.headers.getSetCookie();
    this.storeCookies(setCookies);
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    let parsed;
    if (/json/i.test(contentType) && text.length) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    return {
      status: res.status,
      headers: res.headers,
      setCookies,
      contentType,
      body: parsed,
      text,
      method,
      path: new URL(url).pathname,
      requestId: res.headers.get('x-request-id'),
    };
  }

  get(p, opts) {
    return this.request('GET', p, undefined, opts);
  }
  post(p, body, opts) {
    return this.request('POST', p, body, opts);
  }
  put(p, body, opts) {
    return this.request('PUT', p, body, opts);
  }
  patch(p, body, opts) {
    return this.request('PATCH', p, body, opts);
  }
  delete(p, opts) {
    return this.request('DELETE', p, undefined, opts);
  }

  // POST /auth/login; on 200 keeps csrfToken and user. Returns the response.
  async login(username, password = DEMO_PASSWORD, realm, opts) {
    const body = { username, password };
    if (realm) body.realm = realm;
    const res = await this.post('/auth/login', body, { ...opts, csrf: false });
    if (res.status === 200 && res.body) {
      this.csrfToken = res.body.csrfToken ?? null;
      this.user = res.body.user ?? null;
    }
    return res;
  }
}

// Logs in and fails loudly when that does not work.
export async function loggedIn(baseUrl, username, password = DEMO_PASSWORD, realm) {
  const c = new Client(baseUrl);
  const res = await c.login(username, password, realm);
  if (res.status !== 200) {
    throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP over a TCP socket, for what fetch cannot do (half-sent bodies, oversized uploads).

// Opens a socket; resolves when connected. Rejects on connect error.
export function connect(port, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host });
    s.once('connect', () => {
      s.off('error', reject);
      resolve(s);
    });
    s.once('error', reject);
  });
}

// Collects everything the peer sends until it closes (or `timeoutMs`, a ceiling); write errors after the
// peer answered (EPIPE, ECONNRESET) are ignored. Resolves to the parsed response or null.
export function collectResponse(socket, timeoutMs = CEILING_MS) {
  return new Promise((resolve) => {
    const chunks = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(t);
      resolve(parseHttpResponse(Buffer.concat(chunks)));
    };
    const t = setTimeout(() => {
      socket.destroy();
      finish();
    }, timeoutMs);
    socket.on('data', (c) => {
      chunks.push(c);
      const parsed = parseHttpResponse(Buffer.concat(chunks));
      if (parsed && parsed.complete) {
        socket.destroy();
        finish();
      }
    });
    socket.on('error', () => finish());
    socket.on('close', finish);
    socket.on('end', finish);
  });
}

// Parses one HTTP/1.1 response (Content-Length or chunked). Returns null when no status line yet.
export function parseHttpResponse(buf) {
  const sep = buf.indexOf('\r\n\r\n');
  if (sep < 0) return null;
  const head = buf.subarray(0, sep).toString('latin1');
  const [statusLine, ...lines] = head.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!m) return null;
  const headers = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  let rest = buf.subarray(sep + 4);
  let body = rest;
  let complete = false;
  if (headers['content-length'] !== undefined) {
    const n = Number(headers['content-length']);
    complete = rest.length >= n;
    body = rest.subarray(0, n);
  } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const parts = [];
    let off = 0;
    for (;;) {
      const le = rest.indexOf('\r\n', off);
      if (le < 0) break;
      const size = parseInt(rest.subarray(off, le).toString('latin1'), 16);
      if (Number.isNaN(size)) break;
      if (size === 0) {
        complete = true;
        break;
      }
      if (rest.length < le + 2 + size) break;
      parts.push(rest.subarray(le + 2, le + 2 + size));
      off = le + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  const text = body.toString('utf8');
  let json;
  if (/json/i.test(headers['content-type'] ?? '')) {
    try {
      json = JSON.parse(text);
    } catch {}
  }
  return { status: Number(m[1]), headers, text, body: json, complete };
}

// Sends `head` (request line + headers + blank line) and then `body` in chunks on a new
// connection, stopping early once the server has started to answer (a server may reject an
// oversized body from its Content-Length before reading it). Resolves to the parsed response
// (see parseHttpResponse) or null.
export async function rawExchange(
  port,
  head,
  body = Buffer.alloc(0),
  { chunkSize = 16 * 1024, timeoutMs = CEILING_MS } = {},
) {
  const socket = await connect(port);
  let answered = false;
  let failed = false;
  socket.on('data', () => (answered = true));
  socket.on('error', () => (failed = true));
  const pending = collectResponse(socket, timeoutMs);
  const write = (buf) =>
    new Promise((resolve) => {
      if (failed || socket.destroyed) return resolve(false);
      socket.write(buf, (err) => resolve(!err));
    });
  if (await write(Buffer.from(head, 'latin1'))) {
    for (let off = 0; off < body.length && !answered; off += chunkSize) {
      await new Promise((r) => setImmediate(r)); // let an early answer be read first
      if (answered || !(await write(body.subarray(off, off + chunkSize)))) break;
    }
  }
  return pending;
}

// Runs `probe` until it returns without throwing, every `intervalMs`, for at most `timeoutMs`
// (a generous ceiling: background work on a busy machine); then throws its last error.
export async function eventually(probe, { timeoutMs = CEILING_MS, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
