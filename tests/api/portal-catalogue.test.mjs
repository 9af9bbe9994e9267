// The portal's procedure catalogue (issue 13, item 1) against the real binary: the demo life
// events are public and filter the catalogue; each facet (sectors, agencies, life events) counts
// what the other filters leave; an English reader gets the English names; only an administrator
// replaces the list, which is checked field by field and left as it was on any error.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, REPO_ROOT, loggedIn, startServer } from '../support/cqdt-server.mjs';

let server, admin, clerk, anyone;
const demo = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'src/app/demo/life-events.json'), 'utf8'),
).lifeEvents;

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
  clerk = await loggedIn(server.baseUrl, 'motcua.rachgia');
  anyone = new Client(server.baseUrl);
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
});

test('the demo life events are public and each filters the catalogue to its procedures', async () => {
  const list = assertStatus(await anyone.get('/portal/life-events'), 200);
  assert.deepEqual(
    list.items.map((e) => e.code),
    demo.map((e) => e.code),
  );
  const child = list.items.find((e) => e.code === 'sinh-con');
  assert.equal(child.name, 'Sinh con');
  assert.equal(child.label, 'Sinh con');
  assert.deepEqual(child.procedures, ['1.001193', '2.000528', '2.000635']);

  const all = assertStatus(await anyone.get('/procedures?limit=500'), 200);
  assert.deepEqual(
    all.lifeEvents.map((e) => [e.code, e.count]),
    demo.map((e) => [e.code, e.procedures.length]),
  );
  assert.ok(all.agencies.length > 10, 'the agencies that perform procedures, with counts');
  for (const a of all.agencies) assert.ok(a.id > 0 && a.name && a.count > 0);

  const born = assertStatus(await anyone.get('/procedures?lifeEvent=sinh-con&limit=500'), 200);
  assert.deepEqual(born.items.map((p) => p.code).sort(), [...child.procedures].sort());
  // The event facet ignores the event filter; the sector facet follows it.
  assert.equal(born.lifeEvents.length, demo.length);
  assert.deepEqual(
    born.sectors.map((s) => s.name),
    ['Hộ tịch'],
  );

  // Filters add up: an event, a sector, a commune that performs it.
  const ward = born.agencies.find((a) => a.name.includes('Rạch Giá'));
  assert.ok(ward, JSON.stringify(born.agencies.slice(0, 5)));
  const narrowed = assertStatus(
    await anyone.get(
      `/procedures?lifeEvent=nha-o-dat-dai&level=commune&agencyId=${ward.id}&limit=500`,
    ),
    200,
  );
  assert.ok(narrowed.total > 0);
  for (const p of narrowed.items) assert.equal(p.level, 'commune');

  assertProblem(await anyone.get('/procedures?lifeEvent=khong-co'), 422, 'validation', {
    fields: [['lifeEvent', 'unknown']],
  });
});

test('an English reader gets the English names of the life events', async () => {
  const en = { headers: { 'Accept-Language': 'en' } };
  const list = assertStatus(await anyone.get('/portal/life-events', en), 200);
  assert.equal(list.items.find((e) => e.code === 'ket-hon').label, 'Getting married');
  const all = assertStatus(await anyone.get('/procedures?limit=1', en), 200);
  assert.equal(all.lifeEvents.find((e) => e.code === 'ket-hon').label, 'Getting married');
});

test('only an administrator replaces the life events; an error names the field and changes nothing', async () => {
  const earlier = assertStatus(await anyone.get('/portal/life-events'), 200);
  const mine = [
    { code: 'lam-nha', name: 'Làm nhà', nameEn: 'Building a home', procedures: ['1.013225'] },
  ];
  assertProblem(await clerk.put('/portal/life-events', { lifeEvents: mine }), 403, 'forbidden');
  assertProblem(
    await anyone.put('/portal/life-events', { lifeEvents: mine }),
    401,
    'unauthenticated',
  );
  assertProblem(
    await admin.put('/portal/life-events', {
      lifeEvents: [
        ...mine,
        { code: 'Lam Nha', name: '', procedures: ['9.999999', 42] },
        { code: 'lam-nha', name: 'Trùng mã', extra: true },
      ],
    }),
    422,
    'validation',
    {
      fields: [
        ['lifeEvents[1].procedures[1]', 'type'],
        ['lifeEvents[2].extra', 'unknown'],
      ],
    },
  );
  assertProblem(
    await admin.put('/portal/life-events', {
      lifeEvents: [
        ...mine,
        { code: 'Lam Nha', name: ' ', procedures: ['9.999999'] },
        { code: 'lam-nha', name: 'Trùng' },
      ],
    }),
    422,
    'validation',
    {
      fields: [
        ['lifeEvents[1].code', 'format'],
        ['lifeEvents[1].name', 'required'],
        ['lifeEvents[1].procedures[0]', 'unknown'],
        ['lifeEvents[2].code', 'duplicate'],
      ],
    },
  );
  assert.deepEqual(assertStatus(await anyone.get('/portal/life-events'), 200), earlier);

  const saved = assertStatus(await admin.put('/portal/life-events', { lifeEvents: mine }), 200);
  assert.deepEqual(
    saved.items.map((e) => [e.code, e.name, e.nameEn, e.procedures]),
    [['lam-nha', 'Làm nhà', 'Building a home', ['1.013225']]],
  );
  const all = assertStatus(await anyone.get('/procedures?limit=1'), 200);
  assert.deepEqual(all.lifeEvents, [{ code: 'lam-nha', label: 'Làm nhà', count: 1 }]);
  // Put the demo list back for the other tests of this server.
  assertStatus(await admin.put('/portal/life-events', { lifeEvents: demo }), 200);
});
