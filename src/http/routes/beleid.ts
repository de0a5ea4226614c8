import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { requireCaller } from '../caller.js';
import { jsonResponse, problemResponses } from '../openapi-schemas.js';
import { beleidSchema } from '../schemas/beleid.js';

export async function beleidRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/beleid', {
    schema: {
      summary: 'Het geldende beleid (verwerkingsregister, regels per signaalpartner, bewaartermijnen, gemeenten) met zijn revisie',
      operationId: 'getBeleid',
      tags: ['beleid'],
      security: [{ bearer: [] }],
      response: {
        200: jsonResponse('Beleidsbundel', beleidSchema),
        ...problemResponses(400, 401, 403),
      },
    },
  }, async (request, reply) => {
    await requireCaller(request, deps, ['privacy-officer', 'beheerder']);
    const { bundle, revision } = deps.policy();
    // The bundle holds rules and public facts only; keys live in the keystore, never here.
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({
      revisie: revision,
      verwerkingsactiviteiten: bundle.activiteiten,
      signaalpartners: bundle.types,
      bewaartermijnen: bundle.termijnen,
      gemeenten: bundle.gemeenten,
    }));
  });
}
