// Fee reconciliation in the browser (issue 13, item 4): the ward's counter officer sees the
// ward's fee account, checks a bank statement (nothing recorded), then records the line that
// names a dossier with its fee; the line with another amount and the line with no code stay as
// they were. The tracking view then shows the fee as paid. axe-core on each state.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
import { expectNoAxeViolations } from './support/page-checks.mjs';

const skip = missingPrerequisite();

describe('fee reconciliation', { skip: skip ?? false, timeout: 300_000 }, () => {
  let app, counter, work;
  const codes = [];

  before(async () => {
    app = await startApp();
    const h = await harness();
    counter = await h.loggedIn(app.baseUrl, 'motcua.rachgia');
    for (let i = 0; i < 2; i += 1) {
      codes.push(
        (await receiveAtCounter(counter, { name: 'Võ Văn Nộp', phone: '0907 123 456' })).code,
      );
    }
    work = mkdtempSync(path.join(tmpdir(), 'cqdt-fees-'));
  });
  after(async () => {
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('a statement is checked, then its matching line recorded', async () => {
    const file = path.join(work, 'sao-ke.csv');
    writeFileSync(
      file,
      [
        'Ngày giao dịch,Số tham chiếu,Số tiền ghi có,Nội dung',
        `05/12/2026,FT900001,8000,${codes[0]} nop phi`,
        `05/12/2026,FT900002,7000,${codes[1]}`,
        '05/12/2026,FT900003,500000,chuyen tien',
      ].join('\n'),
    );
    const browser = await launchBrowser({ viewport: { width: 1366, height: 900 } });
    try {
      const { page, errors } = browser;
      await withFailureScreenshot(page, 'fees', async () => {
        await login(page, app.baseUrl, 'motcua.rachgia');
        await page.getByRole('navigation').getByRole('link', { name: 'Đối chiếu phí' }).click();
        const main = page.getByRole('main');
        await main.getByRole('heading', { level: 1, name: 'Đối chiếu phí, lệ phí' }).waitFor();
        await main.getByText(/^7700201\d{6}$/).waitFor();
        await expectNoAxeViolations(page, 'fees page');

        await main.getByLabel('Tệp sao kê (CSV hoặc Excel .xlsx)').setInputFiles(file);
        await main.getByRole('button', { name: 'Kiểm tra' }).click();
        await main.getByText('Đã kiểm tra, chưa ghi nhận gì.').waitFor();
        const table = main.getByRole('table', { name: 'Các dòng của sao kê' });
        await table.getByRole('link', { name: codes[0] }).waitFor();
        const text = await table.innerText();
        assert.match(text, /Khớp hồ sơ/);
        assert.match(text, /Số tiền khác phí phải nộp/);
        assert.match(text, /Không tìm thấy mã hồ sơ đang chờ nộp phí/);
        await expectNoAxeViolations(page, 'fees page, checked');

        await main.getByRole('button', { name: 'Ghi nhận các dòng khớp' }).click();
        await main.getByText('Đã ghi nhận các khoản nộp khớp hồ sơ.').waitFor();
        assert.match(await main.innerText(), /1 dòng khớp, 1 dòng khác số tiền/);
        assert.deepEqual(
          errors.filter((e) => !/status of 401/.test(e)),
          [],
        );
      });
    } finally {
      await browser.close();
    }
    const { Client } = await harness();
    const anyone = new Client(app.baseUrl);
    const paid = await anyone.get(
      `/portal/tracking?code=${encodeURIComponent(codes[0])}&check=3456`,
    );
    assert.deepEqual(paid.body.fee, { amount: 8000, paid: true });
    const unpaid = await anyone.get(
      `/portal/tracking?code=${encodeURIComponent(codes[1])}&check=3456`,
    );
    assert.deepEqual(unpaid.body.fee, { amount: 8000, paid: false });
  });
});
