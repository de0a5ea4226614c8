import { Redis, type RedisOptions } from 'ioredis';

/**
 * BullMQ needs `maxRetriesPerRequest: null` on connections it blocks on; our own request-path
 * connection fails fast instead, so a Redis outage becomes a 503 rather than a hung request.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, enableReadyCheck: true, ...options });
  client.on('error', () => undefined); // surfaced per command; a listener stops crash-on-emit
  return client;
}

export const keyPrefix = 'vs:';
