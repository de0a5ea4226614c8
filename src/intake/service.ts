import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { appendAuditRecords } from '../audit/append.js';
import { jcs } from '../audit/jcs.js';
import { sealRecord, type SealedRecord } from '../audit/leaf.js';
import { childSpan, type TraceContext } from '../audit/trace.js';
import type { CaseSignal } from '../cases/case.js';
import { combine, type AddressState, type PartnerHistory } from '../cases/combine.js';
import { decodePartnerHistory } from '../cases/partner-history.js';
import { caseKeys, intakeKeys } from '../redis/keys.js';
import type { ReplicaBarrier } from '../redis/replicas.js';
import { ProblemError } from '../errors/problem.js';
import { uuidv7 } from '../ids/uuid.js';
import type { PolicyBundle } from '../policy/bundle-schema.js';
import type { PolicyDecision } from '../policy/evaluate.js';
import { encryptContactDetails, type EncryptedContact } from '../privacy/envelope.js';
import type { MunicipalKeystore } from '../privacy/keystore.js';
import { addressPseudonym, personPseudonym } from '../privacy/pseudonym.js';
import { decideIntake, type IntakeDecision } from './decide.js';
import { commitCoalescer } from './coalesce.js';
import type { CommitInput, IdempotencyValue } from './commit.js';
import { commitPlan, readJoinedCase } from './plan.js';
import { intakeRecords, decisionRecord } from './records.js';
import { receiptFromSignalHash, type Receipt } from './receipt.js';
import type { Signal, SignaalpartnerType } from './schema.js';
import { caselessSignalExpiry, provisionalCaseExpiry } from '../retention/expiry.js';
import { inSpan, inSpanSync } from '../tracing/spans.js';

export interface IntakePartner {
  oin: string;
  naam: string;
  type: SignaalpartnerType;
}

export interface PolicySnapshot {
  bundle: PolicyBundle;
  revision: string;
}

export interface IntakeDeps {
  redis: Redis;
  /**
   * REDIS_MIN_REPLICAS > 0: nothing is acknowledged (202, or 200 for a repeat) before that many
   * replicas hold it; fewer in REDIS_REPLICA_TIMEOUT_MS is a 503 (maybe stored, repeat).
   */
  replicas?: ReplicaBarrier;
  policy: () => PolicySnapshot;
  keystore: MunicipalKeystore;
  clock: () => Date;
}

export interface IntakeRequest {
  partner: IntakePartner;
  trace: TraceContext;
  /** The raw (parsed JSON) signal: validated here, so batch items and single posts share one path. */
  raw: unknown;
  /**
   * What the receipt says was delivered: the request Digest for a single post. A batch item
   * leaves it out and gets the digest of its own canonical JSON (the batch Digest covers the
   * whole body, which proves nothing about one signal on its own).
   */
  digest?: string;
  fscTransactionId?: string;
}


export type IntakeOutcome = { status: 202 | 200; receipt: Receipt };

/** Hash of the signal's canonical JSON: retries that differ only in whitespace or key order match. */
export function contentHash(raw: unknown): string {
  return createHash('sha256').update(jcs(raw)).digest('base64');
}

/** One signal's answer in a batch (or a single post): its outcome, or why not (a ProblemError for the partner to fix, else a fault of ours). */
export type ItemOutcome = IntakeOutcome | Error;

/** Signals committed per script call: big enough to pay the round trip once, small enough not to stall Redis. */
export const commitChunkSize = 100;

/**
 * The intake of one signal: validate, deduplicate, decide, pseudonymise, encrypt, commit.
 * Throws ProblemError for anything the partner must fix; any other error means nothing was kept
 * (or, with a lost reply, maybe: the partner repeats with the same id).
 */
export async function intakeSignal(deps: IntakeDeps, req: IntakeRequest): Promise<IntakeOutcome> {
  const [outcome] = await intakeSignals(deps, req, [req.raw]);
  if (outcome instanceof Error) throw outcome;
  return outcome!;
}

