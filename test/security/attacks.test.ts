import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devIssuer } from '../../src/auth/dev-issuer.js';
import { problemCatalogue } from '../../src/errors/catalogue.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { digestOf, httpsRequest, payloadSignature, type HttpResult } from '../helpers/https-client.js';
import { categories, corpus, type AttackCase, type Expected, type Fixtures, type PostOptions, type Target } from './corpus.js';
import { auditRecordsSince, dataChanges, rawExchange, signedHeaders, startAttackerServer, storedState, validSignal } from './harness.js';
import { auditRecords } from '../helpers/audit.js';

let gw: TestGateway;
let fx: Fixtures;
let target: Target;
let attacker: Awaited<ReturnType<typeof startAttackerServer>>;
let prototypeBefore: string[];
let errorLogsBefore: number;
let serial = 0;

const errorLines = () => gw.logs.filter((line) => /"level":(50|60)/.test(line));

beforeAll(async () => {
  prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  gw = await startTestGateway({ rateLimitPerMinute: 1_000_000 });

  const attackerKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const attackerJwk = { ...(await exportJWK(attackerKeys.publicKey)), kid: 'aanvaller', alg: 'ES256' };
  attacker = await startAttackerServer({ keys: [attackerJwk] });

  // Rightful traffic first: one signal per partner, a claimed case, a sequenced audit record.
  const huurSignal = validSignal('SEC-H', 1);
  const energieSignal: Record<string, any> = { ...validSignal('SEC-E', 2), signaalpartner: 'Energie' };
  const huur = await httpsRequest(gw.url, '/v1/vroegsignalen', { method: 'POST', creds: gw.huur, body: JSON.stringify(huurSignal), headers: signedHeaders(gw.huur, JSON.stringify(huurSignal), { now: gw.clock.now }) });
  const energie = await httpsRequest(gw.url, '/v1/vroegsignalen', { method: 'POST', creds: gw.energie, body: JSON.stringify(energieSignal), headers: signedHeaders(gw.energie, JSON.stringify(energieSignal), { now: gw.clock.now }) });
  expect([huur.status, energie.status]).toEqual([202, 202]);
  const claimed = await callAs(gw, { sub: 'anna', gemeentecode: '1696', role: 'schuldhulpverlener' }, 'POST', '/v1/zaken/_oppakken');
  expect(claimed.status).toBe(200);
  const pending = await auditRecords(gw.redis);
  const about1696 = pending.find((e) => e.record.attributes?.['vroegsignaal.gemeentecode'] === '1696')!;
  expect(await gw.sequence()).toBeGreaterThan(0);

  const registry = JSON.parse(readFileSync(join(gw.home, 'partners.json'), 'utf8')) as { partners: Array<{ type: string; signingKeys: Array<{ kid: string }> }> };
  const kidOf = (type: string) => registry.partners.find((p) => p.type === type)!.signingKeys[0]!.kid;
  const issuerJwks = JSON.parse(readFileSync(join(gw.home, 'oidc', 'jwks.json'), 'utf8')) as { keys: Array<Record<string, unknown> & { kid: string }> };
  const issuerKey = createPrivateKey(readFileSync(join(gw.home, 'oidc', 'issuer.key')));
  fx = {
    huurSignaalId: huur.json.signaalId,
    energieSignaalId: energie.json.signaalId,
    energieId: energieSignal.id,
    zaakId: claimed.json.zaakId,
    auditIndex: about1696.index,
    huurKid: kidOf('Huur'),
    energieKid: kidOf('Energie'),
    attackerUrl: attacker.url,
    issuer: {
      key: issuerKey, kid: issuerJwks.keys[0]!.kid, iss: devIssuer, publicJwk: issuerJwks.keys[0]!,
      publicPem: createPublicKey(issuerKey).export({ type: 'spki', format: 'pem' }).toString(),
    },
    attacker: { key: attackerKeys.privateKey, jwk: attackerJwk },
  };
  target = makeTarget();
  errorLogsBefore = errorLines().length;
});

afterAll(async () => {
  await attacker?.close();
  await gw?.stop();
});

