import type { Redis } from 'ioredis';
import { notificationKeys } from '../redis/keys.js';
import type { OutboxEvent } from './event.js';

/**
 * The transactional outbox (src/redis/scripts/includes/outbox.lua): every script that changes a
 * case appends its event to one stream in the same call. This module reads the stream back as
 * events; the relay (relay.ts) turns them into delivery jobs and deletes what it moved.
 */

/** One outbox entry: its stream id (what the relay deletes) and the event it holds. */
export interface OutboxEntry {
  streamId: string;
  event: OutboxEvent;
}

interface StoredEvent {
  type: OutboxEvent['type'];
  /** Only on a caseless repeat's event: what numbers it instead of a case. */
  signaalId?: string;
  /** Milliseconds since the epoch (Redis's Lua has no clock formatting). */
  t: number;
  zaakId: string;
  gemeentecode: string;
  zaak: OutboxEvent['zaak'] | [];
  signalen: OutboxEvent['signalen'] | Record<string, never>;
}

/** An entry's fields (`sq`, `e`) as the event: id `<zaakId>.<sequence>`, time as ISO 8601. */
export function parseOutboxEntry(streamId: string, fields: string[]): OutboxEntry {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  const stored = JSON.parse(f.e!) as StoredEvent;
  const sequence = Number(f.sq);
  // cjson writes an empty Lua table as {}: no signals, no partner types.
  const zaak = Array.isArray(stored.zaak) ? { status: '' } : stored.zaak;
  return {
    streamId,
    event: {
      id: `${stored.zaakId || stored.signaalId}.${sequence}`,
      type: stored.type,
      time: new Date(stored.t).toISOString(),
      zaakId: stored.zaakId,
      gemeentecode: stored.gemeentecode,
      sequence,
      zaak: { ...zaak, partnerTypes: Array.isArray(zaak.partnerTypes) ? zaak.partnerTypes : [] },
      signalen: Array.isArray(stored.signalen) ? stored.signalen : [],
    },
  };
}

/** The oldest `count` entries still in the outbox. */
export async function readOutbox(redis: Redis, count: number): Promise<OutboxEntry[]> {
  const raw = (await redis.xrange(notificationKeys.outbox, '-', '+', 'COUNT', count)) as Array<[string, string[]]>;
  return raw.map(([id, fields]) => parseOutboxEntry(id, fields));
}
