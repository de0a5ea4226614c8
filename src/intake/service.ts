import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { appendAuditRecords } from '../audit/append.js';
import { jcs } from '../audit/jcs.js';
import { sealRecord } from '../audit/leaf.js';
import { childSpan, type TraceContext } from '../audit/trace.js';
import { caseToHash, type CaseSignal, type NewCase } from '../cases/case.js';
import { combine, type AddressState, type Combination, type PartnerHistory } from '../cases/combine.js';
import { caseKeys, intakeKeys, outreachKeys, reportingKeys, retentionKeys } from '../redis/keys.js';
import { ProblemError } from '../errors/problem.js';
import { uuidv7 } from '../ids/uuid.js';
import { offerDeadline, queueScore } from '../outreach/deadlines.js';
import type { PolicyBundle } from '../policy/bundle-schema.js';
import type { PolicyDecision } from '../policy/evaluate.js';
import { postcodeArea } from '../policy/routing.js';
import { encryptContactDetails, type EncryptedContact } from '../privacy/envelope.js';
import type { MunicipalKeystore } from '../privacy/keystore.js';
import { addressPseudonym, personPseudonym } from '../privacy/pseudonym.js';
import { decideValidSignal } from './decide.js';
import { commitIntake, readIdempotency, type CommitPlan, type IdempotencyValue } from './commit.js';
import { intakeRecords, decisionRecord } from './records.js';
import { receiptFromSignalHash, type Receipt } from './receipt.js';
import type { Signal, SignaalpartnerType } from './schema.js';
import { validateSignal } from './validate.js';
import { caselessSignalExpiry, provisionalCaseExpiry } from '../retention/expiry.js';
import { intakeFields, reportingMonth } from '../reporting/fields.js';

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

type DigestedRequest = IntakeRequest & { digest: string };

export type IntakeOutcome = { status: 202 | 200; receipt: Receipt };

/** Hash of the signal's canonical JSON: retries that differ only in whitespace or key order match. */
export function contentHash(raw: unknown): string {
  return createHash('sha256').update(jcs(raw)).digest('base64');
}

/**
 * The intake of one signal: validate, deduplicate, decide, pseudonymise, encrypt, queue, commit.
 * Throws ProblemError for anything the partner must fix; any other error means nothing was kept.
 */
export async function intakeSignal(deps: IntakeDeps, req: IntakeRequest): Promise<IntakeOutcome> {
  const validation = validateSignal(req.raw);
  if (!validation.ok) throw new ProblemError('ongeldige-invoer', 'Het signaal voldoet niet aan het schema', { errors: validation.violations });
  const hash = contentHash(req.raw);
  const digested: DigestedRequest = { ...req, digest: req.digest ?? `SHA-256=${hash}` };
  const idempotencyKey = intakeKeys.idempotency(req.partner.oin, validation.signal.id);
  // Deciding is pure and cheap, so it comes first: an accepted signal then reads its id together
  // with its address (one round trip); a repeat is answered from the first intake either way.
  const now = deps.clock();
  // One snapshot for the whole request: a reload meanwhile must not give its records one
  // revision and its deadline or expiry another.
  const policy = deps.policy();
  const { bundle, revision } = policy;
  const outcome = decideValidSignal(validation.signal, req.partner.type, bundle, now);
  if (outcome.kind === 'refused') {
    const earlier = await readIdempotency(deps.redis, idempotencyKey);
    if (earlier) return repeat(deps.redis, earlier, hash);
    const record = decisionRecord({
      trace: childSpan(req.trace), now, signal: outcome.signal, decision: outcome.decision, revision,
      partnerOin: req.partner.oin, unknownPostcode: outcome.unknownPostcode,
    });
    await appendAuditRecords(deps.redis, [sealRecord(record)]);
    if (outcome.status === 403) throw new ProblemError(outcome.code, outcome.decision.reasons[0]?.detail);
    throw new ProblemError(outcome.code, `Het signaal is geweigerd: ${outcome.violations.length} bevinding(en)`, { errors: outcome.violations });
  }
  return accept(deps, digested, outcome.signal, outcome.decision, policy, outcome.gemeentecode, hash, now);
}

