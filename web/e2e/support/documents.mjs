// What the document e2e tests share (issue 10): a server with a key ring of its own (the seal of
// Sở Nội vụ and the personal key of its leader lanhdao.snv, made by tests/support/pki.mjs), and
// the waits on a document page (loaded, the PDF viewer drawn) with the accessibility checks run on
// every page met.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { axeViolations, pageBasics, unnamedControls } from './a11y.mjs';
import { REPO_ROOT, WEB_ROOT } from './browser.mjs';
import { settle } from './page-checks.mjs';

/** Sở Nội vụ's agency code in the demo data (the seal's owner). */
export const SNV_CODE = '000.00.01.H01';

/**
 * Starts a cqdt server (the harness `h`, demo data) that signs with a key ring of its own: the
 * seal of Sở Nội vụ (`seal-snv`) and the leader's personal key (`lanhdao-snv`), under a test
 * root CA. Returns `{ server, work, stop }`: `work` is a scratch directory for the test's files;
 * `stop()` stops the server and removes both directories.
 */
export async function startSigningServer(h, prefix) {
  const { createPki } = await import(path.join(REPO_ROOT, 'tests', 'support', 'pki.mjs'));
  const work = mkdtempSync(path.join(os.tmpdir(), prefix));
  const pki = createPki({ dir: path.join(work, 'pki') });
  const root = pki.createRoot('root', { cn: 'cqdt Kiểm thử Root CA' });
  const seal = pki.issue('seal', root, {
    cn: 'Sở Nội vụ tỉnh An Giang',
    o: 'Sở Nội vụ tỉnh An Giang',
  });
  const personal = pki.issue('personal', root, {
    cn: 'Nguyễn Văn Thành',
    o: 'Sở Nội vụ tỉnh An Giang',
  });
  const { dataDir } = h.prepareDataDir();
  pki.pkcs12(seal, { password: '', file: path.join(dataDir, 'seal.p12') });
  pki.pkcs12(personal, { password: '', file: path.join(dataDir, 'lanhdao.p12') });
  const keysFile = path.join(dataDir, 'keys.toml');
  writeFileSync(
    keysFile,
    [
      '[[key]]',
      'id = "seal-snv"',
      'kind = "seal"',
      `owner = "${SNV_CODE}"`,
      'source = "seal.p12"',
      '',
      '[[key]]',
      'id = "lanhdao-snv"',
      'kind = "personal"',
      'owner = "lanhdao.snv"',
      'source = "lanhdao.p12"',
      '',
    ].join('\n'),
  );
  const server = await h.startServer({
    dataDir,
    env: { CQDT_SIGNING_KEYS_FILE: keysFile },
    webRoot: path.join(WEB_ROOT, 'dist'),
  });
  return {
    server,
    work,
    async stop() {
      await server.stop();
      for (const dir of [work, dataDir]) {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** One h1, every control named, no axe-core violation: on every page a test meets. */
export async function checkA11y(page, label) {
  await settle(page);
  const basics = await pageBasics(page);
  assert.equal(basics.h1, 1, `${label}: one h1`);
  assert.deepEqual(await unnamedControls(page), [], `${label}: controls without a name`);
  assert.deepEqual(await axeViolations(page), [], `${label}: axe`);
}

/** The PDF viewer has drawn page 1 of `pages`. */
export async function viewerShows(page, pages = 1) {
  await page.getByText(`Trang 1/${pages}`).first().waitFor();
  await page.locator('.cqdt-pdf-viewer__page canvas[aria-label]').first().waitFor();
  await page.locator('.cqdt-pdf-viewer .ant-spin-spinning').first().waitFor({ state: 'detached' });
}

/**
 * An outgoing draft by `drafter` (an API client) with `pdf` uploaded as `fileName`, submitted
 * straight to `leader` (whose `user.id` signs) and approved by them: it waits for the leader's
 * signature. Returns the approval's answer (`body` is the document, its ETag in the headers).
 */
export async function approvedOutgoingDraft(drafter, leader, subject, pdf, fileName) {
  const OUT = '/documents/outgoing';
  const match = (res) => ({ headers: { 'If-Match': res.headers.get('etag') } });
  let res = await drafter.post(OUT, {
    typeOrdinal: 2,
    subject,
    signerId: leader.user.id,
    recipients: [{ name: 'Lưu: VT' }],
  });
  assert.equal(res.status, 201, res.text);
  const id = res.body.id;
  res = await drafter.request('POST', `${OUT}/${id}/files?name=${fileName}`, pdf, {
    raw: true,
    headers: { 'Content-Type': 'application/pdf', 'If-Match': res.headers.get('etag') },
  });
  assert.equal(res.status, 200, res.text);
  res = await drafter.post(`${OUT}/${id}/submit`, {}, match(res));
  assert.equal(res.status, 200, res.text);
  res = await leader.post(`${OUT}/${id}/approve`, {}, match(res));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.state, 'approved');
  return res;
}
