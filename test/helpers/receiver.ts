import { constants, createHash, createPublicKey, verify as cryptoVerify, X509Certificate, type JsonWebKey } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createDevCa, issueCertificate } from '../../src/pki/certificates.js';
import { generateRsaKeyPair } from '../../src/pki/keys.js';

/**
 * A partner's or a municipality's receiver for pushed terugmeldingen and CloudEvents, as an
 * outsider would build it: mutual TLS that requires a client certificate chaining to the given
 * CA, the body's Digest and detached Payload-Signature checked by hand (node:crypto, not the
 * gateway's own verifier) against the JWKS the gateway publishes at /v1/sleutels, and a
 * CloudEvent's attributes checked against the NL GOV profile, a terugmelding's members against
 * CONTRACT §7 (nothing beyond them). Every accepted message is
 * recorded; every refused one too, with its reason. It can be told to fail or to go down.
 */

export interface JwksLike {
  keys: Array<Record<string, unknown>>;
}

export interface ReceivedMessage {
  idempotencyKey: string | undefined;
  contentType: string | undefined;
  body: any;
  raw: Buffer;
  /** OIN from the client certificate's subject serialNumber. */
  clientOin: string | undefined;
  /** kid of the key that verified the signature. */
  kid: string;
}

export interface RefusedMessage {
  status: number;
  reason: string;
  idempotencyKey: string | undefined;
}

export interface ReceiverOptions {
  /** PEM of the CA that the sender's client certificate must chain to (the gateway's CA). */
  clientCa: string | Buffer;
  /** The gateway's JWKS (GET /v1/sleutels), or how to fetch it. */
  jwks: JwksLike | (() => Promise<JwksLike>);
  /** Only this OIN may deliver (subject serialNumber of the client certificate). */
  expectOin?: string;
  /** When given, sigT must lie within ±300 s of it (the sender's injected clock, say). */
  clock?: () => Date;
  /** What to check: a terugmelding (application/json) or a CloudEvent. */
  kind: 'terugmelding' | 'cloudevent';
}

export interface TestReceiver {
  url: string;
  /** PEM of the CA that issued this receiver's server certificate: the `ca` of its registration. */
  ca: string;
  received: ReceivedMessage[];
  refused: RefusedMessage[];
  /** Answer the next `count` messages with `status` (default 503), optionally with Retry-After. */
  fail(count: number, options?: { status?: number; retryAfter?: string }): void;
  /** Stop listening (connections refused) until up(). */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Resolves once `count` messages have been accepted in total. */
  waitFor(count: number): Promise<ReceivedMessage[]>;
  close(): Promise<void>;
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const sigDMid = 'http://uri.etsi.org/19182/HttpHeaders';

class Refusal extends Error {
  constructor(readonly status: number, reason: string) {
    super(reason);
  }
}

function digestOf(raw: Buffer): string {
  return `SHA-256=${createHash('sha256').update(raw).digest('base64')}`;
}

/** The CONTRACT §1 profile, checked from scratch: one header, detached, sigD/crit, key by kid from the JWKS. */
function verifySignature(req: IncomingMessage, raw: Buffer, jwks: JwksLike, now: Date | undefined): string {
  const digest = req.headers.digest;
  if (digest !== digestOf(raw)) throw new Refusal(400, 'Digest klopt niet met de body');
  const values: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'payload-signature') values.push(req.rawHeaders[i + 1]!);
  if (values.length !== 1) throw new Refusal(400, `${values.length} Payload-Signature-headers`);
  const [h, payload, sig] = values[0]!.split('.');
  if (!h || payload !== '' || !sig) throw new Refusal(400, 'geen detached JWS');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  if (JSON.stringify(header.crit) !== JSON.stringify(['sigT', 'sigD'])) throw new Refusal(400, 'crit');
  if (header.sigD?.mId !== sigDMid || JSON.stringify(header.sigD?.pars) !== JSON.stringify(['digest'])) throw new Refusal(400, 'sigD');
  if (typeof header.sigT !== 'string' || !rfc3339.test(header.sigT)) throw new Refusal(400, 'sigT');
  if (now && Math.abs(Date.parse(header.sigT) - now.getTime()) > 300_000) throw new Refusal(400, 'sigT buiten het venster');
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) throw new Refusal(400, `onbekende kid ${header.kid}`);
  if (jwk.alg !== header.alg) throw new Refusal(400, 'alg past niet bij de sleutel');
  const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  const input = Buffer.from(`${h}.${Buffer.from(`digest: ${digest}`).toString('base64url')}`);
  const params = header.alg === 'PS256'
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
    : { key, dsaEncoding: 'ieee-p1363' as const };
  if (!['PS256', 'ES256'].includes(header.alg) || !cryptoVerify('sha256', input, params, Buffer.from(sig, 'base64url'))) {
    throw new Refusal(400, 'handtekening klopt niet');
  }
  return header.kid as string;
}

/** NL GOV profile for CloudEvents (structured mode, JSON format) plus CONTRACT §7. */
export function cloudEventProblems(event: any): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => ok || problems.push(what);
  need(event !== null && typeof event === 'object' && !Array.isArray(event), 'geen JSON-object');
  if (problems.length) return problems;
  need(event.specversion === '1.0', 'specversion moet 1.0 zijn');
  need(typeof event.id === 'string' && event.id.length > 0, 'id ontbreekt');
  need(typeof event.source === 'string' && /^urn:nld:oin:[0-9]{20}:systeem:vroegsignaal$/.test(event.source), 'source is geen urn:nld:oin:<OIN>:systeem:vroegsignaal');
  need(typeof event.type === 'string' && /^nl\.vroegsignaal\.zaak\.[a-z]+(-[a-z]+)*$/.test(event.type), 'type is geen nl.vroegsignaal.zaak.*');
  need(typeof event.subject === 'string' && event.subject.length > 0, 'subject ontbreekt');
  need(typeof event.time === 'string' && rfc3339.test(event.time), 'time is geen RFC 3339');
  need(typeof event.sequence === 'string' && /^[0-9]+$/.test(event.sequence), 'sequence is geen tekst van cijfers');
  need(event.datacontenttype === 'application/json', 'datacontenttype moet application/json zijn');
  need(event.data !== null && typeof event.data === 'object', 'data ontbreekt');
  // CloudEvents attribute names: lower-case letters and digits only.
  for (const name of Object.keys(event)) need(/^[a-z0-9]{1,20}$/.test(name), `attribuutnaam ${name}`);
  return problems;
}

