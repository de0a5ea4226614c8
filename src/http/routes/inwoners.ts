import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { appendAuditRecords } from '../../audit/append.js';
import { sealRecord } from '../../audit/leaf.js';
import { processingRecord } from '../../audit/records.js';
import { childSpan } from '../../audit/trace.js';
import { queryRecords } from '../../audit/query.js';
import type { Caller } from '../../auth/claims.js';
import { caseKeys } from '../../cases/keys.js';
import { ProblemError } from '../../errors/problem.js';
import { outreachKeys } from '../../outreach/keys.js';
import { decryptContactDetails, type EncryptedContact } from '../../privacy/envelope.js';
import { personPseudonym } from '../../privacy/pseudonym.js';
import { contactExpiryKey } from '../../retention/sweeper.js';
import { requireCaller } from '../caller.js';
import type { AppDeps } from '../deps.js';
import { jsonResponse, problemResponses } from '../openapi-schemas.js';
import { identitySchema, inzageSchema, wissenSchema } from '../schemas/inwoners.js';
import { requestSchema } from '../schemas/json-schema.js';
import { gatewayWideGemeentecode } from './auditlog.js';
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

  /** Every (municipality, pseudonym, case) the identity leads to within the caller's scope. */
  async function casesOf(caller: Caller, id: z.infer<typeof identitySchema>) {
    const codes = caller.gemeentecode === gatewayWideGemeentecode ? deps.keystore.gemeentecodes() : [caller.gemeentecode];
    const found: Array<{ gemeentecode: string; pseudonym: string; zaakId: string }> = [];
    for (const code of codes) {
      for (const key of deps.keystore.pseudonymKeys(code)) {
        const pseudonym = personPseudonym(id.persoon, id.adres, key);
        for (const zaakId of await deps.redis.zrange(caseKeys.person(code, pseudonym), 0, -1)) found.push({ gemeentecode: code, pseudonym, zaakId });
      }
    }
    return found;
  }

  async function record(request: FastifyRequest, name: string, items: Array<{ gemeentecode: string; pseudonym: string; zaakId: string }>) {
    const now = deps.clock();
    await appendAuditRecords(deps.redis, items.map((c) => sealRecord(processingRecord(childSpan(request.trace), name, now, {
      'dpl.core.processing_activity_id': 'urn:vroegsignaal:verwerking:auditlogging',
      'dpl.core.data_subject_id': c.pseudonym, 'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
      'vroegsignaal.vertrouwelijkheid': 'vertrouwelijk', 'vroegsignaal.bewaartermijn': deps.policy().bundle.termijnen.auditInhoud.duur,
      'vroegsignaal.gemeentecode': c.gemeentecode, 'vroegsignaal.zaak_id': c.zaakId,
    }))));
  }

  app.post('/inwoners/_inzage', {
    schema: { summary: 'Inzage (AVG art. 15): de gegevens over een inwoner, ontsleuteld voor de privacy officer, met de verwerkingen',
      operationId: 'inwonerInzage', tags: ['inwoners'], security: [{ bearer: [] }], body: bodySchema,
      response: { 200: jsonResponse('Gegevens en verwerkingen', inzageSchema),
        ...problemResponses(400, 401, 403, 415) } },
  }, async (request, reply) => {
    const caller = await requireCaller(request, deps, ['privacy-officer']);
    const found = await casesOf(caller, identity(request));
    const zaken = [];
    for (const c of found) {
      const h = await deps.redis.hgetall(caseKeys.case(c.zaakId));
      const contact = Object.entries(h).filter(([f]) => f.startsWith('contact:')).map(([f, text]) =>
        decryptContactDetails(JSON.parse(text) as EncryptedContact, (kek) => deps.keystore.kekById(c.gemeentecode, kek), f.slice('contact:'.length)));
      zaken.push({ zaakId: c.zaakId, gemeentecode: c.gemeentecode, status: h.status, signalen: JSON.parse(h.signalen ?? '[]'), contactgegevens: contact, ...(h.contactBewaarTot ? { bewaardTot: h.contactBewaarTot } : {}) });
    }
    const verwerkingen = [];
    for (const pseudoniem of new Set(found.map((c) => c.pseudonym))) verwerkingen.push(...(await queryRecords(deps.redis, { pseudoniem, limiet: 500 })).records);
    await record(request, 'inzage-gegevens', found);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({ zaken, verwerkingen }));
  });

  app.post('/inwoners/_wissen', {
    schema: { summary: 'Wissen (AVG art. 17): contactgegevens van alle zaken van deze inwoner verwijderd, zaken uit de wachtrij',
      operationId: 'inwonerWissen', tags: ['inwoners'], security: [{ bearer: [] }], body: bodySchema,
      response: { 200: jsonResponse('Wat is gewist', wissenSchema), ...problemResponses(400, 401, 403, 415) } },
  }, async (request, reply) => {
    const caller = await requireCaller(request, deps, ['privacy-officer', 'beheerder']);
    const found = await casesOf(caller, identity(request));
    const now = deps.clock().toISOString();
    for (const c of found) {
      const key = caseKeys.case(c.zaakId);
      const fields = Object.keys(await deps.redis.hgetall(key)).filter((f) => f.startsWith('contact:'));
      // Pseudonymous case facts stay until their own term: the DDAS report is a legal duty (art. 17(3)(b)).
      const tx = deps.redis.multi().hset(key, { status: 'gewist', gewist: now }).hdel(key, 'claimant', 'leaseTot')
        .zrem(outreachKeys.open(c.gemeentecode), c.zaakId).zrem(outreachKeys.leases(c.gemeentecode), c.zaakId).zrem(contactExpiryKey, c.zaakId);
      if (fields.length > 0) tx.hdel(key, ...fields);
      await tx.exec();
    }
    await record(request, 'gewist-op-verzoek', found);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({ zaken: [...new Set(found.map((c) => c.zaakId))] }));
  });
}
