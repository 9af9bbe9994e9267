// A leader signs OUTGOING DOCUMENTS with their own USB token in the browser (issue 10, decision
// 0008): SoftHSM plays the token, the local signing agent (`cqdt agent`) runs as a real process on
// loopback, and the test answers its prompts at its terminal as the official would (pairing, then
// the PIN). The drafts are made, uploaded and approved through the API (the browser part of that
// is documents-outgoing.test.mjs); the token's certificate (from a test CA of its own, so that it
// differs from the key the server holds for the leader) is registered and confirmed through the
// API too (the browser part of that is token-signing.test.mjs). In the browser:
//   - on a phone, the leader opens an approved document, chooses the USB token, pairs the agent
//     and types the PIN: the page shows the document signed; pdfsig accepts the signed file and
//     its signer is the token's certificate;
//   - a wrong PIN is explained in Vietnamese and leaves the document unsigned (state and files as
//     they were); typed again correctly, it signs;
//   - on a desktop, two documents from "Văn bản chờ bạn ký" are signed with one PIN prompt;
//   - the agent closed after the page found it: a plain message, the document unsigned.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  REPO_ROOT,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { approvedOutgoingDraft, checkA11y, viewerShows } from './support/documents.mjs';

const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

/** Why the token cannot be played here (SoftHSM, its tools, pdfsig), or null. */
function missingToken() {
  if (!existsSync(SOFTHSM_MODULE)) return `SoftHSM missing: ${SOFTHSM_MODULE} (package softhsm2)`;
  const tools = {
    'softhsm2-util': 'softhsm2',
    'pkcs11-tool': 'opensc',
    pdfsig: 'poppler-utils',
    certutil: 'libnss3-tools',
  };
  for (const [tool, pkg] of Object.entries(tools)) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      return `${tool} missing (package ${pkg})`;
    }
  }
  return null;
}

const skip =
  missingPrerequisite() ??
  // The server must know the agent's address (CQDT_AGENT_URL) and hold the demo PKI.
  (process.env.CQDT_E2E_BASE_URL ? 'needs its own server' : null) ??
  missingToken();

const AGENT = path.join(REPO_ROOT, 'tests', 'support', 'agent.mjs');
const DRAFT = readFileSync(path.join(REPO_ROOT, 'tests', 'api', 'testdata', 'outgoing-draft.pdf'));
const OUT = '/documents/outgoing';
const TOKEN_PIN = '1234';

const SUBJECTS = {
  phone: 'Về việc kiểm tra công tác văn thư, lưu trữ năm 2026',
  wrongPin: 'Về việc cử cán bộ dự tập huấn chữ ký số năm 2026',
  batchA: 'Về việc rà soát thủ tục hành chính quý IV năm 2026',
  batchB: 'Về việc chuẩn bị hội nghị cán bộ, công chức năm 2027',
  agentGone: 'Về việc báo cáo kết quả chuyển đổi số quý IV năm 2026',
};

