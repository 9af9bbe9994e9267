// The user guide (docs/huong-dan/, issue 16 item 7): this test drives the demo province through
// each role's daily work — the records clerk, the leader, the officer, the counter officer with
// one dossier from the counter to its return, the citizen on a phone, the IT admin — and takes
// the screenshots the guide shows. They go to e2e/screenshots/guide/<name>.png (not committed);
// with CQDT_UPDATE_GUIDE_SCREENSHOTS=1 they go to docs/huong-dan/anh/<name>.png instead, the committed copies
// the guide shows, rewritten from the pages as they are now (the demo's dates move every day, so
// an ordinary run leaves the committed images alone and the working tree clean). It checks
// that the guide shows exactly the screenshots taken here and that anh/ holds nothing else, so
// that guide and pages cannot drift apart; and that each role's "Hướng dẫn sử dụng" (the
// account menu; the portal's header) opens that role's page of the built guide, which passes
// axe-core like the app's pages.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { minimalPdf } from '../../tests/support/pki.mjs';
import {
  chooseOption,
  citizenLogin,
  launchBrowser,
  login,
  missingPrerequisite,
  openAccountMenu,
  REPO_ROOT,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { actOnDossier } from './support/dossier-page.mjs';
import { expectNoAxeViolations, settle } from './support/page-checks.mjs';

const GUIDE = path.join(REPO_ROOT, 'docs', 'huong-dan');
const IMAGES = path.join(GUIDE, 'anh');
const SHOT_DIR =
  process.env.CQDT_UPDATE_GUIDE_SCREENSHOTS === '1'
    ? IMAGES
    : path.join(REPO_ROOT, 'web', 'e2e', 'screenshots', 'guide');
// Viewport shots, not full pages: the images stay small and show what the screen shows.
const DESK = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };

// Every screenshot of the guide, in the order this test takes them.
const SHOTS = [
  'dang-nhap',
  'menu-tai-khoan',
  // văn thư
  'van-thu-trang-chu',
  'van-thu-vao-so',
  'van-thu-so-den',
  'van-thu-trinh',
  'van-thu-tiep-nhan',
  'van-thu-cap-so',
  // lãnh đạo
  'lanh-dao-trang-chu',
  'lanh-dao-giao-xu-ly',
  'lanh-dao-duyet',
  'lanh-dao-ky-so',
  'lanh-dao-tong-quan',
  'lanh-dao-uy-quyen',
  // chuyên viên
  'chuyen-vien-trang-chu',
  'chuyen-vien-xu-ly',
  'chuyen-vien-du-thao',
  'chuyen-vien-danh-muc-ho-so',
  // một cửa, one dossier from the counter to its return
  'mot-cua-tiep-nhan',
  'mot-cua-da-tiep-nhan',
  'mot-cua-ho-so',
  'mot-cua-chuyen-xu-ly',
  'chuyen-vien-ho-so-mot-cua',
  'lanh-dao-ket-qua-ho-so',
  'mot-cua-tra-ket-qua',
  'mot-cua-danh-sach',
  // công dân, on a phone
  'cong-dan-dang-nhap',
  'cong-dan-trang-chu',
  'cong-dan-thu-tuc',
  'cong-dan-to-khai',
  'cong-dan-ho-so-cua-toi',
  'cong-dan-tra-cuu',
  // quản trị
  'quan-tri-trang-chu',
  'quan-tri-nguoi-dung',
  'quan-tri-them-nguoi-dung',
  'quan-tri-co-quan',
  'quan-tri-nhat-ky',
];

// The guide's pages (README.md is index.html).
const GUIDE_PAGES = [
  'index.html',
  'van-thu.html',
  'lanh-dao.html',
  'chuyen-vien.html',
  'mot-cua.html',
  'cong-dan.html',
  'quan-tri.html',
  'van-hanh.html',
];

