import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAfnemer } from '../../src/cli/afnemer.js';
import { runToken } from '../../src/cli/token.js';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { readMonthFigures } from '../../src/reporting/read.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { auditRecords } from '../helpers/audit.js';
import { callGegevens, isGegevensRequest, loadConsumer, validateUitwisselmodel, verifyAnswer, type ConsumerCredentials, type DdasResponse } from '../helpers/ddas-client.js';
import { exampleSignal } from './fixtures.js';
import { createDevCa, issueCertificate } from '../../src/pki/certificates.js';
import { generateRsaKeyPair } from '../../src/pki/keys.js';
import { createPrivateKey, X509Certificate } from 'node:crypto';

const cbsOin = '00000099000000007000';
const limitedOin = '00000099000000007001';
let gw: TestGateway;
let dir: string;
let base: string;
let cbs: ConsumerCredentials;
let limited: ConsumerCredentials;
const november = { aanleverperiodeStartdatum: '2026-11-01', aanleverperiodeEinddatum: '2026-11-30' };

const quietly = async <T>(f: () => Promise<T>): Promise<T> => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return await f();
  } finally {
    log.mockRestore();
  }
};
const tokenFor = (sub: string, extra: { scope?: string; roles?: Array<'cbs' | 'beheerder'>; now?: Date } = {}) =>
  issueDevToken(gw.home, { sub, roles: extra.roles ?? ['cbs'], ...(extra.scope === '' ? {} : { scope: extra.scope ?? 'read' }), now: extra.now ?? gw.clock.now });
const pull = async (body: unknown, creds = cbs, token?: string) =>
  callGegevens(base, body, { creds, token: token ?? (await tokenFor(creds === limited ? limitedOin : cbsOin)), sign: { now: gw.clock.now } });
const worker = (gemeentecode: string, method: string, path: string, body?: unknown) => callAs(gw, { sub: `w-${gemeentecode}`, gemeentecode, role: 'schuldhulpverlener' }, method, path, body);
const amsterdam = () => {
  const s = exampleSignal();
  s.adres.postcode = '1011AB';
  return s;
};

