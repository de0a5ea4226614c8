import type { Redis } from 'ioredis';
import type { SealedRecord } from '../audit/leaf.js';
import type { Eindresultaat } from '../policy/bundle-schema.js';
import { closeFields, reportingMonth } from '../reporting/fields.js';
import { reportingKeys, retentionKeys } from '../redis/keys.js';
import { readCaseFacts } from '../reporting/read.js';
import { actionScript, type ActionContext, type ActionOutcome } from './action-script.js';

/**
 * Closing in one script: the final fields, the contact blobs re-wrapped under their period key,
 * the claim and lease gone, both expiry indexes, the address's memory of the closing, the
 * partners' status and the record. The re-wrap needs keys, so it is computed before, from the
 * blobs read then; the script refuses ('gewijzigd') unless exactly those blobs are still there —
 * a blob that joined or went meanwhile would otherwise escape crypto-shredding or come back.
 *
 * A case closes once, so its end result is counted for the team lead right here.
 *
 * Own KEYS: contact expiry index, case facts expiry index, the address, this month's figures.
 * Own ARGV: fields (JSON), the blobs read (JSON), contact expiry (ms), facts expiry (ms), closed
 * at (ISO), partner status, the close's figures (JSON).
 */
const close = actionScript('close-case-10');

export interface Closing {
  /** Hash fields to set: status, outcome, expiry, and each re-wrapped contact blob. */
  fields: Record<string, string>;
  /** Every contact blob as read when the re-wrap was computed. */
  blobsRead: Record<string, string>;
  contactTot: Date;
  zaakfeitenTot: Date;
  /** The address key: a new signal within six months of closing is opeenvolgend. */
  addressKey: string;
  partnerStatus: string;
}

export async function closeCase(redis: Redis, ctx: ActionContext, records: SealedRecord[], c: Closing): Promise<ActionOutcome> {
  const facts = await readCaseFacts(redis, ctx.zaakId);
  const figures = facts && c.fields.eindresultaat ? closeFields(facts, c.fields.eindresultaat as Eindresultaat) : [];
  return close(redis, ctx, records, {
    keys: [retentionKeys.contactExpiry, retentionKeys.caseFactsExpiry, c.addressKey, reportingKeys.month(ctx.gemeentecode, reportingMonth(ctx.now))],
    args: [
      JSON.stringify(c.fields), JSON.stringify(c.blobsRead), String(c.contactTot.getTime()), String(c.zaakfeitenTot.getTime()), ctx.now.toISOString(), c.partnerStatus,
      JSON.stringify(figures),
    ],
  });
}
