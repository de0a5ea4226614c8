import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { hashLeaf, verifyConsistency, verifyInclusion } from '../../src/audit/merkle.js';
import { openNote, parseCheckpointText, parseVerifierKey } from '../../src/audit/note.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { digestOf, httpsRequest, postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const b64 = (s: string) => Buffer.from(s, 'base64');
const officer = (gemeentecode: string) => issueDevToken(gw.home, { sub: 'fg', gemeentecode, roles: ['privacy-officer'], now: gw.clock.now });
const get = async (path: string, gemeentecode = '0000') =>
  httpsRequest(gw.staffUrl, path, { ca: gw.huur.ca, headers: [['Authorization', `Bearer ${await officer(gemeentecode)}`]] });

describe('receipt with an inclusion proof', () => {
  it('proves the receipt’s record is in the tree of a checkpoint signed by the published key', async () => {
    const accepted = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
    expect(accepted.status).toBe(202);
    const path = `/v1/vroegsignalen/${accepted.json.signaalId}/ontvangstbewijs`;
    const early = await httpsRequest(gw.url, path, { creds: gw.huur });
    expect(early.status).toBe(200);
    expect(early.json.bewijs).toBeUndefined();
    expect(early.headers['retry-after']).toBe('1');

    expect(await gw.sequence()).toBeGreaterThanOrEqual(1);
    const res = await httpsRequest(gw.url, path, { creds: gw.huur });
    expect(res.headers.digest).toBe(digestOf(res.text));
    expect(res.json.ontvangstbewijs).toEqual(accepted.json);
    const key = parseVerifierKey((await httpsRequest(gw.url, '/v1/auditlog/sleutel', { ca: gw.huur.ca })).text);
    const text = openNote(res.json.checkpoint, key);
    expect(text).toBeDefined();
    const checkpoint = parseCheckpointText(text!)!;
    expect(checkpoint.origin).toBe('localhost/vroegsignaal');
    const { index, grootte, leafHash, bewijs } = res.json.bewijs;
    expect([index, grootte, leafHash]).toEqual([accepted.json.auditlog.index, checkpoint.size, accepted.json.auditlog.leafHash]);
    expect(verifyInclusion(b64(leafHash), index, grootte, bewijs.map(b64), checkpoint.root)).toBe(true);
    expect((await httpsRequest(gw.url, path, { creds: gw.energie })).status).toBe(404);
  });
});

describe('privacy officer: records and proofs', () => {
  it('serves a record with its salt and leaf hash that recompute to the leaf', async () => {
    const accepted = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
    await gw.sequence();
    const res = await get(`/v1/auditlog/records/${accepted.json.auditlog.index}`);
    expect(res.status).toBe(200);
    expect(res.json.record).toMatchObject({ kind: 'verwerking', name: 'vroegsignaal-verwerkt', attributes: { 'vroegsignaal.signaal_id': accepted.json.signaalId, 'vroegsignaal.besluit.resultaat': 'allow' } });
    const { jcs } = await import('../../src/audit/jcs.js');
    const { createHash } = await import('node:crypto');
    const leafData = createHash('sha256').update(b64(res.json.salt)).update(jcs(res.json.record)).digest();
    expect(hashLeaf(leafData).toString('base64')).toBe(res.json.leafHash);
  });

  it('shows a municipal officer only records of their own municipality (others: 404)', async () => {
    const accepted = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
    await gw.sequence();
    expect((await get(`/v1/auditlog/records/${accepted.json.auditlog.index}`, '1696')).status).toBe(200);
    expect((await get(`/v1/auditlog/records/${accepted.json.auditlog.index}`, '0363')).status).toBe(404);
  });

  it('gives consistency proofs between sizes that verify against the signed checkpoints', async () => {
    await gw.sequence();
    const first = parseCheckpointText((await httpsRequest(gw.url, '/v1/auditlog/checkpoint', { ca: gw.huur.ca })).text)!;
    await postSigned(gw.url, '/v1/vroegsignalen/_batch', gw.huur, [exampleSignal(), exampleSignal()], { now: gw.clock.now });
    await gw.sequence();
    const checkpointRes = await httpsRequest(gw.url, '/v1/auditlog/checkpoint', { ca: gw.huur.ca });
    expect(checkpointRes.headers['content-type']).toContain('text/plain');
    const second = parseCheckpointText(checkpointRes.text)!;
    expect(second.size).toBe(first.size + 2); // one record per signal
    const res = await get(`/v1/auditlog/consistentie?van=${first.size}&tot=${second.size}`);
    expect(res.status).toBe(200);
    expect(verifyConsistency(first.size, second.size, first.root, second.root, res.json.bewijs.map(b64))).toBe(true);
    const proof = await get(`/v1/auditlog/records/0/bewijs?grootte=${first.size}`);
    expect(verifyInclusion(b64(proof.json.leafHash), 0, first.size, proof.json.bewijs.map(b64), first.root)).toBe(true);
  });

  it('refuses bad sizes with 400 or 404, and anyone but a privacy officer', async () => {
    expect((await get('/v1/auditlog/consistentie?van=5&tot=2')).status).toBe(400);
    expect((await get('/v1/auditlog/consistentie?van=a&tot=2')).status).toBe(400);
    expect((await get('/v1/auditlog/records/0/bewijs?grootte=999999')).status).toBe(404);
    const worker = await issueDevToken(gw.home, { sub: 'w', gemeentecode: '0000', roles: ['schuldhulpverlener'], now: gw.clock.now });
    expect((await httpsRequest(gw.staffUrl, '/v1/auditlog/records/0', { ca: gw.huur.ca, headers: [['Authorization', `Bearer ${worker}`]] })).status).toBe(403);
  });
});
