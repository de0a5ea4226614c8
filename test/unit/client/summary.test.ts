import { describe, expect, it } from 'vitest';
import { renderBar, ProgressBar } from '../../../src/client/progress.js';
import { retryDelayMs } from '../../../src/client/retry.js';
import {
  BatchAnswerError, batchOutcomes, chunk, chunkRejected, exitCode, formatSummary, notSent, singleOutcome, summarise, type SendItem,
} from '../../../src/client/summary.js';

const receipt = (id: string) => ({
  signaalId: '0193f1d2-0000-7000-8000-000000000000', id, ontvangen: '2026-11-22T09:30:01.123Z',
  digest: 'SHA-256=x', gemeentecode: '0518', auditlog: { index: 1, leafHash: 'AA==' },
});
const items: SendItem[] = ['A', 'B', 'C'].map((id, i) => ({ ref: `#${i} (${id})`, signal: { id } }));

describe('chunk', () => {
  it('splits into chunks of at most n, in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk(Array.from({ length: 2500 }, (_, i) => i), 1000).map((c) => c.length)).toEqual([1000, 1000, 500]);
    expect(chunk([], 1000)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});

describe('batch answers', () => {
  const problem = { type: 'urn:x', title: 't', status: 400, code: 'ongeldige-invoer', detail: 'De invoer is ongeldig',
    errors: [{ pointer: '/bedrag', code: 'te-klein', detail: 'minimaal 0' }] };

  it('maps {index, status, receipt | problem} per item and summarises', () => {
    const outcomes = batchOutcomes(items, [
      { index: 0, status: 202, receipt: receipt('A') },
      { index: 1, status: 200, receipt: receipt('B') },
      { index: 2, status: 400, problem },
    ]);
    const s = summarise(outcomes);
    expect(s.accepted).toBe(1);
    expect(s.alreadyReceived).toBe(1);
    expect(s.rejected).toEqual([{ ref: '#2 (C)', status: 400, problem: { code: 'ongeldige-invoer', detail: 'De invoer is ongeldig', errors: problem.errors } }]);
    expect(exitCode(s)).toBe(1);
    const text = formatSummary(s);
    expect(text).toContain('Geaccepteerd (202):     1');
    expect(text).toContain('Al ontvangen (200):     1');
    expect(text).toContain('Geweigerd:              1');
    expect(text).toContain('#2 (C): 400 ongeldige-invoer — De invoer is ongeldig');
    expect(text).toContain('/bedrag: te-klein — minimaal 0');
  });

  it('exits 0 when nothing was rejected', () => {
    expect(exitCode(summarise(batchOutcomes(items.slice(0, 1), [{ index: 0, status: 202, receipt: receipt('A') }])))).toBe(0);
    expect(exitCode(summarise([]))).toBe(0);
  });

  it('refuses an answer that cannot be matched to the items', () => {
    expect(() => batchOutcomes(items, { results: [] })).toThrow(BatchAnswerError);
    expect(() => batchOutcomes(items, [{ index: 0, status: 202, receipt: receipt('A') }])).toThrow(BatchAnswerError);
    expect(() => batchOutcomes(items.slice(0, 2), [{ index: 1, status: 202, receipt: receipt('B') }, { index: 0, status: 202, receipt: receipt('A') }])).toThrow(BatchAnswerError);
    expect(() => batchOutcomes(items.slice(0, 1), [{ index: 0, status: 202, receipt: receipt('Z') }])).toThrow(/ander id/);
    expect(() => batchOutcomes(items.slice(0, 1), [{ index: 0, status: 202 }])).toThrow(BatchAnswerError);
  });

  it('gives every item of a refused chunk that reason, and marks unsent items', () => {
    const out = chunkRejected(items.slice(0, 2), 401, { code: 'handtekening-ongeldig', detail: 'nee', instance: '/x' });
    expect(out).toEqual([
      { ref: '#0 (A)', status: 401, problem: { code: 'handtekening-ongeldig', detail: 'nee' } },
      { ref: '#1 (B)', status: 401, problem: { code: 'handtekening-ongeldig', detail: 'nee' } },
    ]);
    expect(chunkRejected(items.slice(0, 1), 502, undefined)[0]!.problem).toEqual({ detail: 'HTTP 502' });
    const unsent = notSent(items.slice(2), 'gestopt');
    expect(unsent).toEqual([{ ref: '#2 (C)', status: 0, problem: { code: 'niet-verzonden', detail: 'gestopt' } }]);
    expect(formatSummary(summarise(unsent))).toContain('#2 (C): — niet-verzonden — gestopt');
  });

  it('treats a single answer the same way', () => {
    expect(singleOutcome(items[0]!, 202, receipt('A')).receipt?.id).toBe('A');
    expect(() => singleOutcome(items[0]!, 202, receipt('B'))).toThrow(BatchAnswerError);
    expect(singleOutcome(items[0]!, 409, { code: 'conflict-idempotentie' })).toEqual({ ref: '#0 (A)', status: 409, problem: { code: 'conflict-idempotentie', detail: 'HTTP 409' } });
  });
});

describe('retryDelayMs', () => {
  const now = new Date('2026-11-22T09:30:00Z');
  it('follows Retry-After in seconds or as a date, capped, else backs off', () => {
    expect(retryDelayMs('5', 1, now)).toBe(5000);
    expect(retryDelayMs('Sun, 22 Nov 2026 09:30:10 GMT', 1, now)).toBe(10_000);
    expect(retryDelayMs('86400', 1, now)).toBe(60_000);
    expect(retryDelayMs(undefined, 1, now)).toBe(1000);
    expect(retryDelayMs(undefined, 3, now)).toBe(4000);
    expect(retryDelayMs('Sun, 22 Nov 2026 09:00:00 GMT', 1, now)).toBe(0);
  });
});

describe('progress', () => {
  it('renders [#####-----] done/total label', () => {
    expect(renderBar(500, 1000, 'signalen', 10)).toBe('[#####-----] 500/1000 signalen');
    expect(renderBar(0, 0, 'signalen', 4)).toBe('[####] 0/0 signalen');
  });

  it('redraws with \\r on a TTY and writes plain lines per tenth otherwise', () => {
    const tty: string[] = [];
    const bar = new ProgressBar(4, 'signalen', { isTTY: true, write: (s: string) => (tty.push(s), true) });
    for (const n of [0, 2, 4]) bar.update(n);
    expect(tty.slice(0, 3).every((s) => s.startsWith('\r['))).toBe(true);
    expect(tty.at(-1)).toBe('\n');

    const plain: string[] = [];
    const log = new ProgressBar(1000, 'signalen', { isTTY: false, write: (s: string) => (plain.push(s), true) });
    for (let n = 0; n <= 1000; n += 50) log.update(n);
    expect(plain).toHaveLength(11);
    expect(plain.every((s) => !s.includes('\r') && s.endsWith('\n'))).toBe(true);
    expect(plain[5]).toContain('500/1000 signalen');
  });
});
