import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../../src/errors/problem.js';
import { sha256DigestHeader } from '../../../src/intake/digest.js';
import { signPayloadSignature, signingPayload, verifyPayloadSignature, type KeyResolver, type ResolvedKey } from '../../../src/intake/payload-signature.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const now = new Date('2026-11-22T09:30:00Z');
const digestValue = sha256DigestHeader(Buffer.from('{"id":"HUUR-1"}'));
const psKey: ResolvedKey = { alg: 'PS256', publicKey: rsa.publicKey };
const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    if (err instanceof ProblemError) return err.code;
    throw err;
  }
}

/** The registry as the gateway uses it: only this partner's keys, by kid or x5t#S256. */
const registry = (keys: Record<string, ResolvedKey>): KeyResolver => (h) => (h.kid ? keys[h.kid] : h.x5tS256 ? keys[h.x5tS256] : undefined);

function verify(header: string | string[] | undefined, resolveKey: KeyResolver = registry({ k1: psKey }), at = now, digest = digestValue) {
  return verifyPayloadSignature({ headerValues: header, digestValue: digest, resolveKey, now: at, windowSeconds: 300 });
}

const signPs = (extra: { at?: Date; digest?: string; kid?: string } = {}) =>
  signPayloadSignature({ digestValue: extra.digest ?? digestValue, privateKey: rsa.privateKey, alg: 'PS256', kid: extra.kid ?? 'k1', now: extra.at ?? now });

/** A profile header, changed as the test needs, signed for real with the RSA key (PS256). */
function sigTPart(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
function profileHeader(change: (h: Record<string, unknown>) => void = () => {}): Record<string, unknown> {
  const h: Record<string, unknown> = {
    alg: 'PS256', kid: 'k1', sigT: sigTPart(now),
    sigD: { mId: 'http://uri.etsi.org/19182/HttpHeaders', pars: ['digest'] }, crit: ['sigT', 'sigD'],
  };
  change(h);
  return h;
}
async function signRaw(header: Record<string, unknown>, sign: (input: Buffer) => Buffer): Promise<string> {
  const input = `${b64url(header)}.${signingPayload(digestValue).toString('base64url')}`;
  return `${b64url(header)}..${sign(Buffer.from(input)).toString('base64url')}`;
}
/** PS256 over an arbitrary header, via jose-independent node:crypto, so jose is not the only judge. */
async function signPsRaw(change: (h: Record<string, unknown>) => void): Promise<string> {
  const { sign, constants } = await import('node:crypto');
  return signRaw(profileHeader(change), (input) =>
    sign('sha256', input, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }));
}

