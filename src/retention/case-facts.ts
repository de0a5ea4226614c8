import type { Redis } from 'ioredis';
import { sealRecord } from '../audit/leaf.js';
import { processingRecord, type ProcessingRecord } from '../audit/records.js';
import { traceFromHeader } from '../audit/trace.js';
import { caseKeys, intakeKeys, outreachKeys, retentionKeys } from '../redis/keys.js';
import { deleteGuarded } from './guarded-delete.js';

export interface DeletionContext {
  now: Date;
  auditRetention: string;
  bundleRevision: string;
  regel: string;
}

function deletionRecord(name: string, ctx: DeletionContext, subject: { id: string; type: 'pseudoniem-persoon' | 'pseudoniem-adres' }, extra: Partial<ProcessingRecord['attributes']>) {
  const trace = traceFromHeader(undefined);
  return sealRecord(processingRecord(trace, name, ctx.now, {
    'dpl.core.processing_activity_id': 'urn:vroegsignaal:verwerking:contact-opnemen',
    'dpl.core.data_subject_id': subject.id, 'dpl.core.data_subject_id_type': subject.type,
    'vroegsignaal.vertrouwelijkheid': 'vertrouwelijk', 'vroegsignaal.bewaartermijn': ctx.auditRetention,
    'vroegsignaal.bewaarregel': ctx.regel, 'vroegsignaal.beleid_revisie': ctx.bundleRevision,
    ...extra,
  }));
}

/**
 * A case past its facts' term goes entirely, open or closed: the case, its signals and their
 * idempotency keys, its queue and lease entries, and every index naming it or its pseudonyms —
 * with the record of the deletion in the same atomic step. What remains is the audit log.
 * Returns the municipality when something was deleted (the caller withdraws queue jobs).
 */
export async function deleteCaseFacts(redis: Redis, zaakId: string, ctx: DeletionContext): Promise<string | undefined> {
  const caseKey = caseKeys.case(zaakId);
  const h = await redis.hgetall(caseKey);
  if (!h.zaakId || !h.gemeentecode || !h.adresPseudonym || !h.persoonPseudonym) {
    await redis.multi().zrem(retentionKeys.caseFactsExpiry, zaakId).zrem(retentionKeys.contactExpiry, zaakId).exec();
    return undefined;
  }
  if (h.zaakfeitenBewaarTot && Date.parse(h.zaakfeitenBewaarTot) > ctx.now.getTime()) {
    // Moved later meanwhile (a signal joined, or the case closed): the index follows the case.
    await redis.zadd(retentionKeys.caseFactsExpiry, Date.parse(h.zaakfeitenBewaarTot), zaakId);
    return undefined;
  }
  const g = h.gemeentecode;
  const signals = JSON.parse(h.signalen ?? '[]') as Array<{ signaalId: string; partnerOin: string }>;
  const ids = await Promise.all(signals.map((s) => redis.hget(intakeKeys.signal(s.signaalId), 'id')));
  const signalIds = signals.map((s) => s.signaalId);
  const deleted = await deleteGuarded(redis, {
    guards: [{ key: caseKey, field: 'zaakfeitenBewaarTot', expected: h.zaakfeitenBewaarTot ?? '' }],
    caseEvent: { caseKey, now: ctx.now },
    dels: [
      caseKey,
      ...signals.map((s) => intakeKeys.signal(s.signaalId)),
      ...signals.flatMap((s, i) => (ids[i] ? [intakeKeys.idempotency(s.partnerOin, ids[i])] : [])),
    ],
    zrems: [
      { key: retentionKeys.caseFactsExpiry, member: zaakId }, { key: retentionKeys.contactExpiry, member: zaakId },
      { key: caseKeys.person(g, h.persoonPseudonym), member: zaakId },
      { key: outreachKeys.open(g), member: zaakId }, { key: outreachKeys.leases(g), member: zaakId },
      ...signalIds.map((id) => ({ key: intakeKeys.byMunicipality(g), member: id })),
    ],
    ifDels: [
      // The address's memory of this case goes unless it now speaks of a later case (the hash
      // itself goes with its last field).
      { key: caseKeys.address(g, h.adresPseudonym), when: { open: ['', zaakId], gesloten: ['', h.afgesloten ?? ''] }, fields: ['open', 'gesloten'] },
      // A partner's last arrears at the address go unless a later signal (of another case) set them.
      ...[...new Set(signals.map((s) => s.partnerOin))].map((oin) => caseKeys.partnerAtAddress(oin)).map((field) => ({
        key: caseKeys.address(g, h.adresPseudonym!), when: { [field]: ['', ...signalIds] }, fields: [field],
      })),
    ],
    records: [deletionRecord('zaakfeiten-verwijderd', ctx, { id: h.persoonPseudonym, type: 'pseudoniem-persoon' }, {
      'vroegsignaal.gemeentecode': g, 'vroegsignaal.zaak_id': zaakId, ...(h.zaakfeitenBewaarTot ? { 'vroegsignaal.bewaard_tot': h.zaakfeitenBewaarTot } : {}),
    })],
  });
  return deleted ? g : undefined;
}

/** A repeat that joined no case: its signal, idempotency key and indexes go at its own term. */
export async function deleteCaselessSignal(redis: Redis, signaalId: string, ctx: DeletionContext): Promise<boolean> {
  const key = intakeKeys.signal(signaalId);
  const h = await redis.hgetall(key);
  if (!h.signaalId || h.zaakId || !h.bewaarTot) {
    await redis.zrem(retentionKeys.signalExpiry, signaalId);
    return false;
  }
  if (Date.parse(h.bewaarTot) > ctx.now.getTime()) return false;
  const g = h.gemeentecode!;
  return deleteGuarded(redis, {
    guards: [{ key, field: 'bewaarTot', expected: h.bewaarTot }],
    dels: [key, intakeKeys.idempotency(h.partnerOin!, h.id!)],
    zrems: [{ key: retentionKeys.signalExpiry, member: signaalId }, { key: intakeKeys.byMunicipality(g), member: signaalId }],
    ifDels: h.adresPseudonym ? [{ key: caseKeys.address(g, h.adresPseudonym), when: { [caseKeys.partnerAtAddress(h.partnerOin!)]: [signaalId] }, fields: [caseKeys.partnerAtAddress(h.partnerOin!)] }] : [],
    records: [deletionRecord('signaal-verwijderd', ctx, { id: h.persoonPseudonym ?? h.adresPseudonym ?? signaalId, type: 'pseudoniem-persoon' }, {
      'vroegsignaal.gemeentecode': g, 'vroegsignaal.signaal_id': signaalId, 'vroegsignaal.bewaard_tot': h.bewaarTot,
    })],
  });
}