async function repeat(redis: Redis, earlier: IdempotencyValue, hash: string): Promise<IntakeOutcome> {
  if (earlier.contentHash !== hash) {
    throw new ProblemError('conflict-idempotentie', 'Dit id is eerder ontvangen met een andere inhoud');
  }
  const receipt = receiptFromSignalHash(await redis.hgetall(intakeKeys.signal(earlier.signaalId)));
  if (!receipt) throw new Error('idempotency key without signal'); // would mean a broken atomic commit
  return { status: 200, receipt };
}

async function accept(
  deps: IntakeDeps,
  req: DigestedRequest,
  signal: Signal,
  decision: PolicyDecision,
  policy: PolicySnapshot,
  gemeentecode: string,
  hash: string,
  now: Date,
): Promise<IntakeOutcome> {
  const { bundle, revision } = policy;
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
  const addressKeys = ring.map((p) => caseKeys.address(gemeentecode, p));
  const partnerKeys = ring.map((p) => caseKeys.partnerAtAddress(gemeentecode, p, req.partner.oin));
  const addressKey = addressKeys[0]!;
  const partnerKey = partnerKeys[0]!;

  // Plan against the address as it is now; the commit refuses if it changed meanwhile, and we
  // plan again. Two signals for one address at one moment thus end in one case.
  for (let attempt = 0; attempt < 5; attempt++) {
    const { address, previous, seen, earlier } = await readAddress(deps.redis, addressKeys, partnerKeys, intakeKeys.idempotency(req.partner.oin, signal.id));
    if (earlier) return repeat(deps.redis, earlier, hash);
    const combination = combine(address, previous, signal, now);
    const zaakId = combination.zaakId ?? (combination.kind === 'herhaald' ? undefined : uuidv7(now.getTime()));
    const expiry = zaakId ? provisionalCaseExpiry(bundle, now) : undefined;
    const bewaarTot = expiry?.zaakfeitenTot ?? caselessSignalExpiry(bundle, now);
    // A crisis signal joining a case makes it a crisis case: plan against its deadline as it is now.
    const joined = combination.zaakId && signal.crisissignaal ? await readJoinedCase(deps.redis, combination.zaakId) : undefined;
    const records = intakeRecords({
      trace: req.trace, now, signal, decision, revision, partnerOin: req.partner.oin,
      gemeentecode, signaalId, zaakId, combination: combination.kind, persoonPseudonym, fscTransactionId: req.fscTransactionId,
      bewaring: { tot: bewaarTot.toISOString(), regel: expiry?.regel ?? 'bewaartermijnen.zaakfeiten (signaal zonder zaak)' },
    }).map((r) => sealRecord(r));
    const leafHash = records[0]!.leafHash.toString('base64');
    const plan = commitPlan({ bundle, req, signal, now, gemeentecode, signaalId, zaakId, combination: combination.kind, seen, addressKey, partnerKey,
      adresPseudonym, persoonPseudonym, caseSignal, contact, hash, leafHash, bewaarTot, joined });

    // The case and its place in the municipality's worklist (a sorted set: the queue of record)
    // are written by one script, so neither exists without the other.
    const result = await commitIntake(deps.redis, {
      idempotencyKey: intakeKeys.idempotency(req.partner.oin, signal.id),
      idempotencyValue: { contentHash: hash, signaalId },
      records,
      ...plan,
    });
    if (!result.committed && 'existing' in result && result.existing.signaalId === signaalId) {
      // Our own commit, run again by the client after a lost reply: it is stored.
      const receipt = receiptFromSignalHash(await deps.redis.hgetall(intakeKeys.signal(signaalId)));
      if (receipt) return { status: 202, receipt };
    }
    if (!result.committed && 'existing' in result) return repeat(deps.redis, result.existing, hash);
    if (!result.committed) continue;
    return {
      status: 202,
      receipt: {
        signaalId, id: signal.id, ontvangen: now.toISOString(), digest: req.digest, gemeentecode,
        auditlog: { index: result.firstAuditIndex, leafHash },
      },
    };
  }
  throw new Error('adres bleef veranderen tijdens het combineren');
}

/**
 * What every pseudonym of the address tells, merged; `seen` is what the commit must still find.
 * Also an earlier intake of the same id, if any. Plain reads, no transaction: the commit's guards
 * and idempotency check decide; this only plans.
 */
