// GET /api/v1/calendar/... (issue 3): lunar dates, days off and working days, with the vectors
// of lich-lam-viec.md; authentication; 422 problems naming the bad query parameter; and the
// `cqdt calendar` CLI with a data directory holding an admin's year file.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';

let server;
let officer;

before(async () => {
  server = await startServer();
  officer = await loggedIn(server.baseUrl, 'chuyenvien.snv');
});
after(async () => {
  await server?.stop();
});

test('calendar routes need a session (401 without one)', async () => {
  const anon = new Client(server.baseUrl);
  assertProblem(await anon.get('/calendar/lunar?date=2025-07-25'), 401, 'unauthenticated');
});

test('GET /calendar/lunar converts a date in the 2025 leap month', async () => {
  const body = assertStatus(await officer.get('/calendar/lunar?date=2025-07-25'), 200);
  assert.deepEqual(body, {
    date: '2025-07-25',
    lunar: { day: 1, month: 6, year: 2025, leap: true, text: '1/6/2025 (nhuận)' },
  });
});

test('GET /calendar/solar finds Tết Trung thu 2025 and rejects a wrong leap flag', async () => {
  const body = assertStatus(await officer.get('/calendar/solar?date=15/8/2025'), 200);
  assert.equal(body.date, '2025-10-06');
  assertProblem(await officer.get('/calendar/solar?date=1/6/2024&leap=true'), 422, 'validation', {
    fields: ['leap'],
  });
  assertProblem(await officer.get('/calendar/solar?date=30/12/2024'), 422, 'validation', {
    fields: ['date'],
  });
});

test('GET /calendar/holidays lists the 2025 notice with its source', async () => {
  const body = assertStatus(await officer.get('/calendar/holidays?year=2025'), 200);
  assert.equal(body.year, 2025);
  assert.equal(body.fromNotice, true);
  assert.ok(body.source.length > 0);
  const byDate = Object.fromEntries(body.days.map((d) => [d.date, d]));
  assert.equal(byDate['2025-01-29'].kind, 'holiday');
  assert.equal(byDate['2025-02-08'].kind, 'swap-work');
  assert.equal(byDate['2025-04-07'].name, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)');
  const draft = assertStatus(await officer.get('/calendar/holidays?year=2031'), 200);
  assert.equal(draft.fromNotice, false);
});

test('GET /calendar/add-working-days skips the Tết block (reference §6)', async () => {
  const body = assertStatus(
    await officer.get('/calendar/add-working-days?start=2025-01-24&days=1'),
    200,
  );
  assert.deepEqual(body, { start: '2025-01-24', days: 1, due: '2025-02-03' });
  const b = assertStatus(await officer.get('/calendar/add-working-days?start=2026-02-15&days=10'), 200);
  assert.equal(b.due, '2026-03-06');
});

test('GET /calendar/working-days-between counts 251 working days in 2025', async () => {
  const body = assertStatus(
    await officer.get('/calendar/working-days-between?from=2024-12-31&to=2025-12-31'),
    200,
  );
  assert.equal(body.workingDays, 251);
});

test('bad query parameters are 422 problems naming the parameter', async () => {
  assertProblem(await officer.get('/calendar/lunar?date=2025-02-30'), 422, 'validation', {
    fields: [['date', 'format']],
  });
  assertProblem(await officer.get('/calendar/lunar'), 422, 'validation', {
    fields: [['date', 'required']],
  });
  assertProblem(
    await officer.get('/calendar/add-working-days?start=2025-01-24&days=-3'),
    422,
    'validation',
    { fields: [['days', 'range']] },
  );
  assertProblem(await officer.get('/calendar/holidays?year=1800'), 422, 'validation', {
    fields: ['year'],
  });
  assertProblem(
    await officer.get('/calendar/working-days-between?from=2025-01-01&to=tomorrow'),
    422,
    'validation',
    { fields: [['to', 'format']] },
  );
});

test('cqdt calendar: plain and JSON output, exit 2 on bad input, admin year files', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-calendar-'));
  try {
    const base = ['--data-dir', dataDir, 'calendar'];
    let r = runCli([...base, 'lunar', '2025-07-25']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '1/6/2025 (nhuận)\n');
    r = runCli([...base, 'solar', '1/6/2025', '--leap', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).date, '2025-07-25');
    r = runCli([...base, 'add-working-days', '2025-04-29', '3']);
    assert.equal(r.stdout, '2025-05-07\n');
    r = runCli([...base, 'working-days-between', '2026-01-31', '2026-02-28']);
    assert.equal(r.stdout, '15\n');
    r = runCli([...base, 'lunar', '2025-13-01']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^cqdt: .+ \/ .+\n$/);

    // [calendar] office_hours and receipt_cutoff come from the config file and are checked.
    const badConfig = path.join(dataDir, 'bad.toml');
    writeFileSync(badConfig, '[calendar]\noffice_hours = "8h-12h"\n');
    r = runCli(['--config', badConfig, ...base, 'add-working-days', '2025-04-29', '3']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /office_hours/);
    const goodConfig = path.join(dataDir, 'good.toml');
    writeFileSync(goodConfig, '[calendar]\noffice_hours = "07:30-11:30,13:30-17:00"\nreceipt_cutoff = ""\n');
    r = runCli(['--config', goodConfig, ...base, 'add-working-days', '2025-04-29', '3']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '2025-05-07\n');

    // An admin's notice for 2027 in <data_dir>/calendar/ overrides the computed draft.
    mkdirSync(path.join(dataDir, 'calendar'));
    const file = path.join(dataDir, 'calendar', '2027.txt');
    writeFileSync(
      file,
      'year: 2027\nsource: Thông báo thử nghiệm [L]\n2027-02-12 swap-off Nghỉ hoán đổi\n',
    );
    r = runCli([...base, 'holidays', '2027']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '2027-02-12 Nghỉ hoán đổi\n');
    writeFileSync(file, 'year: 2027\nsource: x\n2027-02-12 nghi Sai loại\n');
    r = runCli([...base, 'holidays', '2027']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /2027\.txt, dòng 3/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
