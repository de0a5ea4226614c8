import type { Page } from 'playwright-core';

/**
 * The accessible name of the focused element, roughly as a screen reader reads it: a control's
 * label (wrapping or `for`), else its text. Read-only; the page is only ever moved by keys.
 */
async function focusedName(page: Page): Promise<string> {
  // A script string: the project compiles without the DOM library, and this runs in the page.
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '';
    const byFor = el.id ? document.querySelector('label[for="' + el.id + '"]') : null;
    const label = el.closest('label') || byFor;
    const text = label ? label.textContent : (el.getAttribute('aria-label') || el.textContent || el.value || '');
    return text.replace(/\\s+/g, ' ').trim();
  })()`);
}

/**
 * Press Tab until the focused element's name matches, as a keyboard user moves through a page;
 * fails when it is not reached within `max` presses (a focus trap, or an unreachable control).
 */
export async function tabTo(page: Page, name: string | RegExp, max = 120): Promise<void> {
  const matches = (text: string) => (typeof name === 'string' ? text === name : name.test(text));
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (matches(await focusedName(page))) return;
  }
  throw new Error(`met Tab niet bereikt: ${String(name)}`);
}
