// Live notifications (issue 13, item 10) against the real binary: GET /api/v1/notifications/stream
// is a server-sent event stream of the signed-in person's notices. A counter officer's action on
// a citizen's dossier reaches the citizen's open stream as a "notice" event carrying the same JSON
// as GET /api/v1/notifications; a browser that reconnects with Last-Event-ID gets what it missed,
// and nothing twice; the caps per person and per server answer 429 and 503; nobody signed in
// gets 401, and an API token 403.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { fileBirthRegistrationOnline } from '../support/birth-registration.mjs';
import {
  Client,
  CEILING_MS,
  DEMO_PASSWORD,
  eventually,
  loggedIn,
  startServer,
} from '../support/cqdt-server.mjs';

let server, mai, counter, admin, anyone, ward;
const open = [];

before(async () => {
  // Small caps, so that the test can reach them: two streams a person, four on the server.
  server = await startServer({
    env: { CQDT_EVENT_STREAMS_PER_PERSON: '2', CQDT_EVENT_STREAMS_MAX: '4' },
  });
  anyone = new Client(server.baseUrl);
  mai = await loggedIn(server.baseUrl, '091095000123', DEMO_PASSWORD, 'citizen');
  counter = await loggedIn(server.baseUrl, 'motcua.rachgia');
  admin = await loggedIn(server.baseUrl, 'admin');
  ward = counter.user.agencyId;
});
after(async () => {
  for (const s of open) s.close();
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
});

/**
 * Opens the stream as `client`. Resolves once the head has arrived, to {status, headers, body
 * (for a refusal), events: [{event, id, data}], next(predicate): the first event (from the start)
 * that matches, waiting for it, close()}.
 */
