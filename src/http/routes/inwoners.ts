import type { FastifyInstance, FastifyRequest } from 'fastify';
import { eraseResidentFromCase } from '../../cases/erase.js';
import { caseKeys } from '../../redis/keys.js';
import { ProblemError } from '../../errors/problem.js';
import { accessRequest } from '../../residents/access-request.js';
import { casesOfPerson, residentRequestRecords } from '../../residents/find-cases.js';
import type { AppDeps } from '../deps.js';
import { jsonResponse, problemResponses } from '../openapi-schemas.js';
import { identitySchema, inzageSchema, wissenSchema } from '../schemas/inwoners.js';
import { requestSchema } from '../schemas/json-schema.js';
import { parseJson } from './signal-auth.js';

const bodySchema = requestSchema(identitySchema);

/**
 * A resident's rights (AVG art. 15 and 17), exercised through a privacy officer or beheerder:
 * identity in the body (never a URL), pseudonyms per municipality and key, then the cases.
 */
export async function inwonersRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  function identity(request: FastifyRequest) {
    const parsed = identitySchema.safeParse(parseJson(Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)));
    if (parsed.success) return parsed.data;
    throw new ProblemError('ongeldige-invoer', 'Identiteit ongeldig', { errors: parsed.error.issues.map((i) => ({ pointer: '/' + i.path.join('/'), code: 'ongeldig', detail: i.message })) });
  }

  app.post('/inwoners/_inzage', {
    config: { roles: ['privacy-officer'] },
    schema: { summary: 'Inzage (AVG art. 15): de gegevens over een inwoner, ontsleuteld voor de privacy officer, met de verwerkingen',
      operationId: 'inwonerInzage', tags: ['inwoners'], security: [{ bearer: [] }], body: bodySchema,
      response: { 200: jsonResponse('Gegevens en verwerkingen', inzageSchema),
        ...problemResponses(400, 401, 403, 415) } },
  }, async (request, reply) => {
    const answer = await accessRequest(deps, request.caller, identity(request), request.trace);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(answer));
  });

  app.post('/inwoners/_wissen', {
    config: { roles: ['privacy-officer', 'beheerder'] },
    schema: { summary: 'Wissen (AVG art. 17): de contactgegevens van deze inwoner verwijderd uit al zijn zaken; een zaak gaat uit de wachtrij zodra er van niemand meer contactgegevens in staan',
      operationId: 'inwonerWissen', tags: ['inwoners'], security: [{ bearer: [] }], body: bodySchema,
      response: { 200: jsonResponse('Wat is gewist', wissenSchema), ...problemResponses(400, 401, 403, 415) } },
  }, async (request, reply) => {
    const caller = request.caller;
    const found = await casesOfPerson(deps, caller, identity(request));
    const now = deps.clock();
    const erased: string[] = [];
    for (const c of found) {
      // The address pseudonym never changes for a case: read once, the script checks the rest.
      const adresPseudonym = await deps.redis.hget(caseKeys.case(c.zaakId), 'adresPseudonym');
      if (!adresPseudonym) continue;
      const result = await eraseResidentFromCase(deps.redis, {
        zaakId: c.zaakId, gemeentecode: c.gemeentecode, adresPseudonym, persoonPseudonyms: c.pseudonyms, now,
        records: residentRequestRecords(request.trace, 'gewist-op-verzoek', c, now, deps.policy().bundle.termijnen.auditInhoud.duur),
      });
      if (!result.found) continue;
      erased.push(c.zaakId);
    }
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({ zaken: erased }));
  });
}
