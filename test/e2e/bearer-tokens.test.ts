import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest } from '../helpers/https-client.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

/**
 * A token signed with the development issuer's key, built here by hand (not with the gateway's
 * issueDevToken) so a test can set any `iat` and `exp`.
 */
async function token(claims: { iat: number; exp: number }): Promise<string> {
  const jwks = JSON.parse(readFileSync(join(gw.home, 'oidc', 'jwks.json'), 'utf8')) as { keys: Array<{ kid: string }> };
  return new SignJWT({ gemeentecode: '1696', roles: ['beheerder'] })
    .setProtectedHeader({ alg: 'ES256', kid: jwks.keys[0]!.kid, typ: 'JWT' })
    .setIssuer('urn:vroegsignaal:ontwikkel-issuer')
    .setAudience('vroegsignaal')
    .setSubject('beheer')
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp)
    .sign(createPrivateKey(readFileSync(join(gw.home, 'oidc', 'issuer.key'))));
}

const now = () => Math.floor(gw.clock.now.getTime() / 1000);
const getBeleid = (headers: Array<[string, string]>) => httpsRequest(gw.staffUrl, '/v1/beleid', { ca: gw.huur.ca, headers });

describe('bearer tokens', () => {
  it('two Authorization headers: 400, whichever of them is valid', async () => {
    const valid = `Bearer ${await token({ iat: now(), exp: now() + 600 })}`;
    expect((await getBeleid([['Authorization', valid]])).status).toBe(200);
    for (const headers of [[['Authorization', valid], ['Authorization', 'Bearer a.b.c']], [['Authorization', 'Bearer a.b.c'], ['authorization', valid]]] as Array<Array<[string, string]>>) {
      const res = await getBeleid(headers);
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('ongeldige-invoer');
      expect(res.json.errors[0].code).toBe('header-herhaald');
    }
  });

  it('refuses a token issued in the future beyond the clock tolerance (60 s), accepts one within it', async () => {
    const ahead = await getBeleid([['Authorization', `Bearer ${await token({ iat: now() + 300, exp: now() + 900 })}`]]);
    expect(ahead.status).toBe(401);
    expect(ahead.json.code).toBe('token-ongeldig');
    expect(ahead.json.detail).toMatch(/toekomst/);
    expect((await getBeleid([['Authorization', `Bearer ${await token({ iat: now() + 30, exp: now() + 630 })}`]])).status).toBe(200);
  });

  it('refuses a token meant to live longer than OIDC_MAX_TOKEN_AGE (default one hour), accepts one of exactly an hour', async () => {
    const long = await getBeleid([['Authorization', `Bearer ${await token({ iat: now(), exp: now() + 8 * 3600 })}`]]);
    expect(long.status).toBe(401);
    expect(long.json.code).toBe('token-ongeldig');
    expect(long.json.detail).toMatch(/3600 seconden/);
    expect((await getBeleid([['Authorization', `Bearer ${await token({ iat: now(), exp: now() + 3600 })}`]])).status).toBe(200);
  });

  it('refuses a token older than the maximum age even if its exp is still ahead', async () => {
    const old = await getBeleid([['Authorization', `Bearer ${await token({ iat: now() - 2 * 3600, exp: now() + 600 })}`]]);
    expect(old.status).toBe(401);
  });

  it('`vroegsignaal token` makes a token within the maximum lifetime', () => {
    const root = new URL('../..', import.meta.url).pathname;
    const env = { ...process.env, VROEGSIGNAAL_HOME: gw.home };
    const run = (extra: NodeJS.ProcessEnv) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'token', '--rol', 'beheerder', '--gemeente', '1696'], { cwd: root, env: { ...env, ...extra }, encoding: 'utf8' });
    const standard = run({});
    expect(standard.status, standard.stderr).toBe(0);
    const claims = decodeJwt(standard.stdout.trim());
    expect(claims.exp! - claims.iat!).toBe(3600);
    const shorter = run({ OIDC_MAX_TOKEN_AGE: '900' });
    const short = decodeJwt(shorter.stdout.trim());
    expect(short.exp! - short.iat!).toBe(900);
  }, 60_000);
});
