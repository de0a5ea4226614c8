import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { werkplekAuth, type WerkplekAuthOptions } from './auth/werkplek-auth.js';
import { csrfToken } from './auth/session-plugin.js';
import type { WerkplekUser } from './layout/user.js';
import { werkplekPages } from './pages/plugin.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The CSRF token for this request's forms (set for requests with a session). */
    werkplekCsrf: string | undefined;
  }
}

/**
 * The Werkplek on the staff listener: sessions and login (werkplekAuth, on the root so every page
 * sees `request.session`), then the pages at `/`. The pages read the same session the login made.
 */
export type WerkplekOptions = WerkplekAuthOptions & { formActionOrigins?: string[] };

export const werkplek = fp(async (app: FastifyInstance, options: WerkplekOptions) => {
  await app.register(werkplekAuth, options);
  app.decorateRequest('werkplekCsrf', undefined);
  await app.register(async (pages) => {
    // The token needs the reply (the csrf plugin hangs it there); pages only see the request.
    pages.addHook('preHandler', async (request, reply) => {
      if (request.session) request.werkplekCsrf = csrfToken(reply);
    });
    await pages.register(werkplekPages, {
      werkplekUser: (request: FastifyRequest): WerkplekUser | undefined =>
        request.session ? { name: request.session.naam ?? request.session.sub, roles: request.session.roles } : undefined,
      csrfToken: (request: FastifyRequest) => request.werkplekCsrf ?? '',
      loginPath: '/inloggen',
      // The API's problem+json 404 stays the listener's; a page 404 comes later with the pages.
      notFoundHandler: false,
      ...(options.formActionOrigins ? { formActionOrigins: options.formActionOrigins } : {}),
    });
  });
});
