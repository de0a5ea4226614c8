import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../src/cli/args.js';
import { runPartner } from '../../../src/cli/partner.js';
import { loadConfig } from '../../../src/config/config.js';
import { ensureDevMaterial } from '../../../src/config/dev-material.js';
import { loadPartnerRegistry } from '../../../src/partners/registry.js';

const home = mkdtempSync(join(tmpdir(), 'vs-cli-partner-'));
const env = { VROEGSIGNAAL_HOME: home };
const args = (out: string, over: Record<string, string> = {}) =>
  Object.entries({ oin: '00000099000000004000', naam: 'Zorgverzekeraar Demo', type: 'Zorg', out, ...over }).flatMap(([k, v]) => [`--${k}`, v]);

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('vroegsignaal partner add', () => {
  it('without a CA, tells the operator to start the gateway once', async () => {
    await expect(runPartner(['add', ...args(join(home, 'x'))], env)).rejects.toThrow(/npm start/);
  });

  describe('with a development home', () => {
    beforeAll(async () => {
      await ensureDevMaterial(loadConfig(env));
    });

    it('writes the five files, registers the partner and prints a summary', async () => {
      const out = join(home, 'zorg');
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        expect(await runPartner(['add', ...args(out)], env)).toBe(0);
        expect(log.mock.calls.flat().join('\n')).toMatch(/Zorgverzekeraar Demo \(Zorg, OIN 00000099000000004000\) geregistreerd/);
      } finally {
        log.mockRestore();
      }
      expect(readdirSync(out).sort()).toEqual(['ca.crt', 'client.crt', 'client.key', 'signing.crt', 'signing.key']);
      expect(loadPartnerRegistry(loadConfig(env).partnerRegistry).byOin('00000099000000004000')?.type).toBe('Zorg');
    });

    it('turns bad arguments into usage errors', async () => {
      const out = join(home, 'bad');
      await expect(runPartner(['add', ...args(out, { oin: '123' })], env)).rejects.toThrow(UsageError);
      await expect(runPartner(['add', ...args(out, { type: 'Gas' })], env)).rejects.toThrow(/--type moet een van/);
      await expect(runPartner(['add', '--oin', '00000099000000004000'], env)).rejects.toThrow(/--naam is verplicht/);
      await expect(runPartner(['add', ...args(out), '--kleur', 'rood'], env)).rejects.toThrow(UsageError);
      await expect(runPartner(['verwijder'], env)).rejects.toThrow(/gebruik: vroegsignaal partner add/);
      await expect(runPartner(['add', ...args(out, { type: 'Water', oin: '00000099000000001000' })], env)).rejects.toThrow(/al geregistreerd als type Huur/);
    });
  });
});
