import { describe, expect, it } from 'vitest';
import { timeRedisCommands } from '../../../src/metrics/redis-timing.js';
import { createRedis } from '../../../src/redis/connection.js';
import { redisScript } from '../../../src/redis/lua.js';
import { useTestRedis } from '../../helpers/redis.js';

const r = useTestRedis();

describe('timing the commands of a connection', () => {
  it('sees each command once by name — auto-pipelined, pipelined, in a transaction, scripts by their defined name — and none of their arguments', async () => {
    const redis = createRedis(r.url);
    const seen: Array<[string, number]> = [];
    const undo = timeRedisCommands(redis, (command, seconds) => seen.push([command, seconds]));
    try {
      await redis.ping();
      seen.length = 0;
      // Auto-pipelining: these three leave in one write.
      await Promise.all([redis.set('persoon:geheim', 'Kanariepietersen'), redis.get('persoon:geheim'), redis.hgetall('zaak:0193')]);
      await redis.pipeline().zcard('a').zcard('b').exec();
      await redis.multi().incr('n').incr('n').exec();
      const replace = redisScript<number>('replace-if-same-1');
      await redis.hset('k', 'f', 'a');
      expect(await replace(redis, ['k'], ['f', 'a', 'b'])).toBe(1);
      const names = seen.map(([command]) => command);
      expect(names.filter((n) => n !== 'evalsha')).toEqual(expect.arrayContaining(['set', 'get', 'hgetall', 'zcard', 'zcard', 'multi', 'incr', 'incr', 'exec', 'hset', 'vs_replace_if_same']));
      expect(names.filter((n) => n === 'set')).toHaveLength(1);
      expect(names.filter((n) => n === 'vs_replace_if_same').length).toBeGreaterThanOrEqual(1);
      expect(JSON.stringify(seen)).not.toMatch(/geheim|Kanarie|0193|persoon|zaak/);
      for (const [, seconds] of seen) expect(seconds).toBeGreaterThanOrEqual(0);

      // A command that fails is timed too; undoing the wrap stops the timing.
      await expect(redis.incr('persoon:geheim')).rejects.toThrow();
      expect(seen.at(-1)?.[0]).toBe('incr');
      undo();
      const count = seen.length;
      await redis.exists('k');
      expect(seen).toHaveLength(count);
    } finally {
      redis.disconnect();
    }
  });
});
