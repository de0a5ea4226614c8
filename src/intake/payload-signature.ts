import type { KeyObject } from 'node:crypto';
import { flattenedVerify, FlattenedSign, errors as joseErrors } from 'jose';
import { ProblemError } from '../errors/problem.js';

export type SignatureAlg = 'PS256' | 'ES256';
export interface ResolvedKey {
  alg: SignatureAlg;
  publicKey: KeyObject;
}
export type KeyResolver = (h: { kid?: string; x5tS256?: string }) => ResolvedKey | undefined;

const sigDMid = 'http://uri.etsi.org/19182/HttpHeaders';
const rfc3339Utc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
/** Header members that would make us fetch or trust key material from the message itself. */
const refusedMembers = ['jku', 'x5u', 'jwk', 'x5c', 'b64'];

export interface VerifyInput {
  headerValues: string[] | string | undefined;
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

function decodeHeader(part: string): Record<string, unknown> {
  try {
    const header = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (header && typeof header === 'object' && !Array.isArray(header)) return header as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw invalid('De protected header is geen geldige JSON');
}

function checkProfile(header: Record<string, unknown>): void {
  for (const member of refusedMembers) if (member in header) throw invalid(`Headerveld ${member} is niet toegestaan`);
  const crit = header.crit;
  if (!Array.isArray(crit) || crit.length !== 2 || !crit.includes('sigT') || !crit.includes('sigD')) {
    throw invalid('crit moet precies ["sigT", "sigD"] zijn');
  }
  const sigD = header.sigD as { mId?: unknown; pars?: unknown } | undefined;
  if (!sigD || sigD.mId !== sigDMid || !Array.isArray(sigD.pars) || sigD.pars.length !== 1 || sigD.pars[0] !== 'digest') {
    throw invalid(`sigD moet {"mId": "${sigDMid}", "pars": ["digest"]} zijn`);
  }
  if (typeof header.sigT !== 'string' || !rfc3339Utc.test(header.sigT)) throw invalid('sigT moet een RFC 3339-tijd in UTC zijn');
}

/**
 * Verify a detached `Payload-Signature` (CONTRACT §1) over `digest: <Digest>`. The key comes only
 * from the registry, looked up within the calling partner, and its registered algorithm is the
 * only one accepted — the header's `alg` is a claim to check, never a choice to follow.
 */
export async function verifyPayloadSignature(input: VerifyInput): Promise<VerifiedSignature> {
  const values = input.headerValues === undefined ? [] : Array.isArray(input.headerValues) ? input.headerValues : [input.headerValues];
  if (values.length !== 1) {
    throw new ProblemError('handtekening-ontbreekt', values.length === 0 ? 'Payload-Signature ontbreekt' : 'Payload-Signature mag maar één keer voorkomen');
  }
  const parts = values[0]!.trim().split('.');
  if (parts.length !== 3 || parts[1] !== '' || !parts[0] || !parts[2]) throw invalid('Verwacht een detached JWS: <header>..<handtekening>');
  const header = decodeHeader(parts[0]);
  if (typeof header.alg !== 'string' || header.alg === 'none' || !['PS256', 'ES256'].includes(header.alg)) {
    throw invalid('Algoritme niet toegestaan');
  }
  checkProfile(header);
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const x5tS256 = typeof header['x5t#S256'] === 'string' ? (header['x5t#S256'] as string) : undefined;
  if (!kid && !x5tS256) throw invalid('kid of x5t#S256 is verplicht');
  const key = input.resolveKey({ ...(kid ? { kid } : {}), ...(x5tS256 ? { x5tS256 } : {}) });
  if (!key) throw new ProblemError('sleutel-onbekend', 'Deze ondertekeningssleutel is niet geregistreerd voor deze signaalpartner');
  if (header.alg !== key.alg) throw invalid(`Deze sleutel is geregistreerd voor ${key.alg}`);

  const sigT = new Date(header.sigT as string);
  if (Math.abs(sigT.getTime() - input.now.getTime()) > input.windowSeconds * 1000) {
    throw new ProblemError('handtekening-verlopen', `sigT ligt meer dan ${input.windowSeconds} s van de tijd van de gateway`);
  }
  try {
    await flattenedVerify(
      { protected: parts[0], payload: Buffer.from(`digest: ${input.digestValue}`).toString('base64url'), signature: parts[2] },
      key.publicKey,
      { algorithms: [key.alg], crit: { sigT: true, sigD: true } },
    );
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) throw invalid('De handtekening klopt niet met de digest');
    throw err;
  }
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

/** Make a detached `Payload-Signature` in the same profile (receipts, and the reference client). */
export async function signPayloadSignature(input: SignInput): Promise<string> {
  const jws = await new FlattenedSign(Buffer.from(`digest: ${input.digestValue}`))
    .setProtectedHeader({
      alg: input.alg,
      ...(input.kid ? { kid: input.kid } : {}),
      ...(input.x5tS256 ? { 'x5t#S256': input.x5tS256 } : {}),
      sigT: input.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      sigD: { mId: sigDMid, pars: ['digest'] },
      crit: ['sigT', 'sigD'],
    })
    .sign(input.privateKey, { crit: { sigT: true, sigD: true } });
  return `${jws.protected}..${jws.signature}`;
}
