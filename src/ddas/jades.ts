import { constants, createHash, sign as cryptoSign, verify as cryptoVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { revocationProblem, type Crl } from '../pki/crl.js';
import { ProblemError } from '../errors/problem.js';
import { sigDMid, signingPayload } from '../intake/payload-signature.js';
import { oinFromSubjectSerialNumber } from '../pki/oin.js';

/**
 * The DDAS pull API's payload signature (DDAS-VS.yaml `nlgov-adr-payload-sig`; CONTRACT §8):
 * the detached JWS of CONTRACT §1 over `digest: <Digest>` (PS256, `sigT`, `sigD`, `crit`), plus
 * `x5c` — the signer's certificate chain, leaf first — `kid` and `typ: JOSE`. Unlike a
 * signaalpartner's key, a consumer's key is not registered beforehand: the chain is checked up to
 * a trusted CA, and the signing certificate must carry the same OIN as the TLS client certificate.
 */
export const payloadSignatureHeader = 'nlgov-adr-payload-sig';

const pss = (key: KeyObject) => ({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
const signingInput = (protectedHeader: string, digestValue: string) =>
  Buffer.from(`${protectedHeader}.${signingPayload(digestValue).toString('base64url')}`, 'ascii');
const formatSigT = (now: Date) => now.toISOString().replace(/\.\d{3}Z$/, 'Z');
const rfc3339Utc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export interface ChainSigner {
  privateKey: KeyObject;
  /** Leaf first; the last one may be a root or an intermediate below one. */
  chain: X509Certificate[];
  kid: string;
}

/** Sign a body's Digest value in this profile. */
export function signWithChain(signer: ChainSigner, digestValue: string, now: Date): string {
  const header = {
    alg: 'PS256',
    typ: 'JOSE',
    kid: signer.kid,
    x5c: signer.chain.map((c) => c.raw.toString('base64')),
    sigT: formatSigT(now),
    sigD: { mId: sigDMid, pars: ['digest'] },
    crit: ['sigT', 'sigD'],
  };
  const protectedHeader = Buffer.from(JSON.stringify(header), 'utf8').toString('base64url');
  return `${protectedHeader}..${cryptoSign('sha256', signingInput(protectedHeader, digestValue), pss(signer.privateKey)).toString('base64url')}`;
}

/** The certificates in one PEM text, in order. */
export function certificatesFromPem(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((c) => new X509Certificate(c));
}

/** `x5t#S256` of a certificate. */
export const thumbprintOf = (c: X509Certificate) => createHash('sha256').update(c.raw).digest('base64url');

/** The subject's OIN (serialNumber), from node's one-attribute-per-line subject text. */
export function certificateOin(cert: X509Certificate): string | undefined {
  const values = cert.subject.split('\n').filter((l) => l.startsWith('serialNumber=')).map((l) => l.slice('serialNumber='.length));
  return oinFromSubjectSerialNumber(values.length === 1 ? values[0] : values);
}

const invalid = (detail: string) => new ProblemError('handtekening-ongeldig', detail);

/**
 * Whether `chain` (leaf first) leads to one of `anchors`: each certificate issued and signed by
 * the next (or by an anchor), each valid at `now`, and — when CRLs are configured (DDAS_CRL_FILES,
 * the YAML's revocation check) — none revoked by a current CRL of its issuer. Returns the leaf.
 */
export function verifyChain(chain: X509Certificate[], anchors: X509Certificate[], now: Date, crls?: Crl[]): X509Certificate {
  const at = now.getTime();
  const valid = (c: X509Certificate) => Date.parse(c.validFrom) <= at && at <= Date.parse(c.validTo);
  const notRevoked = (cert: X509Certificate, issuer: X509Certificate) => {
    const problem = crls && !cert.raw.equals(issuer.raw) ? revocationProblem(cert, issuer, crls, now) : undefined;
    if (problem) throw invalid(`Intrekkingscontrole: ${problem}`);
  };
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i]!;
    if (!valid(cert)) throw invalid('Een certificaat in x5c is verlopen of nog niet geldig');
    const anchor = anchors.find((a) => a.raw.equals(cert.raw) || (cert.checkIssued(a) && cert.verify(a.publicKey)));
    if (anchor) {
      if (!valid(anchor)) throw invalid('De vertrouwde CA is verlopen');
      notRevoked(cert, anchor);
      return chain[0]!;
    }
    const next = chain[i + 1];
    if (!next || !cert.checkIssued(next) || !cert.verify(next.publicKey) || !next.ca) break;
    notRevoked(cert, next);
  }
  throw invalid('De certificaatketen in x5c leidt niet naar een vertrouwde CA');
}

export interface VerifyChainSignatureInput {
  /** Every `nlgov-adr-payload-sig` value as sent. */
  headerValues: string[];
  digestValue: string;
  anchors: X509Certificate[];
  /** When set, every certificate in x5c needs a current CRL of its issuer that does not list it. */
  crls?: Crl[] | undefined;
  /** The OIN the signing certificate must carry (the TLS client's). */
  oin: string;
  now: Date;
  windowSeconds: number;
}

/** Verify a request's signature; every refusal is a 401 problem naming what failed, never content. */
export function verifyChainSignature(input: VerifyChainSignatureInput): { kid: string; signer: X509Certificate } {
  const values = input.headerValues.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (values.length !== 1) throw new ProblemError('handtekening-ontbreekt', values.length === 0 ? `${payloadSignatureHeader} ontbreekt` : `${payloadSignatureHeader} mag maar één keer voorkomen`);
  const parts = values[0]!.split('.');
  if (parts.length !== 3 || parts[1] !== '' || !parts[0] || !parts[2] || !/^[A-Za-z0-9_-]+$/.test(parts[2])) {
    throw invalid('Verwacht een detached JWS met lege payload: <header>..<handtekening>');
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw invalid('De protected header is geen geldige JSON');
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw invalid('De protected header is geen JSON-object');
  if (header.alg !== 'PS256') throw invalid('Alleen PS256 is toegestaan');
  if (header.typ !== 'JOSE') throw invalid('typ moet "JOSE" zijn');
  for (const member of ['b64', 'jku', 'x5u', 'jwk']) if (member in header) throw invalid(`Headerveld ${member} is niet toegestaan`);
  const crit = header.crit;
  if (!Array.isArray(crit) || crit.length !== 2 || !crit.includes('sigT') || !crit.includes('sigD')) throw invalid('crit moet precies ["sigT", "sigD"] zijn');
  const sigD = header.sigD as { mId?: unknown; pars?: unknown } | undefined;
  if (!sigD || typeof sigD !== 'object' || sigD.mId !== sigDMid || !Array.isArray(sigD.pars) || sigD.pars.length !== 1 || sigD.pars[0] !== 'digest') {
    throw invalid(`sigD moet {"mId": "${sigDMid}", "pars": ["digest"]} zijn`);
  }
  if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > 256) throw invalid('kid is verplicht');
  const sigT = typeof header.sigT === 'string' && rfc3339Utc.test(header.sigT) ? Date.parse(header.sigT) : NaN;
  if (Number.isNaN(sigT)) throw invalid('sigT moet een RFC 3339-tijd in UTC zijn');
  if (!Array.isArray(header.x5c) || header.x5c.length === 0 || header.x5c.length > 5 || !header.x5c.every((c) => typeof c === 'string')) {
    throw invalid('x5c moet de certificaatketen bevatten (1 tot 5 certificaten)');
  }
  let chain: X509Certificate[];
  try {
    chain = (header.x5c as string[]).map((c) => new X509Certificate(Buffer.from(c, 'base64')));
  } catch {
    throw invalid('x5c bevat iets dat geen certificaat is');
  }
  const signer = verifyChain(chain, input.anchors, input.now, input.crls);
  if (certificateOin(signer) !== input.oin) throw invalid('Het ondertekeningscertificaat hoort niet bij de OIN van het TLS-clientcertificaat');
  const key = signer.publicKey;
  if ((key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw invalid('Het ondertekeningscertificaat heeft geen RSA-sleutel van ten minste 2048 bits (PS256)');
  }
  if (Math.abs(sigT - input.now.getTime()) > input.windowSeconds * 1000) {
    throw new ProblemError('handtekening-verlopen', `sigT ligt meer dan ${input.windowSeconds} s van de klok van de ontvanger`);
  }
  if (!cryptoVerify('sha256', signingInput(parts[0], input.digestValue), pss(key), Buffer.from(parts[2], 'base64url'))) {
    throw invalid('De handtekening klopt niet met de digest');
  }
  return { kid: header.kid, signer };
}
