// The counter queue in the browser (issue 12 item 5): the ward's leader adds a counter, a
// citizen takes a number at the hall's kiosk (no account), the counter officer calls it, and
// the hall's display shows it. axe-core runs on the kiosk, the display and the counter page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  login,
  missingPrerequisite,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { expectNoAxeViolations } from './support/page-checks.mjs';

const skip = missingPrerequisite();
const scriptErrors = (errors) => errors.filter((error) => !/status of 401/.test(error));
const DESK = '000.00.41.H01';

describe('counter queue', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app;

  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.stop();
  });

  test('a leader adds a counter, the kiosk gives a number, the counter calls it, the board shows it', async () => {
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'queue', async () => {
        await login(page, app.baseUrl, 'lanhdao.rachgia');
        const nav = page.getByRole('navigation', { name: /^(Điều hướng chính|Main navigation)$/ });
        await nav.getByRole('link', { name: 'Quầy và số thứ tự', exact: true }).click();
        const main = page.getByRole('main');
        await main.getByRole('heading', { level: 1, name: 'Quầy phục vụ và gọi số' }).waitFor();
        await main.getByLabel('Tên quầy').fill('Quầy 1');
        await main.getByRole('button', { name: 'Thêm quầy' }).click();
        await main.getByRole('combobox', { name: 'Quầy' }).waitFor();
        await expectNoAxeViolations(page, 'counter page (leader)');

        // The kiosk, signed out.
        await page.context().clearCookies();
        await page.goto(`${app.baseUrl}/xep-hang/${DESK}`);
        await page.getByRole('heading', { level: 1, name: 'Lấy số thứ tự' }).waitFor();
        await page.getByRole('button', { name: 'Hộ tịch' }).waitFor();
        await expectNoAxeViolations(page, 'kiosk');
        await page.getByRole('button', { name: 'Hộ tịch' }).click();
        const number = page.getByText(/^Số \d+$/);
        await number.waitFor();
        const taken = await number.innerText();

        // The counter officer calls it.
        await login(page, app.baseUrl, 'motcua.rachgia');
        await page.goto(`${app.baseUrl}/mot-cua/quay`);
        await main.getByRole('button', { name: 'Gọi số tiếp theo' }).click();
        await main.locator('.cqdt-queue-number').filter({ hasText: taken }).waitFor();
        await expectNoAxeViolations(page, 'counter page (counter officer)');

        // The display shows it.
        await page.goto(`${app.baseUrl}/bang-goi-so/${DESK}`);
        await page.locator('.cqdt-queue-number--large').filter({ hasText: taken }).waitFor();
        await page.getByText('đến Quầy 1').waitFor();
        await expectNoAxeViolations(page, 'display');
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await browser.close();
    }
  });
});
