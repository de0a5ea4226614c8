import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError, type ProblemBody } from '../../errors/problem.js';
import { uuidPattern } from '../../ids/uuid.js';
import { auditLogKeys, caseKeys, intakeKeys } from '../../redis/keys.js';
import type { PartnerStatus } from '../../policy/bundle-schema.js';
import { outwardFeedback } from '../../policy/terugmelding.js';
import { maxBatchSize } from '../../intake/schema.js';
import { intakeSignal, intakeSignals, type IntakeOutcome } from '../../intake/service.js';
import type { AppDeps } from '../deps.js';
import { problemResponses, receiptSchema, signalJsonSchema, signedResponse, jsonResponse } from '../openapi-schemas.js';
import { requestSchema } from '../schemas/json-schema.js';
import { batchResultsSchema, ontvangstbewijsSchema, signalParams, signalStatusSchema } from '../schemas/vroegsignalen.js';
import { problemBody } from '../problem.js';
import { problemForTypedError } from '../plugins/errors.js';
import { sendSigned } from '../signed-response.js';
import { authenticateSignedBody, parseJson } from './signal-auth.js';
import { clientOin, registeredPartner } from '../partner-identity.js';
import { apiBasePath } from '../api-version.js';
import { parseCheckpointText } from '../../audit/note.js';
import { RedisNodeSource } from '../../audit/tree-store.js';
import { receiptFromSignalHash } from '../../intake/receipt.js';
import { inclusionAnswer } from './auditlog.js';
import { unknownPartnerType } from '../../metrics/labels.js';

const signedRequestHeaders = {
  type: 'object',
  required: ['digest', 'payload-signature'],
  properties: {
    digest: { type: 'string', description: 'SHA-256=<base64> (RFC 3230); of Content-Digest (RFC 9530)' },
    'payload-signature': { type: 'string', description: 'Detached JWS (CONTRACT §1)' },
  },
};

type BatchResult = { index: number; status: number; receipt?: IntakeOutcome['receipt']; problem?: ProblemBody };

/** A batch's item statuses, for the intake counter: a batch counts per signal, unless it was refused as a whole. */
const batchStatuses = new WeakMap<FastifyRequest, number[]>();

/** The DDAS type of the registered partner the client certificate names; undefined for anyone else. */
function partnerTypeOf(request: FastifyRequest, deps: AppDeps): string | undefined {
  try {
    return deps.partners().byOin(clientOin(request))?.type;
  } catch {
    return undefined;
  }
}

