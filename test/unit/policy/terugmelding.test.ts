import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eindresultaten } from '../../../src/policy/bundle-schema.js';
import { loadPolicyBundle } from '../../../src/policy/load.js';
import { renderRegisterMarkdown } from '../../../src/policy/register-markdown.js';
import { outwardFeedback, partnerStatusAfterClose, pushesStatus } from '../../../src/policy/terugmelding.js';

const shipped = new URL('../../../policies', import.meta.url).pathname;
const temps: string[] = [];
afterEach(() => temps.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function copyBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vs-policy-'));
  temps.push(dir);
  cpSync(shipped, dir, { recursive: true });
  return dir;
}

function edit(dir: string, from: string, to: string) {
  const path = join(dir, 'terugmelding.yaml');
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

const { bundle, revision } = loadPolicyBundle(shipped);
const policy = bundle.terugmelding;

describe('policies/terugmelding.yaml', () => {
  it('maps the DDAS end results of not picking a signal up to "niet opgepakt", every other one to "in behandeling"', () => {
    const notPickedUp = ['Niet opgepakt: herhaalde melding', 'Niet opgepakt: onterecht signaal', 'Inwoner is overleden',
      'Persoon is geen inwoner (meer) in de gemeente', 'Niet opgepakt: andere reden'];
    for (const result of eindresultaten) {
      expect(partnerStatusAfterClose(policy, result)).toBe(notPickedUp.includes(result) ? 'niet opgepakt' : 'in behandeling');
    }
  });

  it('tells an allowed end result only next to "in behandeling", and names the rules that allowed it', () => {
    expect(outwardFeedback(policy, 'in behandeling', 'Vervolghulp en/of verwijzing financieel')).toEqual({
      status: 'in behandeling', eindresultaat: 'Vervolghulp en/of verwijzing financieel',
      rules: ['terugmelding.statussen.in behandeling', 'terugmelding.eindresultaten.Vervolghulp en/of verwijzing financieel'],
    });
    // Not listed: the status alone.
    expect(outwardFeedback(policy, 'in behandeling', '(Budget)advies en/of quick fix')).toEqual({ status: 'in behandeling', rules: ['terugmelding.statussen.in behandeling'] });
  });

  it('never gives the reason of "niet opgepakt", whatever the end result', () => {
    for (const result of eindresultaten) {
      const view = outwardFeedback(policy, 'niet opgepakt', result);
      expect(view).toEqual({ status: 'niet opgepakt', rules: ['terugmelding.statussen.niet opgepakt'] });
    }
  });

  it('pushes the statuses the policy switches on', () => {
    expect([pushesStatus(policy, 'ontvangen'), pushesStatus(policy, 'in behandeling'), pushesStatus(policy, 'niet opgepakt')]).toEqual([false, true, true]);
    const dir = copyBundle();
    edit(dir, 'ontvangen:\n    waarde: false', 'ontvangen:\n    waarde: true');
    const changed = loadPolicyBundle(dir);
    expect(pushesStatus(changed.bundle.terugmelding, 'ontvangen')).toBe(true);
    // The file is part of the bundle revision.
    expect(changed.revision).not.toBe(revision);
  });

  it('refuses a bundle that would tell a partner a reason for "niet opgepakt"', () => {
    const dir = copyBundle();
    edit(dir, 'eindresultaten:\n', 'eindresultaten:\n  "Inwoner is overleden":\n    bron: "x"\n    geverifieerd: false\n');
    expect(() => loadPolicyBundle(dir)).toThrow(/^terugmelding\.yaml: eindresultaten\.Inwoner is overleden: staat ook in nietOpgepakt/);
  });

  it('refuses a rule without its source, and an end result DDAS does not know', () => {
    const dir = copyBundle();
    edit(dir, '"Vervolghulp en/of verwijzing financieel":', '"Hulp aanvaard":');
    expect(() => loadPolicyBundle(dir)).toThrow(/^terugmelding\.yaml: eindresultaten/);
    const noSource = copyBundle();
    edit(noSource, '  bron: "DDAS Uitwisselmodel v0.9 (EnumEindresultaat)', '  herkomst: "DDAS Uitwisselmodel v0.9 (EnumEindresultaat)');
    expect(() => loadPolicyBundle(noSource)).toThrow(/^terugmelding\.yaml: nietOpgepakt/);
  });

  it('appears in the register of processing activities with source and verification per rule', () => {
    const text = renderRegisterMarkdown(bundle, revision, new Date('2026-12-01T00:00:00Z'));
    expect(text).toContain('## Terugmelding aan signaalpartners');
    expect(text).toMatch(/\| status "niet opgepakt" melden \| ja \| DDAS beperkte terugkoppeling.* \| \*\*nee — te bevestigen\*\* \|/);
    expect(text).toContain('| eindresultaat "Vervolghulp en/of verwijzing financieel" melden | ja |');
  });
});
