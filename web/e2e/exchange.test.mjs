// The document exchange in the browser (issue 14): the administrator adds a member system (its
// secret shown once, in a dialog) and sees it listed; that system — another vendor's, simulated
// by tests/support/edxml-vendor.mjs with the secret read off the dialog — sends two letters to
// UBND tỉnh; its clerk finds them under "Chờ tiếp nhận" → "Qua trục liên thông" (with the count),
// opens one (header items, files with SHA-256, the remarks it was accepted with), registers it and
// lands on the new incoming document, refuses the other with a reason, and answers the sender's
// request to recall the registered one (its reason in a banner); the administrator sees the
// packages, the status notice that carried the refusal, its trace, and a package the hub refused.
// A drafter then names agencies outside the system (from the exchange directory, and by a typed
// code that no route reaches), and a document released to the member's agency shows its way
// through the exchange on its page. axe-core runs on every page and state met, the reception
// pages also at 360 px.
//
// The server runs with the demo PKI (`pki: true`): the agencies' seals sign the STATUS packages
// going back to the member, as in tests/api/exchange-hub.test.mjs, and the released document.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  DEMO_PASSWORD,
  eventually,
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  REPO_ROOT,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { checkA11y } from './support/documents.mjs';
import { noHorizontalScroll } from './support/page-checks.mjs';

const skip = missingPrerequisite();
const NARROW = { width: 360, height: 780 };
const PROVINCE = '000.00.00.H01'; // UBND tỉnh in the demo data
const VENDOR_AGENCY = '000.00.90.H01';
const MEMBER = { code: 'ncc-b', name: 'Phần mềm QLVB của nhà cung cấp B' };
const LETTER = { number: '31', subject: 'V/v đề nghị phối hợp số hóa hồ sơ lưu trữ năm 2026' };
const OTHER = { number: '32', subject: 'V/v mời dự hội nghị tập huấn liên thông văn bản' };
const NOTATION = 'NCC-VP';
const DRAFT = readFileSync(path.join(REPO_ROOT, 'tests', 'api', 'testdata', 'outgoing-draft.pdf'));

// Chromium reports the answers the pages expect (401 before login, 404 of a call an older server
// lacks, 409, 412, 422, 503 of the reception page's e-mail probe with e-mail off) as console
// errors; anything else is a script error.
const scriptErrors = (errors) =>
  errors.filter((error) => !/status of (401|404|409|412|422|503)/.test(error));

