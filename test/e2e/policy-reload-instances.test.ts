import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { loadPolicyBundle } from '../../src/policy/load.js';
import { auditRecords } from '../helpers/audit.js';
import { httpsRequest } from '../helpers/https-client.js';
import { root, spawnGateway, startRig, stopRig, tempDir, until, type GatewayProcess, type Rig } from '../reliability/harness.js';

/**
 * Two `vroegsignaal start` processes on one Redis, one home (secrets, state), each with its own
 * copy of the policies directory as on two machines: a reload on one reaches the other and is
 * recorded once; SIGHUP to both is still one record; an instance whose directory holds another
 * bundle warns and keeps its own. B runs two listener processes (HTTP_WORKERS=2): what it follows,
 * each of them serves.
 */
let rig: Rig | undefined;
let a: GatewayProcess;
let b: GatewayProcess;
const policies = { a: '', b: '' };

beforeAll(async () => {
  rig = await startRig();
  for (const name of ['a', 'b'] as const) {
    policies[name] = tempDir(`vs-beleid-${name}-`);
    cpSync(join(root, 'policies'), policies[name], { recursive: true });
  }
  // One after the other: the first makes the development material in the shared home.
  a = await spawnGateway({ home: rig.home, redisUrl: rig.redisServer.url, env: { VROEGSIGNAAL_POLICIES: policies.a } });
  b = await spawnGateway({ home: rig.home, redisUrl: rig.redisServer.url, env: { VROEGSIGNAAL_POLICIES: policies.b, HTTP_WORKERS: '2' } });
}, 120_000);
afterAll(() => stopRig(rig));

const call = async (gw: GatewayProcess, method: string, path: string) => {
  const token = await issueDevToken(rig!.home, { sub: 'beheer', gemeentecode: '0000', roles: ['beheerder'], now: new Date() });
  return httpsRequest(gw.staffUrl, path, { method, ca: readFileSync(join(rig!.home, 'ca', 'ca.crt')), headers: [['Authorization', `Bearer ${token}`]] });
};
/**
 * The revision an instance serves; with several listener processes, the one they all serve (each
 * request a new connection, handed round them), or a list when they differ.
 */
const served = async (gw: GatewayProcess) => {
  const seen = new Set(await Promise.all(Array.from({ length: 6 }, async () => (await call(gw, 'GET', '/v1/beleid')).json.revisie as string)));
  return seen.size === 1 ? [...seen][0]! : [...seen].join(' en ');
};
const reloads = async () => (await auditRecords(rig!.redis)).filter((e) => e.record.path === 'beleid/herladen').map((e) => e.record.input);
/** Deploy an edit to the given instances' policies directories; returns the bundle's new revision. */
const deploy = (to: Array<'a' | 'b'>, days: number) => {
  for (const name of to) {
    const file = join(policies[name], 'signaalpartners.yaml');
    const text = readFileSync(file, 'utf8');
    const edited = text.replace(/minimaleDagenAchterstand: \{ waarde: \d+,/, `minimaleDagenAchterstand: { waarde: ${days},`);
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
  }
  return loadPolicyBundle(policies[to[0]!]).revision;
};
const lines = (gw: GatewayProcess, text: string) => gw.output().split('\n').filter((l) => l.includes(text)).length;

describe('policy reload with two instances on one Redis', () => {
  it('a reload on one instance is recorded once and the other instance serves the new bundle', async () => {
    const first = await served(a);
    expect(await served(b)).toBe(first);
    const next = deploy(['a', 'b'], 20);
    const res = await call(a, 'POST', '/v1/beleid/_herladen');
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ vorigeRevisie: first, revisie: next });
    await until(async () => (await served(b)) === next, 'the other instance to follow', 30_000);
    expect(await reloads()).toEqual([{ oude_revisie: first, nieuwe_revisie: next }]);
  }, 60_000);

  it('SIGHUP to both instances at once: both serve the new bundle, one record', async () => {
    const before = await served(a);
    const next = deploy(['a', 'b'], 25);
    const said = `beleid herladen: ${next}`;
    a.signal('SIGHUP');
    b.signal('SIGHUP');
    // Each answers its own SIGHUP once it has reloaded (and recorded, or found it recorded).
    await until(() => lines(a, said) === 1 && lines(b, said) === 1, 'both instances to reload', 30_000);
    expect([await served(a), await served(b)]).toEqual([next, next]);
    expect((await reloads()).slice(1)).toEqual([{ oude_revisie: before, nieuwe_revisie: next }]);
  }, 60_000);

  it('an instance whose policies directory holds another bundle warns and keeps serving its own; deployed and reloaded, it follows without a second record', async () => {
    const before = await served(a);
    const next = deploy(['a'], 22);
    const res = await call(a, 'POST', '/v1/beleid/_herladen');
    expect(res.json).toEqual({ vorigeRevisie: before, revisie: next });
    await until(() => /andere revisie/.test(b.output()), 'the other instance to warn', 30_000);
    expect(await served(b)).toBe(before);
    expect(await served(a)).toBe(next);
    // The operator deploys the same directory there too and reloads it: already recorded.
    expect(deploy(['b'], 22)).toBe(next);
    b.signal('SIGHUP');
    await until(() => lines(b, `beleid herladen: ${next}`) === 1, 'the instance to reload', 30_000);
    expect(await served(b)).toBe(next);
    expect((await reloads()).slice(2)).toEqual([{ oude_revisie: before, nieuwe_revisie: next }]);
  }, 60_000);
});
