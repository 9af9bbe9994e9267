// A real IMAP server on loopback for the tests of documents received by e-mail (issue 15, item
// 3): Debian's Dovecot (`dovecot-imapd`), started by the test with its own configuration in a
// temp dir, unprivileged (the Debian system service is not used and need not run). Mail is kept
// in a Maildir per user; TLS uses a certificate made here (tests/support/loopback-tls.mjs).
// No npm dependencies.
//
//   const imap = await startImap({ users: { vanthu: 'MatKhau@1' }, folders: ['INBOX', 'Processed'] });
//   imap.host, imap.port     // 127.0.0.1 and the IMAP port (STARTTLS offered): imap://...
//   imap.tlsPort             // the IMAPS port (TLS from the first byte): imaps://...
//   imap.url, imap.tlsUrl    // imap://127.0.0.1:<port>, imaps://127.0.0.1:<tlsPort>
//   imap.caPath              // the CA of the server certificate (curl --cacert)
//   const { uid } = await imap.deliver('vanthu', rawBytes);            // into INBOX
//   await imap.deliver('vanthu', rawBytes, 'Processed');
//   imap.list('vanthu', 'INBOX')         // (synchronous) [{ uid, flags: ['\\Seen'], raw, file }]
//   imap.addUser('another', 'pw');       // Dovecot rereads the password file by itself
//   imap.log()                           // Dovecot's log so far (imap.logPath)
//   await imap.stop();                   // and the temp dir is removed ({ keepDir: true } keeps it)
//
// Options of startImap({...}): users (name -> plaintext password; names of letters, digits and
// '._@-'), folders (every user has them, subscribed: Dovecot creates them on the user's first
// session or delivery; INBOX always exists; names of ASCII letters, digits, ' ', '_', '-'),
// readyTimeoutMs (the ceiling of the start, 120 s).
//
// deliver() stores the message with `doveadm save` (the way Dovecot's own LDA stores it: UID
// assigned at once, the indexes updated) and returns the highest UID in the folder afterwards,
// which is the new message's as long as nothing else stores into that folder at the same time.
// list() reads the Maildir itself (cur/ and new/), with the UIDs from dovecot-uidlist: it works
// while the server runs or after stop({ keepDir: true }). `raw` has CRLF line ends, as IMAP
// serves the message (Dovecot keeps LF in its files).
//
// Dovecot's login processes refuse to run as root. Run as root (a container), the whole server
// runs as `nobody` instead of the current user: its temp dir is given to that account, and
// doveadm runs as it too. The server is started through a small shell that holds a pipe from
// this process: when the test process ends in any way (even SIGKILL), the pipe closes and the
// shell stops Dovecot, so no server is left behind.

import { execFileSync, spawn } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

import { freePort } from './cqdt-server.mjs';
import { createLoopbackCert } from './loopback-tls.mjs';

const READY_CEILING_MS = 120_000;
const COMMAND_CEILING_MS = 120_000;

