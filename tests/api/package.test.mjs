// The Debian package (issue 16, item 1): scripts/package.sh --build-dir packages the binary under
// test (CQDT_BIN) with web/dist, and its own checks pass (lintian without errors, systemd-analyze
// verify and security on the unit). Then the .deb itself: its files and modes, the conffile, the
// maintainer scripts (the cqdt user, the data directory, the migration on upgrade), the hardened
// unit, the configuration derived from cqdt.example.toml; and the packaged binary, unpacked into
// a temp directory (nothing is installed): `cqdt version`, and `cqdt serve` with the packaged
// configuration telling a stand-in for systemd's notification socket READY=1, WATCHDOG=1 and
// STOPPING=1. Skipped for the ASan binary (not what is shipped) and without the packaging tools.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { after, before, test } from 'node:test';

import {
  CEILING_MS,
  REPO_ROOT,
  cqdtBin,
  eventually,
  freePort,
  sanitizedBinary,
} from '../support/cqdt-server.mjs';

const BIN = cqdtBin();
const has = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const TOOLS = ['dpkg-buildpackage', 'dh', 'dpkg-deb', 'lintian', 'systemd-analyze'];
const missing = TOOLS.filter((t) => !has(t));
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', '']).status === 0);

function skipReason() {
  if (sanitizedBinary()) {
    return 'the ASan+UBSan binary is not what the package ships';
  }
  if (!existsSync(BIN)) return `no binary at ${BIN}`;
  if (missing.length) return `${missing.join(', ')} not installed (scripts/install-deps.sh)`;
  if (!existsSync(path.join(REPO_ROOT, 'web', 'dist', 'index.html'))) return 'web/dist not built';
  return false;
}
const skip = skipReason();

// The project's version, as package.sh reads it.
const BASE_VERSION = /^project\(cqdt VERSION ([0-9.]+)/m.exec(
  readFileSync(path.join(REPO_ROOT, 'CMakeLists.txt'), 'utf8'),
)[1];

let dir;
let deb;
let tree;
let packaging; // package.sh's {status, stdout, stderr}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: CEILING_MS, ...options });
  if (r.error) throw r.error;
  return r;
}

