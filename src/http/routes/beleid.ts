import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../../errors/problem.js';
import type { AppDeps } from '../deps.js';
import { jsonResponse, problemResponses } from '../openapi-schemas.js';
import { beleidSchema, herladenSchema } from '../schemas/beleid.js';

export async function beleidRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/beleid', {
    config: { roles: ['privacy-officer', 'beheerder'] },
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
  }, async (_request, reply) => {
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

  // An action, not a resource (ADR: `_` verbs): what SIGHUP does, for an operator without a shell
  // on the machine. With several listener processes the background process reloads and records
  // it once, then every listener; the answer waits for that.
  app.post('/beleid/_herladen', {
    config: { roles: ['beheerder'] },
    schema: {
      summary: 'Herlaad de beleidsbundel uit de beleidsmap (als SIGHUP); een ongeldige bundel wordt geweigerd en de vorige blijft gelden',
      operationId: 'herlaadBeleid',
      tags: ['beleid'],
      security: [{ bearer: [] }],
      response: {
        200: jsonResponse('Herladen; het herladen staat als besluit `beleid/herladen` in het auditlog', herladenSchema),
        ...problemResponses(400, 401, 403),
      },
    },
  }, async (_request, reply) => {
    if (!deps.reloadPolicy) throw new ProblemError('geen-toegang', 'Deze gateway kan het beleid niet via de API herladen; gebruik SIGHUP');
    // A broken bundle throws PolicyBundleError: 400 beleid-ongeldig listing its findings (plugins/errors.ts).
    const { from, to } = await deps.reloadPolicy();
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({ vorigeRevisie: from, revisie: to }));
  });
}
