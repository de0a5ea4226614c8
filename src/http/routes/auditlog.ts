import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { auditLogKeys } from '../../redis/keys.js';
import { consistencyProof, inclusionProof, type NodeSource } from '../../audit/merkle.js';
import { verifierKeyString } from '../../audit/note.js';
import { RedisNodeSource, sequencedSize } from '../../audit/tree-store.js';
import { gatewayWideGemeentecode, type Caller } from '../../auth/claims.js';
import { ProblemError } from '../../errors/problem.js';
import type { AppDeps } from '../deps.js';
import { jsonResponse, problemResponses } from '../openapi-schemas.js';
import { bladerenSchema, checkpointsSchema, consistencySchema, inclusionQuery, inclusionSchema, indexParams, rangeQuery, recordSchema } from '../schemas/auditlog.js';
import { requestSchema } from '../schemas/json-schema.js';
import { readContent } from '../../audit/content.js';

export { gatewayWideGemeentecode } from '../../auth/claims.js';

const textResponse = (description: string) => ({
  description,
  headers: { 'API-Version': { type: 'string' } },
  content: { 'text/plain': { schema: { type: 'string' } } },
});

function nonNegativeInt(value: unknown, name: string): number {
  const n = typeof value === 'string' && /^(0|[1-9][0-9]{0,15})$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new ProblemError('ongeldige-invoer', `${name} moet een geheel getal ≥ 0 zijn`, { errors: [{ pointer: `/${name}`, code: 'ongeldig-formaat', detail: 'verwacht een geheel getal ≥ 0' }] });
  }
  return n;
}

const sendJson = (reply: FastifyReply, body: unknown) => reply.type('application/json; charset=utf-8').send(JSON.stringify(body));

/** Whether this officer may see a record: gateway-wide officers all, municipal officers their own. */
function visibleTo(caller: Pick<Caller, 'gemeentecode'>, record: Record<string, unknown> | undefined): boolean {
  if (caller.gemeentecode === gatewayWideGemeentecode) return true;
  const attributes = (record?.attributes ?? {}) as Record<string, unknown>;
  return attributes['vroegsignaal.gemeentecode'] === caller.gemeentecode;
}

export async function auditlogRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const nodes = new RedisNodeSource(deps.redis);

  app.get('/auditlog/records/:index', {
    config: { roles: ['privacy-officer'] },
    schema: {
      summary: 'Eén record met salt en bladhash (inhoud afwezig na verwijdering)', operationId: 'getAuditRecord', tags: ['auditlog'], security: [{ bearer: [] }],
      params: requestSchema(indexParams),
      response: {
        200: jsonResponse('Record', recordSchema),
        ...problemResponses(400, 401, 403, 404),
      },
    },
  }, async (request, reply) => {
    return sendJson(reply, await recordAnswer(deps.redis, nodes, request.caller, (request.params as { index: string }).index));
  });

  app.get('/auditlog/records/:index/bewijs', {
    config: { roles: ['privacy-officer'] },
    schema: {
      summary: 'RFC 9162-inclusiebewijs tegen boomgrootte N', operationId: 'getInclusiebewijs', tags: ['auditlog'], security: [{ bearer: [] }],
      params: requestSchema(indexParams),
      querystring: requestSchema(inclusionQuery),
      response: {
        200: jsonResponse('Inclusiebewijs', inclusionSchema),
        ...problemResponses(400, 401, 403, 404),
      },
    },
  }, async (request, reply) => {
    sendJson(reply, await inclusionProofAnswer(deps.redis, nodes, (request.params as { index: string }).index, (request.query as { grootte?: string }).grootte));
  });

  app.get('/auditlog/consistentie', {
    config: { roles: ['privacy-officer'] },
    schema: {
      summary: 'RFC 9162-consistentiebewijs tussen twee boomgroottes', operationId: 'getConsistentiebewijs', tags: ['auditlog'], security: [{ bearer: [] }],
      querystring: requestSchema(rangeQuery),
      response: {
        200: jsonResponse('Consistentiebewijs', consistencySchema),
        ...problemResponses(400, 401, 403, 404),
      },
    },
  }, async (request, reply) => {
    const query = request.query as { van?: string; tot?: string };
    const van = nonNegativeInt(query.van, 'van');
    const tot = nonNegativeInt(query.tot, 'tot');
    if (van > tot) throw new ProblemError('ongeldige-invoer', 'van mag niet groter zijn dan tot', { errors: [{ pointer: '/van', code: 'te-groot', detail: 'van ≤ tot' }] });
    const size = await sequencedSize(deps.redis);
    if (tot > size) throw new ProblemError('niet-gevonden', `De boom heeft nog maar ${size} bladeren`);
    sendJson(reply, { van, tot, bewijs: (await consistencyProof(nodes, van, tot)).map((h) => h.toString('base64')) });
  });
}

/**
 * What `GET /v1/auditlog/records/:index` answers: the record (null once its content is deleted),
 * its salt and leaf hash. Also the Werkplek's, for the officer's browser to check the leaf itself.
 */
