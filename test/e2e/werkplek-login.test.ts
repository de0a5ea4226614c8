import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCspViolations, expectNoAxeViolations, launchBrowser, newContext, saveScreenshot } from '../helpers/browser.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

/**
 * The Werkplek as the gateway serves it on the staff listener: a person with a browser logs in
 * through the embedded development IdP, lands on the start page of their role, and logs out —
 * the same code path as against a municipality's IdP in production.
 */
let gw: TestGateway;
let browser: Browser;
/** The Werkplek's own address (its login redirects name it): localhost, as the gateway announces. */
const werkplek = () => gw.staffUrl.replace('127.0.0.1', 'localhost');
beforeAll(async () => {
  gw = await startTestGateway();
  browser = await launchBrowser();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await gw?.stop();
});

describe('the Werkplek on the staff listener', () => {
  it('a worker logs in with one click at the development IdP, sees the worklist item of the role, and logs out', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const csp = await collectCspViolations(page);
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));

    const first = await page.goto(`${werkplek()}/`);
    expect(first?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toMatch(/^\/idp-inloggen\//);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'werkplek-idp-inloggen');

    await page.getByRole('button', { name: /^Inloggen als Schuldhulpverlener/ }).first().click();
    await page.waitForURL(`${werkplek()}/`);
    await expect(page.getByRole('link', { name: 'Werkvoorraad' }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Auditlog' }).count()).resolves.toBe(0);
    const cookies = await context.cookies(werkplek());
    const session = cookies.find((c) => c.name === '__Host-werkplek');
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'werkplek-start-schuldhulpverlener');

    await page.getByRole('button', { name: /uitloggen/i }).first().click();
    await page.getByRole('button', { name: 'Ja, uitloggen' }).click();
    await page.waitForURL(/\/uitgelogd$/);
    await expect(page.getByRole('heading', { name: 'U bent uitgelogd' }).count()).resolves.toBe(1);
    expect((await page.goto(`${werkplek()}/`))?.url()).toMatch(/\/idp-inloggen\//);

    csp.expectNone();
    // Nothing personal or secret in an address the browser visited (tokens travel in bodies and cookies).
    for (const url of urls) expect(url).not.toMatch(/Schuldhulpverlener|@|wachtwoord|demo-/i);
    await context.close();
  }, 120_000);

  it('a session idle for more than 15 minutes ends: the next page asks to log in again (gateway clock moved)', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${werkplek()}/`);
    await page.getByRole('button', { name: 'Inloggen als Privacy-officer', exact: true }).click();
    await page.waitForURL(`${werkplek()}/`);
    gw.clock.advance(14 * 60_000);
    await page.reload();
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.getByRole('link', { name: 'Auditlog' }).count()).resolves.toBe(1);
    gw.clock.advance(15 * 60_000 + 1_000);
    await page.reload();
    // Asked to authenticate again, although the IdP still knows this browser (prompt=login).
    expect(new URL(page.url()).pathname).toMatch(/^\/idp-inloggen\//);
    await expect(page.getByRole('link', { name: 'Auditlog' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Inloggen als Privacy-officer', exact: true }).click();
    await page.waitForURL(`${werkplek()}/`);
    await expect(page.getByRole('link', { name: 'Auditlog' }).count()).resolves.toBe(1);
    await context.close();
  }, 60_000);

  it('without a session no page is served: / redirects to the login; the staff API still answers bearer tokens only', async () => {
    const context = await newContext(browser);
    const page = await context.request.get(`${werkplek()}/`, { maxRedirects: 0 });
    expect(page.status()).toBe(303);
    expect(page.headers().location).toBe('/inloggen');
    expect(page.headers()['cache-control']).toBe('no-store');
    const api = await context.request.get(`${gw.staffUrl}/v1/zaken/termijnen`);
    expect(api.status()).toBe(401);
    expect(api.headers()['content-type']).toContain('application/problem+json');
    // An unknown address is a Dutch page on the Werkplek, a problem under the API.
    const missingPage = await context.request.get(`${werkplek()}/bestaat-niet?naam=Jansen`);
    expect(missingPage.status()).toBe(404);
    expect(missingPage.headers()['content-type']).toContain('text/html');
    expect(missingPage.headers()['cache-control']).toBe('no-store');
    const missingPageText = await missingPage.text();
    expect(missingPageText).toContain('Pagina niet gevonden');
    expect(missingPageText).not.toContain('Jansen');
    const missingApi = await context.request.get(`${werkplek()}/v1/bestaat-niet`);
    expect(missingApi.status()).toBe(404);
    expect(missingApi.headers()['content-type']).toContain('application/problem+json');
    await context.close();
  }, 60_000);
});
