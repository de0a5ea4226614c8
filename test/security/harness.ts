import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Agent, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:tls';
import type { Redis } from 'ioredis';
import { b64url, digestOf, payloadSignature, type HttpResult, type PartnerCredentials, type SignOptions } from '../helpers/https-client.js';
import { auditRecords } from '../helpers/audit.js';

/**
 * Tools for hostile requests: a keep-alive client for the fuzzer, a raw TLS client for requests
 * no well-behaved HTTP library would send, hand-made signatures, and a fingerprint of everything
 * a refusal must leave untouched.
 */

const example = JSON.parse(readFileSync(new URL('../../examples/signaal-huur.json', import.meta.url), 'utf8')) as Record<string, any>;

/**
 * The bundled example (CONTRACT §1), deterministic: the id and house number come from `n`, so a
 * fixed seed sends the same bytes every run and no two signals share a household by accident.
 */
export function validSignal(prefix: string, n: number): Record<string, any> {
  const signal = structuredClone(example);
  signal.id = `${prefix}-${n}`;
  signal.adres.huisnummer = String(1 + (n % 99_999));
  return signal;
}

/** Content-Type, Digest and a correct Payload-Signature for exactly these bytes (options as in the shared helper). */
export function signedHeaders(creds: PartnerCredentials, body: Buffer | string, options: SignOptions = {}): Array<[string, string]> {
  const digest = digestOf(body);
  return [['Content-Type', 'application/json'], ['Digest', digest], ['Payload-Signature', payloadSignature(creds, digest, options)]];
}

/** A detached JWS over `digest: <digest>` with any header and any signing function (for algorithms the helper does not make). */
export function detachedJws(header: Record<string, unknown>, digest: string, sign: (input: Buffer) => Buffer): string {
  const protectedHeader = b64url(JSON.stringify(header));
  const signature = sign(Buffer.from(`${protectedHeader}.${b64url(`digest: ${digest}`)}`));
  return `${protectedHeader}..${signature.toString('base64url')}`;
}

export const hmacSha256 = (secret: string | Buffer) => (input: Buffer) => createHmac('sha256', secret).update(input).digest();

/** The profile's header as a partner builds it (CONTRACT §1), for hand-made variants. */
export function profileHeader(creds: PartnerCredentials, now: Date, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    alg: 'PS256',
    'x5t#S256': creds.x5tS256,
    sigT: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    sigD: { mId: 'http://uri.etsi.org/19182/HttpHeaders', pars: ['digest'] },
    crit: ['sigT', 'sigD'],
    ...extra,
  };
}

function toResult(status: number, headers: IncomingHttpHeaders, text: string): HttpResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, text, json };
}

export interface KeepAliveClient {
  send(path: string, options: { method?: string; headers?: Array<[string, string]>; body?: Buffer | string }): Promise<HttpResult>;
  /** How many TLS connections were opened: keep-alive means far fewer than requests. */
  connections(): number;
  close(): void;
}

