import { sign } from 'node:crypto';
import forge from 'node-forge';

/** A CRL (PEM) as a CA publishes one, signed with SHA-256 by the CA's RSA key: the development CA's (bench, tests). */
export function issueCrl(input: { caCertPem: string; caKeyPem: string; revoked: string[]; thisUpdate: Date; nextUpdate: Date }): string {
  const { asn1 } = forge;
  const ca = forge.pki.certificateFromPem(input.caCertPem);
  const alg = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('1.2.840.113549.1.1.11').getBytes()),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
  ]);
  const time = (d: Date) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(d));
  const revoked = input.revoked.map((serialHex) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, forge.util.hexToBytes(serialHex.length % 2 ? `0${serialHex}` : serialHex)),
    time(input.thisUpdate),
  ]));
  const tbs = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(1).getBytes()),
    alg,
    forge.pki.distinguishedNameToAsn1(ca.subject),
    time(input.thisUpdate),
    time(input.nextUpdate),
    ...(revoked.length > 0 ? [asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, revoked)] : []),
  ]);
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, input.caKeyPem);
  const list = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs, alg, asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, `\u0000${signature.toString('binary')}`),
  ]);
  const der = Buffer.from(asn1.toDer(list).getBytes(), 'binary').toString('base64');
  return `-----BEGIN X509 CRL-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END X509 CRL-----\n`;
}
