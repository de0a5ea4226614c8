import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError } from '../../errors/problem.js';

/** Every answer is JSON (or problem+json); an Accept that rules both out gets 406 (ADR). */
function acceptsJson(accept: string): boolean {
  return accept.split(',').some((part) => {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    if (params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p))) return false;
    return ['*/*', 'application/*', 'application/json', 'application/problem+json'].includes(range.trim());
  });
}

export const acceptPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', async (request) => {
    // The API answers JSON; the Werkplek's pages (staff listener, outside /v1) answer HTML.
    if (!request.url.startsWith('/v1/')) return;
    const accept = request.headers.accept;
    if (accept && !acceptsJson(accept)) throw new ProblemError('niet-acceptabel', 'Deze API levert application/json en application/problem+json');
  });
});
