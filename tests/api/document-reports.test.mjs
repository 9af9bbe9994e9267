// Registers printed and the leaders' statistics (issue 11, item 5; docs/api.md "Document
// reports") against the real binary: a clerk prints the incoming register as PDF (pdftotext reads
// the Vietnamese heading and the abstract) and as Excel (the abstract is in the sheet); bad
// periods and formats are 422 naming the field (in English when asked); a register the caller
// cannot read is 404; the statistics are the leaders' and clerks', as JSON and .xlsx.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { loggedIn, prepareDataDir, startServer } from '../support/cqdt-server.mjs';

let server, clerk, leader, officer, outsider;
let incomingRegister;
const SUBJECT = 'Về việc kiểm kê tài liệu lưu trữ năm nay của Sở';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cqdt-reports-'));

before(async () => {
  const { dataDir } = prepareDataDir();
  server = await startServer({ dataDir, ownDataDir: true });
  clerk = await loggedIn(server.baseUrl, 'vanthu.snv');
  leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  outsider = await loggedIn(server.baseUrl, 'vanthu.ubnd');
  const res = await clerk.post('/documents/incoming', {
    numberText: '15/UBND-VP',
    issuedDate: '2026-01-02',
    senderName: 'Ủy ban nhân dân tỉnh An Giang',
    subject: SUBJECT,
    pageCount: 1,
  });
  assert.equal(res.status, 201, res.text);
  const registers = assertStatus(
    await clerk.get(`/agencies/${clerk.user.agencyId}/document-registers`),
    200,
  );
  incomingRegister = registers.items.find(
    (r) => r.direction === 'incoming' && r.kind === 'general' && r.isDefault,
  );
  assert.ok(incomingRegister);
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  if (!process.env.CQDT_KEEP) fs.rmSync(work, { recursive: true, force: true });
});

// The response's bytes (the client's `text` decodes them as UTF-8).
async function download(client, p) {
  const res = await fetch(`${server.baseUrl}/api/v1${p}`, {
    headers: { Cookie: client.cookieHeader() },
    signal: AbortSignal.timeout(60_000),
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

function save(name, bytes) {
  const file = path.join(work, name);
  fs.writeFileSync(file, bytes);
  return file;
}

test('a clerk prints the incoming register as an A4 landscape PDF in Vietnamese', async () => {
  const { res, bytes } = await download(
    clerk,
    `/documents/registers/${incomingRegister.id}/export?format=pdf`,
  );
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const disposition = res.headers.get('content-disposition');
  assert.match(disposition, /^attachment; filename="[ -~]+\.pdf"; filename\*=UTF-8''/);
  assert.match(decodeURIComponent(disposition.split("UTF-8''")[1]), /^Sổ văn bản đến .*\.pdf$/);
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const file = save('register.pdf', bytes);
  // Reading order, whitespace collapsed: a wrapped abstract reads as one text.
  const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
  assert.match(text, /SỔ ĐĂNG KÝ VĂN BẢN ĐẾN/);
  assert.match(text, /SỞ NỘI VỤ/);
  assert.ok(text.includes(`Công văn ${SUBJECT}`), text);
  assert.match(text, /Trang 1\/\d+/);
  const info = execFileSync('pdfinfo', [file]).toString();
  assert.match(info, /Page size:\s+84[12](\.\d+)? x 595(\.\d+)? pts \(A4\)/);
  const fonts = execFileSync('pdffonts', [file]).toString();
  assert.match(fonts, /LiberationSerif/);
});

test('the same book as Excel carries the abstract and the columns of Phụ lục IV', async () => {
  const { res, bytes } = await download(
    clerk,
    `/documents/registers/${incomingRegister.id}/export?format=xlsx`,
  );
  assert.equal(res.status, 200);
  assert.equal(
    res.headers.get('content-type'),
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  const file = save('register.xlsx', bytes);
  const strings = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml']).toString();
  assert.ok(strings.includes(SUBJECT), 'the abstract is in the sheet');
  for (const header of ['Ngày đến', 'Số đến', 'Tác giả', 'Ký nhận', 'Ghi chú']) {
    assert.ok(strings.includes(header), header);
  }
  const styles = execFileSync('unzip', ['-p', file, 'xl/styles.xml']).toString();
  assert.ok(styles.includes('dd/mm/yyyy'));
});

test('a bad format or period is 422 naming the field, in English when asked', async () => {
  const base = `/documents/registers/${incomingRegister.id}/export`;
  assertProblem(await clerk.get(`${base}?format=docx`), 422, 'validation', {
    fields: [['format', 'enum']],
  });
  assertProblem(await clerk.get(`${base}?from=2026-13-01`), 422, 'validation', {
    fields: [['from', 'format']],
  });
  const reversed = await clerk.get(`${base}?from=2026-03-01&to=2026-02-01`, {
    headers: { 'Accept-Language': 'en' },
  });
  assert.equal(reversed.status, 422);
  assert.equal(reversed.body.errors[0].field, 'to');
  assert.match(reversed.body.errors[0].message, /cannot be before/);
});

test('a register the caller cannot read is 404', async () => {
  for (const client of [outsider, officer]) {
    assertProblem(
      await client.get(`/documents/registers/${incomingRegister.id}/export?format=pdf`),
      404,
      'not-found',
    );
  }
  assertProblem(await clerk.get('/documents/registers/999999/export'), 404, 'not-found');
});

test('leaders see the statistics as JSON and .xlsx; officers do not', async () => {
  const stats = assertStatus(await leader.get('/documents/statistics?groupBy=person'), 200);
  assert.equal(stats.groupBy, 'person');
  assert.equal(stats.timeZone, 'UTC+7');
  assert.ok(stats.total.received >= 1, JSON.stringify(stats.total));
  assert.ok(stats.rows.length >= 1);
  const sum = stats.rows.reduce((n, r) => n + r.counts.received, 0);
  assert.equal(sum, stats.total.received);
  const { res, bytes } = await download(leader, '/documents/statistics?format=xlsx&groupBy=unit');
  assert.equal(res.status, 200);
  const strings = execFileSync('unzip', ['-p', save('stats.xlsx', bytes), 'xl/sharedStrings.xml'])
    .toString();
  assert.ok(strings.includes('Tổng cộng'));
  assertProblem(await officer.get('/documents/statistics'), 403, 'forbidden');
  assertProblem(await leader.get('/documents/statistics?groupBy=team'), 422, 'validation', {
    fields: [['groupBy', 'enum']],
  });
  assertProblem(
    await leader.get(`/documents/statistics?agencyId=${outsider.user.agencyId}`),
    403,
    'forbidden',
  );
});
