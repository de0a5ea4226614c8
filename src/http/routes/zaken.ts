import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { workerService, type ActorRequest } from '../../cases/worker-service.js';
import { caseView } from '../../cases/view.js';
import { ProblemError } from '../../errors/problem.js';
import type { AppDeps } from '../deps.js';
import { emptyResponse, jsonResponse, problemResponses } from '../openapi-schemas.js';
import { requestSchema } from '../schemas/json-schema.js';
import { attemptSchema, caseViewSchema, closeSchema, contactgegevensSchema, termijnenSchema, zaakParams } from '../schemas/zaken.js';
import { parseJson } from './signal-auth.js';

const params = requestSchema(zaakParams);

function parseBody<T>(schema: z.ZodType<T>, request: FastifyRequest): T {
  const body = parseJson(Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new ProblemError('ongeldige-invoer', 'De invoer is ongeldig', {
    errors: parsed.error.issues.map((i) => ({ pointer: '/' + i.path.join('/'), code: i.code === 'unrecognized_keys' ? 'onbekend-veld' : 'ongeldig', detail: i.message })),
  });
}

const send = (reply: FastifyReply, body: unknown, status = 200) => reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));

/** The bearer token's caller as the service's actor, with this request's trace and id. */
const actorRequest = (request: FastifyRequest): ActorRequest => ({ actor: request.caller, trace: request.trace, requestId: String(request.id) });
const zaakIdOf = (request: FastifyRequest) => (request.params as { zaakId: string }).zaakId;

/** Workers of a municipality work its cases (cases/worker-service.ts); another municipality's case does not exist for them (404). */
export async function zakenRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const cases = workerService(deps);

  app.post('/zaken/_oppakken', {
    config: { roles: ['schuldhulpverlener'] },
    schema: { summary: 'De volgende zaak van mijn gemeente oppakken (crisis eerst, dan aanbodtermijn)', operationId: 'zaakOppakken', tags: ['zaken'], security: [{ bearer: [] }],
      response: { 200: jsonResponse('De opgepakte zaak', caseViewSchema), 204: emptyResponse('Geen zaak beschikbaar'), ...problemResponses(400, 401, 403) } },
  }, async (request, reply) => {
    const claimed = await cases.claimNext(actorRequest(request));
    if (!claimed) return reply.code(204).send();
    return send(reply, claimed);
  });

  app.get('/zaken/termijnen', {
    config: { roles: ['schuldhulpverlener', 'beheerder'] },
    schema: { summary: 'Aantallen open en opgepakte zaken van mijn gemeente, en hoeveel hun aanbodtermijn overschreden', operationId: 'getTermijnen',
      tags: ['zaken'], security: [{ bearer: [] }],
      response: { 200: jsonResponse('Termijnoverzicht', termijnenSchema), ...problemResponses(400, 401, 403) } },
  }, async (request, reply) => {
    const caller = request.caller;
    const now = deps.clock();
    const views = (await cases.openCaseHashes(caller)).map((h) => caseView(h, now, caller.sub));
    return send(reply, {
      gemeentecode: caller.gemeentecode,
      open: views.filter((v) => v.status === 'open').length,
      opgepakt: views.filter((v) => v.status === 'opgepakt').length,
      crisis: views.filter((v) => v.crisissignaal).length,
      termijnVerstreken: views.filter((v) => v.termijnVerstreken).length,
    });
  });

  app.get('/zaken/:zaakId', {
    config: { roles: ['schuldhulpverlener'] },
    schema: { summary: 'Een zaak: pseudonieme samenvatting, signalen, status, termijnen', operationId: 'getZaak', tags: ['zaken'], security: [{ bearer: [] }], params,
      response: { 200: jsonResponse('Zaak', caseViewSchema), ...problemResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    return send(reply, await cases.view(request.caller, zaakIdOf(request)));
  });

  app.get('/zaken/:zaakId/contactgegevens', {
    config: { roles: ['schuldhulpverlener'] },
    schema: { summary: 'Ontsleutelde contactgegevens; alleen voor wie de zaak heeft opgepakt, elke opvraging wordt vastgelegd', operationId: 'getContactgegevens',
      tags: ['zaken'], security: [{ bearer: [] }], params,
      response: { 200: jsonResponse('Contactgegevens', contactgegevensSchema), ...problemResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    return send(reply, await cases.revealContact(actorRequest(request), zaakIdOf(request)));
  });

  app.post('/zaken/:zaakId/contactpogingen', {
    config: { roles: ['schuldhulpverlener'] },
    schema: { summary: 'Een contactpoging vastleggen (DDAS)', operationId: 'postContactpoging', tags: ['zaken'], security: [{ bearer: [] }], params,
      body: requestSchema(attemptSchema),
      response: { 201: jsonResponse('De zaak met de nieuwe poging', caseViewSchema), ...problemResponses(400, 401, 403, 404, 409, 415) } },
  }, async (request, reply) => {
    const zaakId = zaakIdOf(request);
    const attempt = parseBody(attemptSchema, request);
    return send(reply, await cases.recordAttempt(actorRequest(request), zaakId, attempt), 201);
  });

  app.post('/zaken/:zaakId/_vrijgeven', {
    config: { roles: ['schuldhulpverlener'] },
    schema: { summary: 'De zaak teruggeven aan de wachtrij', operationId: 'zaakVrijgeven', tags: ['zaken'], security: [{ bearer: [] }], params,
      response: { 200: jsonResponse('De zaak', caseViewSchema), ...problemResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    return send(reply, await cases.release(actorRequest(request), zaakIdOf(request)));
  });

  app.post('/zaken/:zaakId/_afsluiten', {
    config: { roles: ['schuldhulpverlener'] },
    schema: { summary: 'De zaak afsluiten met een eindresultaat (DDAS); start de bewaartermijn', operationId: 'zaakAfsluiten', tags: ['zaken'], security: [{ bearer: [] }], params,
      body: requestSchema(closeSchema),
      response: { 200: jsonResponse('De afgesloten zaak', caseViewSchema), ...problemResponses(400, 401, 403, 404, 409, 415) } },
  }, async (request, reply) => {
    const zaakId = zaakIdOf(request);
    const { eindresultaat } = parseBody(closeSchema, request);
    return send(reply, await cases.close(actorRequest(request), zaakId, eindresultaat));
  });
}
