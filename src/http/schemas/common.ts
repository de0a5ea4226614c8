import { z } from 'zod';
import { problemCatalogue, type ProblemCode } from '../../errors/catalogue.js';
import { uuidPattern } from '../../ids/uuid.js';

/** Schemas shared by several resources: problem+json (RFC 9457), the receipt, uuids, base64. */

/** OpenAPI 3.0 calls base64 `byte` (zod's own base64 emits the 2020-12 `contentEncoding`, which 3.0 lacks). */
export const base64 = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/).meta({ format: 'byte' });
export const uuid = z.string().regex(uuidPattern).meta({ format: 'uuid' });
export const gemeentecode = z.string().regex(/^[0-9]{4}$/);
export const timestamp = z.iso.datetime({ offset: true });

export const violationSchema = z.object({ pointer: z.string(), code: z.string(), detail: z.string() });

export const problemSchema = z.object({
  type: z.string().meta({ format: 'uri' }),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.enum(Object.keys(problemCatalogue) as [ProblemCode, ...ProblemCode[]]).describe('Stabiele foutcode uit de catalogus'),
  instance: z.string().optional(),
  errors: z.array(violationSchema).optional(),
});

/** The receipt a partner keeps as proof of delivery (CONTRACT §1); src/intake/receipt.ts builds it. */
export const receiptSchema = z.object({
  signaalId: uuid,
  id: z.string(),
  ontvangen: timestamp,
  digest: z.string(),
  gemeentecode,
  auditlog: z.object({ index: z.number().int().min(0), leafHash: base64 }),
});
