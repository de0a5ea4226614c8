import { keyPrefix } from '../redis/connection.js';

/**
 * Redis layout of the audit log. Content lives in buckets of 64 records (128 fields: record and
 * salt), small enough for Redis's compact listpack encoding, large enough that export reads
 * many records per call.
 */
export const contentBucketSize = 64;

export const contentKeyPrefix = `${keyPrefix}audit:inhoud:`;

export const auditLogKeys = {
  counter: `${keyPrefix}audit:volgend`,
  pending: `${keyPrefix}audit:log`,
  size: `${keyPrefix}audit:grootte`,
  level: (level: number) => `${keyPrefix}audit:boom:${level}`,
  content: (index: number) => `${contentKeyPrefix}${Math.floor(index / contentBucketSize)}`,
  checkpoint: `${keyPrefix}audit:checkpoint`,
  checkpoints: `${keyPrefix}audit:checkpoints`,
  leader: `${keyPrefix}audit:leider`,
  fencing: `${keyPrefix}audit:fencing`,
};