beforeAll(async () => {
  gw = await startTestGateway();
  base = `${gw.url}/ddas/v1`;
  dir = mkdtempSync(join(tmpdir(), 'vs-ddas-pull-'));
  const env = { ...process.env, VROEGSIGNAAL_HOME: gw.home };
  await quietly(() => runAfnemer(['add', '--naam', 'CBS', '--oin', cbsOin, '--out', join(dir, 'cbs')], env));
  await quietly(() => runAfnemer(['add', '--naam', 'CBS beperkt', '--oin', limitedOin, '--out', join(dir, 'beperkt'), '--gemeenten', '0363'], env));
  cbs = loadConsumer(join(dir, 'cbs'));
  limited = loadConsumer(join(dir, 'beperkt'));

  // November: five signals in Wijdemeren (one a repeat), two in Amsterdam; cases worked.
  const wijdemeren = [exampleSignal(), exampleSignal({ crisissignaal: true }), exampleSignal(), exampleSignal()];
  for (const s of [...wijdemeren, amsterdam(), amsterdam()]) expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, s, { now: gw.clock.now })).status).toBe(202);
  expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, { ...wijdemeren[2], id: 'HERHAALD-1' }, { now: gw.clock.now })).status).toBe(202);
  const crisis = await worker('1696', 'POST', '/v1/zaken/_oppakken');
  await worker('1696', 'POST', `/v1/zaken/${crisis.json.zaakId}/contactpogingen`, { soort: 'Telefoon', bereikt: true, datum: '2026-11-22', dagdeel: 'Ochtend' });
  await worker('1696', 'POST', `/v1/zaken/${crisis.json.zaakId}/_afsluiten`, { eindresultaat: 'Verwijzing zonder contact' });
  await worker('0363', 'POST', '/v1/zaken/_oppakken');
  // A December signal: outside the period asked for.
  gw.clock.set('2026-12-01T10:00:00Z');
  expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now })).status).toBe(202);
  // November is over. The gateway's clock returns to the wall clock: the consumer's signing
  // certificate (x5c) is checked for validity at the gateway's time, and was issued just now.
  gw.clock.set(new Date().toISOString());
}, 120_000);
afterAll(async () => {
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function ids(res: DdasResponse): string[] {
  return res.json.gegevens.leveringen.flatMap((l: { vroegsignalen: Array<{ ID: string }> }) => l.vroegsignalen.map((v) => v.ID));
}

describe('DDAS pull API (POST /ddas/v1/gegevens)', () => {
  it('serves a period as signed pages, each valid against the v1.2 schema, disjoint, complete, with stable totals', async () => {
    const pages: DdasResponse[] = [];
    for (let page = 1; page <= 3; page++) {
      const body = { ...november, page, pageSize: 3 };
      expect(isGegevensRequest(body)).toBe(true);
      const res = await pull(body);
      expect(res.status, res.text).toBe(200);
      const signed = verifyAnswer(res, cbs.ca);
      expect(signed.signer.subject).toContain('serialNumber=00000099000000000001'); // the gateway's own OIN (GATEWAY_OIN), as on its client certificate
      expect(validateUitwisselmodel(res.json.gegevens), JSON.stringify(validateUitwisselmodel.errors)).toBe(true);
      expect(res.json.paginering).toEqual({ pageSize: 3, currentPage: page, totalPages: 3, totalRecords: 7 });
      pages.push(res);
    }
    const all = pages.flatMap(ids);
    expect(all).toHaveLength(7);
    expect(new Set(all).size).toBe(7);
    expect(pages.map((p) => ids(p).length)).toEqual([3, 3, 1]);
    // Every signal on a page is referenced by one case entry on that same page.
    for (const p of pages) {
      for (const l of p.json.gegevens.leveringen) {
        const refs = l.vroegsignaalzaken.flatMap((z: { vroegsignalen: Array<{ ID: string }> }) => z.vroegsignalen.map((v) => v.ID)).sort();
        expect(refs).toEqual(l.vroegsignalen.map((v: { ID: string }) => v.ID).sort());
      }
    }
    const leveringen = pages.flatMap((p) => p.json.gegevens.leveringen);
    expect([...new Set(leveringen.map((l) => l.gemeentecode))]).toEqual(['0363', '1696']);
    expect(leveringen.find((l) => l.gemeentecode === '0363').aanleverendeOrganisatie).toEqual({ naam: 'Gemeente Amsterdam' });
    // v1.2 values: the v0.9 end result 'Verwijzing zonder contact' as v1.2 names it.
    const zaken = leveringen.flatMap((l) => l.vroegsignaalzaken);
    expect(zaken.map((z) => z.resultaat).filter(Boolean)).toEqual(['Verwijzing zonder tussenkomst inwoner']);
    const statuses = leveringen.flatMap((l) => l.vroegsignalen.map((v: { status: string }) => v.status));
    expect(statuses.filter((s) => s === 'Niet opgepakt: herhaalde melding')).toHaveLength(1);
  });

  it("agrees with the team lead's figures for the same month (one source of truth)", async () => {
    const res = await pull(november);
    expect(res.status).toBe(200);
    expect(res.json.paginering).toBeUndefined(); // one page holds it all: not paged
    for (const levering of res.json.gegevens.leveringen) {
      const figures = await readMonthFigures(gw.redis, levering.gemeentecode, '2026-11');
      expect(levering.vroegsignalen).toHaveLength(figures.totaal.counts.signalen);
      expect(levering.vroegsignalen.filter((v: { status: string }) => v.status === 'Niet opgepakt: herhaalde melding')).toHaveLength(figures.totaal.counts.herhaald);
      const made = levering.vroegsignaalzaken.filter((z: { matchingsdatum: string }) => z.matchingsdatum.startsWith('2026-11'));
      expect(made).toHaveLength(figures.totaal.counts.zaken);
      const claimed = levering.vroegsignaalzaken.filter((z: { datumOpgepakt?: string }) => z.datumOpgepakt?.startsWith('2026-11'));
      expect(claimed).toHaveLength(figures.totaal.counts.opgepakt);
      const results = levering.vroegsignaalzaken.filter((z: { resultaat?: string }) => z.resultaat);
      expect(results).toHaveLength([...figures.totaal.eindresultaten.values()].reduce((a, b) => a + b, 0));
      for (const [partner, row] of figures.perPartner) {
        expect(levering.vroegsignalen.filter((v: { signaalpartner: { type: string } }) => v.signaalpartner.type === partner)).toHaveLength(row.counts.signalen);
      }
    }
  });

  it('writes one audit record per pull: consumer, period, municipalities, records, page', async () => {
    const before = (await auditRecords(gw.redis)).length;
    const res = await pull({ ...november, page: 2, pageSize: 3 });
    expect(res.status).toBe(200);
    const added = (await auditRecords(gw.redis)).slice(before).map((r) => r.record);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      kind: 'besluit', path: 'ddas/levering', result: 'allow', partner_oin: cbsOin, processing_activity_id: 'urn:vroegsignaal:verwerking:ddas-rapportage',
      input: { afnemer: cbsOin, periode: { start: '2026-11-01', eind: '2026-11-30' }, gemeenten: ['0344', '0363', '0518', '0599', '1696'], pagina: 2, paginagrootte: 3, paginas: 3, totaalRecords: 7, vroegsignalen: 3, digest: res.headers.digest },
    });
    // Counts and codes only: no client detail reaches the log.
    expect(JSON.stringify(added[0])).not.toContain('1234AB');
  });

  it('limits a consumer to the municipalities it may pull, and an organisation to its own', async () => {
    const own = await pull(november, limited);
    expect(own.status).toBe(200);
    expect(own.json.gegevens.leveringen.map((l: { gemeentecode: string }) => l.gemeentecode)).toEqual(['0363']);
    const other = await pull({ ...november, aanleverendeOrganisatie: 'Gemeente Wijdemeren' }, limited);
    expect(other.status).toBe(403);
    expect(other.headers['fsc-error-code']).toBe('ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN');
    expect(other.json).toMatchObject({ code: 'ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN', domain: 'ERROR_DOMAIN_INWAY', status: 403 });
    const named = await pull({ ...november, aanleverendeOrganisatie: 'Gemeente Wijdemeren' });
    expect(named.status).toBe(200);
    expect(named.json.gegevens.leveringen.map((l: { gemeentecode: string }) => l.gemeentecode)).toEqual(['1696']);
  });

  it('refuses callers without a valid access token with the FSC code the YAML lists', async () => {
    const noToken = await callGegevens(base, november, { creds: cbs, sign: { now: gw.clock.now } });
    expect([noToken.status, noToken.headers['fsc-error-code'], noToken.json.code]).toEqual([401, 'ERROR_CODE_ACCESS_TOKEN_MISSING', 'ERROR_CODE_ACCESS_TOKEN_MISSING']);
    expect(noToken.headers['www-authenticate']).toBe('Bearer');

    const expired = await pull(november, cbs, await tokenFor(cbsOin, { now: new Date(gw.clock.now.getTime() - 2 * 3_600_000) }));
    expect([expired.status, expired.headers['fsc-error-code']]).toEqual([401, 'ERROR_CODE_ACCESS_TOKEN_EXPIRED']);

    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const iat = Math.floor(gw.clock.now.getTime() / 1000);
    const forged = await new SignJWT({ roles: ['cbs'], scope: 'read' }).setProtectedHeader({ alg: 'ES256', kid: 'x' }).setIssuer('urn:vroegsignaal:ontwikkel-issuer')
      .setAudience('vroegsignaal').setSubject(cbsOin).setIssuedAt(iat).setExpirationTime(iat + 600).sign(privateKey);
    const bad = await pull(november, cbs, forged);
    expect([bad.status, bad.headers['fsc-error-code']]).toEqual([401, 'ERROR_CODE_ACCESS_TOKEN_INVALID']);

    const wrongAudience = await pull(november, cbs, await issueDevToken(gw.home, { sub: cbsOin, roles: ['cbs'], scope: 'read', audience: 'iets-anders', now: gw.clock.now }));
    expect([wrongAudience.status, wrongAudience.headers['fsc-error-code']]).toEqual([401, 'ERROR_CODE_ACCESS_TOKEN_INVALID']);

    const anothers = await pull(november, cbs, await tokenFor(limitedOin));
    expect([anothers.status, anothers.headers['fsc-error-code']]).toEqual([401, 'ERROR_CODE_ACCESS_TOKEN_INVALID']);

    const noScope = await pull(november, cbs, await tokenFor(cbsOin, { scope: '' }));
    expect([noScope.status, noScope.headers['fsc-error-code']]).toEqual([403, 'ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN']);
    const wrongRole = await pull(november, cbs, await tokenFor(cbsOin, { roles: ['beheerder'] }));
    expect([wrongRole.status, wrongRole.headers['fsc-error-code']]).toEqual([403, 'ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN']);
  });

  it('refuses an unsigned or tampered request (401) and a caller without a consumer certificate', async () => {
    const token = await tokenFor(cbsOin);
    const unsigned = await callGegevens(base, november, { creds: cbs, token, omit: ['signature'] });
    expect([unsigned.status, unsigned.json.code, unsigned.json.domain]).toEqual([401, 'handtekening-ontbreekt', 'ERROR_DOMAIN_INWAY']);
    const tamperedBody = await callGegevens(base, november, { creds: cbs, token, sign: { now: gw.clock.now }, replaceBody: JSON.stringify({ ...november, page: 2 }) });
    expect([tamperedBody.status, tamperedBody.json.code]).toEqual([401, 'digest-ongeldig']);
    const otherDigest = await callGegevens(base, november, { creds: cbs, token, sign: { now: gw.clock.now, signedDigest: 'SHA-256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' } });
    expect([otherDigest.status, otherDigest.json.code]).toEqual([401, 'handtekening-ongeldig']);
    // Signed by another consumer's certificate: the signature must carry the TLS client's OIN.
    const foreign = await callGegevens(base, november, { creds: { ...cbs, signingChain: limited.signingChain, signingKey: limited.signingKey }, token, sign: { now: gw.clock.now } });
    expect([foreign.status, foreign.json.code]).toEqual([401, 'handtekening-ongeldig']);
    // A signature made too long ago (sigT outside the window).
    const old = await callGegevens(base, november, { creds: cbs, token, sign: { now: new Date(gw.clock.now.getTime() - 3_600_000) } });
    expect([old.status, old.json.code]).toEqual([401, 'handtekening-verlopen']);
    // A signing certificate with the right OIN from a CA the gateway does not trust.
    const rogueCa = createDevCa('rogue CA');
    const rogueKeys = generateRsaKeyPair();
    const rogueCert = issueCertificate({ caCertPem: rogueCa.certPem, caKeyPem: rogueCa.keyPem, usage: 'signing', publicKeyPem: rogueKeys.publicKeyPem, subject: { commonName: 'CBS', serialNumber: cbsOin } });
    const rogue = await callGegevens(base, november, {
      creds: { ...cbs, signingKey: createPrivateKey(rogueKeys.privateKeyPem), signingChain: [new X509Certificate(rogueCert), new X509Certificate(rogueCa.certPem)] }, token, sign: { now: gw.clock.now },
    });
    expect([rogue.status, rogue.json.code]).toEqual([401, 'handtekening-ongeldig']);
    // A partner's certificate is not a consumer's.
    const partner = await callGegevens(base, november, { creds: { ...cbs, cert: gw.huur.cert, key: gw.huur.key }, token, sign: { now: gw.clock.now } });
    expect([partner.status, partner.json.code]).toEqual([401, 'afnemer-onbekend']);
  });

  it('answers 400 for an unknown or malformed field, 422 for a period or page it cannot serve, 405 for another method', async () => {
    const unknown = await pull({ ...november, maand: '2026-11', page: 0 });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/maand', '/page']);
    const beyond = await pull({ ...november, page: 4, pageSize: 3 });
    expect([beyond.status, beyond.json.code]).toEqual([422, 'pagina-bestaat-niet']);
    const notOver = await pull({ aanleverperiodeStartdatum: '2026-12-01', aanleverperiodeEinddatum: '2026-12-31' });
    expect([notOver.status, notOver.json.code]).toEqual([422, 'levering-niet-mogelijk']);
    const backwards = await pull({ aanleverperiodeStartdatum: '2026-11-30', aanleverperiodeEinddatum: '2026-11-01' });
    expect(backwards.status).toBe(422);
    const unknownOrganisation = await pull({ ...november, aanleverendeOrganisatie: 'Gemeente Nergenshuizen' });
    expect([unknownOrganisation.status, unknownOrganisation.json.code]).toEqual([422, 'levering-niet-mogelijk']);
    const tooLarge = await pull({ ...november, pageSize: 50_001 });
    expect(tooLarge.status).toBe(422);
    const get = await callGegevens(base, undefined, { creds: cbs, method: 'GET', rawBody: '' });
    expect([get.status, get.headers['fsc-error-code']]).toEqual([405, 'ERROR_CODE_METHOD_UNSUPPORTED']);
    const missing = await fetchRaw(`${base}/bestaat-niet`);
    expect([missing.status, missing.headers['fsc-error-code']]).toEqual([404, 'ERROR_CODE_SERVICE_NOT_FOUND']);
  });

  it('serves its own OpenAPI document, written from DDAS-VS.yaml', async () => {
    const res = await fetchJson(`${base}/openapi.json`);
    const yaml = readFileSync(new URL('../../reference/ddas/v1.2/DDAS-VS.yaml', import.meta.url), 'utf8');
    expect(yaml).toContain('operationId: postGegevens');
    expect(res.paths['/gegevens'].post.operationId).toBe('postGegevens');
    expect(res.servers[0].url).toMatch(/\/ddas\/v1$/);
    expect(res.components.schemas.Uitwisselmodel.properties.leveringen).toBeDefined();
    expect(JSON.stringify(res)).not.toContain('raw.githubusercontent.com/VNG-Realisatie/ddas-vroegsignalering/main/v1.2/json_schema_Uitwisselmodel.json"}');
  });

  it('takes the token `vroegsignaal token --rol cbs --sub <OIN>` prints, and the credentials `afnemer add` wrote', async () => {
    expect(cbs.signingChain).toHaveLength(2); // signing.crt: the certificate, then the CA's
    const printed: string[] = [];
    const env = { ...process.env };
    process.env.VROEGSIGNAAL_HOME = gw.home;
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    try {
      expect(await runToken(['--rol', 'cbs', '--sub', cbsOin])).toBe(0);
    } finally {
      log.mockRestore();
      process.env = env;
    }
    const claims = JSON.parse(Buffer.from(printed[0]!.split('.')[1]!, 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ sub: cbsOin, roles: ['cbs'], scope: 'read' });
    expect(claims.gemeentecode).toBeUndefined();
    const res = await callGegevens(base, november, { creds: cbs, token: printed[0]!, sign: { now: gw.clock.now } });
    expect(res.status).toBe(200);
  });

  it('afnemer list and remove: a removed consumer is refused at once', async () => {
    const env = { ...process.env, VROEGSIGNAAL_HOME: gw.home };
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      expect(await runAfnemer(['list'], env)).toBe(0);
      expect(await runAfnemer(['remove', '--oin', limitedOin], env)).toBe(0);
    } finally {
      log.mockRestore();
    }
    expect(lines.join('\n')).toContain(`${cbsOin}  CBS  gemeenten: alle`);
    expect(lines.join('\n')).toContain(`${limitedOin}  CBS beperkt  gemeenten: 0363`);
    const gone = await pull(november, limited);
    expect([gone.status, gone.json.code]).toEqual([401, 'afnemer-onbekend']);
  });
});

async function fetchRaw(url: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ hostname: u.hostname, port: u.port, path: u.pathname, ca: cbs.ca, cert: cbs.cert, key: cbs.key, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function fetchJson(url: string): Promise<any> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ hostname: u.hostname, port: u.port, path: u.pathname, ca: cbs.ca, cert: cbs.cert, key: cbs.key, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
    req.end();
  });
}
