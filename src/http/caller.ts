import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller, Role } from '../auth/claims.js';
import { ProblemError } from '../errors/problem.js';
import type { AppDeps } from './deps.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call a staff route: a caller needs at least one of these roles (bearerAuth). */
    roles?: Role[];
  }
  interface FastifyRequest {
    /**
     * The authenticated person behind the bearer token. Set by bearerAuth's onRequest hook on
     * every route of the staff group; routes outside it (intake, public keys) never read it.
     */
    caller: Caller;
  }
}

/**
 * Node keeps the first of repeated `Authorization` headers and drops the rest, so a proxy and a
 * client that each add one would be acted on as whichever came first. Two are refused instead.
 */
function authorizationCount(rawHeaders: string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === 'authorization') count++;
  return count;
}

/** The person behind the request's bearer token (400 for two tokens, 401 for a bad one). */
async function authenticate(request: FastifyRequest, deps: AppDeps): Promise<Caller> {
  const count = authorizationCount(request.raw.rawHeaders);
  if (count > 1) {
    throw new ProblemError('ongeldige-invoer', 'De header Authorization komt meer dan eens voor', {
      errors: [{ pointer: '', code: 'header-herhaald', detail: `Authorization komt ${count} keer voor; stuur precies één` }],
    });
  }
  if (!deps.verifyToken) throw new ProblemError('token-ongeldig', 'Er is geen OIDC-issuer ingesteld');
  return deps.verifyToken(request.headers.authorization);
}

/**
 * Bearer-token authentication and roles for a group of routes (fastify/demo's `autohooks`
 * pattern): registered once in the group's encapsulated context, so no handler can forget it.
 * Every route in the group declares `config: { roles }`; a route without them fails at start-up
 * rather than answering everyone. The handler reads `request.caller`.
 *
 * Authentication runs `onRequest`, before the body is read: an unauthenticated request gets its
 * 401 without its body being parsed. Roles run `preHandler`, the last step before the handler.
 */
export function bearerAuth(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('caller', undefined as unknown as Caller);
  app.addHook('onRoute', (route) => {
    if (!route.config?.roles?.length) throw new Error(`${route.method} ${route.url}: een route achter het bearer-token noemt geen rollen (config.roles)`);
  });
  app.addHook('onRequest', async (request) => {
    const caller = await authenticate(request, deps);
    request.caller = caller;
    request.log = request.log.child({ sub: caller.sub, gemeentecode: caller.gemeentecode });
  });
  app.addHook('preHandler', async (request) => {
    const allowed = request.routeOptions.config.roles ?? [];
    if (!request.caller.roles.some((r) => allowed.includes(r))) {
      throw new ProblemError('geen-toegang', `Hiervoor is een van de rollen ${allowed.join(', ')} nodig`);
    }
  });
}
