import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { traceFromHeader, type TraceContext } from '../audit/trace.js';
import { ProblemError } from '../errors/problem.js';
import { apiBasePath } from './api-version.js';
import type { AppDeps } from './deps.js';
import { bearerAuth } from './caller.js';
import { acceptPlugin } from './plugins/accept.js';
import { clientErrorHandler, errorsPlugin, frameworkErrors } from './plugins/errors.js';
import { openapiPlugin } from './plugins/openapi.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { auditlogPublicRoutes, auditlogRoutes } from './routes/auditlog.js';
import { auditlogQueryRoutes } from './routes/auditlog-query.js';
import { beleidRoutes } from './routes/beleid.js';
import { sleutelsRoutes } from './routes/sleutels.js';
import { zakenRoutes } from './routes/zaken.js';
import { inwonersRoutes } from './routes/inwoners.js';
import { vroegsignalenRoutes } from './routes/vroegsignalen.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { measureRequests } from '../metrics/http-hook.js';
import { ddasRoutes } from './routes/ddas.js';
import { ddasBasePath } from '../ddas/openapi.js';
import { werkplekSections } from '../web/sections.js';
import { werkplek, type WerkplekOptions } from '../web/werkplek.js';
import { rateLimitNamespace } from '../redis/keys.js';

declare module 'fastify' {
  interface FastifyRequest {
    trace: TraceContext;
  }
}

/**
 * Which HTTPS listener the app serves. 'partner' (PORT): mutual TLS for the signaalpartners'
 * intake and the public material. 'staff' (STAFF_PORT): the staff API, the Werkplek
 * and the public material, without asking for a client certificate, so a browser is never
 * prompted for one; the intake does not exist there (404).
 */
export type Listener = 'partner' | 'staff';

export interface BuildAppOptions {
  /** Public base URL for the OpenAPI `servers` entry. */
  serverUrl: string;
  /** Default 'partner'. */
  listener?: Listener;
  /** The Werkplek (web application) on the staff listener: login and pages. Absent: API only. */
  werkplek?: WerkplekOptions;
}

/**
 * The trace of a request, read from its traceparent while fastify makes the request's logger
 * (below): one child logger with the request id and the trace ids together. A second child
 * per request (as the onRequest hook made before) cost as much as the log line itself — pino
 * rebuilds every level method for each child.
 */
const traceOfRequest = new WeakMap<IncomingMessage, TraceContext>();

