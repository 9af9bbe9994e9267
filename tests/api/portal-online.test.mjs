// Online submission on the portal (issue 13, item 3) against the real binary: the e-form is
// public and pre-filled for the signed-in citizen; a dossier goes in with an upload and a document
// reused from the citizen's store, in one transaction, and reaches the desk; wrong fields are named,
// a file that is not what it claims is refused, and a failed submission changes nothing; drafts are
// saved, resumed and deleted by the submission; nobody else reads a citizen's drafts, dossiers or
// store; the desk accepts (the citizen sees the code and the appointment), asks for a supplement
// (answered online, back to the desk) or refuses with its reason; an administrator sets a form.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import {
  BIRTH_PROCEDURE as CODE,
  birthAnswers as answers,
  PNG,
} from '../support/birth-registration.mjs';
import { Client, DEMO_PASSWORD, loggedIn, startServer } from '../support/cqdt-server.mjs';

// CODE, birth registration: the e-form is document 1; 2 and 5 are required.
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
const OTHER = {
  fullName: 'Trần Thị Khác',
  citizenIdNumber: '091095000789',
  phone: '0987654321',
  password: 'KhacNguoi#2026-Portal',
};

let server, mai, other, counter, admin, anyone, ward;

before(async () => {
  server = await startServer();
  anyone = new Client(server.baseUrl);
  mai = await loggedIn(server.baseUrl, '091095000123', DEMO_PASSWORD, 'citizen');
  assertStatus(await anyone.post('/citizens', OTHER), 202);
  other = await loggedIn(server.baseUrl, OTHER.citizenIdNumber, OTHER.password, 'citizen');
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  admin = await loggedIn(server.baseUrl, 'admin');
  ward = counter.user.agencyId;
  assert.ok(ward);
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
});

function upload(client, name, bytes, type = 'application/octet-stream', store = false) {
  return client.request(
    'POST',
    `/portal/${store ? 'store' : 'uploads'}?fileName=${encodeURIComponent(name)}`,
    bytes,
    { raw: true, headers: { 'Content-Type': type } },
  );
}

async function form() {
  return assertStatus(await anyone.get(`/portal/procedures/${CODE}/e-form`), 200);
}

async function submission(client, files, extra = {}) {
  const f = await form();
  return {
    procedureCode: CODE,
    agencyId: ward,
    formId: f.id,
    answers: answers(),
    documents: [
      { ordinal: 2, files: files.birth },
      { ordinal: 5, files: files.id ?? [], byData: !files.id },
    ],
    delivery: 'electronic',
    ...extra,
  };
}

async function submitted(client = mai) {
  const birth = assertStatus(await upload(client, 'giay-chung-sinh.png', PNG, 'image/png'), 201);
  return assertStatus(
    await client.post('/portal/dossiers', await submission(client, { birth: [birth.id] })),
    201,
  );
}

const act = async (code, action, reason) =>
  assertStatus(
    await counter.post(`/dossiers/${encodeURIComponent(code)}/actions`, { action, reason }),
    200,
  );

test('the e-form is public and pre-filled for the signed-in citizen', async () => {
  const f = await form();
  assert.equal(f.procedureCode, CODE);
  assert.deepEqual(f.documents, [1]);
  assert.ok(f.sections.length >= 3);
  const prefill = assertStatus(await mai.get(`/portal/procedures/${CODE}/e-form/prefill`), 200);
  assert.equal(prefill.formId, f.id);
  assert.equal(prefill.answers.requesterName, 'Nguyễn Thị Mai');
  assert.equal(prefill.answers.requesterId, '091095000123');
  assertProblem(await counter.get(`/portal/procedures/${CODE}/e-form/prefill`), 403, 'forbidden');
  assertProblem(
    await anyone.get(`/portal/procedures/${CODE}/e-form/prefill`),
    401,
    'unauthenticated',
  );
  assertProblem(await anyone.get('/portal/procedures/9.999999/e-form'), 404, 'not-found');
  // A procedure without a form of its own offers the default one.
  const fallback = assertStatus(await anyone.get('/portal/procedures/2.001610/e-form'), 200);
  assert.equal(fallback.id, null);
});

