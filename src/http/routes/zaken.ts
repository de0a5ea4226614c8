import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { appendAuditRecords } from '../../audit/append.js';
import { sealRecord } from '../../audit/leaf.js';
import { processingRecord, type ProcessingRecord } from '../../audit/records.js';
import { childSpan } from '../../audit/trace.js';
import type { Caller } from '../../auth/claims.js';
import { partnerStatusAfterClose } from '../../cases/ddas.js';
import { caseKeys } from '../../cases/keys.js';
import { caseView } from '../../cases/view.js';
import { ProblemError } from '../../errors/problem.js';
import { uuidPattern } from '../../ids/uuid.js';
import { intakeKeys } from '../../intake/keys.js';
import { claimNext, releaseClaim, renewLease } from '../../outreach/claims.js';
import { leaseEnd } from '../../outreach/deadlines.js';
import { outreachKeys } from '../../outreach/keys.js';
import { closedCaseExpiry } from '../../retention/expiry.js';
import { decryptContactDetails, rewrapDataKey, type EncryptedContact } from '../../privacy/envelope.js';
import { periodKeyFor } from '../../privacy/period-keys.js';
import { caseFactsExpiryKey, contactExpiryKey } from '../../retention/case-facts.js';
import { requireCaller } from '../caller.js';
import type { AppDeps } from '../deps.js';
import { emptyResponse, jsonResponse, problemResponses } from '../openapi-schemas.js';
import { requestSchema } from '../schemas/json-schema.js';
import { attemptSchema, caseViewSchema, closeSchema, contactgegevensSchema, termijnenSchema, zaakParams } from '../schemas/zaken.js';
import { parseJson } from './signal-auth.js';

const activity = 'urn:vroegsignaal:verwerking:contact-opnemen';
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

