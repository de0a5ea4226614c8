import type { Redis } from 'ioredis';
import { werkplekKeys } from '../../redis/keys.js';

/** What oidc-provider keeps per model instance (session, interaction, grant, authorization code…). */
type Payload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; consumed?: number };

/** Models whose instances belong to a grant: revoking the grant deletes them all. */
const grantable = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

const storeKey = werkplekKeys.idpModel;
const grantKey = werkplekKeys.idpGrant;
const uidKey = werkplekKeys.idpUid;
const userCodeKey = werkplekKeys.idpUserCode;

/**
 * The development IdP's storage in Redis (oidc-provider's adapter interface, after its example
 * Redis adapter), so a login started in one HTTPS process finishes in another (HTTP_WORKERS > 1)
 * and survives a restart. It holds only demo accounts' sessions and one-time codes — never
 * anything about residents. Each model instance is one JSON value with the TTL oidc-provider gives;
 * `consume` marks a one-time code used (oidc-provider refuses it then, and revokes its grant).
 */
export function redisAdapterFactory(redis: Redis) {
  return class RedisAdapter {
    constructor(private readonly name: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const key = storeKey(this.name, id);
      const multi = redis.multi();
      if (expiresIn) multi.set(key, JSON.stringify(payload), 'EX', expiresIn);
      else multi.set(key, JSON.stringify(payload));
      if (grantable.has(this.name) && payload.grantId) {
        multi.rpush(grantKey(payload.grantId), key);
        if (expiresIn) multi.expire(grantKey(payload.grantId), expiresIn, 'GT');
        multi.expire(grantKey(payload.grantId), expiresIn ?? 3600, 'NX');
      }
      if (payload.uid) multi.set(uidKey(payload.uid), id, 'EX', expiresIn ?? 3600);
      if (payload.userCode) multi.set(userCodeKey(payload.userCode), id, 'EX', expiresIn ?? 3600);
      await multi.exec();
    }

    async find(id: string): Promise<Payload | undefined> {
      const text = await redis.get(storeKey(this.name, id));
      return text ? (JSON.parse(text) as Payload) : undefined;
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      const id = await redis.get(uidKey(uid));
      return id ? this.find(id) : undefined;
    }

    async findByUserCode(userCode: string): Promise<Payload | undefined> {
      const id = await redis.get(userCodeKey(userCode));
      return id ? this.find(id) : undefined;
    }

    async consume(id: string): Promise<void> {
      const key = storeKey(this.name, id);
      const text = await redis.get(key);
      if (!text) return;
      const ttl = await redis.pttl(key);
      const payload = { ...(JSON.parse(text) as Payload), consumed: Math.floor(Date.now() / 1000) };
      if (ttl > 0) await redis.set(key, JSON.stringify(payload), 'PX', ttl);
      else await redis.set(key, JSON.stringify(payload));
    }

    async destroy(id: string): Promise<void> {
      await redis.del(storeKey(this.name, id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      const keys = await redis.lrange(grantKey(grantId), 0, -1);
      await redis.del(...keys, grantKey(grantId));
    }
  };
}
