import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate } from '../../src/pki/certificates.js';
import { generateRsaKeyPair } from '../../src/pki/keys.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest, postSigned, type PartnerCredentials } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

/** The same partner's files, but with a second TLS client certificate for its OIN from the same trusted CA. */
function withSecondCertificate(creds: PartnerCredentials, oin: string): PartnerCredentials {
  const keys = generateRsaKeyPair();
  const cert = issueCertificate({
    caCertPem: readFileSync(join(gw.home, 'ca', 'ca.crt'), 'utf8'),
    caKeyPem: readFileSync(join(gw.home, 'ca', 'ca.key'), 'utf8'),
    subject: { commonName: 'Tweede certificaat', organizationName: 'Tweede certificaat', serialNumber: oin },
    publicKeyPem: keys.publicKeyPem,
    usage: 'client',
  });
  return { ...creds, cert: Buffer.from(cert), key: Buffer.from(keys.privateKeyPem) };
}

const registryPath = () => join(gw.home, 'partners.json');

describe('TLS client certificates registered with a partner are pinned', () => {
  it('a partner whose entry lists its TLS certificates: another certificate for the same OIN from the trusted CA gets 401', async () => {
    const entry = (JSON.parse(readFileSync(registryPath(), 'utf8')) as { partners: Array<{ oin: string; tlsCertificates: string[] }> }).partners.find((p) => p.oin === '00000099000000001000')!;
    expect(entry.tlsCertificates.length).toBeGreaterThan(0);

    const registered = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
    expect(registered.status).toBe(202);

    const other = withSecondCertificate(gw.huur, '00000099000000001000');
    const refused = await postSigned(gw.url, '/v1/vroegsignalen', other, exampleSignal(), { now: gw.clock.now });
    expect(refused.status).toBe(401);
    expect(refused.json.code).toBe('certificaat-onbekend');
    const batch = await postSigned(gw.url, '/v1/vroegsignalen/_batch', other, [exampleSignal()], { now: gw.clock.now });
    expect(batch.status).toBe(401);
    const status = await httpsRequest(gw.url, `/v1/vroegsignalen/${registered.json.signaalId}`, { creds: other });
    expect(status.status).toBe(401);
    expect(status.json.code).toBe('certificaat-onbekend');
    const receipt = await httpsRequest(gw.url, `/v1/vroegsignalen/${registered.json.signaalId}/ontvangstbewijs`, { creds: other });
    expect(receipt.status).toBe(401);
    // The registered certificate still reads its own signal.
    expect((await httpsRequest(gw.url, `/v1/vroegsignalen/${registered.json.signaalId}`, { creds: gw.huur })).status).toBe(200);
  });

  it('a partner whose entry lists no TLS certificates is known by OIN alone, as before', async () => {
    const registry = JSON.parse(readFileSync(registryPath(), 'utf8')) as { partners: Array<{ oin: string; tlsCertificates?: string[] }> };
    const energie = registry.partners.find((p) => p.oin === '00000099000000002000')!;
    delete energie.tlsCertificates;
    const temp = `${registryPath()}.tmp`;
    writeFileSync(temp, JSON.stringify(registry, null, 2));
    renameSync(temp, registryPath());

    const other = withSecondCertificate(gw.energie, '00000099000000002000');
    const res = await postSigned(gw.url, '/v1/vroegsignalen', other, exampleSignal({ signaalpartner: 'Energie' }), { now: gw.clock.now });
    expect(res.status).toBe(202);
  });
});
