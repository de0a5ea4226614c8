import { describe, expect, it } from 'vitest';
import { loadPolicyBundle } from '../../../src/policy/load.js';
import type { PolicyBundle } from '../../../src/policy/bundle-schema.js';
import { shortenedKinds } from '../../../src/retention/reschedule.js';

const { bundle } = loadPolicyBundle(new URL('../../../policies', import.meta.url).pathname);
const withTerms = (t: Partial<PolicyBundle['termijnen']>): PolicyBundle => ({ ...bundle, termijnen: { ...bundle.termijnen, ...t } });
const term = (duur: string) => ({ ...bundle.termijnen.contactgegevens, duur });

describe('which kinds a reload must walk', () => {
  it('walks nothing when no term got shorter, a longer one included', () => {
    expect(shortenedKinds(bundle, bundle)).toEqual({ contact: false, caseFacts: false });
    expect(shortenedKinds(bundle, withTerms({ zaakfeiten: term('P3Y'), contactgegevens: term('P1Y') }))).toEqual({ contact: false, caseFacts: false });
  });

  it('walks contact details when the default or one end result’s term shortens, case facts when theirs does', () => {
    expect(shortenedKinds(bundle, withTerms({ contactgegevens: term('P5M') }))).toEqual({ contact: true, caseFacts: false });
    expect(shortenedKinds(bundle, withTerms({ perResultaat: { ...bundle.termijnen.perResultaat, 'Inwoner is overleden': term('P2W') } }))).toEqual({ contact: true, caseFacts: false });
    expect(shortenedKinds(bundle, withTerms({ zaakfeiten: term('P23M') }))).toEqual({ contact: false, caseFacts: true });
  });

  it('walks everything when the previous bundle is unknown', () => {
    expect(shortenedKinds(undefined, bundle)).toEqual({ contact: true, caseFacts: true });
  });
});
