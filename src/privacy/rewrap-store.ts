import type { Redis } from 'ioredis';
import { caseKeys } from '../redis/keys.js';
import { redisScript } from '../redis/lua.js';
import { parseStoredContact, rewrapDataKey, storedContact } from './envelope.js';
import type { MunicipalKeystore } from './keystore.js';
import { isPeriodKeyId } from './period-keys.js';

/**
 * After a rotation, re-wrap every stored data key of the municipality under its current KEK,
 * except those of closed cases, which are under a retention-period key (see period-keys.ts).
 * Only the 32-byte data keys are decrypted and encrypted again; contact details never are.
 * Each field is replaced only if it is still the blob that was read (WATCH-free compare-and-set).
 */
const replaceIfSame = redisScript<number>('replace-if-same-1');

export async function rewrapMunicipality(redis: Redis, keystore: MunicipalKeystore, gemeentecode: string, progress?: (done: number) => void): Promise<{ cases: number; rewrapped: number }> {
  const target = keystore.currentKek(gemeentecode);
  let cursor = '0';
  let cases = 0;
  let rewrapped = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', caseKeys.anyCase, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const h = await redis.hgetall(key);
      if (h.gemeentecode !== gemeentecode) continue;
      cases++;
      for (const [field, text] of Object.entries(h).filter(([f]) => f.startsWith('contact:'))) {
        const blob = parseStoredContact(text);
        // Under a period key the blob waits for that key's destruction (crypto-shredding of every
        // copy): re-wrapping it under a municipal KEK would keep it readable after the week ends.
        if (blob.kekId === target.id || isPeriodKeyId(blob.kekId)) continue;
        const old = keystore.kekById(gemeentecode, blob.kekId);
        if (!old) throw new Error(`sleutel ${blob.kekId} van gemeente ${gemeentecode} ontbreekt: kan niet herverpakken`);
        const replaced = await replaceIfSame(redis, [key], [field, text, storedContact(rewrapDataKey(blob, old, target))]);
        if (replaced === 1) rewrapped++;
      }
      progress?.(cases);
    }
  } while (cursor !== '0');
  return { cases, rewrapped };
}
