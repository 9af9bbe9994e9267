// The staff shell: the account menu in the header (change password, log out on every device
// after a confirmation, log out) on a desktop and a phone; a home page per role whose work queues
// say what will appear in them, and whose one-stop cards list the dossiers waiting (the counter's
// online submissions and results to return, the officer's dossiers in progress).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { fileBirthRegistrationOnline } from '../../tests/support/birth-registration.mjs';
import {
  DEMO_PASSWORD,
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  openAccountMenu,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { receiveAtCounter } from './support/desk.mjs';

const skip = missingPrerequisite();
const PHONE = { width: 390, height: 844 };

// The demo accounts (README) and the queues their home shows, in order: the demo has no dossier
// at Sở Nội vụ or Phú Quốc, so every queue here is empty.
const HOMES = [
  {
    username: 'vanthu.ubnd',
    queues: [
      'Văn bản đến chờ trình, bị trả lại',
      'Văn bản chờ tiếp nhận',
      'Văn bản đi chờ cấp số, phát hành',
    ],
  },
  {
    username: 'lanhdao.snv',
    queues: ['Văn bản chờ cho ý kiến', 'Văn bản chờ ký', 'Dự thảo chờ duyệt'],
  },
  {
    username: 'chuyenvien.snv',
    queues: [
      'Văn bản được giao chủ trì',
      'Văn bản phối hợp xử lý',
      'Văn bản để biết',
      'Hồ sơ đang xử lý',
    ],
  },
  {
    username: 'motcua.phuquoc',
    queues: ['Hồ sơ chờ tiếp nhận', 'Hồ sơ chờ trả kết quả'],
  },
  { username: 'admin', queues: [] },
];

describe('staff shell: account menu', { skip: skip ?? false, timeout: 240_000 }, () => {
  let app;
  let browser;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('the account menu holds the account actions; the header has no logout button', async () => {
    const { page } = browser;
    await withFailureScreenshot(page, 'account-menu', async () => {
      await login(page, app.baseUrl, 'chuyenvien.snv');
      const banner = page.getByRole('banner');
      assert.equal(await banner.getByRole('button', { name: /Đăng xuất/ }).count(), 0);
      const trigger = banner.getByRole('button', { name: /^Tài khoản: / });
      assert.equal(await trigger.getAttribute('aria-haspopup'), 'menu');
      assert.equal(await trigger.getAttribute('aria-expanded'), 'false');
      const menu = await openAccountMenu(page);
      assert.equal(await trigger.getAttribute('aria-expanded'), 'true');
      const items = (await menu.getByRole('menuitem').allInnerTexts()).map((text) => text.trim());
      assert.deepEqual(items, [
        'Đổi mật khẩu',
        'Thông báo qua thư điện tử',
        'Hướng dẫn sử dụng',
        'Đăng xuất khỏi mọi thiết bị',
        'Đăng xuất',
      ]);
      await screenshot(page, 'account-menu-desktop');

      // "Đổi mật khẩu" goes to the change-password page.
      await menu.getByRole('menuitem', { name: 'Đổi mật khẩu' }).click();
      await page.waitForURL(/\/doi-mat-khau$/);

      // English: the same menu in English.
      await page.goto(`${app.baseUrl}/`);
      await page.getByText('EN', { exact: true }).click();
      const english = await openAccountMenu(page);
      const englishItems = (await english.getByRole('menuitem').allInnerTexts()).map((text) =>
        text.trim(),
      );
      assert.deepEqual(englishItems, [
        'Change password',
        'E-mail notifications',
        'User guide',
        'Log out on every device',
        'Log out',
      ]);
      await page.keyboard.press('Escape');
      await page.getByText('VI', { exact: true }).click();
    });
  });

  test('log out on every device asks first, then ends the other sessions too', async () => {
    const { page } = browser;
    const other = await launchBrowser();
    try {
      await withFailureScreenshot(page, 'logout-everywhere', async () => {
        await login(page, app.baseUrl, 'lanhdao.snv');
        await login(other.page, app.baseUrl, 'lanhdao.snv');

        // Cancelling the confirmation keeps every session.
        let menu = await openAccountMenu(page);
        await menu.getByRole('menuitem', { name: 'Đăng xuất khỏi mọi thiết bị' }).click();
        const dialog = page.getByRole('dialog', { name: 'Đăng xuất khỏi mọi thiết bị?' });
        await dialog.waitFor();
        await screenshot(page, 'logout-everywhere-confirm');
        await dialog.getByRole('button', { name: 'Hủy' }).click();
        await dialog.waitFor({ state: 'hidden' });
        await page.reload();
        await page.getByRole('main').getByRole('heading', { level: 1 }).waitFor();
        assert.doesNotMatch(page.url(), /\/login/);

        // Confirming ends this session and the one in the other browser.
        menu = await openAccountMenu(page);
        await menu.getByRole('menuitem', { name: 'Đăng xuất khỏi mọi thiết bị' }).click();
        await dialog.waitFor();
        await dialog.getByRole('button', { name: 'Đăng xuất khỏi mọi thiết bị' }).click();
        await page.waitForURL(/\/login$/);
        await other.page.reload();
        await other.page.waitForURL(/\/login/);
      });
    } finally {
      await other.close();
    }
  });

  test('on a phone the account menu is the person icon in the header', async () => {
    const phone = await launchBrowser({ viewport: PHONE });
    try {
      const { page } = phone;
      await login(page, app.baseUrl, 'vanthu.ubnd');
      const menu = await openAccountMenu(page);
      const items = (await menu.getByRole('menuitem').allInnerTexts()).map((text) => text.trim());
      assert.deepEqual(items, [
        'Đổi mật khẩu',
        'Thông báo qua thư điện tử',
        'Hướng dẫn sử dụng',
        'Đăng xuất khỏi mọi thiết bị',
        'Đăng xuất',
      ]);
      await screenshot(page, 'account-menu-phone');
      await menu.getByRole('menuitem', { name: 'Đăng xuất', exact: true }).click();
      await page.waitForURL(/\/login$/);
    } finally {
      await phone.close();
    }
  });

  test('each role lands on a home that shows its work queues, empty and explained', async () => {
    const { page } = browser;
    for (const home of HOMES) {
      await withFailureScreenshot(page, `home-${home.username}`, async () => {
        await login(page, app.baseUrl, home.username);
        const main = page.getByRole('main');
        const headings = (await main.getByRole('heading', { level: 3 }).allInnerTexts()).map(
          (text) => text.trim(),
        );
        assert.deepEqual(headings, home.queues, `${home.username}: queues`);
        for (const title of home.queues) {
          // Each queue is a region named by its heading; empty, it says what will appear there.
          // No rows, no sample data, no word of a module still to come.
          const queue = main.getByRole('region', { name: title });
          // A live queue says so once its list has loaded.
          await queue
            .getByText(/Chưa có .* sẽ hiện ở đây/s)
            .first()
            .waitFor();
          const text = await queue.innerText();
          assert.match(text, /Chưa có .* sẽ hiện ở đây/s, `${title}: says what will appear`);
          assert.doesNotMatch(text, /sẽ có dữ liệu khi/, `${title}: no module still to come`);
          assert.equal(await queue.getByRole('row').count(), 0, `${title}: no rows`);
          assert.equal(await queue.getByRole('listitem').count(), 0, `${title}: no items`);
        }
        if (home.username === 'admin') {
          const admin = main.getByRole('region', { name: 'Quản trị hệ thống' });
          for (const name of [
            'Danh bạ cơ quan, đơn vị',
            'Tài khoản người dùng',
            'Nhật ký hệ thống',
            'Tổ chức chứng thực tin cậy',
          ]) {
            await admin.getByRole('link', { name }).waitFor();
          }
        }
        await screenshot(page, `home-${home.username}-desktop`, { fullPage: true });
      });
    }

    // A leader can sign a file today: the queue links to the signing page.
    await login(page, app.baseUrl, 'lanhdao.snv');
    await page
      .getByRole('region', { name: 'Văn bản chờ ký' })
      .getByRole('link', { name: 'Cần ký một tệp ngay? Dùng trang Ký số.' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Ký số' }).waitFor();

    // English.
    await page.goto(`${app.baseUrl}/`);
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Your work' }).waitFor();
    const english = page.getByRole('region', { name: 'Documents to sign' });
    assert.match(await english.innerText(), /will appear here/);
    await screenshot(page, 'home-leader-desktop-en', { fullPage: true });
    await page.getByText('VI', { exact: true }).click();
  });

  test("the one-stop cards list the ward's dossiers: online ones to receive, results to return, the officer's", async () => {
    // Phường Rạch Giá, through the API: the demo citizen files a birth registration online (it
    // waits for the desk's acceptance); the desk receives one at the counter and hands it to the
    // officer; a second one is processed, decided and waits for its result to be returned.
    const h = await harness();
    const mai = await h.loggedIn(app.baseUrl, '091095000123', DEMO_PASSWORD, 'citizen');
    const counter = await h.loggedIn(app.baseUrl, 'motcua.rachgia');
    const officer = await h.loggedIn(app.baseUrl, 'chuyenvien.rachgia');
    const leader = await h.loggedIn(app.baseUrl, 'lanhdao.rachgia');
    const ok = (res, status = 200) => {
      assert.equal(res.status, status, JSON.stringify(res.body));
      return res.body;
    };
    const online = ok(
      await fileBirthRegistrationOnline(mai, { agencyId: counter.user.agencyId }),
      201,
    );
    const users = ok(await counter.get('/users'));
    const officerId = users.items.find((u) => u.username === 'chuyenvien.rachgia').id;
    const act = (client, code, body) =>
      client.post(`/dossiers/${encodeURIComponent(code)}/actions`, body);
    const inProgress = await receiveAtCounter(counter, {
      name: 'Trần Văn Đang',
      phone: '0918 111 222',
    });
    ok(await act(counter, inProgress.code, { action: 'transfer', assigneeId: officerId }));
    const decided = await receiveAtCounter(
      counter,
      { name: 'Lê Thị Chờ Trả', phone: '0918 333 444' },
      { fee: 0 },
    );
    ok(await act(counter, decided.code, { action: 'transfer', assigneeId: officerId }));
    ok(await act(officer, decided.code, { action: 'complete_step' }));
    ok(await act(leader, decided.code, { action: 'attach_result', resultNote: 'Giấy khai sinh' }));
    ok(await act(leader, decided.code, { action: 'complete_step' }));
    ok(await act(leader, decided.code, { action: 'finish' }));

    // What each card must count: the lists of the "Hồ sơ một cửa" page, as the API answers them.
    const list = async (client, query) => ok(await client.get(`/dossiers?${query}`));
    const cards = [
      {
        username: 'motcua.rachgia',
        title: 'Hồ sơ chờ tiếp nhận',
        list: await list(counter, 'queue=counter&state=new'),
        code: online.code,
        applicant: 'Nguyễn Thị Mai',
        radio: 'Trực tuyến chờ tiếp nhận',
      },
      {
        username: 'motcua.rachgia',
        title: 'Hồ sơ chờ trả kết quả',
        list: await list(counter, 'queue=counter&state=done'),
        code: decided.code,
        applicant: 'Lê Thị Chờ Trả',
        radio: 'Chờ trả kết quả',
      },
      {
        username: 'chuyenvien.rachgia',
        title: 'Hồ sơ đang xử lý',
        list: await list(officer, 'queue=mine'),
        code: inProgress.code,
        applicant: 'Trần Văn Đang',
        radio: 'Việc của tôi',
      },
    ];
    const { page } = browser;
    for (const [index, card] of cards.entries()) {
      await withFailureScreenshot(page, `home-dossiers-${index}`, async () => {
        const { code } = card;
        const listed = card.list.items.find((d) => d.code === code);
        assert.ok(listed, `${card.title}: the test's dossier is listed by the API`);
        const total = card.list.total;
        await login(page, app.baseUrl, card.username);
        const main = page.getByRole('main');
        const queue = main.getByRole('region', { name: card.title });
        const count = queue.getByTestId('queue-counts').locator('[data-count="total"]');
        await count.waitFor();
        assert.equal((await count.innerText()).trim(), `${total} hồ sơ`, card.title);
        assert.equal(
          await queue.getByText(/sẽ hiện ở đây/).count(),
          0,
          `${card.title}: no empty state`,
        );
        const row = queue.locator(`[data-testid="dossier-item"][data-code="${code}"]`);
        await row.waitFor();
        const text = await row.innerText();
        assert.ok(text.includes(listed.procedureName), `${card.title}: the procedure`);
        assert.ok(text.includes(`Người nộp: ${card.applicant}`), `${card.title}: the applicant`);
        if (listed.dueAt) {
          // The appointment day (Vietnam time), not overdue: a dossier received today.
          const due = row.locator('[data-due]');
          assert.equal(await due.getAttribute('data-due'), 'ok');
          assert.match(await due.innerText(), /^Hẹn trả \d{2}\/\d{2}\/\d{4}$/);
        }
        await screenshot(page, `home-dossiers-${index}`, { fullPage: true });

        // "Xem tất cả": the "Hồ sơ một cửa" page on the same queue, listing the same dossier.
        await queue.getByRole('link', { name: new RegExp(`^Xem tất cả \\(${total}\\)`) }).click();
        await main.getByRole('heading', { level: 1, name: 'Hồ sơ một cửa' }).waitFor();
        await main
          .getByRole('radio', { name: card.radio, checked: true })
          .waitFor({ state: 'attached' });
        await main.getByText(`${total} hồ sơ`, { exact: true }).waitFor();
        await main.getByRole('table').getByRole('link', { name: code, exact: true }).waitFor();

        // The row links to its dossier.
        await page.goBack();
        await queue.getByRole('link', { name: code, exact: true }).click();
        await main.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
      });
    }
  });

  test('role homes on a phone', async () => {
    const phone = await launchBrowser({ viewport: PHONE });
    try {
      const { page } = phone;
      await login(page, app.baseUrl, 'motcua.phuquoc');
      await page.getByRole('region', { name: 'Hồ sơ chờ tiếp nhận' }).waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
      await screenshot(page, 'home-counter-phone', { fullPage: true });
    } finally {
      await phone.close();
    }
  });

  test('without a key held on the server for them, a leader signs only with their own token', async () => {
    // This server has no demo PKI, so keys.toml lists no server-held key for anyone (issue 9: the
    // server-held choice is offered only where the agency keeps one).
    const { page } = browser;
    await withFailureScreenshot(page, 'sign-token-only', async () => {
      await login(page, app.baseUrl, 'lanhdao.snv');
      await page.goto(`${app.baseUrl}/ky-so`);
      await page.getByRole('heading', { level: 1, name: 'Ký số' }).waitFor();
      await page.getByText('USB token', { exact: false }).first().waitFor();
      assert.equal(await page.getByText('Khóa ký trên máy chủ', { exact: true }).count(), 0);
      assert.equal(await page.getByText('Ký bằng', { exact: true }).count(), 0);
    });
  });

  test('empty tables and lists say what would be listed there', async () => {
    const { page } = browser;
    await withFailureScreenshot(page, 'empty-tables', async () => {
      await login(page, app.baseUrl, 'admin');
      const main = page.getByRole('main');

      await page.goto(`${app.baseUrl}/admin/users`);
      await page.getByRole('heading', { level: 1, name: 'Người dùng' }).waitFor();
      await main.getByRole('searchbox').fill('không-có-ai-tên-này');
      await main.getByRole('searchbox').press('Enter');
      await main
        .getByRole('table', { name: 'Danh sách người dùng' })
        .getByText('Không có người dùng nào khớp.', { exact: false })
        .waitFor();

      await page.goto(`${app.baseUrl}/admin/agencies`);
      await page.getByRole('heading', { level: 1, name: 'Cơ quan, đơn vị' }).waitFor();
      await main.getByRole('searchbox').fill('không-có-cơ-quan-này');
      await main.getByRole('searchbox').press('Enter');
      await main
        .getByRole('table', { name: 'Danh sách cơ quan' })
        .getByText('Không có cơ quan nào khớp từ khóa.', { exact: false })
        .waitFor();

      await page.goto(`${app.baseUrl}/admin/audit`);
      await page.getByRole('heading', { level: 1, name: 'Nhật ký hệ thống' }).waitFor();
      await page.getByLabel('Người thực hiện').fill('khong-co-nguoi-nay');
      await page.getByRole('button', { name: 'Lọc' }).click();
      await main
        .getByRole('table', { name: 'Các bản ghi nhật ký' })
        .getByText('Không có bản ghi nào khớp với bộ lọc.', { exact: false })
        .waitFor();
      await screenshot(page, 'audit-empty-desktop');

      // A search list that nothing matches says so too (antd's own text is a bare "Trống").
      await page.goto(`${app.baseUrl}/admin/users`);
      const agencyFilter = main.getByRole('combobox', { name: 'Lọc theo cơ quan' });
      await agencyFilter.click();
      await agencyFilter.fill('zzzz-không-có');
      await page.getByText('Không có lựa chọn nào khớp với nội dung đã nhập.').waitFor();
      assert.equal(await page.getByText('Trống', { exact: true }).count(), 0);
      await page.keyboard.press('Escape');
    });
  });
});
