import type { Redis } from 'ioredis';
import { caseKeys } from '../cases/keys.js';
import type { Eindresultaat, PolicyBundle } from '../policy/bundle-schema.js';
import { contactRetentionFor } from '../policy/retention.js';
import { rewrapDataKey, type EncryptedContact } from '../privacy/envelope.js';
import type { MunicipalKeystore } from '../privacy/keystore.js';
import { periodKeyFor } from '../privacy/period-keys.js';
import { addIsoDuration } from './duration.js';
import type { RetentionScheduler } from './contact-deletion.js';
import { contactExpiryKey } from './sweeper.js';

export interface RescheduleInput {
  redis: Redis;
  bundle: PolicyBundle;
  keystore: MunicipalKeystore;
  municipalKeysDir: string;
  scheduler: RetentionScheduler;
  now: Date;
}

/**
 * After a policy change: every closed case whose contact details now expire earlier gets the
 * earlier date — job, sweeper entry and period key move with it (data keys re-wrapped, nothing
 * decrypted). A longer term changes nothing: it never brings back what was deleted, and items
 * already planned keep their date. Returns the cases moved.
 */
export async function applyShorterRetention(input: RescheduleInput): Promise<string[]> {
  const entries = await input.redis.zrange(contactExpiryKey, 0, -1, 'WITHSCORES');
  const moved: string[] = [];
  for (let i = 0; i < entries.length; i += 2) {
    const zaakId = entries[i]!;
    const planned = Number(entries[i + 1]);
    const key = caseKeys.case(zaakId);
    const h = await input.redis.hgetall(key);
    if (!h.afgesloten || !h.eindresultaat || !h.gemeentecode) continue;
    const rule = contactRetentionFor(input.bundle, h.eindresultaat as Eindresultaat);
    const expiry = addIsoDuration(new Date(h.afgesloten), rule.duur);
    if (expiry.getTime() >= planned) continue;
    const fields: Record<string, string> = { contactBewaarTot: expiry.toISOString() };
    const periodKey = periodKeyFor(input.municipalKeysDir, h.gemeentecode, expiry);
    for (const [field, text] of Object.entries(h).filter(([f]) => f.startsWith('contact:'))) {
      const blob = JSON.parse(text) as EncryptedContact;
      const current = input.keystore.kekById(h.gemeentecode, blob.kekId);
      if (current && blob.kekId !== periodKey.id) fields[field] = JSON.stringify(rewrapDataKey(blob, current, periodKey));
    }
    await input.redis.multi().hset(key, fields).zadd(contactExpiryKey, expiry.getTime(), zaakId).exec();
    await input.scheduler.reschedule({ zaakId, regel: rule.regel, bewaarTot: expiry.toISOString() }, input.now);
    moved.push(zaakId);
  }
  return moved;
}
