import { secureRandomBytes } from '../ids/random.js';

export interface TraceContext {
  traceId: string; // 16 bytes hex
  spanId: string; // 8 bytes hex
  parentSpanId?: string;
}

const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/**
 * Continue a W3C Trace Context if the caller sent a valid `traceparent`, so a partner's own
 * trace links to our records; otherwise start a new trace. All-zero ids are invalid per spec.
 */
export function traceFromHeader(traceparent: string | string[] | undefined): TraceContext {
  const value = Array.isArray(traceparent) ? traceparent[0] : traceparent;
  const match = value ? traceparentPattern.exec(value.trim()) : null;
  if (match && !/^0+$/.test(match[1]!) && !/^0+$/.test(match[2]!)) {
    return { traceId: match[1]!, spanId: newSpanId(), parentSpanId: match[2]! };
  }
  return { traceId: secureRandomBytes(16).toString('hex'), spanId: newSpanId() };
}

export function newSpanId(): string {
  return secureRandomBytes(8).toString('hex');
}

export function childSpan(trace: TraceContext): TraceContext {
  return { traceId: trace.traceId, spanId: newSpanId(), parentSpanId: trace.spanId };
}
