import type { Context } from '@opentelemetry/api';
import type { Redis } from 'ioredis';
import { activeContext, inSpan, linksTo } from '../tracing/spans.js';
import type { ReplicaBarrier } from '../redis/replicas.js';
import { commitIntakes, type ChunkVerdict, type CommitInput } from './commit.js';

/** At most this many signals per script call, whoever sent them (the batch path's chunk size). */
const maxPerCall = 100;

interface Waiting {
  inputs: CommitInput[];
  keys: Set<string>;
  resolve(verdicts: ChunkVerdict[]): void;
  reject(error: unknown): void;
  /** The requester's trace context (tracing on): the script call's span is a child of the first and links the others. */
  trace: Context | undefined;
}

/** What another commit in the same call must not touch: its id and every key it guards or writes as a whole. */
function conflictKeys(inputs: CommitInput[]): Set<string> {
  const keys = new Set<string>();
  for (const input of inputs) {
    keys.add(input.idempotencyKey);
    for (const g of input.guards ?? []) keys.add(g.key);
    for (const h of input.hashes) keys.add(h.key);
    for (const a of input.appends ?? []) keys.add(a.key);
  }
  return keys;
}

/**
 * Commits that arrive in the same turn of the event loop — concurrent single posts, the chunks
 * of concurrent batches — go to Redis together: one script call and one compressed audit group
 * for many signals instead of one each, which was the largest cost of a single post. A request
 * keeps its own verdicts. Requests that touch the same address or id never share a call (the
 * script checks every guard before it writes anything, so they would not see each other); they
 * go in separate calls, where the guards order them as before.
 */
export class CommitCoalescer {
  private waiting: Waiting[] = [];
  private scheduled = false;

  /**
   * With `replicas` (REDIS_MIN_REPLICAS > 0), `redis` is the barrier's own connection: the
   * scripts of one turn and the WAIT after them leave together on it (see flush).
   */
  constructor(private readonly redis: Redis, private readonly replicas?: ReplicaBarrier) {}

  commit(inputs: CommitInput[]): Promise<ChunkVerdict[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ inputs, keys: conflictKeys(inputs), resolve, reject, trace: activeContext() });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const waiting = this.waiting;
    this.waiting = [];
    this.scheduled = false;
    const calls = groupIntoCalls(waiting);
    // Every script call of this turn is sent now (commitIntakes writes its command before it awaits)…
    // A call's span is a child of its first request's and links the others (inSpan starts the
    // script synchronously, so the order on the connection is kept).
    const replies = calls.map((call) => {
      const inputs = call.flatMap((w) => w.inputs);
      return inSpan('intake.commit-script', { 'vroegsignaal.signalen': inputs.length, 'vroegsignaal.verzoeken': call.length },
        () => commitIntakes(this.redis, inputs), { ...(call[0]!.trace ? { parent: call[0]!.trace } : {}), links: linksTo(call.slice(1).map((w) => w.trace)) });
    });
    // …then one probe and WAIT behind them on the same connection: one round trip, and one WAIT
    // for the whole turn (group commit). No request hears "committed" before its replicas have it.
    const durable = this.replicas?.after();
    calls.forEach((call, i) => void this.settle(call, replies[i]!, durable));
  }

  private async settle(call: Waiting[], reply: Promise<ChunkVerdict[]>, durable: Promise<void> | undefined): Promise<void> {
    try {
      const [verdicts] = await Promise.all([reply, durable]);
      let at = 0;
      for (const w of call) {
        w.resolve(verdicts.slice(at, at + w.inputs.length));
        at += w.inputs.length;
      }
    } catch (err) {
      // A shortfall of replicas, or Redis gone: what this call wrote is maybe stored (503, repeat).
      for (const w of call) w.reject(err);
    }
  }
}

/** First fit: each request joins the first call it shares no key with and that has room; else a new call. */
export function groupIntoCalls<T extends { inputs: unknown[]; keys: Set<string> }>(waiting: T[]): T[][] {
  const calls: Array<{ members: T[]; keys: Set<string>; size: number }> = [];
  for (const w of waiting) {
    const fits = calls.find((c) => c.size + w.inputs.length <= maxPerCall && ![...w.keys].some((k) => c.keys.has(k)));
    if (fits) {
      fits.members.push(w);
      for (const k of w.keys) fits.keys.add(k);
      fits.size += w.inputs.length;
    } else {
      calls.push({ members: [w], keys: new Set(w.keys), size: w.inputs.length });
    }
  }
  return calls.map((c) => c.members);
}

const coalescers = new WeakMap<Redis, CommitCoalescer>();

/**
 * The coalescer of a connection: every intake on it shares one. With a replica barrier the
 * commits go on the barrier's connection, where the WAIT after them counts their writes.
 */
export function commitCoalescer(redis: Redis, replicas?: ReplicaBarrier): CommitCoalescer {
  const connection = replicas?.connection ?? redis;
  let coalescer = coalescers.get(connection);
  if (!coalescer) {
    coalescer = new CommitCoalescer(connection, replicas);
    coalescers.set(connection, coalescer);
  }
  return coalescer;
}
