// A document from one agency to another, in the browser (issue 10): the officer of Sở Nội vụ
// drafts it for phường Rạch Giá and uploads the PDF → the unit head approves → the leader
// approves and signs with the key the server holds → the clerk numbers, seals and releases it
// (confirmed in a dialog; the delivery panel shows it waiting at Rạch Giá) → Rạch Giá's clerk
// sees it under "Chờ tiếp nhận" (with its count), opens it (the signed file in the viewer, the
// verdict of its signatures; the page also on a phone) and registers it, which opens the new
// incoming document → the sender's delivery panel shows it registered, with its history. axe-core
// runs on every page met.
//
// The server runs with the demo data and a key ring of its own (tests/support/pki.mjs): a
// personal key for the leader and the seal of Sở Nội vụ.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  chooseOption,
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  REPO_ROOT,
  screenshot,
  withFailureScreenshot,
} from './support/browser.mjs';
import { checkA11y, startSigningServer, viewerShows } from './support/documents.mjs';

const skip =
  missingPrerequisite() ?? (process.env.CQDT_E2E_BASE_URL ? 'needs its own server' : null);
const DRAFT = path.join(REPO_ROOT, 'tests', 'api', 'testdata', 'outgoing-draft.pdf');
const SUBJECT = 'Về việc phối hợp rà soát thủ tục hành chính liên thông năm 2026';
const RACH_GIA = 'Ủy ban nhân dân phường Rạch Giá';
const HEAD = 'Lâm Quốc Việt'; // truongphong.snv, head of Phòng Cải cách hành chính (demo)

