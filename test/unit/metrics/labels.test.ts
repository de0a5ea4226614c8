import { describe, expect, it } from 'vitest';
import { commandLabel, partnerTypeLabel, routeLabel, statusClass, statusLabel } from '../../../src/metrics/labels.js';

describe('metric label values come from small fixed sets', () => {
  it('an HTTP status as its code and its class', () => {
    expect([200, 202, 204, 401, 403, 429, 503].map(statusClass)).toEqual(['2xx', '2xx', '2xx', '4xx', '4xx', '4xx', '5xx']);
    expect([0, 99, 600, 1e6].map(statusClass)).toEqual(['other', 'other', 'other', 'other']);
    expect([202, 409, 503].map(statusLabel)).toEqual(['202', '409', '503']);
    expect([0, 20.5, 1000].map(statusLabel)).toEqual(['other', 'other', 'other']);
  });

  it('a partner type is a DDAS type or unknown, never what a caller sent', () => {
    expect(partnerTypeLabel('Huur')).toBe('Huur');
    expect(partnerTypeLabel('CAK Zorgverzekeringen')).toBe('CAK Zorgverzekeringen');
    expect(partnerTypeLabel(undefined)).toBe('unknown');
    expect(partnerTypeLabel('00000001234567890000')).toBe('unknown');
  });

  it('a route is the matched template, or one value for every unmatched URL', () => {
    expect(routeLabel('/v1/zaken/:zaakId')).toBe('/v1/zaken/:zaakId');
    expect(routeLabel(undefined)).toBe('unmatched');
  });

  it('a Redis command is its lower-case name; anything else is other', () => {
    expect(commandLabel('HGETALL')).toBe('hgetall');
    expect(commandLabel('vs_commit_intake')).toBe('vs_commit_intake');
    expect(commandLabel('rateLimit')).toBe('ratelimit');
    expect(commandLabel('get key:01234567-89ab-cdef')).toBe('other');
    expect(commandLabel('x'.repeat(100))).toBe('other');
    expect(commandLabel('')).toBe('other');
  });
});
