import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ProblemError } from '../errors/problem.js';
import { claimsSchema, type Caller } from './claims.js';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** A JWKS URL (production IdP) or a file (development issuer, air-gapped setups). */
  jwks: { url: string } | { file: string };
  algorithms?: string[];
  clock?: () => Date;
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Caller>;

/**
 * Bearer tokens per RFC 8725: the algorithm pinned, `iss`, `aud`, `exp` required, keys only from
 * the configured JWKS (never from `jku`/`x5u` in the token), `kid` used as a lookup key only.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys: JWTVerifyGetKey = 'url' in options.jwks
    ? createRemoteJWKSet(new URL(options.jwks.url))
    : createLocalJWKSet(JSON.parse(readFileSync(options.jwks.file, 'utf8')));
  return async (authorization) => {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization ?? '');
    if (!match) throw new ProblemError('token-ongeldig', 'Authorization: Bearer <token> is vereist');
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(match[1]!, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: options.algorithms ?? ['ES256', 'PS256', 'RS256'],
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: options.clock?.(),
      }));
    } catch {
      throw new ProblemError('token-ongeldig', 'Het token is ongeldig of verlopen');
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new ProblemError('token-ongeldig', 'Het token mist sub, gemeentecode of roles');
    return claims.data;
  };
}
