import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ChainableCommander, Redis } from 'ioredis';
import { contentDictionaryV1 } from './content-dictionary.js';
import { auditLogKeys } from '../redis/keys.js';
import type { SealedRecord } from './leaf.js';

/**
 * Audit content is stored per append, not per record: the records one append writes (an
 * accepted signal's five) share trace, subject, signal and case ids and every attribute name,
 * so together and against a preset dictionary they deflate to about a tenth — ~400 bytes for a
 * signal instead of ~4,300. A group lives in the bucket of its first index, field `g:<first>`;
 * a record deleted at retention end gets `d:<index>` (when) and its group goes once every
 * member is deleted. Members of a group share one time, so retention ends them together.
 *
 * Group format 1: one byte 0x01, then deflate-raw (dictionary v1) of one line per record,
 * `<salt base64> <record JCS>`, joined by '\n' (JCS never holds a raw newline).
 */
export const maxGroup = 16;
const format1 = 1;

export interface StoredContent {
  json: string;
  salt: string;
}

/** Content as read: where its group starts and how many records the group holds. */
export interface FoundContent extends StoredContent {
  head: number;
  groupSize: number;
}

export type ContentState = FoundContent | { deleted: string } | undefined;

// An 8 KiB window holds the whole dictionary and needs a fraction of the default's set-up per
// call (a group is one call); level 6 packs an intake group to ~400 bytes. Inflating needs no
// options beyond the dictionary.
const deflateOptions = { dictionary: contentDictionaryV1, level: 6, windowBits: 13, memLevel: 4 };

export function packGroup(records: Array<{ json: string; salt: string }>): Buffer {
  const text = records.map((r) => `${r.salt} ${r.json}`).join('\n');
  return Buffer.concat([Buffer.from([format1]), deflateRawSync(text, deflateOptions)]);
}

export function unpackGroup(blob: Buffer): StoredContent[] {
  if (blob[0] !== format1) throw new Error(`auditinhoud: onbekend formaat ${blob[0]}`);
  return inflateRawSync(blob.subarray(1), { dictionary: contentDictionaryV1 }).toString('utf8').split('\n').map((line) => {
    const space = line.indexOf(' ');
    return { salt: line.slice(0, space), json: line.slice(space + 1) };
  });
}

/** Split an append into groups: consecutive records with one time, at most maxGroup each. */
export function groupRecords(records: SealedRecord[]): SealedRecord[][] {
  const groups: SealedRecord[][] = [];
  let time: string | undefined;
  for (const r of records) {
    const t = recordTime(r.record);
    const last = groups.at(-1);
    if (last && t === time && last.length < maxGroup) last.push(r);
    else groups.push([r]);
    time = t;
  }
  return groups;
}

function recordTime(record: object): string {
  const r = record as { start_time?: unknown; timestamp?: unknown };
  return String(r.start_time ?? r.timestamp ?? '');
}

const groupField = (head: number) => `g:${head}`;
const deletedField = (index: number) => `d:${index}`;

interface Located {
  head: number;
  members: StoredContent[];
}

/**
 * The content of each index: a group starting at most maxGroup - 1 before it covers it. One
 * round trip for any set of indexes (a query page, an export stretch, one receipt).
 */
export async function readContent(redis: Redis, indexes: number[]): Promise<Map<number, ContentState>> {
  const wanted = new Map<string, Set<string>>();
  const ask = (key: string, field: string) => {
    let set = wanted.get(key);
    if (!set) wanted.set(key, (set = new Set()));
    set.add(field);
  };
  for (const i of indexes) {
    ask(auditLogKeys.content(i), deletedField(i));
    for (let head = Math.max(0, i - maxGroup + 1); head <= i; head++) ask(auditLogKeys.content(head), groupField(head));
  }
  const keys = [...wanted.keys()];
  const read = redis.pipeline();
  for (const key of keys) read.hmgetBuffer(key, ...wanted.get(key)!);
  const replies = (await read.exec()) ?? [];
  const fields = new Map<string, Buffer>();
  keys.forEach((key, k) => {
    const values = (replies[k]?.[1] ?? []) as Array<Buffer | null>;
    [...wanted.get(key)!].forEach((field, f) => {
      if (values[f]) fields.set(field, values[f]!);
    });
  });
  const groups = new Map<number, Located>();
  const groupAt = (head: number): Located | undefined => {
    let located = groups.get(head);
    if (!located) {
      const blob = fields.get(groupField(head));
      if (!blob) return undefined;
      located = { head, members: unpackGroup(blob) };
      groups.set(head, located);
    }
    return located;
  };
  const out = new Map<number, ContentState>();
  for (const i of indexes) {
    const deleted = fields.get(deletedField(i));
    if (deleted) {
      out.set(i, { deleted: deleted.toString() });
      continue;
    }
    let found: ContentState;
    for (let head = i; head >= Math.max(0, i - maxGroup + 1) && !found; head--) {
      const g = groupAt(head);
      if (g && i - head < g.members.length) found = { ...g.members[i - head]!, head, groupSize: g.members.length };
    }
    out.set(i, found);
  }
  return out;
}

/** The group an index belongs to, with its members' indexes (for deleting a whole group). */
export async function groupOf(redis: Redis, index: number): Promise<{ head: number; indexes: number[]; members: StoredContent[] } | undefined> {
  const found = (await readContent(redis, [index])).get(index);
  if (!found || 'deleted' in found) return undefined;
  const indexes = Array.from({ length: found.groupSize }, (_, k) => found.head + k);
  const all = await readContent(redis, indexes);
  return { head: found.head, indexes, members: indexes.map((i) => all.get(i)).map((c) => (c && 'json' in c ? c : { json: '', salt: '' })) };
}

/**
 * Retention end for the records of one group: each gets its deletion marker, and the group's
 * content and salts go. Without a salt nobody can test a guess against a leaf; every proof still
 * holds. Queued on a transaction so a sweep deletes a page of groups in one round trip.
 */
export function queueGroupDeletion(tx: ChainableCommander, head: number, indexes: number[], at: Date): ChainableCommander {
  // HSETNX: a member deleted on its own before keeps the moment it went.
  for (const i of indexes) tx.hsetnx(auditLogKeys.content(i), deletedField(i), at.toISOString());
  return tx.hdel(auditLogKeys.content(head), groupField(head));
}