async function openStream(client, { lastEventId, lang } = {}) {
  const controller = new AbortController();
  const headers = { Accept: 'text/event-stream' };
  if (client.cookies.size) headers.Cookie = client.cookieHeader();
  if (client.bearer) headers.Authorization = `Bearer ${client.bearer}`;
  if (lastEventId !== undefined) headers['Last-Event-ID'] = String(lastEventId);
  const query = lang ? `?lang=${lang}` : '';
  const res = await fetch(`${server.baseUrl}/api/v1/notifications/stream${query}`, {
    headers,
    signal: controller.signal,
  });
  const stream = {
    status: res.status,
    headers: res.headers,
    events: [],
    ended: false,
    close: () => controller.abort(),
  };
  if (res.status !== 200) {
    // The shape assertProblem reads.
    stream.body = await res.json();
    stream.contentType = res.headers.get('content-type');
    stream.requestId = res.headers.get('x-request-id');
    stream.path = '/api/v1/notifications/stream';
    return stream;
  }
  open.push(stream);
  const waiters = new Set();
  const decoder = new TextDecoder();
  let buffer = '';
  (async () => {
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = { event: 'message', id: undefined, data: [] };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') event.event = value;
            else if (field === 'id') event.id = value;
            else if (field === 'data') event.data.push(value);
          }
          if (event.data.length === 0) continue; // "retry:" or a heartbeat
          stream.events.push({ ...event, data: JSON.parse(event.data.join('\n')) });
          for (const w of waiters) w();
        }
      }
    } catch {
      // aborted by close()
    }
    stream.ended = true;
    for (const w of waiters) w();
  })();
  stream.next = (predicate) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching event in ${JSON.stringify(stream.events)}`));
      }, CEILING_MS);
      function check() {
        const found = stream.events.find(predicate);
        if (found || stream.ended) {
          clearTimeout(timer);
          waiters.delete(check);
          if (found) resolve(found);
          else reject(new Error(`stream ended without a matching event`));
        }
      }
      waiters.add(check);
      check();
    });
  return stream;
}

async function submitted() {
  return assertStatus(await fileBirthRegistrationOnline(mai, { agencyId: ward }), 201);
}

// The counter accepts a new online dossier of Mai's: the desk tells her it was received.
async function acceptedDossier() {
  const dossier = await submitted();
  return assertStatus(
    await counter.post(`/dossiers/${encodeURIComponent(dossier.code)}/actions`, {
      action: 'accept',
    }),
    200,
  );
}

const noticeAbout = (code) => (e) => e.event === 'notice' && e.data.notice.text.includes(code);

test('nobody signed in gets 401, and an API token 403', async () => {
  assertProblem(await openStream(anyone), 401, 'unauthenticated');
  const created = assertStatus(
    await admin.post('/api-tokens', {
      name: 'stream-check',
      scopes: ['agencies:read'],
      agencyId: admin.user.agencyId,
    }),
    201,
  );
  const bot = new Client(server.baseUrl, { bearer: created.token });
  assertProblem(await openStream(bot), 403, 'forbidden');
});

test('the counter’s action reaches the citizen’s open stream, as the list shows it', async () => {
  const stream = await openStream(mai);
  assert.equal(stream.status, 200);
  assert.match(stream.headers.get('content-type'), /^text\/event-stream/);
  assert.equal(stream.headers.get('cache-control'), 'no-store');
  assert.equal(stream.headers.get('x-accel-buffering'), 'no');
  const ready = await stream.next((e) => e.event === 'ready');
  assert.equal(typeof ready.data.unread, 'number');

  const accepted = await acceptedDossier();
  const event = await stream.next(noticeAbout(accepted.code));
  assert.equal(event.id, String(event.data.notice.id));
  assert.equal(event.data.notice.kind, 'onestop.received');
  const list = assertStatus(await mai.get('/notifications?limit=5'), 200);
  assert.deepEqual(event.data.notice, list.items[0]);
  assert.equal(event.data.unread, list.unread);
  stream.close();
});

test('a reconnecting browser gets what it missed with Last-Event-ID, and nothing twice', async () => {
  const before = assertStatus(await mai.get('/notifications?limit=1'), 200).items[0];
  const missed = await acceptedDossier(); // while no stream is open
  const replay = await openStream(mai, { lastEventId: before.id, lang: 'en' });
  assert.equal(replay.status, 200);
  const event = await replay.next(noticeAbout(missed.code));
  assert.ok(Number(event.id) > before.id);
  assert.match(event.data.notice.text, /^Dossier /); // ?lang=en
  // A later notice arrives on the same stream; the missed one is not sent again.
  const later = await acceptedDossier();
  await replay.next(noticeAbout(later.code));
  const ids = replay.events.filter((e) => e.event === 'notice').map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, JSON.stringify(ids));
  assert.ok(!ids.includes(String(before.id)));
  replay.close();
  // Without Last-Event-ID a new stream starts from now: nothing old is replayed.
  const fresh = await openStream(mai);
  await fresh.next((e) => e.event === 'ready');
  const newest = await acceptedDossier();
  const first = await fresh.next((e) => e.event === 'notice');
  assert.ok(first.data.notice.text.includes(newest.code), JSON.stringify(fresh.events));
  fresh.close();
});

test('marking read in one tab sends the new count to the other tab’s stream, with no id', async () => {
  await acceptedDossier();
  const other = await openStream(mai);
  await other.next((e) => e.event === 'ready');
  const unread = assertStatus(await mai.get('/notifications?limit=1'), 200).unread;
  assert.ok(unread > 0);
  assertStatus(await mai.post('/notifications/read', { all: true }), 200);
  const event = await other.next((e) => e.event === 'unread');
  assert.deepEqual(event.data, { unread: 0 });
  assert.equal(event.id, undefined, 'the browser keeps the last notice id for a reconnect');
  other.close();
});

test('streams beyond the caps are refused: 429 for a person, 503 for the server', async () => {
  // Streams closed by earlier tests are given back as the server notices; wait for that.
  const mine = [];
  for (let i = 0; i < 2; i += 1) {
    mine.push(
      await eventually(async () => {
        const s = await openStream(mai);
        assert.equal(s.status, 200, JSON.stringify(s.body));
        return s;
      }),
    );
  }
  const third = await openStream(mai);
  assertProblem(third, 429, 'rate-limited');
  assert.equal(third.headers.get('retry-after'), '30');
  const staff = [];
  staff.push(await openStream(counter));
  assert.equal(staff[0].status, 200);
  staff.push(await openStream(admin));
  assert.equal(staff[1].status, 200);
  assertProblem(await openStream(counter), 503, 'unavailable');
  for (const s of [...mine, ...staff]) s.close();
  // Closed streams are given back: Mai may open one again.
  const again = await eventually(async () => {
    const s = await openStream(mai);
    assert.equal(s.status, 200);
    return s;
  });
  again.close();
});
