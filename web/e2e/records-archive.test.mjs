// Transfer to the archive in the browser (issue 11 item 2): a clerk of Sở Nội vụ selects a closed
// record in "Hồ sơ của cơ quan" (an open one cannot be selected), confirms "Nộp lưu", and gets the
// sealed package's download link; the record then shows as transferred, and the transfers page
// lists the package. The server runs with the demo PKI (the agency's seal);
// axe-core runs on every page and dialog on the way.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { expectNoAxeViolations } from './support/page-checks.mjs';

const skip = missingPrerequisite();
const YEAR = new Date(Date.now() + 7 * 3600e3).getUTCFullYear();

const scriptErrors = (errors) => errors.filter((error) => !/status of (401|409|422)/.test(error));

async function openRecordsMenu(page, item, menu = 'Hồ sơ công việc') {
  const nav = page.getByRole('navigation', { name: /^(Điều hướng chính|Main navigation)$/ });
  const link = nav.getByRole('link', { name: item, exact: true });
  if (!(await link.isVisible())) {
    await nav.getByRole('menuitem', { name: menu }).click();
  }
  await link.click();
}

describe('transfer to the archive', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app;
  let clerk;

  before(async () => {
    app = await startApp({ pki: true });
    const h = await harness();
    clerk = await h.loggedIn(app.baseUrl, 'vanthu.snv');
  });

  after(async () => {
    await app?.stop();
  });

  // A record of the clerk holding one incoming document; closed unless `close` is false.
  let serial = 40;
  async function makeRecord(code, close = true) {
    serial += 1;
    const doc = await clerk.post('/documents/incoming', {
      numberText: `${serial}/NL-UBND`,
      issuedDate: `${YEAR}-01-05`,
      senderName: 'Ủy ban nhân dân tỉnh An Giang',
      subject: `Về việc nộp lưu hồ sơ ${code}`,
      pageCount: 2,
    });
    assert.equal(doc.status, 201, doc.text);
    const item = await clerk.post('/records/plan', {
      year: YEAR,
      code,
      title: `Hồ sơ nộp lưu ${code}`,
      retentionYears: 10,
    });
    assert.equal(item.status, 201, item.text);
    let record = await clerk.post('/records', { planItemId: item.body.id });
    assert.equal(record.status, 201, record.text);
    const id = record.body.id;
    record = await clerk.post(`/records/${id}/documents`, { documentId: doc.body.id });
    assert.equal(record.status, 200, record.text);
    if (close) {
      record = await clerk.post(`/records/${id}/close`, {
        title: record.body.title,
        language: 'Tiếng Việt',
        rights: 'public',
        version: record.body.version,
      });
      assert.equal(record.status, 200, record.text);
    }
    return record.body;
  }

  test('a clerk selects a closed record, confirms "Nộp lưu" and downloads the sealed package', async () => {
    const closed = await makeRecord('NL.01');
    const open = await makeRecord('NL.02', false);

    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'records-archive', async () => {
        await login(page, app.baseUrl, 'vanthu.snv');
        await openRecordsMenu(page, 'Hồ sơ của cơ quan');
        const main = page.getByRole('main');
        await main.getByRole('heading', { level: 1, name: 'Hồ sơ của cơ quan' }).waitFor();
        const button = main.getByTestId('archive-transfer-button');
        assert.equal(await button.isDisabled(), true, 'nothing selected yet');
        assert.equal(
          await main.getByRole('checkbox', { name: `Chọn hồ sơ ${open.fileCode}` }).isDisabled(),
          true,
          'an open record cannot be selected',
        );
        await expectNoAxeViolations(page, 'agency records with selection');

        await main.getByRole('checkbox', { name: `Chọn hồ sơ ${closed.fileCode}` }).check();
        await main.getByRole('button', { name: 'Nộp lưu (1 hồ sơ)' }).click();
        const confirm = page.getByRole('dialog', { name: 'Nộp lưu 1 hồ sơ?' });
        await confirm.waitFor();
        await confirm.getByText(closed.fileCode).waitFor();
        await expectNoAxeViolations(page, 'transfer confirmation');
        await confirm.getByRole('button', { name: 'Nộp lưu', exact: true }).click();

        const done = page.getByRole('dialog', {
          name: /^Đã nộp lưu 1 hồ sơ \(lần nộp lưu số \d+\)\.$/,
        });
        await done.waitFor();
        const link = done.getByRole('link', {
          name: /Tải gói nộp lưu \(nop-luu-000\.00\.01\.H01-\d+\.zip\)/,
        });
        await link.waitFor();
        const href = await link.getAttribute('href');
        assert.match(href, /\/api\/v1\/records\/archive\/\d+\/package$/);
        const zip = await page.request.get(new URL(href, app.baseUrl).toString());
        assert.equal(zip.status(), 200);
        assert.equal(zip.headers()['content-type'], 'application/zip');
        const bytes = await zip.body();
        assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
        await expectNoAxeViolations(page, 'transfer done');
        await screenshot(page, 'records-archive-done');
        await done.locator('.ant-modal-footer').getByRole('button', { name: 'Đóng' }).click();
        await main
          .getByTestId('records-table')
          .locator('tbody tr.ant-table-row')
          .filter({ hasText: closed.fileCode })
          .getByText('Đã nộp lưu')
          .waitFor();

        // The transfers page lists the package.
        await openRecordsMenu(page, 'Nộp lưu hồ sơ');
        await main.getByRole('heading', { level: 1, name: 'Nộp lưu hồ sơ' }).waitFor();
        await main.getByTestId('archive-transfers-table').getByText(closed.fileCode).waitFor();
        await expectNoAxeViolations(page, 'transfers page');
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });
});
