import { identitySchema, type Identity } from '../../http/schemas/inwoners.js';

/**
 * A resident's identity as a privacy officer types it into a form (person search, access
 * request). It only ever arrives in a POST body; it is never put in a URL, a title or a log line.
 */
export const identityFields = ['voorletters', 'voorvoegsel', 'achternaam', 'geboortedatum', 'postcode', 'huisnummer', 'huisnummertoevoeging'] as const;
export type IdentityField = (typeof identityFields)[number];
export type IdentityForm = Partial<Record<IdentityField, string>>;

export type IdentityParse =
  | { ok: true; identity: Identity; values: IdentityForm }
  | { ok: false; errors: Partial<Record<IdentityField, string>>; values: IdentityForm };

const field = (body: unknown, name: IdentityField): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** Where a schema path points in the form: `persoon.achternaam` → achternaam. */
function formField(path: readonly PropertyKey[]): IdentityField {
  const last = String(path[path.length - 1] ?? '');
  return (identityFields as readonly string[]).includes(last) ? (last as IdentityField) : 'achternaam';
}

/**
 * The form as the API's identity (the same schema, so both recognise a person alike), or the
 * errors per field in plain Dutch. A person is recognised by surname and initial with a birth date,
 * or else with an address (postcode and house number): without either the search cannot work.
 */
export function parseIdentityForm(body: unknown): IdentityParse {
  const values: IdentityForm = Object.fromEntries(identityFields.map((name) => [name, field(body, name)]));
  const optional = (name: IdentityField) => (values[name] ? { [name]: values[name] } : {});
  const hasAddress = Boolean(values.postcode || values.huisnummer);
  const candidate = {
    persoon: { ...optional('voorletters'), ...optional('voorvoegsel'), achternaam: values.achternaam ?? '', ...optional('geboortedatum') },
    ...(hasAddress ? { adres: { postcode: values.postcode ?? '', huisnummer: values.huisnummer ?? '', ...optional('huisnummertoevoeging') } } : {}),
  };
  const errors: Partial<Record<IdentityField, string>> = {};
  const parsed = identitySchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[formField(issue.path)] ??= messageFor(formField(issue.path));
  }
  if (!values.achternaam) errors.achternaam = 'Vul de achternaam in.';
  if (values.geboortedatum && !/^\d{4}-\d{2}-\d{2}$/.test(values.geboortedatum)) errors.geboortedatum = 'Vul de geboortedatum in als JJJJ-MM-DD.';
  if (!values.geboortedatum && !hasAddress) errors.geboortedatum = 'Vul de geboortedatum in, of anders postcode en huisnummer.';
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors, values };
  return { ok: true, identity: parsed.data, values };
}

function messageFor(name: IdentityField): string {
  switch (name) {
    case 'postcode': return 'Vul de postcode in als 1234AB.';
    case 'huisnummer': return 'Vul het huisnummer in (alleen cijfers).';
    case 'geboortedatum': return 'Vul de geboortedatum in als JJJJ-MM-DD.';
    case 'achternaam': return 'Vul de achternaam in.';
    default: return 'Dit veld is niet goed ingevuld.';
  }
}
