import type { Redis } from 'ioredis';
import { auditKeys, recordArgs } from '../audit/append.js';
import type { SealedRecord } from '../audit/leaf.js';
import { caseKeys, intakeKeys, notificationKeys, outreachKeys, retentionKeys } from '../redis/keys.js';
import { redisScript } from '../redis/lua.js';

/**
 * Erasure at a resident's request (AVG art. 17), one case at a time, in one atomic script that
 * checks, writes and appends its audit record together.
 *
 * A combined (meervoudig) case holds signals about several residents of one address. Only the
 * requester's signals lose their contact details (and are marked `gewist`); a housemate's stay,
 * because the housemate did not ask and is still owed the offer of help. The case therefore
 * leaves the queue (status `gewist`) only when no contact details of anyone remain in it: a case
 * nobody can be reached for is no work, while a case with a housemate's details still is.
 *
 * When the case leaves the queue the address's `open` pointer goes too, if it points here:
 * otherwise a later signal for this address (the erased resident's own included) would join a
 * case that is in no queue and never reach a worker. Without the pointer it opens a new case.
 * The address's `gesloten` stays as it was: an erased case was not closed with an outcome.
 *
 * Pseudonymous case facts stay until their own term: the DDAS report is a legal duty (art. 17(3)(b)).
 * The person's signals are read inside the script, so a signal that joined after the request was
 * planned is erased too, and a housemate's never is.
 *
 * The script: src/redis/scripts/erase-resident-9.lua.
 */
const runErase = redisScript<[number, number, number]>('erase-resident-9');

export interface CaseErasure {
  zaakId: string;
  gemeentecode: string;
  /** The case's address pseudonym (where its `open` pointer lives). */
  adresPseudonym: string;
  /** The requester's pseudonyms in this municipality, one per pseudonymisation key in the ring. */
  persoonPseudonyms: string[];
  now: Date;
  /** The `gewist-op-verzoek` record(s), appended only when the case still exists. */
  records: SealedRecord[];
}

export interface CaseErasureResult {
  found: boolean;
  signalsErased: number;
  /** The case left the queue (no contact details of anyone remain). */
  outOfQueue: boolean;
}

export async function eraseResidentFromCase(redis: Redis, e: CaseErasure): Promise<CaseErasureResult> {
  const keys = [
    auditKeys.counter, auditKeys.stream, caseKeys.case(e.zaakId), outreachKeys.open(e.gemeentecode), outreachKeys.leases(e.gemeentecode),
    retentionKeys.contactExpiry, caseKeys.address(e.gemeentecode, e.adresPseudonym), notificationKeys.outbox, intakeKeys.byMunicipality(e.gemeentecode),
  ];
  const [found, erased, outOfQueue] = await runErase(redis, keys, [JSON.stringify(e.persoonPseudonyms), e.now.toISOString(), e.zaakId, String(e.now.getTime()), ...recordArgs(e.records)]);
  return { found: found === 1, signalsErased: erased, outOfQueue: outOfQueue === 1 };
}
