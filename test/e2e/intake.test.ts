import { createHash } from 'node:crypto';
import { importJWK, flattenedVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { b64url, digestOf, httpsRequest, payloadSignature, postSigned, type HttpResult } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';
import { auditRecords } from '../helpers/audit.js';
import { parseStoredContact } from '../../src/privacy/envelope.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const post = (body: unknown, options: Parameters<typeof postSigned>[4] = {}, path = '/v1/vroegsignalen') =>
  postSigned(gw.url, path, gw.huur, body, { now: gw.clock.now, ...options });

async function verifyGatewaySignature(res: HttpResult): Promise<void> {
  expect(res.headers.digest).toBe(digestOf(res.text));
  const jwks = await httpsRequest(gw.url, '/v1/sleutels', { ca: gw.huur.ca });
  const [protectedHeader, , signature] = String(res.headers['payload-signature']).split('.');
  const header = JSON.parse(Buffer.from(protectedHeader!, 'base64url').toString());
  const jwk = jwks.json.keys.find((k: { kid: string }) => k.kid === header.kid);
  expect(jwk, 'receipt key is published in /v1/sleutels').toBeDefined();
  await flattenedVerify(
    { protected: protectedHeader!, payload: b64url(`digest: ${res.headers.digest}`), signature: signature! },
    await importJWK(jwk, jwk.alg),
    { crit: { sigT: true, sigD: true } },
  );
}

async function caseKeys(): Promise<string[]> {
  return gw.redis.keys('vs:zaak:*');
}

describe('POST /v1/vroegsignalen — accepted', () => {
  it('answers 202 with a signed receipt, a Location and the ADR headers', async () => {
    const signal = exampleSignal();
    const res = await post(signal);
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ id: signal.id, gemeentecode: '1696', digest: digestOf(JSON.stringify(signal)) });
    expect(res.json.signaalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json.ontvangen).toBe(gw.clock.now.toISOString());
    expect(res.json.auditlog.index).toBeGreaterThanOrEqual(0);
    expect(Buffer.from(res.json.auditlog.leafHash, 'base64')).toHaveLength(32);
    expect(res.headers.location).toBe(`/v1/vroegsignalen/${res.json.signaalId}`);
    expect(res.headers['api-version']).toBe('1.0.0');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    await verifyGatewaySignature(res);
  });

  it('logs one line for the request with its request id and the trace of its traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await post(exampleSignal(), { extraHeaders: [['traceparent', `00-${traceId}-00f067aa0ba902b7-01`]] });
    expect(res.status).toBe(202);
    const lines = gw.logs.map((l) => JSON.parse(l) as { msg: string; reqId?: string; traceId?: string; spanId?: string; status?: number });
    const line = lines.find((l) => l.msg === 'verzoek' && l.traceId === traceId);
    expect(line).toMatchObject({ status: 202, reqId: expect.stringMatching(/^[0-9a-f-]{36}$/), spanId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    // The audit record names the same trace.
    const records = await auditRecords(gw.redis);
    expect(records.some((r) => (r.record as { trace_id?: string }).trace_id === traceId)).toBe(true);
  });

  it('stores the case, puts it in the worklist (crisis first) and writes its audit records before answering', async () => {
    const before = Number((await gw.redis.get('vs:audit:volgend')) ?? 0);
    const res = await post(exampleSignal({ crisissignaal: true }));
    expect(res.status).toBe(202);
    const signal = await gw.redis.hgetall(`vs:signaal:${res.json.signaalId}`);
    const zaak = await gw.redis.hgetall(`vs:zaak:${signal.zaakId}`);
    expect(zaak.gemeentecode).toBe('1696');
    expect(zaak.adresPseudonym).toMatch(/^[^:]+:[A-Za-z0-9_-]{43}$/);
    expect(parseStoredContact(zaak[`contact:${res.json.signaalId}`]!)).toMatchObject({ v: 2 });
    // The worklist (the queue of record) holds the case, ahead of every non-crisis case; no BullMQ job mirrors it.
    const [first] = await gw.redis.zrange('vs:zaken:open:1696', 0, 0);
    expect(first).toBe(signal.zaakId);
    expect(await gw.redis.keys('vs:bull:zaken-*')).toEqual([]);
    // One processing operation, one record: the receipt names it, and it carries the decision and the case step.
    expect(Number(await gw.redis.get('vs:audit:volgend'))).toBe(before + 1);
    const mine = (await auditRecords(gw.redis)).filter((e) => JSON.stringify(e.record).includes(res.json.signaalId));
    expect(mine.map((e) => e.index)).toEqual([res.json.auditlog.index]);
    expect(mine[0]!.record).toMatchObject({
      kind: 'verwerking', name: 'vroegsignaal-verwerkt',
      attributes: {
        'vroegsignaal.signaal_id': res.json.signaalId, 'vroegsignaal.zaak_id': signal.zaakId, 'vroegsignaal.gemeentecode': '1696',
        'vroegsignaal.besluit.resultaat': 'allow', 'vroegsignaal.besluit.codes': ['toegestaan'],
        'vroegsignaal.zaakstap': 'zaak-aangemaakt', 'vroegsignaal.wachtrij': 'zaak-in-wachtrij', 'vroegsignaal.bewaard_tot': zaak.zaakfeitenBewaarTot,
      },
    });
  });

  it('gives the receipt leaf hash as RFC 9162 SHA-256(0x00 ‖ SHA-256(salt ‖ JCS(record)))', async () => {
    const res = await post(exampleSignal());
    const entry = (await auditRecords(gw.redis)).find((e) => e.index === res.json.auditlog.index)!;
    const leafData = createHash('sha256').update(Buffer.from(entry.salt, 'base64')).update(entry.json).digest();
    const leafHash = createHash('sha256').update(Buffer.from([0])).update(leafData).digest();
    expect(leafHash.toString('base64')).toBe(res.json.auditlog.leafHash);
    await gw.sequence();
    const index = res.json.auditlog.index as number;
    expect(await gw.redis.getrangeBuffer('vs:audit:boom:0', index * 32, index * 32 + 31)).toEqual(leafHash);
  });
});

