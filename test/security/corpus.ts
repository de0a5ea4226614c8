import { constants, createPublicKey, generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { SignJWT } from 'jose';
import type { ProblemCode } from '../../src/errors/catalogue.js';
import type { TestGateway } from '../helpers/gateway.js';
import { b64url, digestOf, payloadSignature, type HttpResult, type PartnerCredentials, type SignOptions } from '../helpers/https-client.js';
import { detachedJws, hmacSha256, profileHeader } from './harness.js';

/**
 * The attack corpus (issue 7, point 5): one row per hostile request, grouped by category, each
 * with the answer the contract documents for it. attacks.test.ts sends every row and checks the
 * answer, that it is problem+json, and that nothing was stored.
 */

export const categories = [
  'jws', // Payload-Signature: every JWS attack of STANDARDS.md (RFC 8725) and the CONTRACT §1 profile
  'jwt', // bearer tokens: the same attacks on the OIDC side
  'digest', // Digest / Content-Digest not matching the bytes
  'json-syntax', // malformed and truncated JSON
  'huge-numbers',
  'deep-nesting',
  'prototype-keys', // __proto__, constructor and friends
  'unicode', // homoglyphs, RTL and zero-width marks, NUL, full-width digits — in field names and in values
  'oversize', // fields over their maximum, bodies and headers over the limits
  'wrong-types',
  'headers', // duplicate, conflicting and smuggled headers and framing
  'tenants', // other partners', municipalities' and roles' ids
] as const;
export type Category = (typeof categories)[number];

export interface Fixtures {
  /** Signals accepted before the corpus runs, one per partner. */
  huurSignaalId: string;
  energieSignaalId: string;
  /** The partner's own `id` of the energie signal. */
  energieId: string;
  /** The case of the huur signal (municipality 1696), claimed by worker `anna`. */
  zaakId: string;
  /** An audit record about that case, sequenced into the tree. */
  auditIndex: number;
  huurKid: string;
  energieKid: string;
  /** A server the attacker controls, offered in jku / x5u; it counts hits. */
  attackerUrl: string;
  /** The development OIDC issuer: what a real IdP would sign with. */
  issuer: { key: KeyObject; kid: string; iss: string; publicJwk: Record<string, unknown>; publicPem: string };
  /** An ES256 key and its JWK the attacker made. */
  attacker: { key: KeyObject; jwk: Record<string, unknown> };
}

export interface PostOptions {
  path?: string;
  /** Whose signing key and TLS certificate (default huur); `tls: null` sends no client certificate. */
  creds?: PartnerCredentials;
  tls?: PartnerCredentials | null;
  sign?: SignOptions;
  contentType?: string;
  digest?: string;
  /** A Payload-Signature of our own making, from the (correct) digest of the body. */
  signature?: (digest: string) => string;
  omit?: Array<'content-type' | 'digest' | 'signature'>;
  extraHeaders?: Array<[string, string]>;
}

export interface Target {
  gw: TestGateway;
  fx: Fixtures;
  /** A valid signal (CONTRACT §1 example) with a fresh id, with `change` applied to it. */
  signal(change?: (s: Record<string, any>) => void): Record<string, any>;
  /** POST these exact bytes with a correct Digest and signature unless the options say otherwise. */
  postBytes(bytes: Buffer | string, options?: PostOptions): Promise<HttpResult>;
  post(value: unknown, options?: PostOptions): Promise<HttpResult>;
  /** The signal's JSON with `from` replaced by `to`: for what JSON.stringify cannot write (duplicate or escaped keys, 1e400). */
  postEdited(from: string, to: string, options?: PostOptions): Promise<HttpResult>;
  get(path: string, creds?: PartnerCredentials): Promise<HttpResult>;
  raw(bytes: string | Buffer): Promise<HttpResult>;
  /** The head of a correctly signed POST of `body`, up to (not including) the framing headers. */
  signedHead(body: string): string;
  bearer(authorization: string | string[] | undefined, method?: string, path?: string, body?: unknown): Promise<HttpResult>;
  as(who: { sub: string; gemeentecode: string; role: 'schuldhulpverlener' | 'privacy-officer' | 'beheerder' }, method: string, path: string, body?: unknown): Promise<HttpResult>;
  /** A JWT signed by `key` (default: the real issuer) with the usual claims, overridable. */
  jwt(options?: { header?: Record<string, unknown>; claims?: Record<string, unknown>; omit?: string[]; key?: KeyObject }): Promise<string>;
}

export interface Expected {
  status: number;
  code?: ProblemCode;
  /** JSON Pointers that `errors[]` must name (400). */
  pointers?: string[];
}

export interface AttackCase extends Expected {
  category: Category;
  name: string;
  send: (t: Target) => Promise<HttpResult>;
  /** For a batch: the answer is 200 and these are the items' answers, in order. */
  items?: Expected[];
  /** Decision records a refusal writes (policy refusals: one per signal). Default 0. */
  decisions?: number;
}

const deep = (open: string, close: string, depth: number, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);
const batchPath = '/v1/vroegsignalen/_batch';
const worker0518 = { sub: 'zoe', gemeentecode: '0518', role: 'schuldhulpverlener' } as const;
const p256Key = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const sigOf = (header: Record<string, unknown>, key: KeyObject, pss = true) => (digest: string) =>
  detachedJws(header, digest, (input) => cryptoSign('sha256', input, pss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : { key, ...(key.asymmetricKeyType === 'ec' ? { dsaEncoding: 'ieee-p1363' as const } : {}) }));
const flipChar = (value: string, at: number) => value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1);

