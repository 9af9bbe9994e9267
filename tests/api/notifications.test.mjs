// Notifications (issue 10, item 5): the signed-in person's own notices from the notify outbox,
// created here with `cqdt notify send` (there is no producer in the domain yet): the empty list,
// the texts in the request's language, unread counts, marking read (one's own only), CSRF,
// validation, who may call, and the CLI's own checks.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus, assertVietnamese } from '../support/api-assert.mjs';
import { Client, loggedIn, runCli, startServer } from '../support/cqdt-server.mjs';

let server;
let officer; // chuyenvien.snv
let clerk; // vanthu.ubnd
const EN = { 'Accept-Language': 'en-US,en;q=0.9,vi;q=0.5' };

before(async () => {
  server = await startServer();
  officer = await loggedIn(server.baseUrl, 'chuyenvien.snv');
  clerk = await loggedIn(server.baseUrl, 'vanthu.ubnd');
});
after(async () => {
  await server?.stop();
});

const cli = (args) => runCli([...args, '--db', server.dbUrl, '--data-dir', server.dataDir]);

let sent = 0;
// `cqdt notify send` with a fresh entity id (so the dedup key is new); returns the notice's id.
function send(user, { kind = 'documents.assigned', link = '/ky-so', vi, en, extra = [] } = {}) {
  sent += 1;
  const r = cli([
    'notify',
    'send',
    '--user',
    user,
    '--kind',
    kind,
    '--text-vi',
    vi ?? `Văn bản số ${sent} được giao cho bạn xử lý.`,
    '--text-en',
    en ?? `Document ${sent} was assigned to you.`,
    '--link',
    link,
    '--entity-type',
    'documents.document',
    '--entity-id',
    `t${sent}`,
    ...extra,
  ]);
  assert.equal(r.code, 0, `notify send: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  const m = /\(id (\d+)/.exec(r.stdout);
  assert.ok(m, `the id is printed: ${r.stdout}`);
  return Number(m[1]);
}

const list = async (client, query = '', opts) =>
  assertStatus(await client.get(`/notifications${query}`, opts), 200);

test('anonymous callers get 401', async () => {
  const anon = new Client(server.baseUrl);
  assertProblem(await anon.get('/notifications'), 401, 'unauthenticated');
  assertProblem(await anon.post('/notifications/read', { all: true }), 401, 'unauthenticated');
});

test('a person without notices gets an empty list', async () => {
  const leader = await loggedIn(server.baseUrl, 'admin');
  assert.deepEqual(await list(leader), { items: [], total: 0, unread: 0 });
  assert.deepEqual(await list(leader, '?unread=true&limit=5&offset=0'), {
    items: [],
    total: 0,
    unread: 0,
  });
});

test('notices are listed newest first, in the language of the request, to their recipient only', async () => {
  const first = send('chuyenvien.snv', {
    vi: 'Có văn bản mới cần xử lý.',
    en: 'A new document needs handling.',
  });
  const second = send('chuyenvien.snv', { link: '/xac-minh-chu-ky' });
  const hers = send('vanthu.ubnd');
  const page = await list(officer);
  assert.equal(page.total, 2);
  assert.equal(page.unread, 2);
  assert.deepEqual(
    page.items.map((n) => n.id),
    [second, first],
  );
  const n = page.items[1];
  assert.equal(n.text, 'Có văn bản mới cần xử lý.');
  assert.equal(n.kind, 'documents.assigned');
  assert.equal(n.link, '/ky-so');
  assert.equal(n.entityType, 'documents.document');
  assert.match(n.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(n.readAt, null);
  assert.equal(page.items[0].link, '/xac-minh-chu-ky');

  const res = await officer.get('/notifications', { headers: EN });
  assertStatus(res, 200);
  assert.equal(res.headers.get('content-language'), 'en');
  assert.match(res.headers.get('vary') ?? '', /Accept-Language/);
  assert.equal(res.body.items[1].text, 'A new document needs handling.');

  const clerkPage = await list(clerk);
  assert.deepEqual(
    clerkPage.items.map((x) => x.id),
    [hers],
  );
});

test("marking read: one's own only, counted, and the unread filter follows", async () => {
  const mine = send('chuyenvien.snv');
  const hers = send('vanthu.ubnd');
  const before = await list(officer);
  // The officer names the clerk's notice and one that does not exist: both are ignored.
  const res = await officer.post('/notifications/read', { ids: [mine, hers, 99999999] });
  assert.deepEqual(assertStatus(res, 200), { marked: 1, unread: before.unread - 1 });
  const again = await officer.post('/notifications/read', { ids: [mine] });
  assert.deepEqual(assertStatus(again, 200), { marked: 0, unread: before.unread - 1 });
  const unread = await list(officer, '?unread=true');
  assert.ok(!unread.items.some((n) => n.id === mine), 'a read notice leaves the unread list');
  assert.equal(unread.total, before.unread - 1);
  const all = await list(officer, '?unread=false&limit=100');
  assert.match(all.items.find((n) => n.id === mine).readAt, /Z$/);
  const clerkPage = await list(clerk);
  assert.equal(clerkPage.items.find((n) => n.id === hers).readAt, null, "the clerk's stays unread");
});

test('mark all read, and paging', async () => {
  send('chuyenvien.snv');
  send('chuyenvien.snv');
  const page = await list(officer, '?limit=1&offset=1');
  assert.equal(page.items.length, 1);
  assert.ok(page.total >= 4);
  const res = await officer.post('/notifications/read', { all: true });
  const body = assertStatus(res, 200);
  assert.ok(body.marked >= 2);
  assert.equal(body.unread, 0);
  assert.equal((await list(officer)).unread, 0);
  assert.ok((await list(clerk)).unread >= 1, "the clerk's notices are untouched");
});

test('POST /notifications/read needs the CSRF token of the session; nothing is marked without it', async () => {
  const id = send('vanthu.ubnd');
  const before = (await list(clerk)).unread;
  assertProblem(
    await clerk.post('/notifications/read', { ids: [id] }, { csrf: false }),
    403,
    'forbidden',
  );
  assertProblem(
    await clerk.post(
      '/notifications/read',
      { all: true },
      { headers: { 'X-CSRF-Token': officer.csrfToken } },
    ),
    403,
    'forbidden',
  );
  assert.equal((await list(clerk)).unread, before);
});

test('bad queries and bodies are 422 naming the field', async () => {
  assertProblem(await officer.get('/notifications?unread=yes'), 422, 'validation', {
    fields: [['unread', 'format']],
  });
  for (const q of ['limit=0', 'limit=101', 'limit=abc']) {
    assertProblem(await officer.get(`/notifications?${q}`), 422, 'validation', {
      fields: ['limit'],
    });
  }
  assertProblem(await officer.get('/notifications?offset=-1'), 422, 'validation', {
    fields: ['offset'],
  });
  const bad = [
    [{}, 'ids'],
    [{ all: false }, 'ids'],
    [{ ids: [1], all: true }, 'all'],
    [{ ids: 'all' }, 'ids'],
    [{ ids: [0] }, 'ids[0]'],
    [{ ids: [1, -2] }, 'ids[1]'],
    [{ ids: [1.5] }, 'ids[0]'],
    [{ ids: Array.from({ length: 501 }, (_, i) => i + 1) }, 'ids'],
    [{ all: 'yes' }, 'all'],
    [{ all: true, everyone: true }, 'everyone'],
  ];
  for (const [body, field] of bad) {
    const res = await officer.post('/notifications/read', body);
    assertProblem(res, 422, 'validation', { fields: [field] });
  }
  const en = await officer.post('/notifications/read', {}, { headers: EN });
  assert.equal(en.status, 422);
  assert.match(en.body.errors[0].message, /^Send either a list of notice ids/);
  assertProblem(
    await officer.request('POST', '/notifications/read', 'not json', {
      raw: true,
      headers: { 'Content-Type': 'application/json' },
    }),
    400,
    'malformed',
  );
});

test("a citizen has notices of their own (none yet), never a staff user's with the same id", async () => {
  send('admin'); // user ids and citizen ids are separate series: both start at 1
  const citizen = await loggedIn(server.baseUrl, '091095000123', undefined, 'citizen');
  assert.deepEqual(await list(citizen), { items: [], total: 0, unread: 0 });
  assert.deepEqual(assertStatus(await citizen.post('/notifications/read', { all: true }), 200), {
    marked: 0,
    unread: 0,
  });
});

test('API tokens (other systems) have no notifications: 403', async () => {
  const admin = await loggedIn(server.baseUrl, 'admin');
  const created = await admin.post('/api-tokens', {
    name: 'notifications-check',
    scopes: ['agencies:read'],
    agencyId: admin.user.agencyId,
  });
  assertStatus(created, 201);
  const bot = new Client(server.baseUrl, { bearer: created.body.token });
  assertProblem(await bot.get('/notifications'), 403, 'forbidden');
  assertProblem(await bot.post('/notifications/read', { all: true }), 403, 'forbidden');
});

test('cqdt notify send: the same kind, entity and day reach a person once', async () => {
  const args = [
    'notify',
    'send',
    '--user',
    'vanthu.ubnd',
    '--text-vi',
    'Hệ thống bảo trì lúc 20:00.',
    '--text-en',
    'Maintenance at 20:00.',
    '--kind',
    'system.maintenance',
  ];
  const first = cli(args);
  assert.equal(first.code, 0, first.stderr);
  const again = cli(args);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /already has this notice/);
  assert.equal(/\(id (\d+)/.exec(again.stdout)[1], /\(id (\d+)/.exec(first.stdout)[1]);
  const page = await list(clerk, '?limit=100');
  assert.equal(page.items.filter((n) => n.kind === 'system.maintenance').length, 1);
  assert.equal(page.items.find((n) => n.kind === 'system.maintenance').link, null);
});

test('cqdt notify send refuses bad input with Vietnamese messages naming the flag', async () => {
  const base = [
    'notify',
    'send',
    '--user',
    'vanthu.ubnd',
    '--text-vi',
    'Xin chào',
    '--text-en',
    'Hello',
  ];
  const cases = [
    [['--link', '//evil.example/x'], '--link'],
    [['--link', 'https://evil.example/'], '--link'],
    [['--kind', 'Bad Kind'], '--kind'],
    [['--entity-type', 'documents.document'], '--entity-id'],
    [['--text-vi', 'x'.repeat(1001)], '--text-vi'],
  ];
  const before = (await list(clerk)).total;
  for (const [extra, flag] of cases) {
    const r = cli([...base, ...extra]);
    assert.equal(r.code, 2, `${extra.join(' ')}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    assertVietnamese(r.stderr, 'message');
    assert.ok(r.stderr.includes(flag), `${extra.join(' ')}: names ${flag}: ${r.stderr}`);
  }
  const unknown = cli([
    'notify',
    'send',
    '--user',
    'khong.ton.tai',
    '--text-vi',
    'a',
    '--text-en',
    'a',
  ]);
  assert.equal(unknown.code, 2);
  assertVietnamese(unknown.stderr, 'unknown user');
  assert.equal((await list(clerk)).total, before, 'nothing was written');
});
