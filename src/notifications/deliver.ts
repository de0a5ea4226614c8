import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import type { ReceiptSigner } from '../intake/receipt-key.js';
import { signJsonBody } from '../intake/signed-body.js';
import { cloudEventContentType } from './cloud-event.js';

/** Where one message goes: an https address and the CA anchoring it (PEM; absent = system trust store). */
export interface DeliveryTarget {
  url: string;
  ca?: string | undefined;
}

/** What goes out: a terugmelding (application/json) or a CloudEvent in structured mode. */
export interface OutgoingMessage {
  kind: 'terugmelding' | 'cloudevent';
  /** Sent as Idempotency-Key: the same on every retry of this message. */
  idempotencyKey: string;
  body: unknown;
}

/**
 * How one attempt ended. `delivered`: a 2xx. `retry`: try again later (5xx, 408, 429, network
 * errors, timeouts), after `retryAfterMs` when the receiver said so. `permanent`: the receiver
 * refused this message (any other 4xx, a redirect): sending it again unchanged cannot help.
 * `reason` is short and never holds a body — neither ours nor the receiver's.
 */
export type DeliveryResult =
  | { outcome: 'delivered'; status: number; ms: number }
  | { outcome: 'retry'; status?: number; retryAfterMs?: number; reason: string; ms: number }
  | { outcome: 'permanent'; status: number; reason: string; ms: number };

export interface SenderOptions {
  /** The gateway's TLS client certificate (PEM, chain after it) and its key: mutual TLS. */
  clientCert: string;
  clientKey: string;
  /** The receipt key: bodies are signed exactly as receipts, verifiable against GET /v1/sleutels. */
  signer: ReceiptSigner;
  clock: () => Date;
  /** Connecting and answering together; beyond it the attempt is a `retry`. */
  timeoutMs: number;
}

export interface Sender {
  deliver(target: DeliveryTarget, message: OutgoingMessage): Promise<DeliveryResult>;
  /** Closes the kept-alive connections. */
  close(): void;
}

export const contentTypes = { terugmelding: 'application/json', cloudevent: cloudEventContentType } as const;

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date, relative to our clock. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // IMF-fixdate, the form RFC 9110 senders must use; Date.parse alone would take "-5" for a year.
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** The HTTP status as one of the three outcomes (CONTRACT §7: any 2xx acknowledges). */
export function classifyStatus(status: number): 'delivered' | 'retry' | 'permanent' {
  if (status >= 200 && status < 300) return 'delivered';
  if (status >= 500 || status === 408 || status === 429) return 'retry';
  return 'permanent';
}

/** Network-level failures worth another try; anything else (a certificate we do not trust, say) still is, but named. */
function networkReason(err: NodeJS.ErrnoException): string {
  // Only the code: a TLS error's message can quote certificate subjects, never wanted in a job log.
  return `netwerkfout ${err.code ?? err.name}`;
}

/**
 * Delivers terugmeldingen and CloudEvents over HTTPS with the gateway's client certificate:
 * POST, the body signed (Digest + Payload-Signature) as receipts are, Idempotency-Key set, one
 * deadline for the whole attempt, and the answer classified — never thrown, never logged.
 */
export function createSender(options: SenderOptions): Sender {
  // One kept-alive agent per trust anchor: a receiver's CA is part of whom we trust, so
  // connections made under one anchor are never reused for a target with another.
  const agents = new Map<string, Agent>();
  const agentFor = (ca: string | undefined) => {
    const key = ca === undefined ? 'system' : createHash('sha256').update(ca).digest('hex');
    let agent = agents.get(key);
    if (!agent) {
      agent = new Agent({
        keepAlive: true, maxSockets: 16, cert: options.clientCert, key: options.clientKey,
        ...(ca !== undefined ? { ca } : {}), minVersion: 'TLSv1.2',
      });
      agents.set(key, agent);
    }
    return agent;
  };

  async function deliver(target: DeliveryTarget, message: OutgoingMessage): Promise<DeliveryResult> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = new URL(target.url);
    } catch {
      return { outcome: 'permanent', status: 0, reason: 'ongeldig adres', ms: ms() };
    }
    if (url.protocol !== 'https:') return { outcome: 'permanent', status: 0, reason: 'geen https-adres', ms: ms() };
    const now = options.clock();
    const signed = await signJsonBody(options.signer, message.body, now);
    return new Promise<DeliveryResult>((resolve) => {
      let settled = false;
      const finish = (result: DeliveryResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const req = request(url, {
        method: 'POST',
        agent: agentFor(target.ca),
        headers: {
          'Content-Type': contentTypes[message.kind],
          'Content-Length': String(signed.bytes.length),
          Digest: signed.digest,
          'Payload-Signature': signed.payloadSignature,
          'Idempotency-Key': message.idempotencyKey,
          Accept: 'application/json, application/problem+json',
        },
      }, (res) => {
        const status = res.statusCode ?? 0;
        const retryAfter = res.headers['retry-after'];
        // The answer's body is read to the end (so the connection can be reused) and dropped.
        res.resume();
        res.on('error', () => finish({ outcome: 'retry', status, reason: 'antwoord afgebroken', ms: ms() }));
        res.on('end', () => {
          const kind = classifyStatus(status);
          if (kind === 'delivered') return finish({ outcome: 'delivered', status, ms: ms() });
          if (kind === 'retry') {
            const after = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, options.clock());
            return finish({ outcome: 'retry', status, ...(after !== undefined ? { retryAfterMs: after } : {}), reason: `HTTP ${status}`, ms: ms() });
          }
          finish({ outcome: 'permanent', status, reason: status >= 300 && status < 400 ? `HTTP ${status} (doorverwijzing wordt niet gevolgd)` : `HTTP ${status}`, ms: ms() });
        });
      });
      const timer = setTimeout(() => {
        finish({ outcome: 'retry', reason: `geen antwoord binnen ${options.timeoutMs} ms`, ms: ms() });
        req.destroy();
      }, options.timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) => finish({ outcome: 'retry', reason: networkReason(err), ms: ms() }));
      req.end(signed.bytes);
    });
  }

  return {
    deliver,
    close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

/** The sender as configured (NOTIFY_CLIENT_CERT, NOTIFY_CLIENT_KEY, NOTIFY_TIMEOUT_MS). */
export function senderFromFiles(paths: { clientCert: string; clientKey: string; timeoutMs: number }, signer: ReceiptSigner, clock: () => Date): Sender {
  return createSender({ clientCert: readFileSync(paths.clientCert, 'utf8'), clientKey: readFileSync(paths.clientKey, 'utf8'), signer, clock, timeoutMs: paths.timeoutMs });
}
