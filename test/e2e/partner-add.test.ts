import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runPartner } from '../../src/cli/partner.js';
import { UsageError } from '../../src/cli/args.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { loadCredentials, postSigned } from '../helpers/https-client.js';
import { exampleSignal } from './fixtures.js';

let gw: TestGateway;
const env = { ...process.env };
beforeAll(async () => {
  gw = await startTestGateway();
  process.env.VROEGSIGNAAL_HOME = gw.home;
});
afterAll(async () => {
  process.env = env;
  await gw?.stop();
});

async function partnerAdd(...args: string[]): Promise<number> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return await runPartner(['add', ...args]);
  } finally {
    log.mockRestore();
  }
}

describe('vroegsignaal partner add', () => {
  it('writes the five PEM files and a running gateway accepts the new partner at once', async () => {
    const out = join(gw.home, 'nieuw-water');
    const code = await partnerAdd('--oin', '00000099000000003000', '--naam', 'Waterbedrijf Demo', '--type', 'Water', '--out', out);
    expect(code).toBe(0);
    for (const file of ['ca.crt', 'client.crt', 'client.key', 'signing.crt', 'signing.key']) {
      expect(readFileSync(join(out, file), 'utf8')).toMatch(/-----BEGIN /);
    }
    expect(statSync(join(out, 'client.key')).mode & 0o077).toBe(0);
    expect(statSync(join(out, 'signing.key')).mode & 0o077).toBe(0);

    const water = loadCredentials(out);
    const res = await postSigned(gw.url, '/v1/vroegsignalen', water, exampleSignal({ signaalpartner: 'Water' }), { now: gw.clock.now });
    expect(res.status).toBe(202);
    const typeMismatch = await postSigned(gw.url, '/v1/vroegsignalen', water, exampleSignal(), { now: gw.clock.now });
    expect(typeMismatch.status).toBe(403);
  });

  it('refuses a malformed OIN or an unknown type with a usage error', async () => {
    await expect(partnerAdd('--oin', '123', '--naam', 'X', '--type', 'Water', '--out', join(gw.home, 'x'))).rejects.toBeInstanceOf(UsageError);
    await expect(partnerAdd('--oin', '00000099000000004000', '--naam', 'X', '--type', 'Bank', '--out', join(gw.home, 'x'))).rejects.toThrow(/--type/);
  });
});
