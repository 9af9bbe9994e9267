// Browser test support: Debian's Chromium driven by playwright-core, the real cqdt server
// started by the shared harness (tests/support/cqdt-server.mjs), screenshots under
// web/e2e/screenshots/ (git-ignored).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO_ROOT = path.resolve(WEB_ROOT, '..');
export const SCREENSHOTS = path.join(WEB_ROOT, 'e2e', 'screenshots');
export const DEMO_PASSWORD = 'CqdtDemo@2026';

const HARNESS = path.join(REPO_ROOT, 'tests', 'support', 'cqdt-server.mjs');
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when they can. */
export function missingPrerequisite() {
  if (process.env.CQDT_E2E_BASE_URL) return null;
  if (!existsSync(HARNESS)) return `test harness missing: ${HARNESS}`;
  const bin = process.env.CQDT_BIN ?? path.join(REPO_ROOT, 'build', 'cqdt');
  if (!existsSync(bin)) return `cqdt binary missing: ${bin} (build it first)`;
  if (!existsSync(path.join(WEB_ROOT, 'dist', 'index.html'))) {
    return 'web/dist missing (run `npm run build` in web/)';
  }
  if (!existsSync(CHROMIUM)) return `Chromium missing: ${CHROMIUM}`;
  return null;
}

/**
 * Starts the real server with the demo data serving web/dist (or uses CQDT_E2E_BASE_URL, for
 * running the same tests against a server started by hand). Returns {baseUrl, stop()}.
 */
export async function startApp({ pki = false, documents = false, env = {} } = {}) {
  if (process.env.CQDT_E2E_BASE_URL) {
    return { baseUrl: process.env.CQDT_E2E_BASE_URL.replace(/\/$/, ''), stop: async () => {} };
  }
  const { startServer } = await import(HARNESS);
  // `pki`: also create the demo PKI (signing keys, the demo root CA as a trust anchor).
  // `documents`: also load the demo month of documents (queues with items, overdue ones too).
  const server = await startServer({
    demo: true,
    pki,
    documents,
    env,
    webRoot: path.join(WEB_ROOT, 'dist'),
  });
  return {
    baseUrl: server.baseUrl,
    dataDir: server.dataDir,
    stop: () => server.stop(),
    logs: () => server.logs(),
  };
}

/** The shared harness module (Client, runCli...), for tests that also talk to the API. */
export function harness() {
  return import(HARNESS);
}

// The requests each browser context has in flight (`networkSettled`). An event stream or a web
// socket stays open by design and is not waited for.
const traffic = new WeakMap();

function trackTraffic(context) {
  const state = { inflight: new Set(), changedAt: Date.now() };
  const longLived = (request) => ['eventsource', 'websocket'].includes(request.resourceType());
  context.on('request', (request) => {
    if (longLived(request)) return;
    state.inflight.add(request);
    state.changedAt = Date.now();
  });
  const done = (request) => {
    if (state.inflight.delete(request)) state.changedAt = Date.now();
  };
  context.on('requestfinished', done);
  context.on('requestfailed', done);
  traffic.set(context, state);
}

/**
 * Waits until the page's context has had no request in flight for `quietMs`: Playwright's
 * 'networkidle' waits a fixed 500 ms after the last one, on every page of every test, and never
 * comes while an event stream is open. The ceiling is generous (a loaded machine).
 */
export async function networkSettled(page, { quietMs = 150, ceilingMs = 60_000 } = {}) {
  const state = traffic.get(page.context());
  if (!state) {
    await page.waitForLoadState('networkidle');
    return;
  }
  const deadline = Date.now() + ceilingMs;
  for (;;) {
    if (state.inflight.size === 0 && Date.now() - state.changedAt >= quietMs) return;
    if (Date.now() > deadline) {
      const urls = [...state.inflight].map((request) => request.url());
      throw new Error(`requests still in flight after ${ceilingMs} ms: ${urls.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A fresh Chromium profile in a temp dir; close() also removes the profile. `touch`: a phone's
 * touch screen (CSS `pointer: coarse`, no hover). `timezoneId`: the browser's own zone (a page
 * that must show Vietnam time whatever it is can be tested elsewhere).
 */
export async function launchBrowser({
  viewport = { width: 1366, height: 900 },
  touch = false,
  timezoneId = 'Asia/Ho_Chi_Minh',
} = {}) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'cqdt-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    hasTouch: touch,
    isMobile: touch,
    locale: 'vi-VN',
    // The app honours prefers-reduced-motion by turning antd's animations off, which also keeps
    // the tests from clicking into half-open dropdowns on a busy machine.
    reducedMotion: 'reduce',
    timezoneId,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  trackTraffic(context);
  // The ceiling of every wait for an element or a navigation: generous, so that a loaded machine
  // (a parallel build, ASan) slows the tests down instead of failing them.
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
  const errors = [];
  const watch = (page) => {
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
  };
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  return {
    context,
    page,
    /** Uncaught page errors and console errors seen so far. */
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page, name, options = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, ...options });
  return file;
}

/** Opens an antd Select by its label and picks the option whose text contains `optionText`. */
export async function chooseOption(page, label, optionText, { search } = {}) {
  const combobox = page.getByLabel(label, { exact: true });
  await combobox.click();
  if (search) {
    await combobox.fill(search);
  }
  const option = page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: optionText })
    .first();
  await option.click();
  // The choice shows in the select (single and multiple mode alike).
  await page
    .locator('.ant-select', { has: combobox })
    .locator('.ant-select-selection-item, .ant-select-content-has-value')
    .filter({ hasText: optionText })
    .first()
    .waitFor();
}

export async function login(page, baseUrl, username, password = DEMO_PASSWORD) {
  // Start signed out, whatever an earlier (maybe failed) test left behind.
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.getByRole('main').getByRole('heading', { level: 1 }).waitFor();
}

/**
 * Signs a citizen in on the portal's own form (the demo citizen unless told), and waits for the
 * portal's home, where it leads.
 */
export async function citizenLogin(
  page,
  baseUrl,
  idNumber = '091095000123',
  password = DEMO_PASSWORD,
) {
  await page.goto(`${baseUrl}/portal/sign-in`);
  await page.locator('#username').fill(idNumber);
  await page.locator('#password').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL(/\/portal$/);
}

/** Opens the staff account menu (desktop: the name in the header; phone: the person icon). */
export async function openAccountMenu(page) {
  await page
    .getByRole('banner')
    .getByRole('button', { name: /^(Tài khoản|Account): / })
    .click();
  // The navigation is a menu too: take the dropdown's.
  const menu = page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').getByRole('menu');
  await menu.waitFor();
  return menu;
}

export async function logout(page) {
  const menu = await openAccountMenu(page);
  await menu.getByRole('menuitem', { name: 'Đăng xuất', exact: true }).click();
  await page.waitForURL(/\/login$/);
}

/** Runs `body`; when it throws, saves a screenshot `failed-<name>.png` first. */
export async function withFailureScreenshot(page, name, body) {
  try {
    return await body();
  } catch (error) {
    await screenshot(page, `failed-${name}`, { fullPage: true }).catch(() => {});
    throw error;
  }
}

/**
 * Polls `probe` until it returns a truthy value (returned), or throws once `timeoutMs` has passed:
 * a wait that never came fails the test even where its caller forgot to assert the result (one
 * such wait passed silently after a minute, twice in a file).
 */
export async function eventually(probe, { timeoutMs = 60_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `eventually: not true within ${timeoutMs} ms: ${String(probe).slice(0, 160)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
