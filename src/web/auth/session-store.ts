import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { werkplekKeys } from '../../redis/keys.js';

export const idleTimeoutMs = 15 * 60 * 1000;
export const absoluteTimeoutMs = 8 * 60 * 60 * 1000;

/**
 * What a Werkplek session holds: who (pseudonymous sub), for which municipality, in which roles,
 * and a display name — never contact details or anything about residents.
 */
export const sessionSchema = z.object({
  sub: z.string(),
  gemeentecode: z.string(),
  roles: z.array(z.string()),
  naam: z.string().optional(),
  /** Secret behind the CSRF tokens of this session's forms (@fastify/csrf-protection's sessionKey). */
  _csrf: z.string(),
  createdAt: z.number(),
  lastSeenAt: z.number(),
});
export type WerkplekSession = z.infer<typeof sessionSchema>;
export type SessionIdentity = Pick<WerkplekSession, 'sub' | 'gemeentecode' | 'roles' | 'naam'>;

/** Redis holds only a hash of the cookie value: a copy of Redis is no key to a live session. */
const keyFor = (id: string) => werkplekKeys.session(createHash('sha256').update(id).digest('base64url'));

/**
 * Server-side sessions. Both timeouts run on the injected clock (tests move it); the Redis TTL
 * of the absolute timeout is only a backstop so abandoned sessions do not pile up.
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly clock: () => Date,
  ) {}

  async create(identity: SessionIdentity, csrfSecret: string): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const now = this.clock().getTime();
    const session: WerkplekSession = { ...identity, _csrf: csrfSecret, createdAt: now, lastSeenAt: now };
    await this.redis.set(keyFor(id), JSON.stringify(session), 'PX', absoluteTimeoutMs);
    return id;
  }

  /** The live session for this cookie value, touched; an expired one is deleted and undefined. */
  async resume(id: string): Promise<WerkplekSession | undefined> {
    const key = keyFor(id);
    const text = await this.redis.get(key);
    if (!text) return undefined;
    const parsed = sessionSchema.safeParse(JSON.parse(text));
    const now = this.clock().getTime();
    if (!parsed.success || now - parsed.data.lastSeenAt > idleTimeoutMs || now - parsed.data.createdAt > absoluteTimeoutMs) {
      await this.redis.del(key);
      return undefined;
    }
    const session = { ...parsed.data, lastSeenAt: now };
    // XX: a logout that deleted the key meanwhile is not undone by this touch.
    await this.redis.set(key, JSON.stringify(session), 'KEEPTTL', 'XX');
    return session;
  }

  async destroy(id: string): Promise<void> {
    await this.redis.del(keyFor(id));
  }
}
