import { describe, expect, it } from 'vitest';
import { parseAttemptForm, parseCloseForm } from '../../../../src/web/werkvoorraad/forms.js';

describe('the form "Contactpoging vastleggen"', () => {
  it('reads a ticked box as reached and an absent one as not reached', () => {
    expect(parseAttemptForm({ soort: 'Telefoon', bereikt: 'ja', datum: '2026-11-22', dagdeel: 'Ochtend', _csrf: 'x' })).toEqual({
      ok: true, value: { soort: 'Telefoon', bereikt: true, datum: '2026-11-22', dagdeel: 'Ochtend' },
    });
    expect(parseAttemptForm({ soort: 'Huisbezoek', datum: '2026-11-22', dagdeel: 'Avond' })).toMatchObject({ ok: true, value: { bereikt: false } });
  });
  it('names each field that is missing or wrong, in the order of the form, and keeps what was entered', () => {
    const result = parseAttemptForm({ soort: 'Duif', datum: '22-11', bereikt: 'ja' });
    expect(result).toEqual({
      ok: false,
      entered: { soort: 'Duif', bereikt: 'ja', datum: '22-11', dagdeel: '' },
      errors: [
        { field: 'soort', message: 'Kies hoe u contact zocht.' },
        { field: 'datum', message: expect.stringMatching(/^Vul de datum/) },
        { field: 'dagdeel', message: 'Kies het dagdeel van de poging.' },
      ],
    });
  });
  it('accepts exactly what the API accepts (its schema): no impossible date', () => {
    expect(parseAttemptForm({ soort: 'Mail', datum: '2026-02-30', dagdeel: 'Middag' }).ok).toBe(false);
  });
});

describe('the form "Zaak afsluiten"', () => {
  it('takes one DDAS end result', () => {
    expect(parseCloseForm({ eindresultaat: 'Verwijzing zonder contact' })).toEqual({ ok: true, value: 'Verwijzing zonder contact' });
    expect(parseCloseForm({ eindresultaat: 'Klaar' })).toEqual({ ok: false, entered: { eindresultaat: 'Klaar' }, errors: [{ field: 'eindresultaat', message: 'Kies het eindresultaat van de zaak.' }] });
    expect(parseCloseForm({}).ok).toBe(false);
  });
});