export async function buildApp(deps: AppDeps, options: BuildAppOptions): Promise<FastifyInstance> {
  const listener = options.listener ?? 'partner';
  const app = Fastify({
    loggerInstance: deps.logger,
    genReqId: () => randomUUID(),
    // ADR: a trailing slash is a different (missing) resource, never a redirect.
    routerOptions: { ignoreTrailingSlash: false },
    bodyLimit: 64 * 1024,
    return503OnClosing: true,
    // One line per answered request (below), not fastify's two: half the log volume under load.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger, bindings, options, raw) => {
      // With tracing on, the request's SERVER span (src/tracing/request.ts) is the trace.
      const trace = deps.tracing?.startRequestSpan(raw as IncomingMessage) ?? traceFromHeader((raw as IncomingMessage).headers.traceparent);
      traceOfRequest.set(raw as IncomingMessage, trace);
      return logger.child({ ...bindings, traceId: trace.traceId, spanId: trace.spanId }, options);
    },
    // Requests refused before routing, or by Node's HTTP parser: problem+json too (CONTRACT §5).
    frameworkErrors,
    clientErrorHandler,
    ...(deps.tls
      ? {
          https: {
            key: deps.tls.key,
            cert: deps.tls.cert,
            ...(listener === 'partner'
              ? {
                  ca: deps.tls.ca,
                  // Ask for a client certificate but let bearer-token callers through the handshake;
                  // partner routes refuse an unauthorised peer with a 401 problem instead.
                  requestCert: true,
                  rejectUnauthorized: false,
                }
              // No CertificateRequest at all: a browser would show a certificate picker.
              : { requestCert: false }),
            minVersion: 'TLSv1.2' as const,
            honorCipherOrder: true,
            ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305',
          },
        }
      : {}),
  });

  // A connection keeps the identity it was opened with: no renegotiation to another certificate
  // (partner-identity reads the certificate once per connection).
  if (deps.tls) app.server.on('secureConnection', (socket: TLSSocket) => socket.disableRenegotiation());

  if (deps.tracing) {
    // Before every other hook and route: the SERVER span becomes the active context, then
    // @fastify/otel wires the routes registered after it.
    app.addHook('onRequest', deps.tracing.enterRequestSpan);
    await app.register(deps.tracing.plugin);
  }
  app.decorateRequest('trace', undefined as unknown as TraceContext);
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: ids in a path are nobody's business in a log line.
    request.log.info({ method: request.method, route: request.routeOptions.url ?? '(geen route)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'verzoek');
  });
  if (deps.metrics) measureRequests(app, deps.metrics, listener);
  app.addHook('onRequest', async (request) => {
    const trace = traceOfRequest.get(request.raw);
    if (trace) {
      request.trace = trace;
      return;
    }
    // A logger made without the factory (none known today): the trace ids all the same.
    request.trace = traceFromHeader(request.headers.traceparent);
    request.log = request.log.child({ traceId: request.trace.traceId, spanId: request.trace.spanId });
  });

  // Bodies stay raw bytes: the Digest and signature are over the exact bytes, and must be
  // checked (401) before anything is parsed (400).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  // Bodies of any other type are refused (415), but an empty body — an action like _oppakken
  // posted without one, whatever framing the client chose — is simply no body.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    if ((body as Buffer).length === 0) done(null, undefined);
    else done(new ProblemError('mediatype-niet-ondersteund', 'Gebruik Content-Type: application/json'), undefined);
  });
  // We validate with zod ourselves (all violations at once, our own codes); route schemas
  // exist to document the API, so fastify must neither validate nor serialise with them.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin);
  await app.register(acceptPlugin);
  await app.register(underPressure, {
    maxEventLoopDelay: deps.loadShedding.maxEventLoopDelayMs,
    ...(deps.loadShedding.healthCheck ? { healthCheck: deps.loadShedding.healthCheck, healthCheckInterval: 1_000 } : {}),
    // Rejected, not answered here: under-pressure calls next() after a handler that returns nothing,
    // and the route then ran anyway (its own reply raced this one: a 503 labelled application/json,
    // logged as a 500). A rejection ends the request in the error handler, as problem+json.
    pressureHandler: async () => {
      throw new ProblemError('tijdelijk-niet-beschikbaar', 'De gateway is overbelast; probeer het later opnieuw', { headers: { 'Retry-After': '5' } });
    },
  });
  await app.register(rateLimit, {
    global: false,
    redis: deps.redis,
    nameSpace: rateLimitNamespace,
    // A failing limiter store must not turn into refused signals; intake itself reports 503.
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      new ProblemError('te-veel-verzoeken', `Maximaal ${context.max} verzoeken per minuut`, { headers: { 'Retry-After': String(Math.ceil(context.ttl / 1000)) } }),
  });
  await app.register(openapiPlugin, { serverUrl: options.serverUrl });
  await app.register(async (v1) => {
    if (listener === 'partner') await vroegsignalenRoutes(v1, deps);
    await sleutelsRoutes(v1, deps);
    await auditlogPublicRoutes(v1, deps);
    // The staff API, on the staff listener only: one encapsulated group whose hooks authenticate
    // the bearer token and check each route's declared roles (caller.ts), so no handler can leave
    // either out.
    if (listener === 'staff') await v1.register(async (staff) => {
      bearerAuth(staff, deps);
      await beleidRoutes(staff, deps);
      await auditlogRoutes(staff, deps);
      await auditlogQueryRoutes(staff, deps);
      await zakenRoutes(staff, deps);
      await inwonersRoutes(staff, deps);
    });
  }, { prefix: apiBasePath });
  // The DDAS pull API (CBS): mutual TLS, so the partner listener; its own base path and document.
  const ddas = deps.ddas;
  if (listener === 'partner' && ddas) await app.register(async (scope) => ddasRoutes(scope, deps, ddas), { prefix: ddasBasePath });
  if (listener === 'staff') await app.register(async (scope) => healthRoutes(scope, deps));
  const metrics = deps.metrics;
  if (listener === 'staff' && metrics) await app.register(async (scope) => metricsRoutes(scope, deps, metrics));
  if (listener === 'staff' && options.werkplek) await app.register(werkplek, { ...options.werkplek, sections: werkplekSections(deps) });
  return app;
}