describe('verifyPayloadSignature', () => {
  it('accepts a good PS256 signature and reports what it verified', async () => {
    const result = await verify(await signPs());
    expect(result).toEqual({ kid: 'k1', alg: 'PS256', sigT: now });
  });

  it('accepts an independently made PS256 signature (node:crypto, salt 32)', async () => {
    expect(await codeOf(verify(await signPsRaw(() => {})))).toBe('ok');
  });

  it('finds the key by x5t#S256', async () => {
    const sig = await signPayloadSignature({ digestValue, privateKey: rsa.privateKey, alg: 'PS256', x5tS256: 'thumb', now });
    expect(await verify(sig, registry({ thumb: psKey }))).toEqual({ x5tS256: 'thumb', alg: 'PS256', sigT: now });
  });

  it('refuses a signature over another digest', async () => {
    const sig = await signPs({ digest: sha256DigestHeader(Buffer.from('{"id":"HUUR-2"}')) });
    expect(await codeOf(verify(sig))).toBe('handtekening-ongeldig');
  });

  it('refuses a tampered signature', async () => {
    const sig = await signPs();
    const [h, , s] = sig.split('.');
    const bytes = Buffer.from(s!, 'base64url');
    bytes[10] = bytes[10]! ^ 1;
    expect(await codeOf(verify(`${h}..${bytes.toString('base64url')}`))).toBe('handtekening-ongeldig');
  });

  it('refuses alg none', async () => {
    const header = profileHeader((h) => (h.alg = 'none'));
    expect(await codeOf(verify(`${b64url(header)}..`))).toBe('handtekening-ongeldig');
    expect(await codeOf(verify(`${b64url(header)}..${b64url('x')}`))).toBe('handtekening-ongeldig');
  });

  it('refuses HS256, even signed with a secret that is the public key (alg confusion)', async () => {
    const secret = rsa.publicKey.export({ type: 'spki', format: 'pem' });
    const sig = await signRaw(profileHeader((h) => (h.alg = 'HS256')), (input) => createHmac('sha256', secret).update(input).digest());
    expect(await codeOf(verify(sig))).toBe('handtekening-ongeldig');
  });

  it('refuses an algorithm other than the one registered for the key', async () => {
    const es = await signPayloadSignature({ digestValue, privateKey: ec.privateKey, alg: 'ES256', kid: 'k1', now });
    expect(await codeOf(verify(es))).toBe('handtekening-ongeldig');
    expect(await codeOf(verify(await signPsRaw((h) => (h.alg = 'RS256'))))).toBe('handtekening-ongeldig');
  });

  it('accepts ES256 only where the registry says ES256 for that key', async () => {
    const es = await signPayloadSignature({ digestValue, privateKey: ec.privateKey, alg: 'ES256', kid: 'k1', now });
    expect(await codeOf(verify(es, registry({ k1: { alg: 'ES256', publicKey: ec.publicKey } })))).toBe('ok');
    const ps = await signPs();
    expect(await codeOf(verify(ps, registry({ k1: { alg: 'ES256', publicKey: ec.publicKey } })))).toBe('handtekening-ongeldig');
  });

  it('says sleutel-onbekend for an unknown kid', async () => {
    expect(await codeOf(verify(await signPs({ kid: 'onbekend' })))).toBe('sleutel-onbekend');
  });

  it('says sleutel-onbekend for the key of another partner (the resolver does not return it)', async () => {
    const otherPartnerKeys = { k2: { alg: 'PS256' as const, publicKey: otherRsa.publicKey } };
    const ourResolver = registry({ k1: psKey }); // k2 is registered, but to someone else
    const sig = await signPayloadSignature({ digestValue, privateKey: otherRsa.privateKey, alg: 'PS256', kid: 'k2', now });
    expect(await codeOf(verify(sig, registry(otherPartnerKeys)))).toBe('ok');
    expect(await codeOf(verify(sig, ourResolver))).toBe('sleutel-onbekend');
  });

  it('refuses a signature made with another key under our kid', async () => {
    const sig = await signPayloadSignature({ digestValue, privateKey: otherRsa.privateKey, alg: 'PS256', kid: 'k1', now });
    expect(await codeOf(verify(sig))).toBe('handtekening-ongeldig');
  });

  it('keeps ±300 s: 299 s either way passes, 301 s either way fails', async () => {
    const sig = await signPs();
    expect(await codeOf(verify(sig, undefined, new Date(now.getTime() + 299_000)))).toBe('ok');
    expect(await codeOf(verify(sig, undefined, new Date(now.getTime() - 299_000)))).toBe('ok');
    expect(await codeOf(verify(sig, undefined, new Date(now.getTime() + 301_000)))).toBe('handtekening-verlopen');
    expect(await codeOf(verify(sig, undefined, new Date(now.getTime() - 301_000)))).toBe('handtekening-verlopen');
  });

  it('refuses a sigT that is not RFC 3339 UTC or not a real instant', async () => {
    for (const sigT of ['2026-11-22T10:30:00+01:00', '2026-11-22 09:30:00Z', '2026-02-30T09:30:00Z', '2026-11-22T24:30:00Z', 1795339800, undefined]) {
      expect(await codeOf(verify(await signPsRaw((h) => (h.sigT = sigT))))).toBe('handtekening-ongeldig');
    }
    expect(await codeOf(verify(await signPsRaw((h) => (h.sigT = '2026-11-22T09:30:00.250Z'))))).toBe('ok');
  });

  it('refuses a missing sigD, a wrong mId and other pars', async () => {
    const changes: Array<(h: Record<string, unknown>) => void> = [
      (h) => delete h.sigD,
      (h) => (h.sigD = { mId: 'http://uri.etsi.org/19182/ObjectIdByURI', pars: ['digest'] }),
      (h) => (h.sigD = { mId: 'http://uri.etsi.org/19182/HttpHeaders', pars: ['digest', 'content-type'] }),
      (h) => (h.sigD = { mId: 'http://uri.etsi.org/19182/HttpHeaders', pars: [] }),
      (h) => (h.sigD = 'digest'),
    ];
    for (const change of changes) expect(await codeOf(verify(await signPsRaw(change)))).toBe('handtekening-ongeldig');
  });

  it('refuses crit that is not exactly sigT and sigD', async () => {
    const changes: Array<(h: Record<string, unknown>) => void> = [
      (h) => { h.crit = ['sigT', 'sigD', 'exp']; h.exp = 1; },
      (h) => (h.crit = ['sigT']),
      (h) => delete h.crit,
      (h) => (h.crit = ['sigT', 'sigT']),
      (h) => (h.crit = 'sigT,sigD'),
    ];
    for (const change of changes) expect(await codeOf(verify(await signPsRaw(change)))).toBe('handtekening-ongeldig');
  });

  it('refuses b64 and in-message key material (jku, x5u, jwk, x5c): never fetched, never used', async () => {
    const changes: Array<(h: Record<string, unknown>) => void> = [
      (h) => (h.b64 = false),
      (h) => (h.b64 = true),
      (h) => (h.jku = 'https://aanvaller.example/jwks.json'),
      (h) => (h.x5u = 'https://aanvaller.example/cert.pem'),
      (h) => (h.jwk = { kty: 'RSA', n: 'AQAB', e: 'AQAB' }),
      (h) => (h.x5c = ['MIIB']),
    ];
    for (const change of changes) expect(await codeOf(verify(await signPsRaw(change)))).toBe('handtekening-ongeldig');
  });

  it('needs kid or x5t#S256, and treats non-string ones as invalid', async () => {
    expect(await codeOf(verify(await signPsRaw((h) => delete h.kid)))).toBe('handtekening-ongeldig');
    expect(await codeOf(verify(await signPsRaw((h) => (h.kid = 42))))).toBe('handtekening-ongeldig');
  });

  it('needs exactly one Payload-Signature', async () => {
    const sig = await signPs();
    expect(await codeOf(verify(undefined))).toBe('handtekening-ontbreekt');
    expect(await codeOf(verify([]))).toBe('handtekening-ontbreekt');
    expect(await codeOf(verify([sig, sig]))).toBe('handtekening-ontbreekt');
    // Node joins repeats of an unknown header with ', ' when read from req.headers.
    expect(await codeOf(verify(`${sig}, ${sig}`))).toBe('handtekening-ontbreekt');
    expect(await codeOf(verify([sig]))).toBe('ok');
  });

  it('refuses anything but the detached compact form', async () => {
    const sig = await signPs();
    const [h, , s] = sig.split('.');
    expect(await codeOf(verify(`${h}.${signingPayload(digestValue).toString('base64url')}.${s}`))).toBe('handtekening-ongeldig');
    expect(await codeOf(verify(`${h}.${s}`))).toBe('handtekening-ongeldig');
    expect(await codeOf(verify('niet-base64-json..abc'))).toBe('handtekening-ongeldig');
    expect(await codeOf(verify(`${b64url('[1]')}..abc`))).toBe('handtekening-ongeldig');
  });
});

describe('signPayloadSignature', () => {
  it('round-trips, with the profile header the contract pins', async () => {
    const sig = await signPayloadSignature({ digestValue, privateKey: ec.privateKey, alg: 'ES256', kid: 'gw', now: new Date('2026-11-22T09:30:00.999Z') });
    const [h, payload] = sig.split('.');
    expect(payload).toBe('');
    expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toEqual({
      alg: 'ES256', kid: 'gw', sigT: '2026-11-22T09:30:00Z',
      sigD: { mId: 'http://uri.etsi.org/19182/HttpHeaders', pars: ['digest'] }, crit: ['sigT', 'sigD'],
    });
    expect(await codeOf(verify(sig, registry({ gw: { alg: 'ES256', publicKey: ec.publicKey } })))).toBe('ok');
  });

  it('signs the string "digest: <Digest>"', () => {
    expect(signingPayload('SHA-256=abc=').toString('utf8')).toBe('digest: SHA-256=abc=');
  });

  it('insists on a key id', async () => {
    await expect(signPayloadSignature({ digestValue, privateKey: rsa.privateKey, alg: 'PS256', now })).rejects.toThrow(/kid/);
  });
});
