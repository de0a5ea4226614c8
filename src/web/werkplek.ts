import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { werkplekAuth, type WerkplekAuthOptions } from './auth/werkplek-auth.js';
import { csrfToken, loginPathFor } from './auth/session-plugin.js';
import type { WerkplekUser } from './layout/user.js';
import { werkplekNotFound, werkplekPages, type WerkplekPagesOptions } from './pages/plugin.js';

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

/** The sections of pages, given what the gateway's services need (app.ts passes its deps). */
export type WerkplekSections = FastifyPluginAsync[];

export const werkplek = fp(async (app: FastifyInstance, options: WerkplekOptions & { sections?: WerkplekSections }) => {
  await app.register(werkplekAuth, options);
  app.decorateRequest('werkplekCsrf', undefined);
  await app.register(async (pages) => {
    // The token needs the reply (the csrf plugin hangs it there); pages only see the request.
    pages.addHook('preHandler', async (request, reply) => {
      if (request.session) request.werkplekCsrf = csrfToken(reply);
    });
    const pageOptions: WerkplekPagesOptions = {
      werkplekUser: (request: FastifyRequest): WerkplekUser | undefined =>
        request.session ? { name: request.session.naam ?? request.session.sub, roles: request.session.roles } : undefined,
      csrfToken: (request: FastifyRequest) => request.werkplekCsrf ?? '',
      loginPath: loginPathFor,
      // The listener's root already has the API's not-found handler; it calls ours for paths outside /v1/.
      notFoundHandler: false,
      sections: options.sections ?? [],
      ...(options.formActionOrigins ? { formActionOrigins: options.formActionOrigins } : {}),
    };
    const notFound = werkplekNotFound(pageOptions);
    app.decorate('werkplekNotFound', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.session) request.werkplekCsrf = csrfToken(reply);
      return notFound(request, reply);
    });
    await pages.register(werkplekPages, pageOptions);
  });
});
