// Search on the agency and user lists folds Vietnamese (text/search.hpp): "noi vu", "NỘI VỤ"
// and "pham" find "Sở Nội vụ" and "Phạm Minh Khang"; lists come in dictionary order.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { loggedIn, startServer } from '../support/cqdt-server.mjs';

let server;
let admin;

before(async () => {
  server = await startServer();
  admin = await loggedIn(server.baseUrl, 'admin');
});
after(async () => {
  await server?.stop();
});

const agencyNames = async (q) => {
  const res = await admin.get(`/agencies?q=${encodeURIComponent(q)}`);
  assertStatus(res, 200);
  return res.body.items.map((a) => a.name);
};
const usernames = async (q) => {
  const res = await admin.get(`/users?q=${encodeURIComponent(q)}`);
  assertStatus(res, 200);
  return res.body.items.map((u) => u.username);
};

test('agencies: the query is folded (case, tones, đ) on both sides', async () => {
  for (const q of ['noi vu', 'NỘI VỤ', 'Nội Vụ', 'sở nội', 'snv']) {
    assert.deepEqual(await agencyNames(q), ['Sở Nội vụ tỉnh An Giang'], q);
  }
  // NFD input (a decomposed "ộ") finds the same.
  assert.deepEqual(await agencyNames('no\u0302\u0323i vu'), ['Sở Nội vụ tỉnh An Giang']);
  const dac = await agencyNames('dac khu');
  assert.ok(dac.length >= 3 && dac.every((n) => /đặc khu/.test(n)), JSON.stringify(dac));
});

test('agencies: the list is in Vietnamese dictionary order of the names', async () => {
  const names = await agencyNames('');
  const collator = new Intl.Collator('vi');
  const firstSyllables = names.map((n) => n.split(' ')[0]);
  const sorted = [...firstSyllables].sort(collator.compare);
  assert.deepEqual(firstSyllables, sorted, 'ordered by name, not by code');
});

test('users: "pham" and "PHẠM" find Phạm Minh Khang', async () => {
  for (const q of ['pham', 'PHẠM', 'pham minh', 'khang']) {
    assert.deepEqual(await usernames(q), ['chuyenvien.snv'], q);
  }
  assert.deepEqual(await usernames('lê thi hong'), ['vanthu.ubnd']);
});

test('a query that is not text is 422 naming q', async () => {
  assertProblem(await admin.get('/agencies?q=%C3%28'), 422, 'validation', { fields: ['q'] });
  assertProblem(await admin.get('/users?q=%C3%28'), 422, 'validation', { fields: ['q'] });
  assertProblem(await admin.get(`/users?q=${'a'.repeat(201)}`), 422, 'validation', { fields: ['q'] });
});
