import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type ScriptArg = string | Buffer | number;

/**
 * A Lua script run by its SHA-1 (EVALSHA), falling back to EVAL when Redis does not know it yet
 * (first use, after a restart). Sending the source with every call cost the intake more CPU
 * than the script itself: the commit script is kilobytes, its arguments are not.
 */
export function luaScript<T = unknown>(source: string): (redis: Redis, keys: string[], args: ScriptArg[]) => Promise<T> {
  const sha = createHash('sha1').update(source).digest('hex');
  // Arguments go as one array: a sequencer batch has tens of thousands, too many to spread.
  return async (redis, keys, args) => {
    try {
      return (await redis.call('EVALSHA', [sha, keys.length, ...keys, ...args])) as T;
    } catch (err) {
      // NOSCRIPT means nothing ran: running the source now is not a second execution.
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return (await redis.call('EVAL', [source, keys.length, ...keys, ...args])) as T;
      throw err;
    }
  };
}
