// The Decision 766 staff analysis (issue 13, item 9) against the real binary: which procedures
// and which dossiers cost a unit points, and why. The procedures' losses and what no procedure
// causes add up to the unit's loss; a dossier received at the counter is listed as not online;
// only the unit's leaders and counter officers (administrators: any unit, the province) see it;
// a bad period names "from". Runs on SQLite, and on PostgreSQL too when CQDT_TEST_PG names the
// test cluster (a database of its own).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, DEMO_PASSWORD, loggedIn, startServer } from '../support/cqdt-server.mjs';

const EN = { 'Accept-Language': 'en-US,en;q=0.9' };
const cluster = process.env.CQDT_TEST_PG;

function psql(sql) {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', cluster, '-c', sql], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function receive(counter, name) {
  return assertStatus(
    await counter.post('/dossiers', {
      procedureCode: '1.001193',
      channel: 'direct',
      applicant: { name, phone: '0903 766 100' },
      documents: [
        { ordinal: 1, provided: true },
        { ordinal: 2, provided: true },
        { ordinal: 5, byData: true },
      ],
      delivery: 'counter',
    }),
    201,
  );
}

const sum = (items, pick) => items.reduce((s, x) => s + pick(x), 0);

// What the analysis must show on either engine, for two dossiers received at the ward's desk.
async function checkContent(baseUrl) {
  const counter = await loggedIn(baseUrl, 'motcua.rachgia');
  const leader = await loggedIn(baseUrl, 'lanhdao.rachgia');
  const first = await receive(counter, 'Trần Văn Phân Tích');
  const second = await receive(counter, 'Lê Thị Phân Tích');
  const wardId = counter.user.agencyId;

  const a = assertStatus(await leader.get('/index766/analysis/procedures'), 200);
  assert.equal(a.scope, 'agency');
  assert.equal(a.unit.agencyId, wardId);
  assert.match(a.from, /^\d{4}-(01|04|07|10)-01$/);
  assert.ok(a.lost > 0);
  // The unit's score is the public index's.
  const index = assertStatus(
    await new Client(baseUrl).get(`/index766?from=${a.from}&to=${a.to}`),
    200,
  );
  const unit = index.units.find((u) => u.agencyId === wardId);
  assert.ok(unit);
  assert.equal(a.unit.score, unit.score);
  assert.ok(Math.abs(a.unit.maxScore - a.unit.score - a.lost) < 0.01);
  // The procedures' losses and what no procedure causes add up to the unit's loss.
  const attributed = sum(a.procedures, (p) => p.lost);
  const unattributed = sum(a.indicators, (i) => i.unattributed);
  assert.ok(
    Math.abs(attributed + unattributed - a.lost) < 0.001 * (a.procedures.length + 1),
    `${attributed} + ${unattributed} = ${a.lost}`,
  );
  a.procedures.forEach((p, i) => {
    if (i > 0) assert.ok(p.lost <= a.procedures[i - 1].lost, 'most points lost first');
  });
  const birth = a.procedures.find((p) => p.code === '1.001193');
  assert.ok(birth);
  const online = birth.indicators.find((i) => i.code === 'ONLINE_DOSSIERS');
  assert.ok(online.denominator >= 2);
  assert.ok(online.denominator - online.numerator >= 2);
  const onlineLoss = a.indicators.find((i) => i.code === 'ONLINE_DOSSIERS');
  assert.equal(onlineLoss.level, 'dossier');
  assert.equal(onlineLoss.group, 'online');
  assert.equal(a.indicators.find((i) => i.code === 'DOSSIER_SYNC').status, 'external');

  // Both dossiers are listed as not submitted online, with the indicator and a label.
  const page = assertStatus(
    await leader.get('/index766/analysis/dossiers?indicator=ONLINE_DOSSIERS&limit=100'),
    200,
  );
  assert.equal(page.indicator, 'ONLINE_DOSSIERS');
  assert.ok(page.total >= 2);
  for (const code of [first.code, second.code]) {
    const d = page.items.find((item) => item.code === code);
    assert.ok(d, `${code} is listed`);
    assert.equal(d.procedureCode, '1.001193');
    assert.ok(d.procedureName);
    assert.match(d.receivedAt, /\+07:00$/);
    assert.equal(d.finishedAt, null);
    const reason = d.reasons.find((r) => r.indicator === 'ONLINE_DOSSIERS');
    assert.deepEqual(reason, {
      code: 'not_online',
      label: 'Không nộp trực tuyến',
      indicator: 'ONLINE_DOSSIERS',
    });
    assert.ok(d.lost >= 0);
    assert.equal(JSON.stringify(d).includes('Phân Tích'), false, "no applicant's name");
    assert.equal(JSON.stringify(d).includes('0903 766 100'), false, "no applicant's phone");
  }
  page.items.forEach((d, i) => {
    if (i > 0) assert.ok(d.lost <= page.items[i - 1].lost, 'most points lost first');
  });
  // In English, the labels.
  const en = assertStatus(
    await leader.get('/index766/analysis/dossiers?indicator=ONLINE_DOSSIERS', { headers: EN }),
    200,
  );
  assert.equal(
    en.items[0].reasons.find((r) => r.code === 'not_online').label,
    'Not submitted online',
  );
  // One page at a time.
  const one = assertStatus(await leader.get('/index766/analysis/dossiers?limit=1'), 200);
  const next = assertStatus(await leader.get('/index766/analysis/dossiers?limit=1&offset=1'), 200);
  assert.equal(one.items.length, 1);
  assert.equal(next.items.length, 1);
  assert.equal(one.total, next.total);
  assert.notEqual(one.items[0].code, next.items[0].code);
}

