import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../../src/config/config.js';
import { ensureDevMaterial } from '../../../src/config/dev-material.js';
import { loadPartnerRegistry } from '../../../src/partners/registry.js';
import { x5tS256 } from '../../../src/pki/thumbprint.js';

const dirs: string[] = [];
const freshConfig = (env: Record<string, string> = {}): Config => {
  const dir = mkdtempSync(join(tmpdir(), 'vs-dev-'));
  dirs.push(dir);
  return loadConfig({ VROEGSIGNAAL_HOME: dir, ...env });
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every file under the home with its bytes and mtime, to prove a second run touches nothing. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(root, path)] = `${statSync(path).mtimeMs}:${readFileSync(path, 'base64')}`;
  }
  return out;
}
const mode = (path: string) => statSync(path).mode & 0o777;

describe('ensureDevMaterial', () => {
  let config: Config;
  let first: string[];
  const logged: string[] = [];

  beforeAll(async () => {
    config = freshConfig();
    first = (await ensureDevMaterial(config, (line) => logged.push(line))).created;
  });

  it('makes the CA, server certificate, gateway client certificate, receipt key, DDAS signing certificate and two demo partners on first run', () => {
    expect(first).toHaveLength(7);
    expect(logged).toHaveLength(7);
    const home = config.home;
    const ca = new X509Certificate(readFileSync(home.caCert));
    const server = new X509Certificate(readFileSync(home.serverCert));
    expect(ca.ca).toBe(true);
    expect(server.checkIssued(ca) && server.verify(ca.publicKey)).toBe(true);
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkIP('::1')).toBe('::1');
    expect(createPrivateKey(readFileSync(home.receiptKey)).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    // The client certificate of outgoing deliveries: clientAuth only, the gateway's OIN, from the CA, with its key.
    const client = new X509Certificate(readFileSync(config.notify.clientCert));
    expect(client.checkIssued(ca) && client.verify(ca.publicKey)).toBe(true);
    expect(client.subject).toContain(`serialNumber=${config.notify.gatewayOin}`);
    expect(client.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(client.checkPrivateKey(createPrivateKey(readFileSync(config.notify.clientKey)))).toBe(true);
    // The DDAS answer-signing certificate: RSA (PS256), issued by the CA, its chain after it.
    const chain = readFileSync(home.ddasSigningCert, 'utf8').match(/-----BEGIN CERTIFICATE-----/g);
    expect(chain).toHaveLength(2);
    const ddas = new X509Certificate(readFileSync(home.ddasSigningCert));
    expect(ddas.checkIssued(ca) && ddas.verify(ca.publicKey)).toBe(true);
    expect(ddas.checkPrivateKey(createPrivateKey(readFileSync(home.ddasSigningKey)))).toBe(true);
  });

  it('keeps every private key owner-only', () => {
    const home = config.home;
    const keys = [home.caKey, home.serverKey, home.clientKey, home.receiptKey, home.ddasSigningKey, ...['huur', 'energie'].flatMap((d) => [join(home.partnersDir, d, 'client.key'), join(home.partnersDir, d, 'signing.key')])];
    for (const key of keys) expect(mode(key), key).toBe(0o600);
  });

  it('registers the demo partners with their files under partnersDir', () => {
    const registry = loadPartnerRegistry(config.partnerRegistry);
    expect(registry.all()).toEqual([
      { oin: '00000099000000001000', naam: 'Woonstichting Demo', type: 'Huur' },
      { oin: '00000099000000002000', naam: 'Energie Demo B.V.', type: 'Energie' },
    ]);
    for (const [dir, oin] of [['huur', '00000099000000001000'], ['energie', '00000099000000002000']] as const) {
      const partnerDir = join(config.home.partnersDir, dir);
      expect(readdirSync(partnerDir).sort()).toEqual(['ca.crt', 'client.crt', 'client.key', 'signing.crt', 'signing.key']);
      const kid = x5tS256(readFileSync(join(partnerDir, 'signing.crt')));
      expect(registry.signingKey(oin, { kid })?.alg).toBe('PS256');
      expect(new X509Certificate(readFileSync(join(partnerDir, 'client.crt'))).subject).toContain(`serialNumber=${oin}`);
    }
  });

  it('creates nothing and changes no file on a second run', async () => {
    const before = snapshot(config.home.root);
    const second = await ensureDevMaterial(config);
    expect(second.created).toEqual([]);
    expect(snapshot(config.home.root)).toEqual(before);
  });

  it('reissues what depends on the CA when the CA is replaced', async () => {
    rmSync(join(config.home.root, 'ca'), { recursive: true });
    const receiptBefore = readFileSync(config.home.receiptKey, 'utf8');
    const { created } = await ensureDevMaterial(config);
    expect(created.map((c) => c.split(' ')[0])).toEqual(['ontwikkel-CA', 'servercertificaat', 'clientcertificaat', 'DDAS-ondertekencertificaat', 'demo-signaalpartner', 'demo-signaalpartner']);
    expect(readFileSync(config.home.receiptKey, 'utf8')).toBe(receiptBefore);
    const ca = new X509Certificate(readFileSync(config.home.caCert));
    expect(new X509Certificate(readFileSync(config.home.serverCert)).checkIssued(ca)).toBe(true);
    expect((await ensureDevMaterial(config)).created).toEqual([]);
  });
});

describe('ensureDevMaterial with RECEIPT_ALG=PS256', () => {
  it('makes an RSA receipt key', async () => {
    const config = freshConfig({ RECEIPT_ALG: 'PS256' });
    await ensureDevMaterial(config);
    expect(createPrivateKey(readFileSync(config.receipt.keyPath)).asymmetricKeyType).toBe('rsa');
  });
});
