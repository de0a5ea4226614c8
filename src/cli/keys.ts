import { appendAuditRecords } from '../audit/append.js';
import { sealRecord } from '../audit/leaf.js';
import { traceFromHeader } from '../audit/trace.js';
import { loadConfig } from '../config/config.js';
import { uuidv7 } from '../ids/uuid.js';
import { loadPolicyBundle } from '../policy/load.js';
import { loadKeystore, rotateMunicipalKeys } from '../privacy/keystore.js';
import { rewrapMunicipality } from '../privacy/rewrap-store.js';
import { createRedis } from '../redis/connection.js';
import { parseCommandArgs, requireOption, UsageError } from './args.js';
import { runKeysInit } from './keys-init.js';
import { resolveRedisTarget } from './redis-target.js';

/**
 * `vroegsignaal keys rotate --gemeente <code>`: new pseudonymisation key id and new KEK for new
 * signals; stored data keys re-wrapped under the new KEK (not those of closed cases: they stay under
 * their retention-period key until it is destroyed); the rotation recorded in the audit log.
 * A running gateway picks the new keys up by itself (or at once with SIGHUP).
 */
export async function runKeys(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'init') return runKeysInit(rest);
  if (sub !== 'rotate') throw new UsageError('gebruik: vroegsignaal keys init [--gemeente <code>]… | keys rotate --gemeente <code>');
  const { values } = parseCommandArgs(rest, { gemeente: { type: 'string' } });
  const gemeentecode = requireOption(values, 'gemeente');
  if (!/^[0-9]{4}$/.test(gemeentecode)) throw new UsageError('--gemeente moet een gemeentecode van 4 cijfers zijn');
  const config = loadConfig();
  const rotated = rotateMunicipalKeys(config.municipalKeysDir, gemeentecode);
  console.log(`Gemeente ${gemeentecode}: pseudonimiseringssleutel ${rotated.pseudonym.from} → ${rotated.pseudonym.to}, sleutelversleutelingssleutel ${rotated.kek.from} → ${rotated.kek.to}`);
  const redis = createRedis(resolveRedisTarget(config));
  try {
    const result = await rewrapMunicipality(redis, loadKeystore(config.municipalKeysDir, config.periodKeysDir), gemeentecode);
    const now = new Date();
    const trace = traceFromHeader(undefined);
    await appendAuditRecords(redis, [sealRecord({
      kind: 'besluit', decision_id: uuidv7(now.getTime()), timestamp: now.toISOString(), path: 'sleutels/roteren',
      input: { gemeentecode, pseudonimiseringssleutel: rotated.pseudonym, sleutelversleutelingssleutel: rotated.kek, zaken: result.cases, herverpakt: result.rewrapped },
      result: 'allow', reasons: [], bundle_revision: loadPolicyBundle(config.policiesDir).revision,
      trace_id: trace.traceId, span_id: trace.spanId, processing_activity_id: 'urn:vroegsignaal:verwerking:auditlogging',
    })]);
    console.log(`${result.rewrapped} datasleutels in ${result.cases} zaken herverpakt; contactgegevens zijn niet ontsleuteld.`);
    console.log('Oude pseudonimiseringssleutels blijven zes maanden meetellen bij het combineren van signalen per adres.');
    return 0;
  } finally {
    redis.disconnect();
  }
}
