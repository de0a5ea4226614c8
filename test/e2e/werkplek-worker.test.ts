import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dutchDate } from '../../src/outreach/calendar.js';
import { findDemoAccount } from '../../src/web/auth/demo-accounts.js';
import { auditRecords } from '../helpers/audit.js';
import { collectCspViolations, expectNoAxeViolations, launchBrowser, newContext, saveScreenshot } from '../helpers/browser.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest, postSigned } from '../helpers/https-client.js';
import { tabTo } from '../helpers/keyboard.js';
import { loginAs, werkplekUrl, type SignedIn } from '../helpers/werkplek.js';
import { exampleSignal } from './fixtures.js';

/*
 * The debt-relief worker's pages in a real browser against the whole gateway: Werkvoorraad and
 * Zaak, every action through the same service as the staff API — so the case, its audit records
 * and the partner's status must end up exactly as an API client's journey leaves them.
 */

let gw: TestGateway;
let browser: Browser;
beforeAll(async () => {
  gw = await startTestGateway();
  browser = await launchBrowser();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await gw?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- signals are free-form fixtures
type Signal = Record<string, any>;
const seeded: Signal[] = [];
const personalData = (s: Signal): string[] => [s.persoon.achternaam, s.persoon.telefoonnummer, s.persoon.email, s.persoon.geboortedatum, s.adres.straatnaam];
const allPersonalData = () => seeded.flatMap(personalData);

/** A signal from a partner, accepted by the gateway (202); remembered so no trace of it may leak. */
async function seed(overrides: Signal = {}, partner: 'huur' | 'energie' = 'huur') {
  const signal = exampleSignal(overrides);
  const res = await postSigned(gw.url, '/v1/vroegsignalen', gw[partner], signal, { now: gw.clock.now });
  expect(res.status).toBe(202);
  seeded.push(signal);
  return { signal, signaalId: res.json.signaalId as string };
}

const partnerStatus = async (signaalId: string) => (await httpsRequest(gw.url, `/v1/vroegsignalen/${signaalId}`, { creds: gw.huur })).json.status as string;
const api = (sub: string, method: string, path: string, body?: unknown, gemeentecode = '1696') =>
  callAs(gw, { sub, gemeentecode, role: 'schuldhulpverlener' }, method, path, body);

/** Every open case claimed by somebody else, so the next claim takes the case a test seeds next. */
async function drainQueue() {
  while ((await api('opruimer', 'POST', '/v1/zaken/_oppakken')).status === 200);
}

const recordsOf = async (zaakId: string) =>
  (await auditRecords(gw.redis)).map((e) => e.record).filter((r) => r.attributes?.['vroegsignaal.zaak_id'] === zaakId);

/** A record with what must differ between two cases taken out: trace ids, the case, the signal, the person's pseudonym. */
function comparable(record: Signal): Signal {
  const { trace_id: _t, span_id: _s, parent_span_id: _p, ...rest } = record;
  const { 'dpl.core.data_subject_id': _d, 'vroegsignaal.zaak_id': _z, 'vroegsignaal.signaal_id': _i, ...attributes } = record.attributes ?? {};
  return { ...rest, attributes };
}

/** The stored case without its ids, pseudonyms, claimant and ciphertexts. */
async function storedCase(zaakId: string) {
  const h = await gw.redis.hgetall(`vs:zaak:${zaakId}`);
  const signalen = JSON.parse(h.signalen ?? '[]').map(({ signaalId: _s, persoonPseudonym: _p, ...rest }: Signal) => rest);
  const { zaakId: _z, adresPseudonym: _a, persoonPseudonym: _p, claimant: _c, signalen: _sig, ...rest } = h;
  const fields = Object.fromEntries(Object.entries(rest).filter(([k]) => !k.startsWith('contact:')));
  return { ...fields, signalen, contactBlobs: Object.keys(h).filter((k) => k.startsWith('contact:')).length };
}

/** Each page state a journey reaches: axe clean, a screenshot, and nothing personal in its title. */
async function checkPage(page: Page, name: string) {
  await expectNoAxeViolations(page);
  await saveScreenshot(page, `werkplek-worker-${name}`);
  const title = await page.title();
  for (const value of allPersonalData()) expect(title).not.toContain(value);
  expect(await page.locator('input[type=hidden][name=_csrf]').count()).toBeGreaterThan(0);
}

/** The session's CSRF token, as its forms carry it. */
const csrfOf = (page: Page) => page.locator('input[name=_csrf]').first().inputValue();

function expectNothingPersonalIn(signedIn: SignedIn) {
  for (const url of signedIn.urls) for (const value of allPersonalData()) expect(decodeURIComponent(url)).not.toContain(value);
  signedIn.csp.expectNone();
}

/** Run an action that loads a new document and wait for that load (a POST may come back to the address it left). */
async function navigation(page: Page, action: () => Promise<unknown>) {
  const loaded = page.waitForEvent('load');
  await action();
  await loaded;
}

const zaakIdIn = (url: string) => /\/zaken\/([0-9a-f-]{36})/.exec(url)![1]!;

describe('the worker journey through the Werkvoorraad and Zaak pages', () => {
  it('filters, claims the next case, reveals, records two attempts and closes — the case, its audit records and the partner status as through the API', async () => {
    const { signal, signaalId } = await seed({ crisissignaal: true, bedrag: 1250 });
    // The Energie signal from another postcode area of Wijdemeren (PC4 1241; the crisis case is 1234).
    await seed({ signaalpartner: 'Energie', bedrag: 300, adres: { ...exampleSignal().adres, postcode: '1241 AB' } }, 'energie');
    expect(await partnerStatus(signaalId)).toBe('ontvangen');

    const worker = await loginAs(browser, gw, 'shv-1696');
    const { page, base } = worker;
    await navigation(page, () => page.getByRole('link', { name: 'Werkvoorraad' }).click());
    await page.waitForURL(`${base}/werkvoorraad`);
    await expect(page.getByRole('heading', { name: 'Werkvoorraad', level: 1 }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: /^Zaak / }).count()).resolves.toBe(2);
    await expect(page.getByRole('heading', { name: 'Mijn zaken' }).count()).resolves.toBe(1);
    // The crisis case: Huur, € 1.250, 82 days since 1 September, deadline in three working days with its badge.
    const crisisRow = page.getByRole('row').filter({ hasText: 'crisis' });
    await expect(crisisRow.count()).resolves.toBe(1);
    expect(await crisisRow.innerText()).toMatch(/Huur\s+1234\s+€\s1\.250\s+82\s+25 november 2026\s+crisis\s+Open/);
    // The postcode areas of the list, each with its count.
    await expect(page.getByRole('checkbox', { name: '1234 (1)' }).count()).resolves.toBe(1);
    await expect(page.getByRole('checkbox', { name: '1241 (1)' }).count()).resolves.toBe(1);
    await checkPage(page, 'werkvoorraad');

    await page.getByRole('checkbox', { name: 'Huur (1)' }).check();
    await expect(page.getByRole('checkbox', { name: 'Energie (1)' }).count()).resolves.toBe(1);
    await navigation(page, () => page.getByRole('button', { name: 'Filters toepassen' }).click());
    await page.waitForURL(`${base}/werkvoorraad?partner=Huur`);
    await expect(page.getByRole('link', { name: /^Zaak / }).count()).resolves.toBe(1);
    await expect(page.getByText('1 zaak van 2 getoond.').count()).resolves.toBe(1);
    // Counts per option under the other filters: the Energie case is still counted as an option.
    await expect(page.getByRole('checkbox', { name: 'Energie (1)' }).count()).resolves.toBe(1);
    await expect(page.getByRole('checkbox', { name: '€ 1.000 tot € 5.000 (1)' }).count()).resolves.toBe(1);
    await expect(page.getByRole('checkbox', { name: 'Alleen crisissignalen (1)' }).count()).resolves.toBe(1);
    await expect(page.getByRole('checkbox', { name: '1241 (0)' }).count()).resolves.toBe(1);
    await checkPage(page, 'werkvoorraad-gefilterd');
    // The area filter narrows on its own too (an address that can be bookmarked: areas, not people).
    const byArea = await worker.context.request.get(`${base}/werkvoorraad?pc4=1241`);
    expect(await byArea.text()).toContain('1 zaak van 2 getoond.');

    await navigation(page, () => page.getByRole('button', { name: 'Volgende zaak oppakken' }).click());
    await page.waitForURL(/\/zaken\/[0-9a-f-]{36}\?gedaan=opgepakt$/);
    const zaakId = zaakIdIn(page.url());
    await expect(page.getByText('U hebt deze zaak opgepakt.').count()).resolves.toBe(1);
    await expect(page.getByText('Opgepakt door mij').count()).resolves.toBe(1);
    expect(await partnerStatus(signaalId)).toBe('in behandeling');
    expect(await page.content()).not.toContain(signal.persoon.achternaam);
    await checkPage(page, 'zaak-opgepakt');

    const [revealed] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      navigation(page, () => page.getByRole('button', { name: 'Toon contactgegevens' }).click()),
    ]);
    // The details travel in this answer only: never cached, never in an address.
    expect(revealed.headers()['cache-control']).toBe('no-store');
    await page.waitForURL(`${base}/zaken/${zaakId}/contactgegevens`);
    await expect(page.getByRole('heading', { name: 'Contactgegevens' }).count()).resolves.toBe(1);
    for (const value of [signal.persoon.achternaam, signal.persoon.telefoonnummer, signal.persoon.email, signal.adres.straatnaam]) {
      await expect(page.getByText(value, { exact: true }).count()).resolves.toBe(1);
    }
    expect((await recordsOf(zaakId)).filter((r) => r.name === 'contactgegevens-ingezien')).toHaveLength(1);
    await checkPage(page, 'zaak-contactgegevens');

    // An attempt without its kind or part of the day: the form again, its errors summarised and at the fields, 400.
    const [invalid] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      navigation(page, () => page.getByRole('button', { name: 'Contactpoging vastleggen' }).click()),
    ]);
    expect(invalid.status()).toBe(400);
    expect(await page.title()).toMatch(/^Fout in formulier/);
    await expect(page.getByRole('heading', { name: 'Er is iets niet goed ingevuld' }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Kies hoe u contact zocht.' }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Kies het dagdeel van de poging.' }).count()).resolves.toBe(1);
    await expect(page.getByRole('group', { name: 'Hoe zocht u contact?' }).getByText('Kies hoe u contact zocht.').count()).resolves.toBe(1);
    expect(JSON.parse((await gw.redis.hget(`vs:zaak:${zaakId}`, 'contactpogingen')) ?? '[]')).toEqual([]);
    await checkPage(page, 'zaak-contactpoging-fout');

    await page.getByRole('radio', { name: 'Telefoon' }).check();
    await page.getByRole('radio', { name: 'Ochtend' }).check();
    await navigation(page, () => page.getByRole('button', { name: 'Contactpoging vastleggen' }).click());
    await page.waitForURL(`${base}/zaken/${zaakId}?gedaan=contactpoging`);
    await expect(page.getByText('De contactpoging is vastgelegd.').count()).resolves.toBe(1);
    // Post/Redirect/Get: the contact details are not on the page the browser was sent back to.
    expect(await page.content()).not.toContain(signal.persoon.achternaam);
    await checkPage(page, 'zaak-contactpoging-vastgelegd');

    await page.getByRole('radio', { name: 'Huisbezoek' }).check();
    await page.getByRole('checkbox', { name: 'Ik heb de inwoner bereikt' }).check();
    await page.getByRole('radio', { name: 'Middag' }).check();
    await navigation(page, () => page.getByRole('button', { name: 'Contactpoging vastleggen' }).click());
    await page.waitForURL(`${base}/zaken/${zaakId}?gedaan=contactpoging`);
    const attempts = page.getByRole('table', { name: /^Contactpogingen/ }).getByRole('row');
    await expect(attempts.count()).resolves.toBe(3);
    expect(await attempts.nth(1).innerText()).toMatch(/22 november 2026\s+Ochtend\s+Telefoon\s+Nee/);
    expect(await attempts.nth(2).innerText()).toMatch(/22 november 2026\s+Middag\s+Huisbezoek\s+Ja/);

    await expect(page.getByText(/De signaalpartner krijgt het eindresultaat niet te zien/).count()).resolves.toBe(1);
    await page.getByRole('radio', { name: 'Niet opgepakt: onterecht signaal' }).check();
    await navigation(page, () => page.getByRole('button', { name: 'Zaak afsluiten' }).click());
    await page.waitForURL(`${base}/zaken/${zaakId}?gedaan=afgesloten`);
    await expect(page.getByText('De zaak is afgesloten.').count()).resolves.toBe(1);
    await expect(page.getByText('Niet opgepakt: onterecht signaal', { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Toon contactgegevens' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Zaak afsluiten' }).count()).resolves.toBe(0);
    expect(await partnerStatus(signaalId)).toBe('niet opgepakt');
    await checkPage(page, 'zaak-afgesloten');

    // The same journey through the API, on a twin case of the same moment.
    const twin = await seed({ crisissignaal: true, bedrag: 1250 });
    const claimed = await api('api-twin', 'POST', '/v1/zaken/_oppakken');
    expect(claimed.status).toBe(200);
    const twinId = claimed.json.zaakId as string;
    expect(await partnerStatus(twin.signaalId)).toBe('in behandeling');
    expect((await api('api-twin', 'GET', `/v1/zaken/${twinId}/contactgegevens`)).status).toBe(200);
    expect((await api('api-twin', 'POST', `/v1/zaken/${twinId}/contactpogingen`, { soort: 'Telefoon', bereikt: false, datum: '2026-11-22', dagdeel: 'Ochtend' })).status).toBe(201);
    expect((await api('api-twin', 'POST', `/v1/zaken/${twinId}/contactpogingen`, { soort: 'Huisbezoek', bereikt: true, datum: '2026-11-22', dagdeel: 'Middag' })).status).toBe(201);
    expect((await api('api-twin', 'POST', `/v1/zaken/${twinId}/_afsluiten`, { eindresultaat: 'Niet opgepakt: onterecht signaal' })).status).toBe(200);
    expect(await partnerStatus(twin.signaalId)).toBe('niet opgepakt');

    expect(await storedCase(zaakId)).toEqual(await storedCase(twinId));
    const pageRecords = (await recordsOf(zaakId)).map(comparable);
    expect(pageRecords.map((r) => r.name)).toEqual(expect.arrayContaining(['zaak-opgepakt', 'contactgegevens-ingezien', 'contactpoging', 'zaak-afgesloten']));
    expect(pageRecords).toEqual((await recordsOf(twinId)).map(comparable));
    const { zaakId: _a, signalen: pageSignals, ...pageView } = (await api('shv-1696', 'GET', `/v1/zaken/${zaakId}`)).json;
    const { zaakId: _b, signalen: twinSignals, ...twinView } = (await api('api-twin', 'GET', `/v1/zaken/${twinId}`)).json;
    expect(pageView).toEqual(twinView);
    expect(pageSignals.map(({ signaalId: _s, ...s }: Signal) => s)).toEqual(twinSignals.map(({ signaalId: _s, ...s }: Signal) => s));

    expectNothingPersonalIn(worker);
    for (const value of allPersonalData()) expect(gw.logs.join('')).not.toContain(value);
    await worker.context.close();
  }, 180_000);

  it('a colleague of the same municipality sees the case but never its contact details (403, as the API)', async () => {
    await drainQueue();
    const { signal } = await seed();
    // The colleague claims the case first, keeps it open in a second tab, and gives it back.
    const colleague = await loginAs(browser, gw, 'shv-1696-b');
    const { page, base } = colleague;
    await page.goto(`${base}/werkvoorraad`);
    await navigation(page, () => page.getByRole('button', { name: 'Volgende zaak oppakken' }).click());
    await page.waitForURL(/\/zaken\/[0-9a-f-]{36}\?gedaan=opgepakt$/);
    const zaakId = zaakIdIn(page.url());
    const staleTab = await colleague.context.newPage();
    const staleCsp = await collectCspViolations(staleTab);
    staleTab.on('request', (request) => colleague.urls.push(request.url()));
    await staleTab.goto(`${base}/zaken/${zaakId}`);
    await navigation(page, () => page.getByRole('button', { name: 'Zaak vrijgeven' }).click());
    await page.waitForURL(`${base}/zaken/${zaakId}?gedaan=vrijgegeven`);
    await expect(page.getByText('De zaak is vrijgegeven en staat weer in de wachtrij.').count()).resolves.toBe(1);
    await checkPage(page, 'zaak-vrijgegeven');
    expect((await recordsOf(zaakId)).map((r) => r.name)).toContain('claim-vrijgegeven');

    const first = await loginAs(browser, gw, 'shv-1696');
    await first.page.goto(`${first.base}/werkvoorraad`);
    await navigation(first.page, () => first.page.getByRole('button', { name: 'Volgende zaak oppakken' }).click());
    await first.page.waitForURL(`${first.base}/zaken/${zaakId}?gedaan=opgepakt`);

    // The colleague's old tab still offers the reveal: posting it now is refused, nothing recorded or shown.
    const before = (await recordsOf(zaakId)).length;
    const [refused] = await Promise.all([
      staleTab.waitForResponse((r) => r.request().method() === 'POST'),
      navigation(staleTab, () => staleTab.getByRole('button', { name: 'Toon contactgegevens' }).click()),
    ]);
    expect(refused.status()).toBe(403);
    await expect(staleTab.getByRole('heading', { name: 'Dit mag alleen wie de zaak heeft opgepakt' }).count()).resolves.toBe(1);
    const refusedPage = await staleTab.content();
    for (const value of personalData(signal)) expect(refusedPage).not.toContain(value);
    expect((await recordsOf(zaakId)).length).toBe(before);
    expect((await api('shv-1696-b', 'GET', `/v1/zaken/${zaakId}/contactgegevens`)).status).toBe(403);
    await checkPage(staleTab, 'zaak-collega-geweigerd');
    staleCsp.expectNone();

    // Opened afresh, the case says whose it is and offers no actions.
    await page.goto(`${base}/werkvoorraad`);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Zaak ${zaakId.slice(-8)}` }) });
    expect(await row.innerText()).toContain('Opgepakt door een collega');
    await navigation(page, () => row.getByRole('link').click());
    await page.waitForURL(`${base}/zaken/${zaakId}`);
    await expect(page.getByText(/Een collega heeft deze zaak opgepakt/).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Toon contactgegevens' }).count()).resolves.toBe(0);
    await checkPage(page, 'zaak-collega');

    await navigation(first.page, () => first.page.getByRole('button', { name: 'Toon contactgegevens' }).click());
    await expect(first.page.getByText(signal.persoon.achternaam, { exact: true }).count()).resolves.toBe(1);

    expectNothingPersonalIn(first);
    expectNothingPersonalIn(colleague);
    await first.context.close();
    await colleague.context.close();
  }, 180_000);

  it('a worker of another municipality gets the 404 page for the case and for every action on it', async () => {
    await drainQueue();
    await seed();
    const claimed = await api('shv-1696', 'POST', '/v1/zaken/_oppakken');
    const zaakId = claimed.json.zaakId as string;
    const amsterdam = await loginAs(browser, gw, 'shv-0363');
    const { page, base } = amsterdam;
    const response = await page.goto(`${base}/zaken/${zaakId}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Niet gevonden' }).count()).resolves.toBe(1);
    await checkPage(page, 'zaak-andere-gemeente');
    const csrf = await csrfOf(page);
    for (const action of ['contactgegevens', 'contactpogingen', 'afsluiten', 'vrijgeven']) {
      const res = await page.request.post(`${base}/zaken/${zaakId}/${action}`, { form: { _csrf: csrf, soort: 'Mail', datum: '2026-11-22', dagdeel: 'Ochtend', eindresultaat: 'Verwijzing zonder contact' }, maxRedirects: 0 });
      expect(res.status()).toBe(404);
    }
    await page.goto(`${base}/werkvoorraad`);
    await expect(page.getByRole('link', { name: `Zaak ${zaakId.slice(-8)}` }).count()).resolves.toBe(0);
    expect(await gw.redis.hget(`vs:zaak:${zaakId}`, 'status')).toBe('opgepakt');
    expectNothingPersonalIn(amsterdam);
    await amsterdam.context.close();
  }, 120_000);

  it('refuses a form post with a missing or a wrong CSRF token (403) and changes nothing', async () => {
    await drainQueue();
    await seed();
    const worker = await loginAs(browser, gw, 'shv-1696');
    const { page, base } = worker;
    await page.goto(`${base}/werkvoorraad`);
    const attempt = { soort: 'Mail', datum: '2026-11-22', dagdeel: 'Ochtend' };
    for (const token of [undefined, 'verkeerd-token']) {
      const form: Record<string, string> = token === undefined ? {} : { _csrf: token };
      const claim = await page.request.post(`${base}/werkvoorraad/oppakken`, { form, maxRedirects: 0 });
      expect(claim.status()).toBe(403);
      expect(await gw.redis.zcard('vs:zaken:open:1696')).toBe(1);
    }
    await navigation(page, () => page.getByRole('button', { name: 'Volgende zaak oppakken' }).click());
    await page.waitForURL(/\/zaken\/[0-9a-f-]{36}\?gedaan=opgepakt$/);
    const zaakId = zaakIdIn(page.url());
    const stored = await gw.redis.hgetall(`vs:zaak:${zaakId}`);
    const records = (await recordsOf(zaakId)).length;
    for (const token of [undefined, 'verkeerd-token']) {
      const form: Record<string, string> = token === undefined ? {} : { _csrf: token };
      for (const [action, fields] of [['contactgegevens', {}], ['contactpogingen', attempt], ['afsluiten', { eindresultaat: 'Verwijzing zonder contact' }], ['vrijgeven', {}]] as const) {
        const res = await page.request.post(`${base}/zaken/${zaakId}/${action}`, { form: { ...fields, ...form }, maxRedirects: 0 });
        expect(res.status()).toBe(403);
        expect(await res.text()).not.toContain(seeded.at(-1)!.persoon.achternaam);
      }
    }
    expect(await gw.redis.hgetall(`vs:zaak:${zaakId}`)).toEqual(stored);
    expect((await recordsOf(zaakId)).length).toBe(records);
    await api('shv-1696', 'POST', `/v1/zaken/${zaakId}/_afsluiten`, { eindresultaat: 'Verwijzing zonder contact' });
    expectNothingPersonalIn(worker);
    await worker.context.close();
  }, 120_000);

  it('explains a lapsed claim (409) in Dutch and records nothing of the refused action', async () => {
    await drainQueue();
    await seed();
    const worker = await loginAs(browser, gw, 'shv-1696');
    await worker.page.goto(`${worker.base}/werkvoorraad`);
    await navigation(worker.page, () => worker.page.getByRole('button', { name: 'Volgende zaak oppakken' }).click());
    await worker.page.waitForURL(/\/zaken\/[0-9a-f-]{36}\?gedaan=opgepakt$/);
    const zaakId = zaakIdIn(worker.page.url());
    await worker.context.close();

    gw.clock.advance(8 * 86_400_000); // past the five working days of the lease (the session has lapsed too: log in again)
    const again = await loginAs(browser, gw, 'shv-1696');
    const { page, base } = again;
    await page.goto(`${base}/zaken/${zaakId}`);
    await page.getByRole('radio', { name: 'Telefoon' }).check();
    await page.getByRole('radio', { name: 'Avond' }).check();
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      navigation(page, () => page.getByRole('button', { name: 'Contactpoging vastleggen' }).click()),
    ]);
    expect(answer.status()).toBe(409);
    await expect(page.getByRole('heading', { name: 'Uw claim op deze zaak is verlopen' }).count()).resolves.toBe(1);
    await expect(page.getByText(/daarom is hij teruggezet in de wachtrij/).count()).resolves.toBe(1);
    await checkPage(page, 'zaak-claim-verlopen');
    const names = (await recordsOf(zaakId)).map((r) => r.name);
    expect(names).toContain('claim-verlopen');
    expect(names).not.toContain('contactpoging');
    expect(await gw.redis.hget(`vs:zaak:${zaakId}`, 'status')).toBe('open');
    await navigation(page, () => page.getByRole('link', { name: 'Naar de werkvoorraad' }).click());
    await page.waitForURL(`${base}/werkvoorraad`);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Zaak ${zaakId.slice(-8)}` }) });
    expect(await row.innerText()).toMatch(/Open$/);
    expectNothingPersonalIn(again);
    await again.context.close();
  }, 120_000);

  it('the whole journey by keyboard only: Tab, Enter and Space', async () => {
    await drainQueue();
    const { signal, signaalId } = await seed();
    const base = werkplekUrl(gw);
    const context = await newContext(browser);
    const page = await context.newPage();
    const csp = await collectCspViolations(page);
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    const key = (name: 'Tab' | 'Enter' | 'Space') => page.keyboard.press(name);

    await page.goto(`${base}/`);
    await tabTo(page, `Inloggen als ${findDemoAccount('shv-1696')!.name}`);
    await navigation(page, () => key('Enter'));
    await page.waitForURL(`${base}/`);
    await tabTo(page, 'Werkvoorraad');
    await navigation(page, () => key('Enter'));
    await page.waitForURL(`${base}/werkvoorraad`);
    await checkPage(page, 'toetsenbord-werkvoorraad');

    await tabTo(page, /^Huur \(\d+\)$/);
    await key('Space');
    await tabTo(page, 'Filters toepassen');
    await navigation(page, () => key('Enter'));
    await page.waitForURL(`${base}/werkvoorraad?partner=Huur`);
    await tabTo(page, 'Volgende zaak oppakken');
    await navigation(page, () => key('Enter'));
    await page.waitForURL(/\/zaken\/[0-9a-f-]{36}\?gedaan=opgepakt$/);
    const zaakId = zaakIdIn(page.url());

    await tabTo(page, 'Toon contactgegevens');
    await navigation(page, () => key('Enter'));
    await page.waitForURL(`${base}/zaken/${zaakId}/contactgegevens`);
    await expect(page.getByText(signal.persoon.achternaam, { exact: true }).count()).resolves.toBe(1);
    await checkPage(page, 'toetsenbord-contactgegevens');

    // First attempt: by mail (the group's first option), not reached, this morning.
    await tabTo(page, 'Mail');
    await key('Space');
    await tabTo(page, 'Ochtend');
    await key('Space');
    await tabTo(page, 'Contactpoging vastleggen');
    await navigation(page, () => key('Enter'));
    await page.waitForURL(`${base}/zaken/${zaakId}?gedaan=contactpoging`);
    // Second attempt: reached.
    await tabTo(page, 'Mail');
    await key('Space');
    await tabTo(page, 'Ik heb de inwoner bereikt');
    await key('Space');
    await tabTo(page, 'Ochtend');
    await key('Space');
    await tabTo(page, 'Contactpoging vastleggen');
    await navigation(page, () => key('Enter'));
    await page.waitForURL(`${base}/zaken/${zaakId}?gedaan=contactpoging`);
    await checkPage(page, 'toetsenbord-contactpogingen');

    await tabTo(page, 'Niet opgepakt: herhaalde melding');
    await key('Space');
    await tabTo(page, 'Zaak afsluiten');
    await navigation(page, () => key('Enter'));
    await page.waitForURL(`${base}/zaken/${zaakId}?gedaan=afgesloten`);
    await checkPage(page, 'toetsenbord-afgesloten');

    const stored = await gw.redis.hgetall(`vs:zaak:${zaakId}`);
    expect(stored).toMatchObject({ status: 'afgesloten', eindresultaat: 'Niet opgepakt: herhaalde melding' });
    const today = dutchDate(gw.clock.now);
    expect(JSON.parse(stored.contactpogingen!)).toEqual([
      { soort: 'Mail', bereikt: false, datum: today, dagdeel: 'Ochtend' },
      { soort: 'Mail', bereikt: true, datum: today, dagdeel: 'Ochtend' },
    ]);
    expect(await partnerStatus(signaalId)).toBe('niet opgepakt');
    expect((await recordsOf(zaakId)).map((r) => r.name)).toEqual(
      expect.arrayContaining(['zaak-opgepakt', 'contactgegevens-ingezien', 'contactpoging', 'contactpoging', 'zaak-afgesloten']),
    );
    for (const url of urls) for (const value of allPersonalData()) expect(decodeURIComponent(url)).not.toContain(value);
    csp.expectNone();
    for (const value of allPersonalData()) expect(gw.logs.join('')).not.toContain(value);
    await context.close();
  }, 180_000);
});
