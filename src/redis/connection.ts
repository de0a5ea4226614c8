import { Redis, type RedisOptions } from 'ioredis';
import type { RedisTarget } from './target.js';

/**
 * Every Redis connection of the gateway and its CLI commands is made here, from a target (one
 * address, or Sentinels and a master name; a plain string is a URL).
 *
 * BullMQ needs `maxRetriesPerRequest: null` on connections it blocks on; our own request-path
 * connection fails fast instead, so a Redis outage becomes a 503 rather than a hung request.
 *
 * ioredis keeps these options in `client.options`, and `duplicate()` (BullMQ's blocking
 * connections, the relay's XREAD connection) makes a new client from them: a duplicate asks the
 * same Sentinels, with the same password, and reconnects the same way.
 */
export function createRedis(target: RedisTarget | string, options: RedisOptions = {}): Redis {
  const where = typeof target === 'string' ? { kind: 'url' as const, url: target } : target;
  const common: RedisOptions = {
    maxRetriesPerRequest: 1,
    enableReadyCheck: true,
    // Auto-pipelining: commands issued in the same tick by concurrent requests leave in one write.
    // Per-command socket writes were the largest cost after crypto in the intake profile. Not for
    // BullMQ's connection (maxRetriesPerRequest: null), whose workers block on it.
    enableAutoPipelining: options.maxRetriesPerRequest !== null,
    ...(where.password !== undefined ? { password: where.password } : {}),
  };
  const client = where.kind === 'url'
    ? new Redis(where.url, { ...common, ...options })
    : new Redis({
      ...common,
      sentinels: where.sentinels,
      name: where.name,
      role: 'master',
      reconnectOnError: reconnectOnDemotion,
      // The Sentinels of deploy/sentinel.conf ask for the same password as the data nodes.
      ...(where.password !== undefined ? { sentinelPassword: where.password } : {}),
      // Not ioredis' `failoverDetector`: its +switch-master arrives while a client whose primary
      // died is still reconnecting, and disconnecting the connector mid-resolve ends the client for
      // good ("Connection is closed.", no further reconnect) — the failover test met it. A killed
      // primary closes the connection anyway, a demoted one answers READONLY or, cut off from its
      // replicas, NOREPLICAS (below), and Sentinel kills a demoted node's client connections.
      // After a failover the connection is gone; ask the Sentinels again soon. ioredis' default
      // backs off to 2 s between attempts, which would be most of the unavailability window.
      retryStrategy: (times: number) => Math.min(times * 100, 500),
      ...options,
    });
  client.on('error', () => undefined); // surfaced per command; a listener stops crash-on-emit
  return client;
}

/**
 * A node that answers READONLY was demoted (a failover made another node the primary) while this
 * connection still points at it: reconnect — through the Sentinels, to the new primary — and send
 * the refused command again there (2). READONLY means the command did not run, so running it on
 * the primary is exactly what was asked (and the Sentinel connector will not take a node whose
 * role is not master, so the resend cannot loop on the demoted one).
 *
 * NOREPLICAS: this primary has lost its replicas (min-replicas-to-write) — perhaps cut off from
 * them while the Sentinels promoted one of them. Reconnect, so that the next command asks the
 * Sentinels again and reaches the new primary if there is one; the refused command itself fails
 * (a 503; not resent, which would only repeat the refusal while the replicas are down).
 *
 * Only with Sentinel: a URL would reconnect to the same node, so there these stay errors (503s).
 */
export function reconnectOnDemotion(error: Error): 1 | 2 | false {
  if (error.message.startsWith('READONLY')) return 2;
  if (error.message.startsWith('NOREPLICAS')) return 1;
  return false;
}
