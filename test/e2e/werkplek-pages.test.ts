import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevCa, issueCertificate } from '../../src/pki/certificates.js';
import { generateRsaKeyPair } from '../../src/pki/keys.js';
import type { WerkplekUser } from '../../src/web/layout/user.js';
import { werkplekPages } from '../../src/web/pages/plugin.js';
import { collectCspViolations, expectNoAxeViolations, launchBrowser, newContext, saveScreenshot } from '../helpers/browser.js';

/*
 * The Werkplek's page foundation in a real browser: layout, navigation per role, stylesheets,
 * CSP, caching and accessibility. The signed-in person comes from a test cookie (`testrol`) read by
 * the accessor the plugin is given — test wiring standing in for the login, which provides the
 * real accessor; nothing of the plugin is replaced.
 */

// A name that must come out as text, never as markup.
const testName = 'Anna <b>de</b> Vries';

function userFromTestCookie(request: FastifyRequest): WerkplekUser | undefined {
  const match = /(?:^|;\s*)testrol=([a-z-]+)/.exec(request.headers.cookie ?? '');
  return match ? { name: testName, roles: [match[1]!] } : undefined;
}

async function startWerkplekServer(): Promise<{ app: FastifyInstance; url: string }> {
  const ca = createDevCa('werkplek-test-CA');
  const serverKeys = generateRsaKeyPair();
  const cert = issueCertificate({
    caCertPem: ca.certPem,
    caKeyPem: ca.keyPem,
    subject: { commonName: 'localhost' },
    publicKeyPem: serverKeys.publicKeyPem,
    usage: 'server',
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
  });
  const app = Fastify({ https: { key: serverKeys.privateKeyPem, cert: cert + ca.certPem } });
  await app.register(werkplekPages, { werkplekUser: userFromTestCookie, csrfToken: () => 'csrf-test-token' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { app, url: `https://127.0.0.1:${address.port}` };
}

const allItems = ['Werkvoorraad', 'Auditlog', 'Beleid', 'Bewaartermijnen', 'Inzageverzoek', 'Sturing'];
const navigationByRole: Record<string, string[]> = {
  schuldhulpverlener: ['Werkvoorraad'],
  'privacy-officer': ['Auditlog', 'Beleid', 'Bewaartermijnen', 'Inzageverzoek'],
  teamleider: ['Sturing'],
  beheerder: ['Beleid'],
};

let server: { app: FastifyInstance; url: string };
let browser: Browser;

beforeAll(async () => {
  server = await startWerkplekServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.app.close();
});

/** Open a path as a person of the given role (or nobody), collecting CSP violations from the first byte. */
async function open(path: string, role?: string) {
  const context = await newContext(browser);
  if (role) await context.addCookies([{ name: 'testrol', value: role, url: server.url }]);
  const page = await context.newPage();
  const csp = await collectCspViolations(page);
  const stylesheetAnswers: Array<{ url: string; status: number; cacheControl: string | undefined }> = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.css')) stylesheetAnswers.push({ url: response.url(), status: response.status(), cacheControl: response.headers()['cache-control'] });
  });
  const response = await page.goto(server.url + path);
  if (!response) throw new Error('no response');
  await page.waitForLoadState('load');
  return { context, page, response, csp, stylesheetAnswers };
}

async function expectStrictPageHeaders(headers: Record<string, string>) {
  const policy = headers['content-security-policy'] ?? '';
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("form-action 'self'");
  expect(policy).toContain("base-uri 'none'");
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toContain('unsafe-eval');
  expect(headers['cache-control']).toBe('no-store');
}

async function expectThemeApplied(page: Page) {
  // The voorbeeld theme's font token reaches the body through the Utrecht document component.
  const fontFamily = await page.evaluate<string>('getComputedStyle(document.body).fontFamily');
  expect(fontFamily).toContain('Noto Sans');
  const headingSize = await page.evaluate<string>("getComputedStyle(document.querySelector('h1')).fontSize");
  expect(headingSize).not.toBe('32px'); // the browser default for h1; the theme's 3xl differs
}

// A browser test runs an axe audit; on a shared, loaded machine that alone can take many seconds.
const browserTest = { timeout: 90_000 };

