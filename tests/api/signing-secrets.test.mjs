// Typed signing-key passwords (issue 8, item 4): POST /signing/sign let anyone holding a session
// guess the password of a personal key at the speed of PKCS#12 decryption, unlimited and
// unaudited. Now: per signer and per key, 5 wrong secrets in 15 minutes, then 429 with
// Retry-After; every wrong secret is audited (never the secret), the lock-out once.
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { assertProblem, assertStatus } from '../support/api-assert.mjs';
import { loggedIn, prepareDataDir, startServer } from '../support/cqdt-server.mjs';
import { createPki, minimalPdf } from '../support/pki.mjs';

const LEADER_KEY = 'lanhdao-snv';
const OFFICER_KEY = 'chuyenvien-snv';
const SECRET = 'Mat-khau@2026';
const WRONG = 'DoanMo-0001';

let pki, prepared, server, admin, leader, officer;

function sign(client, key, secret) {
  return client.post(`/signing/sign?${new URLSearchParams({ key, style: 'signer', fileName: 'qd.pdf' })}`, minimalPdf('secret test'), {
    raw: true,
    headers: { 'Content-Type': 'application/pdf', 'X-Signing-Secret': secret },
  });
}

async function auditEntries(action) {
  const res = await admin.get(`/audit?action=${action}&limit=100`);
  assertStatus(res, 200);
  return res.body.items.filter((e) => e.action === action);
}

before(async () => {
  pki = createPki();
  const root = pki.createRoot('root', { cn: 'cqdt Kiểm thử Root CA' });
  const leaderCert = pki.issue('leader', root, { cn: 'Nguyễn Văn Thành', o: 'Sở Nội vụ' });
  const officerCert = pki.issue('officer', root, { cn: 'Lê Thị Chuyên', o: 'Sở Nội vụ' });
  prepared = prepareDataDir();
  const d = prepared.dataDir;
  pki.pkcs12(leaderCert, { password: SECRET, file: path.join(d, 'leader.p12') });
  pki.pkcs12(officerCert, { password: SECRET, file: path.join(d, 'officer.p12') });
  const keysFile = path.join(d, 'keys.toml');
  writeFileSync(
    keysFile,
    [
      ['lanhdao.snv', LEADER_KEY, 'leader.p12'],
      ['chuyenvien.snv', OFFICER_KEY, 'officer.p12'],
    ]
      .map(([owner, id, source]) =>
        ['[[key]]', `id = "${id}"`, 'kind = "personal"', `owner = "${owner}"`, `source = "${source}"`, 'ask_secret = true', ''].join('\n'),
      )
      .join('\n'),
  );
  server = await startServer({ dataDir: d, env: { CQDT_SIGNING_KEYS_FILE: keysFile } });
  admin = await loggedIn(server.baseUrl, 'admin');
  leader = await loggedIn(server.baseUrl, 'lanhdao.snv');
  officer = await loggedIn(server.baseUrl, 'chuyenvien.snv');
});

after(async () => {
  await server?.stop();
  prepared?.cleanup();
  pki?.cleanup();
});

test('five wrong passwords, then 429 with Retry-After even for the right one', async () => {
  for (let i = 0; i < 5; i++) {
    assertProblem(await sign(leader, LEADER_KEY, WRONG), 422, 'bad-signature');
  }
  const limited = await sign(leader, LEADER_KEY, SECRET);
  const problem = assertProblem(limited, 429, 'rate-limited');
  assert.match(problem.detail, /phút/, problem.detail);
  const retry = Number(limited.headers.get('retry-after'));
  assert.ok(retry > 14 * 60 && retry <= 15 * 60 + 1, `Retry-After: ${retry}`);
  // More refusals while locked out.
  for (let i = 0; i < 3; i++) assertProblem(await sign(leader, LEADER_KEY, WRONG), 429, 'rate-limited');
});

test('every wrong password is audited without the password; the lock-out once', async () => {
  const failed = await auditEntries('sign.secret_failed');
  const mine = failed.filter((e) => e.actor === 'lanhdao.snv');
  assert.equal(mine.length, 5, JSON.stringify(failed, null, 1));
  for (const e of mine) {
    assert.equal(String(e.entityId), LEADER_KEY);
    assert.ok(!e.summary.includes(WRONG), e.summary);
  }
  assert.ok(mine.some((e) => e.summary.includes('5/5')), JSON.stringify(mine.map((e) => e.summary)));
  const locked = (await auditEntries('sign.secret_locked')).filter((e) => e.actor === 'lanhdao.snv');
  assert.equal(locked.length, 1, JSON.stringify(locked, null, 1));
});

test('twenty concurrent wrong passwords get exactly five checks', async () => {
  const answers = await Promise.all(Array.from({ length: 20 }, () => sign(officer, OFFICER_KEY, WRONG)));
  const statuses = answers.map((r) => r.status).sort();
  assert.equal(statuses.filter((s) => s === 422).length, 5, statuses.join(','));
  assert.equal(statuses.filter((s) => s === 429).length, 15, statuses.join(','));
  const failed = (await auditEntries('sign.secret_failed')).filter((e) => e.actor === 'chuyenvien.snv');
  assert.equal(failed.length, 5);
});
