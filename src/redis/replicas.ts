import type { Redis } from 'ioredis';
import { replicationKeys } from './keys.js';

/** REDIS_MIN_REPLICAS and REDIS_REPLICA_TIMEOUT_MS. */
export interface ReplicaRequirement {
  required: number;
  timeoutMs: number;
}

/** Fewer replicas than required confirmed in time: what was written is maybe stored, maybe not (after a failover). */
export class ReplicaShortfallError extends Error {
  override name = 'ReplicaShortfallError';
  constructor(readonly acknowledged: number, readonly required: number, readonly timeoutMs: number) {
    super(`${acknowledged} van de ${required} vereiste replica's bevestigde binnen ${timeoutMs} ms`);
  }
}

/** How long past REDIS_REPLICA_TIMEOUT_MS a round may take before it counts as unconfirmed (a round trip, a busy primary). */
const deadlineMarginMs = 1000;

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Durability across a failover. Replication is asynchronous: a write the primary acknowledged is
 * lost when the primary dies before a replica has it and Sentinel promotes that replica. So what
 * the gateway acknowledges (a 202, a claim, a signed checkpoint) waits first until `required`
 * replicas hold it: `WAIT required timeoutMs`.
 *
 * WAIT counts replicas that have the replication stream up to the last write *of the connection
 * it is sent on*, and blocks that connection meanwhile. So the barrier has a connection of its
 * own (a blocked WAIT never holds up the request path's reads), and each round is a probe write
 * on it — a PUBLISH, which the primary copies to its replicas — followed by WAIT. The stream is one
 * ordered log, so a replica that has the probe has every write the primary applied before it,
 * whichever connection made it: the intake's commit (sent on this same connection, just before),
 * a case action's script, the records a sequencer batch covers, or an earlier request's write that
 * a repeat now answers 200 for. Without the probe, WAIT on a connection that wrote nothing
 * answers at once with every replica, even a stopped one.
 *
 * Group commit: callers that arrive while a round is in flight share the next one, so under load
 * there is one WAIT per round trip, not one per signal.
 */
export class ReplicaBarrier {
  private inFlight = false;
  private waiting: Waiter[] = [];

  constructor(readonly connection: Redis, readonly requirement: ReplicaRequirement) {}

  /**
   * Resolves once every write the primary applied before this call holds on `required`
   * replicas; rejects with ReplicaShortfallError when fewer confirm within the timeout, or with
   * the Redis error when the primary cannot be asked. When idle, the probe leaves at once (in
   * this tick): a commit sent on `connection` just before is in the same round trip.
   */
  after(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.inFlight) this.round();
    });
  }

  private round(): void {
    const joined = this.waiting;
    this.waiting = [];
    this.inFlight = true;
    const { required, timeoutMs } = this.requirement;
    let settled = false;
    const settle = (outcome: { ok: true } | { error: unknown }) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      for (const w of joined) {
        if ('ok' in outcome) w.resolve();
        else w.reject(outcome.error);
      }
      this.inFlight = false;
      if (this.waiting.length > 0) this.round();
    };
    // WAIT answers within its timeout — unless the primary died with it unanswered: ioredis then
    // keeps the command to send again once it has reconnected (to the new primary, after the
    // failover), and every caller would wait that long. Past the deadline nothing has confirmed:
    // a shortfall, answered now (503, repeat), and the next round starts.
    const deadline = setTimeout(() => settle({ error: new ReplicaShortfallError(0, required, timeoutMs) }), timeoutMs + deadlineMarginMs);
    const probe = this.connection.publish(replicationKeys.probe, '');
    const acknowledged = this.connection.wait(required, timeoutMs);
    Promise.all([probe, acknowledged]).then(([, count]) => {
      settle(count >= required ? { ok: true } : { error: new ReplicaShortfallError(count, required, timeoutMs) });
    }, (error: unknown) => settle({ error }));
  }

  async close(): Promise<void> {
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
