import type { IdentityField, IdentityForm } from './identity.js';
import { TextField } from './text-field.js';

const labels: Record<IdentityField, { label: string; type?: 'date'; autocomplete: string; description?: string }> = {
  voorletters: { label: 'Voorletters', autocomplete: 'off' },
  voorvoegsel: { label: 'Tussenvoegsel', autocomplete: 'off', description: 'Bijvoorbeeld "van" of "de".' },
  achternaam: { label: 'Achternaam', autocomplete: 'off' },
  geboortedatum: { label: 'Geboortedatum', type: 'date', autocomplete: 'off' },
  postcode: { label: 'Postcode', autocomplete: 'off', description: 'Alleen nodig zonder geboortedatum.' },
  huisnummer: { label: 'Huisnummer', autocomplete: 'off' },
  huisnummertoevoeging: { label: 'Huisnummertoevoeging', autocomplete: 'off' },
};

/** The identity fields of a person search or access request, with their values and errors after a refused post. */
export function IdentityFields({ idPrefix, values, errors }: { idPrefix: string; values?: IdentityForm; errors?: Partial<Record<IdentityField, string>> }) {
  return (
    <>
      {(Object.keys(labels) as IdentityField[]).map((name) => (
        <TextField
          id={`${idPrefix}-${name}`}
          name={name}
          label={labels[name].label}
          type={labels[name].type ?? 'text'}
          value={values?.[name] ?? ''}
          autocomplete={labels[name].autocomplete}
          required={name === 'achternaam'}
          description={labels[name].description}
          error={errors?.[name]}
        />
      ))}
    </>
  );
}