/** The images the guide's Markdown shows or links: {image name: [pages]}. */
function referencedImages() {
  const refs = new Map();
  for (const file of readdirSync(GUIDE).filter((name) => name.endsWith('.md'))) {
    const text = readFileSync(path.join(GUIDE, file), 'utf8');
    for (const match of text.matchAll(/\]\((?:\.\/)?anh\/([^)\s]+)\.png[)\s]/g)) {
      refs.set(match[1], [...(refs.get(match[1]) ?? []), file]);
    }
  }
  return refs;
}

describe('user guide: the pages show the screenshots the test takes', () => {
  test('every image the guide shows is one this test takes, and every one it takes is shown', () => {
    const refs = referencedImages();
    const shown = [...refs.keys()].sort();
    assert.deepEqual(shown, [...SHOTS].sort(), 'docs/huong-dan/*.md against SHOTS');
    assert.equal(new Set(SHOTS).size, SHOTS.length, 'no name twice in SHOTS');
    // Nothing stale in anh/: an image the guide no longer shows is deleted with its reference.
    const files = readdirSync(IMAGES)
      .filter((name) => name.endsWith('.png'))
      .map((name) => name.replace(/\.png$/, ''))
      .sort();
    assert.deepEqual(files, [...SHOTS].sort(), 'docs/huong-dan/anh/ against SHOTS');
  });
});

const skip = missingPrerequisite();

