// The procedure catalogue (issue 12, item 1) against the real binary: the demo catalogue is public
// and searchable without diacritics; an admin publishes a new version that takes effect on its
// day and leaves the old one readable; an export imports again unchanged; an import with one bad
// procedure writes nothing and names the field of the row; non-admins are refused; the CLI reads
// and writes the same file.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, REPO_ROOT, loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';

let server, admin, clerk, anon, work;

// Today and tomorrow in Vietnam (UTC+7), YYYY-MM-DD.
const day = (offset) =>
  new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
  clerk = await loggedIn(server.baseUrl, 'vanthu.snv');
  anon = new Client(server.baseUrl);
  work = mkdtempSync(path.join(tmpdir(), 'cqdt-procedures-'));
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the demo catalogue is public: 33 procedures, searchable without diacritics, with facets', async () => {
  const all = assertStatus(await anon.get('/procedures?limit=500'), 200);
  const demo = JSON.parse(readFileSync(path.join(REPO_ROOT, 'src/app/demo/procedures.json'), 'utf8'));
  assert.equal(all.total, demo.procedures.length);
  assert.ok(all.total >= 30);
  assert.ok(all.sectors.some((s) => s.name === 'Hộ tịch' && s.count >= 5));
  const birth = assertStatus(await anon.get('/procedures?q=dang%20ky%20khai%20sinh'), 200);
  assert.ok(birth.items.some((p) => p.code === '1.001193'));
  for (const p of birth.items) assert.match(p.name, /khai sinh/i);
  const province = assertStatus(await anon.get('/procedures?level=province&limit=500'), 200);
  assert.ok(province.items.length > 0);
  for (const p of province.items) assert.equal(p.level, 'province');
  assertProblem(await anon.get('/procedures?level=district'), 422, 'validation', {
    fields: ['level'],
  });
  assertProblem(await anon.get('/procedures?date=04/12/2026'), 422, 'validation', {
    fields: ['date'],
  });
});

test('a procedure reads with its channels, fees, documents, process and the agencies that perform it', async () => {
  const p = assertStatus(await anon.get('/procedures/1.001193'), 200);
  assert.equal(p.name, 'Thủ tục đăng ký khai sinh');
  assert.equal(p.level, 'commune');
  assert.equal(p.levelLabel, 'Cấp xã');
  const direct = p.channels.find((c) => c.channel === 'direct');
  assert.equal(direct.channelCode, 1);
  assert.equal(direct.deadline.unit, 'working_hours');
  assert.ok(direct.fees.length > 0);
  assert.ok(p.documents.length > 0);
  assert.ok(p.process.length > 0);
  assert.equal(typeof p.processHours, 'number');
  assert.ok(p.processFits.length > 0);
  assert.ok(p.unconfirmed.includes('sets'), 'unconfirmed facts stay marked in the data');
  // Commune-level: every ward, commune and special zone of the demo province performs it.
  assert.ok(p.agencies.some((a) => a.code === '000.00.41.H01'));
  const english = assertStatus(
    await anon.get('/procedures/1.001193', { headers: { 'Accept-Language': 'en' } }),
    200,
  );
  assert.equal(english.levelLabel, 'Commune level');
  assertProblem(await anon.get('/procedures/9.999999'), 404, 'not-found');
});

test('an admin publishes a new version from a date; the old one stays in force until then', async () => {
  const current = assertStatus(await anon.get('/procedures/2.000815'), 200);
  const next = { ...current, name: `${current.name} (sửa đổi)`, effectiveFrom: day(1) };
  assertProblem(await clerk.put('/procedures/2.000815', next), 403, 'forbidden');
  const published = assertStatus(await admin.put('/procedures/2.000815', next), 200);
  assert.equal(published.outcome, 'new_version');
  assert.equal(published.procedure.version, current.version + 1);
  assert.equal(published.procedure.effectiveFrom, day(1));
  // Today the first version is still the one in force; tomorrow the new one.
  assert.equal(assertStatus(await anon.get('/procedures/2.000815'), 200).name, current.name);
  assert.equal(
    assertStatus(await anon.get(`/procedures/2.000815?date=${day(1)}`), 200).name,
    next.name,
  );
  const versions = assertStatus(await anon.get('/procedures/2.000815/versions'), 200).items;
  assert.equal(versions.length, 2);
  assert.equal(versions[1].effectiveTo, day(0));
  // The same content again changes nothing.
  assert.equal(
    assertStatus(await admin.put('/procedures/2.000815', next), 200).outcome,
    'unchanged',
  );
  // A bad field is named by its path; the code in the body must match the path's.
  const bad = structuredClone(next);
  bad.channels[0].deadline.amount = -1;
  assertProblem(await admin.put('/procedures/2.000815', bad), 422, 'validation', {
    fields: ['channels[0].deadline.amount'],
  });
  assertProblem(
    await admin.put('/procedures/2.000815', { ...next, code: '1.001193' }),
    422,
    'validation',
    { fields: ['code'] },
  );
  assertProblem(
    await admin.post('/procedures', { ...next, code: '2.000815' }),
    409,
    'conflict',
    { fields: ['code'] },
  );
});

