import { createHash, createPrivateKey, sign as cryptoSign, constants, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { assertDocumented } from './openapi-check.js';

/**
 * An independent creditor client for tests: it builds Digest and Payload-Signature by hand
 * (not with the gateway's own code), so the tests check the contract, not the implementation
 * against itself — and it can build every malformed variant a hostile partner might send.
 */
export interface PartnerCredentials {
  dir: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
  signingKey: KeyObject;
  x5tS256: string;
}

export function loadCredentials(dir: string): PartnerCredentials {
  const signingCert = new X509Certificate(readFileSync(join(dir, 'signing.crt')));
  return {
    dir,
    ca: readFileSync(join(dir, 'ca.crt')),
    cert: readFileSync(join(dir, 'client.crt')),
    key: readFileSync(join(dir, 'client.key')),
    signingKey: createPrivateKey(readFileSync(join(dir, 'signing.key'))),
    x5tS256: createHash('sha256').update(signingCert.raw).digest('base64url'),
  };
}

export const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export function digestOf(body: Buffer | string): string {
  return `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
}

export interface SignOptions {
  header?: Record<string, unknown>;
  /** Replace the digest inside the signed payload (to sign something other than what is sent). */
  signedDigest?: string;
  key?: KeyObject;
  now?: Date;
}

export function payloadSignature(creds: PartnerCredentials, digest: string, options: SignOptions = {}): string {
  const now = options.now ?? new Date();
  const header = {
    alg: 'PS256',
    'x5t#S256': creds.x5tS256,
    sigT: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    sigD: { mId: 'http://uri.etsi.org/19182/HttpHeaders', pars: ['digest'] },
    crit: ['sigT', 'sigD'],
    ...options.header,
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(`digest: ${options.signedDigest ?? digest}`)}`;
  const signature = cryptoSign('sha256', Buffer.from(signingInput), {
    key: options.key ?? creds.signingKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32,
  });
  return `${signingInput.split('.')[0]}..${b64url(signature)}`;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export interface RequestOptions {
  method?: string;
  /** Raw header list: lets a test send a header twice. */
  headers?: Array<[string, string]>;
  body?: Buffer | string;
  creds?: PartnerCredentials | undefined;
  /** Trust store for the gateway's certificate when no partner credentials are used. */
  ca?: Buffer;
}

/** A request whose answer must be one the OpenAPI document describes (openapi-check.ts), or the test fails. */
export async function httpsRequest(baseUrl: string, path: string, options: RequestOptions = {}): Promise<HttpResult> {
  const result = await unchecked(baseUrl, path, options);
  await assertDocumented(options.method ?? 'GET', new URL(path, baseUrl), result);
  return result;
}

function unchecked(baseUrl: string, path: string, options: RequestOptions): Promise<HttpResult> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        method: options.method ?? 'GET',
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        ca: options.creds?.ca ?? options.ca,
        cert: options.creds?.cert,
        key: options.creds?.key,
        agent: false,
        // Raw header pairs (so a test can repeat a header); with raw headers Node adds no
        // Host or framing of its own, so both are set here.
        headers: [
          ['Host', url.host] as [string, string],
          ...(options.headers ?? []),
          ...(options.body !== undefined ? [['Content-Length', String(Buffer.byteLength(options.body))] as [string, string]] : []),
        ].flat() as unknown as Record<string, string>,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** POST a body with a correct Digest and signature, unless the options say otherwise. */
export function postSigned(
  baseUrl: string,
  path: string,
  creds: PartnerCredentials,
  body: unknown,
  options: SignOptions & { extraHeaders?: Array<[string, string]>; omit?: Array<'digest' | 'signature'>; rawBody?: string } = {},
): Promise<HttpResult> {
  const text = options.rawBody ?? JSON.stringify(body);
  const digest = digestOf(text);
  const headers: Array<[string, string]> = [['Content-Type', 'application/json']];
  if (!options.omit?.includes('digest')) headers.push(['Digest', digest]);
  if (!options.omit?.includes('signature')) headers.push(['Payload-Signature', payloadSignature(creds, digest, options)]);
  headers.push(...(options.extraHeaders ?? []));
  return httpsRequest(baseUrl, path, { method: 'POST', headers, body: text, creds });
}
