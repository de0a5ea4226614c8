import { z } from 'zod';
import { signaalpartnerTypes } from '../intake/schema.js';

/** The DDAS v1.2 Client fields (reference/ddas/v1.2) a delivery may carry, as policies/rapportage.yaml names them. */
export const ddasClientFields = ['burgerservicenummer', 'geslachtsaanduiding', 'geboortedatum', 'postcode', 'huisnummer', 'huisnummertoevoeging'] as const;
export type DdasClientField = (typeof ddasClientFields)[number];

/** DDAS EnumEindresultaat (reference/ddas, schema v0.9). */
export const eindresultaten = [
  'Niet opgepakt: herhaalde melding', 'Niet opgepakt: onterecht signaal', 'Inwoner is overleden',
  'Persoon is geen inwoner (meer) in de gemeente', 'Niet opgepakt: andere reden', 'Inwoner al bekend bij schuldhulpverlening',
  'Inwoner heeft al een ander lopend traject', 'Definitief geen contact kunnen krijgen', 'Geen reactie na eerder contact',
  'Inwoner hoeft geen hulp vanuit vroegsignalering', 'Inwoner heeft zelf al betaald/betalingsregeling getroffen',
  '(Budget)advies en/of quick fix', 'Vervolghulp en/of verwijzing financieel', 'Verwijzing zonder contact',
  'Vervolghulp en/of verwijzing niet financieel',
] as const;
export type Eindresultaat = (typeof eindresultaten)[number];

/** What a partner can see of its own signal (CONTRACT §1, GET /v1/vroegsignalen/{id}; DDAS restricted feedback). */
export const partnerStatuses = ['ontvangen', 'in behandeling', 'niet opgepakt'] as const;
export type PartnerStatus = (typeof partnerStatuses)[number];

const isoDuration = z.string().regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'verwacht een ISO 8601-duur zoals P6M');
const sourced = { bron: z.string().min(1), geverifieerd: z.boolean() };
const rule = <T extends z.ZodType>(value: T) => z.object({ waarde: value, ...sourced }).strict();

export const activitySchema = z.object({
  id: z.string().regex(/^urn:[a-z0-9-]+:/i, 'verwacht een URI (urn:…)'),
  naam: z.string().min(1),
  doel: z.string().min(1),
  grondslag: z.array(z.string().min(1)).min(1),
  betrokkenen: z.array(z.string()).min(1),
  categorieen: z.array(z.string()).min(1),
  ontvangers: z.array(z.string()).min(1),
  bewaartermijn: isoDuration,
  versie: z.number().int().min(1),
  geldigVanaf: z.union([z.iso.date(), z.date().transform((d) => d.toISOString().slice(0, 10))]),
}).strict();

export const partnerPolicySchema = z.object({
  toegestaan: rule(z.boolean()),
  verwerkingsactiviteit: z.string().min(1),
  velden: z.object({ persoon: z.array(z.string()), adres: z.array(z.string()), ...sourced }).strict(),
  drempels: z.object({
    minimaleDagenAchterstand: rule(z.number().int().min(0)).optional(),
    maximaleDagenAchterstand: rule(z.number().int().min(0)).optional(),
    /** Strictly more than this many calendar months (CAK: "meer dan 6 maanden"). */
    meerDanMaandenAchterstand: rule(z.number().int().min(0)).optional(),
    minimaalBedrag: rule(z.number().int().min(0)).optional(),
    maximaalBedrag: rule(z.number().int().min(0)).optional(),
  }).strict(),
  inspanningen: z.object({
    vereist: z.array(z.enum(['aanmaningVerstuurd', 'persoonlijkContactGezocht', 'gewezenOpSchuldhulp'])),
    ...sourced,
  }).strict(),
}).strict();

export const municipalitySchema = z.object({
  gemeentecode: z.string().regex(/^[0-9]{4}$/, 'verwacht 4 cijfers (als tekst, tussen aanhalingstekens)'),
  naam: z.string().min(1),
  aanbodtermijnWerkdagen: z.number().int().min(1).max(60).default(10),
  postcodes: z.array(z.object({ van: z.number().int().min(1000).max(9999), tot: z.number().int().min(1000).max(9999) }).strict()).min(1),
  /** Key ids the keystore must hold for this municipality (ids only: the keys never enter the bundle). */
  sleutels: z.object({ pseudoniem: z.array(z.string().min(1)).default([]), kek: z.array(z.string().min(1)).default([]) }).strict().optional(),
  /**
   * DDAS v1.2 `aanleverendeOrganisatie`: who delivers this municipality's monitor data to CBS (the
   * municipality itself, or an organisation it delegates to). Default: "Gemeente <naam>".
   */
  aanleverendeOrganisatie: z.object({ naam: z.string().min(1), kvkNummer: z.string().regex(/^[0-9]{8}$/, 'verwacht 8 cijfers').optional() }).strict().optional(),
}).strict();

