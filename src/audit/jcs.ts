import canonicalizeModule from 'canonicalize';

type Canonicalize = (input: unknown) => string | undefined;
// canonicalize is CommonJS with an ESM-style d.ts: at runtime the default import *is* the
// function, while the types describe a namespace holding it. Accept both shapes.
const fn: Canonicalize =
  typeof canonicalizeModule === 'function'
    ? (canonicalizeModule as unknown as Canonicalize)
    : (canonicalizeModule as unknown as { default: Canonicalize }).default;

/** RFC 8785 JSON Canonicalization Scheme. */
export function jcs(value: unknown): string {
  const out = fn(value);
  if (out === undefined) throw new TypeError('value is not JSON-serialisable');
  return out;
}
