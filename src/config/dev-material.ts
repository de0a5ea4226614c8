import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDevCa, issueCertificate } from '../pki/certificates.js';
import { generateP256KeyPair, generateRsaKeyPair, writePrivateKeyFile, writePublicFile } from '../pki/keys.js';
import { addPartner } from '../partners/add.js';
import { readRegistryEntries } from '../partners/registry.js';
import type { Config } from './config.js';

/** The two demo signaalpartners of a fresh development home (test OINs, prefix 00000099). */
export const demoPartners = [
  { dir: 'huur', oin: '00000099000000001000', naam: 'Woonstichting Demo', type: 'Huur' },
  { dir: 'energie', oin: '00000099000000002000', naam: 'Energie Demo B.V.', type: 'Energie' },
] as const;

/**
 * Development keys and certificates, made once and reused: a second run creates nothing and
 * touches no file. Never called when explicit key paths point at managed material.
 */
export async function ensureDevMaterial(config: Config): Promise<{ created: string[] }> {
  const home = config.home;
  const created: string[] = [];
  if (!existsSync(home.caCert) || !existsSync(home.caKey)) {
    const ca = createDevCa();
    writePrivateKeyFile(home.caKey, ca.keyPem);
    writePublicFile(home.caCert, ca.certPem);
    created.push(`ontwikkel-CA (${home.caCert})`);
  }
  const caCertPem = readFileSync(home.caCert, 'utf8');
  const caKeyPem = readFileSync(home.caKey, 'utf8');

  if (!existsSync(home.serverCert) || !existsSync(home.serverKey)) {
    const keys = generateRsaKeyPair();
    const cert = issueCertificate({
      caCertPem, caKeyPem, usage: 'server', publicKeyPem: keys.publicKeyPem,
      subject: { commonName: 'localhost', organizationName: 'vroegsignaal (ontwikkeling)' },
      dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'],
    });
    writePrivateKeyFile(home.serverKey, keys.privateKeyPem);
    writePublicFile(home.serverCert, cert);
    created.push(`servercertificaat (${home.serverCert})`);
  }

  if (!existsSync(config.receipt.keyPath)) {
    const keys = config.receipt.alg === 'ES256' ? generateP256KeyPair() : generateRsaKeyPair();
    writePrivateKeyFile(config.receipt.keyPath, keys.privateKeyPem);
    created.push(`ontvangstbewijssleutel ${config.receipt.alg} (${config.receipt.keyPath})`);
  }

  const registered = new Set(readRegistryEntries(config.partnerRegistry).map((p) => p.oin));
  for (const demo of demoPartners) {
    const outDir = join(home.partnersDir, demo.dir);
    if (registered.has(demo.oin) && existsSync(join(outDir, 'signing.key'))) continue;
    addPartner({ registryPath: config.partnerRegistry, caCertPem, caKeyPem, oin: demo.oin, naam: demo.naam, type: demo.type, outDir });
    created.push(`demo-signaalpartner ${demo.type} ${demo.oin} (${outDir})`);
  }
  return { created };
}
