import { describe, expect, it } from 'vitest';
import { groupIntoCalls } from '../../../src/intake/coalesce.js';

const request = (name: string, size: number, ...keys: string[]) => ({ name, inputs: Array.from({ length: size }), keys: new Set(keys) });
const names = (calls: Array<Array<{ name: string }>>) => calls.map((c) => c.map((w) => w.name));

describe('grouping concurrent commits into script calls', () => {
  it('puts requests that share no key in one call', () => {
    expect(names(groupIntoCalls([request('a', 1, 'adres:1'), request('b', 1, 'adres:2'), request('c', 1, 'adres:3')]))).toEqual([['a', 'b', 'c']]);
  });

  it('keeps requests for one address or one id apart, in arrival order', () => {
    const calls = groupIntoCalls([request('a', 1, 'idem:x', 'adres:1'), request('b', 1, 'idem:y', 'adres:1'), request('c', 1, 'idem:x', 'adres:2'), request('d', 1, 'idem:z', 'adres:3')]);
    expect(names(calls)).toEqual([['a', 'd'], ['b', 'c']]);
  });

  it('never puts more than 100 signals in one call, and never splits a request', () => {
    const calls = groupIntoCalls([request('a', 60, 'k1'), request('b', 60, 'k2'), request('c', 40, 'k3'), request('d', 100, 'k4')]);
    expect(names(calls)).toEqual([['a', 'c'], ['b'], ['d']]);
  });
});
