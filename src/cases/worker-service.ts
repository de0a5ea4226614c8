import { sealRecord, type SealedRecord } from '../audit/leaf.js';
import { processingRecord, type ProcessingRecord } from '../audit/records.js';
import { childSpan, type TraceContext } from '../audit/trace.js';
import { ProblemError } from '../errors/problem.js';
import type { AppDeps } from '../http/deps.js';
import type { CaseView } from '../http/schemas/zaken.js';
import { uuidPattern } from '../ids/uuid.js';
import type { PolicySnapshot } from '../intake/service.js';
import { claimNext } from '../outreach/claims.js';
import { leaseEnd } from '../outreach/deadlines.js';
import { caseKeys, outreachKeys } from '../redis/keys.js';
import type { Eindresultaat } from '../policy/bundle-schema.js';
import { decryptContactDetails, parseStoredContact, rewrapDataKey, storedContact } from '../privacy/envelope.js';
import { periodKeyFor } from '../privacy/period-keys.js';
import { closedCaseExpiry } from '../retention/expiry.js';
import type { ActionContext, ActionRefusal } from './action-script.js';
import { recordContactAttempt, releaseCase, revealContact } from './actions.js';
import { casePersons } from './case.js';
import { retentionEndFields } from './retention-ends.js';
import { closeCase } from './close.js';
import { caseView, type ContactAttempt } from './view.js';
import { partnerStatusAfterClose } from '../policy/terugmelding.js';

/**
 * Working a case, for whoever asks: the staff API (routes/zaken.ts) and the Werkplek's pages
 * (web/werkvoorraad) call these same functions, so claiming, revealing, recording and closing
 * exist once and write the same audit records whichever door a worker came through.
 *
 * Refusals are ProblemErrors (404 another municipality's case, 403 not the claimant, 409 a lapsed
 * claim): the API answers them as problem+json, the pages as a Dutch page.
 */

/** What the service needs of the gateway's dependencies. */
export type WorkerServiceDeps = Pick<AppDeps, 'redis' | 'policy' | 'keystore' | 'clock' | 'periodKeysDir' | 'retention' | 'metrics' | 'replicas'>;

/** The staff member acting: from a bearer token (API) or a session (Werkplek). */
export interface Actor {
  sub: string;
  gemeentecode: string;
}

/** One request of one actor: its trace (the audit records' span parent) and its id (claim idempotency). */
export interface ActorRequest {
  actor: Actor;
  trace: TraceContext;
  requestId: string;
}

/** Decrypted contact details, newest signal first (the API's contactgegevens answer). */
export type ContactDetails = Record<string, unknown> & { eerdereSignalen?: Array<Record<string, unknown>> };

const activity = 'urn:vroegsignaal:verwerking:contact-opnemen';

/** The ProblemError for a refused action, in the words the API has always used. */
export function refuse(reason: ActionRefusal): never {
  if (reason === 'claim-verlopen') throw new ProblemError('claim-verlopen', 'Uw claim op deze zaak is verlopen; de zaak staat weer in de wachtrij');
  if (reason === 'geen-gegevens') throw new ProblemError('niet-gevonden', 'De contactgegevens van deze zaak zijn verwijderd');
  if (reason === 'gewijzigd') throw new Error('de zaak bleef veranderen tijdens het afsluiten');
  throw new ProblemError('geen-toegang', 'Alleen wie de zaak heeft opgepakt, mag dit');
}

