import { context, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';
import { ProblemError } from '../errors/problem.js';

/**
 * Spans of the gateway's own steps (signature check, policy, commit). Off unless the SDK was
 * started (src/tracing/sdk.ts): then each helper is one boolean test and a direct call, so a
 * gateway without an OTLP endpoint pays nothing for them.
 *
 * Attributes are for operators and hold no personal data, pseudonyms or case or signal ids:
 * counts, partner types, municipality codes, outcomes. A failed step's status names the problem
 * code, never an error message, and exceptions are not recorded (their text is not ours to vouch for).
 */
let recording = false;

/** Switched on by startTracing, off again by its shutdown. */
export function recordSpans(on: boolean): void {
  recording = on;
}

export function spansRecorded(): boolean {
  return recording;
}

export const tracerName = 'vroegsignaal';

export interface SpanOptions {
  /** The parent; default the active context (the request's span inside a route handler). */
  parent?: Context;
  links?: Link[];
}

function failed(span: Span, err: unknown): void {
  span.setStatus(err instanceof ProblemError ? { code: SpanStatusCode.ERROR, message: err.code } : { code: SpanStatusCode.ERROR });
}

/** Run `fn` inside a span named `name` (awaited); `fn` gets the span to add outcome attributes, or undefined when off. */
export async function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span | undefined) => Promise<T>, options: SpanOptions = {}): Promise<T> {
  if (!recording) return fn(undefined);
  const tracer = trace.getTracer(tracerName);
  return tracer.startActiveSpan(name, { attributes, ...(options.links ? { links: options.links } : {}) }, options.parent ?? context.active(), async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      failed(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The same for a synchronous step. */
export function inSpanSync<T>(name: string, attributes: Attributes, fn: (span: Span | undefined) => T): T {
  if (!recording) return fn(undefined);
  return trace.getTracer(tracerName).startActiveSpan(name, { attributes }, (span) => {
    try {
      return fn(span);
    } catch (err) {
      failed(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The active context, to parent work done later on someone's behalf (the commit coalescer); undefined when off. */
export function activeContext(): Context | undefined {
  return recording ? context.active() : undefined;
}

/** Links to the spans active in these contexts (requests whose work one call does together). */
export function linksTo(contexts: Array<Context | undefined>): Link[] {
  return contexts.flatMap((c) => {
    const span = c && trace.getSpanContext(c);
    return span ? [{ context: span }] : [];
  });
}
