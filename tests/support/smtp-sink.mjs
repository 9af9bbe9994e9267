// A real SMTP server on loopback that keeps what it receives, for the tests of official e-mail
// (issue 15): npm `smtp-server` (the server), `mailparser` (each message parsed: headers, text,
// html, attachments) and `mailauth` (each message's DKIM signatures verified, an implementation
// independent of cqdt's), all resolved from web/node_modules (devDependencies of the web app).
// DNS is a stub: the DKIM keys (and any other TXT record, e.g. SPF) are the ones the test
// publishes; nothing is ever asked of a real resolver.
//
//   const sink = await startSmtpSink({ auth: { user: 'cqdt', pass: 's3cret' } });
//   sink.url            // smtp://127.0.0.1:<port> (smtps:// with tls: 'implicit')
//   sink.caPath         // the CA of the server certificate: curl --cacert, or cqdt's trust file
//   sink.publishDkimKey('s1', 'angiang.gov.vn', 'v=DKIM1; k=rsa; p=MIIB...');
//   ... cqdt (or curl) sends ...
//   const [m] = await sink.waitFor(1);   // resolves as soon as one message is in
//   m.envelope          // { mailFrom: 'noreply@angiang.gov.vn', rcptTo: ['an@example.vn'] }
//   m.raw               // Buffer, the message as received (dot-unstuffed)
//   m.parsed            // mailparser's simpleParser result: subject, from, headers (Map), text,
//                       // html, attachments [{ filename, contentType, content: Buffer }]
//   m.dkim              // { result, signingDomain, selector, comment, results: mailauth's rows }
//                       // result: 'pass' | 'fail' | 'neutral' (comment 'body hash did not
//                       // verify', or 'no key' published) | 'policy' | 'temperror' | 'permerror'
//                       // | 'none' (unsigned)
//   m.spf, m.authenticationResults   // SPF result ('none' unless a record is published) and
//                       // the Authentication-Results header mailauth wrote
//   m.user, m.secure, m.tls, m.helo  // AUTH user (or null), TLS used, its version, EHLO name
//   sink.clear(); await sink.close();
//
// Options of startSmtpSink({...}), all optional:
//   port          0 (default): a free port, chosen at the first start and kept by stop()/start()
//   tls           'starttls' (default: STARTTLS offered), 'implicit' (TLS from the first byte,
//                 smtps://) or 'none' (no STARTTLS)
//   requireTls    with 'starttls': MAIL FROM before STARTTLS is answered 530 (default false)
//   auth          { user, pass }: AUTH PLAIN and LOGIN, required before MAIL FROM (530 without,
//                 535 for other credentials); offered only after STARTTLS unless tls is 'none'
//                 or allowInsecureAuth. Default null: no AUTH, anyone may send.
//   analyse       false: keep the envelope and raw bytes only (no parsing, no DKIM), for a
//                 benchmark. Default true: a message is parsed and verified BEFORE the 250 reply,
//                 so that what a client has sent successfully is already complete in `messages`.
//   size          the SIZE limit in bytes (552 above it); default none
//   hostname      the name in the greeting and in Authentication-Results (sink.cqdt.test)
//
// Misbehaviour, to test a client's retries and failure handling (a fault is used up when it
// fires; `times` makes it fire that many times, Infinity for ever):
//   sink.failNext({ at: 'rcpt', code: 451 })    // the next message: every RCPT TO answered 451
//   sink.failNext({ at: 'data', code: 554 })    // the next message: refused at the end of DATA
//   sink.failNext({ at: 'mail', code: 421 })    // the next message: MAIL FROM answered 421
//   sink.failNext({ at: 'connect', code: 421 }) // the next connection: a 421 greeting, closed
//   sink.failNext({ at: 'data', drop: true, afterBytes: 65536 })
//       // the next message: the connection is destroyed (no reply, no QUIT) once at least
//       // afterBytes bytes of it have arrived; with a short message that is after all of it
//   sink.failRecipient('x@example.vn', { at: 'rcpt', code: 550, times: Infinity })
//       // that recipient refused at RCPT TO (the others of the message accepted)
//   sink.failRecipient('x@example.vn', { at: 'data', code: 452 })   // or drop: true
//       // a message with that (accepted) recipient refused at the end of DATA
//   sink.clearFaults()
//   await sink.stop(); ...; await sink.start()  // down (connection refused), then back on the
//                                               // same port; messages and faults are kept
// `sink.messages` holds the accepted messages in arrival order; `sink.rejected` what was refused
// or dropped: [{ at, code, message, envelope, dropped }], AUTH failures included (at: 'auth').
// sink.host, sink.port, sink.running; sink.publishTxt(name, value) and sink.unpublish(name) for
// other records of the stub DNS; sink.errors: connection errors the server saw (resets, TLS).
//
// Helpers for DKIM on the sending side (the test's own signing, or cqdt's key):
//   const key = generateDkimKey();             // { privateKey: PEM, txt: 'v=DKIM1; k=rsa; p=...' }
//   const signed = await dkimSign(raw, { domain, selector, privateKey: key.privateKey });

