import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addPartner } from '../../../src/partners/add.js';
import { createRegistryWatcher, loadPartnerRegistry } from '../../../src/partners/registry.js';
import { createDevCa } from '../../../src/pki/certificates.js';
import { x5tS256 } from '../../../src/pki/thumbprint.js';
import { readFileSync } from 'node:fs';

const dir = mkdtempSync(join(tmpdir(), 'vs-registry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ca = createDevCa();
const registryPath = join(dir, 'partners.json');
const add = (oin: string, type: string, sub: string) =>
  addPartner({ registryPath, caCertPem: ca.certPem, caKeyPem: ca.keyPem, oin, naam: sub, type, outDir: join(dir, sub) });

describe('partner registry', () => {
  it('finds a signing key only under the OIN it is registered to', () => {
    const watcher = createRegistryWatcher(registryPath);
    expect(watcher.current().all()).toEqual([]);
    add('00000099000000001000', 'Huur', 'a');
    add('00000099000000002000', 'Energie', 'b');
    const registry = watcher.current();
    const keyOfB = x5tS256(readFileSync(join(dir, 'b', 'signing.crt')));
    expect(registry.byOin('00000099000000002000')).toEqual({ oin: '00000099000000002000', naam: 'b', type: 'Energie' });
    expect(registry.signingKey('00000099000000002000', { x5tS256: keyOfB })?.alg).toBe('PS256');
    expect(registry.signingKey('00000099000000001000', { x5tS256: keyOfB })).toBeUndefined();
    expect(registry.signingKey('00000099000000001000', { kid: keyOfB })).toBeUndefined();
  });

  it('names the file and the path of a malformed entry', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ partners: [{ oin: '12', naam: 'x', type: 'Huur', signingKeys: [] }] }));
    expect(() => loadPartnerRegistry(broken)).toThrow(/broken\.json: partners\.0\.oin: verwacht een OIN van 20 cijfers/);
  });

  it('refuses to re-register an OIN under another type', () => {
    expect(() => add('00000099000000001000', 'Water', 'c')).toThrow(/al geregistreerd als type Huur/);
  });
});
