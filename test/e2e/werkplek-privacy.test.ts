import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, saveScreenshot } from '../helpers/browser.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { loginAs, type SignedIn } from '../helpers/werkplek.js';
import { exampleSignal } from './fixtures.js';
import { auditRecords } from '../helpers/audit.js';
import { retentionReport } from '../../src/retention/report.js';
import { formatDateTime } from '../../src/web/format.js';

/*
 * The privacy officer's Werkplek in a real browser: the Auditlog (filters, person search, a
 * record, its proof verified by the browser itself), Beleid, Bewaartermijnen and the
 * Inzageverzoek — on a gateway that received a real signal and whose case a worker claimed.
 */
let gw: TestGateway;
let browser: Browser;
let seeded: { zaakId: string; signal: Record<string, any> };
/** A copy of the policy bundle the beheerder's test may edit. */
let policies: string;

beforeAll(async () => {
  policies = mkdtempSync(join(tmpdir(), 'vs-werkplek-beleid-'));
  cpSync(new URL('../../policies', import.meta.url).pathname, policies, { recursive: true });
  gw = await startTestGateway({ policiesDir: policies });
  browser = await launchBrowser();
  // A resident of their own: other tests here send the example person at other addresses.
  const base = exampleSignal();
  const signal = exampleSignal({ persoon: { ...base.persoon, voorletters: 'M.', voorvoegsel: '', achternaam: 'Zwart', geboortedatum: '1979-03-02', telefoonnummer: '0611122233', email: 'm.zwart@example.nl' } });
  expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now })).status).toBe(202);
  const claimed = await callAs(gw, { sub: 'shv-1696', gemeentecode: '1696', role: 'schuldhulpverlener' }, 'POST', '/v1/zaken/_oppakken');
  expect(claimed.status).toBe(200);
  seeded = { zaakId: claimed.json.zaakId as string, signal };
  await gw.sequence();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gw?.stop();
  rmSync(policies, { recursive: true, force: true });
});

/** The resident's personal data, as it must never appear in a URL, a title or a log line. */
const personalValues = () => [seeded.signal.persoon.achternaam, seeded.signal.persoon.geboortedatum, seeded.signal.persoon.telefoonnummer, seeded.signal.persoon.email, seeded.signal.adres.straatnaam, seeded.signal.adres.postcode];

/** Every title the page had, to check none carries personal data. */
function trackTitles(page: Page): string[] {
  const titles: string[] = [];
  page.on('load', () => void page.title().then((t) => titles.push(t), () => undefined));
  return titles;
}

async function fillIdentity(page: Page, signal: Record<string, any>) {
  await page.getByLabel('Voorletters').fill(signal.persoon.voorletters);
  await page.getByLabel('Tussenvoegsel').fill(signal.persoon.voorvoegsel);
  await page.getByLabel('Achternaam').fill(signal.persoon.achternaam);
  await page.getByLabel('Geboortedatum').fill(signal.persoon.geboortedatum);
}

function expectNothingPersonal(signedIn: SignedIn, titles: string[]) {
  for (const value of personalValues()) {
    for (const url of signedIn.urls) expect(url).not.toContain(encodeURIComponent(value));
    for (const url of signedIn.urls) expect(url).not.toContain(value);
    for (const title of titles) expect(title).not.toContain(value);
    expect(gw.logs.join('')).not.toContain(value);
  }
}