// Where Debian puts them: /usr/sbin is not on an ordinary user's PATH.
function findProgram(name, dirs = ['/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
  for (const dir of [...dirs, ...(process.env.PATH ?? '').split(':').filter(Boolean)]) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return null;
}

// Why Dovecot cannot run here (null when it can).
export function missingDovecot() {
  if (!findProgram('dovecot') || !findProgram('doveadm')) {
    return 'Dovecot missing: install Debian dovecot-imapd (scripts/install-deps.sh)';
  }
  return null;
}

// The account that runs the server: the current user, or `nobody` when that is root.
function runAccount() {
  const me = os.userInfo();
  if (me.uid !== 0) {
    const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
    return { uid: me.uid, gid: me.gid, user: me.username, group, drop: false };
  }
  const id = (flag) => execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim();
  return {
    uid: Number(id('-u')),
    gid: Number(id('-g')),
    user: 'nobody',
    group: id('-gn'),
    drop: true,
  };
}

const NAME = /^[A-Za-z0-9._@-]+$/;
const FOLDER = /^[A-Za-z0-9 _-]+$/;

function checkUser(name, password) {
  if (!NAME.test(name)) throw new Error(`imap: user name ${JSON.stringify(name)} not allowed`);
  if (/[:\r\n]/.test(password))
    throw new Error('imap: a password may not hold ":" or a line break');
}

// Maildir++ (Dovecot's default layout): INBOX is the user's directory, another folder F is .F
function folderDir(mailRoot, user, folder) {
  return folder.toUpperCase() === 'INBOX'
    ? path.join(mailRoot, user)
    : path.join(mailRoot, user, `.${folder}`);
}

const FLAG_LETTERS = { D: '\\Draft', F: '\\Flagged', R: '\\Answered', S: '\\Seen', T: '\\Deleted' };

function dovecotConf({ dir, account, port, tlsPort, cert, folders }) {
  const p = (name) => path.join(dir, name);
  const mailboxes = folders
    .filter((f) => f.toUpperCase() !== 'INBOX')
    .map((f) => `  mailbox "${f}" {\n    auto = subscribe\n  }`);
  return `# Written by tests/support/imap-server.mjs for one test server.
protocols = imap
listen = 127.0.0.1
base_dir = ${p('run')}
state_dir = ${p('state')}
log_path = ${p('dovecot.log')}
info_log_path = ${p('dovecot.log')}
default_internal_user = ${account.user}
default_internal_group = ${account.group}
default_login_user = ${account.user}
first_valid_uid = 1
ssl = yes
ssl_cert = <${cert.certPath}
ssl_key = <${cert.keyPath}
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
auth_verbose = yes
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${p('users')}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${p('users')}
}
mail_location = maildir:${p('mail')}/%u
namespace inbox {
  inbox = yes
${mailboxes.join('\n')}
}
service imap-login {
  chroot =
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = ${tlsPort}
    ssl = yes
  }
}
# A failed login (a test of wrong passwords) must not slow down the next tests' logins from
# 127.0.0.1: no fixed delay, no growing penalty (the documented way: no anvil-auth-penalty socket).
auth_failure_delay = 0
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`;
}

// The shell between this process and Dovecot: stops Dovecot when its stdin (a pipe from this
// process) closes, which happens on stop() and when this process ends, however it ends.
const WRAPPER = `exec 3<&0
"$1" -F -c "$2" </dev/null &
pid=$!
{ read -r _ <&3; kill -TERM "$pid" 2>/dev/null; } &
watcher=$!
wait "$pid"
rc=$?
kill "$watcher" 2>/dev/null
exit "$rc"
`;

// Resolves once the port answers with an IMAP greeting ("* OK"); rejects on anything else.
function greeting(port, secure, ca) {
  return new Promise((resolve, reject) => {
    const socket = secure
      ? tls.connect({ host: '127.0.0.1', port, ca: readFileSync(ca), servername: 'localhost' })
      : net.connect({ host: '127.0.0.1', port });
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
      text += d;
      if (text.includes('\n')) {
        socket.destroy();
        if (text.startsWith('* OK')) resolve();
        else reject(new Error(`imap: unexpected greeting ${JSON.stringify(text)}`));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('imap: connection closed before the greeting')));
  });
}

const live = new Set();
process.on('exit', () => {
  for (const s of live) {
    try {
      s.proc.kill('SIGKILL'); // the wrapper; its pipe closes and it stops Dovecot
    } catch {}
    rmSync(s.dir, { recursive: true, force: true });
  }
});

class ImapServer {
  constructor({ dir, account, cert, users }) {
    this.host = '127.0.0.1';
    this.dir = dir;
    this.account = account;
    this.caPath = cert.caPath;
    this.certPath = cert.certPath;
    this.keyPath = cert.keyPath;
    this.logPath = path.join(dir, 'dovecot.log');
    this.confPath = path.join(dir, 'dovecot.conf');
    this.mailRoot = path.join(dir, 'mail');
    this.users = { ...users };
    this.deliveries = Promise.resolve();
    this.proc = null;
  }

  get url() {
    return `imap://${this.host}:${this.port}`;
  }

