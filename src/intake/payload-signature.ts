import { constants, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { ProblemError } from '../errors/problem.js';

export type SignatureAlg = 'PS256' | 'ES256';
export interface ResolvedKey {
  alg: SignatureAlg;
  publicKey: KeyObject;
}
/** Looks a key up among the *caller's* registered keys; `kid`/`x5tS256` are untrusted input. */
export type KeyResolver = (h: { kid?: string; x5tS256?: string }) => ResolvedKey | undefined;

export const sigDMid = 'http://uri.etsi.org/19182/HttpHeaders';
const supportedAlgs: readonly string[] = ['PS256', 'ES256'] satisfies SignatureAlg[];
const rfc3339Utc = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;
/**
 * Members we refuse outright rather than ignore: `b64` changes what is signed (RFC 7797), and
 * `jku`/`x5u`/`jwk`/`x5c` offer key material from the message itself. We never fetch or use
 * them, and refusing makes a sender that relies on them fail loudly instead of by surprise.
 */
const refusedMembers = ['b64', 'jku', 'x5u', 'jwk', 'x5c'];

export interface VerifyInput {
  /** Every `Payload-Signature` value as sent (from rawHeaders), or Node's joined string. */
  headerValues: string[] | string | undefined;
  /** The normalised `SHA-256=<b64>` already checked against the body. */
  digestValue: string;
  resolveKey: KeyResolver;
  now: Date;
  windowSeconds: number;
}

export interface VerifiedSignature {
  kid?: string;
  x5tS256?: string;
  alg: SignatureAlg;
  sigT: Date;
}

const invalid = (detail: string) => new ProblemError('handtekening-ongeldig', detail);

/** The signed payload (CONTRACT §1): lowercased header name, colon, space, the Digest value. */
export function signingPayload(digestValue: string): Buffer {
  return Buffer.from(`digest: ${digestValue}`, 'utf8');
}

/** JWS signing input (RFC 7515 §5.1): ASCII(protected '.' base64url(payload)). */
function signingInput(protectedHeader: string, digestValue: string): Buffer {
  return Buffer.from(`${protectedHeader}.${signingPayload(digestValue).toString('base64url')}`, 'ascii');
}

/**
 * PS256 = RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (RFC 7518 §3.5); ES256 =
 * ECDSA P-256 with the raw r‖s signature (§3.4). A key of the wrong kind is our own
 * misconfiguration: it throws (a 500), never a 401 that blames the partner.
 */
function keyParams(alg: SignatureAlg, key: KeyObject) {
  const type = key.asymmetricKeyType;
  if (alg === 'PS256') {
    if ((type !== 'rsa' && type !== 'rsa-pss') || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new Error(`sleutel past niet bij ${alg}`);
    return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  }
  if (type !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error(`sleutel past niet bij ${alg}`);
  return { key, dsaEncoding: 'ieee-p1363' as const };
}

/** Split repeats: base64url has no commas, so a comma inside one value means a list of several. */
function signatureValues(input: VerifyInput['headerValues']): string[] {
  const raw = input === undefined ? [] : Array.isArray(input) ? input : [input];
  return raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

function decodeHeader(part: string): Record<string, unknown> {
  try {
    const header: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (header && typeof header === 'object' && !Array.isArray(header)) return header as Record<string, unknown>;
  } catch {
    /* fall through to the one error below */
  }
  throw invalid('De protected header is geen geldige JSON');
}

/** RFC 3339 in UTC, and a real instant: `Date` would quietly roll 30 February into March. */
function parseSigT(value: unknown): Date {
  const m = typeof value === 'string' ? rfc3339Utc.exec(value) : null;
  if (m) {
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const t = new Date(value as string);
    if (!Number.isNaN(t.getTime()) && t.getUTCFullYear() === y && t.getUTCMonth() + 1 === mo && t.getUTCDate() === d
      && t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === s) return t;
  }
  throw invalid('sigT moet een RFC 3339-tijd in UTC zijn, zoals 2026-11-22T09:30:00Z');
}

function checkProfile(header: Record<string, unknown>): void {
  for (const member of refusedMembers) {
    if (member in header) throw invalid(`Headerveld ${member} is niet toegestaan`);
  }
  const crit = header.crit;
  if (!Array.isArray(crit) || crit.length !== 2 || !crit.includes('sigT') || !crit.includes('sigD')) {
    throw invalid('crit moet precies ["sigT", "sigD"] zijn');
  }
  const sigD = header.sigD as { mId?: unknown; pars?: unknown } | undefined;
  if (!sigD || typeof sigD !== 'object' || sigD.mId !== sigDMid || !Array.isArray(sigD.pars) || sigD.pars.length !== 1 || sigD.pars[0] !== 'digest') {
    throw invalid(`sigD moet {"mId": "${sigDMid}", "pars": ["digest"]} zijn`);
  }
}

function optionalString(header: Record<string, unknown>, name: string): string | undefined {
  const v = header[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > 256) throw invalid(`${name} moet een tekst zijn`);
  return v;
}

/**
 * Verify a detached `Payload-Signature` (CONTRACT §1) over `digest: <Digest>`. The key comes only
 * from the resolver (the registry, within the calling partner), and its registered algorithm is
 * the only one accepted — the header's `alg` is a claim to check, never a choice to follow.
 * Cheap checks run before any crypto, so junk costs no RSA operation.
 */
export async function verifyPayloadSignature(input: VerifyInput): Promise<VerifiedSignature> {
  const values = signatureValues(input.headerValues);
  if (values.length !== 1) {
    throw new ProblemError('handtekening-ontbreekt', values.length === 0 ? 'Payload-Signature ontbreekt' : 'Payload-Signature mag maar één keer voorkomen');
  }
  const parts = values[0]!.split('.');
  if (parts.length !== 3 || parts[1] !== '' || !parts[0] || !parts[2]) {
    throw invalid('Verwacht een detached JWS met lege payload: <header>..<handtekening>');
  }
  const header = decodeHeader(parts[0]);
  if (typeof header.alg !== 'string' || !supportedAlgs.includes(header.alg)) {
    throw invalid('Algoritme niet toegestaan: alleen PS256, of ES256 waar de sleutel dat heeft');
  }
  checkProfile(header);
  const sigT = parseSigT(header.sigT);
  const kid = optionalString(header, 'kid');
  const x5tS256 = optionalString(header, 'x5t#S256');
  if (!kid && !x5tS256) throw invalid('kid of x5t#S256 is verplicht');

  const key = input.resolveKey({ ...(kid ? { kid } : {}), ...(x5tS256 ? { x5tS256 } : {}) });
  if (!key) throw new ProblemError('sleutel-onbekend', 'Deze ondertekeningssleutel is niet geregistreerd voor deze signaalpartner');
  if (header.alg !== key.alg) throw invalid(`Deze sleutel is geregistreerd voor ${key.alg}`);

  if (Math.abs(sigT.getTime() - input.now.getTime()) > input.windowSeconds * 1000) {
    throw new ProblemError('handtekening-verlopen', `sigT ligt meer dan ${input.windowSeconds} s van de klok van de ontvanger`);
  }
  const signature = Buffer.from(parts[2], 'base64url');
  if (!/^[A-Za-z0-9_-]+$/.test(parts[2]) || (key.alg === 'ES256' && signature.length !== 64)) throw invalid('De handtekening is geen geldige base64url-waarde van de juiste lengte');
  // node:crypto, synchronous: the same RSASSA-PSS / ECDSA check as a JOSE library makes, at a
  // fraction of WebCrypto's cost per call (the profile showed it as the largest single item).
  const valid = cryptoVerify('sha256', signingInput(parts[0], input.digestValue), keyParams(key.alg, key.publicKey), signature);
  if (!valid) throw invalid('De handtekening klopt niet met de digest');
  return { ...(kid ? { kid } : {}), ...(x5tS256 ? { x5tS256 } : {}), alg: key.alg, sigT };
}

export interface SignInput {
  digestValue: string;
  privateKey: KeyObject;
  alg: SignatureAlg;
  kid?: string;
  x5tS256?: string;
  now: Date;
}

/** RFC 3339 UTC to the second: what every verifier of this profile can parse. */
function formatSigT(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Make a detached `Payload-Signature` in the same profile (gateway receipts, the reference client). */
export async function signPayloadSignature(input: SignInput): Promise<string> {
  if (!input.kid && !input.x5tS256) throw new Error('signPayloadSignature: kid of x5tS256 is verplicht');
  const header = {
    alg: input.alg,
    ...(input.kid ? { kid: input.kid } : {}),
    ...(input.x5tS256 ? { 'x5t#S256': input.x5tS256 } : {}),
    sigT: formatSigT(input.now),
    sigD: { mId: sigDMid, pars: ['digest'] },
    crit: ['sigT', 'sigD'],
  };
  const protectedHeader = Buffer.from(JSON.stringify(header), 'utf8').toString('base64url');
  const signature = cryptoSign('sha256', signingInput(protectedHeader, input.digestValue), keyParams(input.alg, input.privateKey));
  return `${protectedHeader}..${signature.toString('base64url')}`;
}
