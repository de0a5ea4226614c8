import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDevCa, issueCertificate } from '../pki/certificates.js';
import { generateP256KeyPair, generateRsaKeyPair, writePrivateKeyFile, writePublicFile } from '../pki/keys.js';
import { x5tS256 } from '../pki/thumbprint.js';
import { addPartner, partnerFiles } from '../partners/add.js';
import { readRegistryEntries } from '../partners/registry.js';
import { devGatewayOin, type Config } from './config.js';

/** The two demo signaalpartners of a fresh development home (test OINs, prefix 00000099). */
export const demoPartners = [
  { dir: 'huur', oin: '00000099000000001000', naam: 'Woonstichting Demo', type: 'Huur' },
  { dir: 'energie', oin: '00000099000000002000', naam: 'Energie Demo B.V.', type: 'Energie' },
] as const;

const readText = (path: string) => readFileSync(path, 'utf8');

/** Whether `certPath` exists and was signed by this CA: after a new CA, the old leaves are useless. */
function issuedBy(certPath: string, ca: X509Certificate): boolean {
  if (!existsSync(certPath)) return false;
  try {
    const cert = new X509Certificate(readText(certPath));
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}

/** All five files present, certificates from this CA, and the signing key still registered. */
function demoPartnerIntact(dir: string, oin: string, ca: X509Certificate, registryPath: string): boolean {
  if (!partnerFiles.every((f) => existsSync(join(dir, f)))) return false;
  if (!issuedBy(join(dir, 'client.crt'), ca) || !issuedBy(join(dir, 'signing.crt'), ca)) return false;
  const kid = x5tS256(readText(join(dir, 'signing.crt')));
  const entry = readRegistryEntries(registryPath).find((p) => p.oin === oin);
  return entry?.signingKeys.some((k) => k['x5t#S256'] === kid) ?? false;
}

/**
 * The gateway's TLS client certificate (clientAuth, subject serialNumber = the gateway's OIN),
 * issued by the development CA, for the mutual TLS of outgoing deliveries. Made when missing or
 * no longer issued by this CA; true when made.
 */
export function ensureGatewayClientCertificate(config: Config, caCertPem: string, caKeyPem: string, ca = new X509Certificate(caCertPem)): boolean {
  const { clientCert, clientKey, gatewayOin } = config.notify;
  if (existsSync(clientKey) && issuedBy(clientCert, ca)) return false;
  const keys = generateRsaKeyPair();
  const cert = issueCertificate({
    caCertPem, caKeyPem, usage: 'client', publicKeyPem: keys.publicKeyPem,
    subject: { commonName: 'vroegsignaal gateway', organizationName: 'vroegsignaal (ontwikkeling)', ...(gatewayOin ? { serialNumber: gatewayOin } : {}) },
  });
  writePrivateKeyFile(clientKey, keys.privateKeyPem);
  writePublicFile(clientCert, cert);
  return true;
}

/**
 * Development keys and certificates under the home, made once and reused: a second run creates
 * nothing and touches no file. Anything missing, or no longer issued by the current CA, is made
 * anew. Never called when explicit key paths point at managed material (config.generateDevMaterial).
 * Per-municipality keys are not made here but by ensureMunicipalKeys (src/privacy).
 */
export async function ensureDevMaterial(config: Config, log: (line: string) => void = () => undefined): Promise<{ created: string[] }> {
  const home = config.home;
  const created: string[] = [];
  const made = (what: string) => {
    created.push(what);
    log(`aangemaakt: ${what}`);
  };

  if (!existsSync(home.caCert) || !existsSync(home.caKey)) {
    const ca = createDevCa();
    writePrivateKeyFile(home.caKey, ca.keyPem);
    writePublicFile(home.caCert, ca.certPem);
    made(`ontwikkel-CA (${home.caCert})`);
  }
  const caCertPem = readText(home.caCert);
  const caKeyPem = readText(home.caKey);
  const ca = new X509Certificate(caCertPem);

  if (!existsSync(home.serverKey) || !issuedBy(home.serverCert, ca)) {
    const keys = generateRsaKeyPair();
    const cert = issueCertificate({
      caCertPem, caKeyPem, usage: 'server', publicKeyPem: keys.publicKeyPem,
      subject: { commonName: 'localhost', organizationName: 'vroegsignaal (ontwikkeling)' },
      dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'],
    });
    writePrivateKeyFile(home.serverKey, keys.privateKeyPem);
    writePublicFile(home.serverCert, cert);
    made(`servercertificaat (${home.serverCert})`);
  }

  if (ensureGatewayClientCertificate(config, caCertPem, caKeyPem, ca)) made(`clientcertificaat van de gateway voor terugmeldingen en gebeurtenissen (${config.notify.clientCert})`);

  if (!existsSync(config.receipt.keyPath)) {
    const keys = config.receipt.alg === 'ES256' ? generateP256KeyPair() : generateRsaKeyPair();
    writePrivateKeyFile(config.receipt.keyPath, keys.privateKeyPem);
    made(`ontvangstbewijssleutel ${config.receipt.alg} (${config.receipt.keyPath})`);
  }

  // The DDAS pull API's answer-signing certificate (PS256), with the chain up to the CA.
  const ddas = config.ddas;
  if (!existsSync(ddas.signingKey) || !issuedBy(ddas.signingCert, ca)) {
    const keys = generateRsaKeyPair();
    const cert = issueCertificate({
      caCertPem, caKeyPem, usage: 'signing', publicKeyPem: keys.publicKeyPem,
      subject: { commonName: 'vroegsignaal DDAS (ontwikkeling)', organizationName: 'vroegsignaal (ontwikkeling)', serialNumber: config.notify.gatewayOin ?? devGatewayOin },
    });
    writePrivateKeyFile(ddas.signingKey, keys.privateKeyPem);
    writePublicFile(ddas.signingCert, cert + caCertPem);
    made(`DDAS-ondertekencertificaat PS256 (${ddas.signingCert})`);
  }

  for (const demo of demoPartners) {
    const outDir = join(home.partnersDir, demo.dir);
    if (demoPartnerIntact(outDir, demo.oin, ca, config.partnerRegistry)) continue;
    // overwrite: a half-made demo directory is ours to replace; the registry keeps old keys.
    addPartner({ registryPath: config.partnerRegistry, caCertPem, caKeyPem, oin: demo.oin, naam: demo.naam, type: demo.type, outDir, overwrite: true });
    made(`demo-signaalpartner ${demo.type} ${demo.oin} (${outDir})`);
  }
  return { created };
}
