import { existsSync, readFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { urlFile } from '../redis/embedded.js';
import type { RedisTarget } from '../redis/target.js';
import { UsageError } from './args.js';

/**
 * The Redis a CLI command works on: REDIS_URL or REDIS_SENTINELS (with REDIS_PASSWORD), as the
 * gateway connects, or the private redis-server of a running `npm start`.
 */
export function resolveRedisTarget(config: Config): RedisTarget {
  if (config.redis) return config.redis;
  const file = urlFile(config.home.redisDir);
  if (!existsSync(file)) throw new UsageError('geen REDIS_URL of REDIS_SENTINELS en geen draaiende embedded Redis: start de gateway (npm start) of zet REDIS_URL of REDIS_SENTINELS');
  return { kind: 'url', url: readFileSync(file, 'utf8').trim() };
}
