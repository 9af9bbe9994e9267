// Satisfaction ratings and feedback (PAKN) (issue 13, item 7; docs/api.md "Ratings and
// feedback") against the real binary: a finished dossier is rated with its code and check digits
// (a wrong check and an unknown code answer alike; an unfinished one is refused; a second rating
// replaces the first within the change window), and at the desk; a PAKN is filed without an
// account, answered by the agency's officer, followed and judged by its filer, published without
// personal data; another agency's staff neither see nor answer it; bad fields are named and
// change nothing; the summary counts for Decision 766.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, loggedIn, startServer } from '../support/cqdt-server.mjs';

let server, counter, officer, leader, outsider, anyone, officerId;

before(async () => {
  server = await startServer({
    env: {
      CQDT_TRACKING_REQUESTS_PER_MINUTE: '200',
      CQDT_FEEDBACK_REQUESTS_PER_MINUTE: '200',
    },
  });
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.rachgia');
  leader = await loggedIn(server.baseUrl, 'lanhdao.rachgia');
  outsider = await loggedIn(server.baseUrl, 'motcua.phuquoc');
  anyone = new Client(server.baseUrl);
  const users = assertStatus(await counter.get('/users'), 200);
  officerId = users.items.find((u) => u.username === 'chuyenvien.rachgia').id;
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
});

const act = (client, code, body) => client.post(`/dossiers/${code}/actions`, body);

async function receive(phone) {
  return assertStatus(
    await counter.post('/dossiers', {
      procedureCode: '1.001193',
      channel: 'direct',
      applicant: { name: 'Nguyễn Thị Đánh Giá', phone },
      documents: [
        { ordinal: 1, provided: true },
        { ordinal: 2, provided: true },
        { ordinal: 5, byData: true },
      ],
      delivery: 'counter',
      fee: 0,
    }),
    201,
  );
}

// Received, processed, decided and handed over.
async function finished(phone) {
  const d = await receive(phone);
  assertStatus(await act(counter, d.code, { action: 'transfer', assigneeId: officerId }), 200);
  assertStatus(await act(officer, d.code, { action: 'complete_step' }), 200);
  assertStatus(
    await act(leader, d.code, { action: 'attach_result', resultNote: 'Giấy khai sinh số 7/2026' }),
    200,
  );
  assertStatus(await act(leader, d.code, { action: 'complete_step' }), 200);
  assertStatus(await act(leader, d.code, { action: 'finish' }), 200);
  assertStatus(await act(counter, d.code, { action: 'return', returnedTo: 'Nguyễn Thị Đánh Giá' }), 200);
  return d;
}

let done;

test('the options: levels, criteria and categories as data', async () => {
  const o = assertStatus(await anyone.get('/portal/feedback/options'), 200);
  assert.deepEqual(
    o.levels.map((l) => l.code),
    ['very_satisfied', 'satisfied', 'unsatisfied'],
  );
  assert.equal(o.levels.find((l) => l.code === 'unsatisfied').label, 'Không hài lòng');
  assert.ok(o.criteria.some((c) => c.code === 'attitude'));
  assert.deepEqual(
    o.categories.filter((c) => c.index766).map((c) => [c.code, c.index766]),
    [
      ['regulation', 'tthc'],
      ['staff', 'staff'],
    ],
  );
  assert.equal(o.answerWorkingDays, 10);
});