test('a dossier goes in with an upload and a reused document, and the desk accepts it', async () => {
  const birth = assertStatus(await upload(mai, 'giay-chung-sinh.png', PNG, 'image/png'), 201);
  assert.match(birth.id, /^u\d+$/);
  const card = assertStatus(await upload(mai, 'can-cuoc.jpg', JPEG, 'image/jpeg', true), 201);
  assert.match(card.id, /^s\d+$/);
  const dossier = assertStatus(
    await mai.post('/portal/dossiers', await submission(mai, { birth: [birth.id], id: [card.id] })),
    201,
  );
  assert.equal(dossier.state.name, 'new');
  assert.equal(dossier.provisional, true);
  assert.equal(dossier.payment, null, 'nothing is owed before the desk accepts');
  assert.equal(dossier.applicant.phone, '0912345678');
  assert.equal(dossier.eForm.answers.childName, 'Nguyễn Văn Bình');
  assert.equal(dossier.files.length, 2);
  assert.deepEqual(
    dossier.files.map((f) => f.reused),
    [false, true],
  );
  assert.equal(dossier.checklist.find((c) => c.ordinal === 5).reused, true);
  assert.equal(dossier.checklist.find((c) => c.ordinal === 1).provided, true); // the e-form
  // The upload became the dossier's file; the store keeps the card and lists the dossier's files.
  assertProblem(await mai.get(`/portal/store/${birth.id}`), 404, 'not-found');
  const store = assertStatus(await mai.get('/portal/store'), 200).items;
  assert.ok(store.some((f) => f.id === card.id));
  const fromDossier = store.find((f) => f.dossier?.code === dossier.code);
  assert.ok(fromDossier, JSON.stringify(store));
  const download = await fetch(`${server.baseUrl}/api/v1/portal/store/${fromDossier.id}`, {
    headers: { Cookie: mai.cookieHeader() },
  });
  assert.equal(download.status, 200);
  assert.deepEqual(Buffer.from(await download.arrayBuffer()).subarray(0, 8), PNG.subarray(0, 8));
  // The desk sees it waiting, with its e-form and files; it is told.
  const queue = assertStatus(await counter.get('/dossiers?queue=counter&state=new'), 200);
  assert.ok(queue.items.some((d) => d.code === dossier.code));
  const staffView = assertStatus(await counter.get(`/dossiers/${dossier.code}`), 200);
  assert.ok(staffView.actions.some((a) => a.name === 'accept'));
  assert.ok(staffView.files.every((f) => f.fromCitizen));
  const eForm = assertStatus(await counter.get(`/dossiers/${dossier.code}/e-form`), 200).eForm;
  assert.equal(eForm.answers.sex, 'nam');
  const notices = assertStatus(await counter.get('/notifications?unread=true'), 200);
  assert.ok(JSON.stringify(notices).includes(dossier.code), JSON.stringify(notices));
  // Accepted: the citizen sees the code and the appointment.
  const accepted = await act(dossier.code, 'accept');
  assert.match(accepted.code, /^000\.00\.\d\d\.H01-\d{6}-\d{4}$/);
  const seen = assertStatus(
    await mai.get(`/portal/dossiers/${encodeURIComponent(accepted.code)}`),
    200,
  );
  assert.equal(seen.provisional, false);
  assert.equal(seen.state.name, 'received');
  assert.ok(seen.appointmentAt);
  assert.equal(seen.timeline.at(-1).action, 'accept');
  const mine = assertStatus(await mai.get('/portal/dossiers'), 200).items;
  assert.ok(mine.some((d) => d.code === accepted.code));
  assertProblem(await mai.get(`/portal/dossiers/${dossier.code}`), 404, 'not-found'); // the old key

  // The citizen prints the receipt slip; the fee receipt once the fee is paid; nobody else may.
  const paper = (client, form) =>
    fetch(
      `${server.baseUrl}/api/v1/portal/dossiers/${encodeURIComponent(accepted.code)}/forms/${form}`,
      { headers: { Cookie: client.cookieHeader() } },
    );
  const slip = await paper(mai, 'receipt');
  assert.equal(slip.status, 200);
  assert.equal(slip.headers.get('content-type'), 'application/pdf');
  assert.equal((await paper(other, 'receipt')).status, 404);
  assert.equal((await paper(mai, 'control')).status, 422);
  assert.equal(seen.fee, 8000, 'the online channel’s published fee');
  // What to pay, as the tracking view shows it: the amount, in words, the ward's VietQR transfer
  // with the dossier's code as its purpose.
  assert.equal(seen.payment.amount, 8000);
  assert.equal(seen.payment.amountInWords, 'Tám nghìn đồng');
  assert.equal(seen.payment.transfer.purpose, accepted.code);
  assert.match(seen.payment.transfer.payload, /^000201/);
  assert.match(seen.payment.transfer.qrPng, /^data:image\/png;base64,/);
  assert.equal((await paper(mai, 'fee-receipt')).status, 409);
  const csv = `STT,Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Nội dung\n1,06/12/2026,FT9001,,8000,${accepted.code}`;
  const report = assertStatus(
    await counter.request('POST', `/agencies/${ward}/payment-statements`, csv, {
      raw: true,
      headers: { 'Content-Type': 'text/csv; charset=utf-8' },
    }),
    200,
  );
  assert.equal(report.matched, 1);
  const paid = assertStatus(
    await mai.get(`/portal/dossiers/${encodeURIComponent(accepted.code)}`),
    200,
  );
  assert.equal(paid.feePaid, true);
  assert.equal(paid.payment, null, 'nothing more to pay');
  const receipt = await paper(mai, 'fee-receipt');
  assert.equal(receipt.status, 200);
  assert.ok((await receipt.arrayBuffer()).byteLength > 1000);
});

