// The hardware floor, measured in the same run: what the cryptography and Redis alone can do on
// this machine, one core, no gateway around them (the cryptography per CPU second).
import { constants, createCipheriv, createHmac, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * Operations per second of this thread's CPU time, not of the clock: the goal compares the
 * gateway's CPU per signal (also CPU time) with this floor, and on a shared machine other
 * processes stretch the clock (a wall-clock floor once came out 10× slower during another
 * bench) but not the CPU time an operation takes.
 */
function perSecond(fn: () => void, ms = 1_000): number {
  for (let i = 0; i < 200; i++) fn(); // warm up
  let n = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
  }
  const { user, system } = process.cpuUsage(cpu0);
  return Math.round(n / ((user + system) / 1e6));
}

export interface CryptoFloor {
  ps256VerifyPerSecond: number;
  hmacSha256PerSecond: number;
  aes256GcmPerSecond: number;
  /** One signature check, two pseudonyms, two AES-GCM operations (contact details, data-key wrap). */
  microsecondsPerSignal: number;
}

export function cryptoFloor(): CryptoFloor {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  const payload = Buffer.from('digest: SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  const signature = sign('sha256', payload, { key: privateKey, ...pss });
  const ps256 = perSecond(() => void verify('sha256', payload, { key: publicKey, ...pss }, signature));
  const hmacKey = randomBytes(32);
  const address = 'p-0518:1234AB|10|A';
  const hmac = perSecond(() => void createHmac('sha256', hmacKey).update(address).digest());
  const aesKey = randomBytes(32);
  const plaintext = randomBytes(300);
  const aes = perSecond(() => {
    const cipher = createCipheriv('aes-256-gcm', aesKey, randomBytes(12));
    cipher.update(plaintext);
    cipher.final();
    cipher.getAuthTag();
  });
  const micro = 1e6 / ps256 + 2e6 / hmac + 2e6 / aes;
  return { ps256VerifyPerSecond: ps256, hmacSha256PerSecond: hmac, aes256GcmPerSecond: aes, microsecondsPerSignal: Math.round(micro * 10) / 10 };
}

/** Pipelined SETs of 300 bytes against the bench's own redis-server (AOF always), for two seconds. */
export async function redisFloor(url: string): Promise<{ pipelinedSetPerSecond: number }> {
  const redis = new Redis(url);
  const value = randomBytes(150).toString('hex');
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 2_000) {
    const p = redis.pipeline();
    for (let i = 0; i < 1_000; i++) p.set(`vloer:${n + i}`, value);
    await p.exec();
    n += 1_000;
  }
  const perSecondValue = Math.round(n / ((performance.now() - t0) / 1000));
  for (let i = 0; i < n; i += 10_000) await redis.del(...Array.from({ length: Math.min(10_000, n - i) }, (_, j) => `vloer:${i + j}`));
  redis.disconnect();
  return { pipelinedSetPerSecond: perSecondValue };
}