function makeTarget(): Target {
  const postBytes = (bytes: Buffer | string, o: PostOptions = {}) => {
    const digest = digestOf(bytes);
    const creds = o.creds ?? gw.huur;
    const headers: Array<[string, string]> = [];
    if (!o.omit?.includes('content-type')) headers.push(['Content-Type', o.contentType ?? 'application/json']);
    if (!o.omit?.includes('digest')) headers.push(['Digest', o.digest ?? digest]);
    if (!o.omit?.includes('signature')) headers.push(['Payload-Signature', o.signature ? o.signature(digest) : payloadSignature(creds, digest, { now: gw.clock.now, ...o.sign })]);
    headers.push(...(o.extraHeaders ?? []));
    const tls = o.tls === undefined ? creds : o.tls;
    return httpsRequest(gw.url, o.path ?? '/v1/vroegsignalen', { method: 'POST', headers, body: bytes, ...(tls ? { creds: tls } : { ca: gw.huur.ca }) });
  };
  const signal = (change?: (s: Record<string, any>) => void) => {
    const s = validSignal('SEC-A', ++serial);
    change?.(s);
    return s;
  };
  const baseClaims = () => {
    const now = Math.floor(gw.clock.now.getTime() / 1000);
    return { iss: fx.issuer.iss, aud: 'vroegsignaal', sub: 'mallory', gemeentecode: '1696', roles: ['schuldhulpverlener'], iat: now, exp: now + 3600 } as Record<string, unknown>;
  };
  return {
    gw,
    fx,
    signal,
    postBytes,
    post: (value, o) => postBytes(JSON.stringify(value), o),
    postEdited: (from, to, o) => {
      const text = JSON.stringify(signal());
      if (!text.includes(from)) throw new Error(`corpus: ${from} not in the signal`);
      return postBytes(text.replace(from, to), o);
    },
    get: (path, creds = gw.huur) => httpsRequest(gw.url, path, { creds }),
    raw: (bytes) => rawExchange(gw.url, gw.huur, bytes),
    signedHead: (body) => {
      const digest = digestOf(body);
      return `POST /v1/vroegsignalen HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nDigest: ${digest}\r\nPayload-Signature: ${payloadSignature(gw.huur, digest, { now: gw.clock.now })}\r\nConnection: close\r\n`;
    },
    bearer: (authorization, method = 'GET', path = '/v1/zaken/termijnen', body) => {
      const values = authorization === undefined ? [] : Array.isArray(authorization) ? authorization : [authorization];
      const headers: Array<[string, string]> = values.map((v) => ['Authorization', v]);
      if (body !== undefined) headers.push(['Content-Type', 'application/json']);
      return httpsRequest(gw.staffUrl, path, { method, ca: gw.huur.ca, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    },
    as: (who, method, path, body) => callAs(gw, who, method, path, body),
    jwt: async ({ header = {}, claims = {}, omit = [], key } = {}) => {
      const payload = { ...baseClaims(), ...claims };
      for (const name of omit) delete payload[name];
      const signingKey = key ?? fx.issuer.key;
      const alg = signingKey.asymmetricKeyType === 'ec' ? 'ES256' : 'PS256';
      const crit = Array.isArray(header.crit) ? Object.fromEntries((header.crit as string[]).map((c) => [c, true])) : undefined;
      return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT', kid: fx.issuer.kid, ...header }).sign(signingKey, crit ? { crit } : undefined);
    },
  };
}

/** Every refusal: the documented status, RFC 9457 problem+json from the catalogue, the ADR headers, no internals. */
function expectProblem(res: HttpResult, expected: Expected, where: string) {
  expect(res.status, `${where}: ${res.text.slice(0, 300)}`).toBe(expected.status);
  expect(res.status).toBeLessThan(500);
  expect(String(res.headers['content-type']), where).toMatch(/^application\/problem\+json/);
  expectProblemBody(res.json, expected, where);
  expect(res.headers['api-version'], where).toBe('1.0.0');
  expect(res.headers['x-content-type-options'], where).toBe('nosniff');
  expect(res.headers['cache-control'], where).toBe('no-store');
  expect(res.text, where).not.toMatch(/\bat .+:\d+:\d+|node_modules|\/src\//);
}

function expectProblemBody(body: any, expected: Expected, where: string) {
  expect(body, where).toMatchObject({ status: expected.status, title: expect.any(String), detail: expect.any(String), code: expect.any(String) });
  const catalogued = problemCatalogue[body.code as keyof typeof problemCatalogue];
  expect(catalogued?.status, `${where}: code ${body.code} is in the catalogue with this status`).toBe(expected.status);
  if (expected.code) expect(body.code, where).toBe(expected.code);
  if (expected.pointers) {
    expect(body.errors, `${where}: errors[]`).toBeInstanceOf(Array);
    expect(body.errors.map((e: { pointer: string }) => e.pointer), where).toEqual(expect.arrayContaining(expected.pointers));
  }
}

function expectBatch(res: HttpResult, items: Expected[], where: string) {
  expect(res.status, `${where}: ${res.text.slice(0, 300)}`).toBe(200);
  expect(res.json, where).toHaveLength(items.length);
  items.forEach((item, index) => {
    const answer = res.json[index];
    expect(answer.index).toBe(index);
    expect(answer.status, `${where} item ${index}: ${JSON.stringify(answer).slice(0, 300)}`).toBe(item.status);
    expect(answer.receipt, `${where} item ${index}`).toBeUndefined();
    expectProblemBody(answer.problem, item, `${where} item ${index}`);
  });
}

describe('the corpus', () => {
  it('holds at least 60 cases, every category at least 5, every name once', () => {
    const counts = Object.fromEntries(categories.map((c) => [c, corpus.filter((x) => x.category === c).length]));
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    for (const category of categories) expect(counts[category], category).toBeGreaterThanOrEqual(5);
    expect(new Set(corpus.map((c) => `${c.category}/${c.name}`)).size).toBe(corpus.length);
  });
});

describe.each(categories.map((category) => ({ category, cases: corpus.filter((c) => c.category === category) })))(
  '$category ($cases.length cases)',
  ({ cases }) => {
    it.each(cases)('$name → $status', async (c: AttackCase) => {
      const before = await storedState(gw.redis);
      const res = await c.send(target);
      if (c.items) expectBatch(res, c.items, c.name);
      else expectProblem(res, c, c.name);

      const after = await storedState(gw.redis);
      expect(dataChanges(before, after), 'nothing stored: no signal, case, idempotency key, index or job').toEqual([]);
      const records = await auditRecordsSince(gw.redis, before);
      expect(records.map((r) => `${r.kind}:${r.result}`), 'only the decision records of a denial').toEqual(Array.from({ length: c.decisions ?? 0 }, () => 'besluit:deny'));
    });
  },
);

describe('after the whole corpus', () => {
  it('the rightful parties still get their own data (so the 404s above are about ownership)', async () => {
    expect((await httpsRequest(gw.url, `/v1/vroegsignalen/${fx.huurSignaalId}`, { creds: gw.huur })).status).toBe(200);
    expect((await httpsRequest(gw.url, `/v1/vroegsignalen/${fx.energieSignaalId}`, { creds: gw.energie })).status).toBe(200);
    expect((await callAs(gw, { sub: 'anna', gemeentecode: '1696', role: 'schuldhulpverlener' }, 'GET', `/v1/zaken/${fx.zaakId}`)).status).toBe(200);
    expect((await callAs(gw, { sub: 'fg', gemeentecode: '1696', role: 'privacy-officer' }, 'GET', `/v1/auditlog/records/${fx.auditIndex}`)).status).toBe(200);
    expect((await target.bearer(`Bearer ${await target.jwt()}`)).status).toBe(200);
  });

  it('another partner’s id is no key to its receipts: huur reusing energie’s id gets a signal of its own', async () => {
    const res = await target.post({ ...validSignal('SEC-H', 3), id: fx.energieId });
    expect(res.status).toBe(202);
    expect(res.json.signaalId).not.toBe(fx.energieSignaalId);
  });

  it('never fetched a jku or x5u, polluted no prototype, logged no internal error, and still accepts a valid signal', async () => {
    expect(attacker.hits()).toBe(0);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(errorLines().slice(errorLogsBefore)).toEqual([]);
    const res = await target.post(validSignal('SEC-H', 4));
    expect(res.status).toBe(202);
  });
});
