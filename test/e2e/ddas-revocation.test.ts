import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { issueDevToken } from '../../src/auth/dev-issuer.js';
import { runAfnemer } from '../../src/cli/afnemer.js';
import { makeCrl } from '../helpers/crl.js';
import { callGegevens, loadConsumer } from '../helpers/ddas-client.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

/**
 * The DDAS YAML asks the receiver of a signed request to check revocation of its certificate chain:
 * with DDAS_CRL_FILES set, a consumer whose signing certificate its CA has revoked is refused.
 */
const oin = '00000099000000007000';
let gw: TestGateway;
let dir: string;
const crlFile = join(mkdtempSync(join(tmpdir(), 'vs-crl-')), 'ca.crl');
const day = 86_400_000;
const pull = async () => callGegevens(`${gw.url}/ddas/v1`, {}, {
  creds: loadConsumer(dir), token: await issueDevToken(gw.home, { sub: oin, roles: ['cbs'], scope: 'read', now: gw.clock.now }), sign: { now: gw.clock.now },
});
const publish = (revoked: string[]) => writeFileSync(crlFile, makeCrl({
  caCertPem: readFileSync(join(gw.home, 'ca', 'ca.crt'), 'utf8'), caKeyPem: readFileSync(join(gw.home, 'ca', 'ca.key'), 'utf8'),
  revoked, thisUpdate: new Date(Date.now() - day), nextUpdate: new Date(Date.now() + day),
}));

beforeAll(async () => {
  gw = await startTestGateway({ env: { DDAS_CRL_FILES: crlFile } });
  gw.clock.set(new Date().toISOString());
  dir = mkdtempSync(join(tmpdir(), 'vs-ddas-crl-'));
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await runAfnemer(['add', '--naam', 'CBS', '--oin', oin, '--out', dir], { ...process.env, VROEGSIGNAAL_HOME: gw.home });
  } finally {
    log.mockRestore();
  }
});
afterAll(async () => {
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('serves a consumer whose chain its CA’s current CRL does not list, and refuses it once the CA revokes its signing certificate', async () => {
  publish([]);
  expect((await pull()).status).toBe(200);
  const signing = new X509Certificate(readFileSync(join(dir, 'signing.crt')));
  publish([signing.serialNumber]);
  const refused = await pull();
  expect(refused.status).toBe(401);
  expect(refused.json).toMatchObject({ code: 'handtekening-ongeldig' });
  expect(JSON.stringify(refused.json)).toMatch(/ingetrokken/);
});
