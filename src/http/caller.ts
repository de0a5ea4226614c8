import type { FastifyRequest } from 'fastify';
import type { Caller, Role } from '../auth/claims.js';
import { ProblemError } from '../errors/problem.js';
import type { AppDeps } from './deps.js';

/**
 * Node keeps the first of repeated `Authorization` headers and drops the rest, so a proxy and a
 * client that each add one would be acted on as whichever came first. Two are refused instead.
 */
function authorizationCount(rawHeaders: string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === 'authorization') count++;
  return count;
}

/** The authenticated person behind a bearer token, holding at least one of `allowed` roles. */
export async function requireCaller(request: FastifyRequest, deps: AppDeps, allowed: Role[]): Promise<Caller> {
  const count = authorizationCount(request.raw.rawHeaders);
  if (count > 1) {
    throw new ProblemError('ongeldige-invoer', 'De header Authorization komt meer dan eens voor', {
      errors: [{ pointer: '', code: 'header-herhaald', detail: `Authorization komt ${count} keer voor; stuur precies één` }],
    });
  }
  if (!deps.verifyToken) throw new ProblemError('token-ongeldig', 'Er is geen OIDC-issuer ingesteld');
  const caller = await deps.verifyToken(request.headers.authorization);
  if (!caller.roles.some((r) => allowed.includes(r))) {
    throw new ProblemError('geen-toegang', `Hiervoor is een van de rollen ${allowed.join(', ')} nodig`);
  }
  request.log = request.log.child({ sub: caller.sub, gemeentecode: caller.gemeentecode });
  return caller;
}