export function workerService(deps: WorkerServiceDeps) {
  /** A refused action; a claim found lapsed went back to the queue in that same script (metrics count it). */
  function refused(actor: Actor, reason: ActionRefusal): never {
    if (reason === 'claim-verlopen') deps.metrics?.leaseLapsed(actor.gemeentecode, 1);
    refuse(reason);
  }
  /**
   * With REDIS_MIN_REPLICAS: an action is answered only once the replicas hold what its script
   * wrote (the claim, the reveal's audit record, the attempt, the close), so a failover cannot
   * take back what a worker was told happened; else a 503 (maybe done) and the worker repeats.
   * A claim answered so may have claimed its case all the same: it is then among the worker's own
   * cases, and a repeated claim takes the next one.
   */
  const durable = async () => {
    await deps.replicas?.after();
  };

  /** Workers of a municipality work its cases: another municipality's case does not exist for them (404). */
  async function ownCase(actor: Actor, zaakId: string): Promise<Record<string, string>> {
    const h = uuidPattern.test(zaakId) ? await deps.redis.hgetall(caseKeys.case(zaakId)) : {};
    if (h.gemeentecode !== actor.gemeentecode) throw new ProblemError('niet-gevonden', 'Geen zaak met dit id in uw gemeente');
    return h;
  }

  /**
   * The sealed audit records of one action on one case: one per person whose data it touches
   * (pseudonymous: the person's pseudonym and ids), so each resident's access request finds it.
   */
  function caseRecords(trace: TraceContext, h: Record<string, string>, name: string, now: Date,
    extra: Partial<ProcessingRecord['attributes']> = {}, policy: PolicySnapshot = deps.policy(), persons = casePersons(h)): SealedRecord[] {
    const span = childSpan(trace);
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
  function actionContext(req: ActorRequest, h: Record<string, string>, now: Date): ActionContext {
    return { zaakId: h.zaakId!, gemeentecode: req.actor.gemeentecode, sub: req.actor.sub, now, leaseUntil: leaseEnd(now), lapseRecords: caseRecords(req.trace, h, 'claim-verlopen', now) };
  }

  return {
    ownCase,

    /** The case as its municipality's worker sees it (404 for another municipality's). */
    async view(actor: Actor, zaakId: string): Promise<CaseView> {
      return caseView(await ownCase(actor, zaakId), deps.clock(), actor.sub);
    },

    /** The stored cases of the actor's municipality that are open or claimed, queue order first. */
    async openCaseHashes(actor: Actor): Promise<Array<Record<string, string>>> {
      const ids = [
        ...(await deps.redis.zrange(outreachKeys.open(actor.gemeentecode), 0, -1)),
        ...(await deps.redis.zrange(outreachKeys.leases(actor.gemeentecode), 0, -1)),
      ];
      const pipeline = deps.redis.pipeline();
      for (const id of ids) pipeline.hgetall(caseKeys.case(id));
      return ((await pipeline.exec()) ?? []).map(([, h]) => h as Record<string, string>).filter((h) => h.zaakId !== undefined);
    },

    /** The next case of the actor's municipality (crisis first, then offer deadline), claimed; undefined when none is waiting. */
    async claimNext(req: ActorRequest): Promise<CaseView | undefined> {
      const { actor } = req;
      const now = deps.clock();
      const policy = deps.policy();
      const { zaakId, lapsed } = await claimNext(deps.redis, {
        gemeentecode: actor.gemeentecode, sub: actor.sub, now, leaseUntil: leaseEnd(now), requestId: req.requestId,
        recordsFor: (c, name) => caseRecords(req.trace, c, name, now, {}, policy),
      });
      deps.metrics?.leaseLapsed(actor.gemeentecode, lapsed.length);
      if (!zaakId) return undefined;
      await durable();
      return caseView(await deps.redis.hgetall(caseKeys.case(zaakId)), now, actor.sub);
    },

    /** Decrypted contact details, for the claimant only; the reveal is recorded before anything is decrypted. */
    async revealContact(req: ActorRequest, zaakId: string): Promise<ContactDetails> {
      const { actor } = req;
      const now = deps.clock();
      const found = await ownCase(actor, zaakId);
      // The reveal is recorded before anything is shown, in the script that hands out the blobs:
      // no record, no data (FSC's rule too).
      const outcome = await revealContact(deps.redis, actionContext(req, found, now), caseRecords(req.trace, found, 'contactgegevens-ingezien', now, {}, deps.policy(), casePersons(found, { withContact: true })));
      if (!outcome.done) refused(actor, outcome.reason);
      // No durable record, no data: the reveal's record must survive a failover before anything is shown.
      await durable();
      const h = outcome.hash;
      // One blob per signal (a combined case has several); newest first, the newest on top.
      const signals = (JSON.parse(h.signalen ?? '[]') as Array<{ signaalId: string }>).map((s) => s.signaalId).reverse();
      const details = signals.filter((id) => h[`contact:${id}`]).map((id) => ({
        signaalId: id,
        ...(decryptContactDetails(parseStoredContact(h[`contact:${id}`]!), (kek) => deps.keystore.kekById(actor.gemeentecode, kek), id) as object),
      }));
      if (details.length === 0) refuse('geen-gegevens');
      const [newest, ...older] = details;
      const { signaalId: _newestId, ...current } = newest!;
      return { ...current, ...(older.length > 0 ? { eerdereSignalen: older } : {}) };
    },

    async recordAttempt(req: ActorRequest, zaakId: string, attempt: ContactAttempt): Promise<CaseView> {
      const now = deps.clock();
      const h = await ownCase(req.actor, zaakId);
      const outcome = await recordContactAttempt(deps.redis, actionContext(req, h, now), caseRecords(req.trace, h, 'contactpoging', now), attempt);
      if (!outcome.done) refused(req.actor, outcome.reason);
      await durable();
      return caseView(outcome.hash, now, req.actor.sub);
    },

    /** Back to the queue, for the next worker. */
    async release(req: ActorRequest, zaakId: string): Promise<CaseView> {
      const now = deps.clock();
      const h = await ownCase(req.actor, zaakId);
      const outcome = await releaseCase(deps.redis, actionContext(req, h, now), caseRecords(req.trace, h, 'claim-vrijgegeven', now));
      if (!outcome.done) refused(req.actor, outcome.reason);
      await durable();
      return caseView(outcome.hash, now, req.actor.sub);
    },

    /**
     * Close with a DDAS end result: the retention periods start, the contact details move under
     * the period key of the week they expire, the partners learn only what DDAS lets them.
     */
    async close(req: ActorRequest, zaakId: string, eindresultaat: Eindresultaat): Promise<CaseView> {
      const { actor } = req;
      const policy = deps.policy();
      const { bundle, revision } = policy;
      // The re-wrap is planned on the blobs as read; the script refuses if they changed, and we plan again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const h = await ownCase(actor, zaakId);
        // Checked again in the script; checked here so nobody else's request makes a period key.
        if (h.status !== 'opgepakt' || h.claimant !== actor.sub) refuse('geen-toegang');
        const now = deps.clock();
        const expiry = closedCaseExpiry(bundle, now, eindresultaat);
        const bewaarTot = expiry.contactTot;
        const feitenTot = expiry.zaakfeitenTot;
        const fields: Record<string, string> = {
          status: 'afgesloten', eindresultaat, afgesloten: now.toISOString(), ...retentionEndFields(feitenTot.toISOString(), bewaarTot.toISOString()),
          contactBewaarRegel: expiry.regel,
        };
        // Crypto-shredding: the data keys move under the key of the week their retention ends;
        // destroying that key later makes every copy of these blobs unreadable (no decryption here).
        const periodKey = periodKeyFor(deps.periodKeysDir, actor.gemeentecode, bewaarTot, now);
        const blobsRead: Record<string, string> = {};
        for (const [field, text] of Object.entries(h).filter(([f]) => f.startsWith('contact:'))) {
          blobsRead[field] = text;
          const blob = parseStoredContact(text);
          const current = deps.keystore.kekById(actor.gemeentecode, blob.kekId);
          if (current && blob.kekId !== periodKey.id) fields[field] = storedContact(rewrapDataKey(blob, current, periodKey));
        }
        const records = caseRecords(req.trace, h, 'zaak-afgesloten', now, {
          'vroegsignaal.contactgegevens_bewaard_tot': bewaarTot.toISOString(), 'vroegsignaal.bewaard_tot': feitenTot.toISOString(),
          'vroegsignaal.bewaarregel': expiry.regel, 'vroegsignaal.beleid_revisie': revision,
        }, policy);
        const outcome = await closeCase(deps.redis, actionContext(req, h, now), records, {
          fields, blobsRead, contactTot: bewaarTot, zaakfeitenTot: feitenTot,
          addressKey: caseKeys.address(actor.gemeentecode, h.adresPseudonym!), partnerStatus: partnerStatusAfterClose(bundle.terugmelding, eindresultaat),
        });
        if (!outcome.done && outcome.reason === 'gewijzigd') continue;
        if (!outcome.done) refused(actor, outcome.reason);
        // Both deletions are scheduled now; a sweeper (retention) catches any job that is lost.
        await deps.retention.schedule({ zaakId, regel: expiry.regel, bewaarTot: bewaarTot.toISOString() }, now, 'contactgegevens');
        await deps.retention.schedule({ zaakId, regel: 'bewaartermijnen.zaakfeiten', bewaarTot: feitenTot.toISOString() }, now, 'zaakfeiten');
        await durable();
        return caseView(outcome.hash, now, actor.sub);
      }
      refuse('gewijzigd');
    },
  };
}

export type WorkerService = ReturnType<typeof workerService>;