describe('Auditlog', () => {
  it('the officer finds the case records by filter and by person, opens one, and the browser verifies its proof', async () => {
    const signedIn = await loginAs(browser, gw, 'fg');
    const { page } = signedIn;
    const titles = trackTitles(page);

    await page.getByRole('link', { name: 'Auditlog' }).click();
    await page.waitForURL(/\/auditlog$/);
    await expect(page.getByRole('heading', { name: 'Auditlog', level: 1 }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    // Filter: the outreach activity holds the worker's claim of the case.
    await page.getByLabel('Verwerkingsactiviteit').selectOption({ label: 'Contact opnemen met de inwoner (outreach)' });
    await page.getByRole('button', { name: 'Filter toepassen' }).click();
    await page.waitForURL(/activiteit=/);
    const table = page.getByRole('table', { name: 'Records in logvolgorde' });
    await expect(table.getByRole('row').filter({ hasText: 'zaak-opgepakt' }).count()).resolves.toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'werkplek-auditlog-gefilterd');

    // By partner too: the intake's records of the Huur partner.
    const huur = await page.getByLabel('Signaalpartner').locator('option', { hasText: 'Huur' }).first().getAttribute('value');
    await page.goto(`${signedIn.base}/auditlog?partner=${huur}`);
    await expect(page.getByRole('table', { name: 'Records in logvolgorde' }).getByRole('row').count()).resolves.toBeGreaterThan(1);

    // Person search: identity in a POST body; the answer lists the case's records.
    await page.goto(`${signedIn.base}/auditlog`);
    await fillIdentity(page, seeded.signal);
    await page.getByRole('button', { name: 'Zoeken op persoon' }).click();
    await page.waitForURL(/\/auditlog\/zoeken$/);
    const found = page.getByRole('table', { name: 'Records over deze persoon' });
    await expect(found.getByRole('row').filter({ hasText: 'zaak-opgepakt' }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'werkplek-auditlog-persoon');

    // Open the claim's record and let the browser check its proof.
    await found.getByRole('row').filter({ hasText: 'zaak-opgepakt' }).getByRole('link').click();
    await page.waitForURL(/\/auditlog\/records\/\d+$/);
    await expect(page.getByText(seeded.zaakId).count()).resolves.toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Bewijs controleren' }).click();
    await expect(page.getByText('Opgenomen in het log (geverifieerd in uw browser)').waitFor()).resolves.toBeUndefined();
    expect(page.url()).toMatch(/\/auditlog\/records\/\d+$/); // checked in place, no navigation
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'werkplek-auditlog-bewijs-geverifieerd');

    signedIn.csp.expectNone();
    expectNothingPersonal(signedIn, titles);
    await signedIn.context.close();
  }, 120_000);

  it('pages through the log in order, and refuses an invalid filter at its field', async () => {
    // One record per signal: enough signals for more than one page of 25.
    for (let i = 0; i < 26; i++) expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now })).status).toBe(202);
    await gw.sequence();
    const signedIn = await loginAs(browser, gw, 'fg');
    const { page } = signedIn;
    const numbers = async () => (await page.getByRole('table', { name: 'Records in logvolgorde' }).getByRole('link').allTextContents()).map(Number);

    await page.goto(`${signedIn.base}/auditlog`);
    const first = await numbers();
    expect(first).toEqual(Array.from({ length: 25 }, (_, i) => i));
    await page.getByRole('link', { name: 'Volgende pagina' }).click();
    const second = await numbers();
    expect(second[0]).toBe(25);
    expect(second).toEqual([...second].sort((a, b) => a - b));
    await expect(page.getByRole('link', { name: 'Eerste pagina' }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    const refused = await page.goto(`${signedIn.base}/auditlog?van=gisteren&besluit=misschien`);
    expect(refused?.status()).toBe(400);
    await expect(page.getByText('Vul een datum in als JJJJ-MM-DD.').count()).resolves.toBe(1);
    await expect(page.getByText('Kies toegestaan of geweigerd.').count()).resolves.toBe(1);
    await expect(page.getByLabel('Vanaf datum').getAttribute('aria-invalid')).resolves.toBe('true');
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'werkplek-auditlog-ongeldig-filter');
    signedIn.csp.expectNone();
    await signedIn.context.close();
  }, 120_000);

  it('reports a tampered proof or checkpoint as failed, naming what failed', async () => {
    const signedIn = await loginAs(browser, gw, 'fg');
    const { page } = signedIn;
    const index = await claimRecordIndex();

    // A proof whose first hash was changed on the way.
    await page.route('**/auditlog/records/*/bewijs?*', async (route) => {
      const response = await route.fetch();
      const proof = await response.json();
      proof.bewijs[0] = Buffer.alloc(32, 7).toString('base64');
      await route.fulfill({ response, json: proof });
    });
    await page.goto(`${signedIn.base}/auditlog/records/${index}`);
    await page.getByRole('button', { name: 'Bewijs controleren' }).click();
    const failed = page.getByText(/^Controle mislukt: Inclusiebewijs — het bewijs leidt tot boomwortel .+, het ondertekende checkpoint noemt .+/);
    await expect(failed.waitFor()).resolves.toBeUndefined();
    await expect(page.getByText('Opgenomen in het log (geverifieerd in uw browser)').count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'werkplek-auditlog-bewijs-mislukt');
    await page.unrouteAll();

    // A checkpoint whose tree size was changed after signing.
    await page.route('**/auditlog/checkpoint', async (route) => {
      const response = await route.fetch();
      const note = await response.text();
      await route.fulfill({ response, body: note.replace(/\n(\d+)\n/, (_m, n: string) => `\n${Number(n) + 1}\n`) });
    });
    await page.goto(`${signedIn.base}/auditlog/records/${index}`);
    await page.getByRole('button', { name: 'Bewijs controleren' }).click();
    await expect(page.getByText(/^Controle mislukt: Handtekening van het checkpoint — de handtekening klopt niet/).waitFor()).resolves.toBeUndefined();
    await expect(page.getByText('Opgenomen in het log (geverifieerd in uw browser)').count()).resolves.toBe(0);
    await page.unrouteAll();

    signedIn.csp.expectNone();
    await signedIn.context.close();
  }, 120_000);

  it('without JavaScript the button shows the proof data and says how to check it', async () => {
    const signedIn = await loginAs(browser, gw, 'fg');
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'nl-NL', javaScriptEnabled: false, storageState: await signedIn.context.storageState() });
    const page = await context.newPage();
    const index = await claimRecordIndex();
    await page.goto(`${signedIn.base}/auditlog/records/${index}`);
    await page.getByRole('button', { name: 'Bewijs controleren' }).click();
    await page.waitForURL(/\/controle\??$/);
    await expect(page.getByRole('heading', { name: `Bewijs van record ${index}` }).count()).resolves.toBe(1);
    await expect(page.getByText('vroegsignaal audit verify').count()).resolves.toBe(1);
    await expect(page.getByText('— localhost/vroegsignaal', { exact: false }).count()).resolves.toBe(1);
    await saveScreenshot(page, 'werkplek-auditlog-bewijs-zonder-javascript');
    // axe runs as a script: check the same page in the JavaScript context.
    await signedIn.page.goto(page.url());
    await expectNoAxeViolations(signedIn.page);
    await context.close();
    await signedIn.context.close();
  }, 120_000);
});

