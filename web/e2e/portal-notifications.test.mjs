// Live notifications on the portal (issue 13, item 10), at 360 px: the signed-in citizen's bell
// counts and lists her notices; when the desk accepts her online dossier, the bell's count and
// list update in the page without a reload (server-sent events), the new notice is read out
// through a polite status region, and it is in English once the page is. Accessible throughout.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

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
const CODE = '1.001193';
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64),
]);
// The session probe's 401 before sign-in is an answer the page expects.
const scriptErrors = (errors) => errors.filter((error) => !/status of 401/.test(error));

describe('live notifications on the portal', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app;
  let citizen;
  let counter;
  let ward;

  before(async () => {
    app = await startApp();
    const h = await harness();
    citizen = await h.loggedIn(app.baseUrl, '091095000123', DEMO_PASSWORD, 'citizen');
    counter = await h.loggedIn(app.baseUrl, 'motcua.rachgia');
    ward = counter.user.agencyId;
  });
  after(async () => {
    await app?.stop();
  });

  // Mai submits a birth registration online and the desk accepts it: she is told.
  async function acceptedDossier() {
    const upload = await citizen.request('POST', '/portal/uploads?fileName=giay.png', PNG, {
      raw: true,
      headers: { 'Content-Type': 'image/png' },
    });
    assert.equal(upload.status, 201, upload.text);
    const form = await citizen.get(`/portal/procedures/${CODE}/e-form`);
    assert.equal(form.status, 200, form.text);
    const submitted = await citizen.post('/portal/dossiers', {
      procedureCode: CODE,
      agencyId: ward,
      formId: form.body.id,
      answers: {
        requesterName: 'Nguyễn Thị Mai',
        requesterId: '091095000123',
        requesterPhone: '0912 345 678',
        requesterAddress: 'Phường Rạch Giá, tỉnh An Giang',
        relationship: 'me',
        childName: 'Nguyễn Văn Bình',
        birthDate: '2026-11-20',
        sex: 'nam',
        ethnicity: 'Kinh',
        nationality: 'Việt Nam',
        birthPlace: 'Bệnh viện Đa khoa tỉnh An Giang',
        motherName: 'Nguyễn Thị Mai',
        motherBirthYear: 1995,
        motherId: '091095000123',
        commitment: true,
      },
      documents: [
        { ordinal: 2, files: [upload.body.id] },
        { ordinal: 5, files: [], byData: true },
      ],
      delivery: 'electronic',
    });
    assert.equal(submitted.status, 201, submitted.text);
    const accepted = await counter.post(
      `/dossiers/${encodeURIComponent(submitted.body.code)}/actions`,
      { action: 'accept' },
    );
    assert.equal(accepted.status, 200, accepted.text);
    return accepted.body.code;
  }

  test('the bell updates live when the desk accepts her dossier (360 px)', async () => {
    const browser = await launchBrowser({ viewport: { width: 360, height: 740 } });
    try {
      const { page, errors } = browser;
      await withFailureScreenshot(page, 'portal-notifications', async () => {
        const unread = async () => (await citizen.get('/notifications?limit=1')).body.unread;
        const streamOpened = () =>
          page.waitForResponse(
            (r) => r.url().includes('/api/v1/notifications/stream') && r.status() === 200,
            { timeout: 120_000 },
          );
        let opened = streamOpened();
        await citizenLogin(page, app.baseUrl);
        await opened;
        const banner = page.getByRole('banner');
        const before = await unread();
        await banner.getByRole('button', { name: `Thông báo (${before} chưa đọc)` }).waitFor();
        await settle(page);
        // A mark on the window: it would be gone after a reload.
        await page.evaluate(() => {
          window.cqdtNoReload = true;
        });

        const code = await acceptedDossier();
        const bell = banner.getByRole('button', { name: `Thông báo (${before + 1} chưa đọc)` });
        await bell.waitFor({ timeout: 120_000 });
        await page
          .getByRole('status')
          .filter({ hasText: `Thông báo mới: Hồ sơ ${code}` })
          .waitFor();
        assert.equal(await page.evaluate(() => window.cqdtNoReload), true, 'no reload');
        await bell.click();
        const panel = page.getByRole('dialog', { name: 'Thông báo' });
        const first = panel
          .getByRole('list', { name: 'Các thông báo mới nhất' })
          .getByRole('listitem')
          .first();
        await first.filter({ hasText: code }).waitFor();
        assert.match(await first.innerText(), /Chưa đọc:/);
        await panel.getByText('Thời gian theo giờ Việt Nam (UTC+7).').waitFor();
        await expectNoAxeViolations(page, 'portal notifications panel (360 px)');
        assert.ok(await noHorizontalScroll(page), 'no horizontal scroll at 360 px');
        await page.keyboard.press('Escape');

        // English: the stream is opened again in the page's language.
        opened = streamOpened();
        await page.getByText('EN', { exact: true }).click();
        await opened;
        const english = await acceptedDossier();
        await banner
          .getByRole('button', { name: `Notifications (${before + 2} unread)` })
          .waitFor({ timeout: 120_000 });
        await page
          .getByRole('status')
          .filter({ hasText: `New notification: Dossier ${english}` })
          .waitFor();
        assert.equal(await page.evaluate(() => window.cqdtNoReload), true, 'no reload');
      });
      assert.deepEqual(scriptErrors(errors), []);
    } finally {
      await browser.close();
    }
  });
});
