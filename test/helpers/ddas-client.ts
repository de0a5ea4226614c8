import { constants, createHash, createPrivateKey, sign as cryptoSign, verify as cryptoVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * A CBS client for the DDAS pull API written from reference/ddas/v1.2/DDAS-VS.yaml and the
 * signing profile of CONTRACT §1/§8 — not from the gateway's code (nothing under src/ is
 * imported): it signs its request (`Digest`, `nlgov-adr-payload-sig` with x5c, kid, typ JOSE),
 * calls over mutual TLS with a bearer token, checks every answer against the response the YAML
 * documents for its status (status listed, media type, body schema, FSC header enum) and
 * verifies a 200's Digest, signature and certificate chain. Every page is validated against the
 * v1.2 Uitwisselmodel with Ajv (JSON Schema 2020-12, formats).
 */

const reference = new URL('../../reference/ddas/v1.2/', import.meta.url);
const yamlDoc = parse(readFileSync(new URL('DDAS-VS.yaml', reference), 'utf8')) as any;
const uitwisselmodel = JSON.parse(readFileSync(new URL('json_schema_Uitwisselmodel.json', reference), 'utf8'));

const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
// The YAML refers to the Uitwisselmodel by its published URL, which is the schema's own $id: Ajv
// resolves it to the repository's copy, nothing is fetched.
ajv.addSchema(uitwisselmodel);
ajv.addSchema({ $id: 'https://ddas.example/DDAS-VS.yaml', components: yamlDoc.components });
const operation = yamlDoc.paths['/gegevens'].post;
/** The YAML's schemas with `#/components/…` pointing into the YAML as added above. */
const fromYaml = (schema: unknown) => ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"https://ddas.example/DDAS-VS.yaml#/components/')));
export const validateUitwisselmodel = ajv.compile(uitwisselmodel);
const validateRequest = fromYaml(yamlDoc.components.schemas.GegevensRequest);
const fscCodes: string[] = yamlDoc.components.headers['Fsc-Error-Code'].schema.enum;
const digestPattern = new RegExp(yamlDoc.components.headers.Digest.schema.pattern);

export interface ConsumerCredentials {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
  signingKey: KeyObject;
  /** signing.crt: the signing certificate and its chain, leaf first. */
  signingChain: X509Certificate[];
}

const pemCertificates = (pem: string) => (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((c) => new X509Certificate(c));

export function loadConsumer(dir: string): ConsumerCredentials {
  return {
    ca: readFileSync(join(dir, 'ca.crt')),
    cert: readFileSync(join(dir, 'client.crt')),
    key: readFileSync(join(dir, 'client.key')),
    signingKey: createPrivateKey(readFileSync(join(dir, 'signing.key'))),
    signingChain: pemCertificates(readFileSync(join(dir, 'signing.crt'), 'utf8')),
  };
}

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');
export const digestOf = (body: string | Buffer) => `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
const pss = (key: KeyObject) => ({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });

export interface SignOptions {
  now?: Date;
  /** Members to add or override in the protected header. */
  header?: Record<string, unknown>;
  /** Sign this digest instead of the body's (a tampered message). */
  signedDigest?: string;
  key?: KeyObject;
}

/** The detached JWS over `digest: <Digest>` (CONTRACT §1) with x5c, kid and typ JOSE (DDAS-VS.yaml). */
export function payloadSignature(creds: ConsumerCredentials, digest: string, options: SignOptions = {}): string {
  const header = {
    alg: 'PS256',
    typ: 'JOSE',
    kid: 'cbs-ondertekening-2026',
    x5c: creds.signingChain.map((c) => c.raw.toString('base64')),
    sigT: (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    sigD: { mId: 'http://uri.etsi.org/19182/HttpHeaders', pars: ['digest'] },
    crit: ['sigT', 'sigD'],
    ...options.header,
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(`digest: ${options.signedDigest ?? digest}`)}`;
  return `${input.split('.')[0]}..${b64url(cryptoSign('sha256', Buffer.from(input), pss(options.key ?? creds.signingKey)))}`;
}

export interface DdasResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export interface CallOptions {
  creds?: ConsumerCredentials | undefined;
  /** Trust store for the gateway when calling without consumer credentials. */
  ca?: Buffer;
  token?: string | undefined;
  /** The raw body to send (default: JSON of `body`). */
  rawBody?: string;
  method?: string;
  omit?: Array<'digest' | 'signature'>;
  sign?: SignOptions;
  /** Sent after the body is signed, replacing it (tampering in transit). */
  replaceBody?: string;
}

