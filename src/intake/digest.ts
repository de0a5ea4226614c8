import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ProblemError } from '../errors/problem.js';

export function sha256DigestHeader(body: Buffer): string {
  return `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
}

function equalBase64(a: string, b: string): boolean {
  const x = Buffer.from(a, 'base64');
  const y = Buffer.from(b, 'base64');
  return x.length === y.length && x.length === 32 && timingSafeEqual(x, y);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** `Digest: SHA-256=<b64>[, other=...]` (RFC 3230): algorithm names are case-insensitive. */
function sha256FromDigest(header: string): string | undefined {
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim().toLowerCase() === 'sha-256') return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** `Content-Digest: sha-256=:<b64>:` (RFC 9530, a structured-field dictionary of byte sequences). */
function sha256FromContentDigest(header: string): string | undefined {
  for (const part of header.split(',')) {
    const match = /^\s*sha-256\s*=\s*:([A-Za-z0-9+/=]+):\s*$/i.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * The body's SHA-256 as the partner declared it, after checking it matches the bytes we got.
 * Returns the normalised `SHA-256=<b64>` form that the signature must cover.
 */
export function readBodyDigest(headers: IncomingHttpHeaders, body: Buffer): string {
  const digestHeader = single(headers['digest']);
  const contentDigestHeader = single(headers['content-digest']);
  const declared = (digestHeader && sha256FromDigest(digestHeader)) ?? (contentDigestHeader && sha256FromContentDigest(contentDigestHeader));
  if (!declared) throw new ProblemError('digest-ongeldig', 'Digest (SHA-256) of Content-Digest (sha-256) ontbreekt');
  const actual = createHash('sha256').update(body).digest('base64');
  if (!equalBase64(declared, actual)) throw new ProblemError('digest-ongeldig', 'De digest klopt niet met de ontvangen body');
  return `SHA-256=${actual}`;
}
