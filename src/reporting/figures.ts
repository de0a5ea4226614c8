import { signaalpartnerTypes } from '../intake/schema.js';
import { eindresultaten } from '../policy/bundle-schema.js';
import { histogramCap, histograms, measures, type HistogramName, type Measure } from './fields.js';

/** Working days → how many cases took that many (the last bucket holds `histogramCap` and more). */
export type Histogram = ReadonlyMap<number, number>;

/** One row of the Sturing page: the counts of one partner type (or of all) in one month. */
export interface PartnerFigures {
  counts: Record<Measure, number>;
  histograms: Record<HistogramName, Histogram>;
  /** Closed cases per DDAS end result. */
  eindresultaten: ReadonlyMap<string, number>;
}

export interface MonthFigures {
  maand: string;
  /** The partner types that have any count this month, in DDAS order (unknown ones after). */
  perPartner: ReadonlyMap<string, PartnerFigures>;
  /** All partner types together. */
  totaal: PartnerFigures;
}

function emptyFigures(): { counts: Record<Measure, number>; histograms: Record<HistogramName, Map<number, number>>; eindresultaten: Map<string, number> } {
  return {
    counts: Object.fromEntries(measures.map((m) => [m, 0])) as Record<Measure, number>,
    histograms: Object.fromEntries(histograms.map((h) => [h, new Map<number, number>()])) as Record<HistogramName, Map<number, number>>,
    eindresultaten: new Map(),
  };
}

const isMeasure = (name: string): name is Measure => (measures as readonly string[]).includes(name);
const isHistogram = (name: string): name is HistogramName => (histograms as readonly string[]).includes(name);

function byDdasOrder(order: readonly string[]) {
  const rank = (v: string) => (order.includes(v) ? order.indexOf(v) : order.length);
  return (a: string, b: string) => rank(a) - rank(b) || a.localeCompare(b);
}

/**
 * A month's counter hash (HGETALL of reportingKeys.month) as figures per partner type and in
 * total. Fields it does not know are skipped: an older or newer gateway's counters never break the page.
 */
export function monthFigures(maand: string, hash: Record<string, string>): MonthFigures {
  const rows = new Map<string, ReturnType<typeof emptyFigures>>();
  const totaal = emptyFigures();
  const row = (partnerType: string) => {
    let r = rows.get(partnerType);
    if (!r) rows.set(partnerType, (r = emptyFigures()));
    return r;
  };
  for (const [name, raw] of Object.entries(hash)) {
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value <= 0) continue;
    const [measure, partnerType, bucket, ...rest] = name.split('|');
    if (!measure || !partnerType || rest.length > 0) continue;
    if (isMeasure(measure) && bucket === undefined) {
      for (const r of [row(partnerType), totaal]) r.counts[measure] += value;
    } else if (isHistogram(measure) && bucket !== undefined && /^[0-9]+$/.test(bucket)) {
      const days = Math.min(Number(bucket), histogramCap);
      for (const r of [row(partnerType), totaal]) r.histograms[measure].set(days, (r.histograms[measure].get(days) ?? 0) + value);
    } else if (measure === 'eindresultaat' && bucket !== undefined) {
      for (const r of [row(partnerType), totaal]) r.eindresultaten.set(bucket, (r.eindresultaten.get(bucket) ?? 0) + value);
    }
  }
  const sorted = [...rows.keys()].sort(byDdasOrder(signaalpartnerTypes));
  return { maand, perPartner: new Map(sorted.map((p) => [p, rows.get(p)!])), totaal };
}

/** The end results that occur in any of the rows, in DDAS order. */
export function endResultsIn(figures: MonthFigures): string[] {
  return [...figures.totaal.eindresultaten.keys()].sort(byDdasOrder(eindresultaten));
}

export function histogramCount(histogram: Histogram): number {
  let n = 0;
  for (const count of histogram.values()) n += count;
  return n;
}

/**
 * The median of the values a histogram counts (the mean of the two middle ones for an even
 * count), or undefined for an empty one. `atCap`: the median lies in the last, open bucket, so
 * it is "histogramCap or more" rather than exact.
 */
export function histogramMedian(histogram: Histogram): { value: number; atCap: boolean } | undefined {
  const total = histogramCount(histogram);
  if (total === 0) return undefined;
  const days = [...histogram.keys()].sort((a, b) => a - b);
  // The k-th smallest value (1-based).
  const nth = (k: number) => {
    let seen = 0;
    for (const d of days) {
      seen += histogram.get(d)!;
      if (seen >= k) return d;
    }
    return days.at(-1)!;
  };
  const value = total % 2 === 1 ? nth((total + 1) / 2) : (nth(total / 2) + nth(total / 2 + 1)) / 2;
  return { value, atCap: value >= histogramCap };
}

/** part / whole as a fraction, or undefined when there is no whole to be a share of. */
export function share(part: number, whole: number): number | undefined {
  return whole > 0 ? part / whole : undefined;
}

/** Reach: of the cases picked up, the share where a first attempt reached the resident. */
export const reach = (f: PartnerFigures) => share(f.counts.bereikt, f.counts.opgepakt);

/** Of the first claims, the share on or before the offer deadline. */
export const withinDeadline = (f: PartnerFigures) => share(f.counts.opgepaktBinnenTermijn, f.counts.opgepakt);

/** Dutch notation for the page and the CSV: a percentage without decimals, a median with at most one. */
export function formatShare(value: number | undefined): string {
  return value === undefined ? '–' : `${Math.round(value * 100)}%`;
}

export function formatMedian(median: { value: number; atCap: boolean } | undefined): string {
  if (!median) return '–';
  if (median.atCap) return `${histogramCap} of meer`;
  return Number.isInteger(median.value) ? String(median.value) : median.value.toFixed(1).replace('.', ',');
}
