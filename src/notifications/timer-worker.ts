import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { sealRecord, type SealedRecord } from '../audit/leaf.js';
import { processingRecord } from '../audit/records.js';
import { traceFromHeader } from '../audit/trace.js';
import { casePersons } from '../cases/case.js';
import { markOverdue } from '../outreach/overdue.js';
import { queuePrefix } from '../redis/keys.js';
import { queueNames } from './queues.js';
import { deadlinePassesAt } from './timers.js';

export interface TimerJobData {
  gemeentecode: string;
  aanbodtermijn: string;
}

export interface TimerWorkerDeps {
  redis: Redis;
  clock: () => Date;
  /** The audit content term of the policy in force (records carry it). */
  auditRetention: () => string;
}

/** One record per person in the case, as every case action: the system marked it overdue. */
function overdueRecords(h: Record<string, string>, now: Date, auditRetention: string): SealedRecord[] {
  const trace = traceFromHeader(undefined);
  return casePersons(h).map((person) => sealRecord(processingRecord(trace, 'termijn-verstreken', now, {
    'dpl.core.processing_activity_id': 'urn:vroegsignaal:verwerking:contact-opnemen',
    'dpl.core.data_subject_id': person,
    'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
    'vroegsignaal.vertrouwelijkheid': 'vertrouwelijk',
    'vroegsignaal.bewaartermijn': auditRetention,
    'vroegsignaal.gemeentecode': h.gemeentecode!,
    'vroegsignaal.zaak_id': h.zaakId!,
  })));
}

/**
 * Runs the deadline timers (timers.ts). A timer that BullMQ hands over before the gateway's own
 * clock says the deadline passed (another instance's clock, an injected one) waits the rest.
 */
export function startTimerWorker(connection: Redis, deps: TimerWorkerDeps): Worker<TimerJobData> {
  return new Worker<TimerJobData>(queueNames.termijn, async (job: Job<TimerJobData>, token?: string) => {
    const { gemeentecode, aanbodtermijn } = job.data;
    const now = deps.clock();
    const due = deadlinePassesAt(aanbodtermijn);
    if (now < due) {
      await job.moveToDelayed(Date.now() + (due.getTime() - now.getTime()), token);
      throw new DelayedError();
    }
    return markOverdue(deps.redis, { gemeentecode, aanbodtermijn, now, recordsFor: (h) => overdueRecords(h, now, deps.auditRetention()) });
  }, { connection, prefix: queuePrefix, concurrency: 2 });
}
