// A leader signs with their own USB token in the browser (issue 9): SoftHSM plays the token, the
// local signing agent runs as a real process on loopback, and the test answers its prompt as the
// official would (pairing, then the PIN for a batch of documents). The signed files are checked by
// pdfsig; the admin page confirms the certificate. The server runs with the demo data and PKI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  inputsWithoutVisibleLabel,
  lowContrastText,
  pageBasics,
  unnamedControls,
} from './support/a11y.mjs';
import {
  DEMO_PASSWORD,
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  REPO_ROOT,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';

const skip = missingPrerequisite();
const AGENT = path.join(REPO_ROOT, 'tests', 'support', 'agent.mjs');

function minimalPdf(text) {
  const content = `BT /F1 18 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ' +
      '/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.7\n';
  const offsets = [];
  objects.forEach((body, index) => {
    offsets.push(out.length);
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe(
  'signing with the official’s own USB token',
  { skip: skip ?? false, timeout: 600_000 },
  () => {
    let app;
    let browser;
    let agent;
    let dir;
    let nss;
    const files = [];

    before(async () => {
      // The pages find the agent where the server says (their CSP allows only that address).
      const { freePort } = await harness();
      const agentPort = await freePort();
      app = await startApp({ pki: true, env: { CQDT_AGENT_URL: `http://127.0.0.1:${agentPort}` } });
      dir = mkdtempSync(path.join(os.tmpdir(), 'cqdt-e2e-token-'));
      const { createSoftHsmToken, startAgent } = await import(AGENT);
      const token = createSoftHsmToken(dir, {
        label: 'lanhdao',
        p12: path.join(app.dataDir, 'pki', 'personal-lanhdao.snv.p12'),
        p12Password: DEMO_PASSWORD,
      });
      agent = await startAgent({
        origin: app.baseUrl,
        softhsmConf: token.conf,
        dir,
        port: agentPort,
      });
      browser = await launchBrowser();
      for (const name of ['quyet-dinh-01.pdf', 'cong-van-02.pdf']) {
        const file = path.join(dir, name);
        writeFileSync(file, minimalPdf(`Van ban ${name}`));
        files.push(file);
      }
      nss = path.join(dir, 'nss');
      spawnSync('mkdir', ['-p', nss]);
      spawnSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
      const root = spawnSync('sh', ['-c', `ls ${app.dataDir}/pki/*root*.pem | head -n 1`], {
        encoding: 'utf8',
      }).stdout.trim();
      spawnSync('certutil', [
        '-A',
        '-d',
        `sql:${nss}`,
        '-n',
        'demo-root',
        '-t',
        'CT,C,C',
        '-i',
        root,
      ]);
    });

    after(async () => {
      await browser?.close();
      await agent?.stop();
      await app?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function checkA11y(page, label) {
      const basics = await pageBasics(page);
      assert.equal(basics.h1, 1, `${label}: one h1`);
      assert.deepEqual(await unnamedControls(page), [], `${label}: controls without a name`);
      assert.deepEqual(await inputsWithoutVisibleLabel(page), [], `${label}: inputs w/o label`);
      assert.deepEqual(await lowContrastText(page), [], `${label}: text below AA contrast`);
    }

    test('pair, register, admin confirms, batch-sign two PDFs with one PIN; pdfsig accepts them', async () => {
      const { page } = browser;
      await withFailureScreenshot(page, 'token-sign', async () => {
        await login(page, app.baseUrl, 'lanhdao.snv');
        await page.goto(`${app.baseUrl}/ky-so`);
        await page.getByRole('heading', { level: 1, name: 'Ký số' }).waitFor();

        // Pairing: the agent asks its user; the test agrees at the agent's terminal.
        await page.getByText('Phần mềm ký số chưa được ghép nối với trình duyệt này').waitFor();
        let prompt = agent.nextPrompt();
        await page.getByRole('button', { name: 'Ghép nối' }).click();
        assert.match(await prompt, /GHÉP NỐI/);
        agent.answer('c');

        // The token's certificate is listed; not registered yet: signing is not offered.
        await page.getByText('Chưa đăng ký cho tài khoản của bạn').waitFor();
        await checkA11y(page, 'token sign page');
        await screenshot(page, 'token-sign-unregistered', { fullPage: true });
        await page
          .getByRole('button', { name: 'Đăng ký chứng thư số này cho tài khoản của tôi' })
          .click();
        await page.getByText('Đã đăng ký, đang chờ quản trị hệ thống xác nhận').waitFor();
        assert.equal(
          await page.getByRole('button', { name: /Ký .* bằng USB token/ }).isDisabled(),
          true,
        );

        // The admin confirms it on the admin page.
        await login(page, app.baseUrl, 'admin');
        await page.goto(`${app.baseUrl}/admin/chung-thu-so`);
        await page
          .getByRole('heading', { level: 1, name: 'Chứng thư số USB token của cán bộ' })
          .waitFor();
        await checkA11y(page, 'token certificates admin page');
        await page
          .getByRole('row', { name: /lanhdao\.snv/ })
          .getByRole('button', { name: 'Xác nhận' })
          .click();
        await page
          .getByRole('row', { name: /lanhdao\.snv/ })
          .getByText('Đã đăng ký và được xác nhận')
          .waitFor();
        await screenshot(page, 'token-certificates-admin', { fullPage: true });

        // Back as the leader: two documents, one confirmation listing both, one PIN.
        await login(page, app.baseUrl, 'lanhdao.snv');
        await page.goto(`${app.baseUrl}/ky-so`);
        await page.getByText('Đã đăng ký và được xác nhận').waitFor();
        await page
          .getByLabel('Văn bản cần ký (PDF hoặc XML, chọn được nhiều tệp)')
          .setInputFiles(files);
        await page.getByText('Đã chọn 2 tệp').waitFor();
        prompt = agent.nextPrompt();
        const downloads = [];
        page.on('download', (d) => downloads.push(d));
        await page.getByRole('button', { name: 'Ký 2 văn bản bằng USB token' }).click();
        const text = await prompt;
        assert.match(text, /Số văn bản \/ documents: 2/);
        assert.match(text, /quyet-dinh-01\.pdf/);
        assert.match(text, /cong-van-02\.pdf/);
        await page.getByText('Hãy xem lại danh sách văn bản và nhập mã PIN').waitFor();
        agent.answer('1234');
        await page.getByText('Đã ký 2/2 văn bản.').waitFor({ timeout: 120_000 });
        await screenshot(page, 'token-sign-done', { fullPage: true });

        const download = page.waitForEvent('download');
        await page.getByRole('button', { name: 'Tải quyet-dinh-01.signed.pdf' }).click();
        const saved = path.join(dir, 'downloaded.pdf');
        await (await download).saveAs(saved);
        const sig = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, saved], { encoding: 'utf8' });
        assert.match(
          sig.stdout,
          /Signature Validation: Signature is Valid\./,
          sig.stdout + sig.stderr,
        );
        assert.match(sig.stdout, /Certificate Validation: Certificate is Trusted\./, sig.stdout);
        assert.ok(readFileSync(saved).length > 1000);
      });
    });

    test('a refusal at the agent is reported and nothing is signed', async () => {
      const { page } = browser;
      await withFailureScreenshot(page, 'token-refused', async () => {
        await page.goto(`${app.baseUrl}/ky-so`);
        await page.getByText('Đã đăng ký và được xác nhận').waitFor();
        await page
          .getByLabel('Văn bản cần ký (PDF hoặc XML, chọn được nhiều tệp)')
          .setInputFiles(files[0]);
        const prompt = agent.nextPrompt();
        await page.getByRole('button', { name: 'Ký 1 văn bản bằng USB token' }).click();
        await prompt;
        agent.answer('');
        await page
          .getByText('Bạn đã từ chối ký hoặc không xác nhận kịp trong phần mềm ký số.')
          .first()
          .waitFor();
        // The server saw no completion.
        const { loggedIn } = await harness();
        const admin = await loggedIn(app.baseUrl, 'admin');
        const audit = await admin.get('/audit?action=sign.pdf&limit=50');
        assert.equal(audit.status, 200, audit.text);
        assert.equal(audit.body.items.length, 2, 'only the two documents of the batch were signed');
      });
    });
  },
);
