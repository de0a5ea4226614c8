import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { auditRecords } from '../helpers/audit.js';

let gw: TestGateway;
let policies: string;
beforeAll(async () => {
  policies = mkdtempSync(join(tmpdir(), 'vs-herladen-'));
  cpSync(new URL('../../policies', import.meta.url).pathname, policies, { recursive: true });
  gw = await startTestGateway({ policiesDir: policies });
});
afterAll(async () => {
  await gw?.stop();
  rmSync(policies, { recursive: true, force: true });
});

const beheerder = (method: string, path: string) => callAs(gw, { sub: 'beheer', gemeentecode: '0000', role: 'beheerder' }, method, path);
const file = (name: string) => join(policies, name);
const edit = (name: string, from: RegExp | string, to: string) => {
  const before = readFileSync(file(name), 'utf8');
  const after = before.replace(from, to);
  expect(after).not.toBe(before);
  writeFileSync(file(name), after);
  return () => writeFileSync(file(name), before);
};

describe('POST /v1/beleid/_herladen', () => {
  it('reloads an edited bundle as SIGHUP does: both revisions in the answer, the new one served, the reload in the audit log', async () => {
    const before = (await beheerder('GET', '/v1/beleid')).json.revisie;
    edit('signaalpartners.yaml', /minimaleDagenAchterstand: \{ waarde: 30,/, 'minimaleDagenAchterstand: { waarde: 20,');
    const res = await beheerder('POST', '/v1/beleid/_herladen');
    expect(res.status).toBe(200);
    expect(res.json.vorigeRevisie).toBe(before);
    expect(res.json.revisie).toMatch(/^sha256:/);
    expect(res.json.revisie).not.toBe(before);
    expect((await beheerder('GET', '/v1/beleid')).json.revisie).toBe(res.json.revisie);
    const records = (await auditRecords(gw.redis)).map((e) => e.record);
    expect(records).toContainEqual(expect.objectContaining({ kind: 'besluit', path: 'beleid/herladen', input: { oude_revisie: before, nieuwe_revisie: res.json.revisie } }));
  });

  it('refuses an invalid bundle with 400 beleid-ongeldig listing its findings; the old bundle stays in force', async () => {
    const served = (await beheerder('GET', '/v1/beleid')).json.revisie;
    const restore = edit('signaalpartners.yaml', 'toegestaan: { waarde: true', 'toegestaan: { waarde: misschien');
    try {
      const res = await beheerder('POST', '/v1/beleid/_herladen');
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('beleid-ongeldig');
      expect(res.json.errors.length).toBeGreaterThan(0);
      expect(res.json.errors[0].pointer).toMatch(/^\/signaalpartners\.yaml\/types\/\w+\/toegestaan/);
      expect(res.json.errors[0].detail).toMatch(/^signaalpartners\.yaml: /);
      expect((await beheerder('GET', '/v1/beleid')).json.revisie).toBe(served);
    } finally {
      restore();
    }
  });

  it('refuses a bundle naming a municipality that has no keys, and names it', async () => {
    const served = (await beheerder('GET', '/v1/beleid')).json.revisie;
    const restore = edit('gemeenten.yaml', 'gemeenten:\n', 'gemeenten:\n  - gemeentecode: "0014"\n    naam: Groningen\n    aanbodtermijnWerkdagen: 10\n    postcodes: [{ van: 9711, tot: 9711 }]\n');
    try {
      const res = await beheerder('POST', '/v1/beleid/_herladen');
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('beleid-ongeldig');
      expect(res.json.errors.map((e: { detail: string }) => e.detail)).toEqual([expect.stringMatching(/gemeente 0014 \(Groningen\) heeft geen sleutels/)]);
      expect((await beheerder('GET', '/v1/beleid')).json.revisie).toBe(served);
    } finally {
      restore();
    }
  });

  it('is for beheerders only: a worker or a privacy officer gets 403', async () => {
    for (const role of ['schuldhulpverlener', 'privacy-officer'] as const) {
      const res = await callAs(gw, { sub: 'x', gemeentecode: '1696', role }, 'POST', '/v1/beleid/_herladen');
      expect(res.status, role).toBe(403);
      expect(res.json.code).toBe('geen-toegang');
    }
  });
});