test('a finished dossier is rated with its code and check digits, once, then changed', async () => {
  const open = await receive('0905 111 001');
  const refused = await anyone.post('/portal/ratings', {
    code: open.code,
    check: '1001',
    overall: 'satisfied',
  });
  assertProblem(refused, 409, 'failed-precondition');

  done = await finished('0905 111 002');
  const view = assertStatus(
    await anyone.get(`/portal/ratings?code=${encodeURIComponent(done.code)}&check=1002`),
    200,
  );
  assert.equal(view.mayRate, true);
  assert.equal(view.rating, null);
  assert.equal(view.dossier.finished, true);
  assert.ok(!JSON.stringify(view).includes('Nguyễn Thị Đánh Giá'), 'no applicant name');

  // Wrong check, unknown code: one and the same answer.
  const misses = [
    await anyone.post('/portal/ratings', { code: done.code, check: '9999', overall: 'satisfied' }),
    await anyone.post('/portal/ratings', {
      code: done.code.replace(/\d{4}$/, '9999'),
      check: '1002',
      overall: 'satisfied',
    }),
  ];
  const details = misses.map((res) => assertProblem(res, 404, 'not-found').detail);
  assert.equal(new Set(details).size, 1, `one answer for every miss: ${details}`);

  // Bad fields are named, and nothing is written.
  assertProblem(
    await anyone.post('/portal/ratings', {
      code: done.code,
      check: '1002',
      overall: 'great',
      criteria: { mood: 'satisfied', time: 7 },
      comment: 'x'.repeat(1001),
    }),
    422,
    'validation',
    { fields: ['criteria.time'] },
  );
  assertProblem(
    await anyone.post('/portal/ratings', {
      code: done.code,
      check: '1002',
      overall: 'great',
      criteria: { mood: 'satisfied' },
      comment: 'x'.repeat(1001),
    }),
    422,
    'validation',
    { fields: ['overall', 'criteria.mood', 'comment'] },
  );
  assertProblem(
    await anyone.post('/portal/ratings', { code: done.code, check: '1002', note: 'x' }),
    422,
    'validation',
    { fields: ['note'] },
  );
  assert.equal(
    assertStatus(
      await anyone.get(`/portal/ratings?code=${encodeURIComponent(done.code)}&check=1002`),
      200,
    ).rating,
    null,
  );

  const first = await anyone.post('/portal/ratings', {
    code: done.code,
    check: '1002',
    overall: 'unsatisfied',
    criteria: { time: 'unsatisfied', attitude: 'satisfied' },
    comment: 'Chờ lâu.',
  });
  const rated = assertStatus(first, 201);
  assert.equal(rated.rating.overall.code, 'unsatisfied');
  assert.equal(rated.rating.channel, 'link');
  assert.deepEqual(
    rated.rating.criteria.map((c) => [c.code, c.level.code]),
    [
      ['time', 'unsatisfied'],
      ['attitude', 'satisfied'],
    ],
  );
  assert.match(rated.changeableUntil, /\+07:00$/);

  // Within the change window a second rating replaces the first.
  const again = assertStatus(
    await anyone.post('/portal/ratings', { code: done.code, check: '1002', overall: 'satisfied' }),
    200,
  );
  assert.equal(again.rating.overall.code, 'satisfied');
  assert.equal(again.rating.changes, 1);
  assert.equal(again.rating.ratedAt, rated.rating.ratedAt, 'the first rating time is kept');
});

test('the desk records a rating for its own dossiers; another agency does not see them', async () => {
  const d = await finished('0905 111 003');
  assertProblem(
    await outsider.post('/feedback/ratings', { code: d.code, overall: 'satisfied' }),
    404,
    'not-found',
  );
  assertProblem(
    await officer.post('/feedback/ratings', { code: d.code, overall: 'satisfied' }),
    403,
    'forbidden',
  );
  const desk = assertStatus(
    await counter.post('/feedback/ratings', { code: d.code, overall: 'very_satisfied' }),
    201,
  );
  assert.equal(desk.rating.channel, 'counter');
});

let petition;