describe(
  'user guide: screenshots from the demo province',
  { skip: skip ?? false, timeout: 600_000 },
  () => {
    let app;
    let desk;
    let code = '';
    const taken = new Set();
    // The counter officer types the applicant's phone; a citizen tracks with its last 4 digits.
    const APPLICANT = { name: 'Trần Thị Bé', id: '091234567890', phone: '0918 246 813' };

    /** Saves the viewport as <SHOT_DIR>/<name>.png once the page has settled. */
    async function shot(page, name, { settled = true } = {}) {
      assert.ok(SHOTS.includes(name), `${name} is not in SHOTS`);
      if (settled) await settle(page);
      mkdirSync(SHOT_DIR, { recursive: true });
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(SHOT_DIR, `${name}.png`), animations: 'disabled' });
      taken.add(name);
    }

    /** Opens the first item of one of the home's work queues (not its "see all" link). */
    async function openFromQueue(page, queue) {
      const region = page.getByRole('main').getByRole('region', { name: queue });
      const link = region
        .getByRole('link')
        .filter({ hasNotText: /^Xem tất cả/ })
        .first();
      await link.click();
      await settle(page);
    }

    async function visit(page, pagePath) {
      await page.goto(`${app.baseUrl}${pagePath}`);
      await settle(page);
    }

    /**
     * The signed-in person's "Hướng dẫn sử dụng" (in the account menu) opens their role's page of
     * the guide, whose heading matches `heading`.
     */
    async function openGuideFromMenu(page, guidePage, heading) {
      const menu = await openAccountMenu(page);
      await menu.getByRole('menuitem', { name: 'Hướng dẫn sử dụng' }).click();
      await page.waitForURL(`${app.baseUrl}/huong-dan/${guidePage}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    }

    before(async () => {
      app = await startApp({ pki: true, documents: true });
      desk = await launchBrowser({ viewport: DESK });
    });
    after(async () => {
      await desk?.close();
      await app?.stop();
    });

    test('chuyên viên: sign in, the account menu, handle a document, draft one, the file plan', async () => {
      const { page } = desk;
      await withFailureScreenshot(page, 'guide-officer', async () => {
        await page.goto(`${app.baseUrl}/login`);
        await page.getByLabel('Tên đăng nhập').waitFor();
        await shot(page, 'dang-nhap', { settled: false });
        await login(page, app.baseUrl, 'chuyenvien.snv');
        await shot(page, 'chuyen-vien-trang-chu');
        const menu = await openAccountMenu(page);
        await menu.getByRole('menuitem', { name: 'Hướng dẫn sử dụng' }).waitFor();
        await shot(page, 'menu-tai-khoan', { settled: false });
        await page.keyboard.press('Escape');
        await menu.waitFor({ state: 'hidden' });
        await openFromQueue(page, 'Văn bản được giao chủ trì');
        await page.getByRole('button', { name: 'Hoàn thành', exact: true }).waitFor();
        await shot(page, 'chuyen-vien-xu-ly');
        await visit(page, '/van-ban/di/moi');
        await shot(page, 'chuyen-vien-du-thao');
        await visit(page, '/ho-so/danh-muc');
        await shot(page, 'chuyen-vien-danh-muc-ho-so');
        await openGuideFromMenu(page, 'chuyen-vien.html', /chuyên viên/i);
      });
    });

    test('văn thư: register, present, the registers, reception, numbering', async () => {
      const { page } = desk;
      await withFailureScreenshot(page, 'guide-clerk', async () => {
        await login(page, app.baseUrl, 'vanthu.snv');
        await shot(page, 'van-thu-trang-chu');
        await openFromQueue(page, 'Văn bản đến chờ trình, bị trả lại');
        await page.getByRole('button', { name: 'Trình', exact: true }).waitFor();
        await shot(page, 'van-thu-trinh');
        await visit(page, '/');
        await openFromQueue(page, 'Văn bản đi chờ cấp số, phát hành');
        await shot(page, 'van-thu-cap-so');
        await visit(page, '/van-ban/den/vao-so');
        await shot(page, 'van-thu-vao-so');
        await visit(page, '/van-ban/den');
        await shot(page, 'van-thu-so-den');
        await visit(page, '/van-ban/tiep-nhan');
        await shot(page, 'van-thu-tiep-nhan');
        await openGuideFromMenu(page, 'van-thu.html', /văn thư/i);
      });
    });

    test('lãnh đạo: assign, review, sign, overview, delegation', async () => {
      const { page } = desk;
      await withFailureScreenshot(page, 'guide-leader', async () => {
        await login(page, app.baseUrl, 'lanhdao.snv');
        await shot(page, 'lanh-dao-trang-chu');
        await openFromQueue(page, 'Văn bản chờ cho ý kiến');
        await page.getByRole('button', { name: 'Giao xử lý', exact: true }).waitFor();
        await shot(page, 'lanh-dao-giao-xu-ly');
        await visit(page, '/');
        await openFromQueue(page, 'Dự thảo chờ duyệt');
        await shot(page, 'lanh-dao-duyet');
        await visit(page, '/');
        await openFromQueue(page, 'Văn bản chờ ký');
        await page.getByRole('heading', { level: 2, name: 'Ký số văn bản' }).waitFor();
        await shot(page, 'lanh-dao-ky-so');
        await visit(page, '/van-ban/tong-quan');
        await shot(page, 'lanh-dao-tong-quan');
        await visit(page, '/van-ban/uy-quyen');
        await shot(page, 'lanh-dao-uy-quyen');
        await openGuideFromMenu(page, 'lanh-dao.html', /lãnh đạo/i);
      });
    });

    test('một cửa: a dossier received at the counter, processed, returned', async () => {
      const { page } = desk;
      const main = page.getByRole('main');
      const openDossier = async (username) => {
        await login(page, app.baseUrl, username);
        await visit(page, `/mot-cua/ho-so/${encodeURIComponent(code)}`);
        await main.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
      };
      await withFailureScreenshot(page, 'guide-counter', async () => {
        await login(page, app.baseUrl, 'motcua.rachgia');
        await visit(page, '/mot-cua/tiep-nhan');
        await chooseOption(page, 'Thủ tục', 'Thủ tục đăng ký khai sinh', {
          search: 'dang ky khai sinh',
        });
        const declaration = main.getByRole('checkbox', {
          name: /^Đã nhận giấy tờ Tờ khai đăng ký khai sinh/,
        });
        await declaration.waitFor();
        await main.getByLabel('Họ tên người nộp (hoặc tên tổ chức)').fill(APPLICANT.name);
        await main.getByLabel('Số định danh cá nhân / mã số thuế').fill(APPLICANT.id);
        await main.getByLabel('Số điện thoại').fill(APPLICANT.phone);
        await shot(page, 'mot-cua-tiep-nhan');
        await declaration.check();
        await main.getByRole('checkbox', { name: /^Đã nhận giấy tờ Giấy chứng sinh/ }).check();
        await main
          .getByRole('checkbox', { name: /^Khai thác dữ liệu thay cho Giấy tờ tùy thân/ })
          .check();
        await main.getByRole('button', { name: 'Tiếp nhận và cấp mã hồ sơ' }).click();
        const done = main.getByText(/^Đã tiếp nhận hồ sơ 000\.00\.41\.H01-\d{6}-\d{4}\.$/);
        await done.waitFor();
        code = /000\.00\.41\.H01-\d{6}-\d{4}/.exec(await done.innerText())[0];
        await main.getByRole('link', { name: 'In giấy tiếp nhận và hẹn trả' }).waitFor();
        // The confirmation has no page heading of its own: taken once its links are there.
        await shot(page, 'mot-cua-da-tiep-nhan', { settled: false });

        await main.getByRole('link', { name: `Hồ sơ ${code}` }).click();
        await main.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
        await shot(page, 'mot-cua-ho-so');
        await actOnDossier(page, 'Chuyển xử lý', 'processing', async (dialog) => {
          await dialog.getByRole('combobox', { name: 'Chuyển cho' }).click();
          await page
            .locator('.ant-select-dropdown:visible .ant-select-item-option')
            .filter({ hasText: 'chuyenvien.rachgia' })
            .first()
            .click();
          await shot(page, 'mot-cua-chuyen-xu-ly', { settled: false });
        });
        await openGuideFromMenu(page, 'mot-cua.html', /một cửa/i);
      });

      await withFailureScreenshot(page, 'guide-dossier-officer', async () => {
        await openDossier('chuyenvien.rachgia');
        await main.getByRole('button', { name: 'Hoàn thành bước xử lý', exact: true }).waitFor();
        await shot(page, 'chuyen-vien-ho-so-mot-cua');
        await actOnDossier(page, 'Hoàn thành bước xử lý', 'processing', async (dialog) => {
          await dialog.getByLabel('Lý do, nội dung').fill('Đủ điều kiện đăng ký khai sinh.');
        });
      });

      await withFailureScreenshot(page, 'guide-dossier-leader', async () => {
        await openDossier('lanhdao.rachgia');
        await actOnDossier(page, 'Cập nhật kết quả', 'processing', async (dialog) => {
          await dialog
            .getByLabel('Kết quả (số, ngày của văn bản kết quả…)')
            .fill('Trích lục khai sinh số 21/2026');
          await dialog.getByLabel('Tệp kết quả').setInputFiles({
            name: 'trich-luc-khai-sinh.pdf',
            mimeType: 'application/pdf',
            buffer: minimalPdf('Trich luc khai sinh so 21/2026'),
          });
          await shot(page, 'lanh-dao-ket-qua-ho-so', { settled: false });
        });
        await actOnDossier(page, 'Hoàn thành bước xử lý', 'processing');
        await actOnDossier(page, 'Hoàn thành', 'done');
      });

      await withFailureScreenshot(page, 'guide-dossier-return', async () => {
        await openDossier('motcua.rachgia');
        await main.getByRole('button', { name: 'Trả kết quả', exact: true }).waitFor();
        await shot(page, 'mot-cua-tra-ket-qua');
        await actOnDossier(page, 'Trả kết quả', 'returned');
        await visit(page, '/mot-cua/ho-so');
        await main.getByRole('radio', { name: 'Bàn một cửa' }).waitFor({ state: 'attached' });
        await shot(page, 'mot-cua-danh-sach');
      });
    });

    test('công dân, on a phone: sign in, find a procedure, file online, follow dossiers', async () => {
      const phone = await launchBrowser({ viewport: PHONE, touch: true });
      try {
        const { page } = phone;
        const main = page.getByRole('main');
        await withFailureScreenshot(page, 'guide-citizen', async () => {
          await visit(page, '/portal/sign-in');
          await shot(page, 'cong-dan-dang-nhap');
          await citizenLogin(page, app.baseUrl);
          await shot(page, 'cong-dan-trang-chu');
          await visit(page, '/portal/thu-tuc/1.001193');
          await shot(page, 'cong-dan-thu-tuc');
          await main.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
          await main.getByRole('heading', { level: 1, name: 'Nộp hồ sơ trực tuyến' }).waitFor();
          await shot(page, 'cong-dan-to-khai');
          await visit(page, '/portal/ho-so-cua-toi');
          await shot(page, 'cong-dan-ho-so-cua-toi');

          // Anyone tracks a dossier with its code and the last 4 digits of the phone number it
          // was received with (here the counter's dossier, returned).
          assert.ok(code, 'the counter test received a dossier');
          await visit(page, `/tra-cuu-ho-so?ma=${encodeURIComponent(code)}`);
          const digits = APPLICANT.phone.replace(/\D/g, '').slice(-4);
          await main.getByLabel('4 chữ số kiểm tra').fill(digits);
          await main.getByRole('button', { name: 'Tra cứu' }).click();
          await main.getByRole('heading', { level: 2, name: `Hồ sơ ${code}` }).waitFor();
          await shot(page, 'cong-dan-tra-cuu');

          // The portal's header links the citizen's page of the guide.
          await page.getByRole('banner').getByRole('link', { name: 'Hướng dẫn sử dụng' }).click();
          await page.waitForURL(`${app.baseUrl}/huong-dan/cong-dan.html`);
          await page.getByRole('heading', { level: 1, name: /công dân/i }).waitFor();
        });
      } finally {
        await phone.close();
      }
    });

    test('quản trị: users, agencies, the audit trail', async () => {
      const { page } = desk;
      await withFailureScreenshot(page, 'guide-admin', async () => {
        await login(page, app.baseUrl, 'admin');
        await shot(page, 'quan-tri-trang-chu');
        await visit(page, '/admin/users');
        await shot(page, 'quan-tri-nguoi-dung');
        await page.getByRole('button', { name: 'Thêm người dùng' }).click();
        const form = page.getByRole('dialog');
        await form.waitFor();
        await shot(page, 'quan-tri-them-nguoi-dung', { settled: false });
        await page.keyboard.press('Escape');
        await form.waitFor({ state: 'hidden' });
        await visit(page, '/admin/agencies');
        await shot(page, 'quan-tri-co-quan');
        await visit(page, '/admin/audit');
        await shot(page, 'quan-tri-nhat-ky');
        await openGuideFromMenu(page, 'quan-tri.html', /quản trị/i);
      });
    });

    test('the built guide: every page passes axe-core and every screenshot it shows loads', async () => {
      const { page } = desk;
      for (const guidePage of GUIDE_PAGES) {
        await withFailureScreenshot(page, `guide-page-${guidePage}`, async () => {
          await page.goto(`${app.baseUrl}/huong-dan/${guidePage}`);
          const broken = await page.evaluate(async () => {
            const images = [...document.querySelectorAll('main img')];
            for (const image of images) image.loading = 'eager';
            await Promise.all(images.map((image) => image.decode().catch(() => {})));
            return images.filter((image) => image.naturalWidth === 0).map((image) => image.src);
          });
          assert.deepEqual(broken, [], `${guidePage}: images that do not load`);
          await expectNoAxeViolations(page, `guide ${guidePage}`);
        });
      }
    });

    test('every screenshot of the guide was taken', () => {
      assert.deepEqual([...taken].sort(), [...SHOTS].sort());
    });
  },
);