const jws: Array<Omit<AttackCase, 'category'>> = [
  { name: 'alg none, signature part empty', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { signature: (d) => detachedJws(profileHeader(t.gw.huur, t.gw.clock.now, { alg: 'none' }), d, () => Buffer.alloc(0)) }) },
  { name: 'alg none with a signature attached anyway', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { signature: sigOf(profileHeader(t.gw.huur, t.gw.clock.now, { alg: 'none' }), t.gw.huur.signingKey) }) },
  { name: 'alg "None" (case games)', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { alg: 'None' } } }) },
  { name: 'HS256 keyed with the partner’s public key (algorithm confusion)', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { signature: (d) => detachedJws(profileHeader(t.gw.huur, t.gw.clock.now, { alg: 'HS256' }), d, hmacSha256(publicPem(t.gw.huur.signingKey))) }) },
  { name: 'RS256 (PKCS#1 v1.5) with the right key: the algorithm is pinned per key', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { signature: sigOf(profileHeader(t.gw.huur, t.gw.clock.now, { alg: 'RS256' }), t.gw.huur.signingKey, false) }) },
  { name: 'header says PS256, signature is PKCS#1 v1.5', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { signature: sigOf(profileHeader(t.gw.huur, t.gw.clock.now), t.gw.huur.signingKey, false) }) },
  { name: 'ES256 claimed for the partner’s PS256 key, signed with the attacker’s P-256 key', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { signature: sigOf(profileHeader(t.gw.huur, t.gw.clock.now, { alg: 'ES256' }), p256Key(), false) }) },
  { name: 'PS384 (not in the profile)', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { alg: 'PS384' } } }) },
  { name: 'jku to the attacker’s key set (never fetched)', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { jku: `${t.fx.attackerUrl}/jwks.json` } } }) },
  { name: 'x5u to the attacker’s certificate (never fetched)', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { x5u: `${t.fx.attackerUrl}/cert.pem` } } }) },
  { name: 'embedded jwk of the attacker’s key, signed with it', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { signature: sigOf(profileHeader(t.gw.huur, t.gw.clock.now, { alg: 'ES256', jwk: t.fx.attacker.jwk, 'x5t#S256': undefined }), t.fx.attacker.key, false) }) },
  { name: 'embedded x5c chain', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { x5c: [t.gw.huur.cert.toString('base64')] } } }) },
  { name: 'b64: false (RFC 7797 changes what is signed)', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { b64: false, crit: ['sigT', 'sigD', 'b64'] } } }) },
  { name: 'unknown critical member', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { crit: ['sigT', 'sigD', 'exp'], exp: 1 } } }) },
  { name: 'crit missing', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { crit: undefined } } }) },
  { name: 'crit without sigD', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { crit: ['sigT'] } } }) },
  { name: 'sigD with another mId', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { sigD: { mId: 'http://uri.etsi.org/19182/ObjectIdByURI', pars: ['digest'] } } } }) },
  { name: 'sigD covering more headers than the profile', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { sigD: { mId: 'http://uri.etsi.org/19182/HttpHeaders', pars: ['digest', 'content-type'] } } } }) },
  { name: 'sigT missing', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { sigT: undefined } } }) },
  { name: 'sigT with an offset instead of UTC', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { sigT: '2026-11-22T10:30:00+01:00' } } }) },
  { name: 'sigT on 30 February', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { sigT: '2026-02-30T09:30:00Z' } } }) },
  { name: 'sigT 301 s in the past (replay window)', status: 401, code: 'handtekening-verlopen',
    send: (t) => t.post(t.signal(), { sign: { now: new Date(t.gw.clock.now.getTime() - 301_000) } }) },
  { name: 'sigT 301 s in the future', status: 401, code: 'handtekening-verlopen',
    send: (t) => t.post(t.signal(), { sign: { now: new Date(t.gw.clock.now.getTime() + 301_000) } }) },
  { name: 'neither kid nor x5t#S256', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { 'x5t#S256': undefined } } }) },
  { name: 'kid as a path into the key store', status: 401, code: 'sleutel-onbekend',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { 'x5t#S256': undefined, kid: '../../keys/receipt.key' } } }) },
  { name: 'kid as a Redis glob', status: 401, code: 'sleutel-onbekend',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { 'x5t#S256': undefined, kid: '*' } } }) },
  { name: 'kid that is not a string', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { 'x5t#S256': undefined, kid: { $ne: null } } } }) },
  { name: 'kid of 8,000 characters', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { 'x5t#S256': undefined, kid: 'k'.repeat(8_000) } } }) },
  { name: 'own kid, but x5t#S256 of another key', status: 401, code: 'sleutel-onbekend',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, header: { kid: t.fx.huurKid, 'x5t#S256': t.gw.energie.x5tS256 } } }) },
  { name: 'signature bytes altered', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { signature: (d) => { const sig = payloadSignature(t.gw.huur, d, { now: t.gw.clock.now }); return flipChar(sig, sig.length - 20); } }) },
  { name: 'signature of another body replayed on this one', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { signature: () => payloadSignature(t.gw.huur, digestOf(JSON.stringify(t.signal())), { now: t.gw.clock.now }) }) },
  { name: 'protected header altered after signing (alg swapped in place)', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { signature: (d) => {
      const [, , sig] = payloadSignature(t.gw.huur, d, { now: t.gw.clock.now }).split('.');
      return `${b64url(JSON.stringify(profileHeader(t.gw.huur, new Date(t.gw.clock.now.getTime() + 1000))))}..${sig}`;
    } }) },
  { name: 'attached instead of detached: the payload part filled in', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { signature: (d) => payloadSignature(t.gw.huur, d, { now: t.gw.clock.now }).replace('..', `.${b64url(`digest: ${d}`)}.`) }) },
  { name: 'JWS JSON serialisation instead of compact', status: 401,
    send: (t) => t.post(t.signal(), { signature: (d) => { const [h, , s] = payloadSignature(t.gw.huur, d, { now: t.gw.clock.now }).split('.'); return JSON.stringify({ protected: h, signature: s }); } }) },
  { name: 'protected header that is not base64url JSON', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { signature: () => `${b64url('{"alg":"PS256",')}..${b64url('x')}` }) },
  { name: 'protected header that is a JSON array', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { signature: () => `${b64url('["PS256"]')}..${b64url('x')}` }) },
  { name: 'duplicate alg member, the last one none', status: 401, code: 'handtekening-ongeldig',
    send: (t) => t.post(t.signal(), { signature: (d) => {
      const header = `${JSON.stringify(profileHeader(t.gw.huur, t.gw.clock.now)).slice(0, -1)},"alg":"none"}`;
      const input = `${b64url(header)}.${b64url(`digest: ${d}`)}`;
      return `${b64url(header)}..${cryptoSign('sha256', Buffer.from(input), { key: t.gw.huur.signingKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }).toString('base64url')}`;
    } }) },
];

/** The public half, PEM: what an attacker has, and what a confused verifier might use as an HMAC secret. */
function publicPem(key: KeyObject): string {
  return createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}

