import { createPrivateKey } from 'node:crypto';
import { request } from 'node:https';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwks, receiptSignerFromKey, type ReceiptSigner } from '../../../src/intake/receipt-key.js';
import { signJsonBody } from '../../../src/intake/signed-body.js';
import { cloudEvent } from '../../../src/notifications/cloud-event.js';
import { createSender, type Sender } from '../../../src/notifications/deliver.js';
import type { OutboxEvent } from '../../../src/notifications/event.js';
import { createDevCa, issueCertificate } from '../../../src/pki/certificates.js';
import { generateP256KeyPair, generateRsaKeyPair } from '../../../src/pki/keys.js';
import { startTestReceiver, type TestReceiver } from '../../helpers/receiver.js';

const gatewayOin = '00000099000000000001';
const now = new Date('2026-11-22T09:30:00Z');
const clock = () => now;

function clientCertificate(ca: { certPem: string; keyPem: string }, oin = gatewayOin) {
  const keys = generateRsaKeyPair();
  const cert = issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, usage: 'client', publicKeyPem: keys.publicKeyPem, subject: { commonName: 'vroegsignaal gateway', serialNumber: oin } });
  return { clientCert: cert, clientKey: keys.privateKeyPem };
}

const event: OutboxEvent = {
  id: 'c0ffee00-0000-4000-8000-000000000001.2', type: 'opgepakt', time: '2026-11-22T09:29:00.000Z',
  zaakId: 'c0ffee00-0000-4000-8000-000000000001', gemeentecode: '0518', sequence: 2,
  zaak: { status: 'opgepakt', aanbodtermijn: '2026-12-06', partnerTypes: ['Huur'] }, signalen: [],
};
const feedback = {
  kind: 'terugmelding' as const, idempotencyKey: 'c0ffee00-0000-4000-8000-000000000001.2',
  body: { signaalId: 'aaaaaaaa-0000-4000-8000-000000000001', id: 'HUUR-1', status: 'in behandeling', tijdstip: '2026-11-22T09:29:00.000Z' },
};

let gatewayCa: { certPem: string; keyPem: string };
let signer: ReceiptSigner;
let sender: Sender;
let partner: TestReceiver;
let municipality: TestReceiver;
const cleanup: Array<() => unknown> = [];

beforeAll(async () => {
  gatewayCa = createDevCa();
  signer = await receiptSignerFromKey(createPrivateKey(generateP256KeyPair().privateKeyPem), 'ES256');
  sender = createSender({ ...clientCertificate(gatewayCa), signer, clock, timeoutMs: 5000 });
  cleanup.push(() => sender.close());
  // The JWKS exactly as GET /v1/sleutels publishes it.
  partner = await startTestReceiver({ clientCa: gatewayCa.certPem, jwks: jwks([signer]), expectOin: gatewayOin, clock, kind: 'terugmelding' });
  municipality = await startTestReceiver({ clientCa: gatewayCa.certPem, jwks: async () => jwks([signer]), expectOin: gatewayOin, clock, kind: 'cloudevent' });
  cleanup.push(() => partner.close(), () => municipality.close());
});
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