describe(
  'between agencies: draft, approve, sign, issue, release, receive and register',
  { skip: skip ?? false, timeout: 900_000 },
  () => {
    let server;
    let signing;
    let desktop;
    let phone;
    let documentId;
    let receptionUrl;
    let h;

    before(async () => {
      h = await harness();
      signing = await startSigningServer(h, 'cqdt-e2e-cross-');
      ({ server } = signing);
      desktop = await launchBrowser();
      phone = await launchBrowser({ viewport: { width: 390, height: 844 }, touch: true });
    });

    after(async () => {
      await desktop?.close();
      await phone?.close();
      await signing?.stop();
    });

    // The session probe on the login page answers 401, the reception page's e-mail probe 503
    // (e-mail is off here); anything else fails the test.
    const pageErrors = (errors) => errors.filter((e) => !/status of (401|503) /.test(e));

    async function openDocument(page) {
      await page.goto(`${server.baseUrl}/van-ban/di/${documentId}`);
      await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    }

    test('the officer drafts for phường Rạch Giá and submits it to the unit head', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'cross-draft', async () => {
        await login(page, server.baseUrl, 'chuyenvien.snv');
        await page.goto(`${server.baseUrl}/van-ban/di/moi`);
        await page.getByRole('heading', { level: 1, name: 'Soạn dự thảo văn bản đi' }).waitFor();
        await chooseOption(page, 'Loại văn bản', 'Quyết định (QĐ)', { search: 'Quyết định' });
        await page.getByLabel('Trích yếu nội dung').fill(SUBJECT);
        await chooseOption(page, 'Người ký', 'Nguyễn Văn Thành');
        await chooseOption(page, 'Nơi nhận trong danh bạ cơ quan', RACH_GIA, {
          search: 'Rạch Giá',
        });
        await page.getByRole('button', { name: 'Lưu dự thảo' }).click();
        await page.waitForURL(/\/van-ban\/di\/\d+$/);
        documentId = Number(new URL(page.url()).pathname.split('/').pop());
        await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
        // The draft panel's upload (the appendices and the comments have their own).
        await page
          .getByRole('region', { name: 'Trình duyệt' })
          .locator('input[type=file]')
          .setInputFiles(DRAFT);
        await viewerShows(page);
        await chooseOption(page, 'Lãnh đạo đơn vị duyệt trước', HEAD);
        await page.getByRole('button', { name: 'Trình duyệt', exact: true }).click();
        await page.getByText(`Đang chờ ${HEAD}`, { exact: false }).waitFor();
        assert.deepEqual(pageErrors(errors), []);
      });
    });

    test('the unit head approves, the leader approves and signs', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'cross-approve-sign', async () => {
        await login(page, server.baseUrl, 'truongphong.snv');
        await openDocument(page);
        await page.getByRole('button', { name: 'Đồng ý', exact: true }).click();
        await page.getByText('Đang chờ Nguyễn Văn Thành', { exact: false }).waitFor();

        await login(page, server.baseUrl, 'lanhdao.snv');
        await openDocument(page);
        await page.getByRole('button', { name: 'Đồng ý', exact: true }).click();
        await page.getByRole('heading', { level: 2, name: 'Ký số văn bản' }).waitFor();
        await page.getByRole('button', { name: 'Ký số', exact: true }).click();
        await page.getByText('Đã ký, chờ cấp số').first().waitFor();
        assert.deepEqual(pageErrors(errors), []);
      });
    });

    test('the clerk numbers, seals and releases it; the delivery panel shows it waiting at Rạch Giá', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'cross-release', async () => {
        await login(page, server.baseUrl, 'vanthu.snv');
        await openDocument(page);
        await page.getByRole('button', { name: 'Cấp số và phát hành' }).click();
        await page.getByText('Số 01/QĐ-SNV', { exact: false }).first().waitFor();

        // The release panel: the recipients as words (in the system / outside), then a confirm.
        const panel = page.getByRole('region', { name: 'Phát hành văn bản' });
        await panel.waitFor();
        await panel.getByText(RACH_GIA).waitFor();
        await panel.getByText('Trong hệ thống', { exact: true }).waitFor();
        await checkA11y(page, 'release panel');
        await panel.getByRole('button', { name: 'Phát hành', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: 'Phát hành văn bản này?' });
        await dialog.getByText('1 nơi nhận', { exact: false }).waitFor();
        await checkA11y(page, 'release confirmation');
        await dialog.getByRole('button', { name: 'Phát hành', exact: true }).click();
        await dialog.waitFor({ state: 'detached' });

        // Released: the document stands, and Rạch Giá has it waiting to be received (01).
        await page.getByText('Văn bản đang có hiệu lực.').waitFor();
        const deliveries = page.getByRole('region', { name: 'Tình trạng gửi nhận' });
        await deliveries.getByRole('cell', { name: 'Đã đến, chờ tiếp nhận' }).waitFor();
        await deliveries.getByRole('columnheader', { name: 'Thời điểm (giờ Việt Nam)' }).waitFor();
        assert.equal(
          await page.getByRole('region', { name: 'Phát hành văn bản' }).count(),
          0,
          'the release panel is gone once released',
        );
        await checkA11y(page, 'delivery panel');
        await screenshot(page, 'cross-released');
        assert.deepEqual(pageErrors(errors), []);
      });
    });

    test('Rạch Giá’s clerk finds it under “Chờ tiếp nhận”; the page works on a phone', async () => {
      const { page, errors } = phone;
      errors.length = 0;
      await withFailureScreenshot(page, 'cross-reception-phone', async () => {
        await login(page, server.baseUrl, 'vanthu.rachgia');
        await page.getByRole('button', { name: 'Mở menu' }).click();
        const menuLink = page.getByRole('link', { name: 'Chờ tiếp nhận, 1 văn bản đang chờ' });
        await menuLink.click();
        await page.getByRole('heading', { level: 1, name: 'Văn bản chờ tiếp nhận' }).waitFor();
        await checkA11y(page, 'reception list (phone)');
        await page.getByRole('link', { name: SUBJECT }).click();
        await page.waitForURL(/\/van-ban\/tiep-nhan\/\d+$/);
        receptionUrl = page.url();
        await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
        const noSideScroll = () =>
          page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
        assert.ok(await noSideScroll(), 'no horizontal scroll on the phone');
        const register = page.getByRole('button', { name: 'Vào sổ', exact: true });
        await register.scrollIntoViewIfNeeded();
        assert.ok(await register.isVisible(), 'the register button is reachable');
        const refuse = page.getByRole('button', { name: 'Từ chối', exact: true });
        await refuse.scrollIntoViewIfNeeded();
        assert.ok(await refuse.isVisible(), 'the refuse button is reachable');
        await viewerShows(page);
        await page.getByRole('region', { name: 'Kiểm tra chữ ký số' }).waitFor();
        await page.getByText('Đang kiểm tra chữ ký số', { exact: false }).waitFor({
          state: 'detached',
        });
        assert.ok(await noSideScroll(), 'no horizontal scroll with the viewer');
        await checkA11y(page, 'reception (phone)');
        await screenshot(page, 'cross-reception-phone', { fullPage: true });
        assert.deepEqual(pageErrors(errors), []);
      });
    });

    test('the clerk sees the signed file and its verdict, and registers it: the incoming document opens', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'cross-register', async () => {
        await login(page, server.baseUrl, 'vanthu.rachgia');
        await page.goto(receptionUrl);
        await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
        await page.getByText('Sở Nội vụ', { exact: false }).first().waitFor();
        await page.getByText('01/QĐ-SNV').first().waitFor();
        await viewerShows(page);
        const verdict = page.getByRole('region', { name: 'Kiểm tra chữ ký số' });
        await verdict.getByText('Chữ ký của Nguyễn Văn Thành', { exact: false }).waitFor();
        await verdict.getByText('Chữ ký của Sở Nội vụ tỉnh An Giang', { exact: false }).waitFor();

        // A refusal needs a reason, said next to the field; nothing is sent without it.
        await page.getByRole('button', { name: 'Từ chối', exact: true }).click();
        await page.getByText('Vui lòng ghi lý do.').waitFor();
        await checkA11y(page, 'reception (desktop, refuse error)');

        await page.getByRole('button', { name: 'Vào sổ', exact: true }).click();
        await page.waitForURL(/\/van-ban\/den\/\d+$/);
        // The incoming document's own page: its title is its arrival number, the subject below.
        // (Waiting for the subject as the h1 passed only while the reception page still showed.)
        await page.getByRole('heading', { level: 1, name: /^Văn bản đến số \d+$/ }).waitFor();
        await page.getByText(SUBJECT).first().waitFor();

        // The queue no longer lists it as waiting; "Tất cả" shows it registered.
        await page.goto(`${server.baseUrl}/van-ban/tiep-nhan`);
        await page.getByRole('heading', { level: 1, name: 'Văn bản chờ tiếp nhận' }).waitFor();
        await page
          .getByText('Khi cơ quan khác gửi văn bản đến cơ quan bạn', { exact: false })
          .waitFor();
        await page.locator('label', { hasText: 'Tất cả' }).click();
        await page.getByRole('cell', { name: 'Đã tiếp nhận' }).waitFor();
        await checkA11y(page, 'reception list (all)');
        assert.deepEqual(pageErrors(errors), []);
      });
    });

    test('the sender’s delivery panel shows it registered at Rạch Giá, with its history', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'cross-sender-sees', async () => {
        await login(page, server.baseUrl, 'vanthu.snv');
        await openDocument(page);
        const deliveries = page.getByRole('region', { name: 'Tình trạng gửi nhận' });
        await deliveries.getByRole('cell', { name: 'Đã tiếp nhận' }).waitFor();
        await deliveries.getByRole('button', { name: `Xem diễn biến: ${RACH_GIA}` }).click();
        const history = deliveries.locator('.ant-table-expanded-row');
        await history.getByText('Đã đến, chờ tiếp nhận').waitFor();
        await history.getByText('Đã tiếp nhận', { exact: true }).waitFor();
        await history.getByText('(giờ Việt Nam)', { exact: false }).first().waitFor();
        await checkA11y(page, 'delivery panel with history');
        assert.deepEqual(pageErrors(errors), []);
      });
    });

    test('an officer starts a replacement of the released document; the new draft says what it replaces', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'cross-replace', async () => {
        await login(page, server.baseUrl, 'chuyenvien.snv');
        await openDocument(page);
        const panel = page.getByRole('region', { name: 'Ban hành văn bản thay thế' });
        await panel.getByLabel('Trích yếu của văn bản thay thế').fill(`${SUBJECT} (thay thế)`);
        await panel.getByRole('button', { name: 'Tạo dự thảo thay thế' }).click();
        await page.waitForURL((url) => url.pathname !== `/van-ban/di/${documentId}`);
        await page.getByRole('heading', { level: 1, name: `${SUBJECT} (thay thế)` }).waitFor();
        await page.getByText('Văn bản này thay thế một văn bản đã phát hành trước đó.').waitFor();
        await page.getByRole('link', { name: 'Xem văn bản bị thay thế' }).waitFor();
        await checkA11y(page, 'replacement draft');
        assert.deepEqual(pageErrors(errors), []);
      });
    });

    test('a manual send to an outside recipient, a recall by the leader, the recipient accepts it', async () => {
      // A second document, issued through the API (the browser flow is above): for Rạch Giá and
      // for a newspaper outside the system.
      const OUT = '/documents/outgoing';
      const subject = 'Về việc cung cấp thông tin cải cách hành chính cho báo chí';
      const match = (res) => ({ headers: { 'If-Match': res.headers.get('etag') } });
      const drafter = await h.loggedIn(server.baseUrl, 'chuyenvien.snv');
      const signer = await h.loggedIn(server.baseUrl, 'lanhdao.snv');
      const clerk = await h.loggedIn(server.baseUrl, 'vanthu.snv');
      const rachGia = (await drafter.get('/agencies')).body.items.find((a) => a.name === RACH_GIA);
      let res = await drafter.post(OUT, {
        typeOrdinal: 2,
        subject,
        signerId: signer.user.id,
        recipients: [{ agencyId: rachGia.id }, { name: 'Báo Thanh Niên' }],
      });
      assert.equal(res.status, 201, res.text);
      const id = res.body.id;
      res = await drafter.request(
        'POST',
        `${OUT}/${id}/files?name=cong-van.pdf`,
        readFileSync(DRAFT),
        {
          raw: true,
          headers: { 'Content-Type': 'application/pdf', 'If-Match': res.headers.get('etag') },
        },
      );
      for (const [client, action, body] of [
        [drafter, 'submit', {}],
        [signer, 'approve', {}],
        [signer, 'sign', { keyId: 'lanhdao-snv' }],
        [clerk, 'issue', { sealKeyId: 'seal-snv' }],
        [clerk, 'release', {}],
      ]) {
        assert.equal(res.status, 200, res.text);
        res = await client.post(`${OUT}/${id}/${action}`, body, match(res));
      }
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.state, 'released');

      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'cross-manual-recall', async () => {
        // The clerk records that the newspaper got it on paper.
        await login(page, server.baseUrl, 'vanthu.snv');
        await page.goto(`${server.baseUrl}/van-ban/di/${id}`);
        await page.getByRole('heading', { level: 1, name: subject }).waitFor();
        const deliveries = page.getByRole('region', { name: 'Tình trạng gửi nhận' });
        await deliveries.getByRole('cell', { name: 'Chờ liên thông' }).waitFor();
        await deliveries.getByRole('button', { name: 'Ghi nhận gửi thủ công' }).click();
        const dialog = page.getByRole('dialog', {
          name: 'Ghi nhận gửi thủ công đến Báo Thanh Niên',
        });
        await dialog.locator('label', { hasText: 'Bản giấy' }).click();
        await dialog.getByLabel('Ghi chú', { exact: false }).fill('Gửi qua bưu điện');
        await checkA11y(page, 'manual send dialog');
        await dialog.getByRole('button', { name: 'Lưu' }).click();
        await dialog.waitFor({ state: 'detached' });
        await deliveries.getByRole('cell', { name: 'Đã gửi ngoài hệ thống' }).waitFor();
        await deliveries.getByText('Gửi qua bưu điện', { exact: false }).waitFor();

        // The leader recalls it: a reason is required, then a confirmation.
        await login(page, server.baseUrl, 'lanhdao.snv');
        await page.goto(`${server.baseUrl}/van-ban/di/${id}`);
        const recall = page.getByRole('region', { name: 'Thu hồi văn bản' });
        await recall.getByRole('button', { name: 'Thu hồi', exact: true }).click();
        await recall.getByText('Vui lòng ghi lý do thu hồi.').waitFor();
        await checkA11y(page, 'recall with error');
        await recall.getByLabel('Lý do thu hồi').fill('Sai căn cứ pháp lý');
        await recall.getByRole('button', { name: 'Thu hồi', exact: true }).click();
        const confirm = page.getByRole('dialog', { name: 'Thu hồi văn bản này?' });
        await confirm.getByRole('button', { name: 'Thu hồi', exact: true }).click();
        await page.getByText('Văn bản đã bị thu hồi').first().waitFor();
        await page.getByText('Lý do: Sai căn cứ pháp lý').first().waitFor();

        // Rạch Giá's clerk sees the recall request and accepts it.
        await login(page, server.baseUrl, 'vanthu.rachgia');
        await page.goto(`${server.baseUrl}/van-ban/tiep-nhan`);
        await page.getByRole('cell', { name: 'Bên gửi đề nghị thu hồi' }).waitFor();
        await page.getByRole('link', { name: subject }).click();
        await page.getByRole('heading', { level: 1, name: subject }).waitFor();
        await page.getByText('Văn bản này không còn hiệu lực').waitFor();
        const answer = page.getByRole('region', { name: 'Cơ quan gửi đề nghị thu hồi văn bản' });
        await answer.getByText('Lý do thu hồi: Sai căn cứ pháp lý').waitFor();
        await checkA11y(page, 'recall request');
        await answer.getByRole('button', { name: 'Đồng ý thu hồi', exact: true }).click();
        await page.getByText('Đã đồng ý thu hồi.').waitFor();
        await page.getByRole('main').getByText('Đồng ý thu hồi').first().waitFor();
        assert.equal(
          await page.getByRole('region', { name: 'Cơ quan gửi đề nghị thu hồi văn bản' }).count(),
          0,
        );
        assert.deepEqual(pageErrors(errors), []);
      });
    });
  },
);
