import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runPartner } from '../../../src/cli/partner.js';
import { loadConfig } from '../../../src/config/config.js';
import { demoPartners, ensureDevMaterial } from '../../../src/config/dev-material.js';
import { loadPartnerRegistry, readRegistryEntries } from '../../../src/partners/registry.js';
import { createDevCa } from '../../../src/pki/certificates.js';

const home = mkdtempSync(join(tmpdir(), 'vs-cli-terugmeld-'));
const env = { VROEGSIGNAAL_HOME: home };
const registryPath = () => loadConfig(env).partnerRegistry;
const huur = demoPartners[0].oin;
afterAll(() => rmSync(home, { recursive: true, force: true }));
beforeAll(async () => {
  await ensureDevMaterial(loadConfig(env));
});

async function run(argv: string[]): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    expect(await runPartner(argv, env)).toBe(0);
    return log.mock.calls.flat().join('\n');
  } finally {
    log.mockRestore();
  }
}

describe('terugmeldadres of a signaalpartner', () => {
  it('partner add registers the callback with its CA', async () => {
    const caFile = join(home, 'partner-ca.crt');
    writeFileSync(caFile, createDevCa('CA van de partner').certPem);
    const said = await run(['add', '--oin', '00000099000000005000', '--naam', 'Water Demo', '--type', 'Water', '--out', join(home, 'water'),
      '--terugmeld-url', 'https://water.example/terugmelding', '--terugmeld-ca', caFile]);
    expect(said).toContain('terugmeldingen naar https://water.example/terugmelding (eigen CA)');
    expect(loadPartnerRegistry(registryPath()).feedbackReceiver('00000099000000005000')).toEqual({ url: 'https://water.example/terugmelding', ca: readFileSync(caFile, 'utf8') });
  });

  it('partner set gives an existing partner a callback, replaces it and removes it; keys stay as they were', async () => {
    const keysBefore = readRegistryEntries(registryPath()).find((p) => p.oin === huur)!.signingKeys;
    expect(loadPartnerRegistry(registryPath()).feedbackReceiver(huur)).toBeUndefined();
    expect(await run(['set', '--oin', huur, '--terugmeld-url', 'https://huur.example/a'])).toContain(`Terugmeldingen voor OIN ${huur} gaan naar https://huur.example/a (systeemvertrouwen).`);
    expect(loadPartnerRegistry(registryPath()).feedbackReceiver(huur)).toEqual({ url: 'https://huur.example/a' });
    await run(['set', '--oin', huur, '--terugmeld-url', 'https://huur.example/b']);
    expect(loadPartnerRegistry(registryPath()).feedbackReceiver(huur)).toEqual({ url: 'https://huur.example/b' });
    expect(await run(['set', '--oin', huur, '--geen-terugmelding'])).toContain('geen terugmeldadres meer');
    expect(loadPartnerRegistry(registryPath()).feedbackReceiver(huur)).toBeUndefined();
    expect(readRegistryEntries(registryPath()).find((p) => p.oin === huur)!.signingKeys).toEqual(keysBefore);
  });

  it('refuses a callback that is not https, an unknown partner and contradicting options, in Dutch, without writing', async () => {
    const before = readFileSync(registryPath(), 'utf8');
    await expect(runPartner(['set', '--oin', huur, '--terugmeld-url', 'http://huur.example/'], env)).rejects.toThrow(/^--terugmeld-url: http:\/\/huur\.example\/ is geen https-adres/);
    await expect(runPartner(['add', '--oin', '00000099000000006000', '--naam', 'X', '--type', 'Zorg', '--out', join(home, 'x'), '--terugmeld-url', 'ftp://x.example/'], env)).rejects.toThrow(/is geen https-adres/);
    await expect(runPartner(['set', '--oin', '00000099000000009999', '--terugmeld-url', 'https://x.example/'], env)).rejects.toThrow(/staat niet in het partnerregister/);
    await expect(runPartner(['set', '--oin', huur], env)).rejects.toThrow(/geef --terugmeld-url of --geen-terugmelding/);
    await expect(runPartner(['set', '--oin', huur, '--geen-terugmelding', '--terugmeld-url', 'https://x.example/'], env)).rejects.toThrow(/geef --terugmeld-url of --geen-terugmelding/);
    await expect(runPartner(['set', '--oin', huur, '--terugmeld-ca', 'x.crt'], env)).rejects.toThrow(/--terugmeld-ca hoort bij --terugmeld-url/);
    const notPem = join(home, 'geen.crt');
    writeFileSync(notPem, 'nee');
    await expect(runPartner(['set', '--oin', huur, '--terugmeld-url', 'https://x.example/', '--terugmeld-ca', notPem], env)).rejects.toThrow(/--terugmeld-ca: .*geen\.crt bevat geen PEM-certificaat/);
    expect(readFileSync(registryPath(), 'utf8')).toBe(before);
  });

  it('a hand-edited registry with an http callback is refused with the place named', () => {
    const path = join(home, 'kapot.json');
    const entries = readRegistryEntries(registryPath());
    writeFileSync(path, JSON.stringify({ partners: [{ ...entries[0], terugmelding: { url: 'http://x.example/' } }] }));
    expect(() => loadPartnerRegistry(path)).toThrow(/partners\.0\.terugmelding\.url: http:\/\/x\.example\/ is geen https-adres/);
  });
});
