import type { Redis } from 'ioredis';
import { caseKeys } from '../cases/keys.js';
import { outreachKeys } from './keys.js';
import { luaScript } from '../redis/script.js';

/**
 * Claiming is one Lua script per municipality queue: lapsed leases go back first, then the best
 * open case is popped and leased to the caller. Redis runs scripts one at a time, so a case is
 * never handed to two workers, and a crash after the script leaves a lease that simply lapses.
 * Each claim names its request: ioredis re-sends a script whose reply was lost on reconnect, and
 * without the request key that second run claimed a second case nobody was shown.
 */
const claimScript = `
-- Run again for the same request (a reply lost, the client re-sent it): the same case, not a second.
local earlier = redis.call('GET', KEYS[3])
if earlier then return {earlier, {}} end
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
for _, id in ipairs(lapsed) do
  redis.call('ZREM', KEYS[2], id)
  local key = ARGV[4] .. id
  local score = redis.call('HGET', key, 'wachtrijscore')
  if score and redis.call('HGET', key, 'status') == 'opgepakt' then
    redis.call('HSET', key, 'status', 'open')
    redis.call('HDEL', key, 'claimant', 'leaseTot')
    redis.call('ZADD', KEYS[1], score, id)
  end
end
while true do
  local popped = redis.call('ZPOPMIN', KEYS[1])
  if #popped == 0 then return {false, lapsed} end
  local id = popped[1]
  local key = ARGV[4] .. id
  if redis.call('HGET', key, 'status') == 'open' then
    redis.call('HSET', key, 'status', 'opgepakt', 'claimant', ARGV[3], 'leaseTot', ARGV[2], 'wachtrijscore', popped[2])
    redis.call('HSETNX', key, 'datumOpgepakt', ARGV[5])
    redis.call('ZADD', KEYS[2], ARGV[2], id)
    redis.call('SET', KEYS[3], id, 'PX', 600000)
    return {id, lapsed}
  end
end`;

/** Only the current claimant may act; acting renews the lease (any activity counts). */
const renewScript = `
if redis.call('HGET', KEYS[1], 'status') ~= 'opgepakt' or redis.call('HGET', KEYS[1], 'claimant') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'leaseTot', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1`;

const releaseScript = `
if redis.call('HGET', KEYS[1], 'status') ~= 'opgepakt' or redis.call('HGET', KEYS[1], 'claimant') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'status', 'open')
redis.call('HDEL', KEYS[1], 'claimant', 'leaseTot')
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], redis.call('HGET', KEYS[1], 'wachtrijscore'), ARGV[2])
return 1`;

const runClaim = luaScript<[string | null, string[]]>(claimScript);
const runRenew = luaScript<number>(renewScript);
const runRelease = luaScript<number>(releaseScript);

export interface ClaimResult {
  zaakId: string | undefined;
  /** Cases whose lease lapsed and went back to the queue during this call (for the audit log). */
  lapsed: string[];
}

export async function claimNext(redis: Redis, gemeentecode: string, sub: string, now: Date, leaseUntil: Date, requestId: string): Promise<ClaimResult> {
  const [id, lapsed] = await runClaim(redis, [outreachKeys.open(gemeentecode), outreachKeys.leases(gemeentecode), outreachKeys.claimRequest(requestId)],
    [String(now.getTime()), String(leaseUntil.getTime()), sub, caseKeys.case(''), now.toISOString()]);
  return { zaakId: id ?? undefined, lapsed };
}

export async function renewLease(redis: Redis, gemeentecode: string, zaakId: string, sub: string, leaseUntil: Date): Promise<boolean> {
  return (await runRenew(redis, [caseKeys.case(zaakId), outreachKeys.leases(gemeentecode)], [sub, String(leaseUntil.getTime()), zaakId])) === 1;
}

export async function releaseClaim(redis: Redis, gemeentecode: string, zaakId: string, sub: string): Promise<boolean> {
  return (await runRelease(redis, [caseKeys.case(zaakId), outreachKeys.leases(gemeentecode), outreachKeys.open(gemeentecode)], [sub, zaakId])) === 1;
}
