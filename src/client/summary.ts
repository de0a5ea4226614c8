import type { Violation } from '../errors/problem.js';
import type { Receipt } from '../intake/receipt.js';

/** One signal on its way out, with how a person finds it again in their file. */
export interface SendItem {
  /** `#3 (HUUR-1)` for a JSON array, `regel 14 (HUUR-1)` for a CSV, the id for a single object. */
  ref: string;
  signal: unknown;
}

export interface ProblemSummary {
  code?: string;
  detail?: string;
  errors?: Violation[];
}

export interface SendOutcome {
  ref: string;
  /** HTTP status of the item; 0 when it never reached the gateway (unreadable CSV row, run stopped). */
  status: number;
  receipt?: Receipt;
  problem?: ProblemSummary;
}

export interface SendSummary {
  accepted: number;
  alreadyReceived: number;
  rejected: SendOutcome[];
}

/** The gateway's batch answer is not what CONTRACT §1 promises: nothing in it can be trusted. */
export class BatchAnswerError extends Error {
  override name = 'BatchAnswerError';
}

export function idOf(signal: unknown): string | undefined {
  const id = (signal as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Split into chunks of at most `size` (the batch endpoint takes up to 1,000). */
export function chunk<T>(items: T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('chunk size must be a positive integer');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Keep only the fields a summary shows: a problem body is the gateway's, and may hold anything. */
export function problemSummary(body: unknown, fallbackDetail?: string): ProblemSummary {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors = Array.isArray(b.errors) ? (b.errors as Violation[]) : undefined;
  const detail = typeof b.detail === 'string' ? b.detail : fallbackDetail;
  return {
    ...(typeof b.code === 'string' ? { code: b.code } : {}),
    ...(detail !== undefined ? { detail } : {}),
    ...(errors ? { errors } : {}),
  };
}

/** The answer to a single POST, once its signature has been checked (for 200/202). */
export function singleOutcome(item: SendItem, status: number, body: unknown): SendOutcome {
  if (status === 200 || status === 202) {
    const receipt = body as Receipt | undefined;
    if (!receipt || typeof receipt !== 'object' || receipt.id !== idOf(item.signal)) {
      throw new BatchAnswerError(`Het ontvangstbewijs voor ${item.ref} noemt een ander id`);
    }
    return { ref: item.ref, status, receipt };
  }
  return { ref: item.ref, status, problem: problemSummary(body, `HTTP ${status}`) };
}

/**
 * One outcome per item from a 200 batch answer: a top-level JSON array, one `{index, status,
 * receipt | problem}` per item, in order. Anything else — wrong length, indexes out of order, a
 * receipt for another id — means the answer cannot be matched to our items, so it is refused
 * whole rather than half believed.
 */
export function batchOutcomes(part: SendItem[], answer: unknown): SendOutcome[] {
  if (!Array.isArray(answer) || answer.length !== part.length) {
    throw new BatchAnswerError(`Het batchantwoord is geen array van ${part.length} resultaten`);
  }
  return part.map((item, i) => {
    const r = answer[i] as { index?: unknown; status?: unknown; receipt?: unknown; problem?: unknown } | null;
    if (!r || typeof r !== 'object' || r.index !== i || typeof r.status !== 'number') {
      throw new BatchAnswerError(`Resultaat ${i} van het batchantwoord heeft geen index ${i} en status`);
    }
    return singleOutcome(item, r.status, r.status === 200 || r.status === 202 ? r.receipt : r.problem);
  });
}

/** Every item of a chunk the gateway refused as a whole (401, 413, 429, …) shares that reason. */
export function chunkRejected(part: SendItem[], status: number, body: unknown): SendOutcome[] {
  const problem = problemSummary(body, `HTTP ${status}`);
  return part.map((item) => ({ ref: item.ref, status, problem }));
}

export function notSent(part: SendItem[], reason: string): SendOutcome[] {
  return part.map((item) => ({ ref: item.ref, status: 0, problem: { code: 'niet-verzonden', detail: reason } }));
}

export function summarise(outcomes: SendOutcome[]): SendSummary {
  return {
    accepted: outcomes.filter((o) => o.status === 202).length,
    alreadyReceived: outcomes.filter((o) => o.status === 200).length,
    rejected: outcomes.filter((o) => o.status !== 202 && o.status !== 200),
  };
}

export function formatSummary(s: SendSummary): string {
  const lines = [
    `Geaccepteerd (202):     ${s.accepted}`,
    `Al ontvangen (200):     ${s.alreadyReceived}`,
    `Geweigerd:              ${s.rejected.length}`,
  ];
  for (const r of s.rejected) {
    const status = r.status === 0 ? '—' : String(r.status);
    lines.push(`  ${r.ref}: ${status} ${r.problem?.code ?? ''}${r.problem?.detail ? ` — ${r.problem.detail}` : ''}`);
    for (const e of r.problem?.errors ?? []) lines.push(`      ${e.pointer || '/'}: ${e.code} — ${e.detail}`);
  }
  return lines.join('\n');
}

/** 0 only when nothing was rejected (CONTRACT §4 reference client; 2 is for usage errors). */
export function exitCode(s: SendSummary): number {
  return s.rejected.length === 0 ? 0 : 1;
}
