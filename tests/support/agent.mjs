// The local signing agent in tests (issue 9): a SoftHSM token standing in for an official's USB
// token, and `cqdt agent` as a real process on loopback whose terminal prompt the test answers by
// writing to its stdin — the same way an official answers it at the keyboard.
//
//   const token = createSoftHsmToken(dir, {label: 'lanhdao', p12, p12Password});
//   const agent = await startAgent({origin: server.baseUrl, softhsmConf: token.conf, dir});
//   const prompt = agent.nextPrompt();          // before triggering the request
//   ... fetch(`${agent.url}/v1/sign`, ...) ...
//   await prompt;  agent.answer('1234');        // the PIN typed at the prompt
//   await agent.stop();
//
// Waits are on readiness signals (the agent's "ready at" line, the prompt text) with generous
// ceilings, never on fixed sleeps.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { cqdtBin } from './cqdt-server.mjs';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
export const TOKEN_PIN = '1234';

function must(cmd, args, env, what) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${what}: ${cmd} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

// A SoftHSM token in `dir` holding the key and certificate (and CA certificates) of a PKCS#12
// file. Returns {conf, label, pin, certificateDer}.
export function createSoftHsmToken(dir, { label, p12, p12Password = '', pin = TOKEN_PIN }) {
  const hsm = path.join(dir, `softhsm-${label}`);
  mkdirSync(path.join(hsm, 'tokens'), { recursive: true });
  const conf = path.join(hsm, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${path.join(hsm, 'tokens')}\nlog.level = ERROR\n`);
  const env = { SOFTHSM2_CONF: conf };
  const f = (name) => path.join(hsm, name);
  must('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', '87654321'], env, 'init token');
  const pass = `pass:${p12Password}`;
  must('openssl', ['pkcs12', '-in', p12, '-nocerts', '-nodes', '-passin', pass, '-out', f('key.pem')], env, 'key');
  must('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', f('key.pem'), '-outform', 'DER', '-out', f('key.der')], env, 'pkcs8');
  must('openssl', ['pkcs12', '-in', p12, '-clcerts', '-nokeys', '-passin', pass, '-out', f('cert.pem')], env, 'cert');
  must('openssl', ['x509', '-in', f('cert.pem'), '-outform', 'DER', '-out', f('cert.der')], env, 'cert der');
  const tool = ['--module', SOFTHSM_MODULE, '--token-label', label, '--login', '--pin', pin];
  must('pkcs11-tool', [...tool, '--write-object', f('key.der'), '--type', 'privkey', '--id', '01', '--label', 'signer'], env, 'import key');
  must('pkcs11-tool', [...tool, '--write-object', f('cert.der'), '--type', 'cert', '--id', '01', '--label', 'signer'], env, 'import cert');
  // The issuing CAs go on the token too, as real tokens carry them.
  const cas = spawnSync('openssl', ['pkcs12', '-in', p12, '-cacerts', '-nokeys', '-passin', pass], { encoding: 'utf8' });
  const pems = (cas.stdout ?? '').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  pems.forEach((pem, i) => {
    writeFileSync(f(`ca${i}.pem`), `${pem}\n`);
    must('openssl', ['x509', '-in', f(`ca${i}.pem`), '-outform', 'DER', '-out', f(`ca${i}.der`)], env, 'ca der');
    must('pkcs11-tool', [...tool, '--write-object', f(`ca${i}.der`), '--type', 'cert', '--id', `1${i}`, '--label', `ca${i}`], env, 'import ca');
  });
  return { conf, label, pin, certificateDer: readFileSync(f('cert.der')) };
}

// Starts `cqdt agent` on loopback (`port`, or a free one) allowing `origin` (one or an array).
// Returns
// {url, port, tokenFile, pairingToken(), nextPrompt(re), answer(line), output(), stop()}.
export async function startAgent({ origin, softhsmConf, dir, port = 0, readyTimeoutMs = 180_000, extraArgs = [] }) {
  const tokenFile = path.join(dir, `agent-pairing-${Date.now()}-${Math.random().toString(16).slice(2)}`);
  const origins = Array.isArray(origin) ? origin : [origin];
  const args = ['agent', '--listen', `127.0.0.1:${port}`, '--module', SOFTHSM_MODULE, '--token-file', tokenFile,
    '--prompt-timeout', '600', ...origins.flatMap((o) => ['--allow-origin', o]), ...extraArgs];
  const env = { ...process.env, SOFTHSM2_CONF: softhsmConf, CQDT_LOG_LEVEL: 'info' };
  for (const k of Object.keys(env)) if (k.startsWith('CQDT_') && k !== 'CQDT_LOG_LEVEL') delete env[k];
  const proc = spawn(cqdtBin(), args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let consumed = 0; // the part of `out` earlier prompts have used
  const waiters = [];
  const check = () => {
    for (let i = waiters.length - 1; i >= 0; --i) {
      const w = waiters[i];
      const rest = out.slice(w.from);
      const m = rest.match(w.re);
      if (m) {
        waiters.splice(i, 1);
        w.resolve({ text: rest.slice(0, m.index + m[0].length), match: m });
      }
    }
  };
  proc.stdout.on('data', (d) => {
    out += d.toString('utf8');
    check();
  });
  proc.stderr.on('data', (d) => {
    err += d.toString('utf8');
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  exited.then(({ code, signal }) => {
    for (const w of waiters.splice(0)) {
      w.reject(new Error(`cqdt agent exited (${code ?? signal}) while waiting for ${w.re}\n${out}\n${err}`));
    }
  });
  const waitFor = (re, from, timeoutMs) =>
    new Promise((resolve, reject) => {
      const w = { re, from, resolve, reject };
      const timer = setTimeout(() => {
        const i = waiters.indexOf(w);
        if (i >= 0) waiters.splice(i, 1);
        reject(new Error(`cqdt agent: no ${re} within ${timeoutMs} ms\n--- stdout\n${out}\n--- stderr\n${err}`));
      }, timeoutMs);
      w.resolve = (v) => {
        clearTimeout(timer);
        resolve(v);
      };
      w.reject = (e) => {
        clearTimeout(timer);
        reject(e);
      };
      waiters.push(w);
      check();
    });

  const ready = await waitFor(/ready at http:\/\/127\.0\.0\.1:(\d+)/, 0, readyTimeoutMs);
  consumed = out.length;
  const boundPort = Number(ready.match[1]);
  return {
    url: `http://127.0.0.1:${boundPort}`,
    port: boundPort,
    tokenFile,
    pairingToken: () => readFileSync(tokenFile, 'utf8').trim(),
    // Resolves with the prompt's text once the agent asks something new (call it before the
    // request that causes the prompt).
    nextPrompt(re = /Mã PIN: |Đồng ý[^\n]*: /, timeoutMs = 180_000) {
      const from = consumed;
      return waitFor(re, from, timeoutMs).then((v) => {
        consumed = from + v.text.length;
        return v.text;
      });
    },
    answer(line) {
      proc.stdin.write(`${line}\n`);
    },
    output: () => out,
    errors: () => err,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
      const r = await exited;
      clearTimeout(timer);
      return r;
    },
  };
}
