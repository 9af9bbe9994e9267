// Wording (issue 8, item 22): what people read is in their language, without jargon, and fits
// their device.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  launchBrowser,
  missingPrerequisite,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';

const skip = missingPrerequisite();
const PHONE = { width: 390, height: 844 };

describe('wording', { skip: skip ?? false, timeout: 240_000 }, () => {
  let app;

  before(async () => {
    app = await startApp();
  });

  after(async () => {
    await app?.stop();
  });

  test('a touch phone is told to choose a file, not to drag one', async () => {
    const phone = await launchBrowser({ viewport: PHONE, touch: true });
    try {
      const { page } = phone;
      await withFailureScreenshot(page, 'touch-file-picker', async () => {
        await page.goto(`${app.baseUrl}/kiem-tra-chu-ky`);
        await page.getByRole('heading', { level: 1, name: 'Kiểm tra chữ ký số' }).waitFor();
        assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), true);
        const zone = page.locator('label[for="verify-file"]').last();
        const text = await zone.innerText();
        assert.match(text, /Chọn tệp/);
        assert.doesNotMatch(text, /Kéo thả/);
        // The file input's accessible name comes from its visible labels only.
        const input = page.getByLabel('Tệp cần kiểm tra');
        assert.doesNotMatch(await input.evaluate((el) => el.labels[1].innerText), /Kéo thả/);
        await screenshot(page, 'verify-touch-phone', { fullPage: true });
      });
    } finally {
      await phone.close();
    }

    // With a mouse, dropping a file is offered.
    const desktop = await launchBrowser();
    try {
      const { page } = desktop;
      await page.goto(`${app.baseUrl}/kiem-tra-chu-ky`);
      await page.getByRole('heading', { level: 1, name: 'Kiểm tra chữ ký số' }).waitFor();
      const zone = page.locator('label[for="verify-file"]').last();
      assert.match(await zone.innerText(), /Kéo thả tệp vào đây/);
      assert.doesNotMatch(await zone.innerText(), /^Chọn tệp$/m);
    } finally {
      await desktop.close();
    }
  });
});