describe('Werkplek start page per role', browserTest, () => {
  for (const [role, expected] of Object.entries(navigationByRole)) {
    it(`shows a ${role} exactly their navigation, accessibly, under a strict CSP`, async () => {
      const { context, page, response, csp, stylesheetAnswers } = await open('/', role);
      try {
        expect(response.status()).toBe(200);
        await expectStrictPageHeaders(response.headers());
        expect(await page.getAttribute('html', 'lang')).toBe('nl');
        expect(await page.title()).toBe('Start – Werkplek vroegsignalering');

        const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
        for (const item of expected) await expect(nav.getByRole('link', { name: item, exact: true }).count()).resolves.toBe(1);
        for (const item of allItems.filter((i) => !expected.includes(i))) {
          await expect(page.getByRole('link', { name: item, exact: true }).count()).resolves.toBe(0);
        }

        // The name is shown as text: the markup in it is not interpreted.
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Welkom, ${testName}`);
        await expect(page.locator('b').count()).resolves.toBe(0);
        await expect(page.getByText(`Ingelogd als ${testName}`).count()).resolves.toBe(1);

        // Logout is a POST with the session's CSRF token.
        const logout = page.locator('form[action="/uitloggen"]');
        expect(await logout.getAttribute('method')).toBe('post');
        expect(await logout.locator('input[type=hidden][name=_csrf]').getAttribute('value')).toBe('csrf-test-token');
        await expect(page.getByRole('button', { name: 'Uitloggen' }).count()).resolves.toBe(1);

        // The three load in parallel: which answer arrives first is the network's business.
        expect(stylesheetAnswers.map((a) => a.url.split('/').pop()).sort()).toEqual(['utrecht.css', 'voorbeeld-theme.css', 'werkplek.css']);
        for (const answer of stylesheetAnswers) {
          expect(answer.status).toBe(200);
          expect(answer.cacheControl).toBe('public, max-age=31536000, immutable');
        }
        await expectThemeApplied(page);
        await expectNoAxeViolations(page);
        await saveScreenshot(page, `werkplek-start-${role}`);
        csp.expectNone();
      } finally {
        await context.close();
      }
    });
  }

  it('reaches the skip link first from the keyboard, and it moves focus to the main content', async () => {
    const { context, page, csp } = await open('/', 'schuldhulpverlener');
    try {
      await page.keyboard.press('Tab');
      const first = await page.evaluate("({ text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href') })");
      expect(first).toEqual({ text: 'Direct naar de inhoud', href: '#inhoud' });
      await expect(page.getByRole('link', { name: 'Direct naar de inhoud' }).isVisible()).resolves.toBe(true);
      await page.keyboard.press('Enter');
      await expect(page.evaluate('document.activeElement.id')).resolves.toBe('inhoud');
      csp.expectNone();
    } finally {
      await context.close();
    }
  });

  it('sends a visitor without a session to the login, without caching the answer', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/inloggen');
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('Werkplek not-found page', browserTest, () => {
  for (const role of [undefined, 'privacy-officer']) {
    it(`answers an unknown address in Dutch with a 404 page (${role ?? 'not signed in'})`, async () => {
      const { context, page, response, csp } = await open('/bestaat-niet?bsn=123456782', role);
      try {
        expect(response.status()).toBe(404);
        await expectStrictPageHeaders(response.headers());
        expect(await page.getAttribute('html', 'lang')).toBe('nl');
        await expect(page.getByRole('heading', { level: 1, name: 'Pagina niet gevonden' }).count()).resolves.toBe(1);
        await expect(page.getByRole('link', { name: 'startpagina' }).count()).resolves.toBe(1);
        // The address the visitor typed is not repeated on the page.
        expect(await page.content()).not.toContain('123456782');
        await expect(page.getByRole('link', { name: 'Auditlog' }).count()).resolves.toBe(role ? 1 : 0);
        await expectThemeApplied(page);
        await expectNoAxeViolations(page);
        await saveScreenshot(page, `werkplek-404-${role ?? 'anoniem'}`);
        csp.expectNone();
      } finally {
        await context.close();
      }
    });
  }

  it('serves stylesheets only at their versioned address', async () => {
    const unversioned = await server.app.inject({ method: 'GET', url: '/assets/werkplek.css' });
    expect(unversioned.statusCode).toBe(404);
    expect(unversioned.headers['cache-control']).toBe('no-store');
  });
});
