import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../errors/problem.js';
import { oinFromSubjectSerialNumber } from '../pki/oin.js';

/**
 * The OIN of the calling organisation, from a client certificate that chains to a trusted CA.
 * The TLS layer asks for a certificate but does not insist, so that bearer-token callers share
 * the listener; partner routes insist here, with a 401 problem instead of a dropped handshake.
 */
export function clientOin(request: FastifyRequest): string {
  const socket = request.raw.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) {
    throw new ProblemError('certificaat-ontbreekt', 'Een geldig TLS-clientcertificaat is vereist');
  }
  const oin = socketOin(socket);
  if (!oin) throw new ProblemError('certificaat-ontbreekt', 'Het clientcertificaat bevat geen OIN in subject.serialNumber');
  return oin;
}

/**
 * A connection's certificate cannot change (renegotiation is off; TLS 1.3 has none), so it is
 * read once per connection: getPeerCertificate builds a fresh object on every call, which cost
 * more than a keep-alive request's whole routing.
 */
const oinBySocket = new WeakMap<TLSSocket, string | null>();

function socketOin(socket: TLSSocket): string | null {
  let oin = oinBySocket.get(socket);
  if (oin === undefined) {
    oin = oinFromSubjectSerialNumber(socket.getPeerCertificate().subject?.serialNumber) ?? null;
    oinBySocket.set(socket, oin);
  }
  return oin;
}
