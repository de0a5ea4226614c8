import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsPlugin } from '../../../src/http/plugins/errors.js';
import { createDevCa, issueCertificate } from '../../../src/pki/certificates.js';
import { generateRsaKeyPair } from '../../../src/pki/keys.js';
import { devIdpMaterialPath, ensureDevIdpMaterial } from '../../../src/web/auth/dev-idp-material.js';
import { escapeHtml } from '../../../src/web/auth/html.js';
import { csrfToken, requireRole, requireSession, verifyCsrf } from '../../../src/web/auth/session-plugin.js';
import { werkplekAuth } from '../../../src/web/auth/werkplek-auth.js';
import { useTestRedis } from '../../helpers/redis.js';
import { Browser, cookieAttributes, csrfField } from './browser.js';

const redisHandle = useTestRedis();
const clock = { now: new Date('2026-11-23T08:30:00Z') };
const advance = (minutes: number) => void (clock.now = new Date(clock.now.getTime() + minutes * 60_000));

let app: FastifyInstance;
let origin: string;
let ca: string;
let home: string;

/** A tiny staff app: the auth plugins plus one protected page with a form, as the Werkplek's pages will use them. */
async function startApp(): Promise<void> {
  const caPair = createDevCa();
  const serverKeys = generateRsaKeyPair();
  const cert = issueCertificate({
    caCertPem: caPair.certPem, caKeyPem: caPair.keyPem, usage: 'server', publicKeyPem: serverKeys.publicKeyPem,
    subject: { commonName: 'localhost' }, dnsNames: ['localhost'],
  });
  ca = caPair.certPem;
  home = mkdtempSync(join(tmpdir(), 'vs-werkplek-'));
  app = Fastify({ https: { key: serverKeys.privateKeyPem, cert } });
  await app.register(errorsPlugin);
  await app.register(formbody); // the pages' forms, as the staff listener will parse them
  await app.register(werkplekAuth, {
    redis: redisHandle.redis,
    clock: () => clock.now,
    origin: () => `https://localhost:${(app.server.address() as AddressInfo).port}`,
    devIdp: { homeRoot: home, ca },
  });
  await app.register(async (pages) => {
    pages.addHook('onRequest', requireSession);
    pages.get('/', async (request, reply) => {
      const s = request.session!;
      return reply.type('text/html; charset=utf-8').send(
        `<p id="wie">${escapeHtml(JSON.stringify({ sub: s.sub, gemeentecode: s.gemeentecode, roles: s.roles }))}</p>` +
          `<form method="post" action="/uitloggen"><input type="hidden" name="_csrf" value="${csrfToken(reply)}"><button>Uitloggen</button></form>`,
      );
    });
    pages.get('/auditlog', { preHandler: requireRole('privacy-officer') }, async () => ({ ok: true }));
    pages.post('/formulier', { preHandler: verifyCsrf(pages) }, async () => ({ opgeslagen: true }));
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  origin = `https://localhost:${(app.server.address() as AddressInfo).port}`;
}

beforeAll(startApp, 60_000);
afterAll(async () => {
  await app?.close();
  rmSync(home, { recursive: true, force: true });
});

/** The whole code flow for one demo account, one click on its button; returns the browser with the session cookie. */
async function logIn(account = 'shv-1696') {
  const browser = new Browser(origin, ca);
  const toLogin = await browser.follow('GET', '/inloggen');
  const loginPage = toLogin[toLogin.length - 1]!;
  const afterLogin = await browser.follow('POST', loginPage.url, { account });
  return { browser, toLogin, loginPage, afterLogin };
}

const sessionKeys = () => redisHandle.redis.keys('vs:werkplek:sessie:*');
const who = (html: string) => JSON.parse(/<p id="wie">([^<]*)<\/p>/.exec(html)![1]!.replace(/&quot;/g, '"'));

describe('Werkplek login through the embedded development IdP', () => {
  it('logs the worker of 1696 in with one click: Dutch login page under a strict CSP, a __Host- session cookie, the claims on the protected page', async () => {
    const { browser, toLogin, loginPage, afterLogin } = await logIn();

    expect(toLogin[0]!.status).toBe(303);
    expect(new URL(String(toLogin[0]!.headers.location)).pathname).toBe('/idp/auth');
    const authorize = new URL(String(toLogin[0]!.headers.location));
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();

    expect(loginPage.status).toBe(200);
    expect(loginPage.text).toContain('<html lang="nl">');
    expect(loginPage.text).toContain('Inloggen als Schuldhulpverlener Wijdemeren');
    for (const code of ['0518', '0599', '1696']) expect(loginPage.text).toContain(`demo-${code}`);
    expect(loginPage.text).toContain('Privacy-officer');
    expect(loginPage.text).toContain('Teamleider');
    expect(loginPage.text).toContain('Beheerder');
    expect(loginPage.text).not.toMatch(/<script|<style|style=/);
    const csp = String(loginPage.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(loginPage.headers['cache-control']).toBe('no-store');

    const callback = afterLogin.find((p) => p.url.pathname === '/inloggen/terug')!;
    expect(callback.status).toBe(303);
    expect(callback.headers.location).toBe('/');
    expect(callback.headers['cache-control']).toBe('no-store');
    const sessionCookie = callback.setCookies.find((c) => c.startsWith('__Host-werkplek='))!;
    const attributes = cookieAttributes(sessionCookie);
    expect(attributes.get('secure')).toBe(true);
    expect(attributes.get('httponly')).toBe(true);
    expect(String(attributes.get('samesite')).toLowerCase()).toBe('lax');
    expect(attributes.get('path')).toBe('/');
    expect(attributes.has('domain')).toBe(false);

    const home = afterLogin[afterLogin.length - 1]!;
    expect(home.status).toBe(200);
    expect(who(home.text)).toEqual({ sub: 'shv-1696', gemeentecode: '1696', roles: ['schuldhulpverlener'] });
    expect(browser.jar.has('__Host-werkplek-inlog')).toBe(false);
  });

  it('logs in with the password shown beside an account; a wrong password gets the page again with a Dutch message', async () => {
    const browser = new Browser(origin, ca);
    const hops = await browser.follow('GET', '/inloggen');
    const loginPage = hops[hops.length - 1]!;
    const wrong = await browser.request('POST', loginPage.url, { username: 'fg', password: 'fout' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('De gebruikersnaam of het wachtwoord klopt niet');
    const right = await browser.follow('POST', loginPage.url, { username: 'fg', password: 'demo-fg' });
    expect(who(right[right.length - 1]!.text)).toEqual({ sub: 'fg', gemeentecode: '0000', roles: ['privacy-officer'] });
  });

  it('keeps the IdP signing key and client in the home, made once', async () => {
    const file = devIdpMaterialPath(home);
    const before = readFileSync(file, 'utf8');
    const material = JSON.parse(before);
    expect(material.clientId).toBe('werkplek');
    expect(material.signingJwk.d).toBeTruthy();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A second start reads what is there: same key, same client secret, file untouched.
    expect(ensureDevIdpMaterial(home)).toEqual(material);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('lets a role hook refuse a page to other roles (403 problem) and admit its own', async () => {
    const worker = await logIn('shv-0518');
    const refused = await worker.browser.request('GET', '/auditlog');
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).code).toBe('geen-toegang');
    const fg = await logIn('fg');
    expect((await fg.browser.request('GET', '/auditlog')).status).toBe(200);
  });

  it('sends a page without a session to the login', async () => {
    const page = await new Browser(origin, ca).request('GET', '/');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/inloggen');
  });

  it('ends a session idle for more than 15 minutes (injected clock), and deletes it', async () => {
    const { browser } = await logIn();
    const live = (await sessionKeys()).length;
    advance(14);
    expect((await browser.request('GET', '/')).status).toBe(200);
    advance(16);
    const page = await browser.request('GET', '/');
    expect(page.status).toBe(303);
    // The browser still sent its cookie: the login must authenticate again (prompt=login).
    expect(page.headers.location).toBe('/inloggen?verlopen=1');
    const login = await browser.request('GET', String(page.headers.location));
    expect(new URL(String(login.headers.location)).searchParams.get('prompt')).toBe('login');
    expect((await sessionKeys()).length).toBe(live - 1);
  });

  it('ends an active session after 8 hours at most', async () => {
    const { browser } = await logIn();
    for (let minutes = 0; minutes < 8 * 60 - 10; minutes += 10) {
      advance(10);
      expect((await browser.request('GET', '/')).status).toBe(200);
    }
    advance(11);
    const page = await browser.request('GET', '/');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/inloggen?verlopen=1');
  });

  it('logs out: the Redis session is gone, the browser goes to the IdP end-session page, and / asks for a login again', async () => {
    const { browser, afterLogin } = await logIn();
    const before = await sessionKeys();
    const token = csrfField(afterLogin[afterLogin.length - 1]!.text);
    const logout = await browser.request('POST', '/uitloggen', { _csrf: token });
    expect(logout.status).toBe(303);
    const endSession = new URL(String(logout.headers.location));
    expect(endSession.origin + endSession.pathname).toBe(`${origin}/idp/session/end`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${origin}/uitgelogd`);
    expect((await sessionKeys()).length).toBe(before.length - 1);
    expect(browser.jar.has('__Host-werkplek')).toBe(false);

    const question = await browser.request('GET', endSession);
    expect(question.status).toBe(200);
    expect(question.text).toContain('Wilt u ook uitloggen');
    expect(question.text).not.toMatch(/<script|<style|style=/);

    const page = await browser.request('GET', '/');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/inloggen');

    // Confirming at the IdP ends its session too: the next login asks again instead of signing in silently.
    const form = /<form[^>]*action="([^"]+)"[^>]*>[\s\S]*?name="xsrf" value="([^"]+)"/.exec(question.text)!;
    const confirmed = await browser.follow('POST', form[1]!.replace(/&amp;/g, '&'), { xsrf: form[2]!, logout: 'yes' });
    const done = confirmed[confirmed.length - 1]!;
    expect(done.url.pathname).toBe('/uitgelogd');
    expect(done.text).toContain('U bent uitgelogd');
    const again = await browser.follow('GET', '/inloggen');
    expect(again[again.length - 1]!.url.pathname).toMatch(/^\/idp-inloggen\//);
    expect(again[again.length - 1]!.text).toContain('Inloggen als');
  });

  it('refuses a callback with a wrong state, and one replayed, with a Dutch page and no session', async () => {
    const browser = new Browser(origin, ca);
    const hops = await browser.follow('GET', '/inloggen');
    const loginPage = hops[hops.length - 1]!;
    const toCallback = await browser.request('POST', loginPage.url, { account: 'shv-0599' });
    const resume = await browser.request('GET', new URL(String(toCallback.headers.location), origin));
    const callback = new URL(String(resume.headers.location));
    expect(callback.pathname).toBe('/inloggen/terug');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'iets-anders');
    const refused = await browser.request('GET', tampered);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Inloggen is niet gelukt');
    expect(browser.jar.has('__Host-werkplek')).toBe(false);
    // The login in progress was used up by that attempt: the real callback now finds nothing to finish.
    const replay = await browser.request('GET', callback);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('Inloggen is verlopen');
    expect(browser.jar.has('__Host-werkplek')).toBe(false);
  });

  it('refuses a form POST without or with a wrong CSRF token (403 problem), accepts the right one', async () => {
    const { browser, afterLogin } = await logIn('shv-0518');
    const token = csrfField(afterLogin[afterLogin.length - 1]!.text);

    const missing = await browser.request('POST', '/formulier', { veld: 'x' });
    expect(missing.status).toBe(403);
    expect(JSON.parse(missing.text).code).toBe('geen-toegang');

    const wrong = await browser.request('POST', '/formulier', { veld: 'x', _csrf: `${token.slice(0, -2)}xx` });
    expect(wrong.status).toBe(403);
    expect(JSON.parse(wrong.text).code).toBe('geen-toegang');

    // Another session's token is no good here either: the token is bound to the session.
    const other = await logIn('shv-0599');
    const otherToken = csrfField(other.afterLogin[other.afterLogin.length - 1]!.text);
    expect((await browser.request('POST', '/formulier', { veld: 'x', _csrf: otherToken })).status).toBe(403);

    const right = await browser.request('POST', '/formulier', { veld: 'x', _csrf: token });
    expect(right.status).toBe(200);
    expect(JSON.parse(right.text)).toEqual({ opgeslagen: true });
  });

  it('keeps nothing personal in Redis: only pseudonymous id, municipality, roles, display name, CSRF secret and times', async () => {
    await logIn('shv-0599');
    const keys = await redisHandle.redis.keys('vs:werkplek:*');
    expect(keys.length).toBeGreaterThan(0);
    // The development IdP keeps its sessions and codes beside them (vs:werkplek:idp:…): demo accounts only.
    expect(keys.some((key) => key.startsWith('vs:werkplek:idp:Session:'))).toBe(true);
    for (const key of keys) {
      const type = await redisHandle.redis.type(key);
      const value = type === 'list' ? (await redisHandle.redis.lrange(key, 0, -1)).join('\n') : await redisHandle.redis.get(key);
      if (key.startsWith('vs:werkplek:sessie:')) {
        expect(Object.keys(JSON.parse(value!)).sort()).toEqual(['_csrf', 'createdAt', 'gemeentecode', 'lastSeenAt', 'naam', 'roles', 'sub']);
      }
      expect(value).not.toMatch(/@|\+31|06-?\d{8}|telefoon|email|adres/i);
    }
  });
});
