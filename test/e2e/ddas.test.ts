import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runDdas } from '../../src/cli/ddas.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

const schema = JSON.parse(readFileSync(new URL('../../reference/ddas/v1.2/json_schema_Uitwisselmodel.json', import.meta.url), 'utf8'));
let gw: TestGateway;
let dir: string;
const env = { ...process.env };
beforeAll(async () => {
  gw = await startTestGateway();
  process.env.VROEGSIGNAAL_HOME = gw.home;
  process.env.REDIS_URL = gw.gateway.redisUrl;
  dir = mkdtempSync(join(tmpdir(), 'vs-ddas-'));
});
afterAll(async () => {
  process.env = env;
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const worker = (method: string, path: string, body?: unknown) => callAs(gw, { sub: 'w', gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path, body);

describe('vroegsignaal ddas', () => {
  it('writes a monthly delivery that validates against the DDAS v1.2 schema, with only allowed client fields', async () => {
    const signals = [exampleSignal(), exampleSignal({ crisissignaal: true }), exampleSignal()];
    signals[0]!.persoon.telefoonnummer = '0600000000';
    for (const s of signals) expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, s, { now: gw.clock.now })).status).toBe(202);
    const repeat = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, { ...signals[2], id: 'HERHAALD-1' }, { now: gw.clock.now });
    expect(repeat.status).toBe(202);
    const crisis = await worker('POST', '/v1/zaken/_oppakken');
    await worker('POST', `/v1/zaken/${crisis.json.zaakId}/contactpogingen`, { soort: 'Huisbezoek', bereikt: true, datum: '2026-11-22', dagdeel: 'Middag' });
    await worker('POST', `/v1/zaken/${crisis.json.zaakId}/_afsluiten`, { eindresultaat: '(Budget)advies en/of quick fix' });
    const next = await worker('POST', '/v1/zaken/_oppakken');
    await worker('POST', `/v1/zaken/${next.json.zaakId}/_afsluiten`, { eindresultaat: 'Niet opgepakt: onterecht signaal' });

    const out = join(dir, 'levering.json');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await runDdas(['--gemeente', '1696', '--maand', '2026-11', '--out', out])).toBe(0);
    } finally {
      log.mockRestore();
    }
    expect(statSync(out).mode & 0o077).toBe(0);
    const delivery = JSON.parse(readFileSync(out, 'utf8'));
    const ajv = new Ajv2020.default({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(delivery), JSON.stringify(validate.errors)).toBe(true);

    const levering = delivery.leveringen[0];
    expect(levering.vroegsignalen).toHaveLength(4);
    const statuses = levering.vroegsignalen.map((v: { status?: string }) => v.status).sort();
    expect(statuses).toEqual(['Opgepakt', 'Niet opgepakt: herhaalde melding', 'Niet opgepakt: onterecht signaal', 'Nog niet opgepakt'].sort());
    for (const v of levering.vroegsignalen) {
      expect(Object.keys(v.client).sort()).toEqual(['geboortedatum', 'huisnummer', 'huisnummertoevoeging', 'postcode']);
    }
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('0600000000');
    // v1.2 names (ChangeLog v1.2): the v0.9/v1.1 spellings are refused by the schema.
    expect(levering.aanleverendeOrganisatie).toEqual({ naam: 'Gemeente Wijdemeren' });
    for (const old of ['aanleverende_organisatie', 'datum_opgepakt', 'startdatum_matchtingperiode', 'einddatum_matchingperiode']) expect(text).not.toContain(old);
    const crisisCase = levering.vroegsignaalzaken.find((z: { resultaat?: string }) => z.resultaat === '(Budget)advies en/of quick fix');
    expect(crisisCase).toMatchObject({ startdatumMatchingperiode: '2026-11-01', einddatumMatchingperiode: '2026-11-30', datumOpgepakt: '2026-11-22', contactpogingen: [{ soort: 'Huisbezoek', bereikt: true, datum: '2026-11-22', dagdeel: 'Middag' }] });
    expect(levering.vroegsignaalzaken).toHaveLength(3);
  });
});