test('wrong fields are named and a failed submission changes nothing', async () => {
  const before = assertStatus(await mai.get('/portal/dossiers'), 200).items.length;
  const birth = assertStatus(await upload(mai, 'giay-chung-sinh.png', PNG, 'image/png'), 201);
  const draft = assertStatus(await mai.post('/portal/drafts', { procedureCode: CODE }), 201);
  const body = await submission(mai, { birth: [birth.id] }, { draftId: draft.id });
  body.answers = answers({
    childName: '',
    requesterPhone: '12',
    birthDate: '2031-01-01',
    shoeSize: 42,
  });
  const res = await mai.post('/portal/dossiers', body);
  assertProblem(res, 422, 'validation', {
    fields: [
      ['form.childName', 'required'],
      ['form.requesterPhone', 'format'],
      ['form.birthDate', 'range'],
      ['form.shoeSize', 'unknown'],
    ],
  });
  // A required document missing, a file of someone else, a document the state's data cannot
  // replace: named too.
  const missing = await submission(mai, { birth: [] });
  missing.documents = [{ ordinal: 5, byData: true }];
  assertProblem(await mai.post('/portal/dossiers', missing), 422, 'validation', {
    fields: [['documents', 'missing']],
  });
  const foreign = assertStatus(await upload(other, 'khac.png', PNG, 'image/png'), 201);
  assertProblem(
    await mai.post('/portal/dossiers', await submission(mai, { birth: [foreign.id] })),
    422,
    'validation',
    { fields: ['documents[0].files'] },
  );
  const byData = await submission(mai, { birth: [birth.id] });
  byData.documents.push({ ordinal: 2, byData: true });
  assertProblem(await mai.post('/portal/dossiers', byData), 422, 'validation', {
    fields: [['documents[2].byData', 'data']],
  });
  // A stale form version: 409, the page reloads it.
  assertProblem(
    await mai.post(
      '/portal/dossiers',
      await submission(mai, { birth: [birth.id] }, { formId: 999999 }),
    ),
    409,
    'conflict',
  );
  // Nothing changed: no dossier, the upload and the draft still there.
  assert.equal(assertStatus(await mai.get('/portal/dossiers'), 200).items.length, before);
  assertStatus(await mai.get(`/portal/store/${birth.id}`), 200);
  assertStatus(await mai.get(`/portal/drafts/${draft.id}`), 200);
  assertStatus(await mai.delete(`/portal/drafts/${draft.id}`), 204);
});