describe(
  'document exchange: partners, packages from outside, the hub',
  { skip: skip ?? false, timeout: 900_000 },
  () => {
    let app;
    let desktop;
    let narrow;
    let vendor;
    let support;
    let secret;
    const sent = {};

    before(async () => {
      app = await startApp({ pki: true });
      support = await import(path.join(REPO_ROOT, 'tests', 'support', 'edxml-vendor.mjs'));
      sent.pki = await import(path.join(REPO_ROOT, 'tests', 'support', 'pki.mjs'));
      desktop = await launchBrowser();
      narrow = await launchBrowser({ viewport: NARROW, touch: true });
    });

    after(async () => {
      await desktop?.close();
      await narrow?.close();
      await app?.stop();
    });

    test('the admin adds a member system: its secret is shown once, then it is listed', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'exchange-partner', async () => {
        await login(page, app.baseUrl, 'admin');
        await page
          .getByRole('navigation')
          .getByRole('link', { name: 'Liên thông văn bản' })
          .click();
        await page
          .getByRole('heading', { level: 1, name: 'Quản trị liên thông văn bản' })
          .waitFor();
        await page.getByRole('heading', { level: 2, name: 'Đối tác liên thông' }).waitFor();
        await checkA11y(page, 'exchange admin, partners');

        await page.getByRole('button', { name: 'Thêm đối tác' }).click();
        const drawer = page.getByRole('dialog', { name: 'Thêm đối tác liên thông' });
        await drawer.waitFor();
        // Empty: the form names what is missing, under each field.
        await drawer.getByRole('button', { name: 'Lưu', exact: true }).click();
        await drawer.getByText('Vui lòng nhập mã đối tác.').waitFor();
        await drawer.getByText('Cần ít nhất một mã.').waitFor();
        await checkA11y(page, 'partner form with errors');

        await drawer.getByLabel('Mã đối tác', { exact: true }).fill(MEMBER.code);
        await drawer.getByLabel('Tên đối tác', { exact: true }).fill(MEMBER.name);
        const agencies = drawer.getByLabel('Mã định danh các cơ quan mà hệ thống phục vụ', {
          exact: true,
        });
        await agencies.fill(VENDOR_AGENCY);
        await agencies.press('Enter');
        await drawer.getByRole('radio', { name: 'Nhận cả gói tin chưa ký (ghi lưu ý)' }).check();
        await drawer.getByRole('button', { name: 'Lưu', exact: true }).click();

        // The secret, once, with its warning and a copy button.
        const dialog = page.getByRole('dialog', { name: `Khóa bí mật của ${MEMBER.name}` });
        await dialog.waitFor();
        await dialog.getByText('chỉ hiển thị một lần này', { exact: false }).waitFor();
        await dialog.getByRole('button', { name: 'Sao chép khóa bí mật' }).waitFor();
        secret = await dialog.getByLabel('Khóa bí mật', { exact: true }).inputValue();
        assert.match(secret, /^cqdtx_/);
        await checkA11y(page, 'secret dialog');
        await screenshot(page, 'exchange-secret');
        await dialog.getByRole('button', { name: 'Tôi đã lưu khóa' }).click();
        await dialog.waitFor({ state: 'detached' });

        const row = page.getByRole('row').filter({ hasText: MEMBER.name });
        await row.waitFor();
        await row.getByText('Hệ thống thành viên').waitFor();
        await row.getByText(VENDOR_AGENCY).waitFor();
        // Never shown again: the page holds no secret any more.
        assert.equal(await page.getByText(secret).count(), 0);
        assert.deepEqual(scriptErrors(errors), []);
      });
    });

    test('the member sends two letters; the clerk registers one and lands on the incoming document', async () => {
      assert.ok(secret, 'the member was added');
      vendor = new support.VendorSystem(app.baseUrl, secret);
      for (const letter of [LETTER, OTHER]) {
        const { xml, documentId } = support.documentPackage({
          from: VENDOR_AGENCY,
          to: PROVINCE,
          number: letter.number,
          notation: NOTATION,
          subject: letter.subject,
          pdf: sent.pki.minimalPdf(`cong van ${letter.number}`),
          name: `cong-van-${letter.number}.pdf`,
        });
        const answer = await vendor.send(xml);
        assert.equal(answer.status, 202, answer.text);
        letter.documentId = documentId;
      }

      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'exchange-register', async () => {
        await login(page, app.baseUrl, 'vanthu.ubnd');
        await page
          .getByRole('navigation')
          .getByRole('link', { name: /^Chờ tiếp nhận/ })
          .click();
        await page.getByRole('heading', { level: 1, name: 'Văn bản chờ tiếp nhận' }).waitFor();
        // The exchange's tab says how many wait, in words too.
        const tab = page.getByRole('tab', { name: /Qua trục liên thông/ });
        await tab.getByText('2 văn bản đang chờ').waitFor();
        await tab.click();
        await page.waitForURL(/nguon=lien-thong/);
        const link = page.getByRole('link', { name: LETTER.subject });
        await link.waitFor();
        await page.getByRole('link', { name: OTHER.subject }).waitFor();
        await checkA11y(page, 'exchange reception list');
        await screenshot(page, 'exchange-reception-list');

        await link.click();
        await page.getByRole('heading', { level: 1, name: LETTER.subject }).waitFor();
        const details = page.getByRole('main');
        await details.getByText(`${LETTER.number}/${NOTATION}`).first().waitFor();
        await details.getByText(LETTER.documentId).waitFor();
        await details.getByText(`cong-van-${LETTER.number}.pdf`).waitFor();
        await details.getByText('SHA-256:').waitFor();
        await details.getByRole('link', { name: `Tải về cong-van-${LETTER.number}.pdf` }).waitFor();
        // Unsigned, accepted under the member's policy: the remark is listed in words.
        await details.getByText('Gói tin được nhận kèm lưu ý').waitFor();
        // Pre-filled from the package.
        assert.equal(
          await page.getByLabel('Số, ký hiệu', { exact: true }).inputValue(),
          `${LETTER.number}/${NOTATION}`,
        );
        await checkA11y(page, 'exchange reception');
        await screenshot(page, 'exchange-reception', { fullPage: true });

        await page.getByRole('button', { name: 'Vào sổ', exact: true }).click();
        await page.waitForURL(/\/van-ban\/den\/\d+$/);
        // The incoming document's page: its own heading, then the subject (the package page's
        // h1 was the subject too, so waiting for that alone could pass before the page changed).
        await page.getByRole('heading', { level: 1, name: /^Văn bản đến/ }).waitFor();
        await page.getByText(LETTER.subject).first().waitFor();
        await page.getByText(`${LETTER.number}/${NOTATION}`).first().waitFor();
        assert.deepEqual(scriptErrors(errors), []);
      });
      // The sender heard STATUS 03.
      const inbox = await vendor.inbox();
      assert.ok(
        inbox.json.items.some((i) => i.documentId === LETTER.documentId && i.statusCode === '03'),
        JSON.stringify(inbox.json),
      );
    });

    test('the clerk refuses the other with a reason; at 360 px nothing scrolls sideways', async () => {
      const { page, errors } = narrow;
      errors.length = 0;
      await withFailureScreenshot(page, 'exchange-refuse', async () => {
        await login(page, app.baseUrl, 'vanthu.ubnd');
        await page.goto(`${app.baseUrl}/van-ban/tiep-nhan?nguon=lien-thong`);
        const link = page.getByRole('link', { name: OTHER.subject });
        await link.waitFor();
        assert.equal(await noHorizontalScroll(page), true, 'the list at 360 px');
        await checkA11y(page, 'exchange reception list at 360 px');
        await link.click();
        await page.getByRole('heading', { level: 1, name: OTHER.subject }).waitFor();
        assert.equal(await noHorizontalScroll(page), true, 'the package at 360 px');
        await checkA11y(page, 'exchange reception at 360 px');

        const refuse = page.getByRole('region', { name: 'Từ chối tiếp nhận' });
        await refuse.getByRole('button', { name: 'Từ chối', exact: true }).click();
        await refuse.getByText('Vui lòng ghi lý do.').waitFor();
        await refuse.getByLabel('Lý do', { exact: true }).fill('Gửi nhầm cơ quan nhận');
        await refuse.getByRole('button', { name: 'Từ chối', exact: true }).click();
        await page.getByText('Đã từ chối tiếp nhận văn bản.').waitFor();
        await page.getByRole('main').getByText('Đã từ chối', { exact: true }).first().waitFor();
        await refuse.waitFor({ state: 'detached' });
        await screenshot(page, 'exchange-refused-narrow', { fullPage: true });
        assert.deepEqual(scriptErrors(errors), []);
      });
      const inbox = await vendor.inbox();
      assert.ok(
        inbox.json.items.some((i) => i.documentId === OTHER.documentId && i.statusCode === '02'),
        JSON.stringify(inbox.json),
      );
    });

    test('the sender asks to recall the registered letter; the clerk sees why and accepts', async () => {
      const h = await harness();
      const clerk = await h.loggedIn(app.baseUrl, 'vanthu.ubnd');
      const reason = 'Văn bản ban hành nhầm căn cứ, sẽ gửi văn bản khác';
      const revoke = support.documentPackage({
        from: VENDOR_AGENCY,
        to: PROVINCE,
        number: LETTER.number,
        notation: NOTATION,
        subject: LETTER.subject,
        business: { type: 1, documentId: LETTER.documentId, reason },
      });
      const answer = await vendor.send(revoke.xml);
      assert.equal(answer.status, 202, answer.text);
      const asked = await eventually(
        async () => {
          const list = await clerk.get('/exchange/receptions?status=all');
          return list.body.items.find(
            (r) => r.documentId === LETTER.documentId && r.recall?.state === 'requested',
          );
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      );
      assert.ok(asked, 'the recall request reached the reception');

      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'exchange-recall', async () => {
        await login(page, app.baseUrl, 'vanthu.ubnd');
        await page.goto(`${app.baseUrl}/van-ban/tiep-nhan?nguon=lien-thong&tinh-trang=recall`);
        const row = page.getByRole('row').filter({ hasText: LETTER.subject });
        await row.getByText('Đề nghị thu hồi').waitFor();
        await row.getByRole('link', { name: LETTER.subject }).click();
        await page.getByRole('heading', { level: 1, name: LETTER.subject }).waitFor();
        const banner = page.getByRole('region', {
          name: `Bên gửi đề nghị thu hồi văn bản: ${reason}`,
        });
        await banner.waitFor();
        await page.getByRole('link', { name: 'Mở văn bản đến đã vào sổ' }).waitFor();
        // Refusing needs a reason, said under the field.
        await banner.getByRole('button', { name: 'Không đồng ý thu hồi' }).click();
        await banner.getByText('Vui lòng ghi lý do.').waitFor();
        await checkA11y(page, 'reception with a recall request');
        await screenshot(page, 'exchange-recall');
        await banner.getByRole('button', { name: 'Đồng ý thu hồi', exact: true }).click();
        await page.getByText('Đã đồng ý thu hồi.').waitFor();
        await banner.waitFor({ state: 'detached' });
        assert.deepEqual(scriptErrors(errors), []);
      });
      await eventually(
        async () => {
          const inbox = await vendor.inbox();
          return inbox.json.items.some(
            (i) => i.documentId === LETTER.documentId && i.statusCode === '15',
          );
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      );
    });

    test('the admin sees the packages, the refusal going back with its trace, and a refused package', async () => {
      // A letter in the name of an agency the member does not serve: the hub refuses it.
      const spoofed = support.documentPackage({
        from: '000.00.91.H01',
        to: PROVINCE,
        number: '33',
        subject: 'V/v gói tin mạo danh',
      });
      assert.equal((await vendor.send(spoofed.xml)).status, 422);

      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'exchange-packages', async () => {
        await login(page, app.baseUrl, 'admin');
        await page.goto(`${app.baseUrl}/admin/lien-thong/goi-tin`);
        await page.getByRole('heading', { level: 2, name: 'Gói tin' }).waitFor();
        const table = page.getByRole('table', { name: 'Gói tin trên trục' });
        await table.getByText(LETTER.subject).first().waitFor();
        // The refusal travelled back as a status notice about the other letter.
        const refusal = table
          .getByRole('row')
          .filter({ hasText: OTHER.documentId })
          .filter({ hasText: 'Từ chối tiếp nhận' });
        await refusal.waitFor();
        await checkA11y(page, 'exchange packages');
        await refusal.getByRole('button', { name: /^Chi tiết gói tin/ }).click();
        const drawer = page.getByRole('dialog', { name: /^Gói tin số \d+$/ });
        await drawer.waitFor();
        await drawer.getByRole('list', { name: 'Vết chuyển' }).waitFor();
        await drawer.getByText('(qua hệ thống thành viên)', { exact: false }).first().waitFor();
        await drawer.getByRole('link', { name: 'Tải gói tin (.edxml)' }).waitFor();
        await checkA11y(page, 'package drawer');
        await screenshot(page, 'exchange-package-drawer');
        await page.keyboard.press('Escape');
        await drawer.waitFor({ state: 'detached' });

        // A button-style radio: its label takes the click.
        await page.getByRole('radiogroup').getByText('Bị từ chối', { exact: true }).click();
        // The unfiltered list stays until the filter's reload lands (and a click on a list being
        // re-rendered can be lost): wait for that reload, shown by the status notices leaving the
        // table. (waitForLoadState('networkidle') does not wait for it: the page went idle once,
        // long before, and Playwright does not wait for that state again.)
        await table
          .getByRole('row')
          .filter({ hasText: 'Thông báo tình trạng' })
          .first()
          .waitFor({ state: 'detached' });
        // The refused letter itself, not the status notice about it (both carry its id).
        const refused = table
          .getByRole('row')
          .filter({ hasText: spoofed.documentId })
          .filter({ hasNotText: 'Thông báo tình trạng' });
        await refused.waitFor();
        await refused.getByText('000.00.91.H01', { exact: false }).first().waitFor();

        const sections = page.getByRole('navigation', { name: 'Các mục quản trị liên thông' });
        await sections.getByRole('link', { name: 'Thư chết / không chuyển được' }).click();
        await page.waitForURL(/\/admin\/lien-thong\/thu-chet$/);
        await page.getByRole('table', { name: 'Lượt chuyển theo tình trạng' }).waitFor();
        await checkA11y(page, 'exchange dead letters');
        const dead = page.getByRole('row').filter({ hasText: '000.00.91.H01' }).first();
        await dead.waitFor();
        // Still no route to the impostor: the replay is refused, and said why.
        await dead.getByRole('button', { name: 'Chuyển lại gói tin đến 000.00.91.H01' }).click();
        await page.getByText('Không chuyển lại được', { exact: false }).waitFor();

        await sections.getByRole('link', { name: 'Hàng đợi' }).click();
        await page.getByRole('heading', { level: 2, name: 'Hàng đợi' }).waitFor();
        await page.getByRole('table', { name: 'Hàng đợi theo tuyến và đối tác' }).waitFor();
        await checkA11y(page, 'exchange queues');
        assert.deepEqual(scriptErrors(errors), []);
      });
    });

    test('a draft names agencies outside the system: from the directory, and by a typed code', async () => {
      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'exchange-draft', async () => {
        await login(page, app.baseUrl, 'chuyenvien.snv');
        await page.goto(`${app.baseUrl}/van-ban/di/moi`);
        await page.getByRole('heading', { level: 1, name: 'Soạn dự thảo văn bản đi' }).waitFor();
        const picker = page.getByLabel('Cơ quan ngoài hệ thống (liên thông)', { exact: true });
        await picker.click();
        await picker.fill('000.00.90');
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option')
          .filter({ hasText: VENDOR_AGENCY })
          .first()
          .click();
        const chosen = page.getByRole('list', { name: 'Nơi nhận ngoài hệ thống đã chọn' });
        await chosen.getByText(`Gửi qua ${MEMBER.name}`).waitFor();

        // A typed code: its layout is checked here; no route reaches it, which is said.
        await page.getByLabel('Mã định danh', { exact: true }).fill('12.34');
        await page.getByRole('button', { name: 'Thêm nơi nhận' }).click();
        await page.getByText('Mã định danh có dạng 000.00.00.H12', { exact: false }).waitFor();
        await page.getByLabel('Mã định danh', { exact: true }).fill('000.00.00.H12');
        await page.getByLabel('Tên cơ quan', { exact: true }).fill('UBND tỉnh Kiểm Thử');
        await page.getByRole('button', { name: 'Thêm nơi nhận' }).click();
        await chosen.getByText('UBND tỉnh Kiểm Thử').waitFor();
        await chosen.getByText('Chưa có tuyến liên thông tới cơ quan này').waitFor();
        await checkA11y(page, 'draft with recipients outside the system');
        await screenshot(page, 'exchange-draft-recipients', { fullPage: true });
        assert.deepEqual(scriptErrors(errors), []);
      });
    });

    test('a released document shows its way through the exchange under its deliveries', async () => {
      // Sở Nội vụ releases a letter to the member's agency (through the API: drafting and signing
      // have tests of their own); the exchange thread takes it up, then the page shows the trace.
      const h = await harness();
      const OUT = '/documents/outgoing';
      const match = (res) => ({ headers: { 'If-Match': res.headers.get('etag') } });
      const drafter = await h.loggedIn(app.baseUrl, 'chuyenvien.snv');
      const signer = await h.loggedIn(app.baseUrl, 'lanhdao.snv');
      const clerk = await h.loggedIn(app.baseUrl, 'vanthu.snv');
      const subject = 'V/v phối hợp thử nghiệm liên thông với nhà cung cấp B';
      let res = await drafter.post(OUT, {
        typeOrdinal: 18,
        subject,
        signerId: signer.user.id,
        recipients: [{ name: MEMBER.name, code: VENDOR_AGENCY }, { name: 'Lưu: VT' }],
      });
      assert.equal(res.status, 201, res.text);
      const id = res.body.id;
      res = await drafter.request('POST', `${OUT}/${id}/files?name=cong-van.pdf`, DRAFT, {
        raw: true,
        headers: { 'Content-Type': 'application/pdf', 'If-Match': res.headers.get('etag') },
      });
      assert.equal(res.status, 200, res.text);
      res = await drafter.post(`${OUT}/${id}/submit`, {}, match(res));
      assert.equal(res.status, 200, res.text);
      res = await signer.post(`${OUT}/${id}/approve`, {}, match(res));
      assert.equal(res.status, 200, res.text);
      res = await signer.post(
        `${OUT}/${id}/sign`,
        { keyId: 'personal-lanhdao.snv', secret: DEMO_PASSWORD },
        match(res),
      );
      assert.equal(res.status, 200, res.text);
      res = await clerk.post(`${OUT}/${id}/issue`, { sealKeyId: 'seal-000.00.01.h01' }, match(res));
      assert.equal(res.status, 200, res.text);
      res = await clerk.post(`${OUT}/${id}/release`, {}, match(res));
      assert.equal(res.status, 200, res.text);
      const traced = await eventually(
        async () => {
          const answer = await clerk.get(`${OUT}/${id}/exchange`);
          return answer.status === 200 && answer.body.items.length > 0;
        },
        { timeoutMs: 180_000, intervalMs: 250 },
      );
      assert.ok(traced, 'the exchange took the released document up');

      const { page, errors } = desktop;
      errors.length = 0;
      await withFailureScreenshot(page, 'exchange-outgoing', async () => {
        await login(page, app.baseUrl, 'vanthu.snv');
        await page.goto(`${app.baseUrl}/van-ban/di/${id}`);
        await page.getByRole('heading', { level: 1, name: subject }).waitFor();
        // The recipient's code beside its delivery status, then the packages on the exchange.
        await page.getByText(`(${VENDOR_AGENCY})`).first().waitFor();
        const section = page.getByRole('region', { name: 'Chuyển qua trục liên thông' });
        await section.waitFor();
        await section
          .getByRole('list', { name: /^Vết chuyển/ })
          .first()
          .waitFor();
        await section.getByText('(qua hệ thống thành viên)', { exact: false }).first().waitFor();
        await section.getByText('giờ Việt Nam', { exact: false }).first().waitFor();
        await checkA11y(page, 'outgoing document with its exchange trace');
        await screenshot(page, 'exchange-outgoing-trace', { fullPage: true });
        assert.deepEqual(scriptErrors(errors), []);
      });
    });
  },
);