async function readAddress(redis: Redis, addressKeys: string[], partnerKeys: string[], idempotencyKey: string) {
  const read = redis.pipeline();
  for (const key of addressKeys) read.hgetall(key);
  for (const key of partnerKeys) read.hgetall(key);
  read.get(idempotencyKey);
  const results = (await read.exec()) ?? [];
  const failed = results.find(([err]) => err);
  if (failed) throw failed[0];
  const raw = results.pop()?.[1] as string | null;
  const earlier = raw ? (JSON.parse(raw) as IdempotencyValue) : undefined;
  const replies = results.map(([, value]) => value as Record<string, string>);
  const addresses = replies.slice(0, addressKeys.length);
  const partners = replies.slice(addressKeys.length);
  const openZaakId = addresses.find((a) => a.open)?.open;
  const closedAt = addresses.map((a) => a.gesloten).filter((g): g is string => Boolean(g)).sort().at(-1);
  const p = partners.find((x) => x.ontstaansdatum);
  const address: AddressState = { ...(openZaakId ? { openZaakId } : {}), ...(closedAt ? { closedAt } : {}) };
  const previous: PartnerHistory | undefined = p ? { ontstaansdatum: p.ontstaansdatum!, bedrag: Number(p.bedrag), signaaldatum: p.signaaldatum! } : undefined;
  const seen = addressKeys.map((key, i) => ({ key, open: addresses[i]!.open ?? '', gesloten: addresses[i]!.gesloten ?? '' }));
  return { address, previous, seen, earlier };
}

/** What a crisis signal needs of the case it joins: its deadline now, and when it arrived (queue tie-break). */
interface JoinedCase {
  aanbodtermijn: string;
  aangemaakt: string;
}

async function readJoinedCase(redis: Redis, zaakId: string): Promise<JoinedCase> {
  const [aanbodtermijn, aangemaakt] = await redis.hmget(caseKeys.case(zaakId), 'aanbodtermijn', 'aangemaakt');
  return { aanbodtermijn: aanbodtermijn ?? '', aangemaakt: aangemaakt ?? '' };
}

interface PlanInput {
  bundle: PolicyBundle; req: DigestedRequest; signal: Signal; now: Date; gemeentecode: string; signaalId: string; zaakId: string | undefined;
  combination: Combination; seen: Array<{ key: string; open: string; gesloten: string }>; addressKey: string; partnerKey: string; adresPseudonym: string; persoonPseudonym: string;
  caseSignal: CaseSignal; contact: EncryptedContact; hash: string; leafHash: string;
  /** The expiry of what this intake writes (provisional for a case: see retention/expiry). */
  bewaarTot: Date;
  /** Set when a crisis signal joins an existing case. */
  joined: JoinedCase | undefined;
}

