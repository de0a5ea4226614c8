import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordsAboutPerson } from '../../audit/person-search.js';
import { queryRecords, totals, InvalidCursorError, type RecordQuery } from '../../audit/query.js';
import type { Caller } from '../../auth/claims.js';
import { ProblemError } from '../../errors/problem.js';
import { jsonPointer } from '../../intake/validate.js';
import type { AppDeps } from '../deps.js';
import { jsonResponse, problemResponses } from '../openapi-schemas.js';
import { auditInzageSchema, filterSchema, pageSchema, searchSchema, totalsQuerySchema, totalsSchema } from '../schemas/auditlog.js';
import { identitySchema } from '../schemas/inwoners.js';
import { requestSchema } from '../schemas/json-schema.js';
import { parseJson } from './signal-auth.js';
import { gatewayWideGemeentecode } from './auditlog.js';

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ProblemError('ongeldige-invoer', 'De zoekvraag is ongeldig', {
    errors: parsed.error.issues.map((i) => ({ pointer: jsonPointer(i.path), code: i.code === 'unrecognized_keys' ? 'onbekend-veld' : 'ongeldig', detail: i.message })),
  });
}

const scopeOf = (caller: Caller) => (caller.gemeentecode === gatewayWideGemeentecode ? undefined : caller.gemeentecode);

function toQuery(caller: Caller, f: z.infer<typeof searchSchema>): RecordQuery {
  const scope = scopeOf(caller);
  return {
    ...(f.van ? { van: new Date(f.van) } : {}), ...(f.tot ? { tot: new Date(f.tot) } : {}),
    ...(f.activiteit ? { activiteit: f.activiteit } : {}), ...(f.besluit ? { besluit: f.besluit } : {}),
    ...(f.reden ? { reden: f.reden } : {}), ...(f.partner ? { partner: f.partner } : {}),
    ...(f.pseudoniem ? { pseudoniem: f.pseudoniem } : {}), ...(f.cursor ? { cursor: f.cursor } : {}),
    ...(scope ? { gemeentecode: scope } : {}), limiet: f.limiet,
  };
}

async function runQuery(deps: AppDeps, q: RecordQuery) {
  try {
    return await queryRecords(deps.redis, q);
  } catch (err) {
    if (err instanceof InvalidCursorError) throw new ProblemError('ongeldige-invoer', 'Ongeldige cursor', { errors: [{ pointer: '/cursor', code: 'ongeldig', detail: 'gebruik de waarde van volgende' }] });
    throw err;
  }
}

/** The privacy officer's questions: filtered records, totals, and a resident's access request. */
export async function auditlogQueryRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const querystring = requestSchema(filterSchema);

  app.get('/auditlog/records', {
    config: { roles: ['privacy-officer'] },
    schema: { summary: 'Records gefilterd op tijd, verwerkingsactiviteit, besluit, reden en partner; per pagina', operationId: 'getAuditRecords',
      tags: ['auditlog'], security: [{ bearer: [] }], querystring,
      response: { 200: jsonResponse('Pagina records', pageSchema), ...problemResponses(400, 401, 403) } },
  }, async (request, reply) => {
    const caller = request.caller;
    const page = await runQuery(deps, toQuery(caller, parse(searchSchema.omit({ pseudoniem: true }), request.query)));
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(page));
  });

  // A pseudonym is personal data (EDPB 01/2025), so it is a body field, never a query string.
  app.post('/auditlog/records/_zoeken', {
    config: { roles: ['privacy-officer'] },
    schema: { summary: 'Als GET /auditlog/records, met pseudoniem in de body', operationId: 'zoekAuditRecords', tags: ['auditlog'], security: [{ bearer: [] }],
      body: requestSchema(searchSchema),
      response: { 200: jsonResponse('Pagina records', pageSchema), ...problemResponses(400, 401, 403, 415) } },
  }, async (request, reply) => {
    const caller = request.caller;
    const page = await runQuery(deps, toQuery(caller, parse(searchSchema, bodyOf(request))));
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(page));
  });

  app.get('/auditlog/totalen', {
    config: { roles: ['privacy-officer'] },
    schema: { summary: 'Aantallen per verwerkingsactiviteit, besluit en reden over een periode (hele dagen, UTC)', operationId: 'getAuditTotalen',
      tags: ['auditlog'], security: [{ bearer: [] }],
      querystring: requestSchema(totalsQuerySchema),
      response: { 200: jsonResponse('Totalen', totalsSchema),
        ...problemResponses(400, 401, 403) } },
  }, async (request, reply) => {
    const caller = request.caller;
    const { van, tot } = parse(totalsQuerySchema, request.query);
    const result = await totals(deps.redis, scopeOf(caller) ?? 'alle', van, tot);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({ van, tot, ...result }));
  });

  app.post('/auditlog/_inzage', {
    config: { roles: ['privacy-officer'] },
    schema: { summary: 'Inzageverzoek (AVG art. 15): identiteit in de body, alle records over die persoon in het antwoord', operationId: 'inzage',
      tags: ['auditlog'], security: [{ bearer: [] }],
      body: requestSchema(identitySchema),
      response: { 200: jsonResponse('Records per pseudoniem', auditInzageSchema),
        ...problemResponses(400, 401, 403, 415) } },
  }, async (request, reply) => {
    const caller = request.caller;
    const identity = parse(identitySchema, bodyOf(request));
    const answer = await recordsAboutPerson(deps, caller, identity, request.trace);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(answer));
  });
}

function bodyOf(request: FastifyRequest): unknown {
  return parseJson(Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
}
