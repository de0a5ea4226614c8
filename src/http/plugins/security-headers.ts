import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import { apiVersion } from '../api-version.js';

/**
 * The ADR security headers on every response, errors and 404s included. helmet supplies the
 * standard ones; `Cache-Control: no-store` because receipts and case data must not linger in
 * any intermediary cache.
 *
 * helmet's middleware is built once here. @fastify/helmet built it again for every request
 * (its CSP directives parsed and checked each time), which cost a request more than the
 * headers themselves; no route has options of its own or CSP nonces, so one instance serves all.
 */
export const securityHeadersPlugin = fp(async (app: FastifyInstance) => {
  const setHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    noSniff: true,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', (request, reply, done) => {
    setHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('API-Version', apiVersion);
    // A page's stylesheet under a content-hash address may be cached; everything else never.
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });
});
