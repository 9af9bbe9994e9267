import { useEffect } from 'react';

// antd's scroll container of a table that is wider than the screen (Table `scroll.x`).
const SCROLLER = '.ant-table-content, .ant-table-body';

function update(root: HTMLElement) {
  for (const element of root.querySelectorAll<HTMLElement>(SCROLLER)) {
    const scrolls = element.scrollWidth > element.clientWidth + 1;
    if (scrolls && !element.hasAttribute('tabindex')) {
      // A keyboard user scrolls the table with the arrow keys once it has focus (WCAG 2.1.1;
      // axe-core's scrollable-region-focusable): needed when no cell holds a link or button.
      element.tabIndex = 0;
      element.setAttribute('role', 'group');
      const label = element.querySelector('table')?.getAttribute('aria-label');
      if (label) {
        element.setAttribute('aria-label', label);
      }
      element.dataset.cqdtScrollable = 'true';
    } else if (!scrolls && element.dataset.cqdtScrollable) {
      // No longer wider than the screen (a rotation, a wider window): no extra Tab stop.
      element.removeAttribute('tabindex');
      element.removeAttribute('role');
      element.removeAttribute('aria-label');
      delete element.dataset.cqdtScrollable;
    }
  }
}

/**
 * Makes every table of the document that scrolls sideways reachable with the keyboard: the tables
 * of every screen and dialog at once, without each feature remembering it. Mount once, in App.
 */
export function useKeyboardScrollableTables(): void {
  useEffect(() => {
    const element = document.body;
    let frame = 0;
    const schedule = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => update(element));
    };
    const mutations = new MutationObserver(schedule);
    mutations.observe(element, { childList: true, subtree: true });
    const sizes = new ResizeObserver(schedule);
    sizes.observe(element);
    schedule();
    return () => {
      cancelAnimationFrame(frame);
      mutations.disconnect();
      sizes.disconnect();
    };
  }, []);
}
