import { existsSync, readFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { urlFile } from '../redis/embedded.js';
import { UsageError } from './args.js';

/** REDIS_URL, or the private redis-server of a running `npm start`. */
export function resolveRedisUrl(config: Config): string {
  if (config.redisUrl) return config.redisUrl;
  const file = urlFile(config.home.redisDir);
  if (!existsSync(file)) throw new UsageError('geen REDIS_URL en geen draaiende embedded Redis: start de gateway (npm start) of zet REDIS_URL');
  return readFileSync(file, 'utf8').trim();
}
