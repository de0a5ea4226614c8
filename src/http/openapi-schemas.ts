import { z } from 'zod';
import { signalSchema } from '../intake/schema.js';

/** Reusable OpenAPI fragments for route schemas; @fastify/swagger turns them into the document. */

const versionHeader = { 'API-Version': { type: 'string', description: 'Volledige semver-versie van de API', example: '1.0.0' } };
const signedHeaders = {
  Digest: { type: 'string', description: 'SHA-256 van de body (RFC 3230)' },
  'Payload-Signature': { type: 'string', description: 'Detached JWS van de gateway over de Digest (CONTRACT §1)' },
};

export const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stabiele foutcode uit de catalogus' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'code', 'detail'],
        properties: { pointer: { type: 'string' }, code: { type: 'string' }, detail: { type: 'string' } },
      },
    },
  },
} as const;

export const receiptSchema = {
  type: 'object',
  required: ['signaalId', 'id', 'ontvangen', 'digest', 'gemeentecode', 'auditlog'],
  properties: {
    signaalId: { type: 'string', format: 'uuid' },
    id: { type: 'string' },
    ontvangen: { type: 'string', format: 'date-time' },
    digest: { type: 'string' },
    gemeentecode: { type: 'string', pattern: '^[0-9]{4}$' },
    auditlog: {
      type: 'object',
      required: ['index', 'leafHash'],
      properties: { index: { type: 'integer' }, leafHash: { type: 'string', format: 'byte' } },
    },
  },
} as const;

export const signalJsonSchema = z.toJSONSchema(signalSchema, { target: 'openapi-3.0', io: 'input' }) as Record<string, unknown>;
delete signalJsonSchema.$schema;

export function jsonResponse(description: string, schema: object, headers: Record<string, object> = {}) {
  return { description, headers: { ...versionHeader, ...headers }, content: { 'application/json': { schema } } };
}

export function signedResponse(description: string, schema: object, headers: Record<string, object> = {}) {
  return jsonResponse(description, schema, { ...signedHeaders, ...headers });
}

export function emptyResponse(description: string) {
  return { description, headers: versionHeader, type: 'null' };
}

const problemTitles: Record<number, string> = {
  400: 'Ongeldige invoer', 401: 'Niet geauthenticeerd', 403: 'Niet toegestaan', 404: 'Niet gevonden',
  406: 'Niet acceptabel', 409: 'Conflict', 413: 'Te groot', 415: 'Mediatype niet ondersteund',
  429: 'Te veel verzoeken', 500: 'Interne fout', 503: 'Niet beschikbaar',
};

export function problemResponses(...statuses: number[]) {
  const all = [...new Set([...statuses, 500, 503])];
  return Object.fromEntries(
    all.map((s) => [s, { description: problemTitles[s] ?? 'Fout', content: { 'application/problem+json': { schema: problemSchema } } }]),
  );
}
