import { secureRandomBytes } from './random.js';

/**
 * UUIDv7 (RFC 9562): time-ordered, so ids sort by arrival and Redis/streams stay local-ish,
 * while the random tail keeps them unguessable. Node 20 has no built-in v7.
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = secureRandomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
