import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { ensureDevMaterial } from '../../../src/config/dev-material.js';
import { createDevCa, issueCertificate } from '../../../src/pki/certificates.js';
import { generateRsaKeyPair } from '../../../src/pki/keys.js';
import { oinFromSubjectSerialNumber } from '../../../src/pki/oin.js';

interface Seen { authorized: boolean; oin: string | undefined }

const dir = mkdtempSync(join(tmpdir(), 'vs-tls-'));
const config = loadConfig({ VROEGSIGNAAL_HOME: dir });
let server: Server;
let port: number;

beforeAll(async () => {
  await ensureDevMaterial(config);
  // As the gateway does: ask for a client certificate against the dev CA, decide per route.
  server = createServer({
    key: readFileSync(config.home.serverKey), cert: readFileSync(config.home.serverCert), ca: readFileSync(config.home.caCert),
    requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2',
  }, (req, res) => {
    const socket = req.socket as TLSSocket;
    const seen: Seen = { authorized: socket.authorized, oin: oinFromSubjectSerialNumber(socket.getPeerCertificate().subject?.serialNumber) };
    res.end(JSON.stringify(seen));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function call(client: { cert?: Buffer | string; key?: Buffer | string }): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', servername: 'localhost', port, path: '/', ca: readFileSync(config.home.caCert), ...client }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve(JSON.parse(body) as Seen));
    });
    req.on('error', reject).end();
  });
}

describe('mutual TLS with the development PKI', () => {
  it('authorises the demo partner and reads its OIN from the client certificate', async () => {
    const partnerDir = join(config.home.partnersDir, 'huur');
    const seen = await call({ cert: readFileSync(join(partnerDir, 'client.crt')), key: readFileSync(join(partnerDir, 'client.key')) });
    expect(seen).toEqual({ authorized: true, oin: '00000099000000001000' });
  });

  it('does not authorise a client certificate from another CA, even with a valid-looking OIN', async () => {
    const otherCa = createDevCa();
    const keys = generateRsaKeyPair();
    const cert = issueCertificate({ caCertPem: otherCa.certPem, caKeyPem: otherCa.keyPem, usage: 'client', publicKeyPem: keys.publicKeyPem,
      subject: { commonName: 'Indringer', serialNumber: '00000099000000001000' } });
    const seen = await call({ cert, key: keys.privateKeyPem });
    expect(seen.authorized).toBe(false);
  });

  it('verifies the server as localhost against the dev CA', async () => {
    const seen = await call({});
    expect(seen).toEqual({ authorized: false, oin: undefined });
  });
});
