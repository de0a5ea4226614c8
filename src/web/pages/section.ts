import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { requireRole, requireSession, verifyCsrf } from '../auth/session-plugin.js';
import type { WerkplekRole } from '../layout/navigation.js';
import type { StaffMember } from './frame.js';

/**
 * The hooks of one Werkplek section (fastify/demo's `autohooks`): call it first thing inside an
 * encapsulated `app.register(async (section) => …)`. Every route in it then
 * - redirects to the login without a live session (onRequest, before the body is read),
 * - answers 403 unless the person has one of `roles` (preHandler),
 * - refuses a form POST without this session's CSRF token (preHandler).
 * Handlers read the person from `staffMember(request)` and never check any of this themselves.
 */
export function pageSection(app: FastifyInstance, roles: readonly WerkplekRole[]): void {
  const csrf = verifyCsrf(app);
  app.addHook('onRequest', requireSession);
  app.addHook('preHandler', requireRole(...roles));
  app.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (request.method === 'POST') return csrf(request, reply, done);
    done();
  });
}

/** The person behind this request's session; only inside a pageSection, where one always exists. */
export function staffMember(request: FastifyRequest): StaffMember {
  const session = request.session;
  if (!session) throw new Error('staffMember buiten een pageSection');
  return { sub: session.sub, gemeentecode: session.gemeentecode, roles: session.roles };
}
