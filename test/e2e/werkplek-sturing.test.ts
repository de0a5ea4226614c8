import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, saveScreenshot } from '../helpers/browser.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { loginAs } from '../helpers/werkplek.js';
import { exampleSignal } from './fixtures.js';

/*
 * The team lead's "Sturing" in a real browser: figures of their municipality only, which change
 * after a worker's actions, a chart with a table beside each, a CSV per table — and nothing of
 * a resident anywhere.
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

const worker = (method: string, path: string, body?: unknown) => callAs(gw, { sub: 'shv-1696', gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path, body);
const send = (creds: TestGateway['huur'], signal: unknown) => postSigned(gw.url, '/v1/vroegsignalen', creds, signal, { now: gw.clock.now });

/** The rows of the table with this caption, each as its cells' text (header row first). */
async function tableRows(page: Page, caption: string): Promise<string[][]> {
  const rows = page.getByRole('table', { name: caption }).getByRole('row');
  const result: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) result.push((await rows.nth(i).locator('th, td').allInnerTexts()).map((t) => t.trim()));
  return result;
}

/** Nothing of the seeded residents in a text: name, phone, e-mail, birth date, street, postcode. */
function expectNoPersonalData(text: string, signals: Array<Record<string, any>>) {
  for (const s of signals) {
    for (const value of [s.persoon.achternaam, s.persoon.telefoonnummer, s.persoon.email, s.persoon.geboortedatum, s.adres.straatnaam, s.adres.postcode, s.adres.plaatsnaam]) {
      expect(text).not.toContain(value);
    }
  }
}

