import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { certificatesFromPem, thumbprintOf, type ChainSigner } from './jades.js';

/**
 * The gateway's DDAS signing key (RSA, PS256) and its certificate chain (PEM, leaf first), or
 * undefined when either file is missing: the pull API is then not served. `kid` is the leaf's
 * x5t#S256, stable and derivable by CBS from x5c.
 */
export function loadDdasSigner(keyPath: string, certPath: string): ChainSigner | undefined {
  if (!existsSync(keyPath) || !existsSync(certPath)) return undefined;
  const chain = certificatesFromPem(readFileSync(certPath, 'utf8'));
  if (chain.length === 0) throw new Error(`${certPath}: geen certificaat gevonden`);
  const privateKey = createPrivateKey(readFileSync(keyPath));
  if (!chain[0]!.checkPrivateKey(privateKey)) throw new Error(`${certPath}: het eerste certificaat hoort niet bij de sleutel ${keyPath}`);
  return { privateKey, chain, kid: thumbprintOf(chain[0]!) };
}
