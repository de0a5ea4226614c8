import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceFromHeader } from '../../../src/audit/trace.js';
import { caseKeys, intakeKeys } from '../../../src/redis/keys.js';
import { intakeSignal, type PolicySnapshot } from '../../../src/intake/service.js';
import { loadPolicyBundle } from '../../../src/policy/load.js';
import { ensureMunicipalKeys, loadKeystore } from '../../../src/privacy/keystore.js';
import { auditRecords } from '../../helpers/audit.js';
import { useTestRedis } from '../../helpers/redis.js';

const db = useTestRedis();
const keysDir = mkdtempSync(join(tmpdir(), 'vs-keys-'));
afterAll(() => rmSync(keysDir, { recursive: true, force: true }));

/** The bundle before a reload, and the one after: another revision, other terms. */
function bundles(): [PolicySnapshot, PolicySnapshot] {
  const before = loadPolicyBundle('policies');
  const after = structuredClone(before);
  after.revision = 'na-herladen';
  after.bundle.termijnen.zaakfeiten.duur = 'P1Y';
  after.bundle.gemeenten = after.bundle.gemeenten.map((g) => ({ ...g, aanbodtermijnWerkdagen: 20 }));
  return [before, after];
}

describe('one intake, one policy snapshot', () => {
  it('takes revision, offer deadline and expiry from the same bundle when a reload lands mid-request', async () => {
    const [before, after] = bundles();
    ensureMunicipalKeys(keysDir, before.bundle.gemeenten.map((g) => g.gemeentecode));
    // The reload lands right after the request first looks at the policy.
    let reads = 0;
    const policy = () => (reads++ === 0 ? before : after);
    const now = new Date('2026-11-23T09:00:00Z');
    const raw = { ...JSON.parse(readFileSync('examples/signaal-huur.json', 'utf8')), id: 'snapshot-1' };
    const outcome = await intakeSignal({ redis: db.redis, policy, keystore: loadKeystore(keysDir), clock: () => now },
      { partner: { oin: '00000001234567890000', naam: 'Test', type: 'Huur' }, trace: traceFromHeader(undefined), raw });
    expect(outcome.status).toBe(202);

    const zaakId = (await db.redis.hget(intakeKeys.signal(outcome.receipt.signaalId), 'zaakId'))!;
    const stored = await db.redis.hgetall(caseKeys.case(zaakId));
    // The bundle before the reload throughout: 10 working days, two years, its own revision.
    expect(stored.aanbodtermijn).toBe('2026-12-07');
    expect(stored.zaakfeitenBewaarTot).toBe('2028-11-23T09:00:00.000Z');
    const records = (await auditRecords(db.redis)).map((e) => e.record);
    expect(records).toHaveLength(1);
    expect(records[0].attributes).toMatchObject({ 'vroegsignaal.beleid_revisie': before.revision, 'vroegsignaal.bewaard_tot': '2028-11-23T09:00:00.000Z' });
  });
});