describe('Sturing', () => {
  it('a team lead sees the figures of the month, and sees them change after a worker’s actions', async () => {
    gw.clock.set('2026-11-23T09:00:00Z'); // Monday
    const rent = exampleSignal({ signaaldatum: '2026-11-23' });
    const energy = { ...exampleSignal({ signaalpartner: 'Energie', signaaldatum: '2026-11-23' }), adres: rent.adres };
    const other = exampleSignal({ signaaldatum: '2026-11-23' });
    for (const [creds, signal] of [[gw.huur, rent], [gw.energie, energy], [gw.huur, other]] as const) expect((await send(creds, signal)).status).toBe(202);
    const signals = [rent, energy, other];
    // Two working days later (the session's idle timeout runs on the same clock: the team lead logs in now).
    gw.clock.set('2026-11-25T10:00:00Z');

    const { page, context, csp, urls, base } = await loginAs(browser, gw, 'teamleider-1696');
    await page.getByRole('link', { name: 'Sturing' }).click();
    await page.waitForURL(`${base}/sturing`);
    expect(await page.getByRole('heading', { name: 'Sturing', level: 1 }).count()).toBe(1);
    expect(await page.title()).toBe('Sturing november 2026 – Werkplek vroegsignalering');
    expect(await tableRows(page, 'Signalen en zaken in november 2026')).toEqual([
      ['Signaalpartner', 'Signalen ontvangen', 'Zaken gemaakt', 'Meervoudig', 'Opeenvolgend', 'Herhaalde meldingen'],
      ['Energie', '1', '0', '1', '0', '0'],
      ['Huur', '2', '2', '0', '0', '0'],
      ['Totaal', '3', '2', '1', '0', '0'],
    ]);
    // Each chart is one image with a name, and a table with the same numbers beside it.
    expect(await page.getByRole('img', { name: 'Signalen ontvangen per signaalpartner' }).count()).toBe(1);
    expect(await tableRows(page, 'Werkvoorraad nu')).toContainEqual(['Open, nog niet opgepakt', '2']);
    expect(await page.getByText('Deze maand werd er geen zaak opgepakt en geen inwoner bereikt.').count()).toBe(1);
    await expectNoAxeViolations(page);

    // A worker claims a case two working days after its signal, reaches the resident and closes the case.
    const claimed = await worker('POST', '/v1/zaken/_oppakken');
    expect(claimed.status).toBe(200);
    const path = `/v1/zaken/${claimed.json.zaakId}`;
    await page.reload();
    expect(await tableRows(page, 'Caseload per medewerker nu')).toEqual([['Medewerker', 'Zaken'], ['shv-1696', '1']]);
    await expectNoAxeViolations(page);

    gw.clock.advance(60_000);
    expect((await worker('POST', `${path}/contactpogingen`, { soort: 'Telefoon', bereikt: true, datum: '2026-11-25', dagdeel: 'Ochtend' })).status).toBe(201);
    expect((await worker('POST', `${path}/_afsluiten`, { eindresultaat: '(Budget)advies en/of quick fix' })).status).toBe(200);
    await page.reload();
    expect(await tableRows(page, 'Oppakken en bereik in november 2026')).toEqual([
      ['Signaalpartner', 'Zaken opgepakt', 'Binnen aanbodtermijn', 'Aandeel binnen termijn', 'Termijn verstreken zonder oppakken', 'Mediaan werkdagen tot oppakken', 'Zaken met contact', 'Bereik', 'Mediaan werkdagen tot eerste contact'],
      ['Huur', '1', '1', '100%', '0', '2', '1', '100%', '2'],
    ]);
    expect(await tableRows(page, 'Eindresultaten in november 2026')).toEqual([['Eindresultaat', 'Huur'], ['(Budget)advies en/of quick fix', '1']]);
    expect(await tableRows(page, 'Werkvoorraad nu')).toContainEqual(['Open, nog niet opgepakt', '1']);
    expect(await page.getByText('Op dit moment heeft niemand een zaak opgepakt.').count()).toBe(1);
    expect(await page.getByRole('img', { name: 'Bereik per signaalpartner (procent van de opgepakte zaken)' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'werkplek-sturing');
    expectNoPersonalData(await page.content(), signals);

    // The CSV of a table: a download with the same figures, nothing else.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download oppakken en bereik in november 2026 (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('sturing-1696-opvolging-2026-11.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'Signaalpartner;Zaken opgepakt;Binnen aanbodtermijn;Aandeel binnen termijn;Termijn verstreken zonder oppakken;Mediaan werkdagen tot oppakken;Zaken met contact;Bereik;Mediaan werkdagen tot eerste contact',
      'Huur;1;1;100%;0;2;1;100%;2',
      '',
    ]);
    for (const table of ['signalen', 'opvolging', 'eindresultaten', 'werkvoorraad', 'caseload']) {
      const answer = await context.request.get(`${base}/sturing/${table}.csv?maand=2026-11`);
      expect(answer.status()).toBe(200);
      expect(answer.headers()['content-disposition']).toMatch(/^attachment; filename="sturing-1696-/);
      expect(answer.headers()['content-type']).toBe('text/csv; charset=utf-8');
      expect(answer.headers()['cache-control']).toBe('no-store');
      expectNoPersonalData(await answer.text(), signals);
    }
    expect((await context.request.get(`${base}/sturing/zaken.csv`)).status()).toBe(404);

    // Another month through the month selector (a GET form): nothing happened in October.
    await page.getByRole('combobox', { name: 'Maand' }).selectOption({ label: 'oktober 2026' });
    await page.getByRole('button', { name: 'Toon maand' }).click();
    await page.waitForURL(`${base}/sturing?maand=2026-10`);
    expect(await page.getByText('Deze maand kwamen er geen signalen binnen.').count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Cijfers van oktober 2026' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    expect((await page.goto(`${base}/sturing?maand=2026-13`))?.status()).toBe(400);
    await expectNoAxeViolations(page);

    csp.expectNone();
    for (const url of urls) expectNoPersonalData(url, signals);
    await context.close();
  }, 120_000);

  it('a worker gets 403 on Sturing and its CSV, and no link to it', async () => {
    const { page, context, csp, base } = await loginAs(browser, gw, 'shv-1696');
    expect(await page.getByRole('link', { name: 'Sturing' }).count()).toBe(0);
    expect((await page.goto(`${base}/sturing`))?.status()).toBe(403);
    await expectNoAxeViolations(page);
    expect((await context.request.get(`${base}/sturing/caseload.csv`)).status()).toBe(403);
    csp.expectNone();
    await context.close();
  }, 60_000);
});
