import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { runAudit } from '../../src/cli/audit.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';
import { groupOf, packGroup } from '../../src/audit/content.js';

let gw: TestGateway;
let out: string;
const env = { ...process.env };
beforeAll(async () => {
  gw = await startTestGateway();
  process.env.VROEGSIGNAAL_HOME = gw.home;
  process.env.REDIS_URL = gw.gateway.redisUrl;
  out = mkdtempSync(join(tmpdir(), 'vs-audit-cli-'));
  // 25 signals: one audit record each.
  await postSigned(gw.url, '/v1/vroegsignalen/_batch', gw.huur, Array.from({ length: 25 }, () => exampleSignal()), { now: gw.clock.now });
  await gw.sequence();
});
afterAll(async () => {
  process.env = env;
  await gw?.stop();
  rmSync(out, { recursive: true, force: true });
});

async function audit(...args: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await runAudit(args), text: lines.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

describe('vroegsignaal audit', () => {
  it('exports to files and verifies them', async () => {
    const dir = join(out, 'export');
    expect((await audit('export', dir)).text).toContain('25 bladeren, 25 records');
    const verified = await audit('verify', dir);
    expect(verified.code).toBe(0);
    expect(verified.text).toContain('Het log is intact');
  });

  it('verifies a running gateway by URL and names tampering done in Redis behind its back', async () => {
    const token = await issueDevToken(gw.home, { sub: 'fg', gemeentecode: '0000', roles: ['privacy-officer'], now: gw.clock.now });
    const ca = join(gw.home, 'ca', 'ca.crt');
    expect((await audit('verify', gw.staffUrl, '--token', token, '--ca', ca)).code).toBe(0);

    // Rewrite the stored group that holds record 7 with one field of that record changed.
    const group = (await groupOf(gw.redis, 7))!;
    const members = group.members.map((m, k) => (group.head + k === 7 ? { ...m, json: JSON.stringify({ ...JSON.parse(m.json), name: 'iets-anders' }) } : m));
    await gw.redis.hset('vs:audit:inhoud:0', `g:${group.head}`, packGroup(members));
    const tampered = await audit('verify', gw.staffUrl, '--token', token, '--ca', ca);
    expect(tampered.code).toBe(1);
    expect(tampered.text).toContain('inhoud-gewijzigd @ index 7');
  });
});
