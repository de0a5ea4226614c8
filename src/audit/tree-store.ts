import type { Redis } from 'ioredis';
import { auditLogKeys } from '../redis/keys.js';
import type { NodeSource } from './merkle.js';

/**
 * The tree's stored perfect subtrees, one Redis string per level, 32 bytes per node: appending
 * writes only new nodes (SETRANGE), and any node is one GETRANGE away.
 */
export class RedisNodeSource implements NodeSource {
  constructor(private readonly redis: Redis) {}

  async node(level: number, index: number): Promise<Buffer> {
    const bytes = await this.redis.getrangeBuffer(auditLogKeys.level(level), index * 32, index * 32 + 31);
    if (bytes.length !== 32) throw new RangeError(`knoop ${level}/${index} is (nog) niet opgeslagen`);
    return bytes;
  }
}

/** A view of the tree with not-yet-written nodes layered over the stored ones. */
export class OverlayNodeSource implements NodeSource {
  private readonly extra = new Map<string, Buffer>();
  constructor(private readonly base: NodeSource) {}
  set(level: number, index: number, hash: Buffer): void {
    this.extra.set(`${level}:${index}`, hash);
  }
  node(level: number, index: number): Promise<Buffer> {
    const hit = this.extra.get(`${level}:${index}`);
    return hit ? Promise.resolve(hit) : this.base.node(level, index);
  }
}

export async function sequencedSize(redis: Redis): Promise<number> {
  return Number((await redis.get(auditLogKeys.size)) ?? 0);
}
