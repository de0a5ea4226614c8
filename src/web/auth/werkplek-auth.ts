import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { devIdpPlugin } from './dev-idp-plugin.js';
import { ensureDevIdpMaterial } from './dev-idp-material.js';
import { callbackPath, loggedOutPath, loginRoutes } from './login-routes.js';
import { sessionPlugin } from './session-plugin.js';

export interface WerkplekAuthOptions {
  redis: Redis;
  clock: () => Date;
  /** Public origin of the staff listener, e.g. https://localhost:8444 (a function if the port is chosen at listen). */
  origin: string | (() => string);
  /** A municipality's IdP (production). Without it, `devIdp` must be given. */
  oidc?: { issuer: string; clientId: string; clientSecret: string; ca?: string | Buffer } | undefined;
  /** The embedded development IdP under /idp: its material lives under the home; the CA is the dev CA. */
  devIdp?: { homeRoot: string; ca: string | Buffer } | undefined;
}

/**
 * Everything the Werkplek needs to know who is there: sessions (request.session), login and
 * logout routes, and in development the embedded IdP. Register it on the staff listener's root
 * app: fastify-plugin, so every page registered beside it sees request.session.
 */
export const werkplekAuth = fp(async (app: FastifyInstance, options: WerkplekAuthOptions): Promise<void> => {
  const origin = () => (typeof options.origin === 'function' ? options.origin() : options.origin);
  await app.register(sessionPlugin, { redis: options.redis, clock: options.clock });
  if (options.oidc) {
    await app.register(loginRoutes, { redis: options.redis, origin: options.origin, oidc: options.oidc });
    return;
  }
  if (!options.devIdp) throw new Error('werkplekAuth: geef oidc (productie) of devIdp (ontwikkeling)');
  const material = ensureDevIdpMaterial(options.devIdp.homeRoot);
  await app.register(devIdpPlugin, {
    redis: options.redis,
    origin: options.origin,
    material,
    redirectPath: callbackPath,
    postLogoutRedirectPath: loggedOutPath,
  });
  await app.register(loginRoutes, {
    redis: options.redis,
    origin: options.origin,
    oidc: { issuer: () => `${origin()}/idp`, clientId: material.clientId, clientSecret: material.clientSecret, ca: options.devIdp.ca },
  });
});
