// Document search (issue 11, item 3) against the real binary: the server's indexer makes a
// registered document findable by folded words, its number and a phrase; snippets mark the
// words as written; filters and facets; operators are text; another agency's staff finds
// nothing; `cqdt doc search` answers the same and `cqdt doc reindex` rebuilds the index.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import {
  CEILING_MS,
  loggedIn,
  prepareDataDir,
  runCli,
  sqliteUrl,
  startServer,
} from '../support/cqdt-server.mjs';

let server, prepared;
let clerk, outsider;

before(async () => {
  prepared = prepareDataDir();
  server = await startServer({ dataDir: prepared.dataDir });
  clerk = await loggedIn(server.baseUrl, 'vanthu.snv');
  outsider = await loggedIn(server.baseUrl, 'vanthu.ubnd');
});
after(async () => {
  if (process.env.CQDT_TEST_DEBUG) console.log(server?.logs());
  await server?.stop();
  prepared?.cleanup();
});

// Waits until `q` finds `expected` hits for `client` (the index follows commits within about a
// second; the ceiling is generous for a busy machine).
async function searchUntil(client, q, expected) {
  const deadline = Date.now() + CEILING_MS;
  for (;;) {
    const res = assertStatus(await client.get(`/search?q=${encodeURIComponent(q)}`), 200);
    if (res.total === expected || Date.now() > deadline) return res;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a registered document is found by folded words, its number and a phrase', async () => {
  for (const [numberText, subject, senderName] of [
    [
      '05/QĐ-UBND',
      'Quyết định về việc thành lập Hội đồng thi đua khen thưởng',
      'UBND tỉnh An Giang',
    ],
    ['17/SNV-TCCB', 'Về việc tổ chức hội nghị tổng kết công tác năm', 'Sở Nội vụ'],
  ]) {
    const res = await clerk.post('/documents/incoming', {
      numberText,
      issuedDate: '2026-11-20',
      senderName,
      subject,
    });
    assert.equal(res.status, 201, res.text);
  }
  const found = await searchUntil(clerk, 'quyet dinh ubnd tinh', 1);
  assert.equal(found.total, 1);
  const hit = found.items[0];
  assert.equal(hit.numberText, '05/QĐ-UBND');
  assert.ok(
    hit.snippet.some((p) => p.hit && p.text === 'Quyết'),
    JSON.stringify(hit.snippet),
  );
  assert.equal(found.facets.direction[0].label, 'Văn bản đến');

  assert.equal(assertStatus(await clerk.get('/search?q=05%2FQ%C4%90-UBND'), 200).total, 1);
  assert.equal(
    assertStatus(await clerk.get(`/search?q=${encodeURIComponent('"hoi nghi tong ket"')}`), 200)
      .total,
    1,
  );
  assert.equal(
    assertStatus(await clerk.get(`/search?q=${encodeURIComponent('"tong ket hoi nghi"')}`), 200)
      .total,
    0,
  );
  // Operators, quotes and SQL are text: never a 500.
  for (const q of ["' OR 1=1 --", 'NEAR(a b) AND *', '"', '%_\\', 'a & !b | c <-> d']) {
    assertStatus(await clerk.get(`/search?q=${encodeURIComponent(q)}`), 200);
  }
  // Another agency's clerk finds nothing of it, not even a count.
  const theirs = assertStatus(await outsider.get('/search?q=quyet%20dinh%20ubnd'), 200);
  assert.equal(theirs.total, 0);
  assert.deepEqual(theirs.facets.direction, []);
});

test('filters narrow the hits and bad filters name their field', async () => {
  const outgoing = assertStatus(await clerk.get('/search?q=hoi%20nghi&direction=outgoing'), 200);
  assert.equal(outgoing.total, 0);
  const dated = assertStatus(
    await clerk.get('/search?q=hoi%20nghi&from=2026-11-01&to=2026-11-30'),
    200,
  );
  assert.equal(dated.total, 1);
  assertProblem(
    await clerk.get('/search?q=x&direction=sideways&from=hom-nay&limit=500'),
    422,
    'validation',
    { fields: [['direction', 'enum'], ['from', 'format'], ['limit']] },
  );
  assertProblem(
    await clerk.get(
      `/search?q=${'a'.repeat(201)}&direction=sideways&from=2026-02-01&to=2026-01-01`,
    ),
    422,
    'validation',
    { fields: [['q'], ['direction', 'enum'], ['to', 'range']] },
  );
});

test('cqdt doc reindex rebuilds the index and cqdt doc search answers the same', async () => {
  const db = sqliteUrl(prepared.dbPath);
  const reindex = runCli(['doc', 'reindex', '--db', db, '--data-dir', prepared.dataDir]);
  assert.equal(reindex.code, 0, reindex.stderr);
  assert.match(reindex.stderr, /search index rebuilt/);
  const r = runCli([
    'doc',
    'search',
    'quyết định',
    '--as',
    'vanthu.snv',
    '--json',
    '--db',
    db,
    '--data-dir',
    prepared.dataDir,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.total, 1);
  assert.equal(out.items[0].numberText, '05/QĐ-UBND');
});