/** A signal that passed the policy, with what its commit needs that does not depend on the address state. */
interface Accepted {
  index: number;
  signal: Signal;
  decision: PolicyDecision;
  gemeentecode: string;
  hash: string;
  digest: string;
  signaalId: string;
  adresPseudonym: string;
  persoonPseudonym: string;
  contact: EncryptedContact;
  caseSignal: CaseSignal;
  idempotencyKey: string;
  addressKeys: string[];
  /** The address hash's field for this partner's last arrears there. */
  partnerField: string;
  /** Plans made on a state that changed before the commit; a signal gives up after five. */
  staleRounds: number;
}

/**
 * The intake of a batch (or of one signal): every item validated and decided on its own, the
 * refusals recorded together, and the accepted signals committed in chunks of `commitChunkSize`
 * per script call — with each item's own outcome, exactly as if it had been posted alone.
 * Items for one address, or with one id, go in successive rounds, so the second sees the first
 * (two signals for one address in one batch end in one case; a repeated id answers 200).
 */
export async function intakeSignals(deps: IntakeDeps, req: IntakeRequest, raws: unknown[]): Promise<ItemOutcome[]> {
  const now = deps.clock();
  // One snapshot for the whole request: a reload meanwhile must not give its records one
  // revision and its deadline or expiry another.
  const policy = deps.policy();
  const outcomes: ItemOutcome[] = new Array(raws.length);
  const refused: Array<{ index: number; hash: string; idempotencyKey: string; problem: ProblemError; record: SealedRecord }> = [];
  const accepted: Accepted[] = [];
  const decisions = decideAll(raws, req.partner.type, policy, now);
  raws.forEach((raw, index) => {
    const outcome = decisions[index]!;
    if (outcome.kind === 'invalid') {
      outcomes[index] = new ProblemError(outcome.code, 'Het signaal voldoet niet aan het schema', { errors: outcome.violations });
      return;
    }
    const hash = contentHash(raw);
    const idempotencyKey = intakeKeys.idempotency(req.partner.oin, outcome.signal.id);
    if (outcome.kind === 'refused') {
      const record = sealRecord(decisionRecord({
        trace: childSpan(req.trace), now, signal: outcome.signal, decision: outcome.decision, revision: policy.revision,
        partnerOin: req.partner.oin, unknownPostcode: outcome.unknownPostcode,
      }));
      const problem = outcome.status === 403
        ? new ProblemError(outcome.code, outcome.decision.reasons[0]?.detail)
        : new ProblemError(outcome.code, `Het signaal is geweigerd: ${outcome.violations.length} bevinding(en)`, { errors: outcome.violations });
      refused.push({ index, hash, idempotencyKey, problem, record });
      return;
    }
    // A single post names the request's Digest; a batch item the digest of its own canonical JSON.
    const digest = raws.length === 1 && req.digest ? req.digest : `SHA-256=${hash}`;
    accepted.push(prepare(deps, req, outcome.signal, outcome.decision, outcome.gemeentecode, hash, digest, index, now, idempotencyKey));
  });
  await Promise.all([recordRefusals(deps, refused, outcomes), commitAccepted(deps, req, policy, now, accepted, outcomes)]);
  await repeatsDurable(deps, outcomes);
  return outcomes;
}

/**
 * Schema, policy and routing of every signal of the request, as one span (`intake.policy`): its
 * attributes are counts, the partner type and the municipality codes — never a signal's content.
 */
function decideAll(raws: unknown[], partnerType: SignaalpartnerType, policy: PolicySnapshot, now: Date): IntakeDecision[] {
  return inSpanSync('intake.policy', { 'vroegsignaal.signaalpartner': partnerType, 'vroegsignaal.signalen': raws.length, 'vroegsignaal.beleid_revisie': policy.revision }, (span) => {
    const decisions = raws.map((raw) => decideIntake(raw, partnerType, policy.bundle, now));
    if (span) {
      const accepted = decisions.flatMap((d) => (d.kind === 'accepted' ? [d.gemeentecode] : []));
      span.setAttributes({
        'vroegsignaal.toegelaten': accepted.length,
        'vroegsignaal.geweigerd': decisions.filter((d) => d.kind === 'refused').length,
        'vroegsignaal.ongeldig': decisions.filter((d) => d.kind === 'invalid').length,
        'vroegsignaal.gemeentecodes': [...new Set(accepted)].sort(),
      });
    }
    return decisions;
  });
}

