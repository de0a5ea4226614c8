import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError, type Violation } from '../../errors/problem.js';
import { problemCatalogue, problemType, type ProblemCode } from '../../errors/catalogue.js';
import { InvalidCursorError } from '../../audit/query.js';
import { PolicyBundleError } from '../../policy/load.js';
import { MissingMunicipalKeysError } from '../../privacy/keystore.js';
import { PseudonymInputError } from '../../privacy/pseudonym.js';
import { redisFailure } from '../../redis/failure.js';
import { ReplicaShortfallError } from '../../redis/replicas.js';
import { apiVersion } from '../api-version.js';
import { sendProblem } from '../problem.js';

/** Fastify's own errors by code, mapped into the catalogue so they answer in problem+json too. */
const fastifyCodes: Record<string, ProblemCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'mediatype-niet-ondersteund',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ongeldige-invoer',
  FST_ERR_CTP_BODY_TOO_LARGE: 'te-groot',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ongeldige-json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'ongeldige-json',
  FST_ERR_VALIDATION: 'ongeldige-invoer',
};

const statusCodes: Record<number, ProblemCode> = {
  400: 'ongeldige-invoer',
  404: 'niet-gevonden',
  405: 'methode-niet-toegestaan',
  406: 'niet-acceptabel',
  413: 'te-groot',
  415: 'mediatype-niet-ondersteund',
  429: 'te-veel-verzoeken',
  503: 'tijdelijk-niet-beschikbaar',
};

/**
 * The domain's typed errors that are the caller's business, as their catalogue problem. Typed
 * errors not named here (a key file, a blob that will not decrypt, the partner registry) are
 * faults of the gateway: they stay a 500 and go to the log.
 */
export function problemForTypedError(error: Error): ProblemError | undefined {
  // An identity too thin to recognise a person by (AVG access and erasure requests).
  if (error instanceof PseudonymInputError && error.fields.length > 0) {
    const errors: Violation[] = error.fields.map((pointer) => ({ pointer, code: 'ontbreekt-of-ongeldig', detail: error.message }));
    return new ProblemError('ongeldige-invoer', 'De identiteit is onvolledig: geef een geboortedatum (JJJJ-MM-DD) of een adres', { errors });
  }
  // The gemeentecode came from the caller's token; the gateway holds nothing for it.
  if (error instanceof MissingMunicipalKeysError) {
    return new ProblemError('gemeente-onbekend', `Gemeente ${error.gemeentecode} is niet aangesloten bij deze gateway`);
  }
  // Stored on the primary, not yet on enough replicas: a failover now could lose it. The same
  // request again is safe (idempotent) and answers once the replicas have it.
  if (error instanceof ReplicaShortfallError) {
    return new ProblemError('replicas-niet-bevestigd', `Mogelijk opgeslagen: ${error.message}. Herhaal het verzoek met hetzelfde id (dat is veilig)`, { headers: { 'Retry-After': '2' } });
  }
  if (error instanceof InvalidCursorError) {
    return new ProblemError('ongeldige-invoer', 'Ongeldige cursor', { errors: [{ pointer: '/cursor', code: 'ongeldig', detail: 'gebruik de waarde van volgende' }] });
  }
  // Only a reload asked for over HTTP brings a bundle error here (a bad bundle at start stops the start).
  if (error instanceof PolicyBundleError) {
    return new ProblemError('beleid-ongeldig', 'De nieuwe beleidsbundel is geweigerd; de vorige blijft gelden', { errors: error.problems.map(bundleViolation) });
  }
  return undefined;
}

/** `signaalpartners.yaml: types.Huur.toegestaan: …` → pointer `/signaalpartners.yaml/types/Huur/toegestaan`. */
function bundleViolation(line: string): Violation {
  const match = /^([\w.-]+\.yaml): ([^:\s]+): /.exec(line);
  const pointer = match ? `/${match[1]}${match[2] === '(bestand)' ? '' : '/' + match[2]!.split('.').join('/')}` : '';
  return { pointer, code: 'beleid-ongeldig', detail: line };
}

interface RoutePattern {
  method: string;
  pattern: RegExp;
}

/**
 * Any error as the catalogue problem the caller sees. Known client errors keep their meaning;
 * anything else is logged here (keyed by reqId) and becomes a 500 or 503 that says nothing about
 * internals. The API answers it as problem+json, the Werkplek as a page.
 */
