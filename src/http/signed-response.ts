import type { FastifyReply } from 'fastify';
import { sha256DigestHeader } from '../intake/digest.js';
import { signPayloadSignature } from '../intake/payload-signature.js';
import type { ReceiptSigner } from '../intake/receipt-key.js';

/**
 * Send a JSON body with its own Digest and detached Payload-Signature (CONTRACT §1), so the
 * partner holds proof of delivery that names exactly these bytes.
 */
export async function sendSigned(reply: FastifyReply, signer: ReceiptSigner, status: number, body: unknown, now: Date): Promise<FastifyReply> {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const digestValue = sha256DigestHeader(bytes);
  const signature = await signPayloadSignature({ digestValue, privateKey: signer.privateKey, alg: signer.alg, kid: signer.kid, now });
  return reply
    .code(status)
    .header('Digest', digestValue)
    .header('Payload-Signature', signature)
    .type('application/json; charset=utf-8')
    .send(bytes);
}
