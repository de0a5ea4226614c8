import { describe, expect, it } from 'vitest';
import { perScrape, withTimeout } from '../../../src/metrics/per-scrape.js';

describe('perScrape', () => {
  it('shares one read among the gauges of a scrape and reads afresh for the next', async () => {
    let reads = 0;
    let release!: (n: number) => void;
    const read = perScrape(() => {
      reads++;
      return new Promise<number>((resolve) => (release = resolve));
    });
    const gauges = [read(), read(), read()];
    expect(reads).toBe(1);
    release(7);
    expect(await Promise.all(gauges)).toEqual([7, 7, 7]);
    const next = read();
    expect(reads).toBe(2);
    release(8);
    expect(await next).toBe(8);
  });

  it('lets a failed read fail its scrape only', async () => {
    let fail = true;
    const read = perScrape(async () => {
      if (fail) throw new Error('redis weg');
      return 1;
    });
    await expect(read()).rejects.toThrow('redis weg');
    fail = false;
    expect(await read()).toBe(1);
  });
});

describe('withTimeout', () => {
  it('answers what the promise answers, or gives up on one that never settles', async () => {
    expect(await withTimeout(Promise.resolve(3), 1_000, 'te traag')).toBe(3);
    await expect(withTimeout(new Promise(() => undefined), 1, 'te traag')).rejects.toThrow('te traag');
  });
});
