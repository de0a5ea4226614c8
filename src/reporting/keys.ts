import { keyPrefix } from '../redis/connection.js';

/**
 * Redis keys of the team lead's figures (Sturing). Counts only: no case, signal or person id in
 * a key or a field, so nothing here is personal data or leads to it.
 */
export const reportingKeys = {
  /**
   * The counters of one municipality in one month (YYYY-MM in the Netherlands, of the event):
   * one hash, fields named by src/reporting/fields.ts, each raised by the script that makes the
   * event happen (intake, claim, contact attempt, close). A count stays when its case is erased
   * or expires: the event did happen, and a count tells nothing about whom.
   */
  month: (gemeentecode: string, maand: string) => `${keyPrefix}sturing:${gemeentecode}:${maand}`,
};