describe(
  'outgoing documents signed with the leader’s own USB token',
  { skip: skip ?? false, timeout: 900_000 },
  () => {
    let app;
    let agent;
    let token;
    let dir;
    let nss;
    let phone;
    let desktop;
    let drafter;
    let leader;
    const ids = {};

    // A draft of chuyenvien.snv with the PDF uploaded, submitted straight to the leader and
    // approved by them: the document waits for the leader's signature.
    async function approvedDraft(subject) {
      const res = await approvedOutgoingDraft(drafter, leader, subject, DRAFT, 'du-thao.pdf');
      return res.body.id;
    }

    async function documentOf(id) {
      const res = await leader.get(`${OUT}/${id}`);
      assert.equal(res.status, 200, res.text);
      return res.body;
    }

    // The signed file verifies (pdfsig, the token's CA trusted) and its signer's certificate is
    // the one on the token.
    async function assertSignedByToken(id, name) {
      const doc = await documentOf(id);
      assert.equal(doc.state, 'signed');
      const signed = doc.files.find((f) => f.role === 'signed');
      assert.ok(signed, JSON.stringify(doc.files));
      const { apiPath } = await harness();
      const res = await fetch(app.baseUrl + apiPath(`${OUT}/${id}/files/${signed.id}`), {
        headers: { Cookie: leader.cookieHeader() },
      });
      assert.equal(res.status, 200);
      const work = path.join(dir, name);
      mkdirSync(work, { recursive: true });
      const file = path.join(work, `${name}.pdf`);
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const sig = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' });
      const out = `${sig.stdout}\n${sig.stderr}`;
      assert.equal(out.match(/Signature is Valid/g)?.length, 1, out);
      assert.match(out, /Certificate Validation: Certificate is Trusted\./, out);
      // The certificate that signed (in the CMS pdfsig dumps) is the token's.
      const dump = spawnSync('pdfsig', ['-dump', file], { encoding: 'utf8', cwd: work });
      assert.equal(dump.status, 0, dump.stderr);
      const dumped = readdirSync(work).filter((f) => /\.sig\d+$/.test(f));
      assert.equal(dumped.length, 1, readdirSync(work).join(', '));
      const certs = spawnSync(
        'openssl',
        ['pkcs7', '-inform', 'DER', '-in', path.join(work, dumped[0]), '-print_certs'],
        { encoding: 'utf8' },
      );
      assert.equal(certs.status, 0, certs.stderr);
      const tokenPem = spawnSync('openssl', ['x509', '-inform', 'DER'], {
        input: token.certificateDer,
        encoding: 'utf8',
      }).stdout.trim();
      assert.ok(tokenPem.startsWith('-----BEGIN CERTIFICATE-----'), tokenPem);
      assert.ok(
        certs.stdout.includes(tokenPem),
        `the token's certificate signed:\n${certs.stdout}`,
      );
    }

    before(async () => {
      const h = await harness();
      // The pages find the agent where the server says (their CSP allows only that address).
      const agentPort = await h.freePort();
      app = await startApp({ pki: true, env: { CQDT_AGENT_URL: `http://127.0.0.1:${agentPort}` } });
      dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-e2e-doc-token-'));
      // The token holds a certificate of its own for the leader, from a test CA: not the one of
      // the key the server holds for them (demo PKI), so that the signer's certificate in the
      // signed file shows which of the two signed.
      const { createPki } = await import(path.join(REPO_ROOT, 'tests', 'support', 'pki.mjs'));
      const pki = createPki({ dir: path.join(dir, 'pki') });
      const root = pki.createRoot('token-root', { cn: 'cqdt Kiểm thử USB token Root CA' });
      const personal = pki.issue('token-lanhdao', root, {
        cn: 'Nguyễn Văn Thành',
        o: 'Sở Nội vụ tỉnh An Giang',
      });
      const { createSoftHsmToken, startAgent } = await import(AGENT);
      token = createSoftHsmToken(dir, {
        label: 'lanhdao',
        p12: pki.pkcs12(personal, { password: '' }),
        pin: TOKEN_PIN,
      });
      agent = await startAgent({
        origin: app.baseUrl,
        softhsmConf: token.conf,
        dir,
        port: agentPort,
      });
      nss = pki.nssDb('verify', { trust: [root.cert] });

      const admin = await h.loggedIn(app.baseUrl, 'admin');
      // The server trusts the test CA for documents, with its (empty) revocation list.
      const anchor = await admin.post(
        `/trust/anchors?purpose=document&name=${encodeURIComponent(root.cn)}`,
        root.pem,
        { raw: true, headers: { 'Content-Type': 'application/x-pem-file' } },
      );
      assert.equal(anchor.status, 201, anchor.text);
      const crl = await admin.post('/trust/crls', readFileSync(pki.crl(root), 'utf8'), {
        raw: true,
        headers: { 'Content-Type': 'application/pkix-crl' },
      });
      assert.equal(crl.status, 201, crl.text);

      drafter = await h.loggedIn(app.baseUrl, 'chuyenvien.snv');
      leader = await h.loggedIn(app.baseUrl, 'lanhdao.snv');
      // The token's certificate bound to the leader's account and confirmed by the admin.
      const reg = await leader.post('/signing/certificates', {
        certificate: token.certificateDer.toString('base64'),
      });
      assert.equal(reg.status, 201, reg.text);
      const confirmed = await admin.post(`/signing/certificates/${reg.body.id}/confirm`, {});
      assert.equal(confirmed.status, 200, confirmed.text);
      for (const [key, subject] of Object.entries(SUBJECTS)) {
        ids[key] = await approvedDraft(subject);
      }

      phone = await launchBrowser({ viewport: { width: 390, height: 844 }, touch: true });
      desktop = await launchBrowser();
    });

    after(async () => {
      await phone?.close();
      await desktop?.close();
      await agent?.stop();
      await app?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    // The login page's session probe and the agent's "not paired yet" answer are 401s, a wrong
    // PIN is the agent's 422: the browser logs those failed requests. Anything else fails a test.
    const pageErrors = (errors) => errors.filter((e) => !/status of (401|422) /.test(e));

    async function openDocument(page, subject, id) {
      await page.goto(`${app.baseUrl}/van-ban/di/${id}`);
      await page.getByRole('heading', { level: 1, name: subject }).waitFor();
      await page.getByText('Đã duyệt, chờ ký', { exact: true }).first().waitFor();
      await page.getByRole('heading', { level: 2, name: 'Ký số văn bản' }).waitFor();
    }

    // The leader has a server-held key too (demo PKI): the USB token is the other way, folded.
    async function chooseToken(page) {
      const header = page.getByRole('button', { name: 'Ký bằng USB token', expanded: false });
      await header.scrollIntoViewIfNeeded();
      await header.click();
      return page.getByTestId('token-sign');
    }

    test('on a phone: choose the token, pair, type the PIN; the document is signed by the token', async () => {
      const { page, errors } = phone;
      errors.length = 0;
      await withFailureScreenshot(page, 'doc-token-phone', async () => {
        await login(page, app.baseUrl, 'lanhdao.snv');
        await openDocument(page, SUBJECTS.phone, ids.phone);
        await viewerShows(page);
        const panel = await chooseToken(page);

        // Pairing: the agent asks its user; the test agrees at the agent's terminal.
        await panel.getByText('Kết nối trình duyệt với phần mềm ký số').waitFor();
        await checkA11y(page, 'token panel, not paired (phone)');
        let prompt = agent.nextPrompt();
        await panel.getByRole('button', { name: 'Kết nối', exact: true }).click();
        assert.match(await prompt, /GHÉP NỐI/);
        agent.answer('c');

        // The token's certificate (confirmed for the account): signing is offered.
        await panel.getByLabel('Chứng thư số').waitFor();
        const signButton = panel.getByRole('button', { name: 'Ký bằng USB token' });
        await signButton.waitFor();
        const noSideScroll = () =>
          page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
        assert.ok(await noSideScroll(), 'no horizontal scroll with the token panel open');
        await checkA11y(page, 'token panel, ready (phone)');
        await screenshot(page, 'doc-token-sign-phone', { fullPage: true });

        prompt = agent.nextPrompt();
        await signButton.click();
        const text = await prompt;
        assert.match(text, /Số văn bản \/ documents: 1/, text);
        await panel
          .getByText('Hãy xác nhận và nhập mã PIN trong cửa sổ của phần mềm ký số.')
          .waitFor();
        agent.answer(TOKEN_PIN);

        await page
          .getByText('Đã ký, chờ cấp số', { exact: true })
          .first()
          .waitFor({ timeout: 120_000 });
        await page
          .getByRole('heading', { level: 2, name: 'Ký số văn bản' })
          .waitFor({ state: 'detached' });
        await screenshot(page, 'doc-token-signed-phone', { fullPage: true });
        assert.deepEqual(pageErrors(errors), []);
      });
      await assertSignedByToken(ids.phone, 'phone');
    });

    test('a wrong PIN is explained and leaves the document unsigned; the right one signs it', async () => {
      const { page, errors } = phone;
      errors.length = 0;
      await withFailureScreenshot(page, 'doc-token-wrong-pin', async () => {
        await openDocument(page, SUBJECTS.wrongPin, ids.wrongPin);
        const panel = await chooseToken(page);
        // Paired already (this browser remembers the agent).
        const signButton = panel.getByRole('button', { name: 'Ký bằng USB token' });
        await signButton.waitFor();
        const before = await documentOf(ids.wrongPin);

        let prompt = agent.nextPrompt();
        await signButton.click();
        await prompt;
        agent.answer('9999');
        await panel.getByRole('alert').getByText('Mã PIN không đúng. Hãy thử lại.').waitFor();
        await checkA11y(page, 'token panel, wrong PIN (phone)');
        await screenshot(page, 'doc-token-wrong-pin-phone', { fullPage: true });
        // The page and the server agree: still approved, no signed file, nothing changed.
        await page.getByText('Đã duyệt, chờ ký', { exact: true }).first().waitFor();
        const after = await documentOf(ids.wrongPin);
        assert.equal(after.state, 'approved');
        assert.equal(after.files.filter((f) => f.role === 'signed').length, 0);
        assert.deepEqual(after.files, before.files);
        assert.equal(after.version, before.version);

        // The official types the PIN again, correctly.
        prompt = agent.nextPrompt();
        await signButton.click();
        await prompt;
        agent.answer(TOKEN_PIN);
        await page
          .getByText('Đã ký, chờ cấp số', { exact: true })
          .first()
          .waitFor({ timeout: 120_000 });
        assert.deepEqual(pageErrors(errors), []);
      });
      await assertSignedByToken(ids.wrongPin, 'wrong-pin');
    });

    test('on a desktop: two documents from the work queue signed with the token, one PIN', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'doc-token-batch', async () => {
        await login(page, app.baseUrl, 'lanhdao.snv');
        await page.goto(`${app.baseUrl}/van-ban/di`);
        const card = page.getByTestId('batch-sign');
        await card.getByRole('heading', { level: 2, name: 'Văn bản chờ bạn ký' }).waitFor();
        for (const key of ['batchA', 'batchB']) {
          await card.getByRole('checkbox', { name: `Chọn văn bản ${SUBJECTS[key]}` }).check();
        }
        await card.getByText('Đã chọn 2 văn bản').waitFor();
        await card.getByRole('radio', { name: 'USB token' }).check();

        // A new browser: pair it with the agent first.
        let prompt = agent.nextPrompt();
        await card.getByRole('button', { name: 'Kết nối', exact: true }).click();
        assert.match(await prompt, /GHÉP NỐI/);
        agent.answer('c');
        const signButton = card.getByRole('button', { name: 'Ký 2 văn bản đã chọn' });
        await signButton.waitFor();
        await checkA11y(page, 'batch signing with the token');

        const asked = agent.output().length;
        prompt = agent.nextPrompt();
        await signButton.click();
        const text = await prompt;
        // One confirmation listing both documents, one PIN.
        assert.match(text, /Số văn bản \/ documents: 2/, text);
        assert.ok(text.includes(SUBJECTS.batchA), text);
        assert.ok(text.includes(SUBJECTS.batchB), text);
        agent.answer(TOKEN_PIN);
        for (const key of ['batchA', 'batchB']) {
          await card
            .locator(`[data-testid="batch-result-${ids[key]}"][data-state="signed"]`)
            .waitFor({ timeout: 120_000 });
        }
        // As with the server-held key: a summary, and the signed documents no longer selected
        // (pressing the button again must not sign them twice, nor turn "Đã ký" into a failure).
        await card.getByRole('status').getByText('Đã ký 2/2 văn bản.').waitFor();
        await card.getByText('Đã chọn 0 văn bản').waitFor();
        await screenshot(page, 'doc-token-batch-signed', { fullPage: true });
        assert.equal(
          agent.output().slice(asked).split('Mã PIN: ').length - 1,
          1,
          'one PIN prompt for the batch',
        );
        assert.deepEqual(pageErrors(errors), []);
      });
      await assertSignedByToken(ids.batchA, 'batch-a');
      await assertSignedByToken(ids.batchB, 'batch-b');
    });

    // Last: it stops the agent. The page was opened while the agent ran; the official then closed
    // it (or it stopped) before pressing sign.
    test('the signing program closed before signing: a plain message, the document unsigned', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'doc-token-agent-gone', async () => {
        await openDocument(page, SUBJECTS.agentGone, ids.agentGone);
        const panel = await chooseToken(page);
        const signButton = panel.getByRole('button', { name: 'Ký bằng USB token' });
        await signButton.waitFor();
        const before = await documentOf(ids.agentGone);
        await agent.stop();

        await signButton.click();
        await panel
          .getByRole('alert')
          .getByText('Không kết nối được với phần mềm ký số trên máy tính này', { exact: false })
          .waitFor();
        await checkA11y(page, 'token panel, agent closed');
        await screenshot(page, 'doc-token-agent-gone', { fullPage: true });
        await page.getByText('Đã duyệt, chờ ký', { exact: true }).first().waitFor();
        const after = await documentOf(ids.agentGone);
        assert.equal(after.state, 'approved');
        assert.deepEqual(after.files, before.files);
        // The browser logs the refused connection to the agent; nothing else.
        assert.deepEqual(
          pageErrors(errors).filter((e) => !/ERR_CONNECTION_REFUSED/.test(e)),
          [],
        );
      });
    });
  },
);