/**
 * A 200 answers for what an earlier request stored — perhaps one that got a 503 because its
 * replicas did not confirm in time, so perhaps still only on the primary. A repeat acknowledges
 * it only once the replicas have it too (a 202 waited in its commit already).
 */
async function repeatsDurable(deps: IntakeDeps, outcomes: ItemOutcome[]): Promise<void> {
  if (!deps.replicas || !outcomes.some((o) => !(o instanceof Error) && o.status === 200)) return;
  try {
    await deps.replicas.after();
  } catch (err) {
    outcomes.forEach((o, i) => {
      if (!(o instanceof Error) && o.status === 200) outcomes[i] = err as Error;
    });
  }
}

/** Pseudonyms, encryption and keys: everything of an accepted signal that the address state does not change. */
function prepare(deps: IntakeDeps, req: IntakeRequest, signal: Signal, decision: PolicyDecision, gemeentecode: string,
  hash: string, digest: string, index: number, now: Date, idempotencyKey: string): Accepted {
  const signaalId = uuidv7(now.getTime());
  const pseudonymKey = deps.keystore.pseudonymKey(gemeentecode);
  const adresPseudonym = addressPseudonym(signal.adres, pseudonymKey);
  const persoonPseudonym = personPseudonym(signal.persoon, signal.adres, pseudonymKey);
  // Bound to the signal, not the case: a signal may join a case that already exists.
  const contact = encryptContactDetails({ persoon: signal.persoon, adres: signal.adres }, deps.keystore.currentKek(gemeentecode), signaalId);
  const caseSignal: CaseSignal = {
    signaalId, partnerType: signal.signaalpartner, partnerOin: req.partner.oin, bedrag: signal.bedrag,
    signaaldatum: signal.signaaldatum, ontstaansdatum: signal.ontstaansdatum, crisissignaal: signal.crisissignaal, warmeOverdracht: signal.warmeOverdracht,
    persoonPseudonym,
  };
  // After a key rotation the same address has older pseudonyms too; all keys in the ring count
  // for combining, the current one first (old keys leave the ring after the six-month window).
  const ring = deps.keystore.pseudonymKeys(gemeentecode).map((key) => addressPseudonym(signal.adres, key));
  return {
    index, signal, decision, gemeentecode, hash, digest, signaalId, adresPseudonym, persoonPseudonym, contact, caseSignal, idempotencyKey,
    addressKeys: ring.map((p) => caseKeys.address(gemeentecode, p)),
    partnerField: caseKeys.partnerAtAddress(req.partner.oin),
    staleRounds: 0,
  };
}

/** A refusal is recorded before it is answered (one script call for all of a batch's); a refused id seen before answers as that. */
async function recordRefusals(deps: IntakeDeps, refused: Array<{ index: number; hash: string; idempotencyKey: string; problem: ProblemError; record: SealedRecord }>, outcomes: ItemOutcome[]) {
  if (refused.length === 0) return;
  try {
    const earlier = await deps.redis.mget(refused.map((r) => r.idempotencyKey));
    const fresh = refused.filter((_, i) => !earlier[i]);
    await Promise.all(refused.map(async (r, i) => {
      if (earlier[i]) outcomes[r.index] = await repeat(deps.redis, JSON.parse(earlier[i]!) as IdempotencyValue, r.hash).catch((err: Error) => err);
    }));
    if (fresh.length > 0) await appendAuditRecords(deps.redis, fresh.map((r) => r.record));
    for (const r of fresh) outcomes[r.index] = r.problem;
  } catch (err) {
    for (const r of refused) outcomes[r.index] ??= err as Error;
  }
}

