// Dossiers (issue 12, item 2) against the real binary and the demo data: the counter officer of
// phường Rạch Giá uploads a scan and receives a birth registration (code of the day, appointment,
// steps), the officer and the leader take their steps, the leader records the result and
// finishes, the counter returns it; every transition is in the timeline. Refusals name the field
// or the rule; another agency's staff see nothing; a CSRF-less write is refused.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';

let server, counter, officer, leader, outsider, officerId;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

before(async () => {
  server = await startServer();
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.rachgia');
  leader = await loggedIn(server.baseUrl, 'lanhdao.rachgia');
  outsider = await loggedIn(server.baseUrl, 'motcua.phuquoc');
  const users = assertStatus(await counter.get('/users'), 200);
  officerId = users.items.find((u) => u.username === 'chuyenvien.rachgia').id;
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
});

function birth(extra = {}) {
  return {
    procedureCode: '1.001193',
    channel: 'direct',
    applicant: { name: 'Trần Thị Bé', idNumber: '091234567890', phone: '0912345678' },
    documents: [
      { ordinal: 1, provided: true },
      { ordinal: 2, provided: true },
      { ordinal: 5, byData: true },
    ],
    delivery: 'counter',
    ...extra,
  };
}

const act = (client, code, body) => client.post(`/dossiers/${code}/actions`, body);

