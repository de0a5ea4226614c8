/** Statuses that mean "not now" rather than "no": the same signed body may simply be sent again. */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 503]);
export const maxRetries = 3;
const maxDelayMs = 60_000;

/**
 * How long to wait before retry number `attempt` (1-based): the gateway's `Retry-After` (seconds
 * or an HTTP date) when it gives one, else 1 s, 2 s, 4 s. Capped, so a bad header cannot park
 * the CLI for hours. Re-sending is safe: the gateway answers a repeat of the same id and digest
 * with 200 and the original receipt.
 */
export function retryDelayMs(retryAfter: string | string[] | undefined, attempt: number, now: Date): number {
  const value = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  let ms: number | undefined;
  if (value !== undefined && /^\s*\d+\s*$/.test(value)) ms = Number(value) * 1000;
  else if (value !== undefined && !Number.isNaN(Date.parse(value))) ms = Date.parse(value) - now.getTime();
  if (ms === undefined) ms = 1000 * 2 ** (attempt - 1);
  return Math.min(maxDelayMs, Math.max(0, ms));
}
