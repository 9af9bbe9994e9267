// The Decision 766 index, live (issue 13, item 9) against the real binary: anyone may read it
// without an account; the province and each unit carry the six groups of 100 points with every
// indicator's numerator, denominator and score; dossiers received and a fee paid by a matched
// bank transfer move the counts; bad dates name their field.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { Client, eventually, loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';

let server, counter, anyone;

before(async () => {
  // The nightly snapshot at hour 0: taken as the server starts, whatever the time of day.
  // Each answer computed afresh, so that the counts follow what the tests change.
  server = await startServer({
    env: { CQDT_INDEX766_SNAPSHOT_HOUR: '0', CQDT_INDEX766_CACHE_SECONDS: '0' },
  });
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  anyone = new Client(server.baseUrl);
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
});

const index = async (query = '') => assertStatus(await anyone.get(`/index766${query}`), 200);

function indicator(unit, code) {
  for (const g of unit.groups) {
    const found = g.indicators.find((i) => i.code === code);
    if (found) return found;
  }
  assert.fail(`no indicator ${code}`);
}

async function receive() {
  return assertStatus(
    await counter.post('/dossiers', {
      procedureCode: '1.001193',
      channel: 'direct',
      applicant: { name: 'Trần Văn Chỉ Số', phone: '0903 766 766' },
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

test('anyone reads the index: six groups of 100 points, ranked units, the current quarter', async () => {
  const body = await index();
  assert.match(body.from, /^\d{4}-(01|04|07|10)-01$/);
  assert.match(body.to, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(body.computedAt, /\+07:00$/);
  assert.ok(body.rulesVersion);
  assert.deepEqual(
    body.province.groups.map((g) => g.code),
    ['transparency', 'progress', 'online', 'payment', 'satisfaction', 'digitization'],
  );
  assert.equal(
    body.province.groups.reduce((sum, g) => sum + g.max, 0),
    100,
  );
  assert.equal(body.province.rank, null);
  assert.equal(body.province.agencyName, 'Ủy ban nhân dân tỉnh An Giang');
  // What only the national portal knows is shown as such, not as a zero.
  const sync = indicator(body.province, 'DOSSIER_SYNC');
  assert.equal(sync.status, 'external');
  assert.equal(sync.score, null);
  assert.ok(body.units.length > 0);
  body.units.forEach((u, i) => {
    if (i === 0) assert.equal(u.rank, 1);
    else if (u.score === body.units[i - 1].score) assert.equal(u.rank, body.units[i - 1].rank);
    else {
      assert.ok(u.score < body.units[i - 1].score, 'ranked by score');
      assert.equal(u.rank, i + 1, 'the units above it, plus one');
    }
    assert.ok(u.score <= u.maxScore);
  });
  // A commune is given the maximum of a province-only row (chi-so-766.md §4).
  const commune = body.units.find((u) => u.level === 'commune');
  assert.ok(commune);
  const row = indicator(commune, 'CITIZEN_DATA_CONNECTED_FORMALITY');
  assert.equal(row.status, 'not_applicable');
  assert.equal(row.score, 2);
});

test('dossiers received and a fee paid by transfer move the counts', async () => {
  const before = await index();
  const paying = await receive();
  await receive();
  const wardId = counter.user.agencyId;
  const csv = [
    'STT,Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Nội dung',
    `1,06/12/2026,FT766,,8000,${paying.code} nop phi`,
  ].join('\n');
  const report = assertStatus(
    await counter.request('POST', `/agencies/${wardId}/payment-statements`, csv, {
      raw: true,
      headers: { 'Content-Type': 'text/csv; charset=utf-8' },
    }),
    200,
  );
  assert.equal(report.matched, 1);

  const now = await index();
  const was = indicator(before.province, 'ONLINE_PAYMENT_DOSSIERS');
  const is = indicator(now.province, 'ONLINE_PAYMENT_DOSSIERS');
  assert.equal(is.denominator, was.denominator + 2);
  assert.equal(is.numerator, was.numerator + 1);
  const progress = indicator(now.province, 'PROGRESS_ON_TIME');
  assert.equal(
    progress.denominator,
    indicator(before.province, 'PROGRESS_ON_TIME').denominator + 2,
  );
  assert.ok(progress.score > 0);
  const reused = indicator(now.province, 'REUSED_DIGITIZED_DATA');
  assert.ok(reused.numerator >= 2, 'documents replaced by data count as reuse');
});

test('a PAKN filed about an agency counts for it in the satisfaction group', async () => {
  const wardId = counter.user.agencyId;
  const before = await index();
  const unitBefore = before.units.find((u) => u.agencyId === wardId);
  assertStatus(
    await anyone.post('/portal/feedback', {
      agencyId: wardId,
      category: 'regulation',
      title: 'Thời hạn giải quyết',
      content: 'Đề nghị niêm yết rõ thời hạn giải quyết tại bộ phận một cửa.',
      name: 'Lê Văn Chỉ Số',
      phone: '0903 766 001',
    }),
    201,
  );
  const now = await index();
  // Open within its answer time: on time so far.
  for (const [was, is] of [
    [before.province, now.province],
    [unitBefore, now.units.find((u) => u.agencyId === wardId)],
  ]) {
    const w = was
      ? indicator(was, 'PETITION_PROCESSING_ON_TIME')
      : { numerator: 0, denominator: 0 };
    const i = indicator(is, 'PETITION_PROCESSING_ON_TIME');
    assert.equal(i.denominator, w.denominator + 1);
    assert.equal(i.numerator, w.numerator + 1);
    // Not answered yet: nothing to be satisfied with.
    assert.equal(
      indicator(is, 'PETITION_HANDLING_SATISFACTION').denominator,
      indicator(was ?? is, 'PETITION_HANDLING_SATISFACTION').denominator,
    );
  }
});

test('by default an answer is reused for a while: it says when it was computed', async () => {
  const cached = await startServer({ env: { CQDT_INDEX766_SNAPSHOT_HOUR: '-1' } });
  try {
    const desk = await loggedIn(cached.baseUrl, 'motcua.rachgia');
    const reader = new Client(cached.baseUrl);
    const first = assertStatus(await reader.get('/index766'), 200);
    const received = await desk.post('/dossiers', {
      procedureCode: '1.001193',
      channel: 'direct',
      applicant: { name: 'Trần Văn Bộ Đệm', phone: '0903 766 002' },
      documents: [
        { ordinal: 1, provided: true },
        { ordinal: 2, provided: true },
        { ordinal: 5, byData: true },
      ],
      delivery: 'counter',
    });
    assertStatus(received, 201);
    const again = assertStatus(await reader.get('/index766'), 200);
    assert.equal(again.computedAt, first.computedAt);
    assert.deepEqual(again.province, first.province);
    // Another period is its own answer.
    const other = assertStatus(await reader.get('/index766?from=2026-01-01&to=2026-03-31'), 200);
    assert.equal(other.from, '2026-01-01');
  } finally {
    await cached.stop();
  }
});

test('a period without dossiers has no progress data; bad dates name their field', async () => {
  const old = await index('?from=2020-01-01&to=2020-03-31');
  const progress = indicator(old.province, 'PROGRESS_ON_TIME');
  assert.equal(progress.status, 'no_data');
  assert.equal(progress.score, null);

  assertProblem(await anyone.get('/index766?from=2026-13-01&to=2026-12-31'), 422, 'validation', {
    fields: ['from'],
  });
  assertProblem(await anyone.get('/index766?from=2026-12-31&to=2026-01-01'), 422, 'validation', {
    fields: ['to'],
  });
  assertProblem(await anyone.get('/index766?from=2010-01-01&to=2026-01-01'), 422, 'validation', {
    fields: ['to'],
  });
});

test("the day's snapshot is taken at start, once, for the province and each unit", async () => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
    new Date(),
  );
  const province = await eventually(async () => {
    const body = await assertStatus(await anyone.get('/index766/snapshots'), 200);
    assert.equal(body.items.length, 1, 'one snapshot so far');
    return body;
  });
  assert.equal(province.agencyId, null);
  const [snap] = province.items;
  assert.equal(snap.day, today);
  assert.equal(snap.to, today);
  assert.match(snap.from, /^\d{4}-(01|04|07|10)-01$/);
  assert.ok(snap.maxScore > 0 && snap.score <= snap.maxScore);
  assert.ok('progress' in snap.groups && 'transparency' in snap.groups);
  assert.equal(snap.groups.transparency, null, 'nothing local in transparency');

  const { units } = await index();
  const unit = await assertStatus(
    await anyone.get(`/index766/snapshots?agencyId=${units[0].agencyId}&from=${today}&to=${today}`),
    200,
  );
  assert.equal(unit.items.length, 1);
  assert.equal(unit.agencyId, units[0].agencyId);
  assertProblem(await anyone.get('/index766/snapshots?agencyId=x'), 422, 'validation', {
    fields: ['agencyId'],
  });
  assert.equal(
    (await assertStatus(await anyone.get('/index766/snapshots?from=2020-01-01&to=2020-12-31'), 200))
      .items.length,
    0,
  );
});

test('a rules file that is not valid stops the server at start, naming the member', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cqdt-rules-'));
  try {
    const rules = path.join(dir, 'qd766.json');
    // A group whose maximum is not its indicators' sum.
    writeFileSync(
      rules,
      JSON.stringify({
        version: 'x',
        effectiveFrom: '2025-07-01',
        groups: [
          {
            code: 'progress',
            name: 'Tiến độ',
            max: 25,
            indicators: [
              {
                code: 'PROGRESS_ON_TIME',
                name: 'Đúng hạn',
                max: 20,
                rule: 'linear',
                zeroDenominator: 'none',
                scope: 'province_commune',
                source: 'local',
              },
            ],
          },
        ],
      }),
    );
    const config = path.join(dir, 'cqdt.toml');
    const serve = () =>
      runCli([
        'serve',
        '--config',
        config,
        '--data-dir',
        path.join(dir, 'data'),
        '--listen',
        '127.0.0.1:0',
      ]);
    writeFileSync(config, `[index766]\nrules_file = "${rules}"\n`);
    const bad = serve();
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /Tệp quy tắc chỉ số 766 không hợp lệ tại 'groups\[0\]\.max'/);

    writeFileSync(config, `[index766]\nrules_file = "${path.join(dir, 'none.json')}"\n`);
    const missing = serve();
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /index766\.rules_file: Không đọc được tệp quy tắc chỉ số 766/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
