import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PseudonymKey } from '../../../src/privacy/pseudonym.js';
import {
  addressPseudonym,
  personPseudonym,
  PseudonymInputError,
  pseudonymKeyId,
} from '../../../src/privacy/pseudonym.js';

const amsterdam: PseudonymKey = { id: 'p-0363-20250101-aaaa', secret: randomBytes(32) };
const rotterdam: PseudonymKey = { id: 'p-0599-20250101-bbbb', secret: randomBytes(32) };

const adres = { straatnaam: 'Dorpsstraat', huisnummer: '12', huisnummertoevoeging: 'a', postcode: '1234AB', plaatsnaam: 'Ergens' };
const persoon = { voorletters: 'J.P.', voorvoegsel: 'van', achternaam: 'Dijk', geboortedatum: '1980-04-01' };

describe('addressPseudonym', () => {
  it('is equal for equivalent spellings of one address', () => {
    const p = addressPseudonym(adres, amsterdam);
    expect(addressPseudonym({ ...adres, postcode: '1234 ab', huisnummertoevoeging: ' - A ' }, amsterdam)).toBe(p);
    const otherStreetSpelling = { ...adres, huisnummer: '012', straatnaam: 'Anders gespeld' };
    expect(addressPseudonym(otherStreetSpelling, amsterdam)).toBe(p);
  });

  it('differs per household', () => {
    const p = addressPseudonym(adres, amsterdam);
    expect(addressPseudonym({ ...adres, huisnummertoevoeging: 'b' }, amsterdam)).not.toBe(p);
    expect(addressPseudonym({ ...adres, huisnummertoevoeging: undefined }, amsterdam)).not.toBe(p);
    expect(addressPseudonym({ ...adres, huisnummer: '121', huisnummertoevoeging: undefined }, amsterdam))
      .not.toBe(addressPseudonym({ ...adres, huisnummer: '12', huisnummertoevoeging: '1' }, amsterdam));
  });

  it('carries its key id and a 256-bit base64url MAC', () => {
    const p = addressPseudonym(adres, amsterdam);
    expect(p).toMatch(/^p-0363-20250101-aaaa:[A-Za-z0-9_-]{43}$/);
    expect(pseudonymKeyId(p)).toBe(amsterdam.id);
  });

  it('differs across municipalities (different keys)', () => {
    const a = addressPseudonym(adres, amsterdam);
    const r = addressPseudonym(adres, rotterdam);
    expect(r.split(':')[1]).not.toBe(a.split(':')[1]);
    // Same secret under another id still yields the same MAC: the secret, not the id, separates municipalities.
    expect(addressPseudonym(adres, { id: 'x', secret: amsterdam.secret }).split(':')[1]).toBe(a.split(':')[1]);
  });

  it('refuses weak keys and ids that would break the format', () => {
    expect(() => addressPseudonym(adres, { id: 'p-1', secret: randomBytes(16) })).toThrow(PseudonymInputError);
    expect(() => addressPseudonym(adres, { id: 'a:b', secret: randomBytes(32) })).toThrow(PseudonymInputError);
  });
});

describe('personPseudonym', () => {
  it('is equal for equivalent spellings of one person', () => {
    const p = personPseudonym(persoon, adres, amsterdam);
    expect(personPseudonym({ ...persoon, voorvoegsel: undefined, achternaam: 'Van  Dijk', voorletters: 'J.' }, adres, amsterdam)).toBe(p);
    expect(personPseudonym({ ...persoon, voorvoegsel: 'v.', achternaam: 'DIJK', voorletters: 'j' }, adres, amsterdam)).toBe(p);
  });

  it('follows a person to another address when the geboortedatum is known', () => {
    const p = personPseudonym(persoon, adres, amsterdam);
    expect(personPseudonym(persoon, { ...adres, postcode: '9999ZZ' }, amsterdam)).toBe(p);
    expect(personPseudonym(persoon, undefined, amsterdam)).toBe(p);
  });

  it('tells apart another initial, surname or geboortedatum', () => {
    const p = personPseudonym(persoon, adres, amsterdam);
    expect(personPseudonym({ ...persoon, voorletters: 'K.' }, adres, amsterdam)).not.toBe(p);
    expect(personPseudonym({ ...persoon, achternaam: 'Dijkstra' }, adres, amsterdam)).not.toBe(p);
    expect(personPseudonym({ ...persoon, geboortedatum: '1980-04-02' }, adres, amsterdam)).not.toBe(p);
  });

  it('without geboortedatum falls back to the address: same person there, different elsewhere', () => {
    const { geboortedatum: _g, ...zonder } = persoon;
    const here = personPseudonym(zonder, adres, amsterdam);
    expect(personPseudonym({ ...zonder, achternaam: 'van Dijk', voorvoegsel: undefined }, { ...adres, postcode: '1234 ab' }, amsterdam)).toBe(here);
    expect(personPseudonym(zonder, { ...adres, huisnummer: '14' }, amsterdam)).not.toBe(here);
    expect(here).not.toBe(personPseudonym(persoon, adres, amsterdam));
    expect(() => personPseudonym(zonder, undefined, amsterdam)).toThrow(PseudonymInputError);
  });

  it('differs across municipalities', () => {
    expect(personPseudonym(persoon, adres, amsterdam).split(':')[1]).not.toBe(personPseudonym(persoon, adres, rotterdam).split(':')[1]);
  });

  it('never equals an address pseudonym, even on identical field values', () => {
    // Person-without-geboortedatum hashes the address fields too; the domain tag keeps them apart.
    const bare = { achternaam: '-' };
    const a = addressPseudonym(adres, amsterdam);
    const p = personPseudonym(bare, adres, amsterdam);
    expect(p).not.toBe(a);
  });

  it('rejects a malformed geboortedatum without echoing it', () => {
    expect(() => personPseudonym({ ...persoon, geboortedatum: '01-04-1980' }, adres, amsterdam)).toThrow(/^(?!.*1980).*$/);
  });
});
