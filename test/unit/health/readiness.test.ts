import { describe, expect, it } from 'vitest';
import { isReady } from '../../../src/health/readiness.js';

const ready = { redisWritable: true, policyLoaded: true, missingKeys: 0, oldestUnsequencedMs: 0, maxSequencerLagMs: 60_000 };

describe('readiness', () => {
  it('holds only while Redis takes writes, policy and keys are loaded and the sequencer keeps up', () => {
    expect(isReady(ready)).toBe(true);
    expect(isReady({ ...ready, oldestUnsequencedMs: 60_000 })).toBe(true);
    expect(isReady({ ...ready, oldestUnsequencedMs: 60_001 })).toBe(false);
    expect(isReady({ ...ready, redisWritable: false })).toBe(false);
    expect(isReady({ ...ready, policyLoaded: false })).toBe(false);
    expect(isReady({ ...ready, missingKeys: 1 })).toBe(false);
  });
});
