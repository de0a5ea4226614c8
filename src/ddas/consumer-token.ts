import { errors, type JWTPayload } from 'jose';
import { ProblemError } from '../errors/problem.js';
import { tokenChecks, type TokenVerifierOptions } from '../auth/verify-token.js';

/** A data consumer's access token (OAuth2 client credentials at the configured issuer). */
export interface ConsumerToken {
  /** The consumer's OIN (the client the IdP issued the token to). */
  sub: string;
  roles: string[];
  scopes: string[];
}

export type ConsumerTokenVerifier = (authorization: string | undefined) => Promise<ConsumerToken>;

/**
 * The same checks as staff bearer tokens (auth/verify-token.ts: algorithm pinned, iss, aud, exp,
 * iat, keys only from the configured JWKS, bounded lifetime), answered as FSC error codes: no
 * token, an expired one, and any other fault each have their own (DDAS-VS.yaml). The role and
 * scope are read here and judged by the endpoint (403).
 */
export function createConsumerTokenVerifier(options: TokenVerifierOptions): ConsumerTokenVerifier {
  const { verify, maxTokenAge, tolerance } = tokenChecks(options);
  return async (authorization) => {
    if (!authorization) throw new ProblemError('fsc-token-ontbreekt', 'Authorization: Bearer <access token> ontbreekt');
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization);
    if (!match) throw new ProblemError('fsc-token-ongeldig', 'Verwacht Authorization: Bearer <JWT>');
    const now = options.clock?.() ?? new Date();
    let payload: JWTPayload;
    try {
      payload = await verify(match[1]!, now);
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new ProblemError('fsc-token-verlopen', 'De access token is verlopen');
      throw new ProblemError('fsc-token-ongeldig', 'De access token is ongeldig (handtekening, uitgever of doelgroep)');
    }
    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (payload.iat! > nowSeconds + tolerance) throw new ProblemError('fsc-token-ongeldig', 'De access token is uitgegeven in de toekomst (iat)');
    if (payload.exp! - payload.iat! > maxTokenAge) throw new ProblemError('fsc-token-ongeldig', `De access token is langer geldig dan de toegestane ${maxTokenAge} seconden`);
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    return { sub: payload.sub!, roles, scopes };
  };
}
