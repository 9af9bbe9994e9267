// The Decision 766 staff analysis in the browser (issue 13, item 9): the ward's leader opens
// "Phân tích chỉ số 766" from the menu; it shows the current quarter, the ward's score and what it
// lost, the procedures that cost points, and a dossier received at the counter with its reason
// ("Không nộp trực tuyến"), which leads to the dossier's page. Filtering by an indicator keeps it
// in the address. On a phone (360 px) the page has no sideways scroll; axe-core on each; English
// once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { receiveAtCounter } from './support/desk.mjs';
import { expectNoAxeViolations, noHorizontalScroll, settle } from './support/page-checks.mjs';

const skip = missingPrerequisite();
// The session probe's 401 before signing in is an answer the app expects.
const scriptErrors = (errors) => errors.filter((error) => !/status of 401/.test(error));

describe('the Decision 766 staff analysis', { skip: skip ?? false, timeout: 300_000 }, () => {
  let app, code;

  before(async () => {
    app = await startApp();
    const h = await harness();
    const counter = await h.loggedIn(app.baseUrl, 'motcua.rachgia');
    code = (await receiveAtCounter(counter, { name: 'Đỗ Văn Chỉ Số', phone: '0907 766 766' })).code;
  });
  after(async () => {
    await app?.stop();
  });

  test('the leader sees a dossier that costs points, and why (1366 px)', async () => {
    const browser = await launchBrowser({ viewport: { width: 1366, height: 900 } });
    try {
      const { page, errors } = browser;
      await withFailureScreenshot(page, 'index766-analysis', async () => {
        await login(page, app.baseUrl, 'lanhdao.rachgia');
        await page
          .getByRole('navigation')
          .getByRole('link', { name: 'Phân tích chỉ số 766' })
          .click();
        const main = page.getByRole('main');
        await main.getByRole('heading', { level: 1, name: 'Phân tích điểm chỉ số 766' }).waitFor();
        await main
          .getByTestId('analysis-period')
          .getByText(/^Quý [1-4]\/\d{4}/)
          .waitFor();
        await main.getByRole('heading', { level: 2, name: /^Điểm của đơn vị: / }).waitFor();
        assert.match(await main.getByTestId('analysis-score').innerText(), /\/\d+(,\d+)? điểm$/);
        assert.match(await main.getByTestId('analysis-lost').innerText(), /^Mất [\d,.]+ điểm$/);

        // The procedure of the dossier costs points.
        const procedures = main.getByRole('table', {
          name: 'Các thủ tục theo số điểm làm mất, nhiều nhất trước',
        });
        await procedures.getByText('(1.001193)').waitFor();

        // The dossier, with its reason; it leads to the dossier's page.
        const dossiers = main.getByRole('table', {
          name: 'Các hồ sơ làm mất điểm và lý do, nhiều điểm nhất trước',
        });
        const link = dossiers.getByRole('link', { name: `Xem hồ sơ ${code}` });
        await link.waitFor();
        const row = dossiers
          .getByRole('row')
          .filter({ has: page.getByRole('link', { name: `Xem hồ sơ ${code}` }) });
        await row.getByText('Không nộp trực tuyến').waitFor();
        await row.getByText('Hồ sơ nộp trực tuyến', { exact: true }).waitFor();
        assert.equal((await row.innerText()).includes('Đỗ Văn Chỉ Số'), false, 'no applicant');
        await settle(page);
        await expectNoAxeViolations(page, 'analysis page');

        // Filtered by one indicator: still there, and the address says so.
        await main.getByLabel('Lọc theo chỉ số').click();
        await page
          .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
          .getByText('Hồ sơ nộp trực tuyến', { exact: true })
          .click();
        await page.waitForURL(/chi-so=ONLINE_DOSSIERS/);
        await link.waitFor();
        await main
          .getByTestId('analysis-total')
          .getByText(/^\d+ hồ sơ$/)
          .waitFor();

        await link.click();
        await page.waitForURL((url) => url.pathname === `/mot-cua/ho-so/${code}`);
        await page.getByRole('main').getByRole('heading', { level: 1 }).waitFor();
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await browser.close();
    }
  });

  test('on a phone (360 px), and in English', async () => {
    const browser = await launchBrowser({ viewport: { width: 360, height: 740 }, touch: true });
    try {
      const { page, errors } = browser;
      await withFailureScreenshot(page, 'index766-analysis-360', async () => {
        await login(page, app.baseUrl, 'lanhdao.rachgia');
        await page.goto(`${app.baseUrl}/chi-so-766`);
        const main = page.getByRole('main');
        const link = main.getByRole('link', { name: `Xem hồ sơ ${code}` });
        await link.waitFor();
        await settle(page);
        await noHorizontalScroll(page);
        await expectNoAxeViolations(page, 'analysis page (360 px)');

        await page.evaluate(() => window.localStorage.setItem('cqdt.lang', 'en'));
        await page.reload();
        await main
          .getByRole('heading', { level: 1, name: 'Decision 766 index: what costs points' })
          .waitFor();
        const english = main.getByRole('link', { name: `Open dossier ${code}` });
        await english.waitFor();
        await main.getByText('Not submitted online').first().waitFor();
        await settle(page);
        await expectNoAxeViolations(page, 'analysis page (English)');
        assert.deepEqual(scriptErrors(errors), []);
      });
    } finally {
      await browser.close();
    }
  });
});
