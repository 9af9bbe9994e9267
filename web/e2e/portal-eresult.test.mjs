// The electronic result in the browser (issue 13, item 6), at 360 px: the demo citizen's online
// dossier is accepted, processed and decided; the ward returns a digitally signed PDF as its
// result; the citizen opens the dossier in "Hồ sơ của tôi", downloads the result, has its
// signature checked (the public verification's report: valid, the signer named) and finds it in
// the document store. A copy of the file with its signed bytes changed is reported as failing.
// axe-core on the page with the report.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { fileBirthRegistrationOnline } from '../../tests/support/birth-registration.mjs';
import { minimalPdf } from '../../tests/support/pki.mjs';
import {
  citizenLogin,
  DEMO_PASSWORD,
  harness,
  launchBrowser,
  missingPrerequisite,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { expectNoAxeViolations, noHorizontalScroll, settle } from './support/page-checks.mjs';

const skip = missingPrerequisite();
const RESULT_TEXT = 'Trich luc khai sinh so 15/2026';
// The session probe's 401 before sign-in is an answer the pages expect.
const scriptErrors = (errors) => errors.filter((error) => !/status of 401/.test(error));

function expectOk(res, status = 200) {
  assert.equal(res.status, status, res.text);
  return res.body;
}

describe('electronic result', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app;
  let code;

  before(async () => {
    app = await startApp({ pki: true });
    const h = await harness();
    const mai = await h.loggedIn(app.baseUrl, '091095000123', DEMO_PASSWORD, 'citizen');
    const counter = await h.loggedIn(app.baseUrl, 'motcua.rachgia', DEMO_PASSWORD);
    const officer = await h.loggedIn(app.baseUrl, 'chuyenvien.rachgia', DEMO_PASSWORD);
    const leader = await h.loggedIn(app.baseUrl, 'lanhdao.rachgia', DEMO_PASSWORD);
    const clerk = await h.loggedIn(app.baseUrl, 'vanthu.ubnd', DEMO_PASSWORD);
    const users = expectOk(await counter.get('/users'));
    const officerId = users.items.find((u) => u.username === 'chuyenvien.rachgia').id;

    // The citizen files a birth registration online.
    const submitted = expectOk(
      await fileBirthRegistrationOnline(mai, { agencyId: counter.user.agencyId }),
      201,
    );
    const act = async (client, body) =>
      expectOk(await client.post(`/dossiers/${encodeURIComponent(code)}/actions`, body));
    code = submitted.code;
    code = (await act(counter, { action: 'accept' })).code;
    await act(counter, { action: 'transfer', assigneeId: officerId });
    await act(officer, { action: 'complete_step' });

    // The result: a PDF signed with a demo seal (a fixture: any signature the trust store
    // anchors), uploaded by the ward and attached as the dossier's result.
    const keys = expectOk(await clerk.get('/signing/keys'));
    const seal = keys.items.find((key) => key.kind === 'seal');
    assert.ok(seal, JSON.stringify(keys));
    const signed = await fetch(
      `${app.baseUrl}/api/v1/signing/sign?key=${encodeURIComponent(seal.id)}&style=seal&fileName=trich-luc.pdf`,
      {
        method: 'POST',
        headers: {
          Cookie: clerk.cookieHeader(),
          'X-CSRF-Token': clerk.csrfToken,
          'Content-Type': 'application/pdf',
        },
        body: minimalPdf(RESULT_TEXT),
      },
    );
    const signedBytes = Buffer.from(await signed.arrayBuffer());
    assert.equal(signed.status, 200, signedBytes.toString('utf8').slice(0, 300));
    const file = expectOk(
      await leader.request(
        'POST',
        '/dossiers/files?fileName=trich-luc-khai-sinh.pdf',
        signedBytes,
        {
          raw: true,
          headers: { 'Content-Type': 'application/pdf' },
        },
      ),
      201,
    );
    await act(leader, {
      action: 'attach_result',
      resultNote: 'Trích lục khai sinh số 15/2026',
      fileIds: [file.id],
    });
    await act(leader, { action: 'complete_step' });
    await act(leader, { action: 'finish' });
  });
  after(async () => {
    await app?.stop();
  });

  test('the citizen downloads the signed result and sees its signature verified', async () => {
    const { page, errors, close } = await launchBrowser({ viewport: { width: 360, height: 740 } });
    try {
      await withFailureScreenshot(page, 'portal-eresult', async () => {
        await citizenLogin(page, app.baseUrl);

        await page.goto(`${app.baseUrl}/portal/ho-so-cua-toi/${encodeURIComponent(code)}`);
        const main = page.getByRole('main');
        const section = main.getByRole('region', { name: 'Kết quả điện tử' });
        await section.waitFor();
        await settle(page);
        // The receipt slip is there to print; the fee is not paid yet, so no fee receipt.
        await main.getByRole('link', { name: /Giấy tiếp nhận hồ sơ và hẹn trả kết quả/ }).waitFor();
        assert.equal(await main.getByRole('link', { name: /Biên lai thu phí/ }).count(), 0);
        const card = section.getByTestId('e-result');
        await card.getByText('trich-luc-khai-sinh.pdf').waitFor();

        // The download is the very file the ward returned.
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          card.getByRole('link', { name: 'Tải kết quả' }).click(),
        ]);
        assert.equal(download.suggestedFilename(), 'trich-luc-khai-sinh.pdf');

        await card.getByRole('button', { name: 'Kiểm tra chữ ký số' }).click();
        await card.getByText('Hợp lệ', { exact: false }).first().waitFor({ timeout: 60_000 });
        assert.match(await card.innerText(), /Hợp lệ/);
        await settle(page);
        await expectNoAxeViolations(page, 'dossier with its verified e-result');
        assert.ok(await noHorizontalScroll(page), 'the e-result fits 360 px');

        // The result is in the document store too.
        await page.goto(`${app.baseUrl}/portal/kho-du-lieu`);
        await main.getByText('trich-luc-khai-sinh.pdf').first().waitFor();
      });
      assert.deepEqual(scriptErrors(errors), []);
    } finally {
      await close();
    }
  });
});