const jwt: Array<Omit<AttackCase, 'category'>> = [
  { name: 'no Authorization header', status: 401, code: 'token-ongeldig', send: (t) => t.bearer(undefined) },
  { name: 'Basic instead of Bearer', status: 401, code: 'token-ongeldig', send: (t) => t.bearer(`Basic ${Buffer.from('anna:geheim').toString('base64')}`) },
  { name: 'unsecured JWT (alg none, empty signature)', status: 401, code: 'token-ongeldig',
    send: async (t) => t.bearer(`Bearer ${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(await claimsOf(t)))}.`) },
  { name: 'alg none with a made-up signature', status: 401, code: 'token-ongeldig',
    send: async (t) => t.bearer(`Bearer ${b64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid: t.fx.issuer.kid }))}.${b64url(JSON.stringify(await claimsOf(t)))}.${b64url('x')}`) },
  { name: 'HS256 keyed with the issuer’s public key PEM (algorithm confusion)', status: 401, code: 'token-ongeldig',
    send: async (t) => t.bearer(`Bearer ${await new SignJWT(await claimsOf(t)).setProtectedHeader({ alg: 'HS256', kid: t.fx.issuer.kid }).sign(Buffer.from(t.fx.issuer.publicPem))}`) },
  { name: 'HS256 keyed with the issuer’s public JWK', status: 401, code: 'token-ongeldig',
    send: async (t) => t.bearer(`Bearer ${await new SignJWT(await claimsOf(t)).setProtectedHeader({ alg: 'HS256', kid: t.fx.issuer.kid }).sign(Buffer.from(JSON.stringify(t.fx.issuer.publicJwk)))}`) },
  { name: 'the attacker’s key under the issuer’s kid', status: 401, code: 'token-ongeldig',
    send: async (t) => t.bearer(`Bearer ${await t.jwt({ key: t.fx.attacker.key })}`) },
  { name: 'jku to the attacker’s key set (never fetched)', status: 401, code: 'token-ongeldig',
    send: async (t) => t.bearer(`Bearer ${await t.jwt({ key: t.fx.attacker.key, header: { jku: `${t.fx.attackerUrl}/jwks.json`, kid: 'aanvaller' } })}`) },
  { name: 'x5u to the attacker (never fetched)', status: 401, code: 'token-ongeldig',
    send: async (t) => t.bearer(`Bearer ${await t.jwt({ key: t.fx.attacker.key, header: { x5u: `${t.fx.attackerUrl}/cert.pem`, kid: 'aanvaller' } })}`) },
  { name: 'embedded jwk of the attacker’s key', status: 401, code: 'token-ongeldig',
    send: async (t) => t.bearer(`Bearer ${await t.jwt({ key: t.fx.attacker.key, header: { jwk: t.fx.attacker.jwk, kid: undefined } })}`) },
  { name: 'kid as a path, signed by the attacker', status: 401, code: 'token-ongeldig',
    send: async (t) => t.bearer(`Bearer ${await t.jwt({ key: t.fx.attacker.key, header: { kid: '../../../../dev/null' } })}`) },
  { name: 'a partner’s PS256 signing key under the issuer’s kid', status: 401, code: 'token-ongeldig',
    send: async (t) => t.bearer(`Bearer ${await new SignJWT(await claimsOf(t)).setProtectedHeader({ alg: 'PS256', kid: t.fx.issuer.kid }).sign(t.gw.huur.signingKey)}`) },
  { name: 'expired (exp one second ago)', status: 401, code: 'token-ongeldig',
    send: async (t) => t.bearer(`Bearer ${await t.jwt({ claims: { exp: Math.floor(t.gw.clock.now.getTime() / 1000) - 1, iat: Math.floor(t.gw.clock.now.getTime() / 1000) - 3600 } })}`) },
  { name: 'no exp', status: 401, code: 'token-ongeldig', send: async (t) => t.bearer(`Bearer ${await t.jwt({ omit: ['exp'] })}`) },
  { name: 'no iat', status: 401, code: 'token-ongeldig', send: async (t) => t.bearer(`Bearer ${await t.jwt({ omit: ['iat'] })}`) },
  { name: 'not valid yet (nbf in an hour)', status: 401, code: 'token-ongeldig',
    send: async (t) => t.bearer(`Bearer ${await t.jwt({ claims: { nbf: Math.floor(t.gw.clock.now.getTime() / 1000) + 3600 } })}`) },
  { name: 'another audience', status: 401, code: 'token-ongeldig', send: async (t) => t.bearer(`Bearer ${await t.jwt({ claims: { aud: 'iets-anders' } })}`) },
  { name: 'another issuer', status: 401, code: 'token-ongeldig', send: async (t) => t.bearer(`Bearer ${await t.jwt({ claims: { iss: 'https://idp.aanvaller.example' } })}`) },
  { name: 'unknown critical header member', status: 401, code: 'token-ongeldig',
    send: async (t) => t.bearer(`Bearer ${await t.jwt({ header: { crit: ['vs-extra'], 'vs-extra': true } })}`) },
  { name: 'payload edited after signing (gemeentecode swapped)', status: 401, code: 'token-ongeldig',
    send: async (t) => {
      const [h, p, s] = (await t.jwt()).split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
      return t.bearer(`Bearer ${h}.${b64url(JSON.stringify({ ...claims, gemeentecode: '0518' }))}.${s}`);
    } },
  { name: 'signature stripped', status: 401, code: 'token-ongeldig', send: async (t) => t.bearer(`Bearer ${(await t.jwt()).replace(/\.[^.]+$/, '.')}`) },
  { name: 'gemeentecode that is not four digits', status: 401, code: 'token-ongeldig', send: async (t) => t.bearer(`Bearer ${await t.jwt({ claims: { gemeentecode: '1696 OR 1=1' } })}`) },
  { name: 'two Authorization headers, the forged one first', status: 400, code: 'ongeldige-invoer',
    send: async (t) => t.bearer([`Bearer ${await t.jwt({ key: t.fx.attacker.key })}`, `Bearer ${await t.jwt()}`]) },
];

async function claimsOf(t: Target): Promise<Record<string, unknown>> {
  const now = Math.floor(t.gw.clock.now.getTime() / 1000);
  return { iss: t.fx.issuer.iss, aud: 'vroegsignaal', sub: 'mallory', gemeentecode: '1696', roles: ['schuldhulpverlener'], iat: now, exp: now + 3600 };
}

const digest: Array<Omit<AttackCase, 'category'>> = [
  { name: 'Digest missing (signature present)', status: 401, code: 'digest-ongeldig', send: (t) => t.post(t.signal(), { omit: ['digest'] }) },
  { name: 'Digest of another body', status: 401, code: 'digest-ongeldig', send: (t) => t.post(t.signal(), { digest: digestOf('{}') }) },
  { name: 'body changed after signing', status: 401, code: 'digest-ongeldig',
    send: (t) => { const s = t.signal(); const text = JSON.stringify(s); return t.postBytes(text.replace('1250', '9250'), { digest: digestOf(text), signature: () => payloadSignature(t.gw.huur, digestOf(text), { now: t.gw.clock.now }) }); } },
  { name: 'right digest with junk appended (lenient base64 decoders drop it)', status: 401, code: 'digest-ongeldig',
    send: (t) => { const s = t.signal(); return t.post(s, { digest: `${digestOf(JSON.stringify(s))}AAAA` }); } },
  { name: 'MD5 only', status: 401, code: 'digest-ongeldig', send: (t) => t.post(t.signal(), { digest: 'MD5=1B2M2Y8AsgTpgAmY7PhCfg==' }) },
  { name: 'SHA-256 in hex instead of base64', status: 401, code: 'digest-ongeldig',
    send: (t) => t.post(t.signal(), { digest: `SHA-256=${'ab'.repeat(32)}` }) },
  { name: 'two Digest headers, the second for another body', status: 401, code: 'digest-ongeldig',
    send: (t) => t.post(t.signal(), { extraHeaders: [['Digest', digestOf('{}')]] }) },
  { name: 'Digest right, Content-Digest for another body', status: 401, code: 'digest-ongeldig',
    send: (t) => t.post(t.signal(), { extraHeaders: [['Content-Digest', `sha-256=:${digestOf('{}').slice(8)}:`]] }) },
  { name: 'Content-Digest alone, without the colons of a byte sequence', status: 401, code: 'digest-ongeldig',
    send: (t) => { const s = t.signal(); return t.post(s, { omit: ['digest'], extraHeaders: [['Content-Digest', `sha-256=${digestOf(JSON.stringify(s)).slice(8)}`]] }); } },
];