/** CONTRACT §7: exactly these members, nothing more (a reason for "niet opgepakt" would be one more). */
export function feedbackBodyProblems(body: any): string[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return ['geen JSON-object'];
  const problems: string[] = [];
  const allowed = ['signaalId', 'id', 'status', 'eindresultaat', 'tijdstip'];
  for (const name of Object.keys(body)) if (!allowed.includes(name)) problems.push(`onverwacht veld ${name}`);
  for (const name of ['signaalId', 'id', 'tijdstip']) if (typeof body[name] !== 'string' || body[name].length === 0) problems.push(`${name} ontbreekt`);
  if (!['ontvangen', 'in behandeling', 'niet opgepakt'].includes(body.status)) problems.push('status is geen uitgaande status');
  if (body.eindresultaat !== undefined && body.status !== 'in behandeling') problems.push('eindresultaat naast een andere status dan in behandeling');
  if (typeof body.tijdstip === 'string' && !rfc3339.test(body.tijdstip)) problems.push('tijdstip is geen RFC 3339');
  return problems;
}

function oinOf(socket: TLSSocket): string | undefined {
  const cert = socket.getPeerX509Certificate?.() as X509Certificate | undefined;
  return cert ? /(?:^|\n)serialNumber=([0-9]{20})/.exec(cert.subject)?.[1] : undefined;
}

export async function startTestReceiver(options: ReceiverOptions): Promise<TestReceiver> {
  const ca = createDevCa('ontvanger-CA (test)');
  const keys = generateRsaKeyPair();
  const cert = issueCertificate({
    caCertPem: ca.certPem, caKeyPem: ca.keyPem, usage: 'server', publicKeyPem: keys.publicKeyPem,
    subject: { commonName: 'localhost' }, dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'],
  });
  const received: ReceivedMessage[] = [];
  const refused: RefusedMessage[] = [];
  const events = new EventEmitter();
  let failures: { count: number; status: number; retryAfter?: string | undefined } = { count: 0, status: 503 };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    try {
      if (failures.count > 0) {
        failures.count--;
        if (failures.retryAfter !== undefined) res.setHeader('Retry-After', failures.retryAfter);
        throw new Refusal(failures.status, 'opgedragen storing');
      }
      const socket = req.socket as TLSSocket;
      if (!socket.authorized) throw new Refusal(401, 'clientcertificaat niet vertrouwd');
      const clientOin = oinOf(socket);
      if (options.expectOin && clientOin !== options.expectOin) throw new Refusal(403, `OIN ${clientOin} mag hier niet afleveren`);
      if (req.method !== 'POST') throw new Refusal(405, 'alleen POST');
      if (!idempotencyKey) throw new Refusal(400, 'Idempotency-Key ontbreekt');
      const expectedType = options.kind === 'cloudevent' ? 'application/cloudevents+json' : 'application/json';
      const contentType = req.headers['content-type'];
      if (contentType?.split(';')[0]!.trim() !== expectedType) throw new Refusal(415, `Content-Type ${contentType}`);
      const jwks = typeof options.jwks === 'function' ? await options.jwks() : options.jwks;
      const kid = verifySignature(req, raw, jwks, options.clock?.());
      const body = JSON.parse(raw.toString('utf8'));
      const problems = options.kind === 'cloudevent' ? cloudEventProblems(body) : feedbackBodyProblems(body);
      if (problems.length) throw new Refusal(400, problems.join('; '));
      received.push({ idempotencyKey, contentType, body, raw, clientOin, kid });
      events.emit('received');
      res.writeHead(204).end();
    } catch (err) {
      const status = err instanceof Refusal ? err.status : 400;
      const reason = err instanceof Refusal ? err.message : `onleesbaar: ${(err as Error).message}`;
      if (status < 500 && status !== 429) refused.push({ status, reason, idempotencyKey });
      res.writeHead(status, { 'Content-Type': 'application/problem+json' }).end(JSON.stringify({ status, title: reason }));
    }
  }

  const makeServer = () => createServer({
    key: keys.privateKeyPem, cert, ca: options.clientCa, requestCert: true,
    // Checked per request (socket.authorized) so a refused certificate gets an HTTP answer a test can see.
    rejectUnauthorized: false,
  }, (req, res) => void handle(req, res));
  let server: Server = makeServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const stop = (s: Server) => new Promise<void>((resolve) => {
    s.close(() => resolve());
    s.closeAllConnections();
  });

  return {
    url: `https://127.0.0.1:${port}/ontvang`,
    ca: ca.certPem,
    received,
    refused,
    fail(count, opts = {}) {
      failures = { count, status: opts.status ?? 503, retryAfter: opts.retryAfter };
    },
    async down() {
      await stop(server);
    },
    async up() {
      server = makeServer();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    waitFor(count) {
      return new Promise((resolve) => {
        const check = () => {
          if (received.length < count) return;
          events.off('received', check);
          resolve(received.slice());
        };
        events.on('received', check);
        check();
      });
    },
    close: () => stop(server),
  };
}
