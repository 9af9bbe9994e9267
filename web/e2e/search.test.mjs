// Document search in the browser (issue 11, item 3): a clerk of Sở Nội vụ registers an incoming
// document through the API, types words without diacritics in the header's search box and finds
// it on the search page with the matched words marked as written; a facet narrows the hits (the
// counts are the API's); the API's 422 shows under the field it names; on a phone the page is
// reached from the header, its filters fold away and nothing scrolls sideways; a clerk of another
// agency finds nothing. The server runs with the demo month of documents; axe-core runs on every
// page on the way.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  eventually,
  harness,
  launchBrowser,
  login,
  missingPrerequisite,
  screenshot,
  startApp,
  withFailureScreenshot,
} from './support/browser.mjs';
import { checkA11y } from './support/documents.mjs';
import { noHorizontalScroll, settle } from './support/page-checks.mjs';

const skip = missingPrerequisite();
const PHONE = { width: 390, height: 844 };
const QUERY = 'quyet dinh ubnd tinh';
const SUBJECT = 'Quyết định phê duyệt đề án sắp xếp đơn vị sự nghiệp công lập thuộc UBND tỉnh';

// The answers the pages expect (401 before login, 422 field errors) show as console errors.
const scriptErrors = (errors) => errors.filter((error) => !/status of (401|422)/.test(error));

const searchUrl = (params) => `/search?${new URLSearchParams(params).toString()}`;

