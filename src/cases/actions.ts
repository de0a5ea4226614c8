import type { Redis } from 'ioredis';
import type { SealedRecord } from '../audit/leaf.js';
import { actionScript, type ActionContext, type ActionOutcome } from './action-script.js';
import type { ContactAttempt } from './view.js';

/**
 * Reveal: the record is appended before anything is read out for showing, in the same script
 * that checks the claim; if the append fails, the script fails and nothing is shown. Answers the
 * case hash (with its encrypted contact blobs) for the caller to decrypt.
 */
const reveal = actionScript(`
local h = caseHash()
local any = false
for i = 1, #h, 2 do if string.sub(h[i], 1, 8) == 'contact:' then any = true end end
if not any then return {'geen-gegevens'} end
appendRecords(tonumber(ARGV[7]))
renew()
return {'ok', h}`);

/**
 * A contact attempt joins the list inside Redis (no read-modify-write in between that could lose
 * a concurrent one). The list is JSON; the new element is spliced in as sent, so earlier ones
 * stay byte for byte what they were.
 */
const attempt = actionScript(`
appendRecords(tonumber(ARGV[7]))
renew()
local list = redis.call('HGET', KEYS[3], 'contactpogingen')
if not list or list == '[]' then list = '[' .. ARGV[8] .. ']' else list = string.sub(list, 1, -2) .. ',' .. ARGV[8] .. ']' end
redis.call('HSET', KEYS[3], 'contactpogingen', list)
return {'ok', caseHash()}`);

/** Release: back to the queue at the place it had. */
const release = actionScript(`
appendRecords(tonumber(ARGV[7]))
backToQueue(KEYS[3], KEYS[4], KEYS[5], ARGV[4])
return {'ok', caseHash()}`);

export function revealContact(redis: Redis, ctx: ActionContext, records: SealedRecord[]): Promise<ActionOutcome> {
  return reveal(redis, ctx, records);
}

export function recordContactAttempt(redis: Redis, ctx: ActionContext, records: SealedRecord[], value: ContactAttempt): Promise<ActionOutcome> {
  return attempt(redis, ctx, records, { args: [JSON.stringify(value)] });
}

export function releaseCase(redis: Redis, ctx: ActionContext, records: SealedRecord[]): Promise<ActionOutcome> {
  return release(redis, ctx, records);
}