/** The log index of the worker's claim of the seeded case. */
async function claimRecordIndex(): Promise<number> {
  const res = await callAs(gw, { sub: 'fg', gemeentecode: '0000', role: 'privacy-officer' }, 'GET', '/v1/auditlog/records?activiteit=urn:vroegsignaal:verwerking:contact-opnemen');
  const hit = (res.json.records as Array<{ index: number; record: any }>).find((r) => r.record?.name === 'zaak-opgepakt' && r.record.attributes['vroegsignaal.zaak_id'] === seeded.zaakId);
  expect(hit).toBeDefined();
  return hit!.index;
}

describe('Beleid', () => {
  it('shows the privacy officer the register, every rule with its source and geverifieerd flag, and the revision; no reload button', async () => {
    const signedIn = await loginAs(browser, gw, 'fg');
    const { page } = signedIn;
    await page.getByRole('link', { name: 'Beleid' }).click();
    await page.waitForURL(/\/beleid$/);
    const revisie = (await callAs(gw, { sub: 'fg', gemeentecode: '0000', role: 'privacy-officer' }, 'GET', '/v1/beleid')).json.revisie as string;
    await expect(page.getByText(revisie).count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: 'Vroegsignalen ontvangen en routeren' }).count()).resolves.toBe(1);
    const huur = page.getByRole('table', { name: 'Signaalpartner Huur' });
    const allowed = huur.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Mag signaleren' }) });
    await expect(allowed.getByRole('cell').allTextContents()).resolves.toEqual(['ja', 'Bgs art. 2 (verhuurders van woonruimte)', 'geverifieerd']);
    const effort = huur.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Vereiste inspanningen' }) });
    await expect(effort.getByText('nog te bevestigen').count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Beleid herladen' }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'werkplek-beleid');
    signedIn.csp.expectNone();
    await signedIn.context.close();
  }, 120_000);

  it('lets a beheerder reload the policy, and shows a refused bundle with its findings while the old one stays', async () => {
    const signedIn = await loginAs(browser, gw, 'beheerder');
    const { page } = signedIn;
    await page.getByRole('link', { name: 'Beleid' }).click();
    const before = (await callAs(gw, { sub: 'beheer', gemeentecode: '0000', role: 'beheerder' }, 'GET', '/v1/beleid')).json.revisie as string;

    const file = join(policies, 'signaalpartners.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('minimaleDagenAchterstand: { waarde: 30,', 'minimaleDagenAchterstand: { waarde: 20,'));
    try {
      await page.getByRole('button', { name: 'Beleid herladen' }).click();
      await page.waitForURL(/\/beleid\/herladen$/);
      const after = (await callAs(gw, { sub: 'beheer', gemeentecode: '0000', role: 'beheerder' }, 'GET', '/v1/beleid')).json.revisie as string;
      expect(after).not.toBe(before);
      await expect(page.getByRole('status').filter({ hasText: `Beleid herladen: revisie ${before} is vervangen door ${after}.` }).count()).resolves.toBe(1);
      const records = (await auditRecords(gw.redis)).map((e) => e.record);
      expect(records).toContainEqual(expect.objectContaining({ kind: 'besluit', path: 'beleid/herladen', input: { oude_revisie: before, nieuwe_revisie: after } }));
      await expectNoAxeViolations(page);
      await saveScreenshot(page, 'werkplek-beleid-herladen');

      writeFileSync(file, original.replace('toegestaan: { waarde: true', 'toegestaan: { waarde: misschien'));
      await page.getByRole('button', { name: 'Beleid herladen' }).click();
      const refusal = page.getByRole('alert');
      await expect(refusal.getByText('Het nieuwe beleid is geweigerd; het huidige blijft gelden.', { exact: false }).count()).resolves.toBe(1);
      await expect(refusal.getByRole('listitem').filter({ hasText: /^signaalpartners\.yaml: types\.\w+\.toegestaan/ }).count()).resolves.toBeGreaterThan(0);
      expect((await callAs(gw, { sub: 'beheer', gemeentecode: '0000', role: 'beheerder' }, 'GET', '/v1/beleid')).json.revisie).toBe(after);
      await expectNoAxeViolations(page);
      await saveScreenshot(page, 'werkplek-beleid-geweigerd');
    } finally {
      writeFileSync(file, original);
      await callAs(gw, { sub: 'beheer', gemeentecode: '0000', role: 'beheerder' }, 'POST', '/v1/beleid/_herladen');
    }
    signedIn.csp.expectNone();
    await signedIn.context.close();
  }, 120_000);
});

describe('Bewaartermijnen', () => {
  it('shows the retention report: what is kept per kind, what expires when, nothing overdue, the sweeper and destroyed keys', async () => {
    const signedIn = await loginAs(browser, gw, 'fg');
    const { page } = signedIn;
    await page.getByRole('link', { name: 'Bewaartermijnen' }).click();
    await page.waitForURL(/\/bewaartermijnen$/);
    const report = await retentionReport(gw.redis, gw.clock.now, 'P2Y');
    const kept = (kind: keyof typeof report & ('contactgegevens' | 'zaakfeiten' | 'auditInhoud')) => String(Object.values(report[kind].perMaand).reduce((a, b) => a + b, 0));
    const table = page.getByRole('table', { name: 'Bewaartermijn en achterstand per soort gegeven' });
    const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) }).getByRole('cell').allTextContents();
    expect(Number(kept('auditInhoud'))).toBeGreaterThan(0);
    await expect(row('Inhoud van auditrecords')).resolves.toEqual(['P2Y vanaf vastlegging', kept('auditInhoud'), '0']);
    await expect(row('Zaakfeiten')).resolves.toEqual(['P2Y vanaf afsluiting zaak', kept('zaakfeiten'), '0']);
    await expect(page.getByText('Niets is over zijn bewaartermijn', { exact: false }).count()).resolves.toBe(1);
    await expect(page.getByRole('table', { name: 'Aantal gegevens dat per maand verloopt' }).getByRole('row').count()).resolves.toBeGreaterThan(1);
    // The gateway sweeps once at start: the page names that moment.
    expect(report.laatsteVeger).not.toBeNull();
    await expect(page.getByText(`Laatste veegronde: ${formatDateTime(report.laatsteVeger)}.`).count()).resolves.toBe(1);
    await expect(page.getByText(report.vernietigdeSleutels.length === 0 ? 'Er is nog geen periodesleutel vernietigd.' : 'Vernietigde periodesleutels').count()).resolves.toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'werkplek-bewaartermijnen');
    signedIn.csp.expectNone();
    await signedIn.context.close();
  }, 120_000);
});

