import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, saveScreenshot } from '../helpers/browser.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { loginAs, type SignedIn } from '../helpers/werkplek.js';
import { exampleSignal } from './fixtures.js';

/*
 * The privacy officer's Werkplek in a real browser: the Auditlog (filters, person search, a
 * record, its proof verified by the browser itself), Beleid, Bewaartermijnen and the
 * Inzageverzoek — on a gateway that received a real signal and whose case a worker claimed.
 */
let gw: TestGateway;
let browser: Browser;
let seeded: { zaakId: string; signal: Record<string, any> };

beforeAll(async () => {
  gw = await startTestGateway();
  browser = await launchBrowser();
  const signal = exampleSignal();
  expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now })).status).toBe(202);
  const claimed = await callAs(gw, { sub: 'shv-1696', gemeentecode: '1696', role: 'schuldhulpverlener' }, 'POST', '/v1/zaken/_oppakken');
  expect(claimed.status).toBe(200);
  seeded = { zaakId: claimed.json.zaakId as string, signal };
  await gw.sequence();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gw?.stop();
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
