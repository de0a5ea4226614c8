import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { apiVersion } from '../api-version.js';

/**
 * The ADR security headers on every response, errors and 404s included. helmet supplies the
 * standard ones; `Cache-Control: no-store` because receipts and case data must not linger in
 * any intermediary cache.
 */
export const securityHeadersPlugin = fp(async (app: FastifyInstance) => {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    noSniff: true,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('API-Version', apiVersion);
    // A page's stylesheet under a content-hash address may be cached; everything else never.
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });
});
