import { z } from 'zod';
import { adresSchema, persoonSchema, signaalpartnerTypes } from '../../intake/schema.js';
import { foundRecordSchema } from './auditlog-records.js';
import { gemeentecode, timestamp, uuid } from './common.js';

/** Requests and answers of /inwoners (and the identity of /auditlog/_inzage): identity in the body, never a URL. */

export const identitySchema = z.object({
  persoon: persoonSchema.pick({ voorletters: true, voorvoegsel: true, achternaam: true, geboortedatum: true }),
  adres: adresSchema.pick({ postcode: true, huisnummer: true, huisnummertoevoeging: true }).optional(),
}).strict();
export type Identity = z.infer<typeof identitySchema>;

/** A signal as the case stores it (src/cases/case.ts CaseSignal): pseudonymous facts only. */
const storedSignalSchema = z.object({
  signaalId: uuid,
  partnerType: z.enum(signaalpartnerTypes),
  partnerOin: z.string(),
  bedrag: z.number().int(),
  signaaldatum: z.iso.date(),
  ontstaansdatum: z.iso.date(),
  crisissignaal: z.boolean(),
  warmeOverdracht: z.boolean(),
  herhaald: z.boolean().optional(),
  persoonPseudonym: z.string().optional().describe('Over wie het signaal gaat (pseudoniem); ontbreekt bij signalen van vóór deze registratie'),
  gewist: timestamp.optional().describe('Wanneer de contactgegevens van dit signaal op verzoek zijn gewist (AVG art. 17)'),
});

export const inzageSchema = z.object({
  zaken: z.array(z.object({
    zaakId: uuid,
    gemeentecode,
    status: z.enum(['open', 'opgepakt', 'afgesloten', 'gewist']),
    signalen: z.array(storedSignalSchema),
    contactgegevens: z.array(z.object({ persoon: persoonSchema, adres: adresSchema })).describe('Ontsleuteld, één per signaal waarvan ze nog bewaard zijn'),
    bewaardTot: timestamp.optional().describe('Einde van de bewaartermijn van de contactgegevens'),
  })),
  verwerkingen: z.array(foundRecordSchema),
});

export const wissenSchema = z.object({ zaken: z.array(uuid).describe('De zaken waarvan de contactgegevens zijn gewist') });
