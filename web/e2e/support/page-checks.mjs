// Checks every page test makes: the page has settled, no axe-core violation, no sideways scroll.
import assert from 'node:assert/strict';

import { axeViolations } from './a11y.mjs';
import { networkSettled } from './browser.mjs';

/** Waits until the page has its heading and has finished loading its data. */
export async function settle(page) {
  await page.getByRole('main').getByRole('heading', { level: 1 }).first().waitFor();
  await networkSettled(page);
  await page
    .locator('.cqdt-page-loader, .ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached' });
}

/** The settled page has no axe-core violation; `where` names it in the failure. */
export async function expectNoAxeViolations(page, where) {
  await settle(page);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${where}: ${JSON.stringify(violations, null, 2)}`);
}

/** Nothing wider than the viewport (a phone scrolls only down). */
export async function noHorizontalScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}
