import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { appendAuditRecords } from '../../audit/append.js';
import { sealRecord } from '../../audit/leaf.js';
import { processingRecord } from '../../audit/records.js';
import { childSpan } from '../../audit/trace.js';
import { queryRecords } from '../../audit/query.js';
import type { Caller } from '../../auth/claims.js';
import { signalPerson, type CaseSignal } from '../../cases/case.js';
import { eraseResidentFromCase } from '../../cases/erase.js';
import { caseKeys } from '../../cases/keys.js';
import { ProblemError } from '../../errors/problem.js';
import { decryptContactDetails, type EncryptedContact } from '../../privacy/envelope.js';
import { personPseudonym } from '../../privacy/pseudonym.js';
import type { AppDeps } from '../deps.js';
import { jsonResponse, problemResponses } from '../openapi-schemas.js';
import { identitySchema, inzageSchema, wissenSchema } from '../schemas/inwoners.js';
import { requestSchema } from '../schemas/json-schema.js';
import { gatewayWideGemeentecode } from './auditlog.js';
import { parseJson } from './signal-auth.js';

interface FoundCase {
  gemeentecode: string;
  zaakId: string;
  /** The person's pseudonyms in this municipality, under every key in the ring. */
  pseudonyms: string[];
  /** Those under which this case is indexed for the person. */
  foundUnder: string[];
}

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

  /**
   * Every case the identity leads to within the caller's scope, with the person's pseudonyms in
   * that municipality (one per key in the ring: after a rotation older signals carry older ones)
   * and those under which the case was found (one audit record each, so each pseudonym's
   * processing history is complete).
   */
  async function casesOf(caller: Caller, id: z.infer<typeof identitySchema>): Promise<FoundCase[]> {
    const codes = caller.gemeentecode === gatewayWideGemeentecode ? deps.keystore.gemeentecodes() : [caller.gemeentecode];
    const found = new Map<string, FoundCase>();
    for (const code of codes) {
      const pseudonyms = deps.keystore.pseudonymKeys(code).map((key) => personPseudonym(id.persoon, id.adres, key));
      for (const pseudonym of pseudonyms) {
        for (const zaakId of await deps.redis.zrange(caseKeys.person(code, pseudonym), 0, -1)) {
          const entry = found.get(zaakId) ?? { gemeentecode: code, zaakId, pseudonyms, foundUnder: [] };
          entry.foundUnder.push(pseudonym);
          found.set(zaakId, entry);
        }
      }
    }
    return [...found.values()];
  }

  function records(request: FastifyRequest, name: string, c: FoundCase, now: Date) {
    return c.foundUnder.map((pseudonym) => sealRecord(processingRecord(childSpan(request.trace), name, now, {
      'dpl.core.processing_activity_id': 'urn:vroegsignaal:verwerking:auditlogging',
      'dpl.core.data_subject_id': pseudonym, 'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
      'vroegsignaal.vertrouwelijkheid': 'vertrouwelijk', 'vroegsignaal.bewaartermijn': deps.policy().bundle.termijnen.auditInhoud.duur,
      'vroegsignaal.gemeentecode': c.gemeentecode, 'vroegsignaal.zaak_id': c.zaakId,
    })));
  }

  app.post('/inwoners/_inzage', {
    config: { roles: ['privacy-officer'] },
    schema: { summary: 'Inzage (AVG art. 15): de gegevens over een inwoner, ontsleuteld voor de privacy officer, met de verwerkingen',
      operationId: 'inwonerInzage', tags: ['inwoners'], security: [{ bearer: [] }], body: bodySchema,
      response: { 200: jsonResponse('Gegevens en verwerkingen', inzageSchema),
        ...problemResponses(400, 401, 403, 415) } },
  }, async (request, reply) => {
    const caller = request.caller;
    const found = await casesOf(caller, identity(request));
    const zaken = [];
    for (const c of found) {
      const h = await deps.redis.hgetall(caseKeys.case(c.zaakId));
      // A combined case also holds housemates' signals: only this person's are theirs to see.
      const mine = new Set(c.pseudonyms);
      const signalen = (JSON.parse(h.signalen ?? '[]') as CaseSignal[]).filter((s, i) => mine.has(signalPerson(s, i, h.persoonPseudonym) ?? ''));
      const contact = signalen.filter((s) => h[`contact:${s.signaalId}`]).map((s) =>
        decryptContactDetails(JSON.parse(h[`contact:${s.signaalId}`]!) as EncryptedContact, (kek) => deps.keystore.kekById(c.gemeentecode, kek), s.signaalId));
      zaken.push({ zaakId: c.zaakId, gemeentecode: c.gemeentecode, status: h.status, signalen, contactgegevens: contact, ...(h.contactBewaarTot ? { bewaardTot: h.contactBewaarTot } : {}) });
    }
    const verwerkingen = [];
    for (const pseudoniem of new Set(found.flatMap((c) => c.foundUnder))) verwerkingen.push(...(await queryRecords(deps.redis, { pseudoniem, limiet: 500 })).records);
    // Recorded before anything is shown: no record, no data.
    const now = deps.clock();
    await appendAuditRecords(deps.redis, found.flatMap((c) => records(request, 'inzage-gegevens', c, now)));
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({ zaken, verwerkingen }));
  });

  app.post('/inwoners/_wissen', {
    config: { roles: ['privacy-officer', 'beheerder'] },
    schema: { summary: 'Wissen (AVG art. 17): de contactgegevens van deze inwoner verwijderd uit al zijn zaken; een zaak gaat uit de wachtrij zodra er van niemand meer contactgegevens in staan',
      operationId: 'inwonerWissen', tags: ['inwoners'], security: [{ bearer: [] }], body: bodySchema,
      response: { 200: jsonResponse('Wat is gewist', wissenSchema), ...problemResponses(400, 401, 403, 415) } },
  }, async (request, reply) => {
    const caller = request.caller;
    const found = await casesOf(caller, identity(request));
    const now = deps.clock();
    const erased: string[] = [];
    for (const c of found) {
      // The address pseudonym never changes for a case: read once, the script checks the rest.
      const adresPseudonym = await deps.redis.hget(caseKeys.case(c.zaakId), 'adresPseudonym');
      if (!adresPseudonym) continue;
      const result = await eraseResidentFromCase(deps.redis, {
        zaakId: c.zaakId, gemeentecode: c.gemeentecode, adresPseudonym, persoonPseudonyms: c.pseudonyms, now,
        records: records(request, 'gewist-op-verzoek', c, now),
      });
      if (!result.found) continue;
      erased.push(c.zaakId);
      // The queue of record is the sorted set (done in the script); the BullMQ job only mirrors it.
      if (result.outOfQueue) await deps.queues.withdraw(c.gemeentecode, c.zaakId).catch(() => undefined);
    }
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({ zaken: erased }));
  });
}