const jsonSyntax: Array<Omit<AttackCase, 'category'>> = [
  { name: 'empty body', status: 400, code: 'ongeldige-json', send: (t) => t.postBytes('') },
  { name: 'a lone {', status: 400, code: 'ongeldige-json', send: (t) => t.postBytes('{') },
  { name: 'truncated halfway', status: 400, code: 'ongeldige-json', send: (t) => { const s = JSON.stringify(t.signal()); return t.postBytes(s.slice(0, s.length >> 1)); } },
  { name: 'truncated by one byte', status: 400, code: 'ongeldige-json', send: (t) => t.postBytes(JSON.stringify(t.signal()).slice(0, -1)) },
  { name: 'truncated inside a \\u escape', status: 400, code: 'ongeldige-json', send: (t) => { const s = JSON.stringify(t.signal()); return t.postBytes(`${s.slice(0, s.indexOf('Dijk'))}\\u00`); } },
  { name: 'trailing garbage after the object', status: 400, code: 'ongeldige-json', send: (t) => t.postBytes(`${JSON.stringify(t.signal())}x`) },
  { name: 'two objects back to back', status: 400, code: 'ongeldige-json', send: (t) => t.postBytes(JSON.stringify(t.signal()) + JSON.stringify(t.signal())) },
  { name: 'trailing comma', status: 400, code: 'ongeldige-json', send: (t) => t.postBytes(JSON.stringify(t.signal()).replace(/}$/, ',}')) },
  { name: 'single-quoted strings', status: 400, code: 'ongeldige-json', send: (t) => t.postBytes(JSON.stringify(t.signal()).replace(/"/g, "'")) },
  { name: 'a comment', status: 400, code: 'ongeldige-json', send: (t) => t.postBytes(`/* signaal */${JSON.stringify(t.signal())}`) },
  { name: 'NaN literal', status: 400, code: 'ongeldige-json', send: (t) => t.postEdited('"bedrag":1250', '"bedrag":NaN') },
  { name: 'hexadecimal number', status: 400, code: 'ongeldige-json', send: (t) => t.postEdited('"bedrag":1250', '"bedrag":0x4E2') },
  { name: 'unquoted keys', status: 400, code: 'ongeldige-json', send: (t) => t.postBytes(JSON.stringify(t.signal()).replace(/"([a-zA-Z]+)":/g, '$1:')) },
  { name: 'UTF-8 byte order mark in front', status: 400, code: 'ongeldige-json', send: (t) => t.postBytes(`\ufeff${JSON.stringify(t.signal())}`) },
  { name: 'UTF-16 instead of UTF-8', status: 400, code: 'ongeldige-json', send: (t) => t.postBytes(Buffer.from(JSON.stringify(t.signal()), 'utf16le')) },
  { name: 'invalid UTF-8 inside a name (0xFF), not silently replaced', status: 400, code: 'ongeldige-json',
    send: (t) => { const [a, b] = JSON.stringify(t.signal()).split('Dijk'); return t.postBytes(Buffer.concat([Buffer.from(`${a}Di`), Buffer.from([0xff]), Buffer.from(`jk${b}`)])); } },
  { name: 'overlong UTF-8 encoding of "/" (0xC0 0xAF)', status: 400, code: 'ongeldige-json',
    send: (t) => { const [a, b] = JSON.stringify(t.signal()).split('Dijk'); return t.postBytes(Buffer.concat([Buffer.from(`${a}Di`), Buffer.from([0xc0, 0xaf]), Buffer.from(`jk${b}`)])); } },
  { name: 'JSON null', status: 400, code: 'ongeldige-invoer', pointers: [''], send: (t) => t.postBytes('null') },
  { name: 'a JSON string', status: 400, code: 'ongeldige-invoer', pointers: [''], send: (t) => t.postBytes('"HUUR-1"') },
  { name: 'an array to the single-signal endpoint', status: 400, code: 'ongeldige-invoer', pointers: [''], send: (t) => t.post([t.signal()]) },
  { name: 'batch: an object instead of an array', status: 400, code: 'ongeldige-invoer', pointers: [''], send: (t) => t.post(t.signal(), { path: batchPath }) },
  { name: 'batch: an empty array', status: 400, code: 'ongeldige-invoer', pointers: [''], send: (t) => t.post([], { path: batchPath }) },
  { name: 'batch: truncated', status: 400, code: 'ongeldige-json', send: (t) => t.postBytes(JSON.stringify([t.signal(), t.signal()]).slice(0, -3), { path: batchPath }) },
];

const hugeNumbers: Array<Omit<AttackCase, 'category'>> = [
  { name: 'bedrag 1e400 (parses to Infinity)', status: 400, code: 'ongeldige-invoer', pointers: ['/bedrag'], send: (t) => t.postEdited('"bedrag":1250', '"bedrag":1e400') },
  { name: 'bedrag -1e400', status: 400, code: 'ongeldige-invoer', pointers: ['/bedrag'], send: (t) => t.postEdited('"bedrag":1250', '"bedrag":-1e400') },
  { name: 'bedrag of 5,000 digits', status: 400, code: 'ongeldige-invoer', pointers: ['/bedrag'], send: (t) => t.postEdited('"bedrag":1250', `"bedrag":${'9'.repeat(5000)}`) },
  { name: 'bedrag 1e308', status: 400, code: 'ongeldige-invoer', pointers: ['/bedrag'], send: (t) => t.post(t.signal((s) => { s.bedrag = 1e308; })) },
  { name: 'bedrag 2^53 + 1', status: 400, code: 'ongeldige-invoer', pointers: ['/bedrag'], send: (t) => t.postEdited('"bedrag":1250', '"bedrag":9007199254740993') },
  { name: 'bedrag just over the maximum (10,000,001)', status: 400, code: 'ongeldige-invoer', pointers: ['/bedrag'], send: (t) => t.post(t.signal((s) => { s.bedrag = 10_000_001; })) },
  { name: 'bedrag negative', status: 400, code: 'ongeldige-invoer', pointers: ['/bedrag'], send: (t) => t.post(t.signal((s) => { s.bedrag = -1; })) },
  { name: 'bedrag with cents', status: 400, code: 'ongeldige-invoer', pointers: ['/bedrag'], send: (t) => t.post(t.signal((s) => { s.bedrag = 1250.5; })) },
  { name: '1e400 in a field outside the schema (persoon)', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/schuld'],
    send: (t) => t.postEdited('"achternaam"', '"schuld":1e400,"achternaam"') },
  { name: '-1e400 deep inside an unknown adres field', status: 400, code: 'ongeldige-invoer', pointers: ['/adres/extra/0/x'],
    send: (t) => t.postEdited('"straatnaam"', '"extra":[{"x":-1e400}],"straatnaam"') },
  { name: 'batch: 1e400 in one item’s persoon, the other item fine', status: 200,
    items: [{ status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/schuld'] }, { status: 400, code: 'ongeldige-invoer', pointers: ['/bedrag'] }],
    send: (t) => t.postBytes(`[${JSON.stringify(t.signal()).replace('"achternaam"', '"schuld":1e400,"achternaam"')},${JSON.stringify(t.signal((s) => { s.bedrag = -5; }))}]`, { path: batchPath }) },
];

const deepNesting: Array<Omit<AttackCase, 'category'>> = [
  { name: '20,000 nested arrays as the body', status: 400, code: 'ongeldige-invoer', send: (t) => t.postBytes(deep('[', ']', 20_000)) },
  { name: '10,000 nested objects as the body', status: 400, code: 'ongeldige-invoer', send: (t) => t.postBytes(deep('{"a":', '}', 10_000)) },
  { name: '3,000 nested arrays in an unknown persoon field', status: 400, code: 'ongeldige-invoer',
    send: (t) => t.postEdited('"achternaam"', `"bijnaam":${deep('[', ']', 3_000)},"achternaam"`) },
  { name: '20,000 nested arrays in an unknown adres field', status: 400, code: 'ongeldige-invoer',
    send: (t) => t.postEdited('"straatnaam"', `"x":${deep('[', ']', 20_000)},"straatnaam"`) },
  { name: 'nested objects just past the depth limit (persoon)', status: 400, code: 'ongeldige-invoer',
    send: (t) => t.postEdited('"achternaam"', `"x":${deep('{"a":', '}', 31)},"achternaam"`) },
  { name: 'nested 20 deep (within the limit): the field is refused by policy, by name', status: 400, code: 'beleid-geweigerd', pointers: ['/persoon/x'], decisions: 1,
    send: (t) => t.postEdited('"achternaam"', `"x":${deep('[', ']', 20)},"achternaam"`) },
  { name: 'deep nesting inside inspanningen', status: 400, code: 'ongeldige-invoer',
    send: (t) => t.postEdited('"aanmaningVerstuurd":true', `"aanmaningVerstuurd":${deep('[', ']', 5_000, 'true')}`) },
  { name: 'unclosed nesting (20,000 brackets, never closed)', status: 400, code: 'ongeldige-json', send: (t) => t.postBytes('['.repeat(20_000)) },
  { name: 'batch: one item nested 20,000 deep, the next item invalid', status: 200,
    items: [{ status: 400, code: 'ongeldige-invoer' }, { status: 400, code: 'ongeldige-invoer', pointers: ['/id'] }],
    send: (t) => t.postBytes(`[${deep('[', ']', 20_000)},${JSON.stringify(t.signal((s) => { s.id = ''; }))}]`, { path: batchPath }) },
];

const prototypeKeys: Array<Omit<AttackCase, 'category'>> = [
  { name: '__proto__ at the top level', status: 400, code: 'ongeldige-invoer', pointers: ['/__proto__'], send: (t) => t.postEdited('"bedrag"', '"__proto__":{"bedrag":1},"bedrag"') },
  { name: '__proto__ in persoon (an object schema would drop it silently)', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/__proto__'],
    send: (t) => t.postEdited('"achternaam"', '"__proto__":{"isAdmin":true},"achternaam"') },
  { name: '__proto__ in persoon smuggling a burgerservicenummer past the allowlist', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/__proto__'],
    send: (t) => t.postEdited('"achternaam"', '"__proto__":{"burgerservicenummer":"123456782"},"achternaam"') },
  { name: '__proto__ in persoon carrying an unvalidated geboortedatum', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/__proto__'],
    send: (t) => t.postBytes(JSON.stringify(t.signal((s) => { delete s.persoon.geboortedatum; })).replace('"achternaam"', '"__proto__":{"geboortedatum":5},"achternaam"')) },
  { name: '__proto__ in adres carrying a huisnummertoevoeging of the wrong type', status: 400, code: 'ongeldige-invoer', pointers: ['/adres/__proto__'],
    send: (t) => t.postBytes(JSON.stringify(t.signal((s) => { delete s.adres.huisnummertoevoeging; })).replace('"straatnaam"', '"__proto__":{"huisnummertoevoeging":5},"straatnaam"')) },
  { name: '__proto__ written as \\u005f_proto__', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/__proto__'],
    send: (t) => t.postEdited('"achternaam"', '"\\u005f_proto__":{"x":1},"achternaam"') },
  { name: '__proto__: null in adres', status: 400, code: 'ongeldige-invoer', pointers: ['/adres/__proto__'], send: (t) => t.postEdited('"straatnaam"', '"__proto__":null,"straatnaam"') },
  { name: '__proto__ in inspanningen', status: 400, code: 'ongeldige-invoer', pointers: ['/inspanningen/__proto__'],
    send: (t) => t.postEdited('"aanmaningVerstuurd"', '"__proto__":{"polluted":1},"aanmaningVerstuurd"') },
  { name: 'constructor.prototype in persoon', status: 400, code: 'beleid-geweigerd', pointers: ['/persoon/constructor'], decisions: 1,
    send: (t) => t.postEdited('"achternaam"', '"constructor":{"prototype":{"polluted":1}},"achternaam"') },
  { name: 'constructor at the top level', status: 400, code: 'ongeldige-invoer', pointers: ['/constructor'], send: (t) => t.postEdited('"bedrag"', '"constructor":{"prototype":{"polluted":1}},"bedrag"') },
  { name: 'prototype in adres', status: 400, code: 'beleid-geweigerd', pointers: ['/adres/prototype'], decisions: 1, send: (t) => t.postEdited('"straatnaam"', '"prototype":{"polluted":1},"straatnaam"') },
  { name: 'hasOwnProperty shadowed in persoon', status: 400, code: 'beleid-geweigerd', pointers: ['/persoon/hasOwnProperty'], decisions: 1,
    send: (t) => t.postEdited('"achternaam"', '"hasOwnProperty":"x","achternaam"') },
  { name: 'toString and valueOf at the top level', status: 400, code: 'ongeldige-invoer', pointers: ['/toString', '/valueOf'], send: (t) => t.postEdited('"bedrag"', '"toString":1,"valueOf":2,"bedrag"') },
  { name: 'batch: __proto__ in one item’s persoon', status: 200, items: [{ status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/__proto__'] }],
    send: (t) => t.postBytes(`[${JSON.stringify(t.signal()).replace('"achternaam"', '"__proto__":{"geboortedatum":"1900-01-01"},"achternaam"')}]`, { path: batchPath }) },
];

const unicode: Array<Omit<AttackCase, 'category'>> = [
  { name: 'field name with a Cyrillic а (bedrаg)', status: 400, code: 'ongeldige-invoer', pointers: ['/bedr\u0430g', '/bedrag'],
    send: (t) => t.post(t.signal((s) => { s['bedr\u0430g'] = s.bedrag; delete s.bedrag; })) },
  { name: 'field name with a zero-width space', status: 400, code: 'ongeldige-invoer', pointers: ['/signaalpartner\u200b', '/signaalpartner'],
    send: (t) => t.post(t.signal((s) => { s['signaalpartner\u200b'] = s.signaalpartner; delete s.signaalpartner; })) },
  { name: 'field name with a NUL', status: 400, code: 'ongeldige-invoer', pointers: ['/id\u0000', '/id'],
    send: (t) => t.post(t.signal((s) => { s['id\u0000'] = s.id; delete s.id; })) },
  { name: 'persoon field name with an RTL override (burgerservicenummer‮)', status: 400, code: 'beleid-geweigerd', pointers: ['/persoon/burgerservicenummer\u202e'], decisions: 1,
    send: (t) => t.post(t.signal((s) => { s.persoon['burgerservicenummer\u202e'] = '123456782'; })) },
  { name: 'achternaam under a homoglyph name (Cyrillic а)', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/achternaam'],
    send: (t) => t.post(t.signal((s) => { s.persoon['\u0430chternaam'] = s.persoon.achternaam; delete s.persoon.achternaam; })) },
  { name: 'signaalpartner with a Greek Eta (Ηuur)', status: 400, code: 'ongeldige-invoer', pointers: ['/signaalpartner'], send: (t) => t.post(t.signal((s) => { s.signaalpartner = '\u0397uur'; })) },
  { name: 'signaalpartner in full-width letters', status: 400, code: 'ongeldige-invoer', pointers: ['/signaalpartner'], send: (t) => t.post(t.signal((s) => { s.signaalpartner = 'Ｈｕｕｒ'; })) },
  { name: 'signaalpartner behind an RTL override', status: 400, code: 'ongeldige-invoer', pointers: ['/signaalpartner'], send: (t) => t.post(t.signal((s) => { s.signaalpartner = '\u202eruuH'; })) },
  { name: 'signaalpartner with a trailing zero-width joiner', status: 400, code: 'ongeldige-invoer', pointers: ['/signaalpartner'], send: (t) => t.post(t.signal((s) => { s.signaalpartner = 'Huur\u200d'; })) },
  { name: 'id with a NUL', status: 400, code: 'ongeldige-invoer', pointers: ['/id'], send: (t) => t.post(t.signal((s) => { s.id = `${s.id}\u0000x`; })) },
  { name: 'id with an RTL override', status: 400, code: 'ongeldige-invoer', pointers: ['/id'], send: (t) => t.post(t.signal((s) => { s.id = `\u202e${s.id}`; })) },
  { name: 'id with a Cyrillic homoglyph', status: 400, code: 'ongeldige-invoer', pointers: ['/id'], send: (t) => t.post(t.signal((s) => { s.id = `${s.id}\u0430`; })) },
  { name: 'postcode in full-width digits', status: 400, code: 'ongeldige-invoer', pointers: ['/adres/postcode'], send: (t) => t.post(t.signal((s) => { s.adres.postcode = '１２３４AB'; })) },
  { name: 'huisnummer in Arabic-Indic digits', status: 400, code: 'ongeldige-invoer', pointers: ['/adres/huisnummer'], send: (t) => t.post(t.signal((s) => { s.adres.huisnummer = '\u0661\u0662'; })) },
  { name: 'signaaldatum in Devanagari digits', status: 400, code: 'ongeldige-invoer', pointers: ['/signaaldatum'], send: (t) => t.post(t.signal((s) => { s.signaaldatum = '२०२६-११-२०'; })) },
  { name: 'telefoonnummer with a NUL', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/telefoonnummer'], send: (t) => t.post(t.signal((s) => { s.persoon.telefoonnummer = '0612\u0000345678'; })) },
  { name: 'achternaam with a NUL', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/achternaam'], send: (t) => t.post(t.signal((s) => { s.persoon.achternaam = 'Di\u0000jk'; })) },
  { name: 'achternaam behind an RTL override', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/achternaam'], send: (t) => t.post(t.signal((s) => { s.persoon.achternaam = '\u202ekjiD'; })) },
  { name: 'achternaam with a Cyrillic і among Latin letters', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/achternaam'], send: (t) => t.post(t.signal((s) => { s.persoon.achternaam = 'D\u0456jk'; })) },
  { name: 'straatnaam with a zero-width space and plaatsnaam with a BOM, both listed', status: 400, code: 'ongeldige-invoer', pointers: ['/adres/straatnaam', '/adres/plaatsnaam'],
    send: (t) => t.post(t.signal((s) => { s.adres.straatnaam = 'Voorbeeld\u200bstraat'; s.adres.plaatsnaam = '\uFEFFVoorbeeldstad'; })) },
];

const oversize: Array<Omit<AttackCase, 'category'>> = [
  { name: 'id of 65 characters', status: 400, code: 'ongeldige-invoer', pointers: ['/id'], send: (t) => t.post(t.signal((s) => { s.id = 'A'.repeat(65); })) },
  { name: 'achternaam of 201 characters', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/achternaam'], send: (t) => t.post(t.signal((s) => { s.persoon.achternaam = 'x'.repeat(201); })) },
  { name: 'voorletters of 21 characters', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/voorletters'], send: (t) => t.post(t.signal((s) => { s.persoon.voorletters = 'A.'.repeat(10) + 'B'; })) },
  { name: 'straatnaam of 201 and plaatsnaam of 101 characters, both listed', status: 400, code: 'ongeldige-invoer', pointers: ['/adres/straatnaam', '/adres/plaatsnaam'],
    send: (t) => t.post(t.signal((s) => { s.adres.straatnaam = 's'.repeat(201); s.adres.plaatsnaam = 'p'.repeat(101); })) },
  { name: 'e-mail address of 300 characters', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/email'], send: (t) => t.post(t.signal((s) => { s.persoon.email = `${'a'.repeat(290)}@example.nl`; })) },
  { name: 'huisnummertoevoeging of 11 characters', status: 400, code: 'ongeldige-invoer', pointers: ['/adres/huisnummertoevoeging'], send: (t) => t.post(t.signal((s) => { s.adres.huisnummertoevoeging = 'A'.repeat(11); })) },
  { name: 'huisnummer of 6 digits', status: 400, code: 'ongeldige-invoer', pointers: ['/adres/huisnummer'], send: (t) => t.post(t.signal((s) => { s.adres.huisnummer = '123456'; })) },
  { name: 'telefoonnummer of 30 digits', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/telefoonnummer'], send: (t) => t.post(t.signal((s) => { s.persoon.telefoonnummer = '0'.repeat(30); })) },
  { name: 'single body one byte over 64 KiB', status: 413, code: 'te-groot',
    send: (t) => { const s = JSON.stringify(t.signal()); return t.postBytes(s.replace('"Dijk"', `"Dijk${' '.repeat(64 * 1024 + 1 - s.length)}"`)); } },
  { name: 'achternaam of 100,000 characters', status: 413, code: 'te-groot', send: (t) => t.post(t.signal((s) => { s.persoon.achternaam = 'x'.repeat(100_000); })) },
  { name: 'batch body over 4 MiB', status: 413, code: 'te-groot', send: (t) => t.postBytes(`[${JSON.stringify('x'.repeat(4 * 1024 * 1024))}]`, { path: batchPath }) },
  { name: 'batch of 1,001 items', status: 400, code: 'ongeldige-invoer', pointers: [''], send: (t) => t.post(Array.from({ length: 1001 }, () => ({})), { path: batchPath }) },
  { name: 'headers over 16 KiB', status: 431, code: 'headers-te-groot', send: (t) => t.post(t.signal(), { extraHeaders: [['X-Opvulling', 'a'.repeat(20_000)]] }) },
  { name: 'Payload-Signature of 8 KiB', status: 401, code: 'handtekening-ongeldig', send: (t) => t.post(t.signal(), { signature: () => `${b64url('{}')}..${'A'.repeat(8192)}` }) },
  { name: 'signaalId of 300 characters in the path', status: 404, code: 'niet-gevonden', send: (t) => t.get(`/v1/vroegsignalen/${'a'.repeat(300)}`) },
  { name: '5,000 unknown persoon fields: each refused, nothing kept', status: 400, code: 'beleid-geweigerd', pointers: ['/persoon/k0', '/persoon/k4999'], decisions: 1,
    send: (t) => t.post(t.signal((s) => { for (let i = 0; i < 5000; i++) s.persoon[`k${i}`] = 1; })) },
];

const wrongTypes: Array<Omit<AttackCase, 'category'>> = [
  { name: 'bedrag as a string', status: 400, code: 'ongeldige-invoer', pointers: ['/bedrag'], send: (t) => t.post(t.signal((s) => { s.bedrag = '1250'; })) },
  { name: 'bedrag as a boolean', status: 400, code: 'ongeldige-invoer', pointers: ['/bedrag'], send: (t) => t.post(t.signal((s) => { s.bedrag = true; })) },
  { name: 'crisissignaal as "false"', status: 400, code: 'ongeldige-invoer', pointers: ['/crisissignaal'], send: (t) => t.post(t.signal((s) => { s.crisissignaal = 'false'; })) },
  { name: 'crisissignaal as 0', status: 400, code: 'ongeldige-invoer', pointers: ['/crisissignaal'], send: (t) => t.post(t.signal((s) => { s.crisissignaal = 0; })) },
  { name: 'warmeOverdracht null', status: 400, code: 'ongeldige-invoer', pointers: ['/warmeOverdracht'], send: (t) => t.post(t.signal((s) => { s.warmeOverdracht = null; })) },
  { name: 'id as a number', status: 400, code: 'ongeldige-invoer', pointers: ['/id'], send: (t) => t.post(t.signal((s) => { s.id = 123; })) },
  { name: 'signaaldatum as a number', status: 400, code: 'ongeldige-invoer', pointers: ['/signaaldatum'], send: (t) => t.post(t.signal((s) => { s.signaaldatum = 20261120; })) },
  { name: 'ontstaansdatum as a date-time', status: 400, code: 'ongeldige-invoer', pointers: ['/ontstaansdatum'], send: (t) => t.post(t.signal((s) => { s.ontstaansdatum = '2026-09-01T00:00:00Z'; })) },
  { name: 'inspanningen as an array', status: 400, code: 'ongeldige-invoer', pointers: ['/inspanningen'], send: (t) => t.post(t.signal((s) => { s.inspanningen = [true, true, true]; })) },
  { name: 'an inspanning as "ja"', status: 400, code: 'ongeldige-invoer', pointers: ['/inspanningen/aanmaningVerstuurd'], send: (t) => t.post(t.signal((s) => { s.inspanningen.aanmaningVerstuurd = 'ja'; })) },
  { name: 'persoon null', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon'], send: (t) => t.post(t.signal((s) => { s.persoon = null; })) },
  { name: 'adres as one string', status: 400, code: 'ongeldige-invoer', pointers: ['/adres'], send: (t) => t.post(t.signal((s) => { s.adres = 'Voorbeeldstraat 10A, 1234AB Voorbeeldstad'; })) },
  { name: 'huisnummer as a number', status: 400, code: 'ongeldige-invoer', pointers: ['/adres/huisnummer'], send: (t) => t.post(t.signal((s) => { s.adres.huisnummer = 10; })) },
  { name: 'achternaam as an array', status: 400, code: 'ongeldige-invoer', pointers: ['/persoon/achternaam'], send: (t) => t.post(t.signal((s) => { s.persoon.achternaam = ['Dijk']; })) },
  { name: 'five wrong types at once: every one listed', status: 400, code: 'ongeldige-invoer', pointers: ['/bedrag', '/crisissignaal', '/id', '/adres/huisnummer', '/persoon/email'],
    send: (t) => t.post(t.signal((s) => { s.bedrag = 'veel'; s.crisissignaal = 'nee'; s.id = []; s.adres.huisnummer = {}; s.persoon.email = 42; })) },
  { name: 'batch: items of the wrong type each refused on their own', status: 200,
    items: [{ status: 400, code: 'ongeldige-invoer', pointers: [''] }, { status: 400, code: 'ongeldige-invoer', pointers: [''] }, { status: 400, code: 'ongeldige-invoer', pointers: ['/bedrag'] }],
    send: (t) => t.post(['HUUR-1', null, t.signal((s) => { s.bedrag = '1250'; })], { path: batchPath }) },
];

/** A POST written by hand: the signed head for `payload`, then `lines` (each ending in CRLF), a blank line, `payload`. */
const rawPost = (t: Target, lines: string, payload = JSON.stringify(t.signal())) => t.raw(`${t.signedHead(payload)}${lines}\r\n${payload}`);
const length = (payload: string) => Buffer.byteLength(payload);

const headers: Array<Omit<AttackCase, 'category'>> = [
  { name: 'two Payload-Signature headers', status: 401, code: 'handtekening-ontbreekt',
    send: (t) => { const s = t.signal(); return t.post(s, { extraHeaders: [['Payload-Signature', payloadSignature(t.gw.huur, digestOf(JSON.stringify(s)), { now: t.gw.clock.now })]] }); } },
  { name: 'two signatures in one Payload-Signature header', status: 401, code: 'handtekening-ontbreekt',
    send: (t) => t.post(t.signal(), { signature: (d) => `${payloadSignature(t.gw.huur, d, { now: t.gw.clock.now })}, ${payloadSignature(t.gw.huur, d, { now: t.gw.clock.now })}` }) },
  { name: 'Payload-Signature empty', status: 401, code: 'handtekening-ontbreekt', send: (t) => t.post(t.signal(), { signature: () => '' }) },
  { name: 'Payload-Signature missing', status: 401, code: 'handtekening-ontbreekt', send: (t) => t.post(t.signal(), { omit: ['signature'] }) },
  { name: 'Content-Type text/plain first, application/json second', status: 415, code: 'mediatype-niet-ondersteund',
    send: (t) => t.post(t.signal(), { contentType: 'text/plain', extraHeaders: [['Content-Type', 'application/json']] }) },
  { name: 'Content-Type listing two types', status: 415, code: 'mediatype-niet-ondersteund', send: (t) => t.post(t.signal(), { contentType: 'application/json, text/plain' }) },
  { name: 'no Content-Type', status: 415, code: 'mediatype-niet-ondersteund', send: (t) => t.post(t.signal(), { omit: ['content-type'] }) },
  { name: 'form-encoded, signed correctly', status: 415, code: 'mediatype-niet-ondersteund', send: (t) => t.postBytes('id=HUUR-1&bedrag=1250', { contentType: 'application/x-www-form-urlencoded' }) },
  { name: 'multipart, signed correctly', status: 415, code: 'mediatype-niet-ondersteund',
    send: (t) => t.postBytes(`--b\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(t.signal())}\r\n--b--\r\n`, { contentType: 'multipart/form-data; boundary=b' }) },
  { name: 'gzip-encoded body (no content coding is supported)', status: 400, code: 'ongeldige-json',
    send: (t) => t.postBytes(gzipSync(JSON.stringify(t.signal())), { extraHeaders: [['Content-Encoding', 'gzip']] }) },
  { name: 'Accept that rules out JSON', status: 406, code: 'niet-acceptabel', send: (t) => t.post(t.signal(), { extraHeaders: [['Accept', 'text/html']] }) },
  { name: 'raw: two different Content-Length headers', status: 400, code: 'ongeldige-invoer',
    send: (t) => { const b = JSON.stringify(t.signal()); return rawPost(t, `Content-Length: ${length(b)}\r\nContent-Length: 5\r\n`, b); } },
  { name: 'raw: Transfer-Encoding chunked and Content-Length (CL.TE smuggling)', status: 400, code: 'ongeldige-invoer',
    send: (t) => rawPost(t, 'Content-Length: 6\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\nG') },
  { name: 'raw: Transfer-Encoding chunked twice, one obfuscated (TE.TE)', status: 400, code: 'ongeldige-invoer',
    send: (t) => rawPost(t, 'Transfer-Encoding: chunked\r\nTransfer-Encoding: xchunked\r\n', '0\r\n\r\n') },
  { name: 'raw: unknown transfer coding', status: 400, code: 'ongeldige-invoer', send: (t) => rawPost(t, 'Transfer-Encoding: xchunked\r\n', '0\r\n\r\n') },
  { name: 'raw: space between header name and colon', status: 400, code: 'ongeldige-invoer',
    send: (t) => { const b = JSON.stringify(t.signal()); return rawPost(t, `Content-Length : ${length(b)}\r\n`, b); } },
  { name: 'raw: obsolete line folding', status: 400, code: 'ongeldige-invoer',
    send: (t) => { const b = JSON.stringify(t.signal()); return rawPost(t, `X-Gevouwen: a\r\n b\r\nContent-Length: ${length(b)}\r\n`, b); } },
  { name: 'raw: NUL in a header value', status: 400, code: 'ongeldige-invoer',
    send: (t) => { const b = JSON.stringify(t.signal()); return rawPost(t, `X-Nul: a\u0000b\r\nContent-Length: ${length(b)}\r\n`, b); } },
  { name: 'raw: bare LF line endings', status: 400, code: 'ongeldige-invoer',
    send: (t) => t.raw(`POST /v1/vroegsignalen HTTP/1.1\nHost: localhost\nContent-Type: application/json\nContent-Length: 2\n\n{}`) },
  { name: 'raw: negative Content-Length', status: 400, code: 'ongeldige-invoer', send: (t) => rawPost(t, 'Content-Length: -1\r\n', '') },
  { name: 'raw: Content-Length with a plus sign', status: 400, code: 'ongeldige-invoer',
    send: (t) => { const b = JSON.stringify(t.signal()); return rawPost(t, `Content-Length: +${length(b)}\r\n`, b); } },
];

const tenants: Array<Omit<AttackCase, 'category'>> = [
  { name: 'huur signals as Energie', status: 403, code: 'partnertype-niet-toegestaan', decisions: 1, send: (t) => t.post(t.signal((s) => { s.signaalpartner = 'Energie'; })) },
  { name: 'huur signals as Belastingdienst', status: 403, code: 'partnertype-niet-toegestaan', decisions: 1, send: (t) => t.post(t.signal((s) => { s.signaalpartner = 'Belastingdienst'; })) },
  { name: 'batch: huur slips an Energie signal between two bad ones', status: 200,
    items: [{ status: 400, code: 'ongeldige-invoer', pointers: ['/bedrag'] }, { status: 403, code: 'partnertype-niet-toegestaan' }, { status: 400, code: 'ongeldige-invoer', pointers: ['/id'] }],
    decisions: 1,
    send: (t) => t.post([t.signal((s) => { s.bedrag = -1; }), t.signal((s) => { s.signaalpartner = 'Energie'; }), t.signal((s) => { s.id = 'a b'; })], { path: batchPath }) },
  { name: 'huur signs with energie’s registered key', status: 401, code: 'sleutel-onbekend',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, key: t.gw.energie.signingKey, header: { 'x5t#S256': t.gw.energie.x5tS256 } } }) },
  { name: 'huur names energie’s kid', status: 401, code: 'sleutel-onbekend',
    send: (t) => t.post(t.signal(), { sign: { now: t.gw.clock.now, key: t.gw.energie.signingKey, header: { 'x5t#S256': undefined, kid: t.fx.energieKid } } }) },
  { name: 'energie’s TLS certificate, huur’s signature', status: 401, code: 'sleutel-onbekend', send: (t) => t.post(t.signal(), { tls: t.gw.energie }) },
  { name: 'no client certificate, otherwise perfect', status: 401, code: 'certificaat-ontbreekt', send: (t) => t.post(t.signal(), { tls: null }) },
  { name: 'huur reads energie’s signal', status: 404, code: 'niet-gevonden', send: (t) => t.get(`/v1/vroegsignalen/${t.fx.energieSignaalId}`) },
  { name: 'huur reads energie’s receipt and proof', status: 404, code: 'niet-gevonden', send: (t) => t.get(`/v1/vroegsignalen/${t.fx.energieSignaalId}/ontvangstbewijs`) },
  { name: 'energie reads huur’s signal', status: 404, code: 'niet-gevonden', send: (t) => t.get(`/v1/vroegsignalen/${t.fx.huurSignaalId}`, t.gw.energie) },
  { name: 'huur reads a case id as if it were a signal', status: 404, code: 'niet-gevonden', send: (t) => t.get(`/v1/vroegsignalen/${t.fx.zaakId}`) },
  { name: 'huur reads a signal by energie’s own id', status: 404, code: 'niet-gevonden', send: (t) => t.get(`/v1/vroegsignalen/${t.fx.energieId}`) },
  { name: 'a worker of 0518 reads a case of 1696', status: 404, code: 'niet-gevonden', send: (t) => t.as(worker0518, 'GET', `/v1/zaken/${t.fx.zaakId}`) },
  { name: 'a worker of 0518 asks for its contact details', status: 404, code: 'niet-gevonden', send: (t) => t.as(worker0518, 'GET', `/v1/zaken/${t.fx.zaakId}/contactgegevens`) },
  { name: 'a worker of 0518 records a contact attempt on it', status: 404, code: 'niet-gevonden',
    send: (t) => t.as(worker0518, 'POST', `/v1/zaken/${t.fx.zaakId}/contactpogingen`, { soort: 'Brief', bereikt: false, datum: '2026-11-22', dagdeel: 'Middag' }) },
  { name: 'a worker of 0518 closes it', status: 404, code: 'niet-gevonden',
    send: (t) => t.as(worker0518, 'POST', `/v1/zaken/${t.fx.zaakId}/_afsluiten`, { eindresultaat: 'Niet opgepakt: andere reden' }) },
  { name: 'a worker of 0518 releases it', status: 404, code: 'niet-gevonden', send: (t) => t.as(worker0518, 'POST', `/v1/zaken/${t.fx.zaakId}/_vrijgeven`) },
  { name: 'a colleague in 1696 who did not claim it asks for its contact details', status: 403, code: 'geen-toegang',
    send: (t) => t.as({ sub: 'bob', gemeentecode: '1696', role: 'schuldhulpverlener' }, 'GET', `/v1/zaken/${t.fx.zaakId}/contactgegevens`) },
  { name: 'a privacy officer of 0518 reads a 1696 audit record', status: 404, code: 'niet-gevonden',
    send: (t) => t.as({ sub: 'fg', gemeentecode: '0518', role: 'privacy-officer' }, 'GET', `/v1/auditlog/records/${t.fx.auditIndex}`) },
  { name: 'a privacy officer claims a case (wrong role)', status: 403, code: 'geen-toegang', send: (t) => t.as({ sub: 'fg', gemeentecode: '1696', role: 'privacy-officer' }, 'POST', '/v1/zaken/_oppakken') },
  { name: 'a worker reads the policy bundle (wrong role)', status: 403, code: 'geen-toegang', send: (t) => t.as({ sub: 'anna', gemeentecode: '1696', role: 'schuldhulpverlener' }, 'GET', '/v1/beleid') },
];

const byCategory: Record<Category, Array<Omit<AttackCase, 'category'>>> = {
  jws, jwt, digest, 'json-syntax': jsonSyntax, 'huge-numbers': hugeNumbers, 'deep-nesting': deepNesting,
  'prototype-keys': prototypeKeys, unicode, oversize, 'wrong-types': wrongTypes, headers, tenants,
};

export const corpus: AttackCase[] = categories.flatMap((category) => byCategory[category].map((c) => ({ ...c, category })));

