import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readBodyDigest, sha256DigestHeader } from '../../../src/intake/digest.js';
import { signPayloadSignature, verifyPayloadSignature, type ResolvedKey } from '../../../src/intake/payload-signature.js';
import { ProblemError } from '../../../src/errors/problem.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const now = new Date('2026-11-22T09:30:00Z');
const digestValue = sha256DigestHeader(Buffer.from('{"a":1}'));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    if (err instanceof ProblemError) return err.code;
    throw err;
  }
}

const verify = (header: string | string[] | undefined, key: ResolvedKey | undefined, at = now) =>
  verifyPayloadSignature({ headerValues: header, digestValue, resolveKey: () => key, now: at, windowSeconds: 300 });

function tamperHeader(signature: string, change: (h: Record<string, unknown>) => void): string {
  const [h, , s] = signature.split('.');
  const header = JSON.parse(Buffer.from(h!, 'base64url').toString());
  change(header);
  return `${Buffer.from(JSON.stringify(header)).toString('base64url')}..${s}`;
}

describe('detached Payload-Signature', () => {
  it('round-trips PS256 and ES256, each only under its registered algorithm', async () => {
    const ps = await signPayloadSignature({ digestValue, privateKey: rsa.privateKey, alg: 'PS256', kid: 'k', now });
    expect(await codeOf(verify(ps, { alg: 'PS256', publicKey: rsa.publicKey }))).toBe('ok');
    const es = await signPayloadSignature({ digestValue, privateKey: ec.privateKey, alg: 'ES256', kid: 'k', now });
    expect(await codeOf(verify(es, { alg: 'ES256', publicKey: ec.publicKey }))).toBe('ok');
    expect(await codeOf(verify(es, { alg: 'PS256', publicKey: rsa.publicKey }))).toBe('handtekening-ongeldig');
  });

  it('refuses the wrong digest, a b64 or jku header, a wrong sigD and a non-UTC sigT', async () => {
    const key = { alg: 'PS256' as const, publicKey: rsa.publicKey };
    const ps = await signPayloadSignature({ digestValue: sha256DigestHeader(Buffer.from('x')), privateKey: rsa.privateKey, alg: 'PS256', kid: 'k', now });
    expect(await codeOf(verify(ps, key))).toBe('handtekening-ongeldig');
    const good = await signPayloadSignature({ digestValue, privateKey: rsa.privateKey, alg: 'PS256', kid: 'k', now });
    for (const change of [
      (h: Record<string, unknown>) => (h.b64 = false),
      (h: Record<string, unknown>) => (h.jku = 'https://evil.example/jwks'),
      (h: Record<string, unknown>) => (h.sigD = { mId: 'urn:other', pars: ['digest'] }),
      (h: Record<string, unknown>) => (h.sigT = '2026-11-22T10:30:00+01:00'),
      (h: Record<string, unknown>) => (h.crit = ['sigT']),
    ]) {
      expect(await codeOf(verify(tamperHeader(good, change), key))).toBe('handtekening-ongeldig');
    }
  });

  it('keeps ±300 s: 299 s passes, 301 s fails', async () => {
    const key = { alg: 'PS256' as const, publicKey: rsa.publicKey };
    const sig = await signPayloadSignature({ digestValue, privateKey: rsa.privateKey, alg: 'PS256', kid: 'k', now });
    expect(await codeOf(verify(sig, key, new Date(now.getTime() + 299_000)))).toBe('ok');
    expect(await codeOf(verify(sig, key, new Date(now.getTime() - 301_000)))).toBe('handtekening-verlopen');
  });

  it('needs exactly one header and a registered key', async () => {
    const sig = await signPayloadSignature({ digestValue, privateKey: rsa.privateKey, alg: 'PS256', kid: 'k', now });
    expect(await codeOf(verify(undefined, undefined))).toBe('handtekening-ontbreekt');
    expect(await codeOf(verify([sig, sig], { alg: 'PS256', publicKey: rsa.publicKey }))).toBe('handtekening-ontbreekt');
    expect(await codeOf(verify(sig, undefined))).toBe('sleutel-onbekend');
  });
});

describe('Digest and Content-Digest', () => {
  const body = Buffer.from('{"a":1}');
  const b64 = createHash('sha256').update(body).digest('base64');
  it('accepts either header, and a Digest listing several algorithms', () => {
    expect(readBodyDigest({ digest: `SHA-256=${b64}` }, body)).toBe(`SHA-256=${b64}`);
    expect(readBodyDigest({ digest: `md5=abc, sha-256=${b64}` }, body)).toBe(`SHA-256=${b64}`);
    expect(readBodyDigest({ 'content-digest': `sha-256=:${b64}:` }, body)).toBe(`SHA-256=${b64}`);
  });
  it('refuses a missing or mismatching digest', () => {
    expect(() => readBodyDigest({}, body)).toThrow(/ontbreekt/);
    expect(() => readBodyDigest({ digest: `SHA-256=${b64}` }, Buffer.from('{"a":2}'))).toThrow(/klopt niet/);
  });
});