test('a file that is not what it claims is refused', async () => {
  assertProblem(await upload(mai, 'giay-to.pdf', PNG, 'application/pdf'), 422, 'validation', {
    fields: [['file', 'claim']],
  });
  assertProblem(await upload(mai, 'anh.png', JPEG, 'image/png'), 422, 'validation', {
    fields: [['file', 'claim']],
  });
  assertProblem(
    await upload(mai, 'giay-to.pdf', Buffer.from('%PDF-1.7 but nothing else'), 'application/pdf'),
    422,
    'validation',
    {
      fields: ['file'],
    },
  );
  assertProblem(
    await upload(mai, 'trang.html', Buffer.from('<html>not a scan</html>'), 'text/html'),
    415,
    'unsupported',
  );
  assertProblem(
    await upload(mai, 'scan.tif', Buffer.from('II*\0tiff'), 'image/tiff', true),
    415,
    'unsupported',
  );
  assertProblem(await upload(mai, 'trong.png', Buffer.alloc(0), 'image/png'), 422, 'validation', {
    fields: ['file'],
  });
  assertProblem(await upload(counter, 'anh.png', PNG, 'image/png'), 403, 'forbidden');
});

test('drafts are saved, resumed and deleted by the submission', async () => {
  const birth = assertStatus(await upload(mai, 'giay-chung-sinh.png', PNG, 'image/png'), 201);
  const draft = assertStatus(
    await mai.post('/portal/drafts', {
      procedureCode: CODE,
      agencyId: ward,
      answers: { childName: 'Bé Nháp' },
      documents: [{ ordinal: 2, files: [{ id: birth.id, name: 'giay-chung-sinh.png' }] }],
    }),
    201,
  );
  const saved = assertStatus(
    await mai.request('PUT', `/portal/drafts/${draft.id}`, {
      procedureCode: CODE,
      agencyId: ward,
      answers: { childName: 'Bé Nháp', sex: 'nu' },
      documents: draft.documents,
    }),
    200,
  );
  assert.equal(saved.answers.sex, 'nu');
  const resumed = assertStatus(await mai.get(`/portal/drafts/${draft.id}`), 200);
  assert.equal(resumed.documents[0].files[0].name, 'giay-chung-sinh.png');
  assert.ok(
    assertStatus(await mai.get('/portal/drafts'), 200).items.some((d) => d.id === draft.id),
  );
  assertProblem(
    await mai.post('/portal/drafts', { procedureCode: CODE, answers: { nope: 'x' } }),
    422,
    'validation',
    { fields: ['form.nope'] },
  );
  const body = await submission(mai, { birth: [birth.id] }, { draftId: draft.id });
  assertStatus(await mai.post('/portal/dossiers', body), 201);
  assertProblem(await mai.get(`/portal/drafts/${draft.id}`), 404, 'not-found');
});

test('nobody else reads a citizen’s drafts, dossiers or store', async () => {
  const dossier = await submitted(mai);
  const draft = assertStatus(await mai.post('/portal/drafts', { procedureCode: CODE }), 201);
  const kept = assertStatus(await upload(mai, 'rieng.png', PNG, 'image/png', true), 201);
  for (const path of [
    `/portal/drafts/${draft.id}`,
    `/portal/dossiers/${dossier.code}`,
    `/portal/store/${kept.id}`,
    `/portal/store/${dossier.files[0].id}`,
  ]) {
    assertProblem(await other.get(path), 404, 'not-found');
  }
  assertProblem(
    await other.request('PUT', `/portal/drafts/${draft.id}`, { procedureCode: CODE }),
    404,
    'not-found',
  );
  assertProblem(await other.delete(`/portal/drafts/${draft.id}`), 404, 'not-found');
  assertProblem(await other.delete(`/portal/store/${kept.id}`), 404, 'not-found');
  assertProblem(
    await other.post(`/portal/dossiers/${dossier.code}/supplement`, { note: 'x' }),
    404,
    'not-found',
  );
  const theirs = assertStatus(await other.get('/portal/store'), 200).items;
  assert.ok(!theirs.some((f) => f.id === kept.id || f.dossier?.code === dossier.code));
  assert.ok(
    !assertStatus(await other.get('/portal/drafts'), 200).items.some((d) => d.id === draft.id),
  );
  assert.ok(
    !assertStatus(await other.get('/portal/dossiers'), 200).items.some(
      (d) => d.code === dossier.code,
    ),
  );
  // Staff use their own pages: the citizen's routes are not theirs.
  assertProblem(await counter.get('/portal/dossiers'), 403, 'forbidden');
  assertProblem(await counter.get(`/portal/store/${kept.id}`), 403, 'forbidden');
  assertProblem(await anyone.get('/portal/store'), 401, 'unauthenticated');
});

