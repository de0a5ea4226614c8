import type { Redis } from 'ioredis';
import { caseKeys, intakeKeys, retentionKeys } from '../redis/keys.js';
import { eindresultaten, type Eindresultaat, type PolicyBundle } from '../policy/bundle-schema.js';
import { contactRetentionFor } from '../policy/retention.js';
import { parseStoredContact, rewrapDataKey, storedContact } from '../privacy/envelope.js';
import type { MunicipalKeystore } from '../privacy/keystore.js';
import { PeriodKeyDestroyedError, periodKeyFor } from '../privacy/period-keys.js';
import { addIsoDuration } from './duration.js';
import { contactRetentionEnd, retentionEndFields } from '../cases/retention-ends.js';
import type { RetentionScheduler } from './scheduler.js';

export interface RescheduleInput {
  redis: Redis;
  bundle: PolicyBundle;
  keystore: MunicipalKeystore;
  /** The state directory's period keys (crypto-shredding), see period-keys.ts. */
  periodKeysDir: string;
  scheduler: RetentionScheduler;
  now: Date;
  /** The bundle before the reload: only kinds whose term got shorter are walked. */
  previous?: PolicyBundle;
}

const reference = new Date('2000-01-31T00:00:00Z');
const shorter = (before: string, after: string) => addIsoDuration(reference, after).getTime() < addIsoDuration(reference, before).getTime();

/** Which kinds of stored item a new bundle ends earlier than the old one did. Pure. */
export function shortenedKinds(previous: PolicyBundle | undefined, next: PolicyBundle): { contact: boolean; caseFacts: boolean } {
  if (!previous) return { contact: true, caseFacts: true };
  return {
    contact: eindresultaten.some((r) => shorter(contactRetentionFor(previous, r).duur, contactRetentionFor(next, r).duur)),
    caseFacts: shorter(previous.termijnen.zaakfeiten.duur, next.termijnen.zaakfeiten.duur),
  };
}

/**
 * After a policy change: every closed case whose contact details now expire earlier gets the
 * earlier date — job, sweeper entry and period key move with it (data keys re-wrapped, nothing
 * decrypted). A longer term changes nothing: it never brings back what was deleted, and items
 * already planned keep their date. Returns the cases moved.
 */
export async function applyShorterRetention(input: RescheduleInput): Promise<string[]> {
  // A reload that shortens nothing reads nothing: the walks below touch every stored item.
  const kinds = shortenedKinds(input.previous, input.bundle);
  const moved = kinds.contact ? await shortenContactDetails(input) : [];
  if (kinds.caseFacts) moved.push(...(await shortenCaseFacts(input)), ...(await shortenCaselessSignals(input)));
  return moved;
}

async function shortenContactDetails(input: RescheduleInput): Promise<string[]> {
  const entries = await input.redis.zrange(retentionKeys.contactExpiry, 0, -1, 'WITHSCORES');
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
    const fields: Record<string, string> = { contactBewaarTot: expiry.toISOString(), contactBewaarRegel: rule.regel };
    const periodKey = periodKeyOrNone(input.periodKeysDir, h.gemeentecode, expiry, input.now);
    if (periodKey) for (const [field, text] of Object.entries(h).filter(([f]) => f.startsWith('contact:'))) {
      const blob = parseStoredContact(text);
      const current = input.keystore.kekById(h.gemeentecode, blob.kekId);
      if (current && blob.kekId !== periodKey.id) fields[field] = storedContact(rewrapDataKey(blob, current, periodKey));
    }
    await input.redis.multi().hset(key, fields).zadd(retentionKeys.contactExpiry, expiry.getTime(), zaakId).exec();
    await input.scheduler.reschedule({ zaakId, regel: rule.regel, bewaarTot: expiry.toISOString() }, input.now);
    moved.push(zaakId);
  }
  return moved;
}

/**
 * The key of the week the new end falls in; none when that week is already over (the sweep right
 * after the reload deletes these details, and a key for a past week is never made).
 */
function periodKeyOrNone(dir: string, gemeentecode: string, expiry: Date, now: Date) {
  try {
    return periodKeyFor(dir, gemeentecode, expiry, now);
  } catch (err) {
    if (err instanceof PeriodKeyDestroyedError) return undefined;
    throw err;
  }
}

/** Walk an expiry index in pages, reading each item's hash in one round trip per page. */
async function* expiring(redis: Redis, index: string, keyOf: (member: string) => string) {
  const entries = await redis.zrange(index, 0, -1, 'WITHSCORES');
  for (let i = 0; i < entries.length; i += 1_000) {
    const page = entries.slice(i, i + 1_000);
    const tx = redis.pipeline();
    for (let j = 0; j < page.length; j += 2) tx.hgetall(keyOf(page[j]!));
    const hashes = ((await tx.exec()) ?? []).map(([, h]) => h as Record<string, string>);
    for (let j = 0; j < page.length; j += 2) yield { member: page[j]!, planned: Number(page[j + 1]), h: hashes[j / 2]! };
  }
}

/** Case facts: from the close, or (open case) provisionally from the latest signal. */
async function shortenCaseFacts(input: RescheduleInput): Promise<string[]> {
  const moved: string[] = [];
  const duur = input.bundle.termijnen.zaakfeiten.duur;
  for await (const { member: zaakId, planned, h } of expiring(input.redis, retentionKeys.caseFactsExpiry, caseKeys.case)) {
    const from = h.afgesloten ?? h.laatsteSignaal ?? h.aangemaakt;
    if (!from) continue;
    const expiry = addIsoDuration(new Date(from), duur);
    if (expiry.getTime() >= planned) continue;
    const tot = expiry.toISOString();
    // An open case's contact details follow its facts (one date); a closed case's keep the end
    // they had at the close, so it is written out when it was the facts' end until now.
    const contactTot = h.afgesloten ? contactRetentionEnd(h) ?? tot : tot;
    const fields = retentionEndFields(tot, contactTot);
    await input.redis.multi().hset(caseKeys.case(zaakId), fields).zadd(retentionKeys.caseFactsExpiry, expiry.getTime(), zaakId).exec();
    if (h.afgesloten) await input.scheduler.reschedule({ zaakId, regel: 'bewaartermijnen.zaakfeiten', bewaarTot: tot }, input.now, 'zaakfeiten');
    moved.push(zaakId);
  }
  return moved;
}

async function shortenCaselessSignals(input: RescheduleInput): Promise<string[]> {
  const moved: string[] = [];
  const duur = input.bundle.termijnen.zaakfeiten.duur;
  for await (const { member: signaalId, planned, h } of expiring(input.redis, retentionKeys.signalExpiry, intakeKeys.signal)) {
    if (!h.ontvangen) continue;
    const expiry = addIsoDuration(new Date(h.ontvangen), duur);
    if (expiry.getTime() >= planned) continue;
    await input.redis.multi().hset(intakeKeys.signal(signaalId), 'bewaarTot', expiry.toISOString()).zadd(retentionKeys.signalExpiry, expiry.getTime(), signaalId).exec();
    moved.push(signaalId);
  }
  return moved;
}