before(() => {
  if (skip) return;
  dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-package-'));
  // No -dbgsym package: it is not checked here, and compressing it is most of the build's time.
  packaging = run(
    'bash',
    [path.join(REPO_ROOT, 'scripts', 'package.sh'), '--build-dir', path.dirname(BIN), '--out', dir],
    { env: { ...process.env, DEB_BUILD_OPTIONS: 'noddebs' }, timeout: 2 * CEILING_MS },
  );
  deb = packaging.stdout.trim().split('\n').pop();
  tree = path.join(dir, 'tree');
  if (packaging.status === 0) run('dpkg-deb', ['-x', deb, tree]);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test(
  'package.sh builds cqdt_<version>_amd64.deb; lintian finds no error, the unit verifies',
  { skip },
  () => {
    assert.equal(packaging.status, 0, `package.sh failed:\n${packaging.stderr.slice(-4000)}`);
    const escaped = BASE_VERSION.replaceAll('.', '\\.');
    assert.match(
      path.basename(deb),
      new RegExp(`^cqdt_${escaped}(\\+git\\d+\\.[0-9a-f]+)?_amd64\\.deb$`),
    );
    assert.ok(existsSync(deb));
    // package.sh's checks ran and passed (it exits non-zero otherwise): lintian's report has no
    // error line; systemd-analyze security rated the unit.
    assert.match(packaging.stderr, /cqdt package: lintian/);
    assert.doesNotMatch(packaging.stderr, /^E: /m);
    assert.match(packaging.stderr, /Overall exposure level for cqdt\.service: \d/);
  },
);

test(
  'the .deb holds the binaries, the web front end, the conffile, the unit and the man page',
  { skip },
  () => {
    const listing = run('dpkg-deb', ['-c', deb]).stdout;
    const entry = (p) => listing.split('\n').find((l) => l.endsWith(` ./${p}`)) ?? '';
    assert.match(entry('usr/bin/cqdt'), /^-rwxr-xr-x root\/root /);
    // The text extraction child, where the server looks for it.
    assert.match(entry('usr/libexec/cqdt/cqdt-extract'), /^-rwxr-xr-x root\/root /);
    assert.match(entry('usr/share/cqdt/web/index.html'), /^-rw-r--r-- root\/root /);
    assert.match(listing, / \.\/usr\/share\/cqdt\/web\/assets\/\S+\.js$/m);
    assert.match(entry('etc/cqdt/cqdt.toml'), /^-rw-r--r-- root\/root /);
    assert.match(entry('lib/systemd/system/cqdt.service'), /^-rw-r--r-- /);
    assert.match(entry('var/lib/cqdt/'), /^drwxr-xr-x /);
    assert.ok(entry('usr/share/man/man1/cqdt.1.gz'), 'the man page');
    assert.ok(entry('usr/share/doc/cqdt/copyright'), 'the copyright file');

    assert.equal(run('dpkg-deb', ['-I', deb, 'conffiles']).stdout.trim(), '/etc/cqdt/cqdt.toml');
    const field = (name) => run('dpkg-deb', ['-f', deb, name]).stdout.trim();
    assert.equal(field('Package'), 'cqdt');
    assert.equal(field('Architecture'), 'amd64');
    assert.ok(field('Version').startsWith(BASE_VERSION));
    const depends = field('Depends');
    for (const d of ['adduser', 'libsystemd0', 'libsqlite3-0', 'fonts-liberation2']) {
      assert.match(depends, new RegExp(`(^|, )${d}( |,|$)`), `Depends: ${depends}`);
    }
  },
);

test(
  'the maintainer scripts create the cqdt user and its 0750 data directory, and migrate on upgrade',
  { skip },
  () => {
    const script = (name) => run('dpkg-deb', ['-I', deb, name]).stdout;
    const postinst = script('postinst');
    for (const name of ['postinst', 'preinst', 'prerm', 'postrm']) {
      const file = path.join(dir, name);
      writeFileSync(file, script(name));
      assert.equal(run('sh', ['-n', file]).status, 0, `${name} is not valid sh`);
    }
    assert.match(postinst, /adduser --system --group --home "\$DATA"/);
    assert.match(postinst, /^DATA=\/var\/lib\/cqdt$/m);
    assert.match(postinst, /chown cqdt:cqdt "\$DATA"/);
    assert.match(postinst, /chmod 0750 "\$DATA"/);
    assert.match(postinst, /chown root:cqdt "\$CONFIG"/);
    assert.match(postinst, /runuser -u cqdt -- env CQDT_CONFIG="\$CONFIG" cqdt migrate/);
    // The migration runs before debhelper's code starts the service; the new preinst stopped it.
    assert.ok(
      postinst.indexOf('cqdt migrate') <
        postinst.indexOf("deb-systemd-invoke start 'cqdt.service'"),
    );
    assert.match(
      script('preinst'),
      /"\$1" = upgrade[\s\S]*deb-systemd-invoke stop 'cqdt\.service'/,
    );
  },
);

test(
  'the unit is hardened, Type=notify with a watchdog; the configuration is the example with the installed paths',
  { skip },
  () => {
    const unit = readFileSync(path.join(tree, 'lib', 'systemd', 'system', 'cqdt.service'), 'utf8');
    const settings = unit.split('\n').filter((l) => /^[A-Za-z]+=/.test(l));
    for (const line of [
      'Type=notify',
      'Restart=on-failure',
      'User=cqdt',
      'ExecStart=/usr/bin/cqdt serve',
      'Environment=CQDT_CONFIG=/etc/cqdt/cqdt.toml',
      'ProtectSystem=strict',
      'ReadWritePaths=/var/lib/cqdt',
      'ProtectHome=yes',
      'PrivateTmp=yes',
      'PrivateDevices=yes',
      'NoNewPrivileges=yes',
      'CapabilityBoundingSet=',
      'SystemCallFilter=@system-service',
      'StandardOutput=journal',
    ]) {
      assert.ok(settings.includes(line), `the unit lacks ${line}`);
    }
    assert.ok(settings.some((l) => /^WatchdogSec=\d+s$/.test(l)));
    assert.ok(settings.some((l) => /^RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6/.test(l)));
    // One writable path only.
    assert.deepEqual(
      settings.filter((l) => l.startsWith('ReadWritePaths=')),
      ['ReadWritePaths=/var/lib/cqdt'],
    );

    // Line for line the example, but for a header and the two paths an installation needs.
    const example = readFileSync(path.join(REPO_ROOT, 'cqdt.example.toml'), 'utf8').split('\n');
    const config = readFileSync(path.join(tree, 'etc', 'cqdt', 'cqdt.toml'), 'utf8').split('\n');
    const header = config.slice(0, config.length - example.length);
    assert.ok(
      header.length > 0 && header.every((l) => l.startsWith('#')),
      'a comment header, then the example',
    );
    const body = config.slice(header.length);
    const changed = body.filter((l, i) => l !== example[i]);
    assert.deepEqual(
      changed.map((l) => l.replace(/\s*#.*$/, '')),
      ['web_root = "/usr/share/cqdt/web"', 'data_dir = "/var/lib/cqdt"'],
    );
    assert.ok(
      body.includes(example.find((l) => l.startsWith('listen = "127.0.0.1:'))),
      'listens on loopback',
    );
  },
);

test(
  'the packaged binary runs: version, and serve reports READY=1, WATCHDOG=1 and STOPPING=1 to systemd',
  { skip: skip || (!PYTHON && 'python3 is missing') },
  async () => {
    const bin = path.join(tree, 'usr', 'bin', 'cqdt');
    const version = run(bin, ['version']);
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout, new RegExp(`^cqdt ${BASE_VERSION.replaceAll('.', '\\.')}\\b`));

    // A stand-in for systemd's notification socket (Node has no AF_UNIX datagram sockets): each
    // datagram printed as one JSON line.
    const socketPath = path.join(dir, 'notify.sock');
    const receiver = spawn(PYTHON, [
      '-c',
      'import json,socket,sys\n' +
        's=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\ns.bind(sys.argv[1])\nprint("bound",flush=True)\n' +
        'while True:\n print(json.dumps(s.recv(65536).decode()),flush=True)\n',
      socketPath,
    ]);
    const messages = [];
    let bound = false;
    readline.createInterface({ input: receiver.stdout }).on('line', (line) => {
      if (line === 'bound') bound = true;
      else messages.push(JSON.parse(line));
    });
    let server;
    try {
      await eventually(() => assert.ok(bound, 'the notification socket is bound'));
      const port = await freePort();
      let stderr = '';
      // The packaged configuration, with a data directory and port of the test's own.
      // prettier-ignore
      server = spawn(bin, ['--config', path.join(tree, 'etc', 'cqdt', 'cqdt.toml'),
      '--data-dir', path.join(dir, 'data'), 'serve', '--listen', `127.0.0.1:${port}`,
      '--web-root', path.join(tree, 'usr', 'share', 'cqdt', 'web')], {
      env: { PATH: process.env.PATH, NOTIFY_SOCKET: socketPath, WATCHDOG_USEC: '1000000', CQDT_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
      server.stderr.on('data', (c) => (stderr += c));
      const exited = new Promise((resolve) =>
        server.on('exit', (code, signal) => resolve({ code, signal })),
      );

      // READY=1 once it listens: the page the package ships is served at once.
      await eventually(() =>
        assert.ok(
          messages.some((m) => m.startsWith('READY=1\n')),
          `no READY=1; stderr: ${stderr}`,
        ),
      );
      assert.match(messages[0], new RegExp(`^READY=1\\nSTATUS=.*http://127\\.0\\.0\\.1:${port}$`));
      const page = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(page.status, 200);
      assert.equal(
        await page.text(),
        readFileSync(path.join(tree, 'usr', 'share', 'cqdt', 'web', 'index.html'), 'utf8'),
      );
      // Keep-alives every half WATCHDOG_USEC while /healthz answers.
      await eventually(() => assert.ok(messages.filter((m) => m === 'WATCHDOG=1').length >= 2));

      server.kill('SIGTERM');
      assert.deepEqual(await exited, { code: 0, signal: null });
      server = undefined;
      await eventually(() => assert.match(messages.at(-1), /^STOPPING=1\nSTATUS=/));
    } finally {
      server?.kill('SIGKILL');
      receiver.kill('SIGKILL');
    }
  },
);
