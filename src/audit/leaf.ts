import { createHash } from 'node:crypto';
import { secureRandomBytes } from '../ids/random.js';
import { jcs } from './jcs.js';
import type { AuditRecord } from './records.js';

export interface SealedRecord {
  record: AuditRecord;
  json: string; // JCS form, exactly what the leaf commits to
  salt: Buffer;
  leafData: Buffer; // SHA-256(salt ‖ JCS(record)) — CONTRACT §3
  leafHash: Buffer; // RFC 9162 leaf hash SHA-256(0x00 ‖ leafData)
}

/**
 * The salt makes the leaf unlinkable once the content and salt are deleted at retention end:
 * without it nobody can confirm a guess of the content against the leaf that must stay forever.
 */
export function sealRecord(record: AuditRecord, salt: Buffer = secureRandomBytes(32)): SealedRecord {
  const json = jcs(record);
  const leafData = createHash('sha256').update(salt).update(json, 'utf8').digest();
  const leafHash = createHash('sha256').update(Buffer.from([0])).update(leafData).digest();
  return { record, json, salt, leafData, leafHash };
}
