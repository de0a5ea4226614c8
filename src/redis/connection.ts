import { Redis, type RedisOptions } from 'ioredis';

/**
 * BullMQ needs `maxRetriesPerRequest: null` on connections it blocks on; our own request-path
 * connection fails fast instead, so a Redis outage becomes a 503 rather than a hung request.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  // Auto-pipelining: commands issued in the same tick by concurrent requests leave in one write.
  // Per-command socket writes were the largest cost after crypto in the intake profile. Not for
  // BullMQ's connection (maxRetriesPerRequest: null), whose workers block on it.
  const client = new Redis(url, { maxRetriesPerRequest: 1, enableReadyCheck: true, enableAutoPipelining: options.maxRetriesPerRequest !== null, ...options });
  client.on('error', () => undefined); // surfaced per command; a listener stops crash-on-emit
  return client;
}
