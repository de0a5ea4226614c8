import type { Redis } from 'ioredis';
import { caseKeys, intakeKeys } from '../redis/keys.js';
import type { DeliverySource } from './delivery.js';

/** The delivery's reads from Redis: signals per municipality by arrival (a sorted set), then their hashes. */
export function redisDeliverySource(redis: Redis): DeliverySource {
  const hashes = async (keys: string[]) => {
    if (keys.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.hgetall(key);
    return ((await pipeline.exec()) ?? []).map(([err, value]) => {
      if (err) throw err;
      return value as Record<string, string>;
    });
  };
  return {
    count: (gemeentecode, period) => redis.zcount(intakeKeys.byMunicipality(gemeentecode), period.from, `(${period.to}`),
    async ids(period, requests) {
      const wanted = requests.filter((r) => r.count > 0);
      if (wanted.length === 0) return requests.map(() => []);
      const pipeline = redis.pipeline();
      for (const r of wanted) pipeline.zrangebyscore(intakeKeys.byMunicipality(r.gemeentecode), period.from, `(${period.to}`, 'LIMIT', r.offset, r.count);
      const replies = ((await pipeline.exec()) ?? []).map(([err, value]) => {
        if (err) throw err;
        return value as string[];
      });
      let next = 0;
      return requests.map((r) => (r.count > 0 ? replies[next++]! : []));
    },
    signals: (ids) => hashes(ids.map((id) => intakeKeys.signal(id))),
    async cases(zaakIds) {
      const found = await hashes(zaakIds.map((id) => caseKeys.case(id)));
      const map = new Map<string, Record<string, string>>();
      zaakIds.forEach((id, i) => {
        if (found[i]?.zaakId) map.set(id, found[i]!);
      });
      return map;
    },
  };
}
