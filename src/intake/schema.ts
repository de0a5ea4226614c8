import { z } from 'zod';

/** DDAS EnumSignaalpartner (reference/ddas, schema v0.9). */
export const signaalpartnerTypes = [
  'Energie', 'Huur', 'Hypotheek', 'CAK Zorgverzekeringen', 'Zorg', 'Water', 'DUO',
  'Belastingdienst', 'CAK Eigen bijdrage', 'Overige', 'Dienst Toeslagen',
] as const;
export type SignaalpartnerType = (typeof signaalpartnerTypes)[number];

const isoDate = z.iso.date({ error: 'verwacht een datum JJJJ-MM-DD' });

/**
 * Characters a name or address never needs but a trick does: controls (NUL and friends),
 * bidirectional overrides and isolates (text that displays other than it reads), zero-width
 * characters and the BOM (two values that look the same but pseudonymise differently).
 */
const hiddenCharacters = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u;
/** A word mixing Latin with Greek or Cyrillic letters is a homoglyph trick (UTS #39 mixed script). */
const mixedScriptWord = /(?=[^\s]*\p{Script=Latin})(?=[^\s]*[\p{Script=Greek}\p{Script=Cyrillic}])[^\s]+/u;

function text(min: number, max: number) {
  return z.string().min(min).max(max)
    .refine((v) => !hiddenCharacters.test(v), 'bevat een onzichtbaar teken of stuurteken')
    .refine((v) => !mixedScriptWord.test(v), 'mengt Latijnse met Griekse of Cyrillische letters in één woord');
}

/**
 * `persoon` is deliberately open-ended at the schema level: *which* person fields a partner
 * may send is policy (the allowlist per partner type), so an unknown field must reach the
 * policy step to be named there, not die here as a schema error. Known fields are typed.
 */
export const persoonSchema = z
  .object({
    voorletters: text(1, 20).optional(),
    voorvoegsel: text(0, 20).optional(),
    achternaam: text(1, 200),
    geboortedatum: isoDate.optional(),
    telefoonnummer: z.string().regex(/^\+?[0-9 ()-]{6,20}$/, 'verwacht een telefoonnummer').optional(),
    email: z.email({ error: 'verwacht een e-mailadres' }).max(254).optional(),
    burgerservicenummer: z.string().regex(/^[0-9]{9}$/, 'verwacht 9 cijfers').optional(),
    klantnummer: text(1, 64).optional(),
  })
  .catchall(z.unknown());

export const adresSchema = z
  .object({
    straatnaam: text(1, 200),
    huisnummer: z.string().regex(/^[0-9]{1,5}$/, 'verwacht een huisnummer van 1 tot 5 cijfers'),
    huisnummertoevoeging: text(0, 10).optional(),
    postcode: z.string().regex(/^[1-9][0-9]{3} ?[A-Za-z]{2}$/, 'verwacht een postcode als 1234AB'),
    plaatsnaam: text(1, 100),
  })
  .catchall(z.unknown());

export const signalSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'verwacht 1 tot 64 tekens uit [A-Za-z0-9._-]'),
    signaalpartner: z.enum(signaalpartnerTypes),
    signaaldatum: isoDate,
    ontstaansdatum: isoDate,
    bedrag: z.number().int('verwacht hele euro’s').min(0).max(10_000_000),
    crisissignaal: z.boolean(),
    warmeOverdracht: z.boolean().default(false),
    inspanningen: z.object({
      aanmaningVerstuurd: z.boolean(),
      persoonlijkContactGezocht: z.boolean(),
      gewezenOpSchuldhulp: z.boolean(),
    }).strict(),
    persoon: persoonSchema,
    adres: adresSchema,
  })
  .strict();

export type Signal = z.infer<typeof signalSchema>;
export type Persoon = Signal['persoon'];
export type Adres = Signal['adres'];

/** Batch: a JSON array of 1..1000 signals, validated item by item (one bad item rejects only itself). */
export const maxBatchSize = 1000;
