// Sign-in to the portal through the national identity platform in the browser (issue 13, item 2):
// with a real OpenID provider on loopback (tests/support/oidc-provider.mjs), the citizen sign-in
// page offers "Đăng nhập bằng tài khoản định danh điện tử (VNeID)"; the citizen presses it, signs
// in on the provider's page and lands on the portal signed in, as the demo citizen the ID number
// claim names. Cancelling at the provider brings the sign-in page back with the reason in words.
// axe-core on the page with the button and with the error, on a desktop and on a phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  missingPrerequisite,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { expectNoAxeViolations, noHorizontalScroll } from './support/page-checks.mjs';
import { signInAtProvider, VNEID_BUTTON } from './support/vneid.mjs';
import { missingOidcProvider, startWithOidcProvider } from '../../tests/support/oidc-provider.mjs';

const skip =
  missingPrerequisite() ??
  missingOidcProvider() ??
  (process.env.CQDT_E2E_BASE_URL ? 'needs its own server' : null);

describe(
  'sign-in through the national identity platform',
  { skip: skip ?? false, timeout: 300_000 },
  () => {
    let app;
    let op;
    let stop;

    before(async () => {
      ({
        server: app,
        op,
        stop,
      } = await startWithOidcProvider({
        start: (env) => startApp({ env }),
        accounts: { mai: { citizen_id: '091095000123', name: 'NGUYỄN THỊ MAI' } },
      }));
    });
    after(async () => {
      await stop?.();
    });

    for (const viewport of [
      { width: 1366, height: 900 },
      { width: 360, height: 740 },
    ]) {
      test(`the citizen presses the button, signs in at the provider and lands signed in (${viewport.width} px)`, async () => {
        const browser = await launchBrowser({ viewport });
        try {
          const { page } = browser;
          await withFailureScreenshot(page, `portal-oidc-${viewport.width}`, async () => {
            await page.goto(`${app.baseUrl}/portal/sign-in`);
            const main = page.getByRole('main');
            const button = main.getByRole('link', { name: VNEID_BUTTON });
            await button.waitFor();
            await expectNoAxeViolations(page, 'citizen sign-in with VNeID');
            assert.ok(await noHorizontalScroll(page), 'no sideways scroll');
            await button.click();
            await signInAtProvider(page, op, 'mai');
            await page.waitForURL(`${app.baseUrl}/portal`);
            // Signed in as the demo citizen the number names, with the local account's name.
            await page.getByText('Nguyễn Thị Mai', { exact: true }).waitFor();
            await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
          });
        } finally {
          await browser.close();
        }
      });
    }

    test('cancelling at the provider brings the sign-in page back with the reason', async () => {
      const browser = await launchBrowser();
      try {
        const { page } = browser;
        await withFailureScreenshot(page, 'portal-oidc-cancelled', async () => {
          await page.goto(`${app.baseUrl}/portal/sign-in`);
          await page.getByRole('main').getByRole('link', { name: VNEID_BUTTON }).click();
          await page.waitForURL((url) => url.href.startsWith(op.issuer));
          await page.getByRole('button', { name: 'Hủy' }).click();
          await page.waitForURL(`${app.baseUrl}/portal/sign-in?loi=denied`);
          const alert = page.getByRole('main').getByRole('alert');
          await alert
            .getByText('Đăng nhập bằng tài khoản định danh điện tử không thành công')
            .waitFor();
          assert.match(await alert.innerText(), /hủy hoặc chưa hoàn tất/);
          await expectNoAxeViolations(page, 'citizen sign-in, refused at the provider');
        });
      } finally {
        await browser.close();
      }
    });
  },
);
