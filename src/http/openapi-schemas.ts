import { z } from 'zod';
import { signalSchema } from '../intake/schema.js';
import { problemSchema as problemZod, receiptSchema as receiptZod } from './schemas/common.js';
import { requestSchema, responseSchema } from './schemas/json-schema.js';

/** Reusable OpenAPI fragments for route schemas; @fastify/swagger turns them into the document. */

const versionHeader = { 'API-Version': { type: 'string', description: 'Volledige semver-versie van de API', example: '1.0.0' } };
const signedHeaders = {
  Digest: { type: 'string', description: 'SHA-256 van de body (RFC 3230)' },
  'Payload-Signature': { type: 'string', description: 'Detached JWS van de gateway over de Digest (CONTRACT §1)' },
};

// Derived from the zod schemas in ./schemas (one place for what is parsed and what is documented).
export const problemSchema = responseSchema(problemZod);
export const receiptSchema = responseSchema(receiptZod);
export const signalJsonSchema = requestSchema(signalSchema);

/** A zod schema becomes the JSON Schema of what it outputs; a plain JSON Schema is used as it is. */
const bodySchema = (schema: z.ZodType | object) => (schema instanceof z.ZodType ? responseSchema(schema) : schema);

export function jsonResponse(description: string, schema: z.ZodType | object, headers: Record<string, object> = {}) {
  return { description, headers: { ...versionHeader, ...headers }, content: { 'application/json': { schema: bodySchema(schema) } } };
}

export function signedResponse(description: string, schema: z.ZodType | object, headers: Record<string, object> = {}) {
  return jsonResponse(description, schema, { ...signedHeaders, ...headers });
}

export function emptyResponse(description: string) {
  return { description, headers: versionHeader, type: 'null' };
}

const problemTitles: Record<number, string> = {
  400: 'Ongeldige invoer', 401: 'Niet geauthenticeerd', 403: 'Niet toegestaan', 404: 'Niet gevonden',
  406: 'Niet acceptabel', 409: 'Conflict', 413: 'Te groot', 415: 'Mediatype niet ondersteund',
  429: 'Te veel verzoeken', 431: 'Headers te groot', 500: 'Interne fout', 503: 'Niet beschikbaar',
};

/**
 * Every route can answer 406 (an Accept that rules out JSON, plugins/accept.ts), 431 (headers
 * over 16 KiB, refused by Node's parser), 500, and 503 (shedding under load).
 */
export function problemResponses(...statuses: number[]) {
  const all = [...new Set([...statuses, 406, 431, 500, 503])];
  return Object.fromEntries(
    all.map((s) => [s, { description: problemTitles[s] ?? 'Fout', content: { 'application/problem+json': { schema: problemSchema } } }]),
  );
}