/**
 * Rounds until every accepted signal has its outcome: read the address state of this round's
 * signals (one per address and id), plan, commit in chunks; signals whose plan went stale, or
 * that another held back, go again in the next round.
 */
async function commitAccepted(deps: IntakeDeps, req: IntakeRequest, policy: PolicySnapshot, now: Date, accepted: Accepted[], outcomes: ItemOutcome[]) {
  let pending = accepted;
  while (pending.length > 0) {
    const { round, later } = oneRound(pending);
    const again: Accepted[] = [];
    try {
      const planned = await planRound(deps, req, policy, now, round, outcomes);
      for (let i = 0; i < planned.length; i += commitChunkSize) {
        const chunk = planned.slice(i, i + commitChunkSize);
        const verdicts = await inSpan('intake.commit', { 'vroegsignaal.signalen': chunk.length }, () => commitCoalescer(deps.redis, deps.replicas).commit(chunk.map((c) => c.input)));
        await Promise.all(chunk.map(async ({ item, leafHash }, j) => {
          const verdict = verdicts[j]!;
          if (verdict.committed) {
            outcomes[item.index] = {
              status: 202,
              receipt: {
                signaalId: item.signaalId, id: item.signal.id, ontvangen: now.toISOString(), digest: item.digest, gemeentecode: item.gemeentecode,
                auditlog: { index: verdict.firstAuditIndex, leafHash },
              },
            };
          } else if ('existing' in verdict) {
            outcomes[item.index] = await settledRepeat(deps.redis, verdict.existing, item).catch((err: Error) => err);
          } else if ('stale' in verdict && ++item.staleRounds >= 5) {
            outcomes[item.index] = new Error('adres bleef veranderen tijdens het combineren');
          } else {
            again.push(item);
          }
        }));
      }
    } catch (err) {
      // Redis failed mid-round: what was not answered may or may not be stored; the partner repeats with the same id.
      for (const item of round) outcomes[item.index] ??= err as Error;
    }
    pending = [...again, ...later];
  }
}

/** This round: the first pending signal of each address and of each id; the rest wait for the next. */
function oneRound(pending: Accepted[]): { round: Accepted[]; later: Accepted[] } {
  const taken = new Set<string>();
  const round: Accepted[] = [];
  const later: Accepted[] = [];
  for (const item of pending) {
    const keys = [item.idempotencyKey, ...item.addressKeys];
    if (keys.some((k) => taken.has(k))) {
      later.push(item);
      continue;
    }
    for (const k of keys) taken.add(k);
    round.push(item);
  }
  return { round, later };
}

interface Planned {
  item: Accepted;
  input: CommitInput;
  leafHash: string;
}

