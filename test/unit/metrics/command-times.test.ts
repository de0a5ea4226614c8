import { describe, expect, it } from 'vitest';
import { AggregatorRegistry, Histogram, Registry } from 'prom-client';
import { CommandTimes, registerCommandTimes } from '../../../src/metrics/command-times.js';

const bounds = [0.001, 0.01, 0.1];
const observations: Array<[string, number]> = [['get', 0.0005], ['get', 0.001], ['get', 0.02], ['vs_commit_intake', 0.003], ['get', 5], ['hgetall', 0.1]];

function both() {
  const ours = new Registry();
  const times = new CommandTimes(bounds);
  registerCommandTimes(ours, times, 'x_seconds', 'help', 'command');
  const theirs = new Registry();
  const histogram = new Histogram({ name: 'x_seconds', help: 'help', labelNames: ['command'], buckets: bounds, registers: [theirs] });
  for (const [command, seconds] of observations) {
    times.record(command, seconds);
    histogram.observe({ command }, seconds);
  }
  return { ours, theirs, times };
}

describe('CommandTimes', () => {
  it('gives the registry exactly what prom-client’s own histogram gives for the same observations', async () => {
    const { ours, theirs } = both();
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('x_seconds_bucket{le="+Inf",command="get"} 4');
  });

  it('sums across processes as prom-client’s histograms do, and empties on reset', async () => {
    const a = both();
    const b = both();
    const summed = await AggregatorRegistry.aggregate([await a.ours.getMetricsAsJSON(), await b.ours.getMetricsAsJSON()]).metrics();
    const expected = await AggregatorRegistry.aggregate([await a.theirs.getMetricsAsJSON(), await b.theirs.getMetricsAsJSON()]).metrics();
    expect(summed).toBe(expected);
    expect(summed).toContain('x_seconds_count{command="get"} 8');
    a.ours.resetMetrics();
    expect(await a.ours.metrics()).not.toContain('command=');
  });
});