describe('document search', { skip: skip ?? false, timeout: 600_000 }, () => {
  let app;
  let clerk;
  let outsider;
  let doc;

  before(async () => {
    app = await startApp({ documents: true });
    const h = await harness();
    clerk = await h.loggedIn(app.baseUrl, 'vanthu.snv');
    outsider = await h.loggedIn(app.baseUrl, 'vanthu.ubnd');
    const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
    const res = await clerk.post('/documents/incoming', {
      typeOrdinal: 2,
      numberText: '2468/QĐ-UBND',
      issuedDate: today,
      senderName: 'UBND tỉnh An Giang',
      subject: SUBJECT,
      urgency: 'urgent',
    });
    assert.equal(res.status, 201, res.text);
    doc = res.body;
    // The server's indexer follows the registration within about a second: wait for it (a
    // generous ceiling for a busy machine) before the browser searches.
    const found = await eventually(async () => {
      const r = await clerk.get(searchUrl({ q: QUERY, limit: 100 }));
      return r.status === 200 && r.body.items.some((item) => item.id === doc.id) && r.body;
    });
    assert.ok(found, 'the registered document became findable');
  });

  after(async () => {
    await app?.stop();
  });

  test('the clerk finds the document from the header, marked, and narrows with a facet', async () => {
    const all = (await clerk.get(searchUrl({ q: QUERY }))).body;
    assert.ok(all.total >= 2, 'the demo month holds another match, so a facet can narrow');
    const registered = all.facets.state.find((f) => f.value === 'registered');
    assert.ok(registered && registered.count < all.total, 'the state facet narrows the hits');
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'search-clerk', async () => {
        await login(page, app.baseUrl, 'vanthu.snv');
        const box = page.getByRole('banner').getByRole('search', { name: 'Tìm văn bản' });
        await box.getByLabel('Tìm văn bản').fill(QUERY);
        await box.getByLabel('Tìm văn bản').press('Enter');
        await page.waitForURL((url) => url.pathname === '/tim-kiem');
        assert.equal(new URL(page.url()).searchParams.get('q'), QUERY);
        // The box leaves the header on this page: the focus moves to the results' heading.
        await page.locator('[data-testid="search-total"]:focus').waitFor();
        assert.equal(await page.title(), `Tìm kiếm văn bản: ${QUERY} – Chính quyền điện tử`);
        const main = page.getByRole('main');
        await main.getByRole('heading', { level: 1, name: 'Tìm kiếm văn bản' }).waitFor();
        await main
          .getByTestId('search-total')
          .getByText(`Tìm thấy ${all.total} văn bản cho “${QUERY}”`, { exact: true })
          .waitFor();
        // The hit: linked to its page, the words found marked as they are written.
        const hit = main.locator(`[data-testid="search-hit"][data-document-id="${doc.id}"]`);
        await hit.waitFor();
        const link = hit.getByRole('link', { name: SUBJECT });
        assert.equal(await link.getAttribute('href'), `/van-ban/den/${doc.id}`);
        const marked = await hit.locator('[data-testid="search-snippet"] mark').allInnerTexts();
        for (const word of ['Quyết', 'định', 'UBND', 'tỉnh']) {
          assert.ok(marked.includes(word), `"${word}" marked in ${JSON.stringify(marked)}`);
        }
        await hit.getByText('Khẩn', { exact: true }).waitFor();
        await hit.getByText('Đã vào sổ', { exact: true }).waitFor();
        // The facets count as the API does, with labels, not codes.
        const filters = main.getByRole('region', { name: 'Lọc kết quả' });
        const facet = filters.getByRole('link', {
          name: `Đã vào sổ (${registered.count} văn bản)`,
        });
        await facet.waitFor();
        await checkA11y(page, 'search results');
        await screenshot(page, 'search-results', { fullPage: true });

        // A facet filters: the address keeps it, the counts follow, Back would undo it.
        await facet.click();
        await page.waitForURL((url) => url.searchParams.get('state') === 'registered');
        await main
          .getByTestId('search-total')
          .getByText(`Tìm thấy ${registered.count} văn bản cho “${QUERY}”`, { exact: true })
          .waitFor();
        await settle(page);
        assert.equal(await main.getByTestId('search-hit').count(), registered.count);
        await hit.waitFor();
        assert.equal(await facet.getAttribute('aria-current'), 'true');
        const narrowed = (await clerk.get(searchUrl({ q: QUERY, state: 'registered' }))).body;
        assert.equal(narrowed.total, registered.count);
        await checkA11y(page, 'search results, one state');

        // In English: the same page, the server's labels and the counts in the UI's language.
        await page.evaluate(() => window.localStorage.setItem('cqdt.lang', 'en'));
        await page.reload();
        const documents = registered.count === 1 ? '1 document' : `${registered.count} documents`;
        await main
          .getByTestId('search-total')
          .getByText(`${documents} found for “${QUERY}”`, { exact: true })
          .waitFor();
        await main
          .getByRole('region', { name: 'Filter the results' })
          .getByRole('link', { name: `Registered (${documents})` })
          .waitFor();
        await checkA11y(page, 'search results, English');
        await page.evaluate(() => window.localStorage.setItem('cqdt.lang', 'vi'));
        await page.reload();
        await main.getByRole('heading', { level: 1, name: 'Tìm kiếm văn bản' }).waitFor();

        // The hit opens its document.
        await link.click();
        await page.waitForURL((url) => url.pathname === `/van-ban/den/${doc.id}`);
        await page.getByRole('main').getByRole('heading', { level: 1 }).waitFor();
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });

  test("the API's refusals show under the field they name", async () => {
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'search-422', async () => {
        await login(page, app.baseUrl, 'vanthu.snv');
        await page.goto(`${app.baseUrl}/tim-kiem`);
        await settle(page);
        const main = page.getByRole('main');
        const form = main.getByRole('search', { name: 'Tìm kiếm và lọc văn bản' });
        const words = form.getByLabel('Từ khóa', { exact: true });
        // No words: every document the clerk may see, newest first, 20 a page.
        const every = (await clerk.get(searchUrl({}))).body;
        assert.ok(every.total > 20, `the demo month fills more than a page (${every.total})`);
        await main
          .getByTestId('search-total')
          .getByText(`Tìm thấy ${every.total} văn bản`, { exact: true })
          .waitFor();
        assert.equal(await main.getByTestId('search-hit').count(), 20);
        const pages = main.getByRole('navigation', { name: 'Các trang kết quả' });
        await pages.locator('.ant-pagination-item-2').click();
        await page.waitForURL((url) => url.searchParams.get('page') === '2');
        // The first page's hits stay until the second page's arrive: wait for the new count
        // (a hit of page 1 would satisfy a wait for the nth hit at once).
        const second = Math.min(every.total - 20, 20);
        assert.ok(
          await eventually(async () => (await main.getByTestId('search-hit').count()) === second),
          `page 2 shows ${second} hits`,
        );
        await settle(page);
        assert.equal(await main.getByTestId('search-hit').count(), second);
        // The results' heading takes the focus, so the new page is read from its start.
        assert.equal(
          await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
          'search-total',
        );
        await checkA11y(page, 'search, page 2');
        await words.fill('quyết định '.repeat(20).trim() + ' ubnd');
        await words.press('Enter');
        const qItem = form
          .locator('.ant-form-item')
          .filter({ has: page.getByLabel('Từ khóa', { exact: true }) });
        await qItem.locator('.ant-form-item-explain-error').waitFor();
        assert.match(
          await qItem.locator('.ant-form-item-explain-error').innerText(),
          /không được dài quá 200 ký tự/,
        );
        assert.equal(await words.getAttribute('aria-invalid'), 'true');
        await main.getByText('Hãy sửa các ô được đánh dấu rồi tìm lại.').waitFor();
        await checkA11y(page, 'search, words refused');

        // A date the address got wrong: the refusal sits under "Từ ngày", with its label.
        await page.goto(`${app.baseUrl}/tim-kiem?q=ubnd&from=hom-nay`);
        await settle(page);
        const fromItem = form
          .locator('.ant-form-item')
          .filter({ has: page.getByLabel('Từ ngày', { exact: true }) });
        const fromError = fromItem.locator('.ant-form-item-explain-error');
        await fromError.waitFor();
        assert.match(await fromError.innerText(), /“Từ ngày”/);
        await checkA11y(page, 'search, date refused');
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });

  test('on a phone the search is one tap away, its filters fold, nothing scrolls sideways', async () => {
    const browser = await launchBrowser({ viewport: PHONE, touch: true });
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'search-phone', async () => {
        await login(page, app.baseUrl, 'vanthu.snv');
        await page.getByRole('banner').getByRole('link', { name: 'Tìm kiếm văn bản' }).click();
        await page.waitForURL((url) => url.pathname === '/tim-kiem');
        const main = page.getByRole('main');
        const words = main.getByLabel('Từ khóa', { exact: true });
        await words.fill(QUERY);
        await words.press('Enter');
        const hit = main.locator(`[data-testid="search-hit"][data-document-id="${doc.id}"]`);
        await hit.waitFor();
        await settle(page);
        assert.ok(await noHorizontalScroll(page), 'results: no sideways scroll at 390 px');
        await checkA11y(page, 'search results, phone');
        await main.getByText('Lọc kết quả', { exact: true }).click();
        await main.getByRole('link', { name: /^Văn bản đến \(/ }).click();
        await page.waitForURL((url) => url.searchParams.get('direction') === 'incoming');
        await main.getByText('Lọc kết quả (1 đang chọn)', { exact: true }).waitFor();
        await hit.waitFor();
        await settle(page);
        assert.ok(await noHorizontalScroll(page), 'filtered: no sideways scroll at 390 px');
        await checkA11y(page, 'search results filtered, phone');
        await screenshot(page, 'search-phone', { fullPage: true });
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });

  test('a clerk of another agency finds nothing of it', async () => {
    const theirs = await outsider.get(searchUrl({ q: QUERY }));
    assert.equal(theirs.status, 200, theirs.text);
    assert.equal(theirs.body.total, 0, 'not even a count leaves the agency');
    const browser = await launchBrowser();
    const { page, errors } = browser;
    try {
      await withFailureScreenshot(page, 'search-outsider', async () => {
        await login(page, app.baseUrl, 'vanthu.ubnd');
        const box = page.getByRole('banner').getByRole('search', { name: 'Tìm văn bản' });
        await box.getByLabel('Tìm văn bản').fill(QUERY);
        await box.getByRole('button', { name: 'Tìm' }).click();
        await page.waitForURL((url) => url.pathname === '/tim-kiem');
        const main = page.getByRole('main');
        await main
          .getByText(`Không tìm thấy văn bản nào khớp “${QUERY}”`, { exact: false })
          .waitFor();
        await main
          .getByTestId('search-total')
          .getByText(`Tìm thấy 0 văn bản cho “${QUERY}”`, { exact: true })
          .waitFor();
        assert.equal(await main.getByTestId('search-hit').count(), 0);
        assert.equal(await main.locator('.cqdt-facet').count(), 0, 'no facet counts either');
        await checkA11y(page, 'search, nothing found');
      });
      assert.deepEqual(scriptErrors(errors), [], 'no script errors in the browser');
    } finally {
      await browser.close();
    }
  });
});