test('an import is all or nothing, names the row and field, and an export imports again unchanged', async () => {
  const exported = await anon.get('/procedures/export');
  assert.equal(exported.status, 200);
  assert.match(exported.headers.get('content-disposition'), /danh-muc-thu-tuc\.json/);
  const file = JSON.parse(exported.text);
  assert.ok(file.procedures.length >= 30);
  const again = assertStatus(
    await admin.post('/procedures/import', file),
    200,
  );
  assert.equal(again.applied, true);
  assert.equal(again.unchanged, file.procedures.length);

  const broken = structuredClone(file);
  broken.procedures[0].name = 'Thủ tục mới hoàn toàn';
  broken.procedures[3].level = 'district';
  broken.procedures.push({ ...structuredClone(file.procedures[1]), code: 'DP.999999', nationalCode: '' });
  const refused = assertProblem(
    await admin.post('/procedures/import', broken),
    422,
    'validation',
    { fields: ['procedures[3].level'] },
  );
  assert.equal(refused.rows.length, broken.procedures.length);
  // Nothing was written: neither the changed name nor the new procedure.
  assert.notEqual(
    assertStatus(await anon.get(`/procedures/${file.procedures[0].code}`), 200).name,
    'Thủ tục mới hoàn toàn',
  );
  assertProblem(await anon.get('/procedures/DP.999999'), 404, 'not-found');
  // A dry run reports without writing.
  const fixed = structuredClone(broken);
  fixed.procedures[3].level = file.procedures[3].level;
  const dry = assertStatus(await admin.post('/procedures/import?dryRun=true', fixed), 200);
  assert.equal(dry.applied, false);
  assert.equal(dry.created, 1);
  assertProblem(await anon.get('/procedures/DP.999999'), 404, 'not-found');
  assertProblem(await clerk.post('/procedures/import', fixed), 403, 'forbidden');
  assertProblem(
    await admin.post('/procedures/import', '{"procedures": [', {
      raw: true,
      headers: { 'Content-Type': 'application/json' },
    }),
    400,
    'malformed',
  );
});

test('the catalogue round-trips through Excel: the workbook imports again unchanged', async () => {
  const res = await fetch(`${server.baseUrl}/api/v1/procedures/export?format=xlsx`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  assert.match(res.headers.get('content-disposition'), /danh-muc-thu-tuc\.xlsx/);
  const book = Buffer.from(await res.arrayBuffer());
  assert.equal(book.subarray(0, 2).toString(), 'PK');
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const dry = assertStatus(
    await admin.post('/procedures/import?dryRun=true', book, {
      raw: true,
      headers: { 'Content-Type': xlsx },
    }),
    200,
  );
  assert.equal(dry.failed, 0);
  assert.equal(dry.unchanged, dry.rows.length);
  assert.ok(dry.rows.length >= 30);
  assertProblem(
    await admin.post('/procedures/import', Buffer.from('PK\u0003\u0004 broken'), {
      raw: true,
      headers: { 'Content-Type': xlsx },
    }),
    400,
    'malformed',
  );
  assertProblem(await anon.get('/procedures/export?format=pdf'), 422, 'validation', {
    fields: ['format'],
  });
});

test('an admin gives a procedure to agencies; unknown agencies are refused by index', async () => {
  const agencies = assertStatus(await admin.get('/agencies'), 200).items;
  const ward = agencies.find((a) => a.code === '000.00.42.H01');
  const set = assertStatus(
    await admin.put('/procedures/1.001193/agencies', { agencyIds: [ward.id] }),
    200,
  );
  assert.deepEqual(
    set.agencies.map((a) => a.code),
    ['000.00.42.H01'],
  );
  const of = assertStatus(await anon.get(`/procedures?agencyId=${ward.id}&limit=500`), 200);
  assert.ok(of.items.some((p) => p.code === '1.001193'));
  assertProblem(
    await admin.put('/procedures/1.001193/agencies', { agencyIds: [ward.id, 99999999] }),
    422,
    'validation',
    { fields: ['agencyIds[1]'] },
  );
  assertProblem(
    await clerk.put('/procedures/1.001193/agencies', { agencyIds: [ward.id] }),
    403,
    'forbidden',
  );
});

test('the CLI exports and imports the same file, all or nothing', async () => {
  const out = path.join(work, 'catalogue.json');
  const at = ['--db', server.dbUrl, '--data-dir', server.dataDir];
  const exported = runCli(['procedure', 'export', out, ...at]);
  assert.equal(exported.code, 0, exported.stderr);
  const file = JSON.parse(readFileSync(out, 'utf8'));
  assert.ok(file.procedures.length >= 30);
  const same = runCli(['procedure', 'import', out, '--json', ...at]);
  assert.equal(same.code, 0, same.stderr);
  assert.equal(JSON.parse(same.stdout).unchanged, file.procedures.length);
  file.procedures[2].channels[0].deadline.unit = 'weeks';
  writeFileSync(out, JSON.stringify(file));
  const bad = runCli(['procedure', 'import', out, ...at]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /channels\[0\]\.deadline\.unit/);
});
