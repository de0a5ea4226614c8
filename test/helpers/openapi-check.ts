import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { renderOpenapi } from '../../src/http/render-openapi.js';

/**
 * Every answer the e2e tests receive must be one the OpenAPI document promises: a status code it
 * lists for that operation, a media type it lists for that status, a body its schema accepts.
 * A client generated from the document then works against the real gateway. The document is
 * built once per test file from the same route definitions the gateway serves at
 * /v1/openapi.json (render-openapi.ts, as `npm run lint:openapi` does), so the check does not
 * depend on the gateway under test being up, healthy or unthrottled at that moment.
 */

interface MediaType { schema?: object }
interface ResponseSpec { content?: Record<string, MediaType> }
interface Operation { operationId?: string; responses: Record<string, ResponseSpec> }
interface OpenapiDocument {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
}

export interface ReceivedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * Each listener answers as its own document says: the staff listener serves part of the API, so
 * a path it does not serve (the intake) is a 404 it may give. Its origins are named by the test
 * helper that starts it (staffListener); every other origin is checked against the partner document.
 */
const documentPromises = new Map<'partner' | 'staff', Promise<OpenapiDocument>>();
const loadDocument = (listener: 'partner' | 'staff') => {
  let promise = documentPromises.get(listener);
  if (!promise) documentPromises.set(listener, (promise = renderOpenapi(undefined, listener) as Promise<OpenapiDocument>));
  return promise;
};
const staffOrigins = new Set<string>();
/** Answers from this origin (`https://host:port`) are checked against the staff listener's document. */
export function staffListener(origin: string): void {
  staffOrigins.add(new URL(origin).origin);
}

// The document is OpenAPI 3.0 (@fastify/swagger, openapi: '3.0.3'): draft-04-ish schemas with
// `nullable`, which Ajv's default (draft-07) dialect supports; `example` and friends are
// annotations, hence strict: false. Formats (date, date-time, uuid, uri, byte) are checked.
const ajv = new Ajv.default({ strict: false, allErrors: true });
addFormats.default(ajv);
const compiled = new WeakMap<object, ValidateFunction>();
function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  return validate;
}

interface Route { template: string; pattern: RegExp; params: number }
const routesByDocument = new WeakMap<OpenapiDocument, Route[]>();

/** Path templates as patterns; a literal segment wins over a parameter (`/zaken/_oppakken` before `/zaken/{zaakId}`). */
function routesOf(doc: OpenapiDocument): Route[] {
  let routes = routesByDocument.get(doc);
  if (!routes) routesByDocument.set(doc, (routes = Object.keys(doc.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.split('/').map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`),
    params: (template.match(/\{/g) ?? []).length,
  })).sort((a, b) => a.params - b.params)));
  return routes;
}

/** The operation a request reached, as Fastify's router picks it (per method, static before parametric). */
function operationFor(doc: OpenapiDocument, method: string, pathname: string): { template: string; operation: Operation } | undefined {
  const base = new URL(doc.servers[0]!.url).pathname.replace(/\/$/, '');
  if (!pathname.startsWith(`${base}/`)) return undefined;
  const relative = pathname.slice(base.length);
  const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
  for (const route of routesOf(doc)) {
    const operation = doc.paths[route.template]![verb];
    if (operation && route.pattern.test(relative)) return { template: route.template, operation };
  }
  return undefined;
}

/** Ajv's own text leaves out which property was extra or which branch failed; the params say it. */
const describeErrors = (validate: ValidateFunction) =>
  (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('; ');

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Throws (failing the test that made the request) when the answer is not what the document
 * describes. A request that reaches no documented operation (an unknown path, an undocumented
 * method) has nothing to be checked against and passes untouched.
 */
export async function assertDocumented(method: string, url: URL, response: ReceivedResponse): Promise<void> {
  const doc = await loadDocument(staffOrigins.has(url.origin) ? 'staff' : 'partner');
  const found = operationFor(doc, method, url.pathname);
  if (!found) return;
  const where = `${method} ${url.pathname} (${found.operation.operationId ?? found.template}) → ${response.status}`;
  const spec = found.operation.responses[String(response.status)] ?? found.operation.responses[`${String(response.status)[0]}XX`] ?? found.operation.responses.default;
  if (!spec) {
    throw new Error(`OpenAPI: ${where}: status ${response.status} is not documented (documented: ${Object.keys(found.operation.responses).join(', ')}); body: ${response.text.slice(0, 500)}`);
  }
  if (method.toUpperCase() === 'HEAD') return;
  const content = spec.content ?? {};
  if (response.text.length === 0) {
    if (Object.keys(content).length > 0) throw new Error(`OpenAPI: ${where}: empty body, the document promises ${Object.keys(content).join(', ')}`);
    return;
  }
  const mediaType = (headerValue(response.headers['content-type']) ?? '').split(';')[0]!.trim().toLowerCase();
  const media = content[mediaType];
  if (!media) {
    throw new Error(`OpenAPI: ${where}: body of type '${mediaType}' is not documented (documented: ${Object.keys(content).join(', ') || 'no body'})`);
  }
  if (!media.schema) return;
  let body: unknown = response.text;
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    try {
      body = JSON.parse(response.text);
    } catch {
      throw new Error(`OpenAPI: ${where}: ${mediaType} body is not JSON: ${response.text.slice(0, 200)}`);
    }
  }
  const validate = validatorFor(media.schema);
  if (!validate(body)) {
    throw new Error(`OpenAPI: ${where}: body does not match the documented schema: ${describeErrors(validate)}\nbody: ${response.text.slice(0, 1000)}`);
  }
}
