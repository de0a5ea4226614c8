import type { Redis } from 'ioredis';
import { caseKeys, reportingKeys } from '../redis/keys.js';
import { caseFacts, type CaseFacts } from './fields.js';
import { monthFigures, type MonthFigures } from './figures.js';

/** One month's figures of a municipality: one HGETALL, whatever the number of cases. */
export async function readMonthFigures(redis: Redis, gemeentecode: string, maand: string): Promise<MonthFigures> {
  return monthFigures(maand, await redis.hgetall(reportingKeys.month(gemeentecode, maand)));
}

/** What an action's figures need of its case (the opening signal's partner type, when it was made). */
export async function readCaseFacts(redis: Redis, zaakId: string): Promise<CaseFacts | undefined> {
  const [signalen, aangemaakt] = await redis.hmget(caseKeys.case(zaakId), 'signalen', 'aangemaakt');
  return caseFacts(signalen, aangemaakt);
}
