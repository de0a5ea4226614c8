import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ProblemError } from '../errors/problem.js';
import { claimsSchema, type Caller } from './claims.js';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** A JWKS URL (production IdP) or a file (development issuer, air-gapped setups). */
  jwks: { url: string } | { file: string };
  algorithms?: string[];
  clock?: () => Date;
  /** Longest lifetime (`exp` - `iat`) accepted, in seconds; also how old a token may be. One hour by default. */
  maxTokenAgeSeconds?: number;
  /** How far the IdP's clock may run ahead of ours, in seconds (`iat` in the future). */
  clockToleranceSeconds?: number;
}

export const defaultMaxTokenAgeSeconds = 3600;
export const defaultClockToleranceSeconds = 60;

export type TokenVerifier = (authorization: string | undefined) => Promise<Caller>;

/**
 * Bearer tokens per RFC 8725: the algorithm pinned, `iss`, `aud`, `exp` required, keys only from
 * the configured JWKS (never from `jku`/`x5u` in the token), `kid` used as a lookup key only.
 * A token issued in the future (beyond the clock tolerance) or meant to live longer than
 * `maxTokenAgeSeconds` is refused: a stolen long-lived token would otherwise work for as long as
 * its issuer chose, and a future `iat` would stretch any age limit.
 */
/**
 * What every bearer-token check shares (staff tokens, DDAS consumer tokens): keys only from the
 * configured JWKS, the algorithm pinned, `iss`, `aud`, `exp`, `iat` and `sub` required, the age
 * limit and the clock tolerance. `verify` throws jose's own errors; each caller answers them in
 * its own vocabulary (problem codes, FSC codes).
 */
export function tokenChecks(options: TokenVerifierOptions): { verify(jwt: string, now: Date): Promise<JWTPayload>; maxTokenAge: number; tolerance: number } {
  const keys: JWTVerifyGetKey = 'url' in options.jwks
    ? createRemoteJWKSet(new URL(options.jwks.url))
    : createLocalJWKSet(JSON.parse(readFileSync(options.jwks.file, 'utf8')));
  const verify = async (jwt: string, now: Date) => (await jwtVerify(jwt, keys, {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: options.algorithms ?? ['ES256', 'PS256', 'RS256'],
    requiredClaims: ['exp', 'iat', 'sub'],
    currentDate: now,
  })).payload;
  return { verify, maxTokenAge: options.maxTokenAgeSeconds ?? defaultMaxTokenAgeSeconds, tolerance: options.clockToleranceSeconds ?? defaultClockToleranceSeconds };
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { verify, maxTokenAge, tolerance } = tokenChecks(options);
  return async (authorization) => {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization ?? '');
    if (!match) throw new ProblemError('token-ongeldig', 'Authorization: Bearer <token> is vereist');
    const now = options.clock?.() ?? new Date();
    let payload: JWTPayload;
    try {
      payload = await verify(match[1]!, now);
    } catch {
      throw new ProblemError('token-ongeldig', 'Het token is ongeldig of verlopen');
    }
    // `exp` stays exact (above); only an IdP's clock running ahead of ours earns tolerance.
    if (payload.iat! > epochSeconds(now) + tolerance) {
      throw new ProblemError('token-ongeldig', 'Het token is uitgegeven in de toekomst (iat); controleer de klok van de uitgever');
    }
    // With exp ahead and iat not, this also bounds the token's age.
    if (payload.exp! - payload.iat! > maxTokenAge) {
      throw new ProblemError('token-ongeldig', `Het token is langer geldig dan de toegestane ${maxTokenAge} seconden (exp - iat)`);
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new ProblemError('token-ongeldig', 'Het token mist sub, gemeentecode of roles');
    return claims.data;
  };
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
