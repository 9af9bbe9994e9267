// The command line: version, help, demo, user and agency administration, audit verify, global
// options and environment variables, and Vietnamese errors on bad input.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertVietnamese, parseCsv, toCsv, CSV_COLUMNS } from '../support/api-assert.mjs';
import {
  Client,
  PROVINCE_CODE,
  REPO_ROOT,
  prepareDataDir,
  runCli,
  startServer,
} from '../support/cqdt-server.mjs';

let dir; // {dataDir, dbPath, dbUrl, demoOutput, cleanup}
const db = () => ['--db', dir.dbUrl, '--data-dir', dir.dataDir];
const cli = (args, opts) => runCli([...args, ...db()], opts);

before(() => {
  dir = prepareDataDir({ demo: true });
});
after(() => {
  dir?.cleanup();
});

function ok(r, what) {
  assert.equal(r.code, 0, `${what}: exit ${r.code ?? r.signal}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r;
}

// A refusal: a non-zero exit code (not a crash) and a Vietnamese message.
function refused(r, what) {
  assert.equal(r.signal, null, `${what}: no crash (signal ${r.signal})`);
  assert.ok(r.code !== 0 && r.code !== null, `${what}: non-zero exit, got ${r.code}\n${r.stdout}`);
  assertVietnamese(r.stderr + r.stdout, `${what}: message`);
  return r;
}

test('cqdt version prints the project version', () => {
  const version = /project\(cqdt VERSION (\d+\.\d+\.\d+)/.exec(
    readFileSync(path.join(REPO_ROOT, 'CMakeLists.txt'), 'utf8'),
  )[1];
  const r = ok(runCli(['version']), 'version');
  assert.ok(r.stdout.includes(version), `stdout has ${version}: ${r.stdout}`);
});

test('cqdt --help and every subcommand --help exit 0', () => {
  const top = ok(runCli(['--help']), '--help');
  for (const sub of ['serve', 'migrate', 'demo', 'user', 'agency', 'audit', 'version']) {
    assert.match(top.stdout, new RegExp(`\\b${sub}\\b`), `--help lists ${sub}`);
  }
  const commands = [
    ['serve'],
    ['migrate'],
    ['demo'],
    ['user'],
    ['user', 'add'],
    ['user', 'list'],
    ['user', 'reset-password'],
    ['user', 'disable'],
    ['agency'],
    ['agency', 'import'],
    ['agency', 'export'],
    ['agency', 'list'],
    ['audit'],
    ['audit', 'verify'],
    ['version'],
  ];
  for (const c of commands) {
    const r = runCli([...c, '--help'], { timeout: 10_000 });
    ok(r, `${c.join(' ')} --help`);
    assert.ok(r.stdout.trim().length > 0, `${c.join(' ')} --help prints usage`);
  }
  for (const opt of ['--db', '--data-dir', '--config']) {
    assert.ok(top.stdout.includes(opt), `--help mentions the global option ${opt}`);
  }
  const serveHelp = runCli(['serve', '--help']).stdout;
  for (const opt of ['--listen', '--web-root']) {
    assert.ok(serveHelp.includes(opt), `serve --help mentions ${opt}`);
  }
  const addHelp = runCli(['user', 'add', '--help']).stdout;
  for (const opt of ['--username', '--full-name', '--email', '--agency-code', '--roles', '--password']) {
    assert.ok(addHelp.includes(opt), `user add --help mentions ${opt}`);
  }
});

test('an unknown subcommand or option exits non-zero', () => {
  const r = runCli(['frobnicate']);
  assert.equal(r.signal, null);
  assert.notEqual(r.code, 0);
  const r2 = runCli(['user', 'list', '--no-such-option', ...db()]);
  assert.equal(r2.signal, null);
  assert.notEqual(r2.code, 0);
});

test('cqdt demo printed the demo accounts; a second run adds nothing', () => {
  for (const u of ['admin', 'vanthu.ubnd', 'chuyenvien.snv', 'lanhdao.snv', 'motcua.phuquoc', 'lanhdao.rachgia', '091095000123']) {
    assert.ok(dir.demoOutput.includes(u), `demo output lists ${u}`);
  }
  const before = ok(cli(['agency', 'list']), 'agency list').stdout;
  const usersBefore = ok(cli(['user', 'list']), 'user list').stdout;
  ok(cli(['demo']), 'demo again');
  assert.equal(ok(cli(['agency', 'list']), 'agency list').stdout, before, 'no agencies added');
  assert.equal(ok(cli(['user', 'list']), 'user list').stdout, usersBefore, 'no users added');
});

test('cqdt agency list shows the demo agencies', () => {
  const r = ok(cli(['agency', 'list']), 'agency list');
  assert.ok(r.stdout.includes(PROVINCE_CODE));
  assert.ok(r.stdout.includes('An Giang'), 'Vietnamese names printed as UTF-8');
});

test('cqdt migrate is idempotent', () => {
  ok(cli(['migrate']), 'migrate');
  ok(cli(['migrate']), 'migrate again');
  const fresh = prepareDataDir({ demo: false });
  try {
    ok(runCli(['migrate', '--db', fresh.dbUrl, '--data-dir', fresh.dataDir]), 'migrate fresh');
    ok(runCli(['migrate', '--db', fresh.dbUrl, '--data-dir', fresh.dataDir]), 'migrate fresh again');
  } finally {
    fresh.cleanup();
  }
});

const U1 = 'kiemthu.cli';
const U1_PASSWORD = 'KiemThu#Cli2026';
const U1_NEW_PASSWORD = 'KiemThu#Moi2026';
const U2 = 'kiemthu.env';
const U2_PASSWORD = 'KiemThu#MoiTruong2026';

test('cqdt user add / list', () => {
  ok(
    cli([
      'user', 'add',
      '--username', U1,
      '--full-name', 'Trần Văn Kiểm',
      '--email', 'kiemthu.cli@angiang.gov.vn',
      '--agency-code', PROVINCE_CODE,
      '--roles', 'officer,clerk',
      '--password', U1_PASSWORD,
    ]),
    'user add',
  );
  // Password from CQDT_PASSWORD.
  ok(
    cli(
      [
        'user', 'add',
        '--username', U2,
        '--full-name', 'Lê Thị Môi Trường',
        '--email', 'kiemthu.env@angiang.gov.vn',
        '--agency-code', PROVINCE_CODE,
        '--roles', 'clerk',
      ],
      { env: { CQDT_PASSWORD: U2_PASSWORD } },
    ),
    'user add (CQDT_PASSWORD)',
  );
  const list = ok(cli(['user', 'list']), 'user list').stdout;
  assert.ok(list.includes(U1) && list.includes(U2) && list.includes('admin'));
  assert.ok(list.includes('Trần Văn Kiểm'), 'full names printed as UTF-8');
  assert.ok(!list.includes(U1_PASSWORD) && !list.includes(U2_PASSWORD), 'passwords never printed');
});

test('cqdt user add refuses bad input with a Vietnamese message', () => {
  const base = [
    'user', 'add',
    '--full-name', 'Người Lỗi',
    '--email', 'loi@angiang.gov.vn',
    '--roles', 'officer',
    '--password', 'NguoiLoi#2026x',
  ];
  const usersBefore = ok(cli(['user', 'list']), 'user list').stdout;
  refused(cli([...base, '--username', 'nguoi.loi1', '--agency-code', 'XYZ']), 'bad agency code');
  refused(cli([...base, '--username', 'nguoi.loi2', '--agency-code', '000.00.00.H99']), 'unknown agency');
  refused(cli([...base, '--username', U1, '--agency-code', PROVINCE_CODE]), 'duplicate username');
  refused(
    cli([...base.slice(0, -2), '--password', '123', '--username', 'nguoi.loi3', '--agency-code', PROVINCE_CODE]),
    'weak password',
  );
  refused(
    cli([...base.slice(0, 6), '--roles', 'superuser', '--password', 'NguoiLoi#2026x', '--username', 'nguoi.loi4', '--agency-code', PROVINCE_CODE]),
    'unknown role',
  );
  refused(cli(['user', 'add', '--username', 'nguoi.loi5']), 'missing options');
  assert.equal(ok(cli(['user', 'list']), 'user list').stdout, usersBefore, 'no user added');
});

test('cqdt user reset-password and disable; unknown users are refused', () => {
  ok(cli(['user', 'reset-password', '--username', U1, '--password', U1_NEW_PASSWORD]), 'reset-password');
  ok(cli(['user', 'disable', '--username', U2]), 'disable');
  refused(cli(['user', 'disable', '--username', 'khong.ton.tai']), 'disable unknown user');
  refused(cli(['user', 'reset-password', '--username', 'khong.ton.tai', '--password', 'KhongTonTai#2026']), 'reset unknown user');
  refused(cli(['user', 'reset-password', '--username', U1, '--password', '123']), 'reset to a weak password');
});

const CSV_CODES = ['000.00.91.H01', '000.00.92.H01'];
const JSON_CODES = ['000.00.93.H01'];

test('cqdt agency import (csv, json) / export / list', () => {
  const listBefore = ok(cli(['agency', 'list']), 'agency list').stdout;
  for (const c of [...CSV_CODES, ...JSON_CODES]) assert.ok(!listBefore.includes(c), `${c} is free`);

  const csvFile = path.join(dir.dataDir, 'import.csv');
  writeFileSync(
    csvFile,
    toCsv(
      CSV_CODES.map((code, i) => ({
        code,
        name: `Sở Dòng Lệnh Số ${i + 1}, tỉnh An Giang`,
        shortName: `SDL${i + 1}`,
        kind: 'department',
        parentCode: PROVINCE_CODE,
      })),
    ),
  );
  ok(cli(['agency', 'import', csvFile]), 'agency import csv');

  const jsonFile = path.join(dir.dataDir, 'import.json');
  writeFileSync(
    jsonFile,
    JSON.stringify({
      items: [{ code: JSON_CODES[0], name: 'Ban Dân tộc thử nghiệm', shortName: 'BDT', kind: 'department', parentCode: PROVINCE_CODE }],
    }),
  );
  ok(cli(['agency', 'import', jsonFile, '--format', 'json']), 'agency import json');

  const list = ok(cli(['agency', 'list']), 'agency list').stdout;
  for (const c of [...CSV_CODES, ...JSON_CODES]) assert.ok(list.includes(c), `${c} listed`);

  const out = path.join(dir.dataDir, 'export.csv');
  ok(cli(['agency', 'export', '--format', 'csv', '--output', out]), 'agency export csv');
  const table = parseCsv(readFileSync(out, 'utf8'));
  assert.deepEqual(table[0], CSV_COLUMNS);
  const row = table.find((r) => r[0] === CSV_CODES[0]);
  assert.ok(row, 'exported');
  assert.equal(row[1], 'Sở Dòng Lệnh Số 1, tỉnh An Giang');

  // Re-importing the export: refused as new agencies, a no-op in update mode.
  refused(cli(['agency', 'import', out]), 'the export again, as new agencies');
  const upsert = ok(cli(['agency', 'import', out, '--mode', 'upsert']), 'the export again, upsert');
  assert.match(upsert.stdout, /imported 0\b.*unchanged \d+/);

  const json = ok(cli(['agency', 'export', '--format', 'json']), 'agency export json').stdout;
  const parsed = JSON.parse(json);
  const items = Array.isArray(parsed) ? parsed : parsed.items;
  assert.ok(items.some((a) => a.code === JSON_CODES[0] && a.name === 'Ban Dân tộc thử nghiệm'));
});

test('cqdt agency import of a broken file: non-zero, Vietnamese, nothing imported', () => {
  const before = ok(cli(['agency', 'list']), 'agency list').stdout;
  const file = path.join(dir.dataDir, 'broken.csv');
  writeFileSync(
    file,
    toCsv([
      { code: '000.00.94.H01', name: 'Sở Tốt', shortName: 'ST', kind: 'department', parentCode: PROVINCE_CODE },
      { code: '000.00.9.H01', name: 'Sở Mã Sai', shortName: 'SMS', kind: 'department', parentCode: PROVINCE_CODE },
    ]),
  );
  const r = refused(cli(['agency', 'import', file]), 'broken import');
  assert.match(r.stdout + r.stderr, /\b[23]\b/, 'names the broken row (2 as data row, 3 as file line)');
  refused(cli(['agency', 'import', path.join(dir.dataDir, 'khong-co.csv')]), 'missing file');
  assert.equal(ok(cli(['agency', 'list']), 'agency list').stdout, before, 'nothing imported');
});

test('environment variables CQDT_DB and CQDT_DATA_DIR replace --db and --data-dir', () => {
  const viaFlags = ok(cli(['agency', 'list']), 'flags').stdout;
  const viaEnv = ok(
    runCli(['agency', 'list'], { env: { CQDT_DB: dir.dbUrl, CQDT_DATA_DIR: dir.dataDir } }),
    'env',
  ).stdout;
  assert.equal(viaEnv, viaFlags);
});

test('cqdt audit verify: OK on the log the CLI wrote', () => {
  const r = ok(cli(['audit', 'verify']), 'audit verify');
  assert.match(r.stdout, /\bOK\b/);
});

test('the server honours what the CLI did (login, reset password, disabled user)', async () => {
  const server = await startServer({ dataDir: dir.dataDir });
  try {
    const c = new Client(server.baseUrl);
    assert.equal((await c.login(U1, U1_PASSWORD)).status, 401, 'old password no longer works');
    const login = await c.login(U1, U1_NEW_PASSWORD);
    assert.equal(login.status, 200, login.text);
    assert.equal(login.body.user.fullName, 'Trần Văn Kiểm');
    assert.deepEqual([...login.body.user.roles].sort(), ['clerk', 'officer']);
    // docs/api.md lists only 401 (wrong credentials) and 429 for a refused login.
    const disabledWrong = await new Client(server.baseUrl).login(U2, 'Sai#MatKhau2026');
    assert.equal(disabledWrong.status, 401, `wrong password of a disabled user: ${disabledWrong.text}`);
    const disabled = await new Client(server.baseUrl).login(U2, U2_PASSWORD);
    // The right password of a disabled account: 403 with a message saying the account is
    // disabled (a wrong password still gets the generic 401 above, so nothing is revealed).
    assert.equal(disabled.status, 403, `a disabled user cannot log in: ${disabled.text}`);
    assert.match(disabled.body.detail, /vô hiệu hóa/);
    assert.ok(!disabled.setCookies.some((c) => /^cqdt_session=[^;]/.test(c)), 'no session');

    const admin = new Client(server.baseUrl);
    assert.equal((await admin.login('admin')).status, 200);
    const users = (await admin.get('/users')).body.items;
    const u2 = users.find((u) => u.username === U2);
    assert.equal(u2.disabled, true);
    const agencies = (await admin.get('/agencies')).body.items;
    assert.ok(agencies.some((a) => a.code === CSV_CODES[0]));
  } finally {
    assert.equal((await server.stop()).code, 0);
  }
});