describe('Inzageverzoek', () => {
  it('answers the access request as the API does, prints without navigation or buttons, and downloads by POST', async () => {
    const signedIn = await loginAs(browser, gw, 'fg');
    const { page } = signedIn;
    const titles = trackTitles(page);
    await page.getByRole('link', { name: 'Inzageverzoek' }).click();
    await page.waitForURL(/\/inzageverzoek$/);
    await expectNoAxeViolations(page);

    // Neither a birth date nor an address: refused at the form, with the reason at the field.
    await page.getByLabel('Achternaam').fill(seeded.signal.persoon.achternaam);
    await page.getByRole('button', { name: 'Inzageverzoek beantwoorden' }).click();
    await expect(page.getByText('Vul de geboortedatum in, of anders postcode en huisnummer.').count()).resolves.toBe(1);
    await expectNoAxeViolations(page);

    await fillIdentity(page, seeded.signal);
    await page.getByRole('button', { name: 'Inzageverzoek beantwoorden' }).click();
    await expect(page.getByRole('heading', { name: 'Antwoord op inzageverzoek', level: 1 }).count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: `Zaak ${seeded.zaakId}` }).count()).resolves.toBe(1);
    await expect(page.getByText(seeded.signal.persoon.telefoonnummer, { exact: true }).count()).resolves.toBe(1);
    const processing = page.getByRole('table', { name: 'Verwerkingen van de gegevens van de inwoner' });
    await expect(processing.getByRole('row').filter({ hasText: 'zaak-opgepakt' }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'werkplek-inzageverzoek-antwoord');

    // The same as the API's answer (its own request adds records, so compare the cases).
    const api = await callAs(gw, { sub: 'fg', gemeentecode: '0000', role: 'privacy-officer' }, 'POST', '/v1/inwoners/_inzage', {
      persoon: { voorletters: seeded.signal.persoon.voorletters, voorvoegsel: seeded.signal.persoon.voorvoegsel, achternaam: seeded.signal.persoon.achternaam, geboortedatum: seeded.signal.persoon.geboortedatum },
    });
    expect(api.status).toBe(200);

    // On paper: the answer only.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Hoofdmenu' }).isHidden()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Antwoord downloaden (JSON)' }).isHidden()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: /uitloggen/i }).first().isHidden()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: `Zaak ${seeded.zaakId}` }).isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'werkplek-inzageverzoek-afdruk');
    await page.emulateMedia({ media: 'screen' });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Antwoord downloaden (JSON)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^inzageverzoek-\d{4}-\d{2}-\d{2}\.json$/);
    const downloaded = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(downloaded.zaken).toEqual(api.json.zaken);
    expect(downloaded.zaken[0].zaakId).toBe(seeded.zaakId);

    signedIn.csp.expectNone();
    expectNothingPersonal(signedIn, titles);
    await signedIn.context.close();
  }, 120_000);
});

