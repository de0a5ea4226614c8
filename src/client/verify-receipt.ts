import { createHash, timingSafeEqual } from 'node:crypto';
import { flattenedVerify, importJWK, type JWK } from 'jose';
import type { ClientResponse, GatewayClient } from './http.js';

export class ReceiptSignatureError extends Error {
  override name = 'ReceiptSignatureError';
}

/**
 * Checks that an answer really comes from the gateway: its Digest matches the bytes, and its
 * Payload-Signature verifies under a key the gateway publishes at /v1/sleutels.
 */
export class ReceiptVerifier {
  private keys: JWK[] | undefined;
  constructor(private readonly client: GatewayClient) {}

  private async jwks(): Promise<JWK[]> {
    if (!this.keys) {
      const res = await this.client.request('GET', '/v1/sleutels');
      if (res.status !== 200) throw new ReceiptSignatureError(`/v1/sleutels gaf status ${res.status}`);
      this.keys = (JSON.parse(res.body.toString('utf8')) as { keys: JWK[] }).keys;
    }
    return this.keys;
  }

  async verify(res: ClientResponse): Promise<void> {
    const digest = String(res.headers['digest'] ?? '');
    const expected = createHash('sha256').update(res.body).digest();
    const declared = Buffer.from(digest.replace(/^SHA-256=/, ''), 'base64');
    if (!digest.startsWith('SHA-256=') || declared.length !== 32 || !timingSafeEqual(declared, expected)) {
      throw new ReceiptSignatureError('De Digest van het antwoord klopt niet met de body');
    }
    const [protectedHeader, payload, signature] = String(res.headers['payload-signature'] ?? '').split('.');
    if (!protectedHeader || payload !== '' || !signature) throw new ReceiptSignatureError('Het antwoord heeft geen geldige Payload-Signature');
    const header = JSON.parse(Buffer.from(protectedHeader, 'base64url').toString('utf8')) as { kid?: string; alg?: string };
    const jwk = (await this.jwks()).find((k) => k.kid === header.kid);
    if (!jwk?.alg || jwk.alg !== header.alg) throw new ReceiptSignatureError(`Onbekende ontvangstbewijssleutel ${header.kid ?? '(geen kid)'}`);
    try {
      await flattenedVerify(
        { protected: protectedHeader, payload: Buffer.from(`digest: ${digest}`).toString('base64url'), signature },
        await importJWK(jwk, jwk.alg),
        { algorithms: [jwk.alg], crit: { sigT: true, sigD: true } },
      );
    } catch {
      throw new ReceiptSignatureError('De handtekening van het ontvangstbewijs is ongeldig');
    }
  }
}
