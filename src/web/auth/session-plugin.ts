import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { ProblemError } from '../../errors/problem.js';
import { sessionCookieName } from './session-cookie.js';
import { SessionStore, type WerkplekSession } from './session-store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Werkplek session of this request, or null (none, expired, logged out). */
    session: WerkplekSession | null;
    /** The cookie value behind `session`, for logout. */
    sessionId: string | null;
  }
  interface FastifyInstance {
    werkplekSessions: SessionStore;
  }
}

export interface SessionPluginOptions {
  redis: Redis;
  /** The gateway's clock: idle and absolute timeouts run on it. */
  clock: () => Date;
}

/**
 * Puts `request.session` on every request of the app it is registered on (fastify-plugin: not
 * encapsulated), plus cookie parsing and CSRF tokens bound to the session. Pages then add
 * `requireSession` and, on form posts, `verifyCsrf`.
 */
export const sessionPlugin = fp(async (app: FastifyInstance, options: SessionPluginOptions) => {
  if (!app.hasDecorator('parseCookie')) await app.register(cookie);
  // sessionPlugin '@fastify/session' mode: the secret is read from request.session._csrf.
  await app.register(csrf, { sessionPlugin: '@fastify/session', sessionKey: '_csrf' });
  app.decorate('werkplekSessions', new SessionStore(options.redis, options.clock));
  app.decorateRequest('session', null);
  app.decorateRequest('sessionId', null);
  app.addHook('onRequest', async (request) => {
    const id = request.cookies[sessionCookieName];
    if (!id) return;
    const session = await app.werkplekSessions.resume(id);
    if (session) {
      request.session = session;
      request.sessionId = id;
    }
  });
});

/** A fresh CSRF secret for a new session. */
export const newCsrfSecret = () => randomBytes(18).toString('base64url');

/**
 * Where a request without a live session goes to log in. A browser that still sends a session
 * cookie had a session that ended (idle or absolute timeout): it must authenticate again at the
 * IdP, not be let back in silently by the IdP's own single sign-on session.
 */
export function loginPathFor(request: FastifyRequest): string {
  return request.cookies?.[sessionCookieName] ? '/inloggen?verlopen=1' : '/inloggen';
}

/** Route hook for pages: no live session → to the login. */
export async function requireSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.session) {
    reply.header('Cache-Control', 'no-store');
    await reply.redirect(loginPathFor(request), 303);
  }
}

/** preHandler after requireSession: one of these roles, or 403 (the page exists, but not for you). */
export function requireRole(...allowed: string[]) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!request.session?.roles.some((r) => allowed.includes(r))) {
      throw new ProblemError('geen-toegang', 'Uw rol geeft geen toegang tot deze pagina');
    }
  };
}

/**
 * preHandler for every form POST: the `_csrf` field (or an X-CSRF-Token header) must be a token
 * of this session. A failure is a 403 problem in the catalogue, not the plugin's own error.
 */
export function verifyCsrf(app: FastifyInstance) {
  const refused = () => new ProblemError('geen-toegang', 'Het formulier is verlopen of ongeldig. Laad de pagina opnieuw en probeer het nog eens.');
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (!request.session) return done(refused());
    // The plugin answers a bad token with reply.send(error); catch that and answer ours instead.
    const intercepted = Object.create(reply, { send: { value: () => done(refused()) } }) as FastifyReply;
    app.csrfProtection(request, intercepted, () => done());
  };
}

/** The token for the hidden `_csrf` field of a form on a page of this session. */
export function csrfToken(reply: FastifyReply): string {
  if (!reply.request.session) throw new Error('csrfToken zonder sessie');
  return reply.generateCsrf();
}
