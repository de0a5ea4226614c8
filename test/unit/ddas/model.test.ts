import { describe, expect, it } from 'vitest';
import { clientOf, resultV12, signalStatus } from '../../../src/ddas/model.js';
import { bundleFileSchemas } from '../../../src/policy/bundle-schema.js';

const contact = {
  persoon: { voorletters: 'A.', achternaam: 'Dijk', geboortedatum: '1985-06-15', burgerservicenummer: '123456782' },
  adres: { postcode: '1234AB', huisnummer: '10', huisnummertoevoeging: 'A', straatnaam: 'Voorbeeldstraat' },
};

describe('DDAS v1.2 model', () => {
  it('writes only the client fields the bundle allows, and a BSN alone when it is allowed (the schema oneOf)', () => {
    expect(clientOf(contact, ['geboortedatum', 'postcode', 'huisnummer'])).toEqual({ geboortedatum: '1985-06-15', postcode: '1234AB', huisnummer: '10' });
    expect(clientOf(contact, ['burgerservicenummer', 'postcode', 'huisnummer'])).toEqual({ burgerservicenummer: '123456782' });
  });

  it('leaves out a client that cannot be named (no postcode and huisnummer, no BSN)', () => {
    expect(clientOf({ persoon: {}, adres: {} }, ['postcode', 'huisnummer'])).toBeUndefined();
  });

  it('refuses a rapportage.yaml whose client fields cannot name a client without BSN', () => {
    const file = (waarde: string[]) => ({ clientvelden: { waarde, bron: 'x', geverifieerd: false }, codeGegevensleverancier: 'x' });
    expect(bundleFileSchemas['rapportage.yaml'].safeParse(file(['geboortedatum', 'postcode'])).success).toBe(false);
    expect(bundleFileSchemas['rapportage.yaml'].safeParse(file(['postcode', 'huisnummer'])).success).toBe(true);
  });

  it('reports statuses and end results in v1.2 terms', () => {
    expect(signalStatus({ herhaald: true, opgepakt: true })).toBe('Niet opgepakt: herhaalde melding');
    expect(signalStatus({ herhaald: false, opgepakt: false })).toBe('Nog niet opgepakt');
    expect(signalStatus({ herhaald: false, opgepakt: true })).toBe('Opgepakt');
    expect(signalStatus({ herhaald: false, opgepakt: true, eindresultaat: 'Inwoner al bekend bij schuldhulpverlening' })).toBe('Inwoner al bekend bij schuldhulpverlening');
    expect(resultV12('Verwijzing zonder contact')).toBe('Verwijzing zonder tussenkomst inwoner');
    expect(resultV12('Inwoner hoeft geen hulp vanuit vroegsignalering')).toBe('Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering');
    expect(resultV12('(Budget)advies en/of quick fix')).toBe('(Budget)advies en/of quick fix');
  });
});
