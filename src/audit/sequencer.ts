import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { auditLogKeys } from '../redis/keys.js';
import { hashLeaf, nodesForAppend, rootHash } from './merkle.js';
import { checkpointText, signNote, type NoteSigner } from './note.js';
import { indexOps, unpackFacts, type RecordFacts } from './query-index.js';
import { OverlayNodeSource, RedisNodeSource, sequencedSize } from './tree-store.js';
import { luaScript } from '../redis/script.js';

/**
 * Commit one batch, fenced: only the holder of the newest fencing token may write, and only on
 * top of the size it read. Nodes, search indexes, the new size, the checkpoint and the removal of
 * the batch from the pending stream happen in one script, so a crash leaves either all or nothing.
 * (Record content is already in place: the append wrote it.)
 * KEYS: fencing, size, checkpoint, checkpoints, pending, then the level and index keys.
 */
const commitBatchScript = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('FENCED') end
if tonumber(redis.call('GET', KEYS[2]) or '0') ~= tonumber(ARGV[2]) then return redis.error_reply('SIZE') end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], ARGV[4])
redis.call('HSET', KEYS[4], ARGV[3], ARGV[4])
redis.call('XTRIM', KEYS[5], 'MINID', ARGV[5])
local pos = 6
local nodeCount = tonumber(ARGV[pos]); pos = pos + 1
for i = 1, nodeCount do
  redis.call('SETRANGE', KEYS[tonumber(ARGV[pos])], tonumber(ARGV[pos + 1]), ARGV[pos + 2])
  pos = pos + 3
end
local zaddCount = tonumber(ARGV[pos]); pos = pos + 1
for i = 1, zaddCount do
  redis.call('ZADD', KEYS[tonumber(ARGV[pos])], ARGV[pos + 1], ARGV[pos + 2])
  pos = pos + 3
end
local incrCount = tonumber(ARGV[pos]); pos = pos + 1
for i = 1, incrCount do
  redis.call('HINCRBY', KEYS[tonumber(ARGV[pos])], ARGV[pos + 1], ARGV[pos + 2])
  pos = pos + 3
end
return 'OK'`;
const runCommitBatch = luaScript(commitBatchScript);

/** Take the leader lock, or renew it if it is ours; the fencing token grows with every new leader. */
const leaderScript = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return redis.call('GET', KEYS[2])
end
if holder then return false end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return tostring(redis.call('INCR', KEYS[2]))`;

export interface SequencerOptions {
  origin: string;
  signer: NoteSigner;
  batchSize?: number;
  leaseMs?: number;
  onError?: (err: Error) => void;
}

interface PendingRecord {
  index: number;
  leaf: Buffer;
  facts: RecordFacts;
}

/** One stream entry (one append) as the records it holds. */
function parseEntry(fields: Buffer[]): PendingRecord[] {
  const f: Record<string, Buffer> = {};
  for (let i = 0; i < fields.length; i += 2) f[fields[i]!.toString()] = fields[i + 1]!;
  const first = Number(f.index!.toString());
  const facts = JSON.parse(f.facts!.toString()) as Array<Parameters<typeof unpackFacts>[0]>;
  return facts.map((packed, i) => ({ index: first + i, leaf: f.leaves!.subarray(i * 32, i * 32 + 32), facts: unpackFacts(packed) }));
}

/** The smallest stream id above `id`: trimming to it removes exactly what was read. */
function nextStreamId(id: string): string {
  const [ms, seq] = id.split('-');
  return `${ms}-${BigInt(seq!) + 1n}`;
}

/**
 * The single writer of the Merkle tree. Any number of instances may run; one holds the lease and
 * sequences, the others stand by and take over when its lease lapses. Records already carry
 * their index (assigned atomically at append), so the sequencer only proves the order it finds.
 */
export class AuditSequencer {
  private readonly instanceId = randomUUID();
  private token: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly redis: Redis, private readonly options: SequencerOptions) {}

  get isLeader(): boolean {
    return this.token !== undefined;
  }

  async claimLeadership(): Promise<boolean> {
    const token = (await this.redis.eval(leaderScript, 2, auditLogKeys.leader, auditLogKeys.fencing, this.instanceId, String(this.options.leaseMs ?? 5000))) as string | null;
    this.token = token ?? undefined;
    return this.isLeader;
  }

  /** Sequence what is pending, one batch; returns how many records were added to the tree. */
  async step(): Promise<number> {
    if (!(await this.claimLeadership())) return 0;
    const raw = (await this.redis.xrangeBuffer(auditLogKeys.pending, '-', '+', 'COUNT', this.options.batchSize ?? 1000)) as unknown as Array<[Buffer, Buffer[]]>;
    if (raw.length === 0) return 0;
    const records = raw.flatMap(([, fields]) => parseEntry(fields));
    const size = await sequencedSize(this.redis);
    // Appends assign indexes in the same script that adds to the stream, so order has no gaps.
    records.forEach((r, i) => {
      if (r.index !== size + i) throw new Error(`auditlog: verwachtte index ${size + i}, vond ${r.index}`);
    });
    const stored = new RedisNodeSource(this.redis);
    const leaves = records.map((r) => hashLeaf(r.leaf));
    const nodes = await nodesForAppend(stored, size, leaves);
    const view = new OverlayNodeSource(stored);
    for (const n of nodes) view.set(n.level, n.index, n.hash);
    const newSize = size + records.length;
    const note = signNote(checkpointText({ origin: this.options.origin, size: newSize, root: await rootHash(view, newSize) }), this.options.signer);

    const keys = [auditLogKeys.fencing, auditLogKeys.size, auditLogKeys.checkpoint, auditLogKeys.checkpoints, auditLogKeys.pending];
    const positions = new Map<string, string>();
    const keyIndex = (key: string) => {
      let at = positions.get(key);
      if (at === undefined) {
        at = String(keys.push(key));
        positions.set(key, at);
      }
      return at;
    };
    const lastId = raw[raw.length - 1]![0].toString();
    const args: Array<string | Buffer> = [this.token!, String(size), String(newSize), note, nextStreamId(lastId)];
    args.push(String(nodes.length));
    for (const n of nodes) args.push(keyIndex(auditLogKeys.level(n.level)), String(n.index * 32), n.hash);
    const ops = indexOps(records);
    args.push(String(ops.zadd.length));
    for (const z of ops.zadd) args.push(keyIndex(z.key), String(z.score), z.member);
    args.push(String(ops.hincr.length));
    for (const h of ops.hincr) args.push(keyIndex(h.key), h.field, String(h.by));
    await runCommitBatch(this.redis, keys, args);
    return records.length;
  }

  /** Run until stopped: drain what is pending, then look again in a moment. */
  start(intervalMs = 200): void {
    const loop = async () => {
      if (this.stopped) return;
      try {
        while ((await this.step()) > 0 && !this.stopped);
      } catch (err) {
        this.options.onError?.(err as Error);
      }
      if (!this.stopped) this.timer = setTimeout(loop, intervalMs);
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    // Hand over at once rather than making a standby wait out the lease.
    await this.redis.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, 1, auditLogKeys.leader, this.instanceId).catch(() => undefined);
  }
}
