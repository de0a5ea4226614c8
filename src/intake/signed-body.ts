import { sha256DigestHeader } from './digest.js';
import { signPayloadSignature } from './payload-signature.js';
import type { ReceiptSigner } from './receipt-key.js';

export interface SignedBody {
  bytes: Buffer;
  /** `SHA-256=<b64>` of exactly these bytes. */
  digest: string;
  /** Detached JWS over `digest: <Digest>` by the receipt key (CONTRACT §1 profile). */
  payloadSignature: string;
}

/**
 * JSON bytes with their Digest and detached Payload-Signature made by the gateway's receipt key:
 * receipts (CONTRACT §1) and pushed terugmeldingen and events (§7) are signed by this one
 * function, so a receiver verifies all of them the same way against GET /v1/sleutels.
 */
export async function signJsonBody(signer: ReceiptSigner, body: unknown, now: Date): Promise<SignedBody> {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const digest = sha256DigestHeader(bytes);
  const payloadSignature = await signPayloadSignature({ digestValue: digest, privateKey: signer.privateKey, alg: signer.alg, kid: signer.kid, now });
  return { bytes, digest, payloadSignature };
}
