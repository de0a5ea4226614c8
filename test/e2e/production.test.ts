import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { auditLogKeys } from '../../src/redis/keys.js';
import { addPartner } from '../../src/partners/add.js';
import { createDevCa, issueCertificate } from '../../src/pki/certificates.js';
import { generateRsaKeyPair, writePrivateKeyFile, writePublicFile } from '../../src/pki/keys.js';
import { httpsRequest } from '../helpers/https-client.js';
import { waitForOutput } from '../helpers/child-output.js';
import { freePort } from '../../src/redis/free-port.js';

/**
 * A production deployment as README "Production" and deploy/ describe it, without Docker: the
 * secrets directory laid out file by file and made read-only, a redis-server from
 * deploy/redis.conf with a password, and the built CLI (`node bin/vroegsignaal.js start`, what the
 * image runs) in production mode with the environment of deploy/compose.yaml.
 */
const root = new URL('../..', import.meta.url).pathname;
const issuer = 'https://idp.gemeente.test/realms/vroegsignaal';
const auditOrigin = 'vroegsignaal.gemeente.test/auditlog';
const tmp = mkdtempSync(join(tmpdir(), 'vs-prod-'));
const secrets = join(tmp, 'secrets');
const state = join(tmp, 'state');
const partnerDir = join(tmp, 'partner-huur');
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  // Read-only on purpose during the test; writable again so it can be removed.
  if (existsSync(secrets)) chmodRecursive(secrets, true);
  rmSync(tmp, { recursive: true, force: true });
});

function chmodRecursive(path: string, writable: boolean): void {
  const mode = statSync(path).mode & 0o777;
  chmodSync(path, writable ? mode | 0o200 : mode & ~0o222);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chmodRecursive(join(path, entry), writable);
}

/**
 * The gateway as deploy/Dockerfile lays it out: `npm run build` (tsc, then the Lua scripts and
 * the Werkplek's assets copied beside the code), and an application directory holding only what
 * the image copies — dist, bin, policies, package.json, node_modules — so nothing is read from src/.
 */
const app = join(tmp, 'app');
const bin = join(app, 'bin/vroegsignaal.js');
let built = false;
function ensureBuilt(): void {
  if (built) return;
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`build failed: ${tsc.stdout}${tsc.stderr}`);
  const copy = spawnSync(process.execPath, [join(root, 'scripts/copy-static.mjs')], { cwd: root, encoding: 'utf8' });
  if (copy.status !== 0) throw new Error(`copy-static failed: ${copy.stderr}`);
  const dockerfile = readFileSync(join(root, 'deploy/Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
  for (const dir of ['dist', 'bin', 'policies', 'package.json']) {
    expect(runtime, `the image copies ${dir}`).toMatch(new RegExp(`^COPY (--from=build /app/)?${dir} \\./${dir === 'package.json' ? '' : dir}`, 'm'));
    cpSync(join(root, dir), join(app, dir), { recursive: true });
  }
  expect(runtime).not.toMatch(/^COPY[^\n]* src\b/m);
  symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'));
  built = true;
}

/** Only what the process needs: nothing of the test runner's environment leaks into "production". */
const baseEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, LOG_LEVEL: 'warn' });

/**
 * Root ignores file modes, so read-only secrets would not be read-only for a gateway run as root.
 * As root the gateway runs without the capabilities that bypass them (CAP_DAC_OVERRIDE,
 * CAP_DAC_READ_SEARCH, CAP_FOWNER): it then meets the modes as the image's `node` user would.
 */
function asUnprivileged(args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [process.execPath, args];
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  if (!setpriv) throw new Error('setpriv (util-linux) is nodig om de gateway als root zonder DAC-rechten te starten');
  return [setpriv, ['--bounding-set', '-dac_override,-dac_read_search,-fowner', '--', process.execPath, ...args]];
}

