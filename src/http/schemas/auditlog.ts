import { z } from 'zod';
import { auditRecordSchema, foundRecordSchema } from './auditlog-records.js';
import { base64 } from './common.js';

/** Requests and answers of /auditlog: queries (query string or body), records, RFC 9162 proofs. */

export const filterSchema = z.object({
  van: z.iso.datetime({ offset: true }).optional(),
  tot: z.iso.datetime({ offset: true }).optional(),
  activiteit: z.string().max(200).optional(),
  besluit: z.enum(['allow', 'deny']).optional(),
  reden: z.string().max(100).optional(),
  partner: z.string().regex(/^[0-9]{20}$/).optional(),
  cursor: z.string().max(64).optional(),
  limiet: z.coerce.number().int().min(1).max(500).default(50),
}).strict();

/** A pseudonym is personal data (EDPB 01/2025): it may be searched for in a body only. */
export const searchSchema = filterSchema.extend({ pseudoniem: z.string().min(1).max(200).optional() }).strict();

export const totalsQuerySchema = z.object({ van: z.iso.date(), tot: z.iso.date() }).strict()
  .refine((p) => p.van <= p.tot && Date.parse(p.tot) - Date.parse(p.van) <= 366 * 86_400_000, { message: 'van ≤ tot, hoogstens een jaar', path: ['tot'] });

/** Query strings of the proof routes: numbers as text, checked by the route (its own problem codes). */
const count = z.number().int().min(0);
export const indexParams = z.object({ index: count });
export const inclusionQuery = z.object({ grootte: z.number().int().min(1).optional() });
export const rangeQuery = z.object({ van: count, tot: count });

const proof = z.array(base64);

export const recordSchema = z.object({
  index: count,
  record: auditRecordSchema.nullable().describe('Afwezig (null) na verwijdering aan het eind van de bewaartermijn'),
  salt: base64.nullable(),
  leafHash: base64,
});

export const inclusionSchema = z.object({ index: count, grootte: z.number().int().min(1), leafHash: base64, bewijs: proof });
export const consistencySchema = z.object({ van: count, tot: count, bewijs: proof });

export const pageSchema = z.object({
  records: z.array(foundRecordSchema),
  volgende: z.string().nullable().describe('Cursor van de volgende pagina; null op de laatste'),
});

export const totalsSchema = z.object({
  van: z.iso.date(),
  tot: z.iso.date(),
  activiteit: z.record(z.string(), z.number().int()),
  besluit: z.record(z.string(), z.number().int()),
  reden: z.record(z.string(), z.number().int()),
});

export const auditInzageSchema = z.object({ pseudoniemen: z.array(z.string()), records: z.array(foundRecordSchema) });

export const checkpointsSchema = z.array(z.object({ grootte: count, checkpoint: z.string() }));
export const bladerenSchema = z.object({ van: count, bladeren: proof });
