import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignatureAlg } from '../intake/payload-signature.js';
import { x5tS256 } from '../pki/thumbprint.js';

export interface PartnerCredentials {
  /** PEM of the CA that issued the gateway's server certificate: the only one we trust. */
  ca: Buffer;
  /** TLS client certificate and key (the OIN lives in the certificate). */
  cert: Buffer;
  key: Buffer;
  signingKey: KeyObject;
  signingAlg: SignatureAlg;
  /** base64url(SHA-256(DER of signing.crt)): how the registry knows this signing key. */
  x5tS256: string;
}

/** Something wrong with the partner directory itself: the user's to fix, not a gateway failure. */
export class PartnerCredentialsError extends Error {
  override name = 'PartnerCredentialsError';
}

function signingAlgOf(key: KeyObject, where: string): SignatureAlg {
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') return 'PS256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new PartnerCredentialsError(`${where}: sleuteltype ${key.asymmetricKeyType ?? '?'} wordt niet ondersteund (PS256 of ES256)`);
}

/**
 * A partner directory as `vroegsignaal partner add` writes it (CONTRACT §4). Checks locally that
 * signing.key belongs to signing.crt, so a mixed-up directory fails here rather than as a 401
 * on every signal.
 */
export function loadPartnerCredentials(dir: string): PartnerCredentials {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name));
    } catch {
      throw new PartnerCredentialsError(`${join(dir, name)} ontbreekt: verwacht een map van \`vroegsignaal partner add\``);
    }
  };
  const signingCertPem = read('signing.crt');
  let signingKey: KeyObject;
  let certKey: KeyObject;
  try {
    signingKey = createPrivateKey(read('signing.key'));
    certKey = new X509Certificate(signingCertPem).publicKey;
  } catch (err) {
    if (err instanceof PartnerCredentialsError) throw err;
    throw new PartnerCredentialsError(`${dir}: signing.key of signing.crt is geen geldige PEM`);
  }
  const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  if (!spki(createPublicKey(signingKey)).equals(spki(certKey))) {
    throw new PartnerCredentialsError(`${dir}: signing.key hoort niet bij signing.crt`);
  }
  return {
    ca: read('ca.crt'),
    cert: read('client.crt'),
    key: read('client.key'),
    signingKey,
    signingAlg: signingAlgOf(signingKey, join(dir, 'signing.key')),
    x5tS256: x5tS256(signingCertPem),
  };
}
