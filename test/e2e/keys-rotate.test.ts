import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runKeys } from '../../src/cli/keys.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';
import { auditRecords } from '../helpers/audit.js';

let gw: TestGateway;
const env = { ...process.env };
beforeAll(async () => {
  gw = await startTestGateway();
  process.env.VROEGSIGNAAL_HOME = gw.home;
  process.env.REDIS_URL = gw.gateway.redisUrl;
});
afterAll(async () => {
  process.env = env;
  await gw?.stop();
});

const worker = (method: string, path: string) => callAs(gw, { sub: 'w', gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path);

describe('vroegsignaal keys rotate', () => {
  it('rotates keys, re-wraps stored data keys, keeps combining across the rotation, and records it', async () => {
    const first = exampleSignal();
    first.adres.huisnummer = '777';
    const accepted = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, first, { now: gw.clock.now });
    const zaak = await gw.redis.hget(`vs:signaal:${accepted.json.signaalId}`, 'zaakId');
    const blobBefore = JSON.parse((await gw.redis.hget(`vs:zaak:${zaak}`, `contact:${accepted.json.signaalId}`))!);

    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await runKeys(['rotate', '--gemeente', '1696'])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const blobAfter = JSON.parse((await gw.redis.hget(`vs:zaak:${zaak}`, `contact:${accepted.json.signaalId}`))!);
    expect(blobAfter.kekId).not.toBe(blobBefore.kekId);
    expect(blobAfter.ct).toBe(blobBefore.ct); // contact details were not decrypted or re-encrypted
    expect(blobAfter.wrappedKey).not.toBe(blobBefore.wrappedKey);

    await gw.gateway.reloadPolicy(); // SIGHUP: new signals use the new pseudonymisation key
    const second = exampleSignal({ signaalpartner: 'Energie' });
    second.adres.huisnummer = '777';
    const joined = await postSigned(gw.url, '/v1/vroegsignalen', gw.energie, second, { now: gw.clock.now });
    expect(await gw.redis.hget(`vs:signaal:${joined.json.signaalId}`, 'zaakId')).toBe(zaak);

    while (true) {
      const claimed = await worker('POST', '/v1/zaken/_oppakken');
      expect(claimed.status).toBe(200);
      if (claimed.json.zaakId === zaak) break;
    }
    const contact = await worker('GET', `/v1/zaken/${zaak}/contactgegevens`);
    expect(contact.status).toBe(200);
    expect(contact.json.eerdereSignalen[0].persoon).toEqual(first.persoon);

    const records = (await auditRecords(gw.redis)).map((e) => e.record);
    expect(records).toContainEqual(expect.objectContaining({ path: 'sleutels/roteren', input: expect.objectContaining({ gemeentecode: '1696', herverpakt: expect.any(Number) }) }));
  });
});
