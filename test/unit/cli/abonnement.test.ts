import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../src/cli/args.js';
import { runAbonnement } from '../../../src/cli/abonnement.js';
import { readSubscriptions, subscriptionsFor } from '../../../src/notifications/subscriptions.js';
import { createDevCa } from '../../../src/pki/certificates.js';

const home = mkdtempSync(join(tmpdir(), 'vs-cli-abonnement-'));
const env = { VROEGSIGNAAL_HOME: home, VROEGSIGNAAL_POLICIES: new URL('../../../policies', import.meta.url).pathname };
const registry = join(home, 'abonnementen.json');
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function run(argv: string[]): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    expect(await runAbonnement(argv, env)).toBe(0);
    return log.mock.calls.flat().join('\n');
  } finally {
    log.mockRestore();
  }
}

describe('vroegsignaal abonnement', () => {
  it('adds, lists and removes a subscription by its stable id', async () => {
    const caFile = join(home, 'gemeente-ca.crt');
    writeFileSync(caFile, createDevCa('CA van de gemeente').certPem);
    const said = await run(['add', '--gemeente', '0518', '--url', 'https://zaken.denhaag.example/events', '--ca', caFile]);
    const id = /Abonnement ([0-9a-f-]{36}) toegevoegd/.exec(said)?.[1];
    expect(id).toBeDefined();
    expect(said).toContain('gemeente 0518 gaan naar https://zaken.denhaag.example/events (eigen CA)');
    await run(['add', '--gemeente', '0363', '--url', 'https://zaken.amsterdam.example/events']);

    const stored = readSubscriptions(registry);
    expect(stored.map((s) => [s.gemeentecode, s.url, s.ca !== undefined])).toEqual([
      ['0518', 'https://zaken.denhaag.example/events', true], ['0363', 'https://zaken.amsterdam.example/events', false],
    ]);
    expect(stored[0]!.ca).toBe(readFileSync(caFile, 'utf8'));
    expect(subscriptionsFor(registry, '0518').map((s) => s.id)).toEqual([id]);

    const listed = await run(['list']);
    expect(listed).toContain(`${id}  0518      eigen CA           https://zaken.denhaag.example/events`);
    expect(listed).toContain('0363      systeemvertrouwen  https://zaken.amsterdam.example/events');

    expect(await run(['remove', id!])).toContain(`Abonnement ${id} (gemeente 0518, https://zaken.denhaag.example/events) verwijderd.`);
    expect(readSubscriptions(registry).map((s) => s.gemeentecode)).toEqual(['0363']);
    // The other subscription kept its id.
    expect(readSubscriptions(registry)[0]!.id).toBe(stored[1]!.id);
  });

  it('refuses, in Dutch and without writing, what would not work', async () => {
    const before = readFileSync(registry, 'utf8');
    await expect(runAbonnement(['add', '--gemeente', '0518', '--url', 'http://zaken.example/events'], env)).rejects.toThrow(/^--url: http:\/\/zaken\.example\/events is geen https-adres/);
    await expect(runAbonnement(['add', '--gemeente', '0518', '--url', 'niet een adres'], env)).rejects.toThrow(/is geen geldig adres/);
    await expect(runAbonnement(['add', '--gemeente', '0518', '--url', 'https://gebruiker:geheim@zaken.example/'], env)).rejects.toThrow(/gebruikersnaam of wachtwoord/);
    await expect(runAbonnement(['add', '--gemeente', '9999', '--url', 'https://zaken.example/'], env)).rejects.toThrow(/^gemeente 9999 staat niet in het beleid/);
    await expect(runAbonnement(['add', '--gemeente', '518', '--url', 'https://zaken.example/'], env)).rejects.toThrow(/4 cijfers/);
    await expect(runAbonnement(['add', '--gemeente', '0363', '--url', 'https://zaken.amsterdam.example/events'], env)).rejects.toThrow(/heeft al een abonnement op .* \(id [0-9a-f-]{36}\)/);
    const notPem = join(home, 'geen.crt');
    writeFileSync(notPem, 'geen certificaat');
    await expect(runAbonnement(['add', '--gemeente', '0518', '--url', 'https://zaken.example/', '--ca', notPem], env)).rejects.toThrow(/^--ca bevat geen PEM-certificaat/);
    await expect(runAbonnement(['add', '--gemeente', '0518', '--url', 'https://zaken.example/', '--ca', join(home, 'bestaat-niet')], env)).rejects.toThrow(/is niet te lezen/);
    await expect(runAbonnement(['add', '--url', 'https://zaken.example/'], env)).rejects.toThrow(/--gemeente is verplicht/);
    await expect(runAbonnement(['remove', '00000000-0000-4000-8000-000000000000'], env)).rejects.toThrow(/^geen abonnement met id/);
    await expect(runAbonnement(['wijzig'], env)).rejects.toThrow(UsageError);
    expect(readFileSync(registry, 'utf8')).toBe(before);
  });

  it('names the file and the place of a broken entry', async () => {
    const broken = join(home, 'kapot.json');
    writeFileSync(broken, JSON.stringify({ abonnementen: [{ id: '00000000-0000-4000-8000-000000000000', gemeentecode: '0518', url: 'http://x.example/', aangemaakt: '2026-12-01T00:00:00Z' }] }));
    expect(() => readSubscriptions(broken)).toThrow(/kapot\.json: abonnementen\.0\.url: http:\/\/x\.example\/ is geen https-adres/);
  });
});
