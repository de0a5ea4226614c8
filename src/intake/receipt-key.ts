import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import type { SignatureAlg } from './payload-signature.js';

export interface ReceiptSigner {
  alg: SignatureAlg;
  kid: string;
  privateKey: KeyObject;
  /** Public part only, with `kid`, `alg` and `use: 'sig'` as published at /v1/sleutels. */
  publicJwk: JWK;
}

/** The key must really be of the kind `alg` names: ES256 = P-256, PS256 = RSA of at least 2048 bits. */
function checkKeyFits(privateKey: KeyObject, alg: SignatureAlg, where: string): void {
  const type = privateKey.asymmetricKeyType;
  const details = privateKey.asymmetricKeyDetails;
  const fits = alg === 'ES256'
    ? type === 'ec' && details?.namedCurve === 'prime256v1'
    : (type === 'rsa' || type === 'rsa-pss') && (details?.modulusLength ?? 0) >= 2048;
  if (!fits) throw new Error(`Ontvangstbewijssleutel ${where} past niet bij ${alg} (${type ?? 'onbekend'})`);
}

/** A receipt signer from a private key; kid = RFC 7638 thumbprint, so it is stable across restarts. */
export async function receiptSignerFromKey(privateKey: KeyObject, alg: SignatureAlg, where = '(in geheugen)'): Promise<ReceiptSigner> {
  checkKeyFits(privateKey, alg, where);
  const jwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { alg, kid, privateKey, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
}

/** The receipt key from a PKCS8 PEM file. */
export async function loadReceiptSigner(pemPath: string, alg: SignatureAlg): Promise<ReceiptSigner> {
  return receiptSignerFromKey(createPrivateKey(readFileSync(pemPath)), alg, pemPath);
}

/** The JWKS of `GET /v1/sleutels`: public keys only, copied so callers cannot alter a signer. */
export function jwks(signers: ReceiptSigner[]): { keys: JWK[] } {
  return { keys: signers.map((s) => ({ ...s.publicJwk })) };
}
