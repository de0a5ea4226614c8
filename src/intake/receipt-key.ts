import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import type { SignatureAlg } from './payload-signature.js';

export interface ReceiptSigner {
  alg: SignatureAlg;
  kid: string;
  privateKey: KeyObject;
  publicJwk: JWK;
}

/** The receipt key from a PKCS8 PEM; its kid is the RFC 7638 thumbprint, stable across restarts. */
export async function loadReceiptSigner(pemPath: string, alg: SignatureAlg): Promise<ReceiptSigner> {
  const privateKey = createPrivateKey(readFileSync(pemPath));
  const expected = alg === 'ES256' ? 'ec' : 'rsa';
  if (privateKey.asymmetricKeyType !== expected) {
    throw new Error(`Ontvangstbewijssleutel ${pemPath} is geen ${alg}-sleutel (${privateKey.asymmetricKeyType})`);
  }
  const jwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { alg, kid, privateKey, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
}

export function jwks(signers: ReceiptSigner[]): { keys: JWK[] } {
  return { keys: signers.map((s) => s.publicJwk) };
}
