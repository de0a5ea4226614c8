import type { Redis } from 'ioredis';
import type { SealedRecord } from '../audit/leaf.js';
import { firstContactFields, reportingMonth } from '../reporting/fields.js';
import { reportingKeys } from '../redis/keys.js';
import { readCaseFacts } from '../reporting/read.js';
import { actionScript, type ActionContext, type ActionOutcome } from './action-script.js';
import type { ContactAttempt } from './view.js';

/**
 * Reveal: the record is appended before anything is read out for showing, in the same script
 * that checks the claim; if the append fails, the script fails and nothing is shown. Answers the
 * case hash (with its encrypted contact blobs) for the caller to decrypt.
 */
const reveal = actionScript('reveal-contact-6');

/**
 * A contact attempt joins the list inside Redis (no read-modify-write in between that could lose
 * a concurrent one). The list is JSON; the new element is spliced in as sent, so earlier ones
 * stay byte for byte what they were. The first attempt that reached the resident raises the
 * team lead's counters (ARGV[9], empty for an attempt that did not reach anyone).
 *
 * Own KEYS: this month's figures. Own ARGV: the attempt (JSON), its first-contact figures (JSON).
 */
const attempt = actionScript('record-contact-attempt-7');

/** Release: back to the queue at the place it had. */
const release = actionScript('release-case-6');

export function revealContact(redis: Redis, ctx: ActionContext, records: SealedRecord[]): Promise<ActionOutcome> {
  return reveal(redis, ctx, records);
}

export async function recordContactAttempt(redis: Redis, ctx: ActionContext, records: SealedRecord[], value: ContactAttempt): Promise<ActionOutcome> {
  // Only a reached attempt may be the first contact; the script decides whether it is the first.
  const facts = value.bereikt ? await readCaseFacts(redis, ctx.zaakId) : undefined;
  const figures = facts ? firstContactFields(facts, value.datum) : [];
  return attempt(redis, ctx, records, {
    keys: [reportingKeys.month(ctx.gemeentecode, reportingMonth(ctx.now))],
    args: [JSON.stringify(value), JSON.stringify(figures)],
  });
}

export function releaseCase(redis: Redis, ctx: ActionContext, records: SealedRecord[]): Promise<ActionOutcome> {
  return release(redis, ctx, records);
}
