import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ProblemError } from '../errors/problem.js';

/** `SHA-256=<standard base64>`: the form of `Digest` we send, and the one signatures cover. */
export function sha256DigestHeader(body: Buffer): string {
  return `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
}

/** A SHA-256 in standard base64 is exactly 43 characters and one `=`; anything else is not one. */
const sha256Base64 = /^[A-Za-z0-9+/]{43}=$/;

/** Node joins repeated headers it does not know with ', ', which suits both list syntaxes below. */
function joined(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Every `sha-256` value in `Digest: SHA-256=<b64>[, md5=...]` (RFC 3230; names are case-insensitive). */
function fromDigest(header: string): string[] {
  const found: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim().toLowerCase() === 'sha-256') found.push(part.slice(eq + 1).trim());
  }
  return found;
}

/** Every `sha-256` value in `Content-Digest: sha-256=:<b64>:` (RFC 9530, a dictionary of byte sequences). */
function fromContentDigest(header: string): string[] {
  const found: string[] = [];
  for (const part of header.split(',')) {
    const match = /^\s*sha-256\s*=\s*:([^:]*):\s*(;.*)?$/i.exec(part);
    if (match) found.push(match[1]!);
  }
  return found;
}

function matches(declared: string, actual: string): boolean {
  // Strict shape first: Buffer.from(…, 'base64') silently skips junk, which would let
  // `<good b64>garbage` pass as the right digest.
  if (!sha256Base64.test(declared)) return false;
  return timingSafeEqual(Buffer.from(declared, 'ascii'), Buffer.from(actual, 'ascii'));
}

/**
 * The body's SHA-256 as the sender declared it in `Digest` or `Content-Digest`, checked
 * against the bytes received. Returns the normalised `SHA-256=<b64>` that a Payload-Signature
 * must cover. Unknown algorithms are ignored; every SHA-256 value present must match, so a
 * second, contradicting header cannot ride along. Details name headers, never body content.
 */
export function readBodyDigest(headers: IncomingHttpHeaders, body: Buffer): string {
  const digestHeader = joined(headers['digest']);
  const contentDigestHeader = joined(headers['content-digest']);
  const declared = [
    ...(digestHeader ? fromDigest(digestHeader) : []),
    ...(contentDigestHeader ? fromContentDigest(contentDigestHeader) : []),
  ];
  if (declared.length === 0) {
    throw new ProblemError('digest-ongeldig', 'Digest met SHA-256 (of Content-Digest met sha-256) ontbreekt');
  }
  const actual = createHash('sha256').update(body).digest('base64');
  if (!declared.every((d) => matches(d, actual))) {
    throw new ProblemError('digest-ongeldig', 'De SHA-256-digest klopt niet met de ontvangen body');
  }
  return `SHA-256=${actual}`;
}
