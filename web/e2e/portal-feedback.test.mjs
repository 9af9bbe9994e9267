// Ratings and feedback in the browser (issue 13, item 7): a citizen tracks a finished dossier with
// its 4 check digits, follows the tracking page's link to the rating form (the check digits are
// handed over, not typed again) and rates it; files feedback about it from the portal's
// "Phản ánh, kiến nghị" page and gets a code; the ward's counter officer assigns it, and the
// officer answers it on the staff page and publishes it; the citizen follows it with the phone
// given and sees the answer. On a phone (360 px) too; axe-core on each page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  chooseOption,
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { receiveAtCounter } from './support/desk.mjs';
import { expectNoAxeViolations, noHorizontalScroll } from './support/page-checks.mjs';

const skip = missingPrerequisite();
// The session probe's 401 (no account) is an answer the portal pages expect.
const scriptErrors = (errors) => errors.filter((error) => !/status of (401|404|422)/.test(error));

describe('ratings and feedback', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app;
  const dossiers = [];

  before(async () => {
    app = await startApp();
    const h = await harness();
    const counter = await h.loggedIn(app.baseUrl, 'motcua.rachgia');
    const officer = await h.loggedIn(app.baseUrl, 'chuyenvien.rachgia');
    const leader = await h.loggedIn(app.baseUrl, 'lanhdao.rachgia');
    const users = await counter.get('/users');
    const officerId = users.body.items.find((u) => u.username === 'chuyenvien.rachgia').id;
    const ok = (res, status = 200) => {
      assert.equal(res.status, status, JSON.stringify(res.body));
      return res.body;
    };
    // Two finished dossiers, one per viewport, with the phones' last digits 4401 and 4402.
    for (const phone of ['0918 224 401', '0918 224 402']) {
      const d = await receiveAtCounter(counter, { name: 'Phạm Thị Hài Lòng', phone }, { fee: 0 });
      const act = (client, body) => client.post(`/dossiers/${d.code}/actions`, body);
      ok(await act(counter, { action: 'transfer', assigneeId: officerId }));
      ok(await act(officer, { action: 'complete_step' }));
      ok(await act(leader, { action: 'attach_result', resultNote: 'Giấy khai sinh số 9/2026' }));
      ok(await act(leader, { action: 'complete_step' }));
      ok(await act(leader, { action: 'finish' }));
      ok(await act(counter, { action: 'return', returnedTo: 'Phạm Thị Hài Lòng' }));
      dossiers.push({ code: d.code, check: phone.replace(/\D/g, '').slice(-4), phone });
    }
  });
  after(async () => {
    await app?.stop();
  });

  const viewports = [
    { width: 1366, height: 900 },
    { width: 360, height: 740 },
  ];
  viewports.forEach((viewport, i) => {
    test(`a finished dossier is rated from the tracking page, feedback is filed, answered and followed (${viewport.width} px)`, async () => {
      const { code, check, phone } = dossiers[i];
      const browser = await launchBrowser({ viewport });
      try {
        const { page, errors } = browser;
        await withFailureScreenshot(page, `portal-feedback-${viewport.width}`, async () => {
          // Track, then rate from the tracking page's link.
          await page.goto(`${app.baseUrl}/tra-cuu-ho-so?ma=${encodeURIComponent(code)}`);
          const main = page.getByRole('main');
          await main.getByLabel('4 chữ số kiểm tra').fill(check);
          await main.getByRole('button', { name: 'Tra cứu' }).click();
          await main.getByRole('heading', { level: 2, name: `Hồ sơ ${code}` }).waitFor();
          await main.getByRole('link', { name: 'Đánh giá mức độ hài lòng' }).click();
          await main.getByRole('heading', { level: 1, name: 'Đánh giá mức độ hài lòng' }).waitFor();
          const overall = main.getByRole('group', { name: 'Mức độ hài lòng chung' });
          await overall.waitFor();
          await expectNoAxeViolations(page, 'rating page');
          // Nothing chosen: the question says so.
          await main.getByRole('button', { name: 'Gửi đánh giá' }).click();
          await main.getByText('Vui lòng chọn mức độ hài lòng chung.').waitFor();
          await overall.getByRole('radio', { name: 'Rất hài lòng' }).check();
          await main
            .getByRole('group', { name: 'Thái độ, tinh thần phục vụ của cán bộ, công chức' })
            .getByRole('radio', { name: 'Hài lòng', exact: true })
            .check();
          await main.getByLabel('Ý kiến góp ý (không bắt buộc)').fill('Cán bộ nhiệt tình.');
          await main.getByRole('button', { name: 'Gửi đánh giá' }).click();
          await main.getByText('Cảm ơn bạn đã đánh giá. Ý kiến đã được ghi nhận.').waitFor();
          await main.getByText(/Rất hài lòng \(Thái độ/).waitFor();
          await main.getByRole('button', { name: 'Sửa đánh giá' }).waitFor();
          await expectNoAxeViolations(page, 'rating page, rated');
          assert.ok(await noHorizontalScroll(page), 'no sideways scroll on the rating page');

          // Feedback about the dossier, from the rating page's link.
          await main.getByRole('link', { name: 'Gửi phản ánh, kiến nghị về hồ sơ này' }).click();
          await main.getByRole('heading', { level: 1, name: 'Phản ánh, kiến nghị' }).waitFor();
          assert.equal(await main.getByLabel('Mã hồ sơ').inputValue(), code);
          await expectNoAxeViolations(page, 'feedback page');
          await main.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
          await main.getByText('Vui lòng nhập tiêu đề.').waitFor();
          await main.getByLabel('4 chữ số kiểm tra').fill(check);
          await chooseOption(page, 'Nhóm nội dung', 'Quá trình giải quyết hồ sơ');
          await main.getByLabel('Tiêu đề', { exact: true }).fill('Hẹn trả kết quả chưa rõ giờ');
          await main
            .getByLabel('Nội dung', { exact: true })
            .fill('Giấy hẹn không ghi giờ nhận kết quả.');
          await main.getByLabel('Họ và tên').fill('Phạm Thị Hài Lòng');
          await main.getByLabel('Số điện thoại').fill(phone);
          await main.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
          const filed = main.getByRole('status').filter({ hasText: 'Đã gửi phản ánh, kiến nghị' });
          await filed.waitFor();
          const petitionCode = (await filed.innerText()).match(/PA-\d{6}-\d{4}/)[0];
          await expectNoAxeViolations(page, 'feedback page, filed');
          assert.ok(await noHorizontalScroll(page), 'no sideways scroll on the feedback page');

          // The ward's counter officer assigns it to the officer; the officer answers it.
          await login(page, app.baseUrl, 'motcua.rachgia');
          await page.goto(`${app.baseUrl}/phan-anh-kien-nghi`);
          const staffMain = page.getByRole('main');
          await staffMain.getByRole('link', { name: petitionCode }).click();
          await staffMain
            .getByRole('heading', { level: 1, name: new RegExp(petitionCode) })
            .waitFor();
          await expectNoAxeViolations(page, 'staff feedback page');
          await chooseOption(page, 'Người xử lý', 'Phan Hữu Tài');
          await staffMain.getByRole('button', { name: 'Giao', exact: true }).click();
          await staffMain.getByText('Phan Hữu Tài').first().waitFor();
          await login(page, app.baseUrl, 'chuyenvien.rachgia');
          await page.goto(`${app.baseUrl}/phan-anh-kien-nghi/${petitionCode}`);
          await staffMain.getByLabel('Nội dung trả lời').fill('Từ nay giấy hẹn ghi rõ giờ trả.');
          await staffMain.getByRole('checkbox', { name: /Công khai câu hỏi/ }).check();
          await staffMain
            .getByLabel('Nội dung công khai (đã bỏ thông tin cá nhân)')
            .fill('Giấy hẹn trả kết quả chưa ghi giờ.');
          await staffMain.getByRole('button', { name: 'Gửi trả lời' }).click();
          await staffMain.getByText('Từ nay giấy hẹn ghi rõ giờ trả.').waitFor();
          await staffMain.getByText('Đã trả lời').first().waitFor();
          await expectNoAxeViolations(page, 'staff feedback page, answered');
          assert.ok(await noHorizontalScroll(page), 'no sideways scroll on the staff page');

          // The citizen follows it with the phone given.
          await page.context().clearCookies();
          await page.goto(
            `${app.baseUrl}/portal/phan-anh-kien-nghi/theo-doi?ma=${encodeURIComponent(petitionCode)}`,
          );
          await main.getByLabel('Số điện thoại hoặc thư điện tử').fill(phone);
          await main.getByRole('button', { name: 'Xem', exact: true }).click();
          await main.getByRole('heading', { level: 2, name: petitionCode }).waitFor();
          await main.getByText('Từ nay giấy hẹn ghi rõ giờ trả.').waitFor();
          assert.ok(!(await main.innerText()).includes('Phan Hữu Tài'), 'no officer name');
          await expectNoAxeViolations(page, 'follow page');
          await main
            .getByRole('group', { name: 'Bạn có hài lòng với trả lời này không?' })
            .getByRole('radio', { name: 'Hài lòng', exact: true })
            .check();
          await main.getByRole('button', { name: 'Gửi ý kiến' }).click();
          await main.getByText('Bạn đã cho biết: Hài lòng.').waitFor();
          // And the public list carries the rewritten question.
          await page.goto(`${app.baseUrl}/portal/phan-anh-kien-nghi/da-tra-loi`);
          await main.getByText('Giấy hẹn trả kết quả chưa ghi giờ.').first().waitFor();
          await expectNoAxeViolations(page, 'published answers');
          assert.ok(await noHorizontalScroll(page), 'no sideways scroll on the public list');
          assert.deepEqual(scriptErrors(errors), []);
        });
      } finally {
        await browser.close();
      }
    });
  });
});