export async function recordAnswer(redis: Redis, nodes: NodeSource, caller: Pick<Caller, 'gemeentecode'>, indexText: string) {
  const index = nonNegativeInt(indexText, 'index');
  if (index >= (await sequencedSize(redis))) throw new ProblemError('niet-gevonden', 'Dit record is (nog) niet in de boom opgenomen');
  const content = (await readContent(redis, [index])).get(index);
  const [json, salt] = content && 'json' in content ? [content.json, content.salt] : [undefined, undefined];
  const record = json ? (JSON.parse(json) as Record<string, unknown>) : undefined;
  // Without content nobody can tell whose record it was; only gateway-wide officers see such leaves.
  if (!visibleTo(caller, record)) throw new ProblemError('niet-gevonden', 'Geen record met deze index');
  const leafHash = (await nodes.node(0, index)).toString('base64');
  return { index, record: record ?? null, salt: salt ?? null, leafHash };
}

/** What `GET /v1/auditlog/records/:index/bewijs[?grootte=N]` answers (the tree's size without N). */
export async function inclusionProofAnswer(redis: Redis, nodes: NodeSource, indexText: string, grootteText: string | undefined) {
  const index = nonNegativeInt(indexText, 'index');
  const size = await sequencedSize(redis);
  const grootte = grootteText === undefined ? size : nonNegativeInt(grootteText, 'grootte');
  if (grootte > size) throw new ProblemError('niet-gevonden', `De boom heeft nog maar ${size} bladeren`);
  if (index >= grootte) throw new ProblemError('ongeldige-invoer', 'index moet kleiner zijn dan grootte', { errors: [{ pointer: '/grootte', code: 'te-klein', detail: 'grootte moet groter zijn dan index' }] });
  return inclusionAnswer(nodes, index, grootte);
}

/** The latest signed checkpoint (C2SP tlog-checkpoint), as `GET /v1/auditlog/checkpoint` answers it. */
export async function latestCheckpoint(redis: Redis): Promise<string> {
  const note = await redis.get(auditLogKeys.checkpoint);
  if (!note) throw new ProblemError('niet-gevonden', 'Er is nog geen checkpoint gepubliceerd');
  return note;
}

export async function inclusionAnswer(nodes: NodeSource, index: number, grootte: number) {
  const [leaf, proof] = await Promise.all([nodes.node(0, index), inclusionProof(nodes, index, grootte)]);
  return { index, grootte, leafHash: leaf.toString('base64'), bewijs: proof.map((h) => h.toString('base64')) };
}

/** Public transparency material: the latest checkpoint and its verifier key, every checkpoint, and the leaf hashes, for `audit verify <url>`. */
export async function auditlogPublicRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/auditlog/checkpoint', {
    schema: { summary: 'Het laatste ondertekende checkpoint (C2SP tlog-checkpoint)', operationId: 'getCheckpoint', tags: ['auditlog'],
      response: { 200: textResponse('Signed note'), ...problemResponses(404) } },
  }, async (_request, reply) => {
    return reply.type('text/plain; charset=utf-8').send(await latestCheckpoint(deps.redis));
  });

  app.get('/auditlog/sleutel', {
    schema: { summary: 'De verificatiesleutel van de checkpoints (note-formaat)', operationId: 'getCheckpointSleutel', tags: ['auditlog'],
      response: { 200: textResponse('<naam>+<hex keyhash>+<base64(0x01‖pubkey)>'), ...problemResponses() } },
  }, async (_request, reply) => reply.type('text/plain; charset=utf-8').send(`${verifierKeyString(deps.checkpointSigner)}\n`));

  app.get('/auditlog/checkpoints', {
    schema: { summary: 'Alle gepubliceerde checkpoints, op grootte', operationId: 'getCheckpoints', tags: ['auditlog'],
      response: { 200: jsonResponse('Checkpoints', checkpointsSchema), ...problemResponses() } },
  }, async (_request, reply) => {
    const all = await deps.redis.hgetall(auditLogKeys.checkpoints);
    const list = Object.entries(all).map(([n, note]) => ({ grootte: Number(n), checkpoint: note })).sort((a, b) => a.grootte - b.grootte);
    return sendJson(reply, list);
  });

  app.get('/auditlog/bladeren', {
    schema: { summary: 'RFC 9162-bladhashes [van, tot), hoogstens 10.000 per keer (geen inhoud)', operationId: 'getBladeren', tags: ['auditlog'],
      querystring: requestSchema(rangeQuery),
      response: { 200: jsonResponse('Bladhashes', bladerenSchema), ...problemResponses(400, 404) } },
  }, async (request, reply) => {
    const query = request.query as { van?: string; tot?: string };
    const van = nonNegativeInt(query.van, 'van');
    const tot = nonNegativeInt(query.tot, 'tot');
    if (tot < van || tot - van > 10_000) throw new ProblemError('ongeldige-invoer', 'van ≤ tot en hoogstens 10.000 bladeren', { errors: [{ pointer: '/tot', code: 'te-groot', detail: 'hoogstens 10.000 per verzoek' }] });
    const size = await sequencedSize(deps.redis);
    if (tot > size) throw new ProblemError('niet-gevonden', `De boom heeft nog maar ${size} bladeren`);
    const bytes = tot === van ? Buffer.alloc(0) : await deps.redis.getrangeBuffer(auditLogKeys.level(0), van * 32, tot * 32 - 1);
    const bladeren = Array.from({ length: tot - van }, (_, i) => bytes.subarray(i * 32, i * 32 + 32).toString('base64'));
    return sendJson(reply, { van, bladeren });
  });
}