  get tlsUrl() {
    return `imaps://${this.host}:${this.tlsPort}`;
  }

  // Files this process writes into the server's dir belong to the server's account.
  own(file) {
    if (this.account.drop) chownSync(file, this.account.uid, this.account.gid);
  }

  writeUsers() {
    const { uid, gid } = this.account;
    const file = path.join(this.dir, 'users');
    const lines = Object.entries(this.users).map(
      ([name, pw]) => `${name}:{PLAIN}${pw}:${uid}:${gid}::${path.join(this.dir, 'home', name)}::`,
    );
    writeFileSync(`${file}.new`, `${lines.join('\n')}\n`, { mode: 0o600 });
    this.own(`${file}.new`);
    // Renamed into place: Dovecot never reads half a file.
    renameSync(`${file}.new`, file);
  }

  addUser(name, password) {
    checkUser(name, password);
    this.users[name] = password;
    this.writeUsers();
  }

  // Runs a command as the server's account; resolves with {code, stdout, stderr}.
  runAs(cmd, args, input) {
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, args, {
        stdio: ['pipe', 'pipe', 'pipe'],
        ...(this.account.drop ? { uid: this.account.uid, gid: this.account.gid } : {}),
        cwd: this.dir,
      });
      const out = [];
      const err = [];
      const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_CEILING_MS);
      child.stdout.on('data', (d) => out.push(d));
      child.stderr.on('data', (d) => err.push(d));
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({
          code: code ?? signal,
          stdout: Buffer.concat(out).toString(),
          stderr: Buffer.concat(err).toString(),
        });
      });
      child.stdin.on('error', () => {}); // a command that fails early closes its stdin
      child.stdin.end(input);
    });
  }

  // Stores a message in a user's folder (default INBOX); resolves to { uid }.
  deliver(user, raw, folder = 'INBOX') {
    if (!(user in this.users)) return Promise.reject(new Error(`imap: no user ${user}`));
    // One at a time, so that the UID returned is the stored message's.
    const run = this.deliveries.then(async () => {
      const doveadm = findProgram('doveadm');
      const r = await this.runAs(
        doveadm,
        ['-c', this.confPath, 'save', '-u', user, '-m', folder],
        Buffer.from(raw),
      );
      if (r.code !== 0) throw new Error(`imap: doveadm save failed (${r.code}): ${r.stderr}`);
      const messages = this.list(user, folder);
      return { uid: Math.max(0, ...messages.map((m) => m.uid ?? 0)) };
    });
    this.deliveries = run.catch(() => {});
    return run;
  }

  // The messages in a user's folder, by UID: [{ uid, flags, raw, file }].
  list(user, folder = 'INBOX') {
    const dir = folderDir(this.mailRoot, user, folder);
    const uids = new Map();
    try {
      const lines = readFileSync(path.join(dir, 'dovecot-uidlist'), 'latin1').split('\n').slice(1);
      for (const line of lines) {
        // "<uid> [<extension fields>] :<file name without the :2,<flags> suffix>"
        const colon = line.indexOf(':');
        if (colon > 0) uids.set(line.slice(colon + 1), Number.parseInt(line, 10));
      }
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
    const out = [];
    for (const sub of ['cur', 'new']) {
      let names;
      try {
        names = readdirSync(path.join(dir, sub));
      } catch (e) {
        if (e.code === 'ENOENT') continue;
        throw e;
      }
      for (const name of names) {
        const file = path.join(dir, sub, name);
        const [base, info = ''] = name.split(':');
        const letters = info.startsWith('2,') ? info.slice(2) : '';
        let raw;
        try {
          raw = readFileSync(file);
        } catch (e) {
          if (e.code === 'ENOENT') continue; // moved or expunged while listing
          throw e;
        }
        out.push({
          uid: uids.get(base) ?? null,
          flags: [...letters].map((l) => FLAG_LETTERS[l]).filter(Boolean),
          raw: Buffer.from(raw.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1'),
          file,
        });
      }
    }
    return out.sort(
      (a, b) => (a.uid ?? Infinity) - (b.uid ?? Infinity) || a.file.localeCompare(b.file),
    );
  }

  log() {
    try {
      return readFileSync(this.logPath, 'utf8');
    } catch {
      return '';
    }
  }

  // Starts Dovecot on two free ports and waits for both greetings. A port taken between the
  // choice and Dovecot's bind makes it exit: then it tries other ports.
  async launch(folders, readyTimeoutMs) {
    const deadline = Date.now() + readyTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      this.port = await freePort();
      this.tlsPort = await freePort();
      const cert = { certPath: this.certPath, keyPath: this.keyPath };
      writeFileSync(
        this.confPath,
        dovecotConf({
          dir: this.dir,
          account: this.account,
          port: this.port,
          tlsPort: this.tlsPort,
          cert,
          folders,
        }),
      );
      this.own(this.confPath);
      const proc = spawn(
        'sh',
        ['-c', WRAPPER, 'dovecot-wrapper', findProgram('dovecot'), this.confPath],
        {
          stdio: ['pipe', 'ignore', 'pipe'],
          ...(this.account.drop ? { uid: this.account.uid, gid: this.account.gid } : {}),
          cwd: this.dir,
        },
      );
      proc.stdin.on('error', () => {});
      let stderr = '';
      proc.stderr.on('data', (d) => (stderr += d));
      this.proc = proc;
      this.exited = new Promise((resolve) =>
        proc.on('exit', (code, signal) => resolve({ code, signal })),
      );
      let gone = null;
      this.exited.then((e) => (gone = e));
      try {
        for (;;) {
          if (gone) throw Object.assign(new Error('exited'), { exited: gone });
          try {
            await greeting(this.port, false);
            await greeting(this.tlsPort, true, this.caPath);
            return;
          } catch (e) {
            if (Date.now() > deadline) throw e;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      } catch (e) {
        await this.halt();
        const log = `${stderr}\n${this.log()}`;
        if (/Address already in use/.test(log) && attempt < 5 && Date.now() < deadline) continue;
        throw new Error(`imap: Dovecot did not start (${e.message})\n${log.slice(-4000)}`);
      }
    }
  }

  // Closes the pipe (the wrapper stops Dovecot) and waits; SIGKILL after the ceiling.
  async halt() {
    const proc = this.proc;
    if (!proc) return;
    this.proc = null;
    proc.stdin.end();
    const timer = setTimeout(() => {
      try {
        const pid = Number(readFileSync(path.join(this.dir, 'run', 'master.pid'), 'utf8'));
        if (pid > 0) process.kill(pid, 'SIGKILL');
      } catch {}
      proc.kill('SIGKILL');
    }, READY_CEILING_MS);
    await this.exited;
    clearTimeout(timer);
  }

  async stop({ keepDir = false } = {}) {
    await this.halt();
    await this.deliveries;
    live.delete(this);
    if (!keepDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function startImap({
  users = {},
  folders = ['INBOX'],
  readyTimeoutMs = READY_CEILING_MS,
} = {}) {
  const why = missingDovecot();
  if (why) throw new Error(why);
  for (const [name, pw] of Object.entries(users)) checkUser(name, pw);
  for (const f of folders) {
    if (!FOLDER.test(f)) throw new Error(`imap: folder name ${JSON.stringify(f)} not allowed`);
  }
  const account = runAccount();
  // A short path: Dovecot's sockets live under it, and a socket path has ~100 bytes at most.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-imap-'));
  for (const sub of ['run', 'state', 'mail', 'home']) mkdirSync(path.join(dir, sub));
  const cert = createLoopbackCert(dir, 'imap');
  const server = new ImapServer({ dir, account, cert, users });
  live.add(server);
  try {
    server.writeUsers();
    if (account.drop) {
      const chownTree = (p) => {
        chownSync(p, account.uid, account.gid);
        if (statSync(p).isDirectory()) for (const n of readdirSync(p)) chownTree(path.join(p, n));
      };
      chownTree(dir);
    }
    await server.launch(folders, readyTimeoutMs);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return server;
}
