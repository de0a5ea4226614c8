import type { Violation } from '../errors/problem.js';
import type { Receipt } from '../intake/receipt.js';

export interface SendOutcome {
  /** Where the signal came from: the partner's id, or a CSV line when no id could be read. */
  ref: string;
  status: number;
  receipt?: Receipt;
  problem?: { code?: string; detail?: string; errors?: Violation[] };
}

export interface SendSummary {
  accepted: number;
  alreadyReceived: number;
  rejected: SendOutcome[];
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
    lines.push(`  ${r.ref}: ${r.status} ${r.problem?.code ?? ''} — ${r.problem?.detail ?? ''}`);
    for (const e of r.problem?.errors ?? []) lines.push(`      ${e.pointer || '/'}: ${e.code} — ${e.detail}`);
  }
  return lines.join('\n');
}

/** Split into chunks of at most `size` (the batch endpoint takes up to 1,000). */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
