import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemCatalogue, problemType, type ProblemCode } from '../errors/catalogue.js';
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

export function sendProblem(reply: FastifyReply, err: ProblemError): FastifyReply {
  if (err.headers) reply.headers(err.headers);
  return reply
    .code(err.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(problemBody(err, reply.request)));
}

export function problem(code: ProblemCode, detail?: string): ProblemError {
  return new ProblemError(code, detail);
}
