import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../errors/problem.js';
import type { Partner, PartnerRegistry } from '../partners/registry.js';
import { oinFromSubjectSerialNumber } from '../pki/oin.js';

/**
 * The OIN of the calling organisation, from a client certificate that chains to a trusted CA.
 * The TLS layer asks for a certificate but does not insist, so that bearer-token callers share
 * the listener; partner routes insist here, with a 401 problem instead of a dropped handshake.
 */
export function clientOin(request: FastifyRequest): string {
  return clientCertificate(request).oin;
}

/**
 * The registered signaalpartner behind this connection. A CA may issue a certificate for any
 * OIN, so when the partner's registry entry lists its TLS certificates, only those speak for it;
 * an entry that lists none is known by OIN alone, as before pinning existed.
 */
export function registeredPartner(request: FastifyRequest, registry: PartnerRegistry): Partner {
  const { oin, x5tS256 } = clientCertificate(request);
  const partner = registry.byOin(oin);
  if (!partner) throw new ProblemError('partner-onbekend', 'Dit certificaat hoort bij geen geregistreerde signaalpartner');
  if (!registry.acceptsTlsCertificate(oin, x5tS256)) {
    throw new ProblemError('certificaat-onbekend', 'Dit TLS-clientcertificaat staat niet in de registratie van deze signaalpartner; gebruik het geregistreerde certificaat of laat dit registreren');
  }
  return partner;
}

interface ClientCertificate {
  oin: string;
  /** x5t#S256 of the certificate as presented. */
  x5tS256: string;
}

function clientCertificate(request: FastifyRequest): ClientCertificate {
  const socket = request.raw.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) {
    throw new ProblemError('certificaat-ontbreekt', 'Een geldig TLS-clientcertificaat is vereist');
  }
  const certificate = socketCertificate(socket);
  if (!certificate) throw new ProblemError('certificaat-ontbreekt', 'Het clientcertificaat bevat geen OIN in subject.serialNumber');
  return certificate;
}

/**
 * A connection's certificate cannot change (renegotiation is off; TLS 1.3 has none), so it is
 * read once per connection: getPeerCertificate builds a fresh object on every call, which cost
 * more than a keep-alive request's whole routing.
 */
const certificateBySocket = new WeakMap<TLSSocket, ClientCertificate | null>();

function socketCertificate(socket: TLSSocket): ClientCertificate | null {
  let certificate = certificateBySocket.get(socket);
  if (certificate === undefined) {
    const peer = socket.getPeerCertificate();
    const oin = oinFromSubjectSerialNumber(peer.subject?.serialNumber);
    certificate = oin ? { oin, x5tS256: createHash('sha256').update(peer.raw).digest('base64url') } : null;
    certificateBySocket.set(socket, certificate);
  }
  return certificate;
}