import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT } from './cqdt-server.mjs';
import { createLoopbackCert } from './loopback-tls.mjs';

const webRequire = createRequire(path.join(REPO_ROOT, 'web', 'package.json'));
const PACKAGES = ['smtp-server', 'mailparser', 'mailauth'];
const WAIT_CEILING_MS = 60_000;
const START_CEILING_MS = 60_000;

// Why the sink cannot run here (null when it can): the packages come with `npm ci` in web/.
export function missingSmtpSink() {
  const missing = PACKAGES.filter((name) => {
    try {
      webRequire.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
  return missing.length
    ? `npm ${missing.join(', ')} missing from web/node_modules: run \`npm ci\` in web/`
    : null;
}

let libs;
function load() {
  libs ??= {
    SMTPServer: webRequire('smtp-server').SMTPServer,
    simpleParser: webRequire('mailparser').simpleParser,
    authenticate: webRequire('mailauth').authenticate,
    dkimSign: webRequire('mailauth').dkimSign,
  };
  return libs;
}

// An RSA-2048 DKIM key: the private key (PKCS#8 PEM) and the TXT record that publishes it.
export function generateDkimKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
    txt: dkimTxtRecord(publicKey.export({ type: 'spki', format: 'der' })),
  };
}

// 'v=DKIM1; k=rsa; p=<base64 SubjectPublicKeyInfo>' for a DER public key (RFC 6376, 3.6.1).
export function dkimTxtRecord(spkiDer) {
  return `v=DKIM1; k=rsa; p=${Buffer.from(spkiDer).toString('base64')}`;
}

// The message with a DKIM-Signature header prepended (mailauth's signer, rsa-sha256,
// relaxed/relaxed unless told otherwise).
export async function dkimSign(
  raw,
  { domain, selector, privateKey, canonicalization = 'relaxed/relaxed' },
) {
  const { dkimSign: sign } = load();
  const out = await sign(Buffer.from(raw), {
    canonicalization,
    signatureData: [{ signingDomain: domain, selector, privateKey, algorithm: 'rsa-sha256' }],
  });
  if (out.errors?.length) throw new Error(`DKIM signing failed: ${JSON.stringify(out.errors)}`);
  return Buffer.concat([Buffer.from(out.signatures), Buffer.from(raw)]);
}

// SMTP replies are ASCII (RFC 5321, 4.1): the texts of a simulated server stay English.
function smtpError(code, text) {
  const err = new Error(
    text ?? (code < 500 ? 'Temporary failure (test sink)' : 'Refused (test sink)'),
  );
  err.responseCode = code;
  return err;
}

const STAGES = ['connect', 'mail', 'rcpt', 'data'];

function normaliseFault(spec, stages = STAGES) {
  const at = spec.at ?? 'data';
  if (!stages.includes(at)) throw new Error(`fault stage must be one of ${stages.join(', ')}`);
  const drop = Boolean(spec.drop);
  if (!drop && !(Number.isInteger(spec.code) && spec.code >= 400 && spec.code <= 599)) {
    throw new Error('a fault needs a 4xx/5xx code, or drop: true');
  }
  const times = spec.times ?? 1;
  if (!(times >= 1)) throw new Error('times must be >= 1');
  return {
    at,
    code: spec.code,
    message: spec.message,
    drop,
    afterBytes: spec.afterBytes ?? 0,
    times,
  };
}

// Takes one use of a fault from a list (removing it when used up).
function useFault(list, index) {
  const fault = list[index];
  fault.times -= 1;
  if (fault.times <= 0) list.splice(index, 1);
  return fault;
}

class SmtpSink {
  constructor(opts, dir, tls) {
    this.opts = opts;
    this.dir = dir;
    this.host = '127.0.0.1';
    this.port = opts.port ?? 0;
    this.caPath = tls.caPath;
    this.certPath = tls.certPath;
    this.keyPath = tls.keyPath;
    this.messages = [];
    this.rejected = [];
    this.errors = []; // connection-level errors the server reported (resets, TLS failures)
    this.server = null;
    this.dns = new Map(); // 'name|TYPE' -> records, as dns.promises.resolve answers
    this.nextFaults = [];
    this.recipientFaults = new Map(); // lower-case address -> [fault]
    this.waiters = new Set();
    this.sequence = 0;
    this.transactions = new WeakMap(); // session -> { fault } of the current transaction
  }

  get url() {
    return `${this.opts.tls === 'implicit' ? 'smtps' : 'smtp'}://${this.host}:${this.port}`;
  }

  get running() {
    return this.server !== null;
  }

  // A TXT record in the stub DNS. Long values are split into 255-byte strings as DNS carries them.
  publishTxt(name, value) {
    const chunks = String(value).match(/[\s\S]{1,255}/g) ?? [''];
    this.dns.set(`${name.toLowerCase().replace(/\.$/, '')}|TXT`, [chunks]);
  }

  // The DKIM key record <selector>._domainkey.<domain>, e.g. generateDkimKey().txt.
  publishDkimKey(selector, domain, txtValue) {
    this.publishTxt(`${selector}._domainkey.${domain}`, txtValue);
  }

  unpublish(name) {
    for (const key of this.dns.keys()) {
      if (key.startsWith(`${name.toLowerCase()}|`)) this.dns.delete(key);
    }
  }

  failNext(spec) {
    this.nextFaults.push(normaliseFault(spec));
  }

  failRecipient(address, spec) {
    const key = String(address).toLowerCase();
    const list = this.recipientFaults.get(key) ?? [];
    list.push(normaliseFault(spec, ['rcpt', 'data']));
    this.recipientFaults.set(key, list);
  }

  clearFaults() {
    this.nextFaults = [];
    this.recipientFaults.clear();
  }

  clear() {
    this.messages = [];
    this.rejected = [];
    this.errors = [];
  }

  // Resolves with the messages once at least n are in (n counts from the last clear()).
  waitFor(n, { timeoutMs = WAIT_CEILING_MS } = {}) {
    if (this.messages.length >= n) return Promise.resolve(this.messages.slice());
    return new Promise((resolve, reject) => {
      const waiter = { n, resolve };
      waiter.timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const refused = this.rejected.map((r) => `${r.at} ${r.dropped ? 'drop' : r.code}`);
        reject(
          new Error(
            `smtp sink: ${this.messages.length} of ${n} messages after ${timeoutMs} ms` +
              (refused.length ? ` (refused: ${refused.join(', ')})` : ''),
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  notify() {
    for (const w of this.waiters) {
      if (this.messages.length >= w.n) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve(this.messages.slice());
      }
    }
  }

  envelopeOf(session) {
    return {
      mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
      rcptTo: session.envelope.rcptTo.map((r) => r.address),
    };
  }

  reject(at, session, fault, extra = {}) {
    this.rejected.push({
      at,
      code: fault?.drop ? null : (fault?.code ?? null),
      message: fault?.message ?? null,
      dropped: Boolean(fault?.drop),
      envelope: session ? this.envelopeOf(session) : null,
      ...extra,
    });
  }

  // Destroys the connection of a session at once: no reply, no QUIT, as a crashed server.
  // `_socket` is smtp-server's own field (the TLS socket once upgraded); the version is pinned.
  drop(session) {
    for (const c of this.server?.connections ?? []) {
      if (c.id === session.id) c._socket.destroy();
    }
  }

  async resolver(name, type) {
    const records = this.dns.get(`${String(name).toLowerCase().replace(/\.$/, '')}|${type}`);
    if (records) return records;
    const err = new Error(`query${type} ENOTFOUND ${name}`);
    err.code = 'ENOTFOUND';
    throw err;
  }

  async analyse(raw, session, envelope) {
    const { simpleParser, authenticate } = load();
    const out = {};
    try {
      out.parsed = await simpleParser(raw, { skipImageLinks: true, keepCidLinks: true });
    } catch (e) {
      out.parseError = e;
    }
    try {
      const auth = await authenticate(raw, {
        ip: session.remoteAddress,
        helo: session.hostNameAppearsAs || undefined,
        sender: envelope.mailFrom || undefined,
        mta: this.opts.hostname,
        resolver: (name, type) => this.resolver(name, type),
        disableArc: true,
        disableBimi: true,
      });
      const results = auth.dkim?.results ?? [];
      const best = results.find((r) => r.status?.result === 'pass') ?? results[0];
      out.dkim = {
        result: best ? best.status.result : 'none',
        signingDomain: best?.signingDomain ?? null,
        selector: best?.selector ?? null,
        comment: best?.status?.comment ?? null,
        results,
      };
      out.spf = auth.spf ? auth.spf.status.result : 'none';
      out.authenticationResults = auth.headers;
    } catch (e) {
      out.dkim = { result: 'error', error: e, results: [] };
    }
    return out;
  }

  serverOptions() {
    const { opts } = this;
    const sink = this;
    const tlsMode = opts.tls;
    return {
      name: opts.hostname,
      banner: 'cqdt test SMTP sink',
      logger: false,
      secure: tlsMode === 'implicit',
      key: readPem(this.keyPath),
      cert: readPem(this.certPath),
      minVersion: 'TLSv1.2',
      disabledCommands: [
        ...(tlsMode === 'none' ? ['STARTTLS'] : []),
        ...(opts.auth ? [] : ['AUTH']),
      ],
      authMethods: ['PLAIN', 'LOGIN'],
      authOptional: !opts.auth,
      allowInsecureAuth: Boolean(opts.allowInsecureAuth) || tlsMode === 'none',
      size: opts.size || undefined,
      closeTimeout: 1000,
      // The client is 127.0.0.1: no reverse lookup through the machine's resolver.
      disableReverseLookup: true,

      onConnect(session, callback) {
        const index = sink.nextFaults.findIndex((f) => f.at === 'connect');
        if (index < 0) return callback();
        const fault = useFault(sink.nextFaults, index);
        sink.reject('connect', null, fault);
        if (fault.drop) return sink.drop(session);
        return callback(smtpError(fault.code, fault.message));
      },

      onAuth(auth, session, callback) {
        const { user, pass } = opts.auth;
        const given = auth.password;
        if (auth.username === user && given === pass) return callback(null, { user });
        sink.reject('auth', null, { code: 535 }, { user: auth.username, method: auth.method });
        return callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
      },

      onMailFrom(address, session, callback) {
        if (opts.requireTls && !session.secure) {
          return callback(smtpError(530, '5.7.0 Must issue a STARTTLS command first'));
        }
        const state = {};
        sink.transactions.set(session, state);
        const index = sink.nextFaults.findIndex((f) => f.at !== 'connect');
        if (index >= 0) state.fault = useFault(sink.nextFaults, index);
        if (state.fault?.at === 'mail') {
          const fault = state.fault;
          sink.reject('mail', null, fault, { mailFrom: address.address });
          if (fault.drop) return sink.drop(session);
          return callback(smtpError(fault.code, fault.message));
        }
        return callback();
      },

      onRcptTo(address, session, callback) {
        const state = sink.transactions.get(session) ?? {};
        let fault = state.fault?.at === 'rcpt' ? state.fault : null;
        if (!fault) {
          const list = sink.recipientFaults.get(address.address.toLowerCase()) ?? [];
          const index = list.findIndex((f) => f.at === 'rcpt');
          if (index >= 0) fault = useFault(list, index);
        }
        if (!fault) return callback();
        sink.reject('rcpt', session, fault, { rcpt: address.address });
        if (fault.drop) return sink.drop(session);
        return callback(smtpError(fault.code, fault.message));
      },

      onData(stream, session, callback) {
        const state = sink.transactions.get(session) ?? {};
        let fault = state.fault?.at === 'data' ? state.fault : null;
        if (!fault) {
          for (const r of session.envelope.rcptTo) {
            const list = sink.recipientFaults.get(r.address.toLowerCase()) ?? [];
            const index = list.findIndex((f) => f.at === 'data');
            if (index >= 0) {
              fault = useFault(list, index);
              break;
            }
          }
        }
        const chunks = [];
        let bytes = 0;
        let dropped = false;
        stream.on('data', (chunk) => {
          if (dropped) return;
          chunks.push(chunk);
          bytes += chunk.length;
          if (fault?.drop && bytes >= fault.afterBytes) {
            dropped = true;
            sink.reject('data', session, fault, { bytes });
            sink.drop(session);
          }
        });
        stream.on('end', () => {
          if (dropped) return;
          const envelope = sink.envelopeOf(session);
          if (stream.sizeExceeded) {
            sink.reject('data', session, { code: 552, message: 'size exceeded' });
            return callback(smtpError(552, '5.3.4 Message too big'));
          }
          if (fault) {
            sink.reject('data', session, fault);
            return callback(smtpError(fault.code, fault.message));
          }
          const raw = Buffer.concat(chunks, bytes);
          const record = {
            id: `m${++sink.sequence}`,
            envelope,
            raw,
            user: session.user || null,
            secure: Boolean(session.secure),
            tls: session.tlsOptions ? session.tlsOptions.version : null,
            helo: session.hostNameAppearsAs || null,
            receivedAt: new Date(),
          };
          const done = () => {
            sink.messages.push(record);
            sink.notify();
            callback(null, `2.0.0 OK queued as ${record.id}`);
          };
          if (opts.analyse === false) return done();
          sink.analyse(raw, session, envelope).then((out) => {
            Object.assign(record, out);
            done();
          });
        });
      },
    };
  }

  // Listens (again) on the sink's port; the first start picks a free one when port is 0.
  async start() {
    if (this.server) return;
    const { SMTPServer } = load();
    const deadline = Date.now() + START_CEILING_MS;
    for (;;) {
      const server = new SMTPServer(this.serverOptions());
      server.on('error', (err) => this.errors.push(err));
      try {
        await new Promise((resolve, reject) => {
          server.server.once('error', reject);
          server.listen(this.port, this.host, () => {
            server.server.removeListener('error', reject);
            resolve();
          });
        });
        this.port = server.server.address().port;
        this.server = server;
        return;
      } catch (err) {
        // The same port again after a stop(): free as soon as the old listener is closed, but
        // another process could hold it for a while on a busy machine.
        if (err.code !== 'EADDRINUSE' || this.port === 0 || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  // Stops listening and cuts every open connection, as a server that goes down.
  async stop() {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise((resolve) => server.close(resolve));
    for (const c of server.connections) {
      // In the middle of a STARTTLS handshake the raw socket is under a TLS wrap, and tearing
      // it down from below can crash Node: end that one gracefully.
      if (c._upgrading) c.close();
      else c._socket.destroy();
    }
    await closed;
  }

  // stop() and remove the temp dir (certificates).
  async close() {
    await this.stop();
    for (const w of this.waiters) clearTimeout(w.timer);
    this.waiters.clear();
    rmSync(this.dir, { recursive: true, force: true });
    live.delete(this);
  }
}

function readPem(file) {
  return readFileSync(file);
}

const live = new Set();
process.on('exit', () => {
  for (const sink of live) rmSync(sink.dir, { recursive: true, force: true });
});

export async function startSmtpSink(opts = {}) {
  const why = missingSmtpSink();
  if (why) throw new Error(why);
  const options = {
    tls: 'starttls',
    hostname: 'sink.cqdt.test',
    analyse: true,
    auth: null,
    ...opts,
  };
  if (!['starttls', 'implicit', 'none'].includes(options.tls)) {
    throw new Error("tls must be 'starttls', 'implicit' or 'none'");
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-smtp-'));
  const sink = new SmtpSink(options, dir, createLoopbackCert(dir, 'smtp'));
  live.add(sink);
  try {
    await sink.start();
  } catch (e) {
    await sink.close();
    throw e;
  }
  return sink;
}
