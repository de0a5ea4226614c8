import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * A real browser for the Werkplek tests: Debian's chromium (`CHROMIUM_PATH`, else `chromium` on
 * PATH) driven headless by playwright-core. No browser download: CI installs the distribution's
 * package (.ci/run).
 */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium niet gevonden: zet CHROMIUM_PATH of installeer het pakket chromium');
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
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
}

/** A fresh context (own cookies) that accepts the test server's development certificate. */
export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ ignoreHTTPSErrors: true, locale: 'nl-NL' });
}

/** Zero WCAG 2.1 A/AA violations on the page as it is now; on failure the message lists rule, impact and elements. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

/**
 * Every Content-Security-Policy violation the page reports, from two independent sources: the
 * `securitypolicyviolation` DOM event (listened to by a script the browser injects outside the
 * page's CSP) and chromium's console message for a refused load or inline script.
 */
export interface CspViolations {
  list: string[];
  expectNone(): void;
}

export async function collectCspViolations(page: Page): Promise<CspViolations> {
  const list: string[] = [];
  await page.exposeFunction('__reportCspViolation', (text: string) => list.push(text));
  // A script string: the project compiles without the DOM library, and this runs in the page.
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => {
    window.__reportCspViolation(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') + ' (' + event.sourceFile + ':' + event.lineNumber + ')');
  });`);
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) list.push(message.text());
  });
  return { list, expectNone: () => expect(list).toEqual([]) };
}

/** A full-page screenshot under test-results/ (gitignored), kept as a test artifact. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir = join(process.cwd(), 'test-results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
