import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sealRecord, type SealedRecord } from '../../audit/leaf.js';
import { processingRecord, type ProcessingRecord } from '../../audit/records.js';
import { childSpan } from '../../audit/trace.js';
import type { Caller } from '../../auth/claims.js';
import type { ActionContext, ActionRefusal } from '../../cases/action-script.js';
import { recordContactAttempt, releaseCase, revealContact } from '../../cases/actions.js';
import { closeCase } from '../../cases/close.js';
import { partnerStatusAfterClose } from '../../cases/ddas.js';
import { casePersons } from '../../cases/case.js';
import { caseKeys } from '../../cases/keys.js';
import { caseView } from '../../cases/view.js';
import { ProblemError } from '../../errors/problem.js';
import { uuidPattern } from '../../ids/uuid.js';
import type { PolicySnapshot } from '../../intake/service.js';
import { claimNext } from '../../outreach/claims.js';
import { leaseEnd } from '../../outreach/deadlines.js';
import { outreachKeys } from '../../outreach/keys.js';
import { closedCaseExpiry } from '../../retention/expiry.js';
import { decryptContactDetails, rewrapDataKey, type EncryptedContact } from '../../privacy/envelope.js';
import { periodKeyFor } from '../../privacy/period-keys.js';
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
  async function ownCase(caller: Caller, zaakId: string): Promise<Record<string, string>> {
    const h = uuidPattern.test(zaakId) ? await deps.redis.hgetall(caseKeys.case(zaakId)) : {};
    if (h.gemeentecode !== caller.gemeentecode) throw new ProblemError('niet-gevonden', 'Geen zaak met dit id in uw gemeente');
    return h;
  }

  /**
   * The sealed audit records of one action on one case: one per person whose data it touches
   * (pseudonymous: the person's pseudonym and ids), so each resident's access request finds it.
   */
  function caseRecords(request: FastifyRequest, h: Record<string, string>, name: string, now: Date,
    extra: Partial<ProcessingRecord['attributes']> = {}, policy: PolicySnapshot = deps.policy(), persons = casePersons(h)): SealedRecord[] {
    const span = childSpan(request.trace);
    return persons.map((person) => sealRecord(processingRecord(span, name, now, {
      'dpl.core.processing_activity_id': activity,
      'dpl.core.data_subject_id': person,
      'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
      'vroegsignaal.vertrouwelijkheid': 'vertrouwelijk',
      'vroegsignaal.bewaartermijn': policy.bundle.termijnen.auditInhoud.duur,
      'vroegsignaal.gemeentecode': h.gemeentecode!,
      'vroegsignaal.zaak_id': h.zaakId!,
      ...extra,
    })));
  }

  /** Acting on a case needs a claim that still runs; acting renews it (see cases/action-script). */
  function actionContext(request: FastifyRequest, caller: Caller, h: Record<string, string>, now: Date): ActionContext {
    return { zaakId: h.zaakId!, gemeentecode: caller.gemeentecode, sub: caller.sub, now, leaseUntil: leaseEnd(now), lapseRecords: caseRecords(request, h, 'claim-verlopen', now) };
  }

  function refuse(reason: ActionRefusal): never {
    if (reason === 'claim-verlopen') throw new ProblemError('claim-verlopen', 'Uw claim op deze zaak is verlopen; de zaak staat weer in de wachtrij');
    if (reason === 'geen-gegevens') throw new ProblemError('niet-gevonden', 'De contactgegevens van deze zaak zijn verwijderd');
    if (reason === 'gewijzigd') throw new Error('de zaak bleef veranderen tijdens het afsluiten');
    throw new ProblemError('geen-toegang', 'Alleen wie de zaak heeft opgepakt, mag dit');
  }

  app.post('/zaken/_oppakken', {
    config: { roles: ['schuldhulpverlener'] },
    schema: { summary: 'De volgende zaak van mijn gemeente oppakken (crisis eerst, dan aanbodtermijn)', operationId: 'zaakOppakken', tags: ['zaken'], security: [{ bearer: [] }],
      response: { 200: jsonResponse('De opgepakte zaak', caseViewSchema), 204: emptyResponse('Geen zaak beschikbaar'), ...problemResponses(400, 401, 403) } },
  }, async (request, reply) => {
    const caller = request.caller;
    const now = deps.clock();
    const policy = deps.policy();
    const { zaakId } = await claimNext(deps.redis, {
      gemeentecode: caller.gemeentecode, sub: caller.sub, now, leaseUntil: leaseEnd(now), requestId: String(request.id),
      recordsFor: (c, name) => caseRecords(request, c, name, now, {}, policy),
    });
    if (!zaakId) return reply.code(204).send();
    // The queue entry has done its job once the case is claimed; the claim itself lives in Redis.
    await deps.queues.withdraw(caller.gemeentecode, zaakId).catch(() => undefined);
    return send(reply, caseView(await deps.redis.hgetall(caseKeys.case(zaakId)), now, caller.sub));
  });

  app.get('/zaken/termijnen', {
    config: { roles: ['schuldhulpverlener', 'beheerder'] },
    schema: { summary: 'Aantallen open en opgepakte zaken van mijn gemeente, en hoeveel hun aanbodtermijn overschreden', operationId: 'getTermijnen',
      tags: ['zaken'], security: [{ bearer: [] }],
      response: { 200: jsonResponse('Termijnoverzicht', termijnenSchema), ...problemResponses(400, 401, 403) } },
  }, async (request, reply) => {
    const caller = request.caller;
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
    config: { roles: ['schuldhulpverlener'] },
    schema: { summary: 'Een zaak: pseudonieme samenvatting, signalen, status, termijnen', operationId: 'getZaak', tags: ['zaken'], security: [{ bearer: [] }], params,
      response: { 200: jsonResponse('Zaak', caseViewSchema), ...problemResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const caller = request.caller;
    const h = await ownCase(caller, (request.params as { zaakId: string }).zaakId);
    return send(reply, caseView(h, deps.clock(), caller.sub));
  });

  app.get('/zaken/:zaakId/contactgegevens', {
    config: { roles: ['schuldhulpverlener'] },
    schema: { summary: 'Ontsleutelde contactgegevens; alleen voor wie de zaak heeft opgepakt, elke opvraging wordt vastgelegd', operationId: 'getContactgegevens',
      tags: ['zaken'], security: [{ bearer: [] }], params,
      response: { 200: jsonResponse('Contactgegevens', contactgegevensSchema), ...problemResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    const caller = request.caller;
    const zaakId = (request.params as { zaakId: string }).zaakId;
    const now = deps.clock();
    const found = await ownCase(caller, zaakId);
    // The reveal is recorded before anything is shown, in the script that hands out the blobs:
    // no record, no data (FSC's rule too).
    const outcome = await revealContact(deps.redis, actionContext(request, caller, found, now), caseRecords(request, found, 'contactgegevens-ingezien', now, {}, deps.policy(), casePersons(found, { withContact: true })));
    if (!outcome.done) refuse(outcome.reason);
    const h = outcome.hash;
    // One blob per signal (a combined case has several); newest first, the newest on top.
    const signals = (JSON.parse(h.signalen ?? '[]') as Array<{ signaalId: string }>).map((s) => s.signaalId).reverse();
    const details = signals.filter((id) => h[`contact:${id}`]).map((id) => ({
      signaalId: id,
      ...(decryptContactDetails(JSON.parse(h[`contact:${id}`]!) as EncryptedContact, (kek) => deps.keystore.kekById(caller.gemeentecode, kek), id) as object),
    }));
    if (details.length === 0) refuse('geen-gegevens');
    const [newest, ...older] = details;
    const { signaalId: _newestId, ...current } = newest!;
    return send(reply, { ...current, ...(older.length > 0 ? { eerdereSignalen: older } : {}) });
  });

  app.post('/zaken/:zaakId/contactpogingen', {
    config: { roles: ['schuldhulpverlener'] },
    schema: { summary: 'Een contactpoging vastleggen (DDAS)', operationId: 'postContactpoging', tags: ['zaken'], security: [{ bearer: [] }], params,
      body: requestSchema(attemptSchema),
      response: { 201: jsonResponse('De zaak met de nieuwe poging', caseViewSchema), ...problemResponses(400, 401, 403, 404, 409, 415) } },
  }, async (request, reply) => {
    const caller = request.caller;
    const zaakId = (request.params as { zaakId: string }).zaakId;
    const attempt = parseBody(attemptSchema, request);
    const now = deps.clock();
    const h = await ownCase(caller, zaakId);
    const outcome = await recordContactAttempt(deps.redis, actionContext(request, caller, h, now), caseRecords(request, h, 'contactpoging', now), attempt);
    if (!outcome.done) refuse(outcome.reason);
    return send(reply, caseView(outcome.hash, now, caller.sub), 201);
  });

  app.post('/zaken/:zaakId/_vrijgeven', {
    config: { roles: ['schuldhulpverlener'] },
    schema: { summary: 'De zaak teruggeven aan de wachtrij', operationId: 'zaakVrijgeven', tags: ['zaken'], security: [{ bearer: [] }], params,
      response: { 200: jsonResponse('De zaak', caseViewSchema), ...problemResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    const caller = request.caller;
    const zaakId = (request.params as { zaakId: string }).zaakId;
    const now = deps.clock();
    const h = await ownCase(caller, zaakId);
    const outcome = await releaseCase(deps.redis, actionContext(request, caller, h, now), caseRecords(request, h, 'claim-vrijgegeven', now));
    if (!outcome.done) refuse(outcome.reason);
    return send(reply, caseView(outcome.hash, now, caller.sub));
  });

  app.post('/zaken/:zaakId/_afsluiten', {
    config: { roles: ['schuldhulpverlener'] },
    schema: { summary: 'De zaak afsluiten met een eindresultaat (DDAS); start de bewaartermijn', operationId: 'zaakAfsluiten', tags: ['zaken'], security: [{ bearer: [] }], params,
      body: requestSchema(closeSchema),
      response: { 200: jsonResponse('De afgesloten zaak', caseViewSchema), ...problemResponses(400, 401, 403, 404, 409, 415) } },
  }, async (request, reply) => {
    const caller = request.caller;
    const zaakId = (request.params as { zaakId: string }).zaakId;
    const { eindresultaat } = parseBody(closeSchema, request);
    const policy = deps.policy();
    const { bundle, revision } = policy;
    // The re-wrap is planned on the blobs as read; the script refuses if they changed, and we plan again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const h = await ownCase(caller, zaakId);
      // Checked again in the script; checked here so nobody else's request makes a period key.
      if (h.status !== 'opgepakt' || h.claimant !== caller.sub) refuse('geen-toegang');
      const now = deps.clock();
      const expiry = closedCaseExpiry(bundle, now, eindresultaat);
      const bewaarTot = expiry.contactTot;
      const feitenTot = expiry.zaakfeitenTot;
      const fields: Record<string, string> = {
        status: 'afgesloten', eindresultaat, afgesloten: now.toISOString(), contactBewaarTot: bewaarTot.toISOString(), zaakfeitenBewaarTot: feitenTot.toISOString(),
        contactBewaarRegel: expiry.regel,
      };
      // Crypto-shredding: the data keys move under the key of the week their retention ends;
      // destroying that key later makes every copy of these blobs unreadable (no decryption here).
      const periodKey = periodKeyFor(deps.periodKeysDir, caller.gemeentecode, bewaarTot, now);
      const blobsRead: Record<string, string> = {};
      for (const [field, text] of Object.entries(h).filter(([f]) => f.startsWith('contact:'))) {
        blobsRead[field] = text;
        const blob = JSON.parse(text) as EncryptedContact;
        const current = deps.keystore.kekById(caller.gemeentecode, blob.kekId);
        if (current && blob.kekId !== periodKey.id) fields[field] = JSON.stringify(rewrapDataKey(blob, current, periodKey));
      }
      const records = caseRecords(request, h, 'zaak-afgesloten', now, {
        'vroegsignaal.contactgegevens_bewaard_tot': fields.contactBewaarTot, 'vroegsignaal.bewaard_tot': fields.zaakfeitenBewaarTot,
        'vroegsignaal.bewaarregel': expiry.regel, 'vroegsignaal.beleid_revisie': revision,
      }, policy);
      const outcome = await closeCase(deps.redis, actionContext(request, caller, h, now), records, {
        fields, blobsRead, contactTot: bewaarTot, zaakfeitenTot: feitenTot,
        addressKey: caseKeys.address(caller.gemeentecode, h.adresPseudonym!), partnerStatus: partnerStatusAfterClose(eindresultaat),
      });
      if (!outcome.done && outcome.reason === 'gewijzigd') continue;
      if (!outcome.done) refuse(outcome.reason);
      // Both deletions are scheduled now; a sweeper (retention) catches any job that is lost.
      await deps.retention.schedule({ zaakId, regel: expiry.regel, bewaarTot: fields.contactBewaarTot! }, now, 'contactgegevens');
      await deps.retention.schedule({ zaakId, regel: 'bewaartermijnen.zaakfeiten', bewaarTot: fields.zaakfeitenBewaarTot! }, now, 'zaakfeiten');
      return send(reply, caseView(outcome.hash, now, caller.sub));
    }
    refuse('gewijzigd');
  });
}
