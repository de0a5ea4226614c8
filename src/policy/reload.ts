import type { Redis } from 'ioredis';
import { auditKeys, recordArgs } from '../audit/append.js';
import { sealRecord } from '../audit/leaf.js';
import { traceFromHeader } from '../audit/trace.js';
import { uuidv7 } from '../ids/uuid.js';
import { policyKeys } from '../redis/keys.js';
import { redisScript } from '../redis/lua.js';

/**
 * A policy reload across several gateway instances on one Redis (issue 17, point 1). Every
 * instance reads its own policies directory (operators deploy the same one to each); Redis holds
 * which revision a recorded reload put in force. The instance whose reload changes that revision
 * records it — revision and decision record in one script — and publishes it; the others load
 * their own directory and follow. So a reload sent to one instance reaches all, and a reload sent
 * to all (SIGHUP to each) is recorded once.
 */

const runRecord = redisScript<number>('record-policy-reload-3');

/** What was published: the revision a recorded reload put in force. */
export interface ReloadMessage {
  revisie: string;
}

/** The revision the last recorded reload put in force; undefined before the first one. */
export async function revisionInForce(redis: Redis): Promise<string | undefined> {
  return (await redis.get(policyKeys.revision)) ?? undefined;
}

/**
 * Put `to` in force and record it, unless it is in force already. Returns the recorded decision's
 * audit index, or undefined when another reload (on this or another instance) recorded this
 * revision before. The record's old revision is the one in force (this instance's own `from`
 * when none was recorded yet), read and checked in one compare-and-set: two reloads racing from
 * the same revision leave one record, never two naming the same old one.
 */
export async function recordPolicyReload(redis: Redis, input: { from: string; to: string; now: Date }): Promise<number | undefined> {
  const message = JSON.stringify({ revisie: input.to } satisfies ReloadMessage);
  // Each retry means another reload was recorded meanwhile; a handful is more than concurrent operators make.
  for (let attempt = 0; attempt < 10; attempt++) {
    const stored = await revisionInForce(redis);
    if (stored === input.to) return undefined;
    const trace = traceFromHeader(undefined);
    const record = sealRecord({
      kind: 'besluit', decision_id: uuidv7(input.now.getTime()), timestamp: input.now.toISOString(), path: 'beleid/herladen',
      input: { oude_revisie: stored ?? input.from, nieuwe_revisie: input.to }, result: 'allow', reasons: [],
      bundle_revision: input.to, trace_id: trace.traceId, span_id: trace.spanId,
      processing_activity_id: 'urn:vroegsignaal:verwerking:auditlogging',
    });
    const answer = Number(await runRecord(redis, [auditKeys.counter, auditKeys.stream, policyKeys.revision], [input.to, stored ?? '', policyKeys.reloadChannel, message, ...recordArgs([record])]));
    if (answer >= 0) return answer;
    if (answer === -1) return undefined;
  }
  throw new Error('beleid herladen: de geldende revisie bleef veranderen door gelijktijdige herlaadacties; probeer het opnieuw');
}

export interface ReloadFollower {
  stop(): Promise<void>;
}

/**
 * Listen for reloads recorded elsewhere, on a connection of its own (a subscribed connection
 * runs nothing else). `follow` gets the published revision. Pub/sub drops what arrives while a
 * connection is down, so on every (re)connection — the first included — the revision in force
 * is read and handed to `follow` as well: an instance that missed a message converges when it
 * is back, and one that starts with a different bundle on disk learns it at once.
 */
export function followPolicyReloads(redis: Redis, follow: (revision: string) => Promise<void>, onError: (err: Error) => void): ReloadFollower {
  const subscriber = redis.duplicate({ autoResubscribe: false, enableAutoPipelining: false, maxRetriesPerRequest: null });
  subscriber.on('error', () => undefined); // it reconnects by itself; 'ready' below catches up
  let stopped = false;
  const handle = (revision: string | undefined) => {
    if (!revision || stopped) return;
    follow(revision).catch(onError);
  };
  subscriber.on('message', (channel: string, text: string) => {
    if (channel !== policyKeys.reloadChannel) return;
    try {
      handle((JSON.parse(text) as ReloadMessage).revisie);
    } catch (err) {
      onError(err as Error);
    }
  });
  // Subscribed first, then read: a reload recorded in between is both read and heard (following twice is harmless).
  subscriber.on('ready', () => {
    subscriber.subscribe(policyKeys.reloadChannel)
      .then(() => revisionInForce(redis))
      .then(handle, (err: Error) => stopped || onError(err));
  });
  return {
    async stop() {
      stopped = true;
      subscriber.disconnect();
    },
  };
}
