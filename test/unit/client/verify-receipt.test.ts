import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ClientResponse } from '../../../src/client/http.js';
import { ReceiptSignatureError, ReceiptVerifier, verifySignedResponse } from '../../../src/client/verify-receipt.js';
import { sha256DigestHeader } from '../../../src/intake/digest.js';
import { signPayloadSignature } from '../../../src/intake/payload-signature.js';
import { jwks, receiptSignerFromKey, type ReceiptSigner } from '../../../src/intake/receipt-key.js';

const now = new Date('2026-11-22T09:30:01Z');
const es = await receiptSignerFromKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ES256');
const ps = await receiptSignerFromKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'PS256');
const stranger = await receiptSignerFromKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ES256');
const keys = jwks([es, ps]).keys;

/** A response exactly as the gateway's sendSigned makes it. */
async function signed(signer: ReceiptSigner, body: unknown, at = now): Promise<ClientResponse> {
  const bytes = Buffer.from(JSON.stringify(body));
  const digest = sha256DigestHeader(bytes);
  const sig = await signPayloadSignature({ digestValue: digest, privateKey: signer.privateKey, alg: signer.alg, kid: signer.kid, now: at });
  return { status: 202, headers: { digest, 'payload-signature': sig }, rawHeaders: ['Digest', digest, 'Payload-Signature', sig], body: bytes };
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof ReceiptSignatureError) return err.message;
    throw err;
  }
}

describe('verifySignedResponse', () => {
  it('accepts an ES256 and a PS256 receipt under the published keys', async () => {
    expect(await failure(verifySignedResponse(await signed(es, { id: 'A' }), keys, now))).toBe('ok');
    expect(await failure(verifySignedResponse(await signed(ps, [{ index: 0 }]), keys, now))).toBe('ok');
  });

  it('fails loudly on a changed body or a Digest that does not match it', async () => {
    const res = await signed(es, { id: 'A' });
    expect(await failure(verifySignedResponse({ ...res, body: Buffer.from('{"id":"B"}') }, keys, now))).toMatch(/digest-ongeldig/);
    const other = sha256DigestHeader(Buffer.from('x'));
    expect(await failure(verifySignedResponse({ ...res, headers: { ...res.headers, digest: other } }, keys, now))).toMatch(/digest-ongeldig/);
  });

  it('fails on a re-digested body whose signature covers the old digest', async () => {
    const res = await signed(es, { id: 'A' });
    const body = Buffer.from('{"id":"B"}');
    const digest = sha256DigestHeader(body);
    expect(await failure(verifySignedResponse({ ...res, body, headers: { ...res.headers, digest } }, keys, now))).toMatch(/handtekening-ongeldig/);
  });

  it('fails on a key the gateway does not publish, or published under another alg', async () => {
    expect(await failure(verifySignedResponse(await signed(stranger, { id: 'A' }), keys, now))).toMatch(/sleutel-onbekend/);
    const lying = keys.map((k) => (k.kid === es.kid ? { ...k, alg: 'PS256' } : k));
    expect(await failure(verifySignedResponse(await signed(es, { id: 'A' }), lying, now))).toMatch(/sleutel-onbekend/);
    const encryption = keys.map((k) => ({ ...k, use: 'enc' }));
    expect(await failure(verifySignedResponse(await signed(es, { id: 'A' }), encryption, now))).toMatch(/sleutel-onbekend/);
  });

  it('fails without a signature, with two, or with a stale one', async () => {
    const res = await signed(es, { id: 'A' });
    const sig = res.rawHeaders[3]!;
    expect(await failure(verifySignedResponse({ ...res, rawHeaders: res.rawHeaders.slice(0, 2) }, keys, now))).toMatch(/handtekening-ontbreekt/);
    expect(await failure(verifySignedResponse({ ...res, rawHeaders: [...res.rawHeaders, 'payload-signature', sig] }, keys, now))).toMatch(/handtekening-ontbreekt/);
    expect(await failure(verifySignedResponse(res, keys, new Date(now.getTime() + 3_600_000)))).toMatch(/handtekening-verlopen/);
  });
});

describe('ReceiptVerifier', () => {
  it('fetches /v1/sleutels once for many answers', async () => {
    const paths: string[] = [];
    const client = {
      request: async (method: string, path: string): Promise<ClientResponse> => {
        paths.push(`${method} ${path}`);
        return { status: 200, headers: {}, rawHeaders: [], body: Buffer.from(JSON.stringify(jwks([es]))) };
      },
    };
    const verifier = new ReceiptVerifier(client, () => now);
    await Promise.all([verifier.verify(await signed(es, 1)), verifier.verify(await signed(es, 2))]);
    await verifier.verify(await signed(es, 3));
    expect(paths).toEqual(['GET /v1/sleutels']);
  });

  it('fails loudly when the JWKS cannot be had', async () => {
    const client = { request: async (): Promise<ClientResponse> => ({ status: 503, headers: {}, rawHeaders: [], body: Buffer.alloc(0) }) };
    expect(await failure(new ReceiptVerifier(client, () => now).verify(await signed(es, 1)))).toMatch(/503/);
  });
});
