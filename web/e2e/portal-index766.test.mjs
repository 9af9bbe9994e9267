// The Decision 766 service-quality index on the portal (/portal/chi-so-766), without an account:
// the portal's menu leads to it; it opens on the current quarter (Vietnam time) with the whole
// province's local estimate, a chart and the ranking of the units; sorting by score; choosing a unit
// shows its groups and indicators below, with a chart that has a text alternative; the period lives
// in the address (?ky=2026-Q4, 2026-11, 2026) and the picker writes it; a failed request shows the
// server's Vietnamese message. On a phone (360 px) too, with no sideways scroll; axe-core on each
// state; in English once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  eventually,
  launchBrowser,
  missingPrerequisite,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { expectNoAxeViolations, noHorizontalScroll, settle } from './support/page-checks.mjs';

const skip = missingPrerequisite();
// The session probe's 401 (no account) is an answer the portal expects.
const scriptErrors = (errors) => errors.filter((error) => !/status of 401/.test(error));

const PATH = '/portal/chi-so-766';
const TABLE = 'Bảng xếp hạng các đơn vị theo điểm';
const NOTE =
  'Điểm ước tính tại địa phương theo cách tính của Cổng DVCQG; điểm chính thức do Cổng Dịch vụ công quốc gia công bố.';

const pad = (n) => String(n).padStart(2, '0');
const lastDay = (year, month) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Today in Vietnam (UTC+7): its year, month and quarter. */
function vnNow() {
  const d = new Date(Date.now() + 7 * 3600e3);
  const month = d.getUTCMonth() + 1;
  return { year: d.getUTCFullYear(), month, quarter: Math.floor((month - 1) / 3) + 1 };
}

/** "63,42/76" (Vietnamese decimals, thousands with dots) -> 63.42. */
const scoreOf = (text) => Number(text.split('/')[0].replace(/\./g, '').replace(',', '.').trim());

/** The next request for the index; resolves to its from and to. */
function indexRequest(page) {
  return page
    .waitForRequest((request) => new URL(request.url()).pathname === '/api/v1/index766')
    .then((request) => {
      const url = new URL(request.url());
      return { from: url.searchParams.get('from'), to: url.searchParams.get('to') };
    });
}

