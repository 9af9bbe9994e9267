// Public dossier tracking (issue 13, item 5: GET /api/v1/portal/tracking?code=&check=) against
// the real binary: a dossier received at the counter is found by its code and the last 4 digits
// of the applicant's phone or ID number without signing in; a wrong check, an unknown code and a
// dossier whose applicant gave neither number answer alike; no name, contact, note or officer
// crosses; malformed input names its field; attempts are limited per client address.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, loggedIn, startServer } from '../support/cqdt-server.mjs';

let server, counter, anyone;

before(async () => {
  server = await startServer({ env: { CQDT_TRACKING_REQUESTS_PER_MINUTE: '12' } });
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  anyone = new Client(server.baseUrl);
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
});

async function receive(applicant) {
  return assertStatus(
    await counter.post('/dossiers', {
      procedureCode: '1.001193',
      channel: 'direct',
      applicant,
      documents: [
        { ordinal: 1, provided: true },
        { ordinal: 2, provided: true },
        { ordinal: 5, byData: true },
      ],
      delivery: 'counter',
      note: 'Ghi chú nội bộ của bộ phận một cửa',
    }),
    201,
  );
}

const track = (code, check) =>
  anyone.get(
    `/portal/tracking?code=${encodeURIComponent(code)}&check=${encodeURIComponent(check)}`,
  );

let dossier, bare;

test('the code and the last 4 digits of the phone or ID number show the dossier to anyone', async () => {
  dossier = await receive({
    name: 'Nguyễn Văn Tra Cứu',
    idNumber: '091234567890',
    phone: '0912 345 678',
    address: '12 Trần Phú, Rạch Giá',
  });
  for (const check of ['5678', '7890']) {
    const res = await track(dossier.code, check);
    const t = assertStatus(res, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(t.code, dossier.code);
    assert.equal(t.procedure.code, '1.001193');
    assert.equal(t.state.name, 'received');
    assert.ok(t.state.label.length > 0);
    assert.equal(t.appointmentAt, dossier.appointmentAt);
    assert.match(t.appointmentAt, /\+07:00$/);
    assert.ok(t.receivingAgencyName.length > 0);
    assert.equal(t.timeline[0].action, 'receive');
    const text = JSON.stringify(t);
    for (const secret of [
      'Nguyễn Văn Tra Cứu',
      '0912',
      '091234567890',
      'Trần Phú',
      'Ghi chú nội bộ',
      'motcua',
    ]) {
      assert.ok(!text.includes(secret), `${secret} must not be public: ${text}`);
    }
  }
});

test('a wrong check, an unknown code and a numberless applicant get the same 404', async () => {
  bare = await receive({ name: 'Người Không Số' });
  const answers = [
    await track(dossier.code, '1234'),
    await track(dossier.code.replace(/\d{4}$/, '9999'), '5678'),
    await track(bare.code, '0000'),
  ];
  const details = answers.map((res) => assertProblem(res, 404, 'not-found').detail);
  assert.equal(new Set(details).size, 1, `one answer for every miss: ${details}`);
  assert.ok(!details[0].includes(dossier.code));
});

test('a malformed code or check names its field', async () => {
  const res = await track("x' OR 1=1 --", '12a4');
  const p = assertProblem(res, 422, 'validation', { fields: ['code', 'check'] });
  assert.ok(p.detail.length > 0);
  assertProblem(await anyone.get('/portal/tracking'), 422, 'validation', {
    fields: ['code', 'check'],
  });
});

test('attempts are limited per client address, found or not', async () => {
  let limited;
  for (let i = 0; i < 20 && !limited; i++) {
    const res = await track(dossier.code, '1111');
    if (res.status === 429) limited = res;
    else assertProblem(res, 404, 'not-found');
  }
  assert.ok(limited, 'the 13th attempt within a minute is refused');
  assertProblem(limited, 429, 'rate-limited');
  assert.equal(limited.headers.get('retry-after'), '60');
});
