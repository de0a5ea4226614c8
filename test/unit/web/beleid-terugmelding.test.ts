import { describe, expect, it } from 'vitest';
import { loadPolicyBundle } from '../../../src/policy/load.js';
import { feedbackRules } from '../../../src/web/beleid/beleid-page.js';

describe('Beleid page: terugmelding', () => {
  it('lists every rule of policies/terugmelding.yaml with its source and whether it is verified', () => {
    const { bundle } = loadPolicyBundle(new URL('../../../policies', import.meta.url).pathname);
    const rules = feedbackRules(bundle);
    expect(rules.map((r) => [r.regel, r.waarde])).toEqual([
      ['Status "ontvangen" melden', 'nee'],
      ['Status "in behandeling" melden', 'ja'],
      ['Status "niet opgepakt" melden', 'ja'],
      ['Eindresultaten die "niet opgepakt" betekenen (reden nooit gemeld)', bundle.terugmelding.nietOpgepakt.resultaten.join(', ')],
      ['Eindresultaat "Vervolghulp en/of verwijzing financieel" melden', 'ja'],
      ['Eindresultaat "Inwoner heeft zelf al betaald/betalingsregeling getroffen" melden', 'ja'],
    ]);
    for (const r of rules) {
      expect(r.bron.length).toBeGreaterThan(0);
      expect(r.geverifieerd).toBe(false);
    }
  });
});