describe('deploy/compose.yaml', () => {
  it('runs two gateways in production mode with read-only secrets, a shared writable state volume and every setting production checks', () => {
    const compose = parseYaml(readFileSync(join(root, 'deploy/compose.yaml'), 'utf8'));
    const gateways = ['gateway-1', 'gateway-2'].map((name) => compose.services[name]);
    for (const gateway of gateways) {
      const env = gateway.environment as Record<string, string>;
      expect(env.VROEGSIGNAAL_MODE).toBe('production');
      for (const name of ['TLS_CERT', 'TLS_KEY', 'TLS_CLIENT_CA', 'RECEIPT_KEY', 'CHECKPOINT_KEY', 'MUNICIPAL_KEYS_DIR', 'PARTNER_REGISTRY', 'NOTIFY_CLIENT_CERT', 'NOTIFY_CLIENT_KEY', 'AFNEMER_REGISTRY', 'DDAS_SIGNING_KEY', 'DDAS_SIGNING_CERT', 'DDAS_CRL_FILES']) {
        expect(env[name], name).toMatch(/^\/run\/secrets\/vroegsignaal\//);
      }
      for (const name of ['OIDC_ISSUER', 'OIDC_JWKS_URL', 'AUDIT_ORIGIN', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'WERKPLEK_URL', 'GATEWAY_OIN', 'REDIS_PASSWORD']) expect(env[name], name).toMatch(/^\$\{/);
      // Redis through the three Sentinels, waiting for one replica before every acknowledgement.
      expect(env.REDIS_URL).toBeUndefined();
      expect(env.REDIS_SENTINELS).toBe('sentinel-1:26379,sentinel-2:26379,sentinel-3:26379');
      expect(env.REDIS_SENTINEL_NAME).toBe('vroegsignaal');
      expect(env.REDIS_MIN_REPLICAS).toBe('1');
      expect(gateway.volumes).toContain('./secrets:/run/secrets/vroegsignaal:ro');
      const stateMount = (gateway.volumes as string[]).find((v) => v.endsWith(`:${env.VROEGSIGNAAL_STATE}`));
      expect(stateMount, 'a writable volume at VROEGSIGNAAL_STATE').toBeDefined();
      expect(compose.volumes).toHaveProperty(stateMount!.split(':')[0]!);
    }
    // One state volume for both (period keys are shared); the same settings.
    expect(gateways[1].volumes).toEqual(gateways[0].volumes);
    expect(gateways[1].environment).toEqual(gateways[0].environment);
    // Partners reach 8443 (mutual TLS), staff and the Werkplek 8444, on each gateway.
    expect(gateways[0].ports).toEqual(expect.arrayContaining(['8443:8443', '8444:8444']));
    expect(gateways[1].ports).toEqual(expect.arrayContaining([expect.stringMatching(/:8443$/), expect.stringMatching(/:8444$/)]));

    // A primary and two replicas, each from deploy/redis.conf and the file its `include` names.
    const redisConf = readFileSync(join(root, 'deploy/redis.conf'), 'utf8');
    const include = /^include (\S+)$/m.exec(redisConf)![1]!;
    for (const name of ['redis-1', 'redis-2', 'redis-3']) {
      const node = compose.services[name];
      expect(node.volumes, name).toEqual(expect.arrayContaining(['./redis.conf:/usr/local/etc/redis/redis.conf:ro', `./redis-requirepass.conf:${include}:ro`]));
      expect(node.command.slice(0, 2)).toEqual(['redis-server', '/usr/local/etc/redis/redis.conf']);
      expect(node.command.includes('--replicaof'), name).toBe(name !== 'redis-1');
    }
    expect(redisConf).toMatch(/^bind /m);
    expect(redisConf).toMatch(/^appendfsync always$/m);
    expect(redisConf).toMatch(/^maxmemory-policy noeviction$/m);
    expect(redisConf).toMatch(/^min-replicas-to-write 1$/m);
    // Three Sentinels from deploy/sentinel.conf, watching redis-1 under the gateways' master name, quorum 2.
    const sentinelConf = readFileSync(join(root, 'deploy/sentinel.conf'), 'utf8');
    const sentinelInclude = /^include (\S+)$/m.exec(sentinelConf)![1]!;
    expect(sentinelConf).toMatch(/^sentinel monitor vroegsignaal redis-1 6379 2$/m);
    for (const name of ['sentinel-1', 'sentinel-2', 'sentinel-3']) {
      const sentinel = compose.services[name];
      expect(sentinel.volumes, name).toEqual(expect.arrayContaining(['./sentinel.conf:/usr/local/etc/redis/sentinel.conf:ro', `./sentinel-auth.conf:${sentinelInclude}:ro`]));
      expect(sentinel.command.join(' ')).toMatch(/redis-server \/data\/sentinel\.conf --sentinel$/);
    }
    // The image asks the gateway itself whether it is ready (GET /readyz through `vroegsignaal health`).
    expect(readFileSync(join(root, 'deploy/Dockerfile'), 'utf8')).toMatch(/^HEALTHCHECK .*CMD \["node", "bin\/vroegsignaal\.js", "health"\]$/m);
  });
});

describe('vroegsignaal start in production mode (README "Production")', () => {
  let redisChild: ChildProcess;
  let redisUrl: string;
  let gatewayChild: ChildProcess;
  let url: string;
  let staffUrl: string;
  let caPem: string;
  let signer: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  let kid: string;
  let gatewayEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    ensureBuilt();
    // The secrets directory, file by file as the README lays it out. TLS: in production a
    // PKIoverheid server certificate and the PKIoverheid CA bundle; here a test CA stands in.
    const ca = createDevCa('test-CA (staat voor PKIoverheid)');
    caPem = ca.certPem;
    const server = generateRsaKeyPair();
    writePublicFile(join(secrets, 'tls/server.crt'), issueCertificate({
      caCertPem: ca.certPem, caKeyPem: ca.keyPem, usage: 'server', publicKeyPem: server.publicKeyPem,
      subject: { commonName: 'localhost', organizationName: 'Gemeente Test' }, dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'],
    }));
    writePrivateKeyFile(join(secrets, 'tls/server.key'), server.privateKeyPem);
    writePublicFile(join(secrets, 'tls/client-ca.crt'), ca.certPem);
    // The gateway's own keys: `vroegsignaal keys init` with the secrets directory as home.
    const init = spawnSync(process.execPath, [bin, 'keys', 'init'], {
      cwd: app, encoding: 'utf8', env: { ...baseEnv(), VROEGSIGNAAL_HOME: secrets, AUDIT_ORIGIN: auditOrigin },
    });
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/ontvangstbewijssleutel ES256 aangemaakt/);
    expect(init.stdout).toMatch(/checkpointsleutel Ed25519 aangemaakt/);
    expect(init.stdout).toMatch(/gemeentesleutels aangemaakt voor 1696/);
    // The partner registry: one signaalpartner with its signing certificate (here issued by the test CA).
    addPartner({ registryPath: join(secrets, 'partners.json'), caCertPem: ca.certPem, caKeyPem: ca.keyPem, oin: '00000099000000001000', naam: 'Woonstichting Test', type: 'Huur', outDir: partnerDir });
    // The IdP's signing keys as a JWKS file (OIDC_JWKS_FILE; with a reachable IdP, OIDC_JWKS_URL).
    const idp = await generateKeyPair('ES256');
    signer = idp.privateKey;
    const jwk = await exportJWK(idp.publicKey);
    kid = await calculateJwkThumbprint(jwk);
    writePublicFile(join(secrets, 'oidc/jwks.json'), JSON.stringify({ keys: [{ ...jwk, kid, alg: 'ES256', use: 'sig' }] }));
    chmodRecursive(secrets, false);

    // Redis from deploy/redis.conf: its `include` names the password file, here the test's own;
    // port, data directory and loopback-only listening are overridden on the command line, and
    // min-replicas-to-write: this is the standalone shape (REDIS_URL, no replicas), as the
    // comment in deploy/redis.conf says (the HA shape is test/reliability/redis-failover.test.ts).
    const password = randomBytes(24).toString('hex');
    const passwordFile = join(tmp, 'redis-requirepass.conf');
    writeFileSync(passwordFile, `requirepass ${password}\n`, { mode: 0o600 });
    const conf = readFileSync(join(root, 'deploy/redis.conf'), 'utf8');
    expect(conf).toMatch(/^include \/run\/secrets\/redis-requirepass\.conf$/m);
    writeFileSync(join(tmp, 'redis.conf'), conf.replace(/^include \S+$/m, `include ${passwordFile}`));
    mkdirSync(join(tmp, 'redis'));
    const redisPort = await freePort();
    redisChild = spawn('redis-server', [join(tmp, 'redis.conf'), '--port', String(redisPort), '--dir', join(tmp, 'redis'), '--bind', '127.0.0.1', '--min-replicas-to-write', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(redisChild);
    await waitForOutput(redisChild, /Ready to accept connections/);
    redisUrl = `redis://:${password}@127.0.0.1:${redisPort}`;
    // The password is required: without it Redis answers nothing but NOAUTH.
    const anonymous = new Redis(`redis://127.0.0.1:${redisPort}`, { lazyConnect: true, maxRetriesPerRequest: 0 });
    anonymous.on('error', () => undefined); // the rejected command below is what is checked
    await expect(anonymous.get('x')).rejects.toThrow(/NOAUTH/);
    anonymous.disconnect();

    // The gateway with exactly the environment the README lists (paths on this machine).
    const port = await freePort();
    const staffPort = await freePort();
    gatewayEnv = {
      ...baseEnv(), VROEGSIGNAAL_MODE: 'production', VROEGSIGNAAL_HOME: join(tmp, 'home'), VROEGSIGNAAL_STATE: state,
      PORT: String(port), STAFF_PORT: String(staffPort), HOST: '127.0.0.1', REDIS_URL: redisUrl,
      TLS_CERT: join(secrets, 'tls/server.crt'), TLS_KEY: join(secrets, 'tls/server.key'), TLS_CLIENT_CA: join(secrets, 'tls/client-ca.crt'),
      RECEIPT_KEY: join(secrets, 'keys/receipt.key'), CHECKPOINT_KEY: join(secrets, 'keys/checkpoint.key'),
      MUNICIPAL_KEYS_DIR: join(secrets, 'keys/gemeenten'), PARTNER_REGISTRY: join(secrets, 'partners.json'),
      AUDIT_ORIGIN: auditOrigin, OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'vroegsignaal', OIDC_JWKS_FILE: join(secrets, 'oidc/jwks.json'),
      OIDC_CLIENT_ID: 'werkplek', OIDC_CLIENT_SECRET: 'clientgeheim-van-de-test', WERKPLEK_URL: `https://localhost:${staffPort}`,
      GATEWAY_OIN: '00000001234567890000',
    };
    const [command, args] = asUnprivileged([bin, 'start']);
    gatewayChild = spawn(command, args, { cwd: app, env: gatewayEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(gatewayChild);
    await waitForOutput(gatewayChild, /Stoppen: Ctrl\+C/);
    url = `https://localhost:${port}`;
    staffUrl = `https://localhost:${staffPort}`;
  }, 120_000);

  afterAll(async () => {
    for (const child of [gatewayChild, redisChild]) {
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  const token = (roles: string[], gemeentecode: string) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ gemeentecode, roles })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuer(issuer).setAudience('vroegsignaal').setSubject('medewerker-1')
      .setIssuedAt(now).setExpirationTime(now + 600)
      .sign(signer);
  };
  // Staff work on the staff listener: a bearer token, no client certificate.
  const asWorker = async (method: string, path: string, body?: unknown) => httpsRequest(staffUrl, path, {
    method, ca: Buffer.from(caPem),
    headers: [['Authorization', `Bearer ${await token(['schuldhulpverlener'], '1696')}`], ...(body ? [['Content-Type', 'application/json'] as [string, string]] : [])],
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

  it('serves the Werkplek from the built files alone: a Dutch page and its stylesheets', async () => {
    const page = await httpsRequest(staffUrl, '/bestaat-niet', { ca: Buffer.from(caPem) });
    expect(page.status).toBe(404);
    expect(page.text).toContain('Pagina niet gevonden');
    const stylesheets = [...page.text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
    expect(stylesheets.map((href) => href.split('/').pop())).toEqual(['utrecht.css', 'voorbeeld-theme.css', 'werkplek.css']);
    for (const href of stylesheets) {
      const css = await httpsRequest(staffUrl, href, { ca: Buffer.from(caPem) });
      expect(css.status, href).toBe(200);
      expect(css.headers['content-type']).toContain('text/css');
    }
  });

  it('takes a signal over mTLS, lets a worker of the IdP claim and close the case, and its audit log verifies', async () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: app, env: gatewayEnv, encoding: 'utf8' });
    const send = cli('send', join(root, 'examples/signaal-huur.json'), '--as', partnerDir, '--url', url);
    expect(send.status, send.stderr + send.stdout).toBe(0);
    expect(send.stdout).toMatch(/Geaccepteerd \(202\):\s+1/);

    // A token the gateway did not make itself (the development `token` command is refused here).
    expect(cli('token', '--rol', 'schuldhulpverlener', '--gemeente', '1696').status).not.toBe(0);
    const claimed = await asWorker('POST', '/v1/zaken/_oppakken');
    expect(claimed.status, claimed.text).toBe(200);
    const zaakId = claimed.json.zaakId as string;
    const contact = await asWorker('GET', `/v1/zaken/${zaakId}/contactgegevens`);
    expect(contact.status, contact.text).toBe(200);
    expect(contact.text).toContain('Dijk');

    // Closing re-wraps the case's data keys under a period key, which the gateway writes into
    // VROEGSIGNAAL_STATE (perioden/<gemeentecode>/), never into the read-only secrets.
    const closed = await asWorker('POST', `/v1/zaken/${zaakId}/_afsluiten`, { eindresultaat: '(Budget)advies en/of quick fix' });
    expect(closed.status, closed.text).toBe(200);
    expect(readdirSync(join(state, 'perioden', '1696')).length).toBeGreaterThan(0);
    expect(readdirSync(join(secrets, 'keys/gemeenten')).filter((f) => !/^\d{4}\.json$/.test(f))).toEqual([]);

    // Every record sequenced, then exported straight from Redis and verified.
    const redis = new Redis(redisUrl);
    try {
      for (let settled = false; !settled;) {
        const [size, counter, pending] = await Promise.all([redis.get(auditLogKeys.size), redis.get(auditLogKeys.counter), redis.xlen(auditLogKeys.pending)]);
        settled = Number(counter) > 0 && Number(size) === Number(counter) && pending === 0;
        if (!settled) await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      redis.disconnect();
    }
    const exportDir = join(tmp, 'export');
    const exported = cli('audit', 'export', exportDir);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/Geëxporteerd naar .*: \d+ bladeren/);
    const verified = cli('audit', 'verify', exportDir);
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('Het log is intact');
  }, 120_000);
});

describe('vroegsignaal start in production mode with settings missing', () => {
  it('names every missing item on its own line and does not start', () => {
    ensureBuilt();
    // Keys for every municipality but Rotterdam, nothing else.
    const partial = join(tmp, 'onvolledig');
    const init = spawnSync(process.execPath, [bin, 'keys', 'init', '--gemeente', '0363', '--gemeente', '0518', '--gemeente', '0344', '--gemeente', '1696'], {
      cwd: app, encoding: 'utf8', env: { ...baseEnv(), VROEGSIGNAAL_HOME: partial },
    });
    expect(init.status, init.stderr).toBe(0);
    // Run again: what exists is never replaced (a new key would orphan everything made with the old).
    const keyFile = readFileSync(join(partial, 'keys/gemeenten/0363.json'), 'utf8');
    const again = spawnSync(process.execPath, [bin, 'keys', 'init', '--gemeente', '0363'], { cwd: app, encoding: 'utf8', env: { ...baseEnv(), VROEGSIGNAAL_HOME: partial } });
    expect(again.stdout).toMatch(/gemeentesleutels voor 0363 bestaan al, ongewijzigd/);
    expect(again.stdout).toMatch(/checkpointsleutel bestaat al, ongewijzigd/);
    expect(readFileSync(join(partial, 'keys/gemeenten/0363.json'), 'utf8')).toBe(keyFile);
    rmSync(join(partial, 'keys/receipt.key'));
    rmSync(join(partial, 'keys/checkpoint.key'));
    const res = spawnSync(process.execPath, [bin, 'start'], {
      cwd: app, encoding: 'utf8',
      env: {
        ...baseEnv(), VROEGSIGNAAL_MODE: 'production', VROEGSIGNAAL_HOME: partial, PORT: '0',
        // A state directory that cannot be made: its parent is a file.
        VROEGSIGNAAL_STATE: join(partial, 'keys/gemeenten/0363.json/state'),
      },
    });
    expect(res.status).not.toBe(0);
    const lines = res.stderr.split('\n').filter((l) => l.startsWith('  - ')).map((l) => l.slice(4));
    const expected = [
      /^TLS_CERT: het servercertificaat .*tls\/server\.crt bestaat niet$/,
      /^TLS_KEY: de sleutel van het servercertificaat .*tls\/server\.key bestaat niet$/,
      /^TLS_CLIENT_CA: de CA-bundel voor clientcertificaten .*ca\/ca\.crt bestaat niet$/,
      /^RECEIPT_KEY: de ondertekensleutel voor ontvangstbewijzen .*keys\/receipt\.key bestaat niet$/,
      /^CHECKPOINT_KEY: de Ed25519-sleutel die auditcheckpoints ondertekent .*keys\/checkpoint\.key bestaat niet$/,
      /^MUNICIPAL_KEYS_DIR: gemeente 0599 \(Rotterdam\) heeft geen sleutels in de sleutelopslag$/,
      /^PARTNER_REGISTRY: het register van signaalpartners .*partners\.json bestaat niet$/,
      /^OIDC_ISSUER: niet gezet/,
      /^OIDC_JWKS_URL of OIDC_JWKS_FILE: niet gezet/,
      /^OIDC_CLIENT_ID: niet gezet/,
      /^OIDC_CLIENT_SECRET: niet gezet/,
      /^WERKPLEK_URL: niet gezet/,
      /^GATEWAY_OIN: niet gezet/,
      /^REDIS_URL of REDIS_SENTINELS: niet gezet/,
      /^VROEGSIGNAAL_STATE: de map .* is niet schrijfbaar \(ENOTDIR\)/,
    ];
    expect(lines, res.stderr).toHaveLength(expected.length);
    expected.forEach((pattern, i) => expect(lines[i]).toMatch(pattern));
    expect(res.stderr).toMatch(/mist 15 punten/);
    expect(res.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  }, 60_000);
});