test('a PAKN filed without an account is answered by the agency and seen by its filer', async () => {
  const before = assertStatus(await leader.get('/feedback/petitions'), 200).total;
  // Bad fields are named; nothing is filed.
  const bad = await anyone.post('/portal/feedback', {
    category: 'gossip',
    title: '',
    content: 'Nội dung',
    phone: '12ab',
  });
  assertProblem(bad, 422, 'validation', {
    fields: ['category', 'title', 'name', 'phone', 'agencyId'],
  });
  assertProblem(
    await anyone.post('/portal/feedback', {
      dossierCode: done.code,
      check: '0000',
      category: 'process',
      title: 'Chậm',
      content: 'Hồ sơ chậm.',
      name: 'Người Gửi',
      phone: '0905111002',
    }),
    404,
    'not-found',
  );
  assert.equal(assertStatus(await leader.get('/feedback/petitions'), 200).total, before);

  const filed = await anyone.post('/portal/feedback', {
    dossierCode: done.code,
    check: '1002',
    category: 'staff',
    title: 'Cán bộ hướng dẫn chưa rõ',
    content: 'Tôi phải đi lại hai lần vì thiếu hướng dẫn về giấy tờ.',
    name: 'Nguyễn Thị Đánh Giá',
    phone: '0905 111 002',
  });
  petition = assertStatus(filed, 201);
  assert.match(petition.code, /^PA-\d{6}-\d{4}$/);
  assert.match(petition.dueOn, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(petition.state.name, 'received');
  assert.equal(petition.dossierCode, done.code);
  assert.equal(petition.overdue, false);

  // The ward's leader is told, and sees it in the queue with the filer's contacts.
  const notices = assertStatus(await leader.get('/notifications?limit=50'), 200);
  assert.ok(notices.items.some((n) => n.kind === 'feedback.filed' && n.text.includes(petition.code)));
  const queue = assertStatus(await leader.get('/feedback/petitions'), 200);
  assert.equal(queue.total, before + 1);
  const seen = assertStatus(await leader.get(`/feedback/petitions/${petition.code}`), 200);
  assert.equal(seen.filer.phone, '0905 111 002');

  // Another agency's officer neither sees nor answers it.
  assertProblem(await outsider.get(`/feedback/petitions/${petition.code}`), 404, 'not-found');
  assertProblem(
    await outsider.post(`/feedback/petitions/${petition.code}/answer`, { answer: 'Không.' }),
    404,
    'not-found',
  );
  const theirs = assertStatus(await outsider.get('/feedback/petitions'), 200);
  assert.ok(!theirs.items.some((p) => p.code === petition.code));

  // Assigned to the officer, who answers and publishes it.
  assertProblem(
    await officer.post(`/feedback/petitions/${petition.code}/assign`, { assigneeId: officerId }),
    403,
    'forbidden',
  );
  assertStatus(
    await counter.post(`/feedback/petitions/${petition.code}/assign`, { assigneeId: officerId }),
    200,
  );
  assertProblem(
    await officer.post(`/feedback/petitions/${petition.code}/answer`, {
      answer: 'Đơn vị đã nhắc nhở.',
      publish: true,
    }),
    422,
    'validation',
    { fields: ['publicQuestion'] },
  );
  const answered = assertStatus(
    await officer.post(`/feedback/petitions/${petition.code}/answer`, {
      answer: 'Đơn vị đã nhắc nhở cán bộ và niêm yết hướng dẫn tại quầy.',
      publish: true,
      publicQuestion: 'Phản ánh về việc hướng dẫn thành phần hồ sơ chưa rõ.',
    }),
    200,
  );
  assert.equal(answered.state.name, 'answered');
  assertProblem(
    await leader.post(`/feedback/petitions/${petition.code}/answer`, { answer: 'Lần hai.' }),
    409,
    'conflict',
  );

  // The filer: the contact in another form opens it; a wrong one and an unknown code alike.
  const followed = assertStatus(
    await anyone.post('/portal/feedback/follow', { code: petition.code, contact: '+84905111002' }),
    200,
  );
  assert.equal(followed.answer, 'Đơn vị đã nhắc nhở cán bộ và niêm yết hướng dẫn tại quầy.');
  assert.equal(followed.answeredBy, '', 'no officer name for the filer');
  assert.equal(followed.assignee, null);
  const misses = [
    await anyone.post('/portal/feedback/follow', { code: petition.code, contact: '0905000000' }),
    await anyone.post('/portal/feedback/follow', {
      code: petition.code.replace(/\d{4}$/, '9999'),
      contact: '0905111002',
    }),
  ];
  const details = misses.map((res) => assertProblem(res, 404, 'not-found').detail);
  assert.equal(new Set(details).size, 1);

  // Published without the filer's name, contacts or text.
  const published = assertStatus(await anyone.get('/portal/feedback/published'), 200);
  const line = published.items.find((p) => p.code === petition.code);
  assert.ok(line, JSON.stringify(published));
  assert.equal(line.publicQuestion, 'Phản ánh về việc hướng dẫn thành phần hồ sơ chưa rõ.');
  const text = JSON.stringify(published);
  for (const secret of ['Nguyễn Thị Đánh Giá', '0905', 'đi lại hai lần']) {
    assert.ok(!text.includes(secret), `${secret} must not be public`);
  }

  // The filer's verdict, once.
  const verdict = assertStatus(
    await anyone.post(`/portal/feedback/${petition.code}/verdict`, {
      contact: '0905111002',
      satisfied: false,
      comment: 'Vẫn chưa rõ.',
    }),
    200,
  );
  assert.equal(verdict.verdict, 'unsatisfied');
  assertProblem(
    await anyone.post(`/portal/feedback/${petition.code}/verdict`, {
      contact: '0905111002',
      satisfied: true,
    }),
    409,
    'conflict',
  );
});

test('a PAKN about an agency is transferred to the competent one', async () => {
  const agencies = assertStatus(await leader.get('/agencies'), 200).items;
  const ward = agencies.find((a) => a.code === '000.00.41.H01');
  const other = agencies.find((a) => a.code === '000.00.51.H01');
  const filed = assertStatus(
    await anyone.post('/portal/feedback', {
      agencyId: ward.id,
      category: 'regulation',
      title: 'Thủ tục đăng ký tạm trú',
      content: 'Đề nghị công bố rõ thời hạn giải quyết.',
      name: 'Trần Văn Kiến',
      email: 'kien@example.vn',
    }),
    201,
  );
  assertProblem(
    await leader.post(`/feedback/petitions/${filed.code}/transfer`, { agencyId: ward.id }),
    422,
    'validation',
    { fields: ['reason'] },
  );
  const moved = assertStatus(
    await leader.post(`/feedback/petitions/${filed.code}/transfer`, {
      agencyId: other.id,
      reason: 'Thuộc thẩm quyền của đặc khu.',
    }),
    200,
  );
  assert.equal(moved.agencyId, other.id);
  assertProblem(await leader.get(`/feedback/petitions/${filed.code}`), 404, 'not-found');
  assertStatus(await outsider.get(`/feedback/petitions/${filed.code}`), 200);
  const followed = assertStatus(
    await anyone.post('/portal/feedback/follow', { code: filed.code, contact: 'KIEN@example.vn' }),
    200,
  );
  assert.equal(followed.events.at(-1).action, 'transfer');
});

test('the agency’s summary counts ratings and PAKN for Decision 766', async () => {
  const s = assertStatus(await leader.get('/feedback/summary'), 200);
  assert.ok(s.ratings.total >= 2, JSON.stringify(s.ratings));
  assert.equal(s.ratings.overall.length, 3);
  assert.ok(s.ratings.channels.link >= 1 && s.ratings.channels.counter >= 1);
  assert.ok(s.index766.dossiersRated >= 2);
  assert.ok(s.index766.dossiersWithPetition >= 1);
  assert.ok(s.index766.petitionsAnswered >= 1);
  assert.ok(s.index766.petitionsStaff >= 1);
  assertProblem(await leader.get('/feedback/summary?from=2026-13-01'), 422, 'validation', {
    fields: ['from'],
  });
});
