import type { Metric, Registry } from 'prom-client';

interface Entry {
  /** Observations per bucket, not yet cumulative; the last one is +Inf. */
  buckets: Float64Array;
  sum: number;
  count: number;
}

/**
 * A histogram of Redis command latency by command name, kept by hand: recording is a bucket search
 * and three additions. prom-client's own Histogram validates and hashes its labels on every
 * observation (about 2 µs), and a gateway sends several commands per signal; this table gives the
 * same series (`_bucket`, `_sum`, `_count`) to the registry when scraped, and sums across
 * processes like any prom-client histogram (aggregator 'sum').
 */
export class CommandTimes {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly bounds: readonly number[]) {}

  record(command: string, seconds: number): void {
    let entry = this.entries.get(command);
    if (!entry) this.entries.set(command, (entry = { buckets: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 }));
    let i = 0;
    while (i < this.bounds.length && seconds > this.bounds[i]!) i++;
    entry.buckets[i]!++;
    entry.sum += seconds;
    entry.count++;
  }

  /** The samples as prom-client's Histogram lists them: per command the cumulative buckets, then sum and count. */
  values(name: string, label: string): Array<{ metricName: string; labels: Record<string, string | number>; value: number }> {
    const values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> = [];
    for (const [command, entry] of this.entries) {
      let cumulative = 0;
      entry.buckets.forEach((n, i) => {
        cumulative += n;
        values.push({ metricName: `${name}_bucket`, labels: { le: i < this.bounds.length ? this.bounds[i]! : '+Inf', [label]: command }, value: cumulative });
      });
      values.push({ metricName: `${name}_sum`, labels: { [label]: command }, value: entry.sum });
      values.push({ metricName: `${name}_count`, labels: { [label]: command }, value: entry.count });
    }
    return values;
  }

  reset(): void {
    this.entries.clear();
  }
}

/** Register the table as a histogram metric of `registry`. */
export function registerCommandTimes(registry: Registry, times: CommandTimes, name: string, help: string, label: string): void {
  const get = async () => ({ name, help, type: 'histogram', aggregator: 'sum', values: times.values(name, label) });
  registry.registerMetric({ name, help, type: 'histogram', aggregator: 'sum', get, reset: () => times.reset() } as unknown as Metric);
}
