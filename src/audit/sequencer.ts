import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { auditLogKeys } from '../redis/keys.js';
import { hashLeaf, nodesForAppend, rootHash } from './merkle.js';
import { checkpointText, signNote, type NoteSigner } from './note.js';
import { indexOps, unpackFacts, type RecordFacts } from './query-index.js';
import { OverlayNodeSource, RedisNodeSource, sequencedSize } from './tree-store.js';
import { redisScript } from '../redis/lua.js';
import type { ReplicaBarrier } from '../redis/replicas.js';

/**
 * Commit one batch, fenced (src/redis/scripts/commit-audit-batch.lua): nodes, search indexes, the
 * new size, the checkpoint and the removal of the batch from the pending stream in one script.
 */
const runCommitBatch = redisScript('commit-audit-batch');

/** Take the leader lock, or renew it if it is ours; the fencing token grows with every new leader. */
const takeLeadership = redisScript<string | null>('take-leadership-2');
const releaseLeadership = redisScript<number>('release-leadership-1');

export interface SequencerOptions {
  origin: string;
  signer: NoteSigner;
  batchSize?: number;
  leaseMs?: number;
  onError?: (err: Error) => void;
  /**
   * REDIS_MIN_REPLICAS > 0: a checkpoint is signed only once the replicas hold everything it
   * commits to (see step); otherwise the batch waits for the next round.
   */
  replicas?: ReplicaBarrier;
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
    const token = await takeLeadership(this.redis, [auditLogKeys.leader, auditLogKeys.fencing], [this.instanceId, String(this.options.leaseMs ?? 5000)]);
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
    // A signed checkpoint is a promise to every verifier that this tree is the log's prefix. A
    // failover that lost records it covers would let the next leader put other records at those
    // indexes: a forked log. So before signing, WAIT until the replicas hold every record of this
    // batch (the XRANGE above saw them, so the primary applied them before the barrier's probe) and
    // the tree the batch extends (written by earlier batches, before the probe too). Too few
    // replicas: nothing is signed or written, the batch stays pending, the next round tries again.
    // What a failover can still lose is at most this batch's own commit below: the next leader
    // sequences the same records at the same indexes again, so the tree is the same and every
    // checkpoint it signs is consistent with the lost one (at the same size, byte for byte: the
    // root is the same and Ed25519 signatures are deterministic).
    await this.options.replicas?.after();
    const note = signNote(checkpointText({ origin: this.options.origin, size: newSize, root: await rootHash(view, newSize) }), this.options.signer);

    const keys = [auditLogKeys.fencing, auditLogKeys.size, auditLogKeys.checkpoint, auditLogKeys.checkpoints, auditLogKeys.pending, auditLogKeys.checkpointTime];
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
    await releaseLeadership(this.redis, [auditLogKeys.leader], [this.instanceId]).catch(() => undefined);
  }
}
