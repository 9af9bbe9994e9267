// Live notifications on the portal (issue 13, item 10), at 360 px: the signed-in citizen's bell
// counts and lists her notices; when the desk accepts her online dossier, the bell's count and
// list update in the page without a reload (server-sent events), the new notice is read out
// through a polite status region, and it is in English once the page is. Accessible throughout.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { fileBirthRegistrationOnline } from '../../tests/support/birth-registration.mjs';
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
    const submitted = await fileBirthRegistrationOnline(citizen, {
      agencyId: ward,
      fileName: 'giay.png',
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
