import { Agent, request } from 'node:https';
import { sha256DigestHeader } from '../intake/digest.js';
import { signPayloadSignature } from '../intake/payload-signature.js';
import type { PartnerCredentials } from './partner-credentials.js';

export interface ClientResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One mTLS connection pool per client: a CSV of thousands of rows reuses its connections. */
export class GatewayClient {
  private readonly agent: Agent;
  constructor(private readonly baseUrl: string, private readonly creds: PartnerCredentials) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 4, ca: creds.ca, cert: creds.cert, key: creds.key });
  }

  request(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<ClientResponse> {
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = request(url, { method, agent: this.agent, headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** POST a JSON body with its Digest and a detached Payload-Signature (CONTRACT §1). */
  async postSigned(path: string, value: unknown, now: Date = new Date()): Promise<ClientResponse> {
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    const digestValue = sha256DigestHeader(body);
    const signature = await signPayloadSignature({ digestValue, privateKey: this.creds.signingKey, alg: 'PS256', x5tS256: this.creds.x5tS256, now });
    return this.request('POST', path, body, { 'Content-Type': 'application/json', Digest: digestValue, 'Payload-Signature': signature });
  }

  close(): void {
    this.agent.destroy();
  }
}
