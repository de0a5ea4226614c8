import { z } from 'zod';
import { contactsoorten, dagdelen } from '../../cases/ddas.js';
import { adresSchema, persoonSchema, signaalpartnerTypes } from '../../intake/schema.js';
import { eindresultaten } from '../../policy/bundle-schema.js';
import { gemeentecode, timestamp, uuid } from './common.js';

/** Requests and answers of /zaken: the routes parse bodies with these, the document shows them. */

export const zaakParams = z.object({ zaakId: uuid });

export const attemptSchema = z.object({ soort: z.enum(contactsoorten), bereikt: z.boolean(), datum: z.iso.date(), dagdeel: z.enum(dagdelen) }).strict();
export const closeSchema = z.object({ eindresultaat: z.enum(eindresultaten) }).strict();

/** What a worker sees of a case (src/cases/view.ts returns exactly this type). */
export const caseViewSchema = z.object({
  zaakId: uuid,
  gemeentecode,
  status: z.enum(['open', 'opgepakt', 'afgesloten', 'gewist']),
  crisissignaal: z.boolean(),
  aanbodtermijn: z.iso.date(),
  termijnVerstreken: z.boolean(),
  opgepaktDoorMij: z.boolean(),
  claimTot: timestamp.optional().describe('Tot wanneer mijn claim loopt (alleen als ik de zaak heb opgepakt); elke handeling verlengt hem'),
  datumOpgepakt: timestamp.optional().describe('Wanneer de zaak voor het eerst werd opgepakt'),
  signalen: z.array(z.object({
    signaalId: uuid,
    signaalpartner: z.enum(signaalpartnerTypes),
    bedrag: z.number().int(),
    signaaldatum: z.iso.date(),
    ontstaansdatum: z.iso.date(),
    crisissignaal: z.boolean(),
  })),
  contactpogingen: z.array(attemptSchema),
  eindresultaat: z.enum(eindresultaten).optional().describe('Alleen bij een afgesloten zaak'),
  afgesloten: timestamp.optional().describe('Wanneer de zaak werd afgesloten'),
  contactgegevensBewaardTot: timestamp.optional().describe('Einde van de bewaartermijn van de contactgegevens'),
  zaakfeitenBewaardTot: timestamp.optional().describe('Einde van de bewaartermijn van de zaak (gepseudonimiseerde feiten)'),
  bewaartermijnVoorlopig: z.boolean().optional()
    .describe('Zolang de zaak open is: de data gelden alsof de zaak bij het laatste signaal werd afgesloten; afsluiten zet ze definitief'),
});
export type CaseView = z.infer<typeof caseViewSchema>;

export const termijnenSchema = z.object({
  gemeentecode,
  open: z.number().int().min(0),
  opgepakt: z.number().int().min(0),
  crisis: z.number().int().min(0),
  termijnVerstreken: z.number().int().min(0),
});

/** The decrypted contact details of the newest signal; those of older signals of a combined case below. */
export const contactgegevensSchema = z.object({
  persoon: persoonSchema,
  adres: adresSchema,
  eerdereSignalen: z.array(z.object({ signaalId: uuid, persoon: persoonSchema, adres: adresSchema })).optional(),
});