/** Workers of a municipality work its cases: another municipality's case does not exist for them (404). */
export async function zakenRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const worker = (request: FastifyRequest) => requireCaller(request, deps, ['schuldhulpverlener']);

  async function ownCase(caller: Caller, zaakId: string): Promise<Record<string, string>> {
    const h = uuidPattern.test(zaakId) ? await deps.redis.hgetall(caseKeys.case(zaakId)) : {};
    if (h.gemeentecode !== caller.gemeentecode) throw new ProblemError('niet-gevonden', 'Geen zaak met dit id in uw gemeente');
    return h;
  }

  /** Acting on a case needs the claim; acting renews it. */
  async function claimedCase(caller: Caller, zaakId: string): Promise<Record<string, string>> {
    const h = await ownCase(caller, zaakId);
    if (!(await renewLease(deps.redis, caller.gemeentecode, zaakId, caller.sub, leaseEnd(deps.clock())))) {
      throw new ProblemError('geen-toegang', 'Alleen wie de zaak heeft opgepakt, mag dit');
    }
    return h;
  }

  async function record(request: FastifyRequest, name: string, cases: Array<Record<string, string>>, extra: Partial<ProcessingRecord['attributes']> = {}): Promise<void> {
    const now = deps.clock();
    await appendAuditRecords(deps.redis, cases.map((h) => sealRecord(processingRecord(childSpan(request.trace), name, now, {
      'dpl.core.processing_activity_id': activity,
      'dpl.core.data_subject_id': h.persoonPseudonym!,
      'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
      'vroegsignaal.vertrouwelijkheid': 'vertrouwelijk',
      'vroegsignaal.bewaartermijn': deps.policy().bundle.termijnen.auditInhoud.duur,
      'vroegsignaal.gemeentecode': h.gemeentecode!,
      'vroegsignaal.zaak_id': h.zaakId!,
      ...extra,
    }))));
  }

  async function setPartnerStatus(h: Record<string, string>, status: string): Promise<void> {
    const signals = JSON.parse(h.signalen ?? '[]') as Array<{ signaalId: string }>;
    const pipeline = deps.redis.pipeline();
    for (const s of signals) pipeline.hset(intakeKeys.signal(s.signaalId), 'status', status);
    await pipeline.exec();
  }

  app.post('/zaken/_oppakken', {
    schema: { summary: 'De volgende zaak van mijn gemeente oppakken (crisis eerst, dan aanbodtermijn)', operationId: 'zaakOppakken', tags: ['zaken'], security: [{ bearer: [] }],
      response: { 200: jsonResponse('De opgepakte zaak', caseViewSchema), 204: emptyResponse('Geen zaak beschikbaar'), ...problemResponses(400, 401, 403) } },
  }, async (request, reply) => {
    const caller = await worker(request);
    const now = deps.clock();
    const { zaakId, lapsed } = await claimNext(deps.redis, caller.gemeentecode, caller.sub, now, leaseEnd(now), String(request.id));
    if (lapsed.length > 0) await record(request, 'claim-verlopen', await Promise.all(lapsed.map((id) => deps.redis.hgetall(caseKeys.case(id)))));
    if (!zaakId) return reply.code(204).send();
    // The queue entry has done its job once the case is claimed; the claim itself lives in Redis.
    await deps.queues.withdraw(caller.gemeentecode, zaakId).catch(() => undefined);
    const h = await deps.redis.hgetall(caseKeys.case(zaakId));
    await record(request, 'zaak-opgepakt', [h]);
    await setPartnerStatus(h, 'in behandeling');
    return send(reply, caseView(h, now, caller.sub));
  });

  app.get('/zaken/termijnen', {
    schema: { summary: 'Aantallen open en opgepakte zaken van mijn gemeente, en hoeveel hun aanbodtermijn overschreden', operationId: 'getTermijnen',
      tags: ['zaken'], security: [{ bearer: [] }],
      response: { 200: jsonResponse('Termijnoverzicht', termijnenSchema), ...problemResponses(400, 401, 403) } },
  }, async (request, reply) => {
    const caller = await requireCaller(request, deps, ['schuldhulpverlener', 'beheerder']);
    const now = deps.clock();
    const ids = [
      ...(await deps.redis.zrange(outreachKeys.open(caller.gemeentecode), 0, -1)),
      ...(await deps.redis.zrange(outreachKeys.leases(caller.gemeentecode), 0, -1)),
    ];
    const pipeline = deps.redis.pipeline();
    for (const id of ids) pipeline.hgetall(caseKeys.case(id));
    const views = ((await pipeline.exec()) ?? []).map(([, h]) => caseView(h as Record<string, string>, now, caller.sub));
    return send(reply, {
      gemeentecode: caller.gemeentecode,
      open: views.filter((v) => v.status === 'open').length,
      opgepakt: views.filter((v) => v.status === 'opgepakt').length,
      crisis: views.filter((v) => v.crisissignaal).length,
      termijnVerstreken: views.filter((v) => v.termijnVerstreken).length,
    });
  });

  app.get('/zaken/:zaakId', {
    schema: { summary: 'Een zaak: pseudonieme samenvatting, signalen, status, termijnen', operationId: 'getZaak', tags: ['zaken'], security: [{ bearer: [] }], params,
      response: { 200: jsonResponse('Zaak', caseViewSchema), ...problemResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const caller = await worker(request);
    const h = await ownCase(caller, (request.params as { zaakId: string }).zaakId);
    return send(reply, caseView(h, deps.clock(), caller.sub));
  });

  app.get('/zaken/:zaakId/contactgegevens', {
    schema: { summary: 'Ontsleutelde contactgegevens; alleen voor wie de zaak heeft opgepakt, elke opvraging wordt vastgelegd', operationId: 'getContactgegevens',
      tags: ['zaken'], security: [{ bearer: [] }], params,
      response: { 200: jsonResponse('Contactgegevens', contactgegevensSchema), ...problemResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const caller = await worker(request);
    const zaakId = (request.params as { zaakId: string }).zaakId;
    const h = await claimedCase(caller, zaakId);
    // One blob per signal (a combined case has several); newest first, the newest on top.
    const signals = (JSON.parse(h.signalen ?? '[]') as Array<{ signaalId: string }>).map((s) => s.signaalId).reverse();
    const details = signals.filter((id) => h[`contact:${id}`]).map((id) => ({
      signaalId: id,
      ...(decryptContactDetails(JSON.parse(h[`contact:${id}`]!) as EncryptedContact, (kek) => deps.keystore.kekById(caller.gemeentecode, kek), id) as object),
    }));
    if (details.length === 0) throw new ProblemError('niet-gevonden', 'De contactgegevens van deze zaak zijn verwijderd');
    // The reveal is logged before anything is shown: no record, no data (FSC's rule too).
    await record(request, 'contactgegevens-ingezien', [h]);
    const [newest, ...older] = details;
    const { signaalId: _newestId, ...current } = newest!;
    return send(reply, { ...current, ...(older.length > 0 ? { eerdereSignalen: older } : {}) });
  });

  app.post('/zaken/:zaakId/contactpogingen', {
    schema: { summary: 'Een contactpoging vastleggen (DDAS)', operationId: 'postContactpoging', tags: ['zaken'], security: [{ bearer: [] }], params,
      body: requestSchema(attemptSchema),
      response: { 201: jsonResponse('De zaak met de nieuwe poging', caseViewSchema), ...problemResponses(400, 401, 403, 404, 415) } },
  }, async (request, reply) => {
    const caller = await worker(request);
    const zaakId = (request.params as { zaakId: string }).zaakId;
    const attempt = parseBody(attemptSchema, request);
    const h = await claimedCase(caller, zaakId);
    const attempts = [...JSON.parse(h.contactpogingen ?? '[]'), attempt];
    await deps.redis.hset(caseKeys.case(zaakId), 'contactpogingen', JSON.stringify(attempts));
    await record(request, 'contactpoging', [h]);
    return send(reply, caseView({ ...h, contactpogingen: JSON.stringify(attempts) }, deps.clock(), caller.sub), 201);
  });

  app.post('/zaken/:zaakId/_vrijgeven', {
    schema: { summary: 'De zaak teruggeven aan de wachtrij', operationId: 'zaakVrijgeven', tags: ['zaken'], security: [{ bearer: [] }], params,
      response: { 200: jsonResponse('De zaak', caseViewSchema), ...problemResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const caller = await worker(request);
    const zaakId = (request.params as { zaakId: string }).zaakId;
    const h = await ownCase(caller, zaakId);
    if (!(await releaseClaim(deps.redis, caller.gemeentecode, zaakId, caller.sub))) throw new ProblemError('geen-toegang', 'Alleen wie de zaak heeft opgepakt, kan hem vrijgeven');
    await record(request, 'claim-vrijgegeven', [h]);
    return send(reply, caseView(await deps.redis.hgetall(caseKeys.case(zaakId)), deps.clock(), caller.sub));
  });

  app.post('/zaken/:zaakId/_afsluiten', {
    schema: { summary: 'De zaak afsluiten met een eindresultaat (DDAS); start de bewaartermijn', operationId: 'zaakAfsluiten', tags: ['zaken'], security: [{ bearer: [] }], params,
      body: requestSchema(closeSchema),
      response: { 200: jsonResponse('De afgesloten zaak', caseViewSchema), ...problemResponses(400, 401, 403, 404, 415) } },
  }, async (request, reply) => {
    const caller = await worker(request);
    const zaakId = (request.params as { zaakId: string }).zaakId;
    const { eindresultaat } = parseBody(closeSchema, request);
    const h = await claimedCase(caller, zaakId);
    const now = deps.clock();
    const { bundle, revision } = deps.policy();
    const expiry = closedCaseExpiry(bundle, now, eindresultaat);
    const bewaarTot = expiry.contactTot;
    const feitenTot = expiry.zaakfeitenTot;
    const fields: Record<string, string> = {
      status: 'afgesloten', eindresultaat, afgesloten: now.toISOString(), contactBewaarTot: bewaarTot.toISOString(), zaakfeitenBewaarTot: feitenTot.toISOString(),
      contactBewaarRegel: expiry.regel,
    };
    // Crypto-shredding: the data keys move under the key of the week their retention ends;
    // destroying that key later makes every copy of these blobs unreadable (no decryption here).
    const periodKey = periodKeyFor(deps.municipalKeysDir, caller.gemeentecode, bewaarTot);
    for (const [field, text] of Object.entries(h).filter(([f]) => f.startsWith('contact:'))) {
      const blob = JSON.parse(text) as EncryptedContact;
      const current = deps.keystore.kekById(caller.gemeentecode, blob.kekId);
      if (current && blob.kekId !== periodKey.id) fields[field] = JSON.stringify(rewrapDataKey(blob, current, periodKey));
    }
    // The address remembers when its case closed: a new signal within six months is opeenvolgend.
    const addressKey = caseKeys.address(caller.gemeentecode, h.adresPseudonym!);
    await deps.redis.multi()
      .hset(caseKeys.case(zaakId), fields).hdel(caseKeys.case(zaakId), 'claimant', 'leaseTot')
      .zrem(outreachKeys.leases(caller.gemeentecode), zaakId)
      .zadd(contactExpiryKey, bewaarTot.getTime(), zaakId)
      .zadd(caseFactsExpiryKey, feitenTot.getTime(), zaakId)
      .hset(addressKey, 'gesloten', now.toISOString()).hdel(addressKey, 'open')
      .exec();
    await record(request, 'zaak-afgesloten', [h], {
      'vroegsignaal.contactgegevens_bewaard_tot': fields.contactBewaarTot, 'vroegsignaal.bewaard_tot': fields.zaakfeitenBewaarTot,
      'vroegsignaal.bewaarregel': expiry.regel, 'vroegsignaal.beleid_revisie': revision,
    });
    await setPartnerStatus(h, partnerStatusAfterClose(eindresultaat));
    // Both deletions are scheduled now; a sweeper (retention) catches any job that is lost.
    await deps.retention.schedule({ zaakId, regel: expiry.regel, bewaarTot: fields.contactBewaarTot! }, now, 'contactgegevens');
    await deps.retention.schedule({ zaakId, regel: 'bewaartermijnen.zaakfeiten', bewaarTot: fields.zaakfeitenBewaarTot! }, now, 'zaakfeiten');
    return send(reply, caseView({ ...h, ...fields }, now, caller.sub));
  });
}
