import type { Redis } from 'ioredis';
import { sealRecord, type SealedRecord } from '../audit/leaf.js';
import { processingRecord } from '../audit/records.js';
import { childSpan, type TraceContext } from '../audit/trace.js';
import { gatewayWideGemeentecode } from '../auth/claims.js';
import { caseKeys } from '../redis/keys.js';
import type { Identity } from '../http/schemas/inwoners.js';
import type { MunicipalKeystore } from '../privacy/keystore.js';
import { personPseudonym } from '../privacy/pseudonym.js';

export interface FoundCase {
  gemeentecode: string;
  zaakId: string;
  /** The person's pseudonyms in this municipality, under every key in the ring. */
  pseudonyms: string[];
  /** Those under which this case is indexed for the person. */
  foundUnder: string[];
}

/**
 * Every case an identity leads to within the officer's scope, with the person's pseudonyms in
 * that municipality (one per key in the ring: after a rotation older signals carry older ones)
 * and those under which the case was found (one audit record each, so each pseudonym's
 * processing history is complete). Identity arrives in a body, never a URL.
 */
export async function casesOfPerson(
  deps: { redis: Redis; keystore: MunicipalKeystore },
  officer: { gemeentecode: string },
  identity: Identity,
): Promise<FoundCase[]> {
  const codes = officer.gemeentecode === gatewayWideGemeentecode ? deps.keystore.gemeentecodes() : [officer.gemeentecode];
  const found = new Map<string, FoundCase>();
  for (const code of codes) {
    const pseudonyms = deps.keystore.pseudonymKeys(code).map((key) => personPseudonym(identity.persoon, identity.adres, key));
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

/** The audit records of acting on a resident's request for one case: one per pseudonym it was found under. */
export function residentRequestRecords(trace: TraceContext, name: string, c: FoundCase, now: Date, auditTerm: string): SealedRecord[] {
  return c.foundUnder.map((pseudonym) => sealRecord(processingRecord(childSpan(trace), name, now, {
    'dpl.core.processing_activity_id': 'urn:vroegsignaal:verwerking:auditlogging',
    'dpl.core.data_subject_id': pseudonym, 'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
    'vroegsignaal.vertrouwelijkheid': 'vertrouwelijk', 'vroegsignaal.bewaartermijn': auditTerm,
    'vroegsignaal.gemeentecode': c.gemeentecode, 'vroegsignaal.zaak_id': c.zaakId,
  })));
}