describe('on SQLite', () => {
  let server;
  before(async () => {
    server = await startServer({ env: { CQDT_INDEX766_CACHE_SECONDS: '0' } });
  });
  after(async () => {
    if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
    await server?.stop();
  });

  test('the procedures and dossiers that cost the ward points, and why', async () => {
    await checkContent(server.baseUrl);
  });

  test('staff of the unit only; an administrator sees any unit and the province', async () => {
    const ward = await loggedIn(server.baseUrl, 'motcua.rachgia');
    const wardId = ward.user.agencyId;
    const elsewhere = await loggedIn(server.baseUrl, 'motcua.phuquoc');
    assertProblem(
      await elsewhere.get(`/index766/analysis/procedures?agencyId=${wardId}`),
      403,
      'forbidden',
    );
    assertProblem(
      await elsewhere.get(`/index766/analysis/dossiers?agencyId=${wardId}`),
      403,
      'forbidden',
    );
    // Their own unit by default.
    const own = assertStatus(await elsewhere.get('/index766/analysis/procedures'), 200);
    assert.equal(own.unit.agencyId, elsewhere.user.agencyId);
    // An officer without the statistics' roles, a citizen, nobody.
    const officer = await loggedIn(server.baseUrl, 'chuyenvien.rachgia');
    assertProblem(await officer.get('/index766/analysis/procedures'), 403, 'forbidden');
    const citizen = await loggedIn(server.baseUrl, '091095000123', DEMO_PASSWORD, 'citizen');
    assertProblem(await citizen.get('/index766/analysis/dossiers'), 403, 'forbidden');
    assertProblem(
      await new Client(server.baseUrl).get('/index766/analysis/procedures'),
      401,
      'unauthenticated',
    );
    // The province: administrators only.
    assertProblem(await ward.get('/index766/analysis/procedures?scope=province'), 403, 'forbidden');
    const admin = await loggedIn(server.baseUrl, 'admin');
    const province = assertStatus(
      await admin.get('/index766/analysis/procedures?scope=province'),
      200,
    );
    assert.equal(province.scope, 'province');
    assert.equal(province.unit.level, 'province');
    assert.equal(province.unit.agencyName, 'Ủy ban nhân dân tỉnh An Giang');
    const theirs = assertStatus(
      await admin.get(`/index766/analysis/dossiers?agencyId=${wardId}`),
      200,
    );
    assert.equal(theirs.agencyId, wardId);
    assertProblem(
      await admin.get('/index766/analysis/procedures?agencyId=999999'),
      404,
      'not-found',
    );
  });

  test('bad input names its field', async () => {
    const leader = await loggedIn(server.baseUrl, 'lanhdao.rachgia');
    for (const [query, field] of [
      ['from=2026-13-01&to=2026-12-31', 'from'],
      ['from=2026-12-31&to=2026-01-01', 'to'],
      ['indicator=DOSSIER_SYNC', 'indicator'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['offset=-1', 'offset'],
      ['scope=everywhere', 'scope'],
      ['agencyId=x', 'agencyId'],
    ]) {
      assertProblem(await leader.get(`/index766/analysis/dossiers?${query}`), 422, 'validation', {
        fields: [field],
      });
    }
    assertProblem(
      await leader.get('/index766/analysis/procedures?from=2026-02-30&to=2026-03-31'),
      422,
      'validation',
      { fields: ['from'] },
    );
  });
});

describe('on PostgreSQL', { skip: cluster ? false : 'CQDT_TEST_PG is not set' }, () => {
  const dbName = `api_index766_${randomBytes(6).toString('hex')}`;
  let server;
  before(async () => {
    psql(`CREATE DATABASE ${dbName}`);
    const url = new URL(cluster);
    url.pathname = `/${dbName}`;
    server = await startServer({
      db: url.toString(),
      env: { CQDT_INDEX766_CACHE_SECONDS: '0' },
    });
  });
  after(async () => {
    await server?.stop();
    psql(`DROP DATABASE IF EXISTS ${dbName}`);
  });

  test('the procedures and dossiers that cost the ward points, and why', async () => {
    await checkContent(server.baseUrl);
  });
});
