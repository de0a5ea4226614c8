import { Agent, request } from 'node:https';
import { sha256DigestHeader } from '../intake/digest.js';
import { signPayloadSignature } from '../intake/payload-signature.js';
import type { PartnerCredentials } from './partner-credentials.js';

export interface ClientResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** As received, name/value pairs: repeated headers stay separate (Node joins them in `headers`). */
  rawHeaders: string[];
  body: Buffer;
}

export interface GatewayClientOptions {
  /** Give up on a request that is silent this long: a CLI must not hang forever. */
  timeoutMs?: number;
}

/**
 * The creditor side of CONTRACT §1 over mutual TLS. The gateway is trusted only through the
 * partner directory's CA — not the system store — and one keep-alive pool serves the whole
 * run, so a CSV of thousands of rows does not pay a TLS handshake per chunk.
 */
export class GatewayClient {
  private readonly agent: Agent;
  private readonly timeoutMs: number;

  constructor(readonly baseUrl: string, private readonly creds: PartnerCredentials, options: GatewayClientOptions = {}) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 4, ca: creds.ca, cert: creds.cert, key: creds.key, minVersion: 'TLSv1.2' });
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  request(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<ClientResponse> {
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = request(url, {
        method,
        agent: this.agent,
        headers: { Accept: 'application/json, application/problem+json', ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`geen antwoord van ${url.origin} binnen ${this.timeoutMs / 1000} s`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** POST a JSON body with its Digest and a fresh detached Payload-Signature (CONTRACT §1). */
  async postSigned(path: string, value: unknown, now: Date = new Date()): Promise<ClientResponse> {
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    const digestValue = sha256DigestHeader(body);
    const signature = await signPayloadSignature({
      digestValue, privateKey: this.creds.signingKey, alg: this.creds.signingAlg, x5tS256: this.creds.x5tS256, now,
    });
    return this.request('POST', path, body, { 'Content-Type': 'application/json', Digest: digestValue, 'Payload-Signature': signature });
  }

  close(): void {
    this.agent.destroy();
  }
}
