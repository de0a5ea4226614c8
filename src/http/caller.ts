import type { FastifyRequest } from 'fastify';
import type { Caller, Role } from '../auth/claims.js';
import { ProblemError } from '../errors/problem.js';
import type { AppDeps } from './deps.js';

/** The authenticated person behind a bearer token, holding at least one of `allowed` roles. */
export async function requireCaller(request: FastifyRequest, deps: AppDeps, allowed: Role[]): Promise<Caller> {
  if (!deps.verifyToken) throw new ProblemError('token-ongeldig', 'Er is geen OIDC-issuer ingesteld');
  const caller = await deps.verifyToken(request.headers.authorization);
  if (!caller.roles.some((r) => allowed.includes(r))) {
    throw new ProblemError('geen-toegang', `Hiervoor is een van de rollen ${allowed.join(', ')} nodig`);
  }
  request.log = request.log.child({ sub: caller.sub, gemeentecode: caller.gemeentecode });
  return caller;
}
