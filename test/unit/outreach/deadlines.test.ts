import { describe, expect, it } from 'vitest';
import { isOverdue, overdueScoreRanges, queueScore } from '../../../src/outreach/deadlines.js';

const inRanges = (score: number, now: Date) => overdueScoreRanges(now).some(({ min, max }) => score >= min && score < max);

describe('overdue cases by queue score', () => {
  it('holds exactly the scores of cases whose offer deadline passed, crisis or not, whenever they arrived', () => {
    // 23:30 UTC on 22 November is already the 23rd in the Netherlands: the Dutch day decides.
    for (const now of [new Date('2026-11-23T10:00:00Z'), new Date('2026-11-22T23:30:00Z')]) {
      for (const crisis of [true, false]) {
        for (const deadline of ['2026-11-20', '2026-11-22', '2026-11-23', '2026-11-24', '2027-01-04']) {
          for (const received of [new Date('2026-11-01T00:00:00Z'), new Date('2026-11-22T23:59:59.999Z'), new Date(99_999_999)]) {
            expect(inRanges(queueScore(crisis, deadline, received), now), `${crisis} ${deadline} ${received.toISOString()} at ${now.toISOString()}`)
              .toBe(isOverdue(deadline, now));
          }
        }
      }
    }
  });
});
