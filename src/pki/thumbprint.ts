import { createHash, X509Certificate } from 'node:crypto';

/** `x5t#S256`: base64url SHA-256 of the certificate's DER (RFC 7515 §4.1.8). */
export function x5tS256(certPem: string | Buffer): string {
  return createHash('sha256').update(new X509Certificate(certPem).raw).digest('base64url');
}