/** Read every address of the round at once, answer the repeats, and plan the rest against what was read. */
async function planRound(deps: IntakeDeps, req: IntakeRequest, policy: PolicySnapshot, now: Date, round: Accepted[], outcomes: ItemOutcome[]): Promise<Planned[]> {
  const states = await Promise.all(round.map((item) => readAddress(deps.redis, item.addressKeys, item.partnerField, item.idempotencyKey)));
  const planned: Planned[] = [];
  await Promise.all(round.map(async (item, i) => {
    const { address, previous, seen, earlier } = states[i]!;
    if (earlier) {
      outcomes[item.index] = await repeat(deps.redis, earlier, item.hash).catch((err: Error) => err);
      return;
    }
    const combination = combine(address, previous, item.signal, now);
    const zaakId = combination.zaakId ?? (combination.kind === 'herhaald' ? undefined : uuidv7(now.getTime()));
    const expiry = zaakId ? provisionalCaseExpiry(policy.bundle, now) : undefined;
    const bewaarTot = expiry?.zaakfeitenTot ?? caselessSignalExpiry(policy.bundle, now);
    // A crisis signal joining a case makes it a crisis case: plan against its deadline as it is now.
    const joined = combination.zaakId && item.signal.crisissignaal ? await readJoinedCase(deps.redis, combination.zaakId) : undefined;
    const records = intakeRecords({
      trace: req.trace, now, signal: item.signal, decision: item.decision, revision: policy.revision, partnerOin: req.partner.oin,
      gemeentecode: item.gemeentecode, signaalId: item.signaalId, zaakId, combination: combination.kind, persoonPseudonym: item.persoonPseudonym,
      fscTransactionId: req.fscTransactionId,
      bewaring: { tot: bewaarTot.toISOString(), regel: expiry?.regel ?? 'bewaartermijnen.zaakfeiten (signaal zonder zaak)' },
    }).map((r) => sealRecord(r));
    const leafHash = records[0]!.leafHash.toString('base64');
    const plan = commitPlan({
      bundle: policy.bundle, partnerOin: req.partner.oin, digest: item.digest, signal: item.signal, now, gemeentecode: item.gemeentecode,
      signaalId: item.signaalId, zaakId, combination: combination.kind, seen, addressKey: item.addressKeys[0]!, partnerField: item.partnerField,
      adresPseudonym: item.adresPseudonym, persoonPseudonym: item.persoonPseudonym, caseSignal: item.caseSignal, contact: item.contact,
      hash: item.hash, leafHash, bewaarTot, joined,
    });
    planned.push({ item, leafHash, input: { idempotencyKey: item.idempotencyKey, idempotencyValue: { contentHash: item.hash, signaalId: item.signaalId }, records, ...plan } });
  }));
  return planned;
}

/** An id the commit found taken: by our own earlier attempt whose reply was lost (202 after all), or by an earlier intake. */
async function settledRepeat(redis: Redis, existing: IdempotencyValue, item: Accepted): Promise<IntakeOutcome> {
  if (existing.signaalId === item.signaalId) {
    const receipt = receiptFromSignalHash(await redis.hgetall(intakeKeys.signal(item.signaalId)));
    if (receipt) return { status: 202, receipt };
  }
  return repeat(redis, existing, item.hash);
}

async function repeat(redis: Redis, earlier: IdempotencyValue, hash: string): Promise<IntakeOutcome> {
  if (earlier.contentHash !== hash) {
    throw new ProblemError('conflict-idempotentie', 'Dit id is eerder ontvangen met een andere inhoud');
  }
  const receipt = receiptFromSignalHash(await redis.hgetall(intakeKeys.signal(earlier.signaalId)));
  if (!receipt) throw new Error('idempotency key without signal'); // would mean a broken atomic commit
  return { status: 200, receipt };
}

/**
 * What every pseudonym of the address tells, merged; `seen` is what the commit must still find.
 * Also an earlier intake of the same id, if any. Plain reads, no transaction: the commit's guards
 * and idempotency check decide; this only plans.
 */
async function readAddress(redis: Redis, addressKeys: string[], partnerField: string, idempotencyKey: string) {
  // Separate commands, not a pipeline of our own: the connection auto-pipelines, so the reads of
  // every signal in a batch — and of concurrent single posts — leave in one socket write.
  const [raw, ...addresses] = await Promise.all([redis.get(idempotencyKey), ...addressKeys.map((key) => redis.hgetall(key))]);
  const earlier = raw ? (JSON.parse(raw) as IdempotencyValue) : undefined;
  const openZaakId = addresses.find((a) => a.open)?.open;
  const closedAt = addresses.map((a) => a.gesloten).filter((g): g is string => Boolean(g)).sort().at(-1);
  const p = addresses.map((a) => decodePartnerHistory(a[partnerField])).find((x) => x !== undefined);
  const address: AddressState = { ...(openZaakId ? { openZaakId } : {}), ...(closedAt ? { closedAt } : {}) };
  const previous: PartnerHistory | undefined = p ? { ontstaansdatum: p.ontstaansdatum, bedrag: p.bedrag, signaaldatum: p.signaaldatum } : undefined;
  const seen = addressKeys.map((key, i) => ({ key, open: addresses[i]!.open ?? '', gesloten: addresses[i]!.gesloten ?? '' }));
  return { address, previous, seen, earlier };
}