export function problemFor(error: FastifyError | Error, request: FastifyRequest): ProblemError {
  if (error instanceof ProblemError) return error;
  const fastifyError = error as FastifyError;
  const code = (fastifyError.code && fastifyCodes[fastifyError.code]) || (fastifyError.statusCode ? statusCodes[fastifyError.statusCode] : undefined);
  if (code) return new ProblemError(code);
  const typed = problemForTypedError(error);
  if (typed) return typed;
  const redis = redisFailure(error);
  if (redis === 'unavailable') {
    request.log.error({ err: { type: error.name, message: error.message } }, 'opslag niet beschikbaar');
    return new ProblemError('tijdelijk-niet-beschikbaar', 'Mogelijk niet opgeslagen; herhaal het verzoek met hetzelfde id (dat is veilig)', { headers: { 'Retry-After': '5' } });
  }
  if (redis === 'bug') {
    // Redis refused what we sent (a Lua script that errors, a key of the wrong type): a defect
    // in the gateway or its data, not a passing outage. Retrying cannot help, so no 503.
    request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'FOUT IN REDIS-SCRIPT OF -COMMANDO (bug): Redis weigerde de opdracht');
    return new ProblemError('interne-fout', 'Er ging iets mis; probeer het later opnieuw');
  }
  request.log.error({ err: { type: error.name, code: fastifyError.code, message: error.message, stack: error.stack } }, 'onverwachte fout');
  return new ProblemError(fastifyError.statusCode === 503 ? 'tijdelijk-niet-beschikbaar' : 'interne-fout', 'Er ging iets mis; probeer het later opnieuw');
}

/**
 * Every error leaves as RFC 9457 problem+json. Paths outside the API on a listener that serves the Werkplek
 * get its Dutch 404 page instead (`werkplekNotFound`, decorated by the Werkplek).
 */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  const routes: RoutePattern[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const pattern = new RegExp('^' + route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[^/]+/g, '[^/]+') + '$');
    for (const method of methods) routes.push({ method, pattern });
  });

  app.setErrorHandler((error: FastifyError | ProblemError, request, reply) => sendProblem(reply, problemFor(error, request)));

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))].filter((m) => m !== 'HEAD');
    if (allowed.length > 0) {
      reply.header('Allow', allowed.join(', '));
      return sendProblem(reply, new ProblemError('methode-niet-toegestaan', `Toegestaan: ${allowed.join(', ')}`));
    }
    if (!path.startsWith('/v1/') && app.hasDecorator('werkplekNotFound')) return app.werkplekNotFound(request, reply);
    return sendProblem(reply, new ProblemError('niet-gevonden', 'Deze resource bestaat niet'));
  });
});

declare module 'fastify' {
  interface FastifyInstance {
    /** The Werkplek's 404 page, on the staff listener only (web/werkplek.ts). */
    werkplekNotFound: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
  }
}

/**
 * The ADR headers of every answer (security-headers.ts), for the two kinds of answer below that
 * no route hook sees.
 */
const adrHeaders: Record<string, string> = {
  'API-Version': apiVersion,
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none';frame-ancestors 'none'",
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

/**
 * Errors fastify meets before any route runs (a URL that is not valid percent-encoding, a path
 * parameter over its maximum length): problem+json like everything else, not fastify's own
 * JSON. A parameter that long names no signal, case or record, hence 404.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const code: ProblemCode = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'niet-gevonden' : error.code === 'FST_ERR_BAD_URL' ? 'ongeldige-invoer' : 'interne-fout';
  const detail = code === 'niet-gevonden' ? 'Deze resource bestaat niet' : code === 'ongeldige-invoer' ? 'De URL is ongeldig' : 'Er ging iets mis; probeer het later opnieuw';
  reply.headers(adrHeaders);
  sendProblem(reply, new ProblemError(code, detail));
}

/**
 * A request Node's HTTP parser refuses (conflicting Content-Length, Transfer-Encoding with
 * Content-Length, malformed header lines, headers over the size limit, a timeout) never reaches
 * fastify: the answer is written to the socket, which then closes so nothing after it is read
 * as another request. It is problem+json with the ADR headers too, instead of fastify's
 * default `{"error": …}`.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ProblemCode = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'verzoek-verlopen' : error.code === 'HPE_HEADER_OVERFLOW' ? 'headers-te-groot' : 'ongeldige-invoer';
  const { status, title } = problemCatalogue[code];
  const detail = code === 'ongeldige-invoer' ? 'Het HTTP-verzoek is misvormd' : title;
  const body = JSON.stringify({ type: problemType(code), title, status, detail, code });
  if (socket.writable) {
    socket.write([
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
      'Content-Type: application/problem+json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      ...Object.entries(adrHeaders).map(([name, value]) => `${name}: ${value}`),
      '',
      body,
    ].join('\r\n'));
  }
  socket.destroy(error);
}
