import { createServer, connect as tcpConnect, type Server } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { digestOf, httpsRequest, postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const bearer = async (sub: string) => `Bearer ${await issueDevToken(gw.home, { sub, gemeentecode: '1696', roles: ['schuldhulpverlener'], now: gw.clock.now })}`;

/**
 * The TLS 1.2 handshake messages a server sends, as message types (RFC 5246 §7.4: 2 ServerHello,
 * 11 Certificate, 12 ServerKeyExchange, 13 CertificateRequest, 14 ServerHelloDone). In TLS 1.2
 * they travel in plaintext until ChangeCipherSpec, so a relay between client and gateway can read
 * what the gateway sent — whatever the TLS library on the client side makes of it.
 */
async function serverHandshakeTypes(url: string, clientCert?: { cert: Buffer; key: Buffer }): Promise<{ types: number[]; peerSubject: string; authorized: boolean }> {
  const target = new URL(url);
  const fromServer: Buffer[] = [];
  const relay: Server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port), target.hostname);
    upstream.on('data', (chunk: Buffer) => fromServer.push(chunk));
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = relay.address() as { port: number };
    const { peerSubject, authorized } = await new Promise<{ peerSubject: string; authorized: boolean }>((resolve, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca: gw.huur.ca, maxVersion: 'TLSv1.2', ...clientCert });
      socket.once('secureConnect', () => {
        const peer = socket.getPeerCertificate();
        resolve({ peerSubject: JSON.stringify(peer.subject ?? {}), authorized: socket.authorized });
        socket.end();
      });
      socket.once('error', reject);
    });
    const bytes = Buffer.concat(fromServer);
    const handshake: Buffer[] = [];
    for (let i = 0; i + 5 <= bytes.length;) {
      const type = bytes[i]!;
      const length = bytes.readUInt16BE(i + 3);
      if (type === 20) break; // ChangeCipherSpec: what follows is encrypted
      if (type === 22) handshake.push(bytes.subarray(i + 5, i + 5 + length));
      i += 5 + length;
    }
    const messages = Buffer.concat(handshake);
    const types: number[] = [];
    for (let j = 0; j + 4 <= messages.length; j += 4 + messages.readUIntBE(j + 1, 3)) types.push(messages[j]!);
    return { types, peerSubject, authorized };
  } finally {
    await new Promise<void>((resolve) => relay.close(() => resolve()));
  }
}

