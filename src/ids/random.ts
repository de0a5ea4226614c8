import { randomBytes, randomFillSync } from 'node:crypto';

/**
 * Small random values from a pre-filled pool. Each `randomBytes(16)` is a trip into OpenSSL;
 * an intake needs a dozen (ids, span ids, salts, IVs, a data key), and in the profile those
 * trips cost a tenth of the gateway's CPU. The bytes are the same CSPRNG output, drawn 64 KiB
 * at a time — what `crypto.randomUUID()` does internally — and every caller gets its own copy.
 */
const pool = Buffer.allocUnsafe(64 * 1024);
let offset = pool.length;

export function secureRandomBytes(n: number): Buffer {
  if (n > 1024) return randomBytes(n);
  if (offset + n > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + n));
  pool.fill(0, offset, offset + n); // a handed-out value does not stay behind in the pool
  offset += n;
  return out;
}
