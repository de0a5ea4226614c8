import { X509Certificate } from 'node:crypto';
import { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { Consumer } from '../../ddas/consumers.js';
import { payloadSignatureHeader, signWithChain, thumbprintOf, verifyChainSignature } from '../../ddas/jades.js';
import { ddasBasePath, ddasOpenapi } from '../../ddas/openapi.js';
import { pullPage } from '../../ddas/pull.js';
import { gegevensRequestSchema } from '../../ddas/request.js';
import { fscCode } from '../../errors/catalogue.js';
import { ProblemError } from '../../errors/problem.js';
import { readBodyDigest } from '../../intake/digest.js';
import { oinFromSubjectSerialNumber } from '../../pki/oin.js';
import type { AppDeps, DdasDeps } from '../deps.js';
import { problemFor } from '../plugins/errors.js';
import { fscBody, problemBody } from '../problem.js';
import { parseJson } from './signal-auth.js';

/** Every value of a header as sent (Node joins repeats of unknown headers; more than one must fail). */
function headerValues(rawHeaders: string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === name) values.push(rawHeaders[i + 1]!);
  return values;
}

/** The consumer behind this connection: a client certificate from a trusted CA, its OIN registered, the certificate pinned. */
function consumerOfConnection(request: FastifyRequest, ddas: DdasDeps): { oin: string; consumer: Consumer } {
  const socket = request.raw.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) throw new ProblemError('certificaat-ontbreekt', 'Een geldig TLS-clientcertificaat is vereist');
  const peer = socket.getPeerCertificate();
  const oin = oinFromSubjectSerialNumber(peer.subject?.serialNumber);
  if (!oin) throw new ProblemError('certificaat-ontbreekt', 'Het clientcertificaat bevat geen OIN in subject.serialNumber');
  const consumer = ddas.consumers().find((c) => c.oin === oin);
  if (!consumer) throw new ProblemError('afnemer-onbekend', 'Dit certificaat hoort bij geen geregistreerde afnemer');
  if (consumer.tlsCertificates.length > 0 && !consumer.tlsCertificates.includes(thumbprintOf(new X509Certificate(peer.raw)))) {
    throw new ProblemError('afnemer-onbekend', 'Dit TLS-clientcertificaat staat niet in de registratie van deze afnemer');
  }
  return { oin, consumer };
}

function fscTransactionId(request: FastifyRequest): string | undefined {
  const value = request.headers['fsc-transaction-id'];
  const id = Array.isArray(value) ? value[0] : value;
  return id && /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : undefined;
}

/**
 * The DDAS pull API (DDAS-VS.yaml), under its own base path on the partner listener: CBS proves
 * who it is three ways that must agree — the TLS certificate's OIN, an access token issued to
 * that OIN with role cbs and scope read, and a payload signature whose certificate carries that
 * OIN and chains to the trusted CA — and gets one signed page of the delivery. Its document is
 * its own (/ddas/v1/openapi.json), written from the YAML, not the gateway's /v1 document.
 */
export async function ddasRoutes(app: FastifyInstance, deps: AppDeps, ddas: DdasDeps): Promise<void> {
  // Every authentication or access failure here has the FSC shape the YAML documents: `domain`
  // beside RFC 9457's members; token and access failures carry the FSC code and header (sendProblem).
  app.setErrorHandler((error: FastifyError | ProblemError, request, reply) => {
    const problem = problemFor(error, request);
    if (problem.headers) reply.headers(problem.headers);
    const fsc = fscCode(problem.code);
    if (fsc) {
      reply.header('Fsc-Error-Code', fsc);
      if (problem.status === 401) reply.header('WWW-Authenticate', 'Bearer');
    }
    const body = fsc ? fscBody(problem, request, fsc)
      : problem.status === 401 || problem.status === 403 ? { ...problemBody(problem, request), domain: 'ERROR_DOMAIN_INWAY' } : problemBody(problem, request);
    return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
  });
  app.setNotFoundHandler((request) => {
    const path = request.url.split('?')[0];
    if (path === `${ddasBasePath}/gegevens`) throw new ProblemError('fsc-methode-niet-ondersteund', 'Alleen POST');
    throw new ProblemError('fsc-dienst-onbekend', 'Deze DDAS-dienst bestaat niet; zie /ddas/v1/openapi.json');
  });

  app.get('/openapi.json', { schema: { hide: true } }, async (request, reply) => {
    reply.header('Access-Control-Allow-Origin', '*');
    const host = request.headers.host ?? 'localhost';
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(ddasOpenapi(`https://${host}`)));
  });

  app.post('/gegevens', {
    bodyLimit: 8 * 1024,
    schema: { hide: true },
    config: {
      rateLimit: {
        max: deps.rateLimitPerMinute,
        timeWindow: 60_000,
        keyGenerator: (request: FastifyRequest) => `ddas:${(request.raw.socket as TLSSocket).getPeerCertificate?.()?.subject?.serialNumber ?? request.ip}`,
      },
    },
  }, async (request, reply) => {
    const { oin, consumer } = consumerOfConnection(request, ddas);
    if (!ddas.verifyToken) throw new ProblemError('fsc-token-ongeldig', 'Deze gateway vertrouwt geen uitgever van access tokens');
    const token = await ddas.verifyToken(request.headers.authorization);
    // The token must be this client's: issued to the OIN the certificate proves.
    if (token.sub !== oin) throw new ProblemError('fsc-token-ongeldig', 'De access token is niet uitgegeven aan de afnemer van dit TLS-certificaat');
    if (!token.roles.includes('cbs') || !token.scopes.includes('read')) throw new ProblemError('fsc-geen-toegang', 'De access token geeft geen toegang tot de DDAS-gegevens (rol cbs en scope read vereist)');
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const digest = readBodyDigest(request.headers, body);
    const now = deps.clock();
    const { kid } = verifyChainSignature({
      headerValues: headerValues(request.raw.rawHeaders, payloadSignatureHeader), digestValue: digest, anchors: ddas.anchors, crls: ddas.crls?.(), oin, now, windowSeconds: deps.signatureWindowSeconds,
    });
    const parsed = gegevensRequestSchema.safeParse(parseJson(body));
    if (!parsed.success) {
      throw new ProblemError('ongeldige-invoer', 'Het verzoek is geen geldig GegevensRequest', {
        errors: parsed.error.issues.flatMap((i) => i.code === 'unrecognized_keys'
          ? i.keys.map((k) => ({ pointer: `/${[...i.path, k].join('/')}`, code: 'onbekend-veld', detail: 'Dit veld is niet toegestaan (additionalProperties: false)' }))
          : [{ pointer: `/${i.path.join('/')}`, code: 'ongeldig', detail: i.message }]),
      });
    }
    const pulled = await pullPage(deps, {
      oin, consumer, development: ddas.development, request: parsed.data, trace: request.trace, kid, fscTransactionId: fscTransactionId(request),
    });
    return reply
      .code(200)
      .header('Digest', pulled.digest)
      .header(payloadSignatureHeader, signWithChain(ddas.signer, pulled.digest, deps.clock()))
      .header('Content-Length', String(pulled.length))
      .type('application/json; charset=utf-8')
      .send(Readable.from(pulled.chunks));
  });
}