describe('deliver over mutual TLS to a real receiver', () => {
  it('delivers a terugmelding: 2xx, signed as receipts (verified against the published JWKS), with the event id as Idempotency-Key', async () => {
    const before = partner.received.length;
    const result = await sender.deliver({ url: partner.url, ca: partner.ca }, feedback);
    expect(result).toMatchObject({ outcome: 'delivered', status: 204 });
    const got = partner.received[before]!;
    expect(got.body).toEqual(feedback.body);
    expect(got.idempotencyKey).toBe(feedback.idempotencyKey);
    expect(got.contentType).toBe('application/json');
    expect(got.clientOin).toBe(gatewayOin);
    expect(got.kid).toBe(signer.kid);
    expect(partner.refused).toEqual([]);
  });

  it('delivers a CloudEvent in structured mode that passes the receiver\'s NL GOV profile check', async () => {
    const body = cloudEvent(event, gatewayOin);
    const result = await sender.deliver({ url: municipality.url, ca: municipality.ca }, { kind: 'cloudevent', idempotencyKey: event.id, body });
    expect(result.outcome).toBe('delivered');
    const got = municipality.received.at(-1)!;
    expect(got.contentType).toBe('application/cloudevents+json');
    expect(got.body).toEqual(body);
    expect(municipality.refused).toEqual([]);
  });

  it('signs with a PS256 receipt key just as well', async () => {
    const rsa = await receiptSignerFromKey(createPrivateKey(generateRsaKeyPair().privateKeyPem), 'PS256');
    const receiver = await startTestReceiver({ clientCa: gatewayCa.certPem, jwks: jwks([rsa]), kind: 'terugmelding' });
    const ps = createSender({ ...clientCertificate(gatewayCa), signer: rsa, clock, timeoutMs: 5000 });
    try {
      expect((await ps.deliver({ url: receiver.url, ca: receiver.ca }, feedback)).outcome).toBe('delivered');
      expect(receiver.received[0]!.kid).toBe(rsa.kid);
    } finally {
      ps.close();
      await receiver.close();
    }
  });

  it('classifies 503 and 429 as retry, honouring Retry-After (seconds or an HTTP date), and delivers once the receiver recovers', async () => {
    partner.fail(1, { retryAfter: '7' });
    expect(await sender.deliver({ url: partner.url, ca: partner.ca }, feedback)).toMatchObject({ outcome: 'retry', status: 503, retryAfterMs: 7000, reason: 'HTTP 503' });
    partner.fail(1, { status: 429, retryAfter: new Date(now.getTime() + 90_000).toUTCString() });
    expect(await sender.deliver({ url: partner.url, ca: partner.ca }, feedback)).toMatchObject({ outcome: 'retry', status: 429, retryAfterMs: 90_000 });
    partner.fail(1, { status: 408 });
    expect(await sender.deliver({ url: partner.url, ca: partner.ca }, feedback)).toMatchObject({ outcome: 'retry', status: 408 });
    expect(await sender.deliver({ url: partner.url, ca: partner.ca }, feedback)).toMatchObject({ outcome: 'delivered' });
  });

  it('classifies another 4xx as permanent, without any body in the result', async () => {
    partner.fail(1, { status: 400 });
    const result = await sender.deliver({ url: partner.url, ca: partner.ca }, feedback);
    expect(result).toEqual({ outcome: 'permanent', status: 400, reason: 'HTTP 400', ms: expect.any(Number) });
    expect(JSON.stringify(result)).not.toMatch(/HUUR-1|opgedragen storing/);
  });

  it('treats a receiver that is down as retry, and delivers when it is back', async () => {
    await partner.down();
    try {
      // Refused on a new connection; reset on one kept alive from before (which one is the pool's choice).
      const result = await sender.deliver({ url: partner.url, ca: partner.ca }, feedback);
      expect(result).toMatchObject({ outcome: 'retry', reason: expect.stringMatching(/^netwerkfout (ECONNREFUSED|ECONNRESET)$/) });
      expect(result).not.toHaveProperty('status');
      expect(await sender.deliver({ url: partner.url, ca: partner.ca }, feedback)).toMatchObject({ outcome: 'retry', reason: 'netwerkfout ECONNREFUSED' });
    } finally {
      await partner.up();
    }
    expect((await sender.deliver({ url: partner.url, ca: partner.ca }, feedback)).outcome).toBe('delivered');
  });

  it('gives up on an answer that does not come within the timeout (retry)', async () => {
    // A TCP listener that accepts and never speaks TLS back: the attempt must end by our own deadline.
    const silent = createTcpServer((socket) => cleanup.push(() => socket.destroy()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const quick = createSender({ ...clientCertificate(gatewayCa), signer, clock, timeoutMs: 200 });
    try {
      const result = await quick.deliver({ url: `https://127.0.0.1:${(silent.address() as AddressInfo).port}/`, ca: partner.ca }, feedback);
      expect(result).toMatchObject({ outcome: 'retry', reason: 'geen antwoord binnen 200 ms' });
    } finally {
      quick.close();
    }
  });

  it('does not trust a receiver whose certificate does not chain to its registered CA (or the system store)', async () => {
    const result = await sender.deliver({ url: partner.url }, feedback);
    expect(result).toMatchObject({ outcome: 'retry' });
    expect((result as { reason: string }).reason).toMatch(/^netwerkfout (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|DEPTH_ZERO_SELF_SIGNED_CERT)$/);
  });

  it('is refused by the receiver with a client certificate from another CA', async () => {
    const stranger = createSender({ ...clientCertificate(createDevCa('vreemde CA')), signer, clock, timeoutMs: 5000 });
    const before = partner.received.length;
    try {
      const result = await stranger.deliver({ url: partner.url, ca: partner.ca }, feedback);
      expect(result).toMatchObject({ outcome: 'permanent', status: 401 });
    } finally {
      stranger.close();
    }
    expect(partner.received).toHaveLength(before);
    expect(partner.refused.at(-1)).toMatchObject({ status: 401, reason: 'clientcertificaat niet vertrouwd' });
  });
});

describe('the receiver verifies what it gets', () => {
  /** A POST with the gateway's own client certificate and whatever headers and body a test wants. */
  function post(receiver: TestReceiver, headers: Record<string, string>, body: Buffer): Promise<number> {
    const { clientCert, clientKey } = clientCertificate(gatewayCa);
    return new Promise((resolve, reject) => {
      const req = request(receiver.url, { method: 'POST', cert: clientCert, key: clientKey, ca: receiver.ca, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('refuses a sender without a client certificate', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(partner.url, { method: 'POST', ca: partner.ca, headers: { 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(401);
    expect(partner.refused.at(-1)!.reason).toBe('clientcertificaat niet vertrouwd');
  });

  it('refuses a body altered after signing, and a signature by a key not in the JWKS', async () => {
    const signed = await signJsonBody(signer, feedback.body, now);
    const headers = { 'Content-Type': 'application/json', Digest: signed.digest, 'Payload-Signature': signed.payloadSignature, 'Idempotency-Key': 'x' };
    // The untouched message is accepted: the refusals below are the tampering's doing.
    expect(await post(partner, headers, signed.bytes)).toBe(204);
    const tampered = Buffer.from(signed.bytes.toString().replace('in behandeling', 'niet opgepakt'));
    expect(await post(partner, headers, tampered)).toBe(400);
    expect(partner.refused.at(-1)!.reason).toBe('Digest klopt niet met de body');

    const otherSigner = await receiptSignerFromKey(createPrivateKey(generateP256KeyPair().privateKeyPem), 'ES256');
    const forged = await signJsonBody({ ...otherSigner, kid: signer.kid }, feedback.body, now);
    expect(await post(partner, { ...headers, Digest: forged.digest, 'Payload-Signature': forged.payloadSignature }, forged.bytes)).toBe(400);
    expect(partner.refused.at(-1)!.reason).toBe('handtekening klopt niet');
  });

  it('refuses a terugmelding with a member CONTRACT §7 does not have, or an end result next to "niet opgepakt"', async () => {
    for (const [body, reason] of [
      [{ ...feedback.body, reden: 'Inwoner is overleden' }, 'onverwacht veld reden'],
      [{ ...feedback.body, status: 'niet opgepakt', eindresultaat: 'Inwoner is overleden' }, 'eindresultaat naast een andere status dan in behandeling'],
    ] as const) {
      const signed = await signJsonBody(signer, body, now);
      expect(await post(partner, { 'Content-Type': 'application/json', Digest: signed.digest, 'Payload-Signature': signed.payloadSignature, 'Idempotency-Key': 'y' }, signed.bytes)).toBe(400);
      expect(partner.refused.at(-1)!.reason).toBe(reason);
    }
  });

  it('refuses a CloudEvent that breaks the profile', async () => {
    const bad = { ...cloudEvent(event, gatewayOin), source: 'https://vroegsignaal.example', sequence: 2 };
    const signed = await signJsonBody(signer, bad, now);
    const status = await post(municipality, { 'Content-Type': 'application/cloudevents+json', Digest: signed.digest, 'Payload-Signature': signed.payloadSignature, 'Idempotency-Key': event.id }, signed.bytes);
    expect(status).toBe(400);
    expect(municipality.refused.at(-1)!.reason).toBe('source is geen urn:nld:oin:<OIN>:systeem:vroegsignaal; sequence is geen tekst van cijfers');
  });
});
