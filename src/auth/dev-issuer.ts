import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, SignJWT, type JWK } from 'jose';
import { generateP256KeyPair, writePrivateKeyFile } from '../pki/keys.js';
import type { Role } from './claims.js';

export const devIssuer = 'urn:vroegsignaal:ontwikkel-issuer';
export const defaultAudience = 'vroegsignaal';

export function devIssuerPaths(home: string) {
  return { key: join(home, 'oidc', 'issuer.key'), jwks: join(home, 'oidc', 'jwks.json') };
}

/** The development OIDC issuer: an ES256 key and its JWKS under the home, made once. */
export async function ensureDevIssuer(home: string): Promise<boolean> {
  const paths = devIssuerPaths(home);
  if (existsSync(paths.key) && existsSync(paths.jwks)) return false;
  const keys = generateP256KeyPair();
  writePrivateKeyFile(paths.key, keys.privateKeyPem);
  const jwk = await exportJWK(createPublicKey(keys.publicKeyPem));
  const kid = await calculateJwkThumbprint(jwk);
  writeFileSync(paths.jwks, JSON.stringify({ keys: [{ ...jwk, kid, alg: 'ES256', use: 'sig' }] }, null, 2) + '\n');
  return true;
}

export interface TokenRequest {
  sub: string;
  /** A person's municipality; a data consumer's token (role cbs) has none. */
  gemeentecode?: string;
  /** OAuth2 scope (space-separated), as a client-credentials token carries it: `read` for the DDAS pull API. */
  scope?: string;
  roles: Role[];
  audience?: string;
  /** One hour by default: the gateway refuses tokens meant to live longer than OIDC_MAX_TOKEN_AGE (default 3600). */
  lifetimeSeconds?: number;
  now?: Date;
}

/** A bearer token from the development issuer (CONTRACT §4 `vroegsignaal token`). */
export async function issueDevToken(home: string, req: TokenRequest): Promise<string> {
  const paths = devIssuerPaths(home);
  const jwks = JSON.parse(readFileSync(paths.jwks, 'utf8')) as { keys: JWK[] };
  const now = Math.floor((req.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ ...(req.gemeentecode ? { gemeentecode: req.gemeentecode } : {}), roles: req.roles, ...(req.scope ? { scope: req.scope } : {}) })
    .setProtectedHeader({ alg: 'ES256', kid: jwks.keys[0]!.kid!, typ: 'JWT' })
    .setIssuer(devIssuer)
    .setAudience(req.audience ?? defaultAudience)
    .setSubject(req.sub)
    .setIssuedAt(now)
    .setExpirationTime(now + (req.lifetimeSeconds ?? 3600))
    .sign(createPrivateKey(readFileSync(paths.key)));
}
