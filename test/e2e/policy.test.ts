import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { runPolicy } from '../../src/cli/policy.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest, postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';
import { auditRecords as storedAuditRecords } from '../helpers/audit.js';

let gw: TestGateway;
let dir: string;
const env = { ...process.env };
beforeAll(async () => {
  gw = await startTestGateway();
  // explain uses the real clock, like an operator at a terminal; keep the gateway's in step.
  gw.clock.set(new Date().toISOString());
  process.env.VROEGSIGNAAL_HOME = gw.home;
  dir = mkdtempSync(join(tmpdir(), 'vs-policy-cli-'));
});
afterAll(async () => {
  process.env = env;
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
  try {
    return { code: await runPolicy(args), out: lines.join('\n') };
  } finally {
    log.mockRestore();
    write.mockRestore();
  }
}

const token = (roles: Array<'privacy-officer' | 'beheerder' | 'schuldhulpverlener'>) =>
  issueDevToken(gw.home, { sub: 'test', gemeentecode: '0518', roles, now: gw.clock.now });

async function auditRecords(): Promise<any[]> {
  return (await storedAuditRecords(gw.redis)).map((e) => e.record);
}

describe('GET /v1/beleid', () => {
  it('serves the bundle and its revision to privacy officers and beheerders, with no key material', async () => {
    for (const role of ['privacy-officer', 'beheerder'] as const) {
      const res = await httpsRequest(gw.staffUrl, '/v1/beleid', { ca: gw.huur.ca, headers: [['Authorization', `Bearer ${await token([role])}`]] });
      expect(res.status).toBe(200);
      expect(res.json.revisie).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(res.json.signaalpartners.Huur.drempels.minimaleDagenAchterstand).toMatchObject({ waarde: 30, geverifieerd: true });
      expect(res.text).not.toMatch(/PRIVATE KEY|"secret"|"key":/);
    }
  });

  it('refuses a worker (403), a missing token and a forged one (401)', async () => {
    const worker = await httpsRequest(gw.staffUrl, '/v1/beleid', { ca: gw.huur.ca, headers: [['Authorization', `Bearer ${await token(['schuldhulpverlener'])}`]] });
    expect(worker.status).toBe(403);
    const none = await httpsRequest(gw.staffUrl, '/v1/beleid', { ca: gw.huur.ca });
    expect(none.status).toBe(401);
    const [h, p] = (await token(['beheerder'])).split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), roles: ['beheerder'], gemeentecode: '0363' })).toString('base64url')}.AAAA`;
    const res = await httpsRequest(gw.staffUrl, '/v1/beleid', { ca: gw.huur.ca, headers: [['Authorization', `Bearer ${forged}`]] });
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('token-ongeldig');
  });

  it('refuses an expired token', async () => {
    const old = await issueDevToken(gw.home, { sub: 't', gemeentecode: '0518', roles: ['beheerder'], now: new Date(gw.clock.now.getTime() - 9 * 3600_000) });
    const res = await httpsRequest(gw.staffUrl, '/v1/beleid', { ca: gw.huur.ca, headers: [['Authorization', `Bearer ${old}`]] });
    expect(res.status).toBe(401);
  });
});

describe('decision records', () => {
  it('records an allow and a deny with rule ids, sources, the bundle revision and only field names', async () => {
    const allowed = exampleSignal();
    const denied = exampleSignal({ ontstaansdatum: '2026-11-01' });
    denied.persoon.achternaam = 'Geheimnaam';
    expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, allowed, { now: gw.clock.now })).status).toBe(202);
    expect((await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, denied, { now: gw.clock.now })).status).toBe(400);
    const beleid = await httpsRequest(gw.staffUrl, '/v1/beleid', { ca: gw.huur.ca, headers: [['Authorization', `Bearer ${await token(['beheerder'])}`]] });
    const decisions = (await auditRecords()).filter((r) => r.kind === 'besluit');
    const deny = decisions.find((r) => r.result === 'deny')!;
    expect(deny).toMatchObject({
      decision_id: expect.stringMatching(/^[0-9a-f-]{36}$/), partner_oin: '00000099000000001000', bundle_revision: beleid.json.revisie,
      processing_activity_id: 'urn:vroegsignaal:verwerking:signalen-ontvangen', trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(deny.reasons[0]).toMatchObject({ rule_id: 'Huur.drempels.minimaleDagenAchterstand', bron: expect.any(String), geverifieerd: true });
    expect(deny.input.velden).toContain('persoon.achternaam');
    expect(JSON.stringify(decisions)).not.toContain('Geheimnaam');
    // The allow is part of the accepted signal's one processing record, with the same facts.
    expect(decisions.some((r) => r.result === 'allow')).toBe(false);
    const allow = (await auditRecords()).find((r) => r.name === 'vroegsignaal-verwerkt')!;
    expect(allow.attributes).toMatchObject({
      'vroegsignaal.besluit.resultaat': 'allow', 'vroegsignaal.besluit.regel_ids': ['Huur.toegestaan'], 'vroegsignaal.besluit.codes': ['toegestaan'],
      'vroegsignaal.besluit.geverifieerd': [expect.any(Boolean)], 'vroegsignaal.beleid_revisie': beleid.json.revisie,
      'vroegsignaal.partner_oin': '00000099000000001000', 'dpl.core.processing_activity_id': 'urn:vroegsignaal:verwerking:signalen-ontvangen',
    });
    expect(allow.attributes['vroegsignaal.besluit.invoer_velden']).toContain('persoon.achternaam');
    expect(await gw.redis.exists(`vs:idem:00000099000000001000:${denied.id}`)).toBe(0);
  });
});

describe('vroegsignaal policy', () => {
  it('check prints a summary with the revision and the unverified rules', async () => {
    const res = await cli('check', new URL('../../policies', import.meta.url).pathname);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/Revisie: sha256:[0-9a-f]{64}/);
    expect(res.out).toContain('Belastingdienst.drempels.minimaalBedrag');
  });

  it('explain gives the same decision intake gives, for an accepted and a refused signal, storing nothing', async () => {
    for (const [signal, expected] of [
      [exampleSignal(), 202],
      [exampleSignal({ bedrag: 100, inspanningen: { aanmaningVerstuurd: false, persoonlijkContactGezocht: true, gewezenOpSchuldhulp: true } }), 400],
      [exampleSignal({ signaalpartner: 'Energie' }), 403],
    ] as const) {
      const file = join(dir, `${signal.id}.json`);
      writeFileSync(file, JSON.stringify(signal));
      const keysBefore = await gw.redis.dbsize();
      const explained = await cli('explain', file, '--as', join(gw.home, 'partners', 'huur'));
      expect(await gw.redis.dbsize()).toBe(keysBefore);
      const intake = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, signal, { now: gw.clock.now });
      expect(intake.status).toBe(expected);
      if (expected === 202) {
        expect(explained.code).toBe(0);
        expect(explained.out).toContain(`Besluit: toegestaan — gemeente ${intake.json.gemeentecode}`);
      } else {
        expect(explained.code).toBe(1);
        expect(explained.out).toContain(`Besluit: geweigerd (${expected} ${intake.json.code})`);
        for (const e of intake.json.errors ?? []) expect(explained.out).toContain(`veld: ${e.pointer}`);
      }
    }
  });

  it('register writes the processing register as markdown for the DPIA', async () => {
    const out = join(dir, 'register.md');
    expect((await cli('register', '--format', 'markdown', '--out', out)).code).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(/^# Register van verwerkingsactiviteiten/);
    expect(md).toContain('urn:vroegsignaal:verwerking:signalen-ontvangen');
    expect(md).toContain('Wgs art. 3 lid 1 onder b');
    expect(md).toContain('| Belastingdienst | ja |');
  });
});