describe('idempotency', () => {
  it('answers a repeat with 200 and the original receipt, and a changed body under the same id with 409', async () => {
    const signal = exampleSignal();
    const first = await post(signal);
    const again = await post(signal);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    await verifyGatewaySignature(again);
    const changed = await post({ ...signal, bedrag: 1300 });
    expect(changed.status).toBe(409);
    expect(changed.json.code).toBe('conflict-idempotentie');
  });

  it('creates one case when ten identical posts arrive at the same moment', async () => {
    const signal = exampleSignal();
    const casesBefore = (await caseKeys()).length;
    const results = await Promise.all(Array.from({ length: 10 }, () => post(signal)));
    expect(results.filter((r) => r.status === 202)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(9);
    expect(new Set(results.map((r) => r.json.signaalId)).size).toBe(1);
    expect((await caseKeys()).length).toBe(casesBefore + 1);
    // Every worklist entry names a stored case: no entry for a case that lost the race.
    const zaakIds = new Set((await Promise.all((await caseKeys()).map((k) => gw.redis.hget(k, 'zaakId')))));
    for (const entry of await gw.redis.zrange('vs:zaken:open:1696', 0, -1)) expect(zaakIds.has(entry)).toBe(true);
  });
});

describe('refusals (CONTRACT §1)', () => {
  it('400 lists every schema violation at once, as problem+json', async () => {
    const res = await post(exampleSignal({ bedrag: 'veel', signaaldatum: '20-11-2026', crisissignaal: undefined }));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json).toMatchObject({ status: 400, title: expect.any(String), detail: expect.any(String), code: 'ongeldige-invoer' });
    expect(res.json.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/bedrag', '/crisissignaal', '/signaaldatum']);
  });

  it('400 names a field outside the allowlist and the rule, and stores nothing', async () => {
    const casesBefore = (await caseKeys()).length;
    const signal = exampleSignal();
    signal.persoon.burgerservicenummer = '123456782';
    const res = await post(signal);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('beleid-geweigerd');
    expect(res.json.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/persoon/burgerservicenummer' })]));
    expect((await caseKeys()).length).toBe(casesBefore);
    expect(await gw.redis.exists(`vs:idem:00000099000000001000:${signal.id}`)).toBe(0);
  });

  it('400 with its own code for a postcode no municipality covers', async () => {
    const signal = exampleSignal();
    signal.adres.postcode = '9999ZZ';
    const res = await post(signal);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('onbekende-postcode');
    expect(res.json.errors[0].pointer).toBe('/adres/postcode');
  });

  it('400 for a body that is not JSON', async () => {
    const res = await post(undefined, { rawBody: '{"id": ' });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('ongeldige-json');
  });

  it('403 when a partner signals a type it is not registered for', async () => {
    const res = await post(exampleSignal({ signaalpartner: 'Energie' }));
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('partnertype-niet-toegestaan');
  });

  it('401 without a client certificate', async () => {
    const body = JSON.stringify(exampleSignal());
    const res = await httpsRequest(gw.url, '/v1/vroegsignalen', {
      method: 'POST', ca: gw.huur.ca, body, headers: [['Content-Type', 'application/json'], ['Digest', digestOf(body)]],
    });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('certificaat-ontbreekt');
  });

  it('refuses TLS renegotiation: a connection keeps the certificate it was authenticated with', async () => {
    const { connect } = await import('node:tls');
    const { port } = new URL(gw.url);
    const socket = connect({ host: '127.0.0.1', port: Number(port), servername: 'localhost', ca: gw.huur.ca, cert: gw.huur.cert, key: gw.huur.key, maxVersion: 'TLSv1.2' });
    await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
    expect(socket.authorized).toBe(true);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk)).on('error', () => undefined);
    socket.renegotiate({ rejectUnauthorized: true }, () => undefined);
    socket.write('GET /v1/sleutels HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await closed;
    // Dropped, not answered: nothing is served over a connection that tried to change identity.
    expect(Buffer.concat(received).toString()).not.toContain('200 OK');
  });

  it('401 for a client certificate from another CA, and for an unregistered OIN from ours', async () => {
    const { createDevCa, issueCertificate } = await import('../../src/pki/certificates.js');
    const { generateRsaKeyPair } = await import('../../src/pki/keys.js');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const keys = generateRsaKeyPair();
    const subject = { commonName: 'Onbekend', organizationName: 'Onbekend', serialNumber: '00000099000000009000' };
    const foreignCa = createDevCa('vreemde CA');
    const foreign = { ...gw.huur, cert: Buffer.from(issueCertificate({ caCertPem: foreignCa.certPem, caKeyPem: foreignCa.keyPem, subject, publicKeyPem: keys.publicKeyPem, usage: 'client' })), key: Buffer.from(keys.privateKeyPem) };
    const strange = await postSigned(gw.url, '/v1/vroegsignalen', foreign, exampleSignal(), { now: gw.clock.now });
    expect(strange.status).toBe(401);
    expect(strange.json.code).toBe('certificaat-ontbreekt');
    const ours = { caCertPem: readFileSync(join(gw.home, 'ca', 'ca.crt'), 'utf8'), caKeyPem: readFileSync(join(gw.home, 'ca', 'ca.key'), 'utf8') };
    const unregistered = { ...gw.huur, cert: Buffer.from(issueCertificate({ ...ours, subject, publicKeyPem: keys.publicKeyPem, usage: 'client' })), key: Buffer.from(keys.privateKeyPem) };
    const unknown = await postSigned(gw.url, '/v1/vroegsignalen', unregistered, exampleSignal(), { now: gw.clock.now });
    expect(unknown.status).toBe(401);
    expect(unknown.json.code).toBe('partner-onbekend');
  });

  it('401 for a signature by another partner’s registered key', async () => {
    const res = await post(exampleSignal(), { key: gw.energie.signingKey, header: { 'x5t#S256': gw.energie.x5tS256 } });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('sleutel-onbekend');
  });

  it('401 for a sigT outside ±300 s, and 202 just inside it', async () => {
    const late = await post(exampleSignal(), { now: new Date(gw.clock.now.getTime() - 301_000) });
    expect(late.status).toBe(401);
    expect(late.json.code).toBe('handtekening-verlopen');
    const early = await post(exampleSignal(), { now: new Date(gw.clock.now.getTime() + 299_000) });
    expect(early.status).toBe(202);
  });

  it('401 for a tampered body (Digest no longer matches)', async () => {
    const signal = exampleSignal();
    const text = JSON.stringify(signal);
    const res = await httpsRequest(gw.url, '/v1/vroegsignalen', {
      method: 'POST', creds: gw.huur, body: text.replace('1250', '9250'),
      headers: [['Content-Type', 'application/json'], ['Digest', digestOf(text)], ['Payload-Signature', payloadSignature(gw.huur, digestOf(text), { now: gw.clock.now })]],
    });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('digest-ongeldig');
  });

  it('401 for a tampered Digest (signature covers another digest)', async () => {
    const res = await post(exampleSignal(), { signedDigest: digestOf('iets anders') });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('handtekening-ongeldig');
  });

  it('401 for two Payload-Signature headers', async () => {
    const signal = exampleSignal();
    const sig = payloadSignature(gw.huur, digestOf(JSON.stringify(signal)), { now: gw.clock.now });
    const res = await post(signal, { extraHeaders: [['Payload-Signature', sig]] });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('handtekening-ontbreekt');
  });

  it('401 for a missing Digest or Payload-Signature', async () => {
    expect((await post(exampleSignal(), { omit: ['digest'] })).status).toBe(401);
    expect((await post(exampleSignal(), { omit: ['signature'] })).json.code).toBe('handtekening-ontbreekt');
  });

  it('401 for alg none, HS256, an unknown key id and an unknown crit member', async () => {
    const none = await post(exampleSignal(), { header: { alg: 'none' } });
    const hs = await post(exampleSignal(), { header: { alg: 'HS256' } });
    const unknownKid = await post(exampleSignal(), { header: { 'x5t#S256': undefined, kid: 'onbekend' } });
    const crit = await post(exampleSignal(), { header: { crit: ['sigT', 'sigD', 'exp'], exp: 1 } });
    for (const res of [none, hs, unknownKid, crit]) {
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(unknownKid.json.code).toBe('sleutel-onbekend');
  });

  it('415 for another content type, 413 for a body over the limit', async () => {
    const wrongType = await httpsRequest(gw.url, '/v1/vroegsignalen', {
      method: 'POST', creds: gw.huur, body: 'id=1', headers: [['Content-Type', 'application/x-www-form-urlencoded']],
    });
    expect(wrongType.status).toBe(415);
    expect(wrongType.json.code).toBe('mediatype-niet-ondersteund');
    const big = await post(exampleSignal({ id: 'x'.repeat(70_000) }));
    expect(big.status).toBe(413);
    expect(big.json.code).toBe('te-groot');
  });

  it('406 for an Accept header that rules out JSON', async () => {
    const res = await httpsRequest(gw.url, '/v1/sleutels', { ca: gw.huur.ca, headers: [['Accept', 'text/html']] });
    expect(res.status).toBe(406);
    expect(res.json.code).toBe('niet-acceptabel');
    const ok = await httpsRequest(gw.url, '/v1/sleutels', { ca: gw.huur.ca, headers: [['Accept', 'text/html, application/json;q=0.9']] });
    expect(ok.status).toBe(200);
  });

  it('404 and 405 are problem+json too, and a trailing slash is a 404', async () => {
    const missing = await httpsRequest(gw.url, '/v1/bestaat-niet', { creds: gw.huur });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const slash = await httpsRequest(gw.url, '/v1/sleutels/', { creds: gw.huur });
    expect(slash.status).toBe(404);
    const method = await httpsRequest(gw.url, '/v1/vroegsignalen', { method: 'DELETE', creds: gw.huur });
    expect(method.status).toBe(405);
    expect(method.headers.allow).toContain('POST');
    expect(method.json.status).toBe(405);
  });
});

describe('GET /v1/vroegsignalen/{signaalId}', () => {
  it('tells the sending partner the status, and anyone else 404', async () => {
    const res = await post(exampleSignal());
    const own = await httpsRequest(gw.url, `/v1/vroegsignalen/${res.json.signaalId}`, { creds: gw.huur });
    expect(own.status).toBe(200);
    expect(own.json).toEqual({ signaalId: res.json.signaalId, id: res.json.id, status: 'ontvangen' });
    const other = await httpsRequest(gw.url, `/v1/vroegsignalen/${res.json.signaalId}`, { creds: gw.energie });
    expect(other.status).toBe(404);
  });
});

describe('GET /v1/sleutels and /v1/openapi.json', () => {
  it('publishes the receipt key as a JWKS with an ES256 P-256 key', async () => {
    const res = await httpsRequest(gw.url, '/v1/sleutels', { ca: gw.huur.ca });
    expect(res.status).toBe(200);
    expect(res.json.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) });
    expect(res.json.keys[0].d).toBeUndefined();
  });

  it('serves the OpenAPI document without authentication, CORS open', async () => {
    const res = await httpsRequest(gw.url, '/v1/openapi.json', { ca: gw.huur.ca });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.json.openapi).toBe('3.0.3');
    expect(Object.keys(res.json.paths)).toEqual(expect.arrayContaining(['/vroegsignalen', '/vroegsignalen/_batch', '/vroegsignalen/{signaalId}']));
  });
});

