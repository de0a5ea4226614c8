import { describe, expect, it } from 'vitest';
import type { OutboxEvent } from '../../../src/notifications/event.js';
import { deadlinePassesAt, deadlineTimer, retryCapMs, retryDelayMs } from '../../../src/notifications/timers.js';

const event = (over: Partial<OutboxEvent> = {}): OutboxEvent => ({
  id: 'z.1', type: 'aangemaakt', time: '2026-12-01T10:00:00.000Z', zaakId: 'z', gemeentecode: '1696', sequence: 1,
  zaak: { status: 'open', aanbodtermijn: '2026-12-15', partnerTypes: ['Huur'] }, signalen: [], ...over,
});

describe('deadline timers', () => {
  it('fire at the Dutch midnight after the deadline, in winter and in summer time', () => {
    expect(deadlinePassesAt('2026-12-15').toISOString()).toBe('2026-12-15T23:00:00.000Z');
    expect(deadlinePassesAt('2026-07-01').toISOString()).toBe('2026-07-01T22:00:00.000Z');
    // The night summer time starts (29 March 2026) and the one it ends (25 October 2026).
    expect(deadlinePassesAt('2026-03-28').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(deadlinePassesAt('2026-10-25').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('are one job per municipality and day, planned when a case is made or a deadline moves, not otherwise', () => {
    expect(deadlineTimer(event())).toEqual({ jobId: 'termijn-1696-2026-12-15', gemeentecode: '1696', aanbodtermijn: '2026-12-15', dueAt: new Date('2026-12-15T23:00:00.000Z') });
    expect(deadlineTimer(event({ type: 'samengevoegd', zaak: { status: 'open', aanbodtermijn: '2026-12-04' } }))?.jobId).toBe('termijn-1696-2026-12-04');
    expect(deadlineTimer(event({ type: 'samengevoegd', zaak: { status: 'opgepakt', aanbodtermijn: '2026-12-04' } }))).toBeUndefined();
    expect(deadlineTimer(event({ type: 'opgepakt' }))).toBeUndefined();
    expect(deadlineTimer(event({ zaak: { status: 'open' } }))).toBeUndefined();
  });
});

describe('retry backoff', () => {
  it('waits a few seconds first, doubles, never beyond the cap, with jitter between half and all', () => {
    expect(retryDelayMs(1, () => 0)).toBe(1_000);
    expect(retryDelayMs(1, () => 1)).toBe(2_000);
    expect(retryDelayMs(2, () => 1)).toBe(4_000);
    expect(retryDelayMs(5, () => 1)).toBe(32_000);
    expect(retryDelayMs(30, () => 1)).toBe(retryCapMs);
    expect(retryDelayMs(30, () => 0)).toBe(retryCapMs / 2);
  });
});
