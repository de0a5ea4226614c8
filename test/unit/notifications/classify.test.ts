import { describe, expect, it } from 'vitest';
import { classifyStatus, parseRetryAfter } from '../../../src/notifications/deliver.js';

describe('delivery outcome', () => {
  it('acknowledges any 2xx, retries 5xx, 408 and 429, and gives up on other 4xx and redirects', () => {
    expect([200, 201, 202, 204, 299].map(classifyStatus)).toEqual(Array(5).fill('delivered'));
    expect([500, 502, 503, 504, 408, 429].map(classifyStatus)).toEqual(Array(6).fill('retry'));
    expect([301, 302, 400, 401, 403, 404, 409, 410, 413, 415, 422].map(classifyStatus)).toEqual(Array(11).fill('permanent'));
  });

  it('reads Retry-After as seconds or as an HTTP date against our clock, and ignores junk', () => {
    const now = new Date('2026-11-22T09:30:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:31:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('morgen', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
