import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { appendAuditRecords } from '../audit/append.js';
import type { TraceContext } from '../audit/trace.js';
import { ProblemError } from '../errors/problem.js';
import type { PolicyBundle } from '../policy/bundle-schema.js';
import type { MunicipalKeystore } from '../privacy/keystore.js';
import { allowedMunicipalities, selectMunicipalities } from './access.js';
import { pullRecord } from './audit.js';
import type { Consumer } from './consumers.js';
import { deliveryText, emptyStats, planPage, type DeliveryStats } from './delivery.js';
import { redisDeliverySource } from './delivery-source.js';
import { contactDecryptor, deliveryMunicipalities } from './municipalities.js';
import { checkPeriod } from './period.js';
import { maxPageSize, type GegevensRequest } from './request.js';

export interface PullDeps {
  redis: Redis;
  keystore: MunicipalKeystore;
  policy: () => { bundle: PolicyBundle; revision: string };
  clock: () => Date;
}

export interface PullInput {
  /** The consumer's OIN, already proven by certificate, token and signature. */
  oin: string;
  consumer: Consumer | undefined;
  development: boolean;
  request: GegevensRequest;
  trace: TraceContext;
  kid: string;
  fscTransactionId?: string | undefined;
}

export interface PulledPage {
  /** The answer's bytes, `{ gegevens, paginering? }`, in pieces of about 64 KiB. */
  chunks: Buffer[];
  length: number;
  /** `SHA-256=<base64>` of those bytes. */
  digest: string;
  stats: DeliveryStats;
}

/** Pieces are joined into buffers of about this size: the answer is tens of thousands of small pieces. */
const chunkBytes = 64 * 1024;

/**
 * One page of the DDAS delivery for a consumer (POST /gegevens): which municipalities, which
 * period, which page — refused with 403 or 422 problems — then the page written as bytes while
 * its signals are read and decrypted one at a time, and the pull's audit record appended before
 * any byte leaves (the caller sends only after this returns; a failed log write fails the pull).
 * The page is held as bytes only, never as objects: memory grows with the page, not the period.
 */
export async function pullPage(deps: PullDeps, input: PullInput): Promise<PulledPage> {
  const { bundle, revision } = deps.policy();
  const now = deps.clock();
  const allowed = allowedMunicipalities(input.oin, bundle, input.consumer, input.development);
  const selection = selectMunicipalities(bundle, allowed, input.request.aanleverendeOrganisatie);
  if (!selection.ok) {
    if (selection.reason === 'niet-toegestaan') throw new ProblemError('fsc-geen-toegang', selection.detail);
    throw new ProblemError('levering-niet-mogelijk', selection.detail);
  }
  const period = checkPeriod(input.request.aanleverperiodeStartdatum, input.request.aanleverperiodeEinddatum, now);
  if (typeof period === 'string') throw new ProblemError('levering-niet-mogelijk', period);
  const pageSize = input.request.pageSize ?? maxPageSize;
  if (pageSize > maxPageSize) throw new ProblemError('levering-niet-mogelijk', `pageSize is hoogstens ${maxPageSize}`);
  const page = input.request.page ?? 1;

  const source = redisDeliverySource(deps.redis);
  const request = {
    period, municipalities: deliveryMunicipalities(bundle, selection.gemeentecodes), page, pageSize,
    codeGegevensleverancier: bundle.rapportage.codeGegevensleverancier, clientFields: bundle.rapportage.clientvelden.waarde,
    decrypt: contactDecryptor(deps.keystore), now,
  };
  const plan = await planPage(source, request);
  if (page > plan.totalPages) throw new ProblemError('pagina-bestaat-niet', `Deze levering heeft ${plan.totalPages} pagina('s) van ${pageSize} records`);

  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  let pending = '';
  let length = 0;
  const flush = () => {
    const bytes = Buffer.from(pending, 'utf8');
    hash.update(bytes);
    chunks.push(bytes);
    length += bytes.length;
    pending = '';
  };
  const write = (text: string) => {
    pending += text;
    if (pending.length >= chunkBytes) flush();
  };
  const stats = emptyStats();
  write('{"gegevens":');
  for await (const piece of deliveryText(source, request, plan, stats)) write(piece);
  // DDAS-VS.yaml: paginering only when the delivery is paged, and then with all its members.
  if (plan.totalPages > 1) write(`,"paginering":${JSON.stringify({ pageSize, currentPage: page, totalPages: plan.totalPages, totalRecords: plan.totalRecords })}`);
  write('}');
  flush();
  const digest = `SHA-256=${hash.digest('base64')}`;

  await appendAuditRecords(deps.redis, [pullRecord({
    afnemer: input.oin, period, gemeentecodes: selection.gemeentecodes, page, pageSize, totalPages: plan.totalPages,
    totalRecords: plan.totalRecords, perGemeente: stats.perGemeente, vroegsignalen: stats.vroegsignalen,
    vroegsignaalzaken: stats.vroegsignaalzaken, digest, kid: input.kid, fscTransactionId: input.fscTransactionId,
  }, input.trace, now, revision)]);
  return { chunks, length, digest, stats };
}
