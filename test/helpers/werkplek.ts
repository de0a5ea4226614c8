import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { findDemoAccount } from '../../src/web/auth/demo-accounts.js';
import { collectCspViolations, newContext, type CspViolations } from './browser.js';
import type { TestGateway } from './gateway.js';

/** The Werkplek's own address: localhost, as the gateway announces it (its login redirects name it). */
export const werkplekUrl = (gw: TestGateway) => gw.staffUrl.replace('127.0.0.1', 'localhost');

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  /** CSP violations from the first byte of the login on. */
  csp: CspViolations;
  /** Every address the browser asked for (to prove no personal data travels in a URL). */
  urls: string[];
  /** Werkplek origin, e.g. https://localhost:1234. */
  base: string;
}

/**
 * A fresh browser context logged in as a demo account of the embedded IdP (one click on its
 * login page, as a person would), landed on the start page.
 */
export async function loginAs(browser: Browser, gw: TestGateway, sub: string): Promise<SignedIn> {
  const account = findDemoAccount(sub);
  if (!account) throw new Error(`geen demo-account ${sub}`);
  const base = werkplekUrl(gw);
  const context = await newContext(browser);
  const page = await context.newPage();
  const csp = await collectCspViolations(page);
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: `Inloggen als ${account.name}`, exact: true }).click();
  await page.waitForURL(`${base}/`);
  expect(await page.getByRole('button', { name: /uitloggen/i }).count()).toBeGreaterThan(0);
  return { context, page, csp, urls, base };
}
