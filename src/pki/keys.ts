import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Private key PKCS#8 PEM, public key SPKI PEM — what node:crypto, jose and node-forge all read. */
export interface PemKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** RSA-2048: TLS certificates (node-forge signs RSA only) and PS256 signing keys. */
export function generateRsaKeyPair(): PemKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** P-256: the ES256 receipt key. */
export function generateP256KeyPair(): PemKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/**
 * Owner-only (0600), also when the file already existed with looser rights: the key goes into a
 * fresh 0600 temp file that is renamed over the target, so it is never readable by others, not
 * even for a moment, and a reader never sees half a key. chmod because umask may narrow `mode`.
 */
export function writePrivateKeyFile(path: string, pem: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, pem, { mode: 0o600, flag: 'wx' });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

/** Certificates and other public material: world-readable is fine. */
export function writePublicFile(path: string, contents: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, contents, { mode: 0o644 });
}