/** POST /gegevens as the YAML describes it; the answer is checked against the YAML before it is returned. */
export async function callGegevens(baseUrl: string, body: unknown, options: CallOptions = {}): Promise<DdasResponse> {
  const text = options.rawBody ?? JSON.stringify(body);
  const digest = digestOf(text);
  const headers: Array<[string, string]> = [['Content-Type', 'application/json']];
  if (options.token) headers.push(['Authorization', `Bearer ${options.token}`]);
  if (!options.omit?.includes('digest')) headers.push(['Digest', digest]);
  if (!options.omit?.includes('signature') && options.creds) headers.push(['nlgov-adr-payload-sig', payloadSignature(options.creds, digest, options.sign)]);
  const sent = options.replaceBody ?? text;
  const result = await send(new URL(`${baseUrl}/gegevens`), options.method ?? 'POST', headers, sent, options);
  checkDocumented(result);
  return result;
}

function send(url: URL, method: string, headers: Array<[string, string]>, body: string, options: CallOptions): Promise<DdasResponse> {
  return new Promise((resolve, reject) => {
    const req = request({
      method, hostname: url.hostname, port: url.port, path: url.pathname, agent: false,
      ca: options.creds?.ca ?? options.ca, cert: options.creds?.cert, key: options.creds?.key,
      headers: [['Host', url.host], ...headers, ['Content-Length', String(Buffer.byteLength(body))]].flat() as unknown as Record<string, string>,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: raw, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The answer is one the YAML documents: its status, media type, body schema and FSC header. */
export function checkDocumented(res: DdasResponse): void {
  const spec = operation.responses[String(res.status)];
  if (!spec) throw new Error(`status ${res.status} staat niet in DDAS-VS.yaml: ${res.text}`);
  const contentType = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (spec.content) {
    const media = spec.content[contentType];
    if (!media) throw new Error(`status ${res.status}: media type ${contentType} niet gedocumenteerd (${Object.keys(spec.content).join(', ')})`);
    const validate = fromYaml(media.schema);
    if (!validate(res.json)) throw new Error(`status ${res.status}: body past niet bij DDAS-VS.yaml: ${JSON.stringify(validate.errors)}`);
  }
  if (spec.headers?.['Fsc-Error-Code']) {
    const code = res.headers['fsc-error-code'];
    if (code !== undefined && !fscCodes.includes(String(code))) throw new Error(`Fsc-Error-Code ${code} staat niet in de enum van DDAS-VS.yaml`);
  }
  if (res.status === 200) {
    if (!digestPattern.test(String(res.headers.digest))) throw new Error('Digest ontbreekt of heeft niet het patroon uit DDAS-VS.yaml');
    if (!res.headers['nlgov-adr-payload-sig']) throw new Error('nlgov-adr-payload-sig ontbreekt');
  }
}

/** A request body as the YAML's GegevensRequest schema sees it (to check the tests send what the YAML allows). */
export const isGegevensRequest = (body: unknown) => validateRequest(body);

export interface VerifiedAnswer {
  kid: string;
  signer: X509Certificate;
}

/**
 * The answer's Digest matches its bytes, and its nlgov-adr-payload-sig is a PS256 detached JWS over
 * `digest: <Digest>` by the first x5c certificate, whose chain leads to `ca`, each valid now.
 */
export function verifyAnswer(res: DdasResponse, ca: Buffer, now = new Date()): VerifiedAnswer {
  const digest = String(res.headers.digest);
  if (digest !== digestOf(Buffer.from(res.text, 'utf8'))) throw new Error('Digest klopt niet met de body');
  const [head, payload, signature] = String(res.headers['nlgov-adr-payload-sig']).split('.');
  if (payload !== '' || !head || !signature) throw new Error('geen detached JWS');
  const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
  if (header.alg !== 'PS256' || header.typ !== 'JOSE' || typeof header.kid !== 'string') throw new Error(`protected header: ${JSON.stringify(header)}`);
  if (JSON.stringify(header.crit) !== JSON.stringify(['sigT', 'sigD']) || header.sigD?.pars?.[0] !== 'digest') throw new Error('crit/sigD niet volgens het profiel');
  const chain = (header.x5c as string[]).map((c) => new X509Certificate(Buffer.from(c, 'base64')));
  const anchor = new X509Certificate(ca);
  const at = now.getTime();
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i]!;
    if (at < Date.parse(cert.validFrom) || at > Date.parse(cert.validTo)) throw new Error('certificaat in x5c niet geldig');
    const issuer = chain[i + 1] ?? anchor;
    if (!cert.checkIssued(issuer) && !cert.raw.equals(anchor.raw)) throw new Error(`x5c[${i}] niet uitgegeven door de volgende`);
    if (!cert.raw.equals(anchor.raw) && !cert.verify(issuer.publicKey)) throw new Error(`x5c[${i}] handtekening ongeldig`);
  }
  if (!chain.some((c) => c.raw.equals(anchor.raw)) && !chain.at(-1)!.verify(anchor.publicKey)) throw new Error('keten leidt niet naar de CA');
  const input = Buffer.from(`${head}.${b64url(`digest: ${digest}`)}`);
  if (!cryptoVerify('sha256', input, pss(chain[0]!.publicKey), Buffer.from(signature, 'base64url'))) throw new Error('handtekening klopt niet');
  return { kid: header.kid, signer: chain[0]! };
}
