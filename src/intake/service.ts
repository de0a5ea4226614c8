import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { appendAuditRecords } from '../audit/append.js';
import { jcs } from '../audit/jcs.js';
import { sealRecord } from '../audit/leaf.js';
import { childSpan, type TraceContext } from '../audit/trace.js';
import { caseToHash, type NewCase } from '../cases/case.js';
import { caseKeys } from '../cases/keys.js';
import { ProblemError } from '../errors/problem.js';
import { uuidv7 } from '../ids/uuid.js';
import { offerDeadline, queueScore } from '../outreach/deadlines.js';
import { outreachKeys } from '../outreach/keys.js';
import type { OutreachQueues } from '../outreach/queue.js';
import type { PolicyBundle } from '../policy/bundle-schema.js';
import type { PolicyDecision } from '../policy/evaluate.js';
import { encryptContactDetails } from '../privacy/envelope.js';
import type { MunicipalKeystore } from '../privacy/keystore.js';
import { addressPseudonym, personPseudonym } from '../privacy/pseudonym.js';
import { decideValidSignal } from './decide.js';
import { commitIntake, readIdempotency, type IdempotencyValue } from './commit.js';
import { intakeKeys } from './keys.js';
import { intakeRecords, decisionRecord } from './records.js';
import { receiptFromSignalHash, type Receipt } from './receipt.js';
import type { Signal, SignaalpartnerType } from './schema.js';
import { validateSignal } from './validate.js';

export interface IntakePartner {
  oin: string;
  naam: string;
  type: SignaalpartnerType;
}

export interface IntakeDeps {
  redis: Redis;
  queues: OutreachQueues;
  policy: () => { bundle: PolicyBundle; revision: string };
  keystore: MunicipalKeystore;
  clock: () => Date;
}

export interface IntakeRequest {
  partner: IntakePartner;
  trace: TraceContext;
  /** The raw (parsed JSON) signal: validated here, so batch items and single posts share one path. */
  raw: unknown;
  /** What the receipt says was delivered: the request Digest for a single post. */
  digest: string;
  fscTransactionId?: string;
}

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
  const earlier = await readIdempotency(deps.redis, intakeKeys.idempotency(req.partner.oin, validation.signal.id));
  if (earlier) return repeat(deps.redis, earlier, hash);

  const now = deps.clock();
  const { bundle, revision } = deps.policy();
  const outcome = decideValidSignal(validation.signal, req.partner.type, bundle, now);
  if (outcome.kind === 'refused') {
    const record = decisionRecord({
      trace: childSpan(req.trace), now, signal: outcome.signal, decision: outcome.decision, revision,
      partnerOin: req.partner.oin, unknownPostcode: outcome.unknownPostcode,
    });
    await appendAuditRecords(deps.redis, [sealRecord(record)]);
    if (outcome.status === 403) throw new ProblemError(outcome.code, outcome.decision.reasons[0]?.detail);
    throw new ProblemError(outcome.code, `Het signaal is geweigerd: ${outcome.violations.length} bevinding(en)`, { errors: outcome.violations });
  }
  return accept(deps, req, outcome.signal, outcome.decision, revision, outcome.gemeentecode, hash, now);
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
  req: IntakeRequest,
  signal: Signal,
  decision: PolicyDecision,
  revision: string,
  gemeentecode: string,
  hash: string,
  now: Date,
): Promise<IntakeOutcome> {
  const signaalId = uuidv7(now.getTime());
  const zaakId = uuidv7(now.getTime());
  const pseudonymKey = deps.keystore.pseudonymKey(gemeentecode);
  const adresPseudonym = addressPseudonym(signal.adres, pseudonymKey);
  const persoonPseudonym = personPseudonym(signal.persoon, signal.adres, pseudonymKey);
  const contact = encryptContactDetails({ persoon: signal.persoon, adres: signal.adres }, deps.keystore.currentKek(gemeentecode), zaakId);

  const municipality = deps.policy().bundle.gemeenten.find((g) => g.gemeentecode === gemeentecode);
  const deadline = offerDeadline(now, signal.crisissignaal, municipality?.aanbodtermijnWerkdagen ?? 10);
  const newCase: NewCase = {
    zaakId,
    gemeentecode,
    adresPseudonym,
    persoonPseudonym,
    aangemaakt: now.toISOString(),
    status: 'open',
    crisissignaal: signal.crisissignaal,
    aanbodtermijn: deadline,
    signalen: [{
      signaalId,
      partnerType: signal.signaalpartner,
      partnerOin: req.partner.oin,
      bedrag: signal.bedrag,
      signaaldatum: signal.signaaldatum,
      ontstaansdatum: signal.ontstaansdatum,
      crisissignaal: signal.crisissignaal,
      warmeOverdracht: signal.warmeOverdracht,
    }],
    contact,
  };
  const records = intakeRecords({
    trace: req.trace, now, signal, decision, revision, partnerOin: req.partner.oin,
    gemeentecode, signaalId, zaakId, persoonPseudonym, fscTransactionId: req.fscTransactionId,
  }).map((r) => sealRecord(r));
  const leafHash = records[0]!.leafHash.toString('base64');

  // Queue first, commit second: a crash in between leaves a job without a case, which the
  // claim step discards; the reverse order could leave a case that nobody ever picks up.
  await deps.queues.enqueue(gemeentecode, {
    zaakId, partnerType: signal.signaalpartner, bedrag: signal.bedrag,
    signaaldatum: signal.signaaldatum, ontstaansdatum: signal.ontstaansdatum, crisissignaal: signal.crisissignaal,
  });
  let result;
  try {
    result = await commitIntake(deps.redis, {
      idempotencyKey: intakeKeys.idempotency(req.partner.oin, signal.id),
      idempotencyValue: { contentHash: hash, signaalId },
      records,
      hashes: [
        {
          key: intakeKeys.signal(signaalId),
          fields: {
            signaalId, id: signal.id, partnerOin: req.partner.oin, partnerType: signal.signaalpartner,
            ontvangen: now.toISOString(), digest: req.digest, contentHash: hash, gemeentecode, zaakId,
            auditLeafHash: leafHash, status: 'ontvangen',
          },
        },
        { key: caseKeys.case(zaakId), fields: caseToHash(newCase) },
      ],
      zadds: [{ key: outreachKeys.open(gemeentecode), score: queueScore(signal.crisissignaal, deadline, now), member: zaakId }],
    });
  } catch (err) {
    await deps.queues.withdraw(gemeentecode, zaakId).catch(() => undefined);
    throw err;
  }
  if (!result.committed) {
    await deps.queues.withdraw(gemeentecode, zaakId);
    return repeat(deps.redis, result.existing, hash);
  }
  return {
    status: 202,
    receipt: {
      signaalId, id: signal.id, ontvangen: now.toISOString(), digest: req.digest, gemeentecode,
      auditlog: { index: result.firstAuditIndex, leafHash },
    },
  };
}
