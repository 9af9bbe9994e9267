// Accessibility checks run in Chromium:
// - axe-core (npm @axe-core/playwright), the WCAG 2.0/2.1 level A and AA rules: `axeViolations`;
// - and what axe does not check: accessible names from Chromium's own accessibility tree (CDP
//   Accessibility.getFullAXTree), visible labels, landmarks, page language, title, one h1, a skip
//   link first in the tab order, and text contrast computed from settled styles (axe skips text
//   over some backgrounds it cannot resolve).
import { AxeBuilder } from '@axe-core/playwright';

/** The axe-core rule tags the project holds itself to: WCAG 2.0 and 2.1, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core on the page as it is now (open dialogs and menus included) and returns its
 * violations in a short, readable form: [{rule, impact, help, nodes: [html...]}]; empty = good.
 */
export async function axeViolations(page) {
  // Measure settled colours and positions: antd fades dialogs, messages and errors in.
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running'),
  );
  // Legacy mode runs axe in the page itself (the app has no iframes), instead of opening a blank
  // page per run to merge frame results: half the time on a busy machine.
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
  return results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.slice(0, 5).map((node) => ({
      target: node.target.join(' '),
      html: node.html.slice(0, 200),
      summary: node.failureSummary?.split('\n').slice(0, 3).join(' '),
    })),
  }));
}

const NAMED_ROLES = new Set([
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'switch',
  'slider',
  'spinbutton',
  'button',
  'link',
  'menuitem',
  'tab',
  'tree',
  'treeitem',
  'option',
]);

/** Interactive nodes without an accessible name: [{role, id}] (empty = good). */
export async function unnamedControls(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const missing = [];
    for (const node of nodes) {
      if (node.ignored) continue;
      const role = node.role?.value;
      if (!NAMED_ROLES.has(role)) continue;
      const name = String(node.name?.value ?? '').trim();
      if (!name) {
        missing.push({ role, nodeId: node.nodeId, backendDOMNodeId: node.backendDOMNodeId });
      }
    }
    // Describe the offenders with a bit of their HTML, for a readable failure.
    const reported = [];
    for (const item of missing) {
      let attributes = [];
      try {
        const { node } = await cdp.send('DOM.describeNode', {
          backendNodeId: item.backendDOMNodeId,
        });
        attributes = node.attributes ?? [];
        item.html = `<${node.localName} ${attributes.join(' ')}>`.slice(0, 200);
      } catch {
        item.html = '?';
      }
      // Known antd limitation: an open (or once opened) Select keeps a 0x0 helper listbox
      // "<id>_list" without a name; its combobox, which screen readers use, is labelled.
      const id = attributes[attributes.indexOf('id') + 1] ?? '';
      if (item.role === 'listbox' && attributes.includes('id') && id.endsWith('_list')) continue;
      reported.push(item);
    }
    return reported;
  } finally {
    await cdp.detach();
  }
}

/** Every <input>/<select>/<textarea> that a person can see has a visible <label> (WCAG 3.3.2). */
export async function inputsWithoutVisibleLabel(page) {
  return page.locator('input, select, textarea').evaluateAll((elements) =>
    elements
      .filter((element) => {
        const style = getComputedStyle(element);
        const rect = element.getBoundingClientRect();
        const hidden =
          element.type === 'hidden' ||
          style.visibility === 'hidden' ||
          style.display === 'none' ||
          rect.width === 0 ||
          rect.height === 0 ||
          Number(style.opacity) === 0;
        return !hidden;
      })
      .filter((element) => {
        const labels = [...(element.labels ?? [])];
        const labelledBy = (element.getAttribute('aria-labelledby') ?? '')
          .split(/\s+/)
          .filter(Boolean)
          .map((id) => document.getElementById(id))
          .filter(Boolean);
        const visible = [...labels, ...labelledBy].some((label) => {
          const rect = label.getBoundingClientRect();
          return label.textContent.trim() && rect.width > 0 && rect.height > 0;
        });
        // A checkbox/radio inside its label, or a search field with a visible button, is fine.
        return !visible;
      })
      .map((element) => element.outerHTML.slice(0, 200)),
  );
}

export async function pageBasics(page) {
  return page.evaluate(() => {
    const focusables = document.querySelectorAll(
      'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])',
    );
    return {
      lang: document.documentElement.lang,
      title: document.title,
      h1: document.querySelectorAll('h1').length,
      main: document.querySelectorAll('main, [role="main"]').length,
      banner: document.querySelectorAll('header, [role="banner"]').length,
      firstFocusable: focusables[0]?.outerHTML.slice(0, 200) ?? null,
    };
  });
}

/** Text whose contrast with its background is below WCAG AA. */
export async function lowContrastText(page) {
  // Measure settled colours: antd fades messages and errors in.
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running'),
  );
  await page.waitForTimeout(100);
  return page.evaluate(() => {
    const parse = (value) => {
      const match = value.match(/rgba?\(([^)]+)\)/);
      if (!match) return null;
      const parts = match[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
    };
    const blend = (top, bottom) => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    });
    const luminance = ({ r, g, b }) => {
      const channel = (v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (element) => {
      const layers = [];
      for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
        const color = parse(getComputedStyle(node).backgroundColor);
        if (color && color.a > 0) {
          layers.push(color);
          if (color.a >= 1) break;
        }
      }
      let result = { r: 255, g: 255, b: 255, a: 1 };
      for (const layer of layers.reverse()) result = blend(layer, result);
      return result;
    };
    const problems = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const element = text.parentElement;
      if (!element || seen.has(element) || !text.textContent.trim()) continue;
      seen.add(element);
      const style = getComputedStyle(element);
      const rect = element.getBoundingClientRect();
      if (style.visibility === 'hidden' || style.display === 'none' || rect.width === 0) continue;
      if (element.closest('[disabled], [aria-disabled="true"], .cqdt-visually-hidden')) continue;
      if (element.closest('.cqdt-skip-link')) continue; // shown only on focus, checked then
      const fg = parse(style.color);
      if (!fg) continue;
      const bg = background(element);
      const color = blend({ ...fg, a: fg.a * Number(style.opacity || 1) }, bg);
      const l1 = luminance(color);
      const l2 = luminance(bg);
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const large = size >= 24 || (bold && size >= 18.66);
      const needed = large ? 3 : 4.5;
      if (ratio < needed) {
        problems.push({
          text: text.textContent.trim().slice(0, 60),
          ratio: Math.round(ratio * 100) / 100,
          needed,
          color: style.color,
        });
      }
    }
    return problems;
  });
}
