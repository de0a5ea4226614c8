import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runKeys } from '../../src/cli/keys.js';
import { decryptContactDetails, parseStoredContact, type KeyEncryptionKey } from '../../src/privacy/envelope.js';
import { isoWeek, periodEnd } from '../../src/privacy/period-keys.js';
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

const worker = (method: string, path: string, body?: unknown) => callAs(gw, { sub: 'w', gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path, body);
const rotate = async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    expect(await runKeys(['rotate', '--gemeente', '1696'])).toBe(0);
  } finally {
    log.mockRestore();
  }
};

/** Every key the gateway holds on disk: each municipality's pseudonymisation keys and KEKs, and every period key file left. */
function everyKeyHeld(): KeyEncryptionKey[] {
  const keysDir = join(gw.home, 'keys', 'gemeenten');
  const held: KeyEncryptionKey[] = [];
  for (const name of readdirSync(keysDir).filter((n) => /^[0-9]{4}\.json$/.test(n))) {
    const file = JSON.parse(readFileSync(join(keysDir, name), 'utf8')) as { pseudonym: { keys: Record<string, string> }; kek: { keys: Record<string, string> } };
    for (const [id, b64] of [...Object.entries(file.kek.keys), ...Object.entries(file.pseudonym.keys)]) held.push({ id, key: Buffer.from(b64, 'base64') });
  }
  const periods = join(gw.home, 'state', 'perioden');
  for (const code of readdirSync(periods)) {
    for (const name of readdirSync(join(periods, code))) held.push({ id: name, key: Buffer.from(readFileSync(join(periods, code, name), 'utf8').trim(), 'base64') });
  }
  return held;
}

describe('vroegsignaal keys rotate', () => {
  it('rotates keys, re-wraps stored data keys, keeps combining across the rotation, and records it', async () => {
    const first = exampleSignal();
    first.adres.huisnummer = '777';
    const accepted = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, first, { now: gw.clock.now });
    const zaak = await gw.redis.hget(`vs:signaal:${accepted.json.signaalId}`, 'zaakId');
    const blobBefore = parseStoredContact((await gw.redis.hget(`vs:zaak:${zaak}`, `contact:${accepted.json.signaalId}`))!);

    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await runKeys(['rotate', '--gemeente', '1696'])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const blobAfter = parseStoredContact((await gw.redis.hget(`vs:zaak:${zaak}`, `contact:${accepted.json.signaalId}`))!);
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

  it('leaves a closed case under its period key, so once the week is over no copy, before or after the rotation, can be opened', async () => {
    const signal = exampleSignal();
    const accepted = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now });
    const zaak = (await gw.redis.hget(`vs:signaal:${accepted.json.signaalId}`, 'zaakId'))!;
    const field = `contact:${accepted.json.signaalId}`;
    while ((await worker('POST', '/v1/zaken/_oppakken')).json?.zaakId !== zaak);
    const closed = await worker('POST', `/v1/zaken/${zaak}/_afsluiten`, { eindresultaat: 'Niet opgepakt: onterecht signaal' });
    expect(closed.status).toBe(200);
    const week = isoWeek(new Date(closed.json.contactgegevensBewaardTot));
    const beforeRotation = (await gw.redis.hget(`vs:zaak:${zaak}`, field))!;
    expect(parseStoredContact(beforeRotation).kekId).toBe(`t-1696-${week}`);

    await rotate();
    // The store still holds the very blob, under the period key: a copy taken now is the same.
    const afterRotation = (await gw.redis.hget(`vs:zaak:${zaak}`, field))!;
    expect(afterRotation).toBe(beforeRotation);

    // Which held keys open a copy: before the week ends exactly one does, the period key's file.
    const opens = (copy: string) => everyKeyHeld().filter((key) => {
      try {
        // The key's bytes under the blob's own key id (the id is bound into the wrapping).
        const blob = parseStoredContact(copy);
        decryptContactDetails(blob, () => ({ id: blob.kekId, key: key.key }), accepted.json.signaalId);
        return true;
      } catch {
        return false;
      }
    }).map((key) => key.id);
    expect(opens(afterRotation)).toEqual([`${week}.key`]);

    gw.clock.set(new Date(periodEnd(week).getTime() + 1000).toISOString());
    try {
      expect((await gw.gateway.sweep()).destroyedKeys).toContain(`t-1696-${week}`);
    } finally {
      gw.clock.set('2026-11-22T09:30:00Z');
    }
    expect(everyKeyHeld().length).toBeGreaterThanOrEqual(4); // two rotations: three KEKs and three pseudonymisation keys of 1696 at least
    for (const copy of [beforeRotation, afterRotation]) expect(opens(copy)).toEqual([]);
  });
});
