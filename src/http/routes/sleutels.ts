import type { FastifyInstance } from 'fastify';
import { jwks } from '../../intake/receipt-key.js';
import type { AppDeps } from '../deps.js';
import { jsonResponse, problemResponses } from '../openapi-schemas.js';
import { jwksSchema } from '../schemas/sleutels.js';

export async function sleutelsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const body = JSON.stringify(jwks(deps.receiptSigners));
  app.get('/sleutels', {
    schema: {
      summary: 'Publieke sleutels waarmee de gateway ontvangstbewijzen ondertekent (JWKS)',
      operationId: 'getSleutels',
      tags: ['sleutels'],
      response: {
        200: jsonResponse('JWKS', jwksSchema),
        ...problemResponses(),
      },
    },
  }, async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
}