describe('the staff listener (STAFF_PORT): the staff API without a client-certificate request', () => {
  it('listens on its own port, apart from the partner listener', () => {
    expect(gw.staffUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(gw.staffUrl).port).not.toBe(new URL(gw.url).port);
  });

  it('its TLS handshake sends no CertificateRequest, and a client without a certificate gets through', async () => {
    const staff = await serverHandshakeTypes(gw.staffUrl);
    expect(staff.authorized).toBe(true);
    expect(staff.peerSubject).toContain('localhost');
    expect(staff.types).toContain(2); // ServerHello: the relay saw the handshake
    expect(staff.types).toContain(14); // ServerHelloDone: … all of the server's flight
    expect(staff.types).not.toContain(13);
    // Even a client that has a certificate is not asked for it.
    expect((await serverHandshakeTypes(gw.staffUrl, { cert: gw.huur.cert, key: gw.huur.key })).types).not.toContain(13);
    // The partner listener does ask (mutual TLS), which also shows the check above can see one.
    expect((await serverHandshakeTypes(gw.url)).types).toContain(13);
  });

  it('a worker claims a case there with a bearer token and no client certificate', async () => {
    const accepted = await postSigned(gw.url, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
    expect(accepted.status).toBe(202);
    const claimed = await httpsRequest(gw.staffUrl, '/v1/zaken/_oppakken', { method: 'POST', ca: gw.huur.ca, headers: [['Authorization', await bearer('anna')]] });
    expect(claimed.status).toBe(200);
    expect(claimed.json).toMatchObject({ status: 'opgepakt', opgepaktDoorMij: true });
    expect(claimed.json.signalen.map((s: { signaalId: string }) => s.signaalId)).toContain(accepted.json.signaalId);
    // The same services underneath: the partner's status answer on the partner listener knows of the claim…
    const status = await httpsRequest(gw.url, `/v1/vroegsignalen/${accepted.json.signaalId}`, { creds: gw.huur });
    expect(status.json.status).toBe('in behandeling');
    // …but that listener serves no staff API, even to a valid token with a client certificate.
    const onPartner = await httpsRequest(gw.url, `/v1/zaken/${claimed.json.zaakId}`, { creds: gw.huur, headers: [['Authorization', await bearer('anna')]] });
    expect(onPartner.status).toBe(404);
    expect(onPartner.json.code).toBe('niet-gevonden');
    // The request's log line names who asked (set by the authentication hook), not the case id.
    const lines = gw.logs.map((l) => JSON.parse(l) as { msg: string; route?: string; status?: number; sub?: string; gemeentecode?: string });
    expect(lines.find((l) => l.msg === 'verzoek' && l.route === '/v1/zaken/_oppakken' && l.status === 200)).toMatchObject({ sub: 'anna', gemeentecode: '1696' });
  });

  it('refuses a missing or bad token there as the API does (401 token-ongeldig)', async () => {
    const none = await httpsRequest(gw.staffUrl, '/v1/zaken/termijnen', { ca: gw.huur.ca });
    expect(none.status).toBe(401);
    expect(none.json.code).toBe('token-ongeldig');
  });

  it('has no intake: /v1/vroegsignalen is 404 there, with or without a client certificate', async () => {
    const body = JSON.stringify(exampleSignal());
    const headers: Array<[string, string]> = [['Content-Type', 'application/json'], ['Digest', digestOf(body)]];
    expect((await httpsRequest(gw.staffUrl, '/v1/vroegsignalen', { method: 'POST', ca: gw.huur.ca, body, headers })).status).toBe(404);
    const signed = await postSigned(gw.staffUrl, '/v1/vroegsignalen', gw.huur, exampleSignal(), { now: gw.clock.now });
    expect(signed.status).toBe(404);
    expect(signed.json.code).toBe('niet-gevonden');
    expect((await postSigned(gw.staffUrl, '/v1/vroegsignalen/_batch', gw.huur, [exampleSignal()], { now: gw.clock.now })).status).toBe(404);
    // The partner listener keeps mutual TLS for it: without a client certificate, 401.
    const partner = await httpsRequest(gw.url, '/v1/vroegsignalen', { method: 'POST', ca: gw.huur.ca, body, headers });
    expect(partner.status).toBe(401);
    expect(partner.json.code).toBe('certificaat-ontbreekt');
  });

  it('serves the public material and an OpenAPI document of what it serves', async () => {
    for (const path of ['/v1/sleutels', '/v1/auditlog/sleutel']) expect((await httpsRequest(gw.staffUrl, path, { ca: gw.huur.ca })).status, path).toBe(200);
    await gw.sequence();
    const checkpoint = await httpsRequest(gw.staffUrl, '/v1/auditlog/checkpoint', { ca: gw.huur.ca });
    expect(checkpoint.status).toBe(200);
    expect(checkpoint.text.split('\n')[0]).toBe('localhost/vroegsignaal');
    const doc = await httpsRequest(gw.staffUrl, '/v1/openapi.json', { ca: gw.huur.ca });
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.json.paths);
    expect(paths).toEqual(expect.arrayContaining(['/zaken/_oppakken', '/auditlog/records', '/inwoners/_inzage', '/beleid', '/sleutels', '/auditlog/checkpoint']));
    expect(paths.filter((p) => p.startsWith('/vroegsignalen'))).toEqual([]);
  });
});
