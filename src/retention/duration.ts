/**
 * Add (or with sign -1 subtract) an ISO 8601 duration of years, months, weeks and days — the
 * units retention uses — to a date. Month arithmetic clamps to the month's last day (31 Aug + P6M = 28/29 Feb).
 */
export function addIsoDuration(date: Date, duration: string, sign: 1 | -1 = 1): Date {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(duration);
  if (!match || duration === 'P') throw new RangeError(`bewaartermijn ${duration} wordt niet ondersteund (alleen Y, M, W, D)`);
  const [, y = '0', m = '0', w = '0', d = '0'] = match;
  const out = new Date(date.getTime());
  const day = out.getUTCDate();
  out.setUTCDate(1);
  out.setUTCMonth(out.getUTCMonth() + sign * (Number(y) * 12 + Number(m)));
  const last = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
  out.setUTCDate(Math.min(day, last) + sign * (Number(w) * 7 + Number(d)));
  return out;
}
