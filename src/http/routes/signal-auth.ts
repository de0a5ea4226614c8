import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../../errors/problem.js';
import { readBodyDigest } from '../../intake/digest.js';
import { verifyPayloadSignature } from '../../intake/payload-signature.js';
import type { IntakePartner } from '../../intake/service.js';
import type { AppDeps } from '../deps.js';
import { registeredPartner } from '../partner-identity.js';
import { inSpan } from '../../tracing/spans.js';

/** All `Payload-Signature` headers as sent: Node joins repeats, and more than one must fail. */
function payloadSignatureHeaders(rawHeaders: string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === 'payload-signature') values.push(rawHeaders[i + 1]!);
  }
  return values;
}

/**
 * Who sent these bytes, proven three ways that must agree: the TLS certificate's OIN, a digest
 * of the exact body, and a signature over that digest by a key registered to the same OIN.
 */
export async function authenticateSignedBody(request: FastifyRequest, deps: AppDeps): Promise<{ partner: IntakePartner; digest: string; body: Buffer }> {
  const registry = deps.partners();
  const partner = registeredPartner(request, registry);
  const oin = partner.oin;
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const digest = await inSpan('intake.signature', { 'vroegsignaal.signaalpartner': partner.type }, async (span) => {
    const value = readBodyDigest(request.headers, body);
    const verified = await verifyPayloadSignature({
      headerValues: payloadSignatureHeaders(request.raw.rawHeaders),
      digestValue: value,
      resolveKey: (h) => registry.signingKey(oin, h),
      now: deps.clock(),
      windowSeconds: deps.signatureWindowSeconds,
    });
    span?.setAttribute('vroegsignaal.handtekening.alg', verified.alg);
    return value;
  });
  return { partner: { oin: partner.oin, naam: partner.naam, type: partner.type }, digest, body };
}

/**
 * JSON text is UTF-8 (RFC 8259 §8.1). `Buffer#toString` would quietly turn invalid bytes into
 * U+FFFD, changing a name or address into something the partner never sent; `fatal` refuses
 * them instead. `ignoreBOM` keeps a byte order mark in the text, where JSON.parse refuses it.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(utf8.decode(body));
  } catch {
    throw new ProblemError('ongeldige-json', 'De body is geen geldige JSON');
  }
}
