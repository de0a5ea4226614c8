import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { httpsRequest, postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const residentRights = ['/v1/inwoners/_inzage', '/v1/auditlog/_inzage', '/v1/inwoners/_wissen'];
const officer = (gemeentecode: string, path: string, body: unknown) => callAs(gw, { sub: 'fg', gemeentecode, role: 'privacy-officer' }, 'POST', path, body);

describe('typed errors answer with their catalogue problem, never a 500', () => {
  it('an identity with neither geboortedatum nor adres: 400 naming both fields, on every resident-rights endpoint', async () => {
    const persoon = { voorletters: 'J.', achternaam: 'Zonderdatum' };
    for (const path of residentRights) {
      const res = await officer('1696', path, { persoon });
      expect(res.status, path).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json.code).toBe('ongeldige-invoer');
      expect(res.json.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/persoon/geboortedatum', '/adres']);
      expect(res.text).not.toContain('Zonderdatum');
    }
  });

  it('a token of a municipality the gateway does not serve: 403 gemeente-onbekend on every resident-rights endpoint', async () => {
    const persoon = { voorletters: 'J.', achternaam: 'Elders', geboortedatum: '1980-01-01' };
    for (const path of residentRights) {
      const res = await officer('9999', path, { persoon });
      expect(res.status, path).toBe(403);
      expect(res.json.code).toBe('gemeente-onbekend');
      expect(res.json.detail).toContain('9999');
    }
  });

  it('a Lua script that fails is a 500 interne-fout, logged at error level with Redis’ message — not a retryable 503', async () => {
    // The municipality's signal index holding the wrong type makes the intake script fail halfway.
    await gw.redis.set('vs:signalen:1696', 'geen gesorteerde set');
    try {
      const res = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
      expect(res.status).toBe(500);
      expect(res.json.code).toBe('interne-fout');
      expect(res.headers['retry-after']).toBeUndefined();
      expect(res.text).not.toMatch(/WRONGTYPE|script/);
      const logged = gw.logs.map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message?: string } })
        .find((l) => l.level >= 50 && /WRONGTYPE/.test(l.err?.message ?? ''));
      expect(logged?.msg).toMatch(/bug/i);
    } finally {
      await gw.redis.del('vs:signalen:1696');
    }
  });

  it('Redis out of memory stays a 503 with Retry-After', async () => {
    await gw.redis.config('SET', 'maxmemory', '1');
    try {
      const res = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
      expect(res.status).toBe(503);
      expect(res.json.code).toBe('tijdelijk-niet-beschikbaar');
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await gw.redis.config('SET', 'maxmemory', '0');
    }
  });
});

describe('sweep: no bearer route answers a 5xx to a token of a municipality the gateway does not serve', () => {
  it('every operation in the OpenAPI document, under every role, with gemeentecode 9999', async () => {
    const doc = (await callAs(gw, { sub: 'x', gemeentecode: '9999', role: 'beheerder' }, 'GET', '/v1/openapi.json')).json as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).filter(([, op]) => op.security?.length).map(([method]) => ({ method: method.toUpperCase(), path })));
    expect(operations.length).toBeGreaterThan(10);
    const persoon = { voorletters: 'J.', achternaam: 'Elders', geboortedatum: '1980-01-01' };
    for (const role of ['schuldhulpverlener', 'privacy-officer', 'beheerder'] as const) {
      for (const { method, path } of operations) {
        if (path.endsWith('/_herladen')) continue; // reloads the bundle: covered in policy-reload-endpoint.test.ts
        const query = path.endsWith('/totalen') ? '?van=2026-01-01&tot=2026-01-02' : path.endsWith('/consistentie') ? '?van=0&tot=0' : '';
        const url = '/v1' + path.replace(/\{[^}]+\}/g, (p) => (/index/.test(p) ? '0' : '0190a0b4-0000-7000-8000-000000000000')) + query;
        const body = method === 'POST' ? { persoon } : undefined;
        const res = await callAs(gw, { sub: 'x', gemeentecode: '9999', role }, method, url, body);
        expect(res.status, `${role} ${method} ${url}: ${res.text}`).toBeLessThan(500);
      }
    }
  });
});

describe('sweep: every bearer route is behind the staff group’s authentication and role hooks', () => {
  it('on the staff listener every bearer operation answers 401 without a token and 403 geen-toegang to a token holding no role it allows; the partner listener does not serve them', async () => {
    const doc = (await httpsRequest(gw.staffUrl, '/v1/openapi.json', { ca: gw.huur.ca })).json as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).filter(([, op]) => op.security?.length).map(([method]) => ({ method: method.toUpperCase(), path })));
    expect(operations.length).toBeGreaterThan(10);
    // A real, valid token of a municipality the gateway serves, whose roles are none the gateway knows.
    const roleless = await issueDevToken(gw.home, { sub: 'zonder-rol', gemeentecode: '1696', roles: [], now: gw.clock.now });
    for (const { method, path } of operations) {
      const url = '/v1' + path.replace(/\{[^}]+\}/g, (p) => (/index/.test(p) ? '0' : '0190a0b4-0000-7000-8000-000000000000'));
      const where = `${gw.staffUrl} ${method} ${url}`;
      const anonymous = await httpsRequest(gw.staffUrl, url, { method, ca: gw.huur.ca });
      expect(anonymous.status, where).toBe(401);
      expect(anonymous.json.code, where).toBe('token-ongeldig');
      const refused = await httpsRequest(gw.staffUrl, url, { method, ca: gw.huur.ca, headers: [['Authorization', `Bearer ${roleless}`]] });
      expect(refused.status, `${where}: ${refused.text.slice(0, 200)}`).toBe(403);
      expect(refused.json.code, where).toBe('geen-toegang');
      // Partners' mutual-TLS listener knows no staff route, even with a valid token.
      const onPartner = await httpsRequest(gw.url, url, { method, creds: gw.huur, headers: [['Authorization', `Bearer ${roleless}`]] });
      expect(onPartner.status, `${gw.url} ${method} ${url}`).toBe(404);
    }
  });
});
