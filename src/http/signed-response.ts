import type { FastifyReply } from 'fastify';
import type { ReceiptSigner } from '../intake/receipt-key.js';
import { signJsonBody } from '../intake/signed-body.js';

/**
 * Send a JSON body with its own Digest and detached Payload-Signature (CONTRACT §1), so the
 * partner holds proof of delivery that names exactly these bytes.
 */
export async function sendSigned(reply: FastifyReply, signer: ReceiptSigner, status: number, body: unknown, now: Date): Promise<FastifyReply> {
  const signed = await signJsonBody(signer, body, now);
  return reply
    .code(status)
    .header('Digest', signed.digest)
    .header('Payload-Signature', signed.payloadSignature)
    .type('application/json; charset=utf-8')
    .send(signed.bytes);
}