/** One partner's mTLS connections, kept alive and reused (the fuzzer sends thousands of requests). */
export function keepAliveClient(baseUrl: string, creds: PartnerCredentials, maxSockets = 16): KeepAliveClient {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets, ca: creds.ca, cert: creds.cert, key: creds.key });
  let opened = 0;
  const seen = new WeakSet<object>();
  return {
    send(path, options) {
      return new Promise((resolve, reject) => {
        const req = request(
          {
            method: options.method ?? 'POST',
            hostname: url.hostname,
            port: url.port,
            path,
            agent,
            // Raw header pairs, so a header can repeat; Node then adds nothing, so Host, framing and
            // keep-alive are ours to set.
            headers: [
              ['Host', url.host],
              ['Connection', 'keep-alive'],
              ...(options.headers ?? []),
              ...(options.body !== undefined ? [['Content-Length', String(Buffer.byteLength(options.body))]] : []),
            ].flat() as unknown as Record<string, string>,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve(toResult(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'))));
            res.on('error', reject);
          },
        );
        req.on('socket', (socket) => {
          if (!seen.has(socket)) {
            seen.add(socket);
            opened++;
          }
        });
        req.on('error', reject);
        if (options.body !== undefined) req.write(options.body);
        req.end();
      });
    },
    connections: () => opened,
    close: () => agent.destroy(),
  };
}

/**
 * Write these exact bytes on a fresh mTLS connection and read the first answer. For requests
 * Node's client refuses to build: conflicting framing, folded or malformed header lines.
 */
export function rawExchange(baseUrl: string, creds: PartnerCredentials | { ca: Buffer }, bytes: string | Buffer): Promise<HttpResult> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: url.hostname,
      port: Number(url.port),
      servername: 'localhost',
      ca: creds.ca,
      ...('cert' in creds ? { cert: creds.cert, key: creds.key } : {}),
    }, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = all.subarray(0, end).toString('latin1').split('\r\n');
      const headers: IncomingHttpHeaders = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? NaN);
      const body = all.subarray(end + 4);
      if (Number.isFinite(length) && body.length < length) return;
      settled = true;
      socket.destroy();
      resolve(toResult(Number(head[0]!.split(' ')[1]), headers, body.subarray(0, Number.isFinite(length) ? length : undefined).toString('utf8')));
    };
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      finish();
    });
    socket.on('end', () => {
      finish();
      if (!settled) reject(new Error(`connection closed without a whole answer: ${Buffer.concat(chunks).toString('latin1').slice(0, 200)}`));
    });
    socket.on('error', (err) => {
      if (!settled) reject(err);
    });
  });
}

/**
 * A server an attacker controls, named in `jku`/`x5u`: the gateway must never call it (RFC 8725).
 * It counts every request it gets.
 */
export async function startAttackerServer(jwks: unknown): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Keys whose content a refusal must leave alone: everything except the audit log (a denied
 * signal rightly writes its decision record), the rate limiter's counters and the retention
 * sweeper's own BullMQ bookkeeping, which runs on its own schedule.
 */
// Not data about anyone: the audit log (checked on its own), counters and locks, the retention
// queue, and what background workers touch on their own — BullMQ's housekeeping keys of every
// queue, and the outbox with its relay's lease (an event there always comes with its case, which is
// data and is watched). A job is a key of its own (vs:bull:<queue>:<id>) and stays watched.
const notData = [
  /^vs:audit:/, /^vs:ratelimit:/, /^vs:bull:retentie:/, /^vs:bewaar:laatste-veger$/,
  /^vs:bull:[^:]+:(stalled-check|meta|events|stalled|marker|id|delayed|wait|active|completed|failed|prioritized|paused|limiter)$/,
  /^vs:uitgaand(:leider|:fencing)?$/,
];

export async function allKeys(redis: Redis, match = '*'): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

export interface StoredState {
  /** key → SHA-256 of its DUMP: a changed hash field, list entry or stream entry changes it. */
  data: Map<string, string>;
  /** The audit counter: records appended so far. */
  auditNext: number;
}

export async function storedState(redis: Redis): Promise<StoredState> {
  const keys = (await allKeys(redis)).filter((k) => !notData.some((re) => re.test(k))).sort();
  const dumps = keys.length > 0 ? await Promise.all(keys.map((k) => redis.dumpBuffer(k))) : [];
  const data = new Map(keys.map((k, i) => [k, dumps[i] ? createHash('sha256').update(dumps[i]!).digest('base64') : 'gone']));
  return { data, auditNext: Number((await redis.get('vs:audit:volgend')) ?? 0) };
}

/** What changed between two states: every added, removed or rewritten data key. */
export function dataChanges(before: StoredState, after: StoredState): string[] {
  const changes: string[] = [];
  for (const [key, hash] of after.data) {
    if (!before.data.has(key)) changes.push(`+ ${key}`);
    else if (before.data.get(key) !== hash) changes.push(`~ ${key}`);
  }
  for (const key of before.data.keys()) if (!after.data.has(key)) changes.push(`- ${key}`);
  return changes;
}

/** The audit records appended since `before`, in index order. */
export async function auditRecordsSince(redis: Redis, before: StoredState): Promise<Array<Record<string, any>>> {
  return (await auditRecords(redis)).filter((e) => e.index >= before.auditNext).map((e) => e.record as Record<string, any>);
}
