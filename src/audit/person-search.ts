import type { Redis } from 'ioredis';
import { gatewayWideGemeentecode } from '../auth/claims.js';
import type { Identity } from '../http/schemas/inwoners.js';
import { personPseudonym } from '../privacy/pseudonym.js';
import type { MunicipalKeystore } from '../privacy/keystore.js';
import { appendAuditRecords } from './append.js';
import { sealRecord } from './leaf.js';
import { queryRecords, type FoundRecord } from './query.js';
import { processingRecord } from './records.js';
import { childSpan, type TraceContext } from './trace.js';

export interface PersonSearchDeps {
  redis: Redis;
  keystore: MunicipalKeystore;
  clock: () => Date;
}

/**
 * Every audit record about one person, found by identity (AVG art. 15): the person's pseudonyms
 * under every key each municipality in the officer's scope has used (rotation), then every record
 * under each. The search is itself a processing of that person's data, so it is logged too. Used by
 * `POST /v1/auditlog/_inzage` and the Werkplek's person search alike.
 */
export async function recordsAboutPerson(
  deps: PersonSearchDeps,
  officer: { gemeentecode: string },
  identity: Identity,
  trace: TraceContext,
): Promise<{ pseudoniemen: string[]; records: FoundRecord[] }> {
  const scope = officer.gemeentecode === gatewayWideGemeentecode ? undefined : officer.gemeentecode;
  const codes = scope ? [scope] : deps.keystore.gemeentecodes();
  const pseudonyms = [...new Set(codes.flatMap((code) => deps.keystore.pseudonymKeys(code).map((key) => personPseudonym(identity.persoon, identity.adres, key))))];
  const records: FoundRecord[] = [];
  for (const pseudoniem of pseudonyms) {
    let cursor: string | undefined;
    do {
      const page = await queryRecords(deps.redis, { pseudoniem, ...(scope ? { gemeentecode: scope } : {}), limiet: 500, ...(cursor ? { cursor } : {}) });
      records.push(...page.records);
      cursor = page.volgende ?? undefined;
    } while (cursor);
  }
  records.sort((a, b) => a.index - b.index);
  const now = deps.clock();
  await appendAuditRecords(deps.redis, pseudonyms.map((p) => sealRecord(processingRecord(childSpan(trace), 'inzageverzoek', now, {
    'dpl.core.processing_activity_id': 'urn:vroegsignaal:verwerking:auditlogging',
    'dpl.core.data_subject_id': p, 'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
    'vroegsignaal.vertrouwelijkheid': 'vertrouwelijk', 'vroegsignaal.bewaartermijn': 'P2Y',
    ...(scope ? { 'vroegsignaal.gemeentecode': scope } : {}),
  }))));
  return { pseudoniemen: pseudonyms, records };
}
