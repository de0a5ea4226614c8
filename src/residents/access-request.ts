import type { Redis } from 'ioredis';
import { appendAuditRecords } from '../audit/append.js';
import { queryRecords, type FoundRecord } from '../audit/query.js';
import type { TraceContext } from '../audit/trace.js';
import { caseSignals, signalPerson, type CaseSignal } from '../cases/case.js';
import { contactRetentionEnd } from '../cases/retention-ends.js';
import { caseKeys } from '../redis/keys.js';
import type { Identity } from '../http/schemas/inwoners.js';
import type { PolicySnapshot } from '../intake/service.js';
import { decryptContactDetails, parseStoredContact } from '../privacy/envelope.js';
import type { MunicipalKeystore } from '../privacy/keystore.js';
import { casesOfPerson, residentRequestRecords } from './find-cases.js';

export interface AccessRequestDeps {
  redis: Redis;
  keystore: MunicipalKeystore;
  clock: () => Date;
  policy: () => PolicySnapshot;
}

export interface AccessAnswer {
  zaken: Array<{
    zaakId: string;
    gemeentecode: string;
    status: string | undefined;
    signalen: CaseSignal[];
    contactgegevens: ReturnType<typeof decryptContactDetails>[];
    bewaardTot?: string;
  }>;
  verwerkingen: FoundRecord[];
}

/**
 * A resident's access request (AVG art. 15), answered for a privacy officer: the cases the
 * identity leads to, this person's signals in them, their contact details decrypted, and every
 * processing recorded about them. Recorded in the audit log before anything is returned: no
 * record, no data. `POST /v1/inwoners/_inzage` and the Werkplek's Inzageverzoek both call this.
 */
export async function accessRequest(deps: AccessRequestDeps, officer: { gemeentecode: string }, identity: Identity, trace: TraceContext): Promise<AccessAnswer> {
  const found = await casesOfPerson(deps, officer, identity);
  const zaken: AccessAnswer['zaken'] = [];
  for (const c of found) {
    const h = await deps.redis.hgetall(caseKeys.case(c.zaakId));
    // A combined case also holds housemates' signals: only this person's are theirs to see.
    const mine = new Set(c.pseudonyms);
    // The opening signal's person is the case's (not stored twice): named here as for any other.
    const signalen = caseSignals(h)
      .map((s, i) => { const person = signalPerson(s, i, h.persoonPseudonym); return person ? { ...s, persoonPseudonym: person } : s; })
      .filter((s) => mine.has(s.persoonPseudonym ?? ''));
    const contact = signalen.filter((s) => h[`contact:${s.signaalId}`]).map((s) =>
      decryptContactDetails(parseStoredContact(h[`contact:${s.signaalId}`]!), (kek) => deps.keystore.kekById(c.gemeentecode, kek), s.signaalId));
    const bewaardTot = contactRetentionEnd(h);
    zaken.push({ zaakId: c.zaakId, gemeentecode: c.gemeentecode, status: h.status, signalen, contactgegevens: contact, ...(bewaardTot ? { bewaardTot } : {}) });
  }
  const verwerkingen: FoundRecord[] = [];
  for (const pseudoniem of new Set(found.flatMap((c) => c.foundUnder))) verwerkingen.push(...(await queryRecords(deps.redis, { pseudoniem, limiet: 500 })).records);
  const now = deps.clock();
  const auditTerm = deps.policy().bundle.termijnen.auditInhoud.duur;
  await appendAuditRecords(deps.redis, found.flatMap((c) => residentRequestRecords(trace, 'inzage-gegevens', c, now, auditTerm)));
  return { zaken, verwerkingen };
}
