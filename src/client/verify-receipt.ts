import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { ProblemError } from '../errors/problem.js';
import { readBodyDigest } from '../intake/digest.js';
import { verifyPayloadSignature, type ResolvedKey, type SignatureAlg } from '../intake/payload-signature.js';
import type { ClientResponse, GatewayClient } from './http.js';

/** The gateway's answer is not provably its own: never to be taken as proof of delivery. */
export class ReceiptSignatureError extends Error {
  override name = 'ReceiptSignatureError';
}

/**
 * Window for the receipt's sigT. The gateway already held our request to ±300 s of its clock,
 * so our clocks agree that well; the slack covers a long batch between our signing and its.
 */
export const receiptWindowSeconds = 600;

/** Only signing keys of a kind the profile allows, with `alg` pinned by the JWKS, never by the message. */
function usableKey(jwk: JWK): ResolvedKey | undefined {
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined;
  const alg = jwk.alg as SignatureAlg | undefined;
  const fits = (alg === 'ES256' && jwk.kty === 'EC' && jwk.crv === 'P-256') || (alg === 'PS256' && jwk.kty === 'RSA');
  if (!fits) return undefined;
  try {
    // Public members only: a JWKS that (wrongly) carried `d` must not turn into a private key here.
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
    const publicKey: KeyObject = createPublicKey({ key: pub as JsonWebKey, format: 'jwk' });
    return { alg, publicKey };
  } catch {
    return undefined;
  }
}

/**
 * Checks that an answer really comes from the gateway: its Digest matches the bytes, and its
 * Payload-Signature verifies, in the full CONTRACT §1 profile, under the JWKS key with its kid.
 * Pure: the JWKS and the clock are arguments.
 */
export async function verifySignedResponse(res: Pick<ClientResponse, 'headers' | 'rawHeaders' | 'body'>, keys: JWK[], now: Date, windowSeconds = receiptWindowSeconds): Promise<void> {
  try {
    const digestValue = readBodyDigest(res.headers, res.body);
    await verifyPayloadSignature({
      headerValues: payloadSignatureValues(res.rawHeaders),
      digestValue,
      resolveKey: ({ kid }) => {
        const jwk = kid === undefined ? undefined : keys.find((k) => k.kid === kid);
        return jwk ? usableKey(jwk) : undefined;
      },
      now,
      windowSeconds,
    });
  } catch (err) {
    if (err instanceof ProblemError) throw new ReceiptSignatureError(`Ontvangstbewijs niet te vertrouwen: ${err.message} (${err.code})`);
    throw err;
  }
}

export function payloadSignatureValues(rawHeaders: string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === 'payload-signature') values.push(rawHeaders[i + 1]!);
  }
  return values;
}

/** Fetches `GET /v1/sleutels` once per run and verifies every signed answer against it. */
export class ReceiptVerifier {
  private keys: Promise<JWK[]> | undefined;
  constructor(private readonly client: Pick<GatewayClient, 'request'>, private readonly clock: () => Date = () => new Date()) {}

  private jwks(): Promise<JWK[]> {
    this.keys ??= this.client.request('GET', '/v1/sleutels').then((res) => {
      if (res.status !== 200) throw new ReceiptSignatureError(`GET /v1/sleutels gaf status ${res.status}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(res.body.toString('utf8'));
      } catch {
        throw new ReceiptSignatureError('GET /v1/sleutels gaf geen geldige JSON');
      }
      const keys = (parsed as { keys?: unknown } | null)?.keys;
      if (!Array.isArray(keys)) throw new ReceiptSignatureError('GET /v1/sleutels gaf geen JWKS');
      return keys as JWK[];
    });
    return this.keys;
  }

  async verify(res: ClientResponse): Promise<void> {
    await verifySignedResponse(res, await this.jwks(), this.clock());
  }
}