export const retentionSchema = z.object({
  duur: z.union([isoDuration, z.literal('onbeperkt')]),
  vanaf: z.string().min(1),
  ...sourced,
}).strict();

/** policies/terugmelding.yaml: what a partner learns of its own signals, pushed or polled. */
export const feedbackPolicySchema = z.object({
  statussen: z.object(Object.fromEntries(partnerStatuses.map((s) => [s, rule(z.boolean())])) as Record<PartnerStatus, ReturnType<typeof rule<z.ZodBoolean>>>).strict(),
  nietOpgepakt: z.object({ resultaten: z.array(z.enum(eindresultaten)).min(1), ...sourced }).strict(),
  eindresultaten: z.partialRecord(z.enum(eindresultaten), z.object(sourced).strict()).default({}),
}).strict();

/** One schema per file: a broken file is reported by its own name. */
export const bundleFileSchemas = {
  'verwerkingsactiviteiten.yaml': z.object({ activiteiten: z.array(activitySchema).min(1) }).strict(),
  'signaalpartners.yaml': z.object({
    // Templates exist only to be referenced by YAML anchors; only `types` enters the bundle.
    sjablonen: z.record(z.string(), z.unknown()).optional(),
    types: z.object(Object.fromEntries(signaalpartnerTypes.map((t) => [t, partnerPolicySchema])) as Record<(typeof signaalpartnerTypes)[number], typeof partnerPolicySchema>).strict(),
  }).strict(),
  'gemeenten.yaml': z.object({ gemeenten: z.array(municipalitySchema).min(1) }).strict(),
  'bewaartermijnen.yaml': z.object({
    termijnen: z.object({
      contactgegevens: retentionSchema,
      zaakfeiten: retentionSchema,
      auditInhoud: retentionSchema,
      auditBladeren: retentionSchema,
      perResultaat: z.partialRecord(z.enum(eindresultaten), retentionSchema).default({}),
    }).strict(),
  }).strict(),
  'rapportage.yaml': z.object({
    clientvelden: z.object({
      // DDAS v1.2 Client: without a BSN the client is known by postcode and huisnummer, so both must be allowed.
      waarde: z.array(z.enum(ddasClientFields)).refine((v) => v.includes('postcode') && v.includes('huisnummer'), 'postcode en huisnummer zijn verplicht (DDAS v1.2: een client zonder burgerservicenummer)'),
      bron: z.string().min(1),
      geverifieerd: z.boolean(),
    }).strict(),
    codeGegevensleverancier: z.string().min(1),
    /**
     * Data consumers (CBS) and the municipalities each may pull (DDAS pull API), by OIN. A consumer
     * not listed here may pull nothing in production; in development, what `afnemer add` registered.
     */
    afnemers: z.object({
      waarde: z.array(z.object({
        oin: z.string().regex(/^[0-9]{20}$/, 'verwacht een OIN van 20 cijfers'),
        naam: z.string().min(1),
        gemeenten: z.union([z.literal('alle'), z.array(z.string().regex(/^[0-9]{4}$/)).min(1)]),
      }).strict()),
      ...sourced,
    }).strict().optional(),
  }).strict(),
  'terugmelding.yaml': feedbackPolicySchema,
} as const;

export type ProcessingActivity = z.infer<typeof activitySchema>;
export type PartnerPolicy = z.infer<typeof partnerPolicySchema>;
export type Municipality = z.infer<typeof municipalitySchema>;
export type FeedbackPolicy = z.infer<typeof feedbackPolicySchema>;

export interface PolicyBundle {
  activiteiten: ProcessingActivity[];
  types: Record<(typeof signaalpartnerTypes)[number], PartnerPolicy>;
  gemeenten: Municipality[];
  termijnen: z.infer<(typeof bundleFileSchemas)['bewaartermijnen.yaml']>['termijnen'];
  rapportage: z.infer<(typeof bundleFileSchemas)['rapportage.yaml']>;
  terugmelding: FeedbackPolicy;
}
