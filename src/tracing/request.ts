import type { IncomingMessage } from 'node:http';
import { context, createContextKey, isSpanContextValid, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { TraceContext } from '../audit/trace.js';
import { tracerName } from './spans.js';

/**
 * The request's SERVER span, started where fastify makes the request's logger (the app's
 * childLoggerFactory), before any hook runs. Its ids are the request's trace — in the log line,
 * in `request.trace` and so in every audit record the request writes — so a privacy officer's
 * record leads to this span. @fastify/otel's own `request` span, the route handler's span and the
 * gateway's spans (signature, policy, commit, Redis) are its descendants.
 *
 * Why not take the ids from @fastify/otel's span: it is made in an onRequest hook, after the
 * logger; log line and audit record would name a trace the logger never knew. Starting ours
 * first and handing it to @fastify/otel as the active context (below) is what
 * @opentelemetry/instrumentation-http would do, without patching node:http.
 *
 * An incoming `traceparent` is continued (the SDK's propagators, W3C Trace Context by default),
 * exactly as `traceFromHeader` does when tracing is off.
 */
const started = new WeakMap<IncomingMessage, { span: Span; context: Context }>();

/**
 * @opentelemetry/core's RPC metadata key (`createContextKey` is `Symbol.for` of its description),
 * as instrumentation-http sets it: @fastify/otel then makes its span INTERNAL beneath this SERVER
 * span instead of a second SERVER span. Were the key ever to change, only that span's kind would.
 */
const rpcMetadataKey = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');

/** Health probes are asked every few seconds by orchestrators: no traces for them. */
export function untracedPath(url: string | undefined): boolean {
  return url !== undefined && /^\/(livez|readyz)(\?|$)/.test(url);
}

/** Start the request's SERVER span; undefined when there is none to start (the caller falls back to the traceparent). */
export function startRequestSpan(raw: IncomingMessage): TraceContext | undefined {
  if (untracedPath(raw.url)) return undefined;
  const parent = propagation.extract(ROOT_CONTEXT, raw.headers);
  // The method only: the path may hold ids, and the route template is known after routing (below).
  const span = trace.getTracer(tracerName).startSpan(raw.method ?? 'HTTP', { kind: SpanKind.SERVER, attributes: { 'http.request.method': raw.method ?? '' } }, parent);
  const ids = span.spanContext();
  if (!isSpanContextValid(ids)) return undefined;
  started.set(raw, { span, context: trace.setSpan(parent, span).setValue(rpcMetadataKey, { type: 'http', span }) });
  const remote = trace.getSpanContext(parent);
  return { traceId: ids.traceId, spanId: ids.spanId, ...(remote && isSpanContextValid(remote) ? { parentSpanId: remote.spanId } : {}) };
}

/**
 * The first onRequest hook: runs the rest of the request (@fastify/otel's hook next) in the
 * SERVER span's context, and ends the span when the response is done or the connection dropped,
 * named by method and route template — never the URL, whose path may hold ids.
 */
export function enterRequestSpan(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const entry = started.get(request.raw);
  if (!entry) return done();
  started.delete(request.raw);
  reply.raw.once('close', () => {
    const route = request.routeOptions.url;
    entry.span.setAttribute('http.response.status_code', reply.statusCode);
    if (route) {
      entry.span.setAttribute('http.route', route);
      entry.span.updateName(`${request.method} ${route}`);
    }
    if (reply.statusCode >= 500) entry.span.setStatus({ code: SpanStatusCode.ERROR });
    entry.span.end();
  });
  context.with(entry.context, done);
}
