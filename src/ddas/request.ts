import { z } from 'zod';

/** Most signals one page may hold (issue 16; CBS asks for pages of up to 50,000). */
export const maxPageSize = 50_000;

/**
 * DDAS-VS.yaml GegevensRequest, `additionalProperties: false`. Shapes only (400); whether the
 * period or page can be served is the endpoint's 422.
 */
export const gegevensRequestSchema = z.object({
  aanleverperiodeStartdatum: z.iso.date().optional(),
  aanleverperiodeEinddatum: z.iso.date().optional(),
  aanleverendeOrganisatie: z.string().min(1).max(200).optional(),
  page: z.number().int().min(1).optional(),
  pageSize: z.number().int().min(1).optional(),
}).strict();
export type GegevensRequest = z.infer<typeof gegevensRequestSchema>;
