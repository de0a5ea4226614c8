import { verify as cryptoVerify, type X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import forge from 'node-forge';

/**
 * Certificate revocation lists (RFC 5280 §5), for the certificate chains that arrive in a request
 * (`x5c`), where no TLS stack checks them for us. node-forge parses the DER; node:crypto checks the
 * signature against the issuer's key. Only what a revocation check needs is read.
 */
export interface Crl {
  /** The TBSCertList as signed. */
  tbs: Buffer;
  signatureAlgorithm: string;
  signature: Buffer;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  /** Serial numbers of revoked certificates: upper-case hex without leading zeros. */
  revoked: Set<string>;
}

const sha256WithRsa = '1.2.840.113549.1.1.11';
const ecdsaWithSha256 = '1.2.840.10045.4.3.2';

export const normalSerial = (hex: string) => hex.toUpperCase().replace(/^0+(?=.)/, '');

export class CrlError extends Error {
  override name = 'CrlError';
}

/** One CRL from PEM (`-----BEGIN X509 CRL-----`) or DER. */
export function parseCrl(input: string | Buffer): Crl {
  const der = typeof input === 'string' || input.subarray(0, 10).toString().startsWith('-----')
    ? Buffer.from(String(input).replace(/-----(BEGIN|END) X509 CRL-----|\s/g, ''), 'base64')
    : input;
  let list: forge.asn1.Asn1;
  try {
    list = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
  } catch {
    throw new CrlError('geen geldige CRL (DER)');
  }
  const [tbsNode, algNode, sigNode] = list.value as forge.asn1.Asn1[];
  if (!tbsNode || !algNode || !sigNode) throw new CrlError('geen geldige CRL (onvolledig)');
  const fields = tbsNode.value as forge.asn1.Asn1[];
  // An optional version INTEGER comes first; then signature, issuer, thisUpdate, nextUpdate?, revoked?, extensions?
  let i = fields[0]?.type === forge.asn1.Type.INTEGER ? 1 : 0;
  i += 2; // signature algorithm, issuer
  const time = (node: forge.asn1.Asn1 | undefined) => node && (node.type === forge.asn1.Type.UTCTIME ? forge.asn1.utcTimeToDate(node.value as string) : node.type === forge.asn1.Type.GENERALIZEDTIME ? forge.asn1.generalizedTimeToDate(node.value as string) : undefined);
  const thisUpdate = time(fields[i++]);
  if (!thisUpdate) throw new CrlError('CRL zonder thisUpdate');
  const nextUpdate = time(fields[i]);
  if (nextUpdate) i++;
  const revoked = new Set<string>();
  const entries = fields[i];
  if (entries && entries.tagClass === forge.asn1.Class.UNIVERSAL && entries.type === forge.asn1.Type.SEQUENCE) {
    for (const entry of entries.value as forge.asn1.Asn1[]) {
      const serial = (entry.value as forge.asn1.Asn1[])[0];
      if (serial) revoked.add(normalSerial(forge.util.bytesToHex(serial.value as string)));
    }
  }
  const signatureAlgorithm = forge.asn1.derToOid((algNode.value as forge.asn1.Asn1[])[0]!.value as string);
  // BIT STRING: the first byte counts unused bits (0 for a signature).
  const signature = Buffer.from((sigNode.value as string).slice(1), 'binary');
  return { tbs: Buffer.from(forge.asn1.toDer(tbsNode).getBytes(), 'binary'), signatureAlgorithm, signature, thisUpdate, nextUpdate, revoked };
}

/** Whether `issuer` signed this CRL (RSA PKCS#1 v1.5 or ECDSA, both with SHA-256). */
export function crlSignedBy(crl: Crl, issuer: X509Certificate): boolean {
  if (crl.signatureAlgorithm !== sha256WithRsa && crl.signatureAlgorithm !== ecdsaWithSha256) return false;
  try {
    return cryptoVerify('sha256', crl.tbs, issuer.publicKey, crl.signature);
  } catch {
    return false;
  }
}

/**
 * Why `cert` may not be trusted as revocation goes, or undefined when it may: a current CRL signed
 * by its issuer must be among `crls` (fail closed: no CRL, no trust) and must not list it.
 */
export function revocationProblem(cert: X509Certificate, issuer: X509Certificate, crls: Crl[], now: Date): string | undefined {
  const own = crls.filter((c) => crlSignedBy(c, issuer));
  if (own.length === 0) return `geen CRL van de uitgever van ${cert.subject.split('\n').find((l) => l.startsWith('CN=')) ?? 'een certificaat in de keten'}`;
  const current = own.filter((c) => c.thisUpdate.getTime() <= now.getTime() && (!c.nextUpdate || now.getTime() <= c.nextUpdate.getTime()));
  if (current.length === 0) return 'de CRL van de uitgever is verlopen (nextUpdate voorbij)';
  if (current.some((c) => c.revoked.has(normalSerial(cert.serialNumber)))) return 'een certificaat in de keten is ingetrokken';
  return undefined;
}

/**
 * The CRLs in these files (PEM, several per file allowed), read again when a file changes: a CA
 * publishes a new CRL before its nextUpdate, and an operator drops it in place.
 */
export function crlReader(paths: string[]): () => Crl[] {
  let stamp = '';
  let current: Crl[] = [];
  return () => {
    const next = paths.map((p) => {
      const s = statSync(p, { throwIfNoEntry: false });
      return s ? `${s.ino}:${s.mtimeMs}:${s.size}` : 'weg';
    }).join('|');
    if (next !== stamp) {
      current = paths.flatMap((p) => {
        const text = readFileSync(p, 'utf8');
        return (text.match(/-----BEGIN X509 CRL-----[\s\S]+?-----END X509 CRL-----/g) ?? []).map((pem) => parseCrl(pem));
      });
      stamp = next;
    }
    return current;
  };
}
