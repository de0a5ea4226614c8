import { z } from 'zod';
import { base64, timestamp } from './common.js';

/** Audit records as the API shows them (src/audit/records.ts): processing and decision records. */

const processingRecordSchema = z.object({
  kind: z.literal('verwerking'),
  trace_id: z.string(),
  span_id: z.string(),
  parent_span_id: z.string().optional(),
  name: z.string(),
  start_time: timestamp,
  end_time: timestamp,
  status: z.enum(['Unset', 'Ok', 'Error']),
  attributes: z.object({
    'dpl.core.processing_activity_id': z.string(),
    'dpl.core.data_subject_id': z.string(),
    'dpl.core.data_subject_id_type': z.enum(['pseudoniem-persoon', 'pseudoniem-adres']),
    'vroegsignaal.vertrouwelijkheid': z.enum(['normaal', 'vertrouwelijk']),
    'vroegsignaal.bewaartermijn': z.string(),
    'vroegsignaal.gemeentecode': z.string().optional(),
    'vroegsignaal.signaal_id': z.string().optional(),
    'vroegsignaal.zaak_id': z.string().optional(),
    'vroegsignaal.partner_oin': z.string().optional(),
    'vroegsignaal.bewaard_tot': z.string().optional(),
    'vroegsignaal.contactgegevens_bewaard_tot': z.string().optional(),
    'vroegsignaal.bewaarregel': z.string().optional(),
    'vroegsignaal.beleid_revisie': z.string().optional(),
    'fsc.transaction_id': z.string().optional(),
    // The one record of an accepted signal ("vroegsignaal-verwerkt") also carries its decision,
    // case step and queue outcome; the reasons as parallel arrays (see SignalProcessingAttributes).
    'vroegsignaal.signaalpartner': z.string().optional(),
    'vroegsignaal.besluit.resultaat': z.enum(['allow', 'deny']).optional(),
    'vroegsignaal.besluit.regel_ids': z.array(z.string()).optional().describe('Toegepaste regels; positie i hoort bij dezelfde positie in codes, bronnen en geverifieerd'),
    'vroegsignaal.besluit.codes': z.array(z.string()).optional(),
    'vroegsignaal.besluit.bronnen': z.array(z.string()).optional(),
    'vroegsignaal.besluit.geverifieerd': z.array(z.boolean()).optional(),
    'vroegsignaal.besluit.invoer_velden': z.array(z.string()).optional().describe('Veldnamen van de invoer, nooit inhoud'),
    'vroegsignaal.zaakstap': z.enum(['zaak-aangemaakt', 'zaak-aangemaakt-opeenvolgend', 'signaal-bij-zaak-gevoegd', 'herhaalde-melding']).optional(),
    'vroegsignaal.wachtrij': z.enum(['zaak-in-wachtrij', 'zaak-bijgewerkt', 'niet-opgepakt-herhaald']).optional(),
  }),
});

const decisionRecordSchema = z.object({
  kind: z.literal('besluit'),
  decision_id: z.string(),
  timestamp,
  path: z.string(),
  input: z.record(z.string(), z.unknown()).describe('Veldnamen en revisies, nooit inhoud'),
  result: z.enum(['allow', 'deny']),
  reasons: z.array(z.object({
    rule_id: z.string(), code: z.string(), bron: z.string(), geverifieerd: z.boolean(), detail: z.string(), pointer: z.string().optional(),
  })),
  bundle_revision: z.string(),
  trace_id: z.string(),
  span_id: z.string(),
  processing_activity_id: z.string().optional(),
  partner_oin: z.string().optional(),
});

export const auditRecordSchema = z.discriminatedUnion('kind', [processingRecordSchema, decisionRecordSchema]);

/** A record found by a query: its content, or (after retention) only when the content went. */
export const foundRecordSchema = z.object({
  index: z.number().int().min(0),
  record: auditRecordSchema.nullable(),
  salt: base64.optional().describe('Met de salt kan iedereen met het record zijn blad herberekenen'),
  verwijderd: timestamp.optional().describe('Wanneer de inhoud na de bewaartermijn is verwijderd'),
});
