import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jcs } from '../../src/audit/jcs.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { digestOf, postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const postBatch = (items: unknown) => postSigned(gw.url, '/v1/vroegsignalen/_batch', gw.huur, items, { now: gw.clock.now });

describe('POST /v1/vroegsignalen/_batch', () => {
  it('answers one result per item, in order; one bad item does not reject the others', async () => {
    const good1 = exampleSignal();
    const bad = exampleSignal({ bedrag: -5 });
    const good2 = exampleSignal({ crisissignaal: true });
    const res = await postBatch([good1, bad, good2]);
    expect(res.status).toBe(200);
    expect(res.headers.digest).toBe(digestOf(res.text));
    expect(res.headers['payload-signature']).toMatch(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/);
    expect(res.json.map((r: { index: number; status: number }) => [r.index, r.status])).toEqual([[0, 202], [1, 400], [2, 202]]);
    // An item's receipt names the digest of the item's canonical JSON (RFC 8785).
    expect(res.json[0].receipt).toMatchObject({ id: good1.id, digest: digestOf(jcs(good1)) });
    expect(res.json[1].problem).toMatchObject({ status: 400, code: 'ongeldige-invoer', errors: [expect.objectContaining({ pointer: '/bedrag' })] });
    expect(res.json[2].receipt.id).toBe(good2.id);
  });

  it('recognises items sent before, singly or in an earlier batch', async () => {
    const signal = exampleSignal();
    const single = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now });
    expect(single.status).toBe(202);
    const res = await postBatch([signal, { ...signal, bedrag: 1 }]);
    expect(res.json[0]).toMatchObject({ status: 200, receipt: { signaalId: single.json.signaalId } });
    expect(res.json[1]).toMatchObject({ status: 409, problem: { code: 'conflict-idempotentie' } });
  });

  it('takes 1,000 signals in one body and refuses 1,001 as a whole', async () => {
    const thousand = Array.from({ length: 1000 }, () => exampleSignal());
    const ok = await postBatch(thousand);
    expect(ok.status).toBe(200);
    expect(ok.json.filter((r: { status: number }) => r.status === 202)).toHaveLength(1000);
    const tooMany = await postBatch([...thousand, exampleSignal()]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.code).toBe('ongeldige-invoer');
  });

  it('combines within a batch: items for one address end in one case, a repeated id answers as the first, a changed one 409', async () => {
    const rent = exampleSignal();
    const olderArrears = exampleSignal({ adres: rent.adres, ontstaansdatum: '2026-08-01' });
    const other = exampleSignal();
    const res = await postBatch([rent, other, olderArrears, rent, { ...rent, bedrag: 99 }]);
    expect(res.json.map((r: { status: number }) => r.status)).toEqual([202, 202, 202, 200, 409]);
    const caseOf = (i: number) => gw.redis.hget(`vs:signaal:${res.json[i].receipt.signaalId}`, 'zaakId');
    const zaak = await caseOf(0);
    expect(await caseOf(2)).toBe(zaak);
    expect(await caseOf(1)).not.toBe(zaak);
    expect(JSON.parse((await gw.redis.hget(`vs:zaak:${zaak}`, 'signalen'))!)).toHaveLength(2);
    // A case's combinatie is stored only when it is not 'enkelvoudig' (cases/case.ts caseToHash).
    expect(await gw.redis.hget(`vs:zaak:${zaak}`, 'combinatie')).toBeNull();
    // The repeat inside the batch names the first item's receipt.
    expect(res.json[3].receipt).toEqual(res.json[0].receipt);
    // Each accepted item's receipt names its own audit record.
    const indexes = [0, 1, 2].map((i) => res.json[i].receipt.auditlog.index as number);
    expect(new Set(indexes).size).toBe(3);
    for (const i of [0, 1, 2]) expect(Number(await gw.redis.hget(`vs:signaal:${res.json[i].receipt.signaalId}`, 'auditIndex'))).toBe(res.json[i].receipt.auditlog.index);
  });

  it('refuses a batch that is not an array', async () => {
    const res = await postBatch(exampleSignal());
    expect(res.status).toBe(400);
  });
});
