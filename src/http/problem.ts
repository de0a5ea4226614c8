import type { FastifyReply, FastifyRequest } from 'fastify';
import { fscCode, problemCatalogue, problemType, type ProblemCode } from '../errors/catalogue.js';
import { ProblemError, type ProblemBody } from '../errors/problem.js';

export function problemBody(err: ProblemError, request: FastifyRequest): ProblemBody {
  const body: ProblemBody = {
    type: problemType(err.code),
    title: problemCatalogue[err.code].title,
    status: err.status,
    detail: err.message,
    code: err.code,
    // The path only: a query string may one day carry something it should not, and
    // ADR forbids sensitive data in URIs anyway.
    instance: request.url.split('?')[0]!,
  };
  if (err.errors && err.errors.length > 0) body.errors = err.errors;
  return body;
}

/**
 * An FSC error (FSC Core 1.0.0, as DDAS-VS.yaml's FscError): `code` is the ERROR_CODE_…, `domain`
 * says the Inway (here: the gateway as the service's provider) refused; the RFC 9457 members stay.
 */
export function fscBody(err: ProblemError, request: FastifyRequest, fsc: string) {
  return { ...problemBody(err, request), code: fsc, domain: 'ERROR_DOMAIN_INWAY' as const };
}

export function sendProblem(reply: FastifyReply, err: ProblemError): FastifyReply {
  if (err.headers) reply.headers(err.headers);
  const fsc = fscCode(err.code);
  if (fsc) {
    reply.header('Fsc-Error-Code', fsc);
    if (err.status === 401) reply.header('WWW-Authenticate', 'Bearer');
  }
  return reply
    .code(err.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(fsc ? fscBody(err, reply.request, fsc) : problemBody(err, reply.request)));
}

export function problem(code: ProblemCode, detail?: string): ProblemError {
  return new ProblemError(code, detail);
}