describe('the portal’s Decision 766 index', { skip: skip ?? false, timeout: 480_000 }, () => {
  let app;

  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.stop();
  });

  for (const viewport of [
    { width: 1366, height: 900 },
    { width: 360, height: 740 },
  ]) {
    test(`ranking, a unit's details, sorting and periods (${viewport.width} px)`, async () => {
      const browser = await launchBrowser({ viewport });
      try {
        const { page, errors } = browser;
        await withFailureScreenshot(page, `portal-index766-${viewport.width}`, async () => {
          const main = page.getByRole('main');
          const { year, quarter } = vnNow();
          const firstMonth = (quarter - 1) * 3 + 1;

          // From the portal's menu; the current quarter by default.
          await page.goto(`${app.baseUrl}/portal`);
          const requested = indexRequest(page);
          await page
            .getByRole('navigation', { name: 'Cổng dịch vụ công' })
            .getByRole('link', { name: 'Chỉ số phục vụ' })
            .click();
          await page.waitForURL((url) => url.pathname === PATH);
          assert.deepEqual(await requested, {
            from: `${year}-${pad(firstMonth)}-01`,
            to: `${year}-${pad(firstMonth + 2)}-${pad(lastDay(year, firstMonth + 2))}`,
          });
          await main.getByRole('heading', { level: 1 }).waitFor();
          await main.getByTestId('index766-period').getByText(`Quý ${quarter}/${year}`).waitFor();
          const pressed = main.getByRole('button', { name: `Quý ${quarter}/${year}` });
          assert.equal(await pressed.getAttribute('aria-pressed'), 'true');

          // The province's estimate, said to be one.
          await main.getByRole('heading', { level: 2, name: /^Toàn tỉnh/ }).waitFor();
          assert.match(
            await main.getByTestId('index766-province-score').innerText(),
            /^[\d.,]+\/[\d.,]+ điểm$/,
          );
          await main.getByText(NOTE).waitFor();
          assert.match(await main.innerText(), /\(giờ Việt Nam, UTC\+7\)/);

          // The ranking: at least one unit, ranked 1 first.
          const table = main.getByRole('table', { name: TABLE });
          const rows = table.locator('tbody > tr.ant-table-row');
          await rows.first().waitFor();
          const count = await rows.count();
          assert.ok(count >= 1, 'at least one unit');
          assert.equal((await rows.first().locator('td').first().innerText()).trim(), '1');
          const scores = async () =>
            (await rows.locator('td:nth-child(3)').allInnerTexts()).map(scoreOf);
          const ranked = await scores();
          assert.ok(
            ranked.every((s, i) => i === 0 || ranked[i - 1] >= s),
            `ranked best first: ${ranked}`,
          );

          // The units' chart is a picture with its summary.
          const unitsChart = main.getByTestId('index766-units-chart');
          await unitsChart.waitFor();
          assert.equal(await unitsChart.getAttribute('role'), 'img');
          assert.match(
            await unitsChart.getAttribute('aria-label'),
            new RegExp(`tổng điểm của ${count} đơn vị`),
          );
          await settle(page);
          await expectNoAxeViolations(page, 'index, current quarter');
          assert.ok(await noHorizontalScroll(page), 'no sideways scroll');

          // Sorting by the total score: lowest first, then highest first again.
          const header = table.getByRole('columnheader', { name: 'Tổng điểm' });
          await header.click();
          await header.click();
          assert.ok(
            await eventually(async () => (await header.getAttribute('aria-sort')) === 'ascending'),
            'sorted ascending',
          );
          const ascending = await scores();
          assert.deepEqual(
            ascending,
            [...ranked].sort((a, b) => a - b),
          );
          // A third click leaves the sorting (antd: descending, ascending, none): the ranking's
          // own order, best first, again.
          await header.click();
          await eventually(async () => (await header.getAttribute('aria-sort')) === null);
          assert.deepEqual(await scores(), ranked);

          // A unit: its groups and indicators below, the focus on them.
          const link = rows.first().getByRole('link');
          const name = (await link.innerText()).trim();
          await link.click();
          await page.waitForURL(/[?&]don-vi=\d+/);
          const agencyId = new URL(page.url()).searchParams.get('don-vi');
          const detail = main.getByTestId('index766-detail');
          await detail
            .getByRole('heading', { level: 2, name: `Chi tiết: ${name}`, exact: true })
            .waitFor();
          assert.ok(
            await eventually(() =>
              page.evaluate(() => document.activeElement?.dataset.testid === 'index766-detail'),
            ),
            'the details have the focus',
          );
          assert.equal(await link.getAttribute('aria-current'), 'true');
          const groups = detail.getByRole('heading', { level: 3 });
          assert.ok((await groups.count()) >= 1, 'at least one group');
          await detail.getByRole('heading', { level: 3, name: 'Tiến độ giải quyết' }).waitFor();
          const text = await detail.innerText();
          assert.match(text, /Tổng điểm: [\d.,]+\/[\d.,]+ điểm/);
          assert.match(text, /Điểm:/);
          // Each indicator shows its figures or says why it has none.
          assert.match(
            text,
            /Tỷ lệ:|Chưa có dữ liệu tại địa phương \(lấy từ Cổng DVCQG\)|Chưa có hồ sơ trong kỳ|Không áp dụng cho cấp xã \(tính điểm tối đa\)/,
          );
          const groupsChart = detail.getByTestId('index766-groups-chart');
          await groupsChart.waitFor();
          assert.equal(await groupsChart.getAttribute('role'), 'img');
          assert.match(
            await groupsChart.getAttribute('aria-label'),
            /Tiến độ giải quyết [\d.,–]+\//,
          );
          await settle(page);
          await expectNoAxeViolations(page, 'index, a unit chosen');
          assert.ok(await noHorizontalScroll(page), 'no sideways scroll');

          // The whole province's indicators.
          await main.getByRole('link', { name: 'Xem điểm từng chỉ số của toàn tỉnh' }).click();
          await page.waitForURL(/don-vi=tinh/);
          await detail.getByRole('heading', { level: 2, name: 'Chi tiết: Toàn tỉnh' }).waitFor();

          // Periods in the address: a month, then a year with the unit already chosen.
          let next = indexRequest(page);
          await page.goto(`${app.baseUrl}${PATH}?ky=${year - 1}-11`);
          assert.deepEqual(await next, { from: `${year - 1}-11-01`, to: `${year - 1}-11-30` });
          await main
            .getByTestId('index766-period')
            .getByText(`Tháng 11/${year - 1}`)
            .waitFor();
          await main.getByRole('combobox', { name: 'Tháng', exact: true }).waitFor();
          // A past month may have no unit at all: the table then says so.
          await table.locator('tbody > tr.ant-table-row, .cqdt-empty-state').first().waitFor();
          assert.ok(await noHorizontalScroll(page), 'no sideways scroll');

          next = indexRequest(page);
          await page.goto(`${app.baseUrl}${PATH}?ky=${year}&don-vi=${agencyId}`);
          assert.deepEqual(await next, { from: `${year}-01-01`, to: `${year}-12-31` });
          await main.getByTestId('index766-period').getByText(`Năm ${year}`).waitFor();
          await detail
            .getByRole('heading', { level: 2, name: `Chi tiết: ${name}`, exact: true })
            .waitFor();
          await settle(page);
          await expectNoAxeViolations(page, 'index, a year with a unit');
          assert.ok(await noHorizontalScroll(page), 'no sideways scroll');

          // The picker writes the address: back to quarters (this one), the unit kept.
          next = indexRequest(page);
          // antd's segmented control hides its radio inputs: the label is what one clicks.
          await main.locator('label', { hasText: /^Quý$/ }).click();
          await page.waitForURL((url) => url.searchParams.get('ky') === `${year}-Q${quarter}`);
          assert.equal(new URL(page.url()).searchParams.get('don-vi'), agencyId);
          assert.equal((await next).from, `${year}-${pad(firstMonth)}-01`);

          // A period the address cannot mean: the current quarter, and a warning.
          await page.goto(`${app.baseUrl}${PATH}?ky=quy-5`);
          await main.getByText(/Kỳ "quy-5" trong địa chỉ không đúng dạng/).waitFor();
          await main.getByTestId('index766-period').getByText(`Quý ${quarter}/${year}`).waitFor();

          assert.deepEqual(scriptErrors(errors), []);
        });
      } finally {
        await browser.close();
      }
    });
  }

  test('in English, and a failed request shows the server’s message', async () => {
    const browser = await launchBrowser({ viewport: { width: 1366, height: 900 } });
    try {
      const { page } = browser;
      await withFailureScreenshot(page, 'portal-index766-en-error', async () => {
        const main = page.getByRole('main');
        await page.goto(`${app.baseUrl}${PATH}?don-vi=tinh`);
        await main
          .getByRole('table', { name: TABLE })
          .locator('tbody > tr.ant-table-row')
          .first()
          .waitFor();
        await page.getByRole('banner').getByText('EN', { exact: true }).click();
        await main
          .getByRole('heading', {
            level: 1,
            name: 'Service quality index for citizens and businesses',
          })
          .waitFor();
        await page.getByRole('link', { name: 'Service index' }).waitFor();
        await main.getByRole('heading', { level: 2, name: 'Details: Whole province' }).waitFor();
        await main.getByRole('heading', { level: 3, name: 'Processing progress' }).waitFor();
        await settle(page);
        await expectNoAxeViolations(page, 'index in English');
        await page.getByRole('banner').getByText('VI', { exact: true }).click();
        await main.getByRole('heading', { level: 3, name: 'Tiến độ giải quyết' }).waitFor();

        // The server refuses (a problem+json in Vietnamese): the page says so.
        const detail = 'Khoảng thời gian không hợp lệ: ngày bắt đầu sau ngày kết thúc.';
        await page.route('**/api/v1/index766?**', (route) =>
          route.fulfill({
            status: 422,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'urn:cqdt:problem:validation',
              title: 'Dữ liệu không hợp lệ',
              status: 422,
              detail,
              errors: [{ field: 'from', code: 'invalid', message: 'Ngày không hợp lệ.' }],
            }),
          }),
        );
        await page.goto(`${app.baseUrl}${PATH}?ky=2025-Q1`);
        const alert = main.getByRole('alert');
        await alert.getByText('Không tải được bộ chỉ số.').waitFor();
        await alert.getByText(detail).waitFor();
        await alert.getByText('Ngày không hợp lệ.').waitFor();
        assert.equal(await main.getByRole('table', { name: TABLE }).count(), 0, 'no stale table');
        await settle(page);
        await expectNoAxeViolations(page, 'index, request failed');
      });
    } finally {
      await browser.close();
    }
  });
});