describe('access and forms', () => {
  it('refuses a worker every privacy page (403) and its JSON, shown as a page', async () => {
    const signedIn = await loginAs(browser, gw, 'shv-1696');
    const { page } = signedIn;
    for (const path of ['/auditlog', '/auditlog/records/0', '/beleid', '/bewaartermijnen', '/inzageverzoek']) {
      const response = await page.goto(`${signedIn.base}${path}`);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole('heading', { name: 'Geen toegang' }).count()).resolves.toBe(1);
    }
    await expectNoAxeViolations(page);
    for (const path of ['/auditlog/records/0/record', '/auditlog/records/0/bewijs', '/auditlog/checkpoint']) {
      expect((await signedIn.context.request.get(`${signedIn.base}${path}`)).status()).toBe(403);
    }
    await signedIn.context.close();
  }, 120_000);

  it("refuses every form post without this session's CSRF token, and records nothing", async () => {
    const officer = await loginAs(browser, gw, 'fg');
    const beheerder = await loginAs(browser, gw, 'beheerder');
    const identity = { voorletters: seeded.signal.persoon.voorletters, achternaam: seeded.signal.persoon.achternaam, geboortedatum: seeded.signal.persoon.geboortedatum };
    const before = (await auditRecords(gw.redis)).length;
    const posts: Array<[SignedIn, string, Record<string, string>]> = [
      [officer, '/auditlog/zoeken', identity],
      [officer, '/inzageverzoek', identity],
      [officer, '/inzageverzoek/download', identity],
      [beheerder, '/beleid/herladen', {}],
    ];
    for (const [who, path, form] of posts) {
      for (const token of [undefined, 'vals-token']) {
        const res = await who.context.request.post(`${who.base}${path}`, { form: { ...form, ...(token ? { _csrf: token } : {}) }, maxRedirects: 0 });
        expect(res.status(), `${path} ${token ?? 'zonder token'}`).toBe(403);
      }
    }
    expect((await auditRecords(gw.redis)).length).toBe(before);
    await officer.context.close();
    await beheerder.context.close();
  }, 120_000);
});
