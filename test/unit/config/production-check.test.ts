import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { productionProblems } from '../../../src/config/production-check.js';
import { loadPolicyBundle } from '../../../src/policy/load.js';

const { bundle } = loadPolicyBundle(new URL('../../../policies', import.meta.url).pathname);

/** A production home that serves the DDAS API (its signing key and certificate are there). */
function ddasHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'vs-prod-'));
  for (const dir of ['keys', 'tls']) mkdirSync(join(home, dir));
  writeFileSync(join(home, 'keys', 'ddas-signing.key'), 'x');
  writeFileSync(join(home, 'tls', 'ddas-signing.crt'), 'x');
  return home;
}

describe('production check', () => {
  it('wants DDAS_CRL_FILES once the DDAS API is served: the YAML requires a revocation check', async () => {
    const home = ddasHome();
    const without = await productionProblems(loadConfig({ VROEGSIGNAAL_HOME: home, VROEGSIGNAAL_MODE: 'production' }), bundle);
    expect(without.filter((p) => p.startsWith('DDAS_CRL_FILES: niet gezet'))).toHaveLength(1);
    const withCrl = await productionProblems(loadConfig({ VROEGSIGNAAL_HOME: home, VROEGSIGNAAL_MODE: 'production', DDAS_CRL_FILES: join(home, 'ca.crl') }), bundle);
    expect(withCrl.filter((p) => p.startsWith('DDAS_CRL_FILES'))).toEqual([]);
    const noDdas = await productionProblems(loadConfig({ VROEGSIGNAAL_HOME: mkdtempSync(join(tmpdir(), 'vs-prod-')), VROEGSIGNAAL_MODE: 'production' }), bundle);
    expect(noDdas.filter((p) => p.startsWith('DDAS_CRL_FILES'))).toEqual([]);
  });

  it('takes REDIS_SENTINELS instead of REDIS_URL, with a password and at least one replica to wait for', async () => {
    const home = mkdtempSync(join(tmpdir(), 'vs-prod-'));
    const redisProblems = async (env: Record<string, string>) =>
      (await productionProblems(loadConfig({ VROEGSIGNAAL_HOME: home, VROEGSIGNAAL_MODE: 'production', ...env }), bundle)).filter((p) => p.startsWith('REDIS_'));
    expect(await redisProblems({})).toEqual([expect.stringMatching(/^REDIS_URL of REDIS_SENTINELS: niet gezet/)]);
    expect(await redisProblems({ REDIS_URL: 'redis://:geheim@redis:6379' })).toEqual([]);
    expect(await redisProblems({ REDIS_SENTINELS: 'sentinel-1:26379,sentinel-2:26379,sentinel-3:26379', REDIS_PASSWORD: 'geheim', REDIS_MIN_REPLICAS: '1' })).toEqual([]);
    expect(await redisProblems({ REDIS_SENTINELS: 'sentinel-1:26379' })).toEqual([
      expect.stringMatching(/^REDIS_PASSWORD: niet gezet/),
      expect.stringMatching(/^REDIS_MIN_REPLICAS: 0 naast REDIS_SENTINELS; bij een failover kan een bevestigd signaal dan verloren gaan/),
    ]);
  });
});
