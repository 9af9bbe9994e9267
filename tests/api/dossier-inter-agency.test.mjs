// An inter-agency dossier (issue 12 item 3, liên thông) against the demo catalogue: the
// province's Public Administration Service Centre receives a first land registration
// (1.012753) that Sở Nông nghiệp và Môi trường decides, and whose field check is performed by
// the commune where the land lies — phường Rạch Giá, chosen at the counter. The ward's leaders
// hear of the step handed to their agency, its officer finds it among their own work and
// completes it, the department decides, and the centre's desk returns the result. Each agency
// acts only on its own steps; an agency with no part in it sees nothing.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { loggedIn, startServer } from '../support/cqdt-server.mjs';

const CENTRE = '000.00.14.H01';
const DEPARTMENT = '000.00.05.H01';
const WARD = '000.00.41.H01';

let server, admin, agencies;

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
  agencies = assertStatus(await admin.get('/agencies?limit=200'), 200).items;
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
});

const agencyId = (code) => agencies.find((a) => a.code === code).id;

// {client, id} of a demo account.
async function demoStaff(username) {
  const client = await loggedIn(server.baseUrl, username);
  const users = assertStatus(await client.get('/users'), 200).items;
  return { client, id: users.find((u) => u.username === username).id };
}

const act = (client, code, body) => client.post(`/dossiers/${code}/actions`, body);

test('a land registration moves from the centre through the ward to the department and back', async () => {
  // The centre's desk and the department's officer and leader are demo accounts.
  const desk = await demoStaff('motcua.tthcc');
  const expert = await demoStaff('chuyenvien.snnmt');
  const director = await demoStaff('lanhdao.snnmt');
  const wardOfficer = await loggedIn(server.baseUrl, 'chuyenvien.rachgia');
  const wardLeader = await loggedIn(server.baseUrl, 'lanhdao.rachgia');
  const outsider = await loggedIn(server.baseUrl, 'motcua.phuquoc');
  const wardOfficerId = assertStatus(await wardOfficer.get('/users'), 200).items.find(
    (u) => u.username === 'chuyenvien.rachgia',
  ).id;

  const input = {
    procedureCode: '1.012753',
    channel: 'direct',
    decidingAgencyId: agencyId(DEPARTMENT),
    applicant: { name: 'Công ty TNHH Nông sản Kiên Giang', idNumber: '1701234567' },
    documents: [1, 2, 3, 4].map((ordinal) => ({ ordinal, provided: true })),
    delivery: 'counter',
  };
  // The field check is the commune's: the counter must say which one, and only for that step.
  assertProblem(await desk.client.post('/dossiers', input), 422, 'validation', {
    fields: ['stepAgencies'],
  });
  assertProblem(
    await desk.client.post('/dossiers', {
      ...input,
      stepAgencies: [{ ordinal: 3, agencyId: agencyId(WARD) }],
    }),
    422,
    'validation',
    { fields: ['stepAgencies[0].ordinal', 'stepAgencies'] },
  );
  assertProblem(
    await desk.client.post('/dossiers', { ...input, stepAgencies: [{ ordinal: 2 }] }),
    422,
    'validation',
    { fields: ['stepAgencies[0]'] },
  );
  let d = assertStatus(
    await desk.client.post('/dossiers', {
      ...input,
      stepAgencies: [{ ordinal: 2, agencyId: agencyId(WARD) }],
    }),
    201,
  );
  const code = d.code;
  assert.match(code, /^000\.00\.14\.H01-\d{6}-\d{4}$/);
  assert.deepEqual(
    d.steps.map((s) => [s.performer, s.agency.id]),
    [
      ['counter', agencyId(CENTRE)],
      ['other_agency', agencyId(WARD)],
      ['officer', agencyId(DEPARTMENT)],
      ['leader', agencyId(DEPARTMENT)],
      ['counter', agencyId(CENTRE)],
    ],
  );
  assert.equal(d.steps[1].agency.name, 'Ủy ban nhân dân phường Rạch Giá');
  // Each agency's share of the deadline is its steps' hours (45.5 for the ward's field check).
  assert.equal(d.steps[1].hours, 45.5);

  // Handed on with nobody named: the ward's leaders hear of it.
  d = assertStatus(await act(desk.client, code, { action: 'transfer' }), 200);
  assert.equal(d.state.name, 'processing');
  assert.ok(d.steps[1].startedAt);
  const notices = assertStatus(await wardLeader.get('/notifications'), 200).items;
  assert.ok(
    notices.some((n) => n.link === `/mot-cua/ho-so/${code}`),
    JSON.stringify(notices.map((n) => n.link)),
  );
  // The ward's leader names the officer (a person of the department would be refused).
  assertProblem(
    await act(wardLeader, code, { action: 'reassign', assigneeId: expert.id }),
    422,
    'validation',
    { fields: ['assigneeId'] },
  );
  assertStatus(await act(wardLeader, code, { action: 'reassign', assigneeId: wardOfficerId }), 200);
  const mine = assertStatus(await wardOfficer.get('/dossiers?queue=mine'), 200);
  assert.ok(
    mine.items.some((i) => i.code === code && i.currentStep === 'Kiểm tra thực địa tại cấp xã'),
    JSON.stringify(mine.items),
  );
  // The department may not do the ward's step, nor the ward the department's decisions.
  assertProblem(await act(expert.client, code, { action: 'complete_step' }), 403, 'forbidden');
  assertProblem(
    await act(wardOfficer, code, { action: 'attach_result', resultNote: 'x' }),
    403,
    'forbidden',
  );
  d = assertStatus(
    await act(wardOfficer, code, {
      action: 'complete_step',
      reason: 'Hiện trạng sử dụng đất đúng hồ sơ, không tranh chấp.',
      assigneeId: expert.id,
    }),
    200,
  );
  assert.ok(d.steps[1].finishedAt);
  assert.equal(d.steps[2].assignee.id, expert.id);

  // The department decides; the centre's desk returns the result.
  assertStatus(await act(expert.client, code, { action: 'complete_step', reason: 'Đủ điều kiện.' }), 200);
  assertStatus(
    await act(director.client, code, {
      action: 'attach_result',
      resultNote: 'Giấy chứng nhận quyền sử dụng đất số CS 012345',
    }),
    200,
  );
  assertStatus(await act(director.client, code, { action: 'complete_step' }), 200);
  d = assertStatus(await act(director.client, code, { action: 'finish' }), 200);
  assert.equal(d.state.name, 'done');
  d = assertStatus(await act(desk.client, code, { action: 'return', returnedTo: 'Ông Lê Văn Nhận' }), 200);
  assert.equal(d.state.name, 'returned');
  assert.ok(d.steps[4].finishedAt);

  // Everyone with a part reads it; an agency without one does not.
  for (const c of [desk.client, expert.client, wardOfficer]) {
    assertStatus(await c.get(`/dossiers/${code}`), 200);
  }
  assertProblem(await outsider.get(`/dossiers/${code}`), 404, 'not-found');
  // The process control slip names the ward on its step.
  const slip = await fetch(`${server.baseUrl}/api/v1/dossiers/${code}/forms/control`, {
    headers: { Cookie: desk.client.cookieHeader() },
  });
  assert.equal(slip.status, 200);
});
