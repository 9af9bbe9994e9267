// The counter queue (issue 12, item 5) against the real binary: the ward's leader sets up two
// counters, the hall's kiosk (no session) takes tickets by service, the display reads the board,
// the counter officer calls the next numbers, recalls one and marks one absent. Refusals name
// the field or the rule.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, loggedIn, startServer } from '../support/cqdt-server.mjs';

const DESK = '000.00.41.H01';
let server, leader, counter, officer, kiosk;

before(async () => {
  server = await startServer();
  leader = await loggedIn(server.baseUrl, 'lanhdao.rachgia');
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.rachgia');
  kiosk = new Client(server.baseUrl);
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
});

test('the kiosk issues tickets by service, the counters call them, the board shows them', async () => {
  const board0 = assertStatus(await kiosk.get(`/queue/${DESK}/board`), 200);
  assert.ok(board0.services.some((s) => s.name === 'Hộ tịch'), JSON.stringify(board0.services));
  const hotich = board0.services.find((s) => s.name === 'Hộ tịch').code;
  const one = assertStatus(
    await leader.post('/queue/counters', { name: 'Quầy 1', services: [hotich] }),
    201,
  );
  const two = assertStatus(await leader.post('/queue/counters', { name: 'Quầy 2' }), 201);
  assertProblem(await leader.post('/queue/counters', { name: 'Quầy 1' }), 409, 'conflict');
  assertProblem(await counter.post('/queue/counters', { name: 'Quầy 3' }), 403, 'forbidden');
  assertProblem(await leader.post('/queue/counters', { name: '' }), 422, 'validation', {
    fields: ['name'],
  });

  const a = assertStatus(await kiosk.post(`/queue/${DESK}/tickets`, { service: hotich }), 201);
  const b = assertStatus(await kiosk.post(`/queue/${DESK}/tickets`, {}), 201);
  assert.equal(b.number, a.number + 1);
  assert.equal(b.waitingBefore, 1);
  assertProblem(await kiosk.post(`/queue/${DESK}/tickets`, { service: 'KHONG-CO' }), 422, 'validation', {
    fields: ['service'],
  });
  assertProblem(await kiosk.post('/queue/000.00.99.H01/tickets', {}), 404, 'not-found');
  assert.equal(assertStatus(await kiosk.get(`/queue/${DESK}/board`), 200).waiting, 2);

  const called = assertStatus(await counter.post(`/queue/counters/${one.id}/call-next`, {}), 200);
  assert.equal(called.current.number, a.number);
  assert.equal(called.current.stateLabel, 'Đang phục vụ');
  const recalled = assertStatus(await counter.post(`/queue/counters/${one.id}/recall`, {}), 200);
  assert.equal(recalled.current.calls, 2);
  const second = assertStatus(await counter.post(`/queue/counters/${two.id}/call-next`, {}), 200);
  assert.equal(second.current.number, b.number);
  const board = assertStatus(await kiosk.get(`/queue/${DESK}/board`), 200);
  assert.equal(board.waiting, 0);
  assert.deepEqual(
    board.serving.map((t) => [t.counter, t.number]).sort(),
    [
      ['Quầy 1', a.number],
      ['Quầy 2', b.number],
    ].sort(),
  );
  const absent = assertStatus(await counter.post(`/queue/counters/${two.id}/absent`, {}), 200);
  assert.equal(absent.current, null);
  assertProblem(await counter.post(`/queue/counters/${two.id}/recall`, {}), 409, 'failed-precondition');
  // Only counter officers call numbers; other desks do not see this one's counters.
  assertProblem(await officer.post(`/queue/counters/${one.id}/call-next`, {}), 403, 'forbidden');
  const outsider = await loggedIn(server.baseUrl, 'motcua.phuquoc');
  assertProblem(await outsider.post(`/queue/counters/${one.id}/call-next`, {}), 404, 'not-found');
  const listed = assertStatus(await counter.get('/queue/counters'), 200);
  assert.equal(listed.agencyCode, DESK);
  assert.deepEqual(listed.items.map((c) => c.name), ['Quầy 1', 'Quầy 2']);
});