// The text of a PDF (pdftotext) and what zbarimg reads on its first page.
function readPdf(bytes) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cqdt-form-'));
  try {
    const file = path.join(dir, 'form.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
    execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
    let qr = '';
    try {
      qr = execFileSync('zbarimg', ['--quiet', '--raw', path.join(dir, 'page-1.png')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'], // zbarimg reports a missing D-Bus on stderr
      });
    } catch {
      qr = '';
    }
    return { text, qr: qr.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pdfOf(client, url) {
  const res = await client.get(url);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  return Buffer.from(await (await fetch(client.baseUrl + '/api/v1' + url, {
    headers: { Cookie: client.cookieHeader() },
  })).arrayBuffer());
}

test('a birth registration goes from the counter through its steps to the returned result', async () => {
  const scan = assertStatus(
    await counter.post('/dossiers/files?fileName=to-khai.png', PNG, {
      raw: true,
      headers: { 'Content-Type': 'application/octet-stream' },
    }),
    201,
  );
  assert.equal(scan.contentType, 'image/png');
  const input = birth();
  input.documents[0].fileIds = [scan.id];
  const d = assertStatus(await counter.post('/dossiers', input), 201);
  assert.match(d.code, /^000\.00\.41\.H01-\d{6}-\d{4}$/);
  assert.equal(d.state.name, 'received');
  assert.equal(d.state.syncCode, 2);
  assert.equal(d.state.label, 'Đã tiếp nhận');
  assert.ok(d.appointmentAt > d.receivedAt, `${d.appointmentAt} after ${d.receivedAt}`);
  assert.match(d.appointmentAt, /\+07:00$/);
  assert.equal(d.fee, 8000);
  assert.equal(d.files.length, 1);
  assert.equal(d.files[0].documentOrdinal, 1);
  assert.ok(d.steps[0].finishedAt, 'the receipt is the counter step');
  // The receipt slip prints the code, the applicant and the appointment; its QR code links to
  // the public tracking page of this dossier.
  const receipt = readPdf(await pdfOf(counter, `/dossiers/${d.code}/forms/receipt`));
  assert.match(receipt.text, /GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ/);
  assert.ok(receipt.text.includes(d.code));
  assert.match(receipt.text, /Trần Thị Bé/);
  assert.match(receipt.text, /Thời gian trả kết quả giải quyết hồ sơ: \d\d giờ \d\d phút, ngày \d\d\/\d\d\/\d{4}/);
  assert.match(receipt.text, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
  assert.ok(receipt.qr.endsWith(`/tra-cuu-ho-so?ma=${d.code}`), receipt.qr);
  // A refusal form for a dossier never refused is not there to print.
  assertProblem(await counter.get(`/dossiers/${d.code}/forms/refusal`), 409, 'failed-precondition');
  assertProblem(await counter.get(`/dossiers/${d.code}/forms/invoice`), 422, 'validation', { fields: ['form'] });
  assert.deepEqual(
    d.actions.map((a) => a.name).sort(),
    ['reject', 'request_supplement', 'request_withdraw', 'transfer'].sort(),
  );

  // The officer cannot transfer; the outsider does not see the dossier.
  assertProblem(await act(officer, d.code, { action: 'transfer' }), 403, 'forbidden');
  assertProblem(await outsider.get(`/dossiers/${d.code}`), 404, 'not-found');

  const moved = assertStatus(
    await act(counter, d.code, { action: 'transfer', assigneeId: officerId, expectedUpdatedAt: d.updatedAt }),
    200,
  );
  assert.equal(moved.state.name, 'processing');
  const mine = assertStatus(await officer.get('/dossiers?queue=mine'), 200);
  assert.ok(mine.items.some((x) => x.code === d.code && x.assigneeName === 'Phan Hữu Tài'));
  // A stale page loses.
  assertProblem(
    await act(officer, d.code, { action: 'complete_step', expectedUpdatedAt: d.updatedAt }),
    409,
    'conflict',
  );
  const checked = assertStatus(await act(officer, d.code, { action: 'complete_step', reason: 'Đủ điều kiện' }), 200);
  const signing = checked.steps.find((s) => s.performer === 'leader');
  assert.ok(signing.startedAt && !signing.finishedAt);
  // No result yet: the rule refuses to finish.
  assertProblem(await act(leader, d.code, { action: 'finish' }), 409, 'conflict');
  assertStatus(await act(leader, d.code, { action: 'attach_result', resultNote: 'Giấy khai sinh số 15/2026' }), 200);
  assertStatus(await act(leader, d.code, { action: 'complete_step' }), 200);
  const done = assertStatus(await act(leader, d.code, { action: 'finish' }), 200);
  assert.equal(done.state.syncCode, 9);
  assert.ok(['early', 'on_time', 'late'].includes(done.timeliness.name));
  assertProblem(await act(counter, d.code, { action: 'return' }), 422, 'validation', {
    fields: ['returnedTo'],
  });
  const returned = assertStatus(await act(counter, d.code, { action: 'return', returnedTo: 'Trần Thị Bé' }), 200);
  assert.equal(returned.state.syncCode, 10);
  assert.deepEqual(returned.actions, []);

  const control = readPdf(await pdfOf(counter, `/dossiers/${d.code}/forms/control`));
  assert.match(control.text, /PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ/);
  assert.match(control.text.replace(/\s+/g, ' '), /Phan Hữu Tài/);
  const timeline = assertStatus(await counter.get(`/dossiers/${d.code}/timeline`), 200);
  assert.deepEqual(
    timeline.items.map((e) => e.action),
    ['receive', 'transfer', 'complete_step', 'attach_result', 'complete_step', 'finish', 'return'],
  );
  assert.equal(timeline.items[1].to.label, 'Đang xử lý');
  // The operator reads the same dossier from the command line.
  const at = ['--db', server.dbUrl, '--data-dir', server.dataDir];
  const shown = runCli(['dossier', 'show', d.code, '--json', ...at]);
  assert.equal(shown.code, 0, shown.stderr);
  const doc = JSON.parse(shown.stdout);
  assert.equal(doc.code, d.code);
  assert.equal(doc.state.syncCode, 10);
  assert.equal(doc.timeline.length, 7);
  const text = runCli(['dossier', 'show', d.code, ...at]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /Đã trả kết quả/);
  assert.equal(runCli(['dossier', 'show', '000.00.41.H01-991301-0001', ...at]).code, 2);
  assert.equal(runCli(['dossier', 'show', '000.00.41.H01-260101-9999', ...at]).code, 2);
  const file = await officer.get(`/dossiers/${d.code}/files/${scan.id}`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('x-content-type-options'), 'nosniff');
});

test('a receipt with a missing document, an unknown procedure or bad fields is refused and uses no code', async () => {
  const before = assertStatus(await counter.get('/dossiers?limit=200'), 200).total;
  const missing = birth({ documents: [{ ordinal: 5, byData: true }] });
  assertProblem(await counter.post('/dossiers', missing), 422, 'validation', { fields: ['documents'] });
  assertProblem(await counter.post('/dossiers', birth({ procedureCode: '9.999999' })), 422, 'validation', {
    fields: ['procedureCode'],
  });
  assertProblem(await counter.post('/dossiers', birth({ channel: 'fax' })), 422, 'validation', {
    fields: ['channel'],
  });
  assertProblem(
    await counter.post('/dossiers', birth({ applicant: { name: '', email: 'khong-phai-email' } })),
    422,
    'validation',
    { fields: ['applicant.name', 'applicant.email'] },
  );
  assertProblem(await counter.post('/dossiers', birth({ documents: [{ ordinal: 'một' }] })), 422, 'validation', {
    fields: ['documents[0].ordinal'],
  });
  // A flag that is not true or false is named, not a 500 (found reading the route in issue 16).
  const flags = [
    { ordinal: 1, provided: 'yes' },
    { ordinal: 2, provided: true },
    { ordinal: 5, byData: 1 },
  ];
  assertProblem(await counter.post('/dossiers', birth({ documents: flags })), 422, 'validation', {
    fields: ['documents[0].provided', 'documents[2].byData'],
  });
  assertProblem(await counter.post('/dossiers', { ...birth(), extra: 1 }), 422, 'validation', { fields: ['extra'] });
  assertProblem(await officer.post('/dossiers', birth()), 403, 'forbidden');
  assert.equal(assertStatus(await counter.get('/dossiers?limit=200'), 200).total, before);
  // The next receipt takes the next number: nothing was consumed by the refusals.
  const a = assertStatus(await counter.post('/dossiers', birth()), 201);
  const b = assertStatus(await counter.post('/dossiers', birth()), 201);
  assert.equal(Number(b.code.slice(-4)), Number(a.code.slice(-4)) + 1);
});

test('a supplement request needs a reason, stops the clock and the answer resumes it', async () => {
  const d = assertStatus(await counter.post('/dossiers', birth()), 201);
  assertStatus(await act(counter, d.code, { action: 'transfer' }), 200);
  assertProblem(await act(officer, d.code, { action: 'request_supplement' }), 422, 'validation', {
    fields: ['reason'],
  });
  const waiting = assertStatus(
    await act(officer, d.code, { action: 'request_supplement', reason: 'Thiếu giấy chứng sinh bản chính' }),
    200,
  );
  assert.equal(waiting.state.syncCode, 5);
  assertProblem(await act(officer, d.code, { action: 'complete_step' }), 409, 'conflict');
  const back = assertStatus(await act(counter, d.code, { action: 'resubmit' }), 200);
  assert.equal(back.state.name, 'processing');
  assert.ok(back.dueAt >= d.dueAt);
  // Unknown action and queue names are refused by name.
  assertProblem(await act(counter, d.code, { action: 'delete' }), 422, 'validation', { fields: ['action'] });
  assertProblem(await counter.get('/dossiers?queue=all'), 422, 'validation', { fields: ['queue'] });
  // The English reader gets English labels.
  const en = assertStatus(await counter.get(`/dossiers/${d.code}`, { headers: { 'Accept-Language': 'en' } }), 200);
  assert.equal(en.state.label, 'In progress');
});

test("the desk's statistics count today's dossiers, as JSON and as a workbook", async () => {
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  const s = assertStatus(await leader.get(`/onestop/statistics?from=${today}&to=${today}`), 200);
  const birthRow = s.rows.find((r) => r.key === '1.001193');
  assert.ok(birthRow, JSON.stringify(s.rows));
  assert.ok(s.total.receivedOther >= 4, JSON.stringify(s.total));
  assert.ok(s.total.resolvedEarly + s.total.resolvedOnTime + s.total.resolvedLate >= 1);
  assert.ok(s.total.supplements >= 1);
  assert.ok(s.steps.length > 0);
  const bySector = assertStatus(
    await leader.get(`/onestop/statistics?from=${today}&to=${today}&groupBy=sector`),
    200,
  );
  assert.ok(bySector.rows.some((r) => r.label === 'Hộ tịch'));
  const book = await leader.get(`/onestop/statistics?from=${today}&to=${today}&format=xlsx`);
  assert.equal(book.status, 200);
  assert.match(book.headers.get('content-type'), /spreadsheetml/);
  assertProblem(await officer.get(`/onestop/statistics?from=${today}&to=${today}`), 403, 'forbidden');
  assertProblem(await leader.get(`/onestop/statistics?from=${today}&to=2000-01-01`), 422, 'validation', {
    fields: ['to'],
  });
  assertProblem(await leader.get(`/onestop/statistics?from=hom-nay&to=${today}`), 422, 'validation', {
    fields: ['from'],
  });
  assertProblem(
    await leader.get(`/onestop/statistics?from=${today}&to=${today}&groupBy=unit`),
    422,
    'validation',
    { fields: ['groupBy'] },
  );
});

test("an administrator sees the one-stop desk's notices in the outbox; nobody else does", async () => {
  const admin = await loggedIn(server.baseUrl, 'admin');
  const page = assertStatus(await admin.get('/admin/notifications?kind=onestop.'), 200);
  assert.ok(page.total >= 1, JSON.stringify(page));
  for (const m of page.items) {
    assert.match(m.kind, /^onestop\./);
    assert.ok(['pending', 'sent', 'failed', 'skipped'].includes(m.emailState));
  }
  assert.ok(page.items.some((m) => m.kind === 'onestop.step_assigned' && m.recipientKind === 'user'));
  assertProblem(await leader.get('/admin/notifications'), 403, 'forbidden');
  assertProblem(await admin.get("/admin/notifications?kind=ONESTOP'"), 422, 'validation', { fields: ['kind'] });
  assertProblem(await admin.get('/admin/notifications?state=lost'), 422, 'validation', { fields: ['state'] });
});