/** The writes of one intake, guarded by the address state they were planned for. */
function commitPlan(p: PlanInput): CommitPlan {
  const repeatSignal = p.combination === 'herhaald';
  const signalKey = intakeKeys.signal(p.signaalId);
  const tot = p.bewaarTot.toISOString();
  const plan: Required<CommitPlan> = {
    guards: p.seen.flatMap((a) => [{ key: a.key, field: 'open', expected: a.open }, { key: a.key, field: 'gesloten', expected: a.gesloten }]),
    hashes: [
      {
        key: signalKey,
        fields: {
          signaalId: p.signaalId, id: p.signal.id, partnerOin: p.req.partner.oin, partnerType: p.signal.signaalpartner,
          ontvangen: p.now.toISOString(), digest: p.req.digest, contentHash: p.hash, gemeentecode: p.gemeentecode,
          zaakId: p.zaakId ?? '', auditLeafHash: p.leafHash, combinatie: p.combination,
          // DDAS restricted feedback: a repeat is "niet opgepakt", never why.
          status: repeatSignal ? 'niet opgepakt' : 'ontvangen',
          ddasStatus: repeatSignal ? 'Niet opgepakt: herhaalde melding' : 'Nog niet opgepakt',
          bewaarTot: tot,
        },
      },
      // signaalId: whose retention this remembered state follows (see retention/case-facts).
      { key: p.partnerKey, fields: { ontstaansdatum: p.signal.ontstaansdatum, bedrag: String(p.signal.bedrag), signaaldatum: p.signal.signaaldatum, signaalId: p.signaalId } },
    ],
    appends: [],
    zadds: [{ key: intakeKeys.byMunicipality(p.gemeentecode), score: p.now.getTime(), member: p.signaalId }],
    auditIndexInto: signalKey,
    figures: { key: reportingKeys.month(p.gemeentecode, reportingMonth(p.now)), fields: intakeFields(p.signal.signaalpartner, p.combination) },
  };
  if (!p.zaakId) {
    // A repeat with no case to join: it keeps its own expiry, and what its deletion must find.
    Object.assign(plan.hashes[0]!.fields, { adresPseudonym: p.adresPseudonym, persoonPseudonym: p.persoonPseudonym });
    plan.zadds.push({ key: retentionKeys.signalExpiry, score: p.bewaarTot.getTime(), member: p.signaalId });
    return plan;
  }
  // Every signal moves its case's provisional end to its own arrival plus the facts' term.
  const caseExpiry = { zaakfeitenBewaarTot: tot, contactBewaarTot: tot, laatsteSignaal: p.now.toISOString() };
  plan.zadds.push({ key: retentionKeys.caseFactsExpiry, score: p.bewaarTot.getTime(), member: p.zaakId });
  // Which cases hold data about this person: what an access or erasure request starts from.
  plan.zadds.push({ key: caseKeys.person(p.gemeentecode, p.persoonPseudonym), score: p.now.getTime(), member: p.zaakId });
  const caseKey = caseKeys.case(p.zaakId);
  if (p.combination === 'meervoudig' || p.combination === 'herhaald') {
    plan.appends.push({ key: caseKey, field: 'signalen', value: { ...p.caseSignal, ...(repeatSignal ? { herhaald: true } : {}) } });
    plan.hashes.push({ key: caseKey, fields: { [`contact:${p.signaalId}`]: JSON.stringify(p.contact), ...caseExpiry } });
    if (p.joined) becomeCrisis(plan, p.joined, caseKey, p.zaakId, p.gemeentecode, p.now);
    return plan;
  }
  const municipality = p.bundle.gemeenten.find((g) => g.gemeentecode === p.gemeentecode);
  const deadline = offerDeadline(p.now, p.signal.crisissignaal, municipality?.aanbodtermijnWerkdagen ?? 10);
  const newCase: NewCase = {
    zaakId: p.zaakId, gemeentecode: p.gemeentecode, adresPseudonym: p.adresPseudonym, persoonPseudonym: p.persoonPseudonym,
    aangemaakt: p.now.toISOString(), status: 'open', crisissignaal: p.signal.crisissignaal, aanbodtermijn: deadline,
    combinatie: p.combination, postcodegebied: postcodeArea(p.signal.adres.postcode), signalen: [p.caseSignal], contact: { [p.signaalId]: p.contact },
  };
  plan.hashes.push({ key: caseKey, fields: { ...caseToHash(newCase), ...caseExpiry } }, { key: p.addressKey, fields: { open: p.zaakId } });
  plan.zadds.push({ key: outreachKeys.open(p.gemeentecode), score: queueScore(p.signal.crisissignaal, deadline, p.now), member: p.zaakId });
  return plan;
}

/**
 * README promises crisis cases first and within 3 working days: a crisis signal joining a case
 * moves the case's deadline to 3 working days from now (never later than it was) and its queue
 * place with it. Only a case waiting in the queue moves there; a claimed one keeps the score for
 * when its claim is released or lapses. The deadline seen must still hold at commit.
 */
function becomeCrisis(plan: Required<CommitPlan>, joined: JoinedCase, caseKey: string, zaakId: string, gemeentecode: string, now: Date): void {
  const crisisDeadline = offerDeadline(now, true, 0);
  const deadline = joined.aanbodtermijn && joined.aanbodtermijn < crisisDeadline ? joined.aanbodtermijn : crisisDeadline;
  const score = queueScore(true, deadline, joined.aangemaakt ? new Date(joined.aangemaakt) : now);
  plan.guards.push({ key: caseKey, field: 'aanbodtermijn', expected: joined.aanbodtermijn });
  plan.hashes.push({ key: caseKey, fields: { crisissignaal: '1', aanbodtermijn: deadline, wachtrijscore: String(score) } });
  plan.zadds.push({ key: outreachKeys.open(gemeentecode), score, member: zaakId, onlyIfPresent: true });
}
