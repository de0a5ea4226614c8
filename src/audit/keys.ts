import { keyPrefix } from '../redis/connection.js';

/** Redis layout of the audit log. Content lives in buckets so export reads a thousand at a time. */
export const contentBucketSize = 1000;

export const auditLogKeys = {
  counter: `${keyPrefix}audit:volgend`,
  pending: `${keyPrefix}audit:log`,
  size: `${keyPrefix}audit:grootte`,
  level: (level: number) => `${keyPrefix}audit:boom:${level}`,
  content: (index: number) => `${keyPrefix}audit:inhoud:${Math.floor(index / contentBucketSize)}`,
  checkpoint: `${keyPrefix}audit:checkpoint`,
  checkpoints: `${keyPrefix}audit:checkpoints`,
  leader: `${keyPrefix}audit:leider`,
  fencing: `${keyPrefix}audit:fencing`,
};
