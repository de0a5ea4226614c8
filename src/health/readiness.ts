/**
 * Whether this instance should get traffic (GET /readyz): Redis answers and accepts writes, the
 * policy and every municipality's keys are loaded, and the audit sequencer keeps up (the oldest
 * record not yet in the tree is younger than the bound). The answer names no reason: a probe is
 * unauthenticated, and an operator finds the reason in the log and the metrics.
 */
export interface ReadinessFacts {
  redisWritable: boolean;
  policyLoaded: boolean;
  missingKeys: number;
  /** Age of the oldest appended record the sequencer has not yet put in the tree; 0 when none waits. */
  oldestUnsequencedMs: number;
  maxSequencerLagMs: number;
}

export function isReady(f: ReadinessFacts): boolean {
  return f.redisWritable && f.policyLoaded && f.missingKeys === 0 && f.oldestUnsequencedMs <= f.maxSequencerLagMs;
}

/** The default bound: the sequencer runs every 200 ms; a minute behind means it is not running. */
export const defaultMaxSequencerLagMs = 60_000;
