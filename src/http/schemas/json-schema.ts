import { z } from 'zod';

/**
 * Route schemas are derived from the zod schemas the code parses with (requests) or answers with
 * (responses), so the OpenAPI document cannot drift from either. Targets OpenAPI 3.0 (the version
 * @fastify/swagger emits here: `nullable`, no `$schema`). Shared sub-schemas are inlined, so each
 * route schema stands alone; a zod type JSON Schema cannot express (a date, a transform's output)
 * becomes `{}` rather than a crash.
 */
function toOpenapi(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, reused: 'inline', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return nullableUnions(json) as Record<string, unknown>;
}

/**
 * zod writes a nullable union as `{ nullable: true, oneOf: [...] }`, but in OpenAPI 3.0.3
 * `nullable` only widens a `type` in the same schema, so that form does not admit null (and Ajv
 * refuses it). Each branch made nullable, under `anyOf`, says what was meant.
 */
function nullableUnions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableUnions);
  if (node === null || typeof node !== 'object') return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, nullableUnions(v)])) as Record<string, unknown>;
  const branches = (out.oneOf ?? out.anyOf) as Array<Record<string, unknown>> | undefined;
  if (out.nullable === true && out.type === undefined && branches) {
    const { nullable: _nullable, oneOf: _oneOf, anyOf: _anyOf, ...rest } = out;
    return { ...rest, anyOf: branches.map((b) => ({ ...b, nullable: true })) };
  }
  return out;
}

/** What a caller sends: the shape the zod schema accepts (defaults may be left out). */
export const requestSchema = (schema: z.ZodType) => toOpenapi(schema, 'input');

/** What the gateway answers: the shape the zod schema describes, no field it does not name. */
export const responseSchema = (schema: z.ZodType) => toOpenapi(schema, 'output');