export async function vroegsignalenRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  /** Every intake answer, also those refused before the handler (429, 413): by partner type and status. */
  const countOutcomes = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!deps.metrics) return;
    const type = partnerTypeOf(request, deps) ?? unknownPartnerType;
    const items = batchStatuses.get(request);
    if (!items) return deps.metrics.intakeOutcome(type, reply.statusCode);
    const tally = new Map<number, number>();
    for (const status of items) tally.set(status, (tally.get(status) ?? 0) + 1);
    for (const [status, count] of tally) deps.metrics.intakeOutcome(type, status, count);
  };
  const rateLimit = {
    max: deps.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request: import('fastify').FastifyRequest) => {
      try {
        return `oin:${clientOin(request)}`;
      } catch {
        return `ip:${request.ip}`;
      }
    },
  };

  app.post('/vroegsignalen', {
    bodyLimit: 64 * 1024,
    config: { rateLimit },
    onResponse: countOutcomes,
    schema: {
      summary: 'Een vroegsignaal afgeven',
      operationId: 'postVroegsignaal',
      tags: ['vroegsignalen'],
      headers: signedRequestHeaders,
      body: signalJsonSchema,
      response: {
        202: signedResponse('Ontvangen; het ontvangstbewijs', receiptSchema, { Location: { type: 'string' } }),
        200: signedResponse('Dit signaal was al ontvangen; het oorspronkelijke ontvangstbewijs', receiptSchema),
        ...problemResponses(400, 401, 403, 409, 413, 415, 429),
      },
    },
  }, async (request, reply) => {
    const { partner, digest, body } = await authenticateSignedBody(request, deps);
    const raw = parseJson(body);
    const outcome = await intakeSignal(deps, {
      partner, digest, raw, trace: request.trace, fscTransactionId: fscTransactionId(request.headers),
    });
    if (outcome.status === 202) reply.header('Location', `${apiBasePath}/vroegsignalen/${outcome.receipt.signaalId}`);
    return sendSigned(reply, deps.receiptSigners[0]!, outcome.status, outcome.receipt, deps.clock());
  });

  app.post('/vroegsignalen/_batch', {
    bodyLimit: 4 * 1024 * 1024,
    config: { rateLimit },
    onResponse: countOutcomes,
    schema: {
      summary: `Tot ${maxBatchSize} vroegsignalen in één ondertekende body`,
      operationId: 'postVroegsignalenBatch',
      tags: ['vroegsignalen'],
      headers: signedRequestHeaders,
      body: { type: 'array', minItems: 1, maxItems: maxBatchSize, items: signalJsonSchema },
      response: {
        200: signedResponse('Eén resultaat per signaal, in volgorde', batchResultsSchema),
        ...problemResponses(400, 401, 413, 415, 429),
      },
    },
  }, async (request, reply) => {
    const { partner, body } = await authenticateSignedBody(request, deps);
    const items = parseJson(body);
    if (!Array.isArray(items) || items.length === 0 || items.length > maxBatchSize) {
      throw new ProblemError('ongeldige-invoer', `Verwacht een JSON-array van 1 tot ${maxBatchSize} signalen`, {
        errors: [{ pointer: '', code: 'ongeldige-batch', detail: `Verwacht een array van 1 tot ${maxBatchSize} signalen` }],
      });
    }
    const fsc = fscTransactionId(request.headers);
    // No digest: intake names each item's canonical JSON, once it has checked it can.
    const outcomes = await intakeSignals(deps, { partner, raw: undefined, trace: request.trace, fscTransactionId: fsc }, items);
    const results: BatchResult[] = outcomes.map((outcome, index) => {
      if (!(outcome instanceof Error)) return { index, status: outcome.status, receipt: outcome.receipt };
      const typed = outcome instanceof ProblemError ? outcome : problemForTypedError(outcome);
      const problemError = typed ?? new ProblemError('tijdelijk-niet-beschikbaar', 'Dit signaal is mogelijk niet opgeslagen; herhaal het met hetzelfde id (dat is veilig)');
      if (!typed) request.log.error({ err: { type: outcome.name, message: outcome.message } }, 'batch-item mislukt');
      return { index, status: problemError.status, problem: problemBody(problemError, request) };
    });
    batchStatuses.set(request, results.map((r) => r.status));
    return sendSigned(reply, deps.receiptSigners[0]!, 200, results, deps.clock());
  });

  app.get('/vroegsignalen/:signaalId/ontvangstbewijs', {
    schema: {
      summary: 'Het ontvangstbewijs met een inclusiebewijs tegen een ondertekend checkpoint',
      operationId: 'getOntvangstbewijs',
      tags: ['vroegsignalen'],
      params: requestSchema(signalParams),
      response: {
        200: signedResponse('Ontvangstbewijs; `bewijs` en `checkpoint` zodra het auditlog het record heeft opgenomen', ontvangstbewijsSchema),
        ...problemResponses(400, 401, 404),
      },
    },
  }, async (request, reply) => {
    const { oin } = registeredPartner(request, deps.partners());
    const signal = await ownSignal(deps, oin, (request.params as { signaalId: string }).signaalId);
    const receipt = receiptFromSignalHash(signal)!;
    const note = await deps.redis.get(auditLogKeys.checkpoint);
    const checkpoint = note ? parseCheckpointText(note) : undefined;
    const body: Record<string, unknown> = { ontvangstbewijs: receipt };
    if (note && checkpoint && receipt.auditlog.index < checkpoint.size) {
      body.bewijs = await inclusionAnswer(new RedisNodeSource(deps.redis), receipt.auditlog.index, checkpoint.size);
      body.checkpoint = note;
    } else {
      // Not yet sequenced (normally well under a second): ask again shortly.
      reply.header('Retry-After', '1');
    }
    return sendSigned(reply, deps.receiptSigners[0]!, 200, body, deps.clock());
  });

  app.get('/vroegsignalen/:signaalId', {
    schema: {
      summary: 'De status van een eigen signaal (beperkte terugkoppeling)',
      operationId: 'getVroegsignaal',
      tags: ['vroegsignalen'],
      params: requestSchema(signalParams),
      response: {
        200: jsonResponse('Status', signalStatusSchema),
        ...problemResponses(400, 401, 404),
      },
    },
  }, async (request, reply) => {
    const { oin } = registeredPartner(request, deps.partners());
    const { signaalId } = request.params as { signaalId: string };
    const signal = await ownSignal(deps, oin, signaalId);
    // The same stored status and the same policy as the pushed terugmelding (notifications/feedback.ts),
    // so polling and the callback never tell a partner different things.
    const status = (signal.status ?? 'ontvangen') as PartnerStatus;
    const eindresultaat = status === 'in behandeling' && signal.zaakId ? await deps.redis.hget(caseKeys.case(signal.zaakId), 'eindresultaat') : null;
    const view = outwardFeedback(deps.policy().bundle.terugmelding, status, eindresultaat ?? undefined);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({
      signaalId, id: signal.id, status: view.status, ...(view.eindresultaat !== undefined ? { eindresultaat: view.eindresultaat } : {}),
    }));
  });
}

async function ownSignal(deps: AppDeps, oin: string, signaalId: string): Promise<Record<string, string>> {
  const signal = uuidPattern.test(signaalId) ? await deps.redis.hgetall(intakeKeys.signal(signaalId)) : {};
  // Someone else's signal is indistinguishable from a missing one: its existence is not theirs to learn.
  if (signal.partnerOin !== oin) throw new ProblemError('niet-gevonden', 'Geen signaal met dit id van deze signaalpartner');
  return signal;
}

function fscTransactionId(headers: import('node:http').IncomingHttpHeaders): string | undefined {
  const value = headers['fsc-transaction-id'];
  const id = Array.isArray(value) ? value[0] : value;
  return id && /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : undefined;
}