test('a supplement is asked, answered online and goes back to the desk', async () => {
  const dossier = await submitted(mai);
  assertProblem(
    await counter.post(`/dossiers/${dossier.code}/actions`, { action: 'request_supplement' }),
    422,
    'validation',
    {
      fields: ['reason'],
    },
  );
  await act(dossier.code, 'request_supplement', 'Giấy chứng sinh bị mờ, đề nghị chụp lại.');
  const asked = assertStatus(await mai.get(`/portal/dossiers/${dossier.code}`), 200);
  assert.equal(asked.state.name, 'wait_supplement');
  assert.equal(asked.supplementRequest.reason, 'Giấy chứng sinh bị mờ, đề nghị chụp lại.');
  assertProblem(
    await mai.post(`/portal/dossiers/${dossier.code}/supplement`, {}),
    422,
    'validation',
    {
      fields: ['files'],
    },
  );
  const clearer = assertStatus(
    await upload(mai, 'giay-chung-sinh-ro.jpg', JPEG, 'image/jpeg'),
    201,
  );
  const answered = assertStatus(
    await mai.post(`/portal/dossiers/${dossier.code}/supplement`, {
      note: 'Gửi bản chụp rõ hơn.',
      documents: [{ ordinal: 2, files: [clearer.id] }],
      expectedUpdatedAt: asked.updatedAt,
    }),
    200,
  );
  assert.equal(answered.state.name, 'new'); // back to the desk's acceptance
  assert.equal(answered.supplementRequest, null);
  assert.equal(answered.files.at(-1).kind, 'supplement');
  assert.match(answered.timeline.at(-1).note, /Gửi bản chụp rõ hơn/);
  // Answered once: a second answer is a conflict; the desk has it again.
  assertProblem(
    await mai.post(`/portal/dossiers/${dossier.code}/supplement`, { note: 'lại' }),
    409,
    'conflict',
  );
  const staffView = assertStatus(await counter.get(`/dossiers/${dossier.code}`), 200);
  assert.equal(staffView.state.name, 'new');
  assert.ok(staffView.actions.some((a) => a.name === 'accept'));
});

test('a refusal comes with its reason', async () => {
  const dossier = await submitted(mai);
  assertProblem(
    await counter.post(`/dossiers/${dossier.code}/actions`, { action: 'reject' }),
    422,
    'validation',
    {
      fields: ['reason'],
    },
  );
  await act(dossier.code, 'reject', 'Trẻ sinh ra ở xã khác: nộp tại nơi cư trú của cha, mẹ.');
  const seen = assertStatus(await mai.get(`/portal/dossiers/${dossier.code}`), 200);
  assert.equal(seen.state.name, 'rejected');
  assert.equal(seen.refusal.reason, 'Trẻ sinh ra ở xã khác: nộp tại nơi cư trú của cha, mẹ.');
});

test('an administrator sets a form: a new version, each wrong path named', async () => {
  const f = await form();
  const { id, number, procedureCode, ...definition } = f;
  // The same definition: unchanged (200); another: version n+1 (201).
  assert.equal(
    (await admin.request('PUT', `/portal/procedures/${CODE}/e-form`, definition)).status,
    200,
  );
  const changed = assertStatus(
    await admin.request('PUT', `/portal/procedures/${CODE}/e-form`, {
      ...definition,
      titleEn: 'Birth registration (v2)',
    }),
    201,
  );
  assert.equal(changed.number, number + 1);
  assert.notEqual(changed.id, id);
  assert.equal(changed.procedureCode, procedureCode);
  assertProblem(
    await admin.request('PUT', `/portal/procedures/${CODE}/e-form`, {
      title: 'X',
      sections: [{ title: 'A', fields: [{ name: '1x', label: 'L', type: 'colour' }] }],
    }),
    422,
    'validation',
    { fields: ['sections[0].fields[0].name', 'sections[0].fields[0].type'] },
  );
  assertProblem(
    await admin.request('PUT', `/portal/procedures/${CODE}/e-form`, { ...definition, extra: 1 }),
    422,
    'validation',
  );
  assertProblem(
    await counter.request('PUT', `/portal/procedures/${CODE}/e-form`, definition),
    403,
    'forbidden',
  );
  assertProblem(
    await mai.request('PUT', `/portal/procedures/${CODE}/e-form`, definition),
    403,
    'forbidden',
  );
  // A dossier keeps its version: the first dossier's e-form is still version `number`.
});
