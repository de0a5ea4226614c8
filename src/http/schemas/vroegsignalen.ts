import { z } from 'zod';
import { signalSchema } from '../../intake/schema.js';
import { eindresultaten, partnerStatuses } from '../../policy/bundle-schema.js';
import { inclusionSchema } from './auditlog.js';
import { problemSchema, receiptSchema, uuid } from './common.js';

/** Requests and answers of /vroegsignalen; the signal itself is src/intake/schema.ts. */

export { signalSchema };

export const signalParams = z.object({ signaalId: uuid });

export const batchResultsSchema = z.array(z.object({
  index: z.number().int().min(0),
  status: z.number().int(),
  receipt: receiptSchema.optional().describe('Bij 200 en 202'),
  problem: problemSchema.optional().describe('Bij een fout: het problem+json dat een los signaal had gekregen'),
}));

export const ontvangstbewijsSchema = z.object({
  ontvangstbewijs: receiptSchema,
  bewijs: inclusionSchema.optional(),
  checkpoint: z.string().optional().describe('Het ondertekende checkpoint waartegen `bewijs` geldt'),
});

export const signalStatusSchema = z.object({
  signaalId: uuid,
  id: z.string(),
  status: z.enum(partnerStatuses),
  eindresultaat: z.enum(eindresultaten).optional()
    .describe('Alleen bij "in behandeling" en alleen een eindresultaat dat policies/terugmelding.yaml noemt; nooit de reden van "niet opgepakt"'),
});
