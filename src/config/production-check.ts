import { createPrivateKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { receiptSignerFromKey } from '../intake/receipt-key.js';
import { readRegistryEntries } from '../partners/registry.js';
import { keyProblems } from '../policy/key-check.js';
import type { PolicyBundle } from '../policy/bundle-schema.js';
import { loadKeystore } from '../privacy/keystore.js';
import type { Config } from './config.js';

/**
 * Production mode refuses to start while anything it needs is missing, and names every missing
 * item at once: an operator fixing a deployment one restart per problem loses an afternoon.
 * Each problem is one line in plain Dutch, starting with the setting to change. Never a key byte.
 */
export class ProductionConfigError extends Error {
  override name = 'ProductionConfigError';
  constructor(readonly problems: string[]) {
    super(`Productiemodus: ${problems.length} ${problems.length === 1 ? 'punt ontbreekt' : 'punten ontbreken'}:\n  ${problems.join('\n  ')}`);
  }
}

export async function productionProblems(config: Config, bundle: PolicyBundle): Promise<string[]> {
  const problems: string[] = [];
  const problem = (line: string) => problems.push(line);

  // TLS: the server certificate with its key, and the CA(s) client certificates must chain to.
  const cert = readCertificate('TLS_CERT', 'het servercertificaat', config.tls.cert, problem);
  const tlsKey = readPrivateKey('TLS_KEY', 'de sleutel van het servercertificaat', config.tls.key, problem);
  if (cert && tlsKey && !cert.checkPrivateKey(tlsKey)) problem(`TLS_KEY: ${config.tls.key} hoort niet bij het servercertificaat ${config.tls.cert}`);
  readCertificate('TLS_CLIENT_CA', 'de CA-bundel voor clientcertificaten', config.tls.clientCa, problem);

  const receiptKey = readPrivateKey('RECEIPT_KEY', 'de ondertekensleutel voor ontvangstbewijzen', config.receipt.keyPath, problem);
  if (receiptKey) {
    await receiptSignerFromKey(receiptKey, config.receipt.alg, config.receipt.keyPath).catch(() =>
      problem(`RECEIPT_KEY: ${config.receipt.keyPath} is geen ${config.receipt.alg === 'ES256' ? 'P-256' : 'RSA-sleutel van ten minste 2048 bits'} (RECEIPT_ALG=${config.receipt.alg})`));
  }
  const checkpointKey = readPrivateKey('CHECKPOINT_KEY', 'de Ed25519-sleutel die auditcheckpoints ondertekent', config.audit.checkpointKeyPath, problem);
  if (checkpointKey && checkpointKey.asymmetricKeyType !== 'ed25519') problem(`CHECKPOINT_KEY: ${config.audit.checkpointKeyPath} is geen Ed25519-sleutel`);

  // Keys for every municipality the bundle routes signals to (production never makes them).
  if (!existsSync(config.municipalKeysDir)) {
    problem(`MUNICIPAL_KEYS_DIR: de map met gemeentesleutels ${config.municipalKeysDir} bestaat niet`);
  } else {
    try {
      for (const line of keyProblems(bundle, loadKeystore(config.municipalKeysDir))) problem(`MUNICIPAL_KEYS_DIR: ${line}`);
    } catch (err) {
      problem(`MUNICIPAL_KEYS_DIR: ${(err as Error).message}`);
    }
  }

  if (!existsSync(config.partnerRegistry)) {
    problem(`PARTNER_REGISTRY: het register van signaalpartners ${config.partnerRegistry} bestaat niet`);
  } else {
    try {
      readRegistryEntries(config.partnerRegistry);
    } catch (err) {
      problem(`PARTNER_REGISTRY: ${(err as Error).message}`);
    }
  }

  // Without an IdP a production gateway would trust no bearer token: workers could do nothing.
  if (!config.oidc) problem('OIDC_ISSUER: niet gezet; zonder identity provider aanvaardt de gateway geen enkel bearer-token');
  if (!config.oidcJwks) {
    problem('OIDC_JWKS_URL of OIDC_JWKS_FILE: niet gezet; de gateway weet niet met welke sleutels de identity provider tokens ondertekent');
  } else if (config.oidcJwks.file !== undefined) {
    const jwksProblem = jwksFileProblem(config.oidcJwks.file);
    if (jwksProblem) problem(`OIDC_JWKS_FILE: ${jwksProblem}`);
  } else if (config.oidcJwks.url !== undefined && new URL(config.oidcJwks.url).protocol !== 'https:') {
    problem(`OIDC_JWKS_URL: ${config.oidcJwks.url} is geen https-adres`);
  }

  // The Werkplek logs staff in at the same IdP (authorization code flow): without its client and
  // its public address (the IdP sends browsers back there) no one could log in.
  if (!config.werkplekClientSettings.id) problem('OIDC_CLIENT_ID: niet gezet; de client-id van de Werkplek bij de identity provider (zonder kan niemand inloggen op de Werkplek)');
  if (!config.werkplekClientSettings.secret) problem('OIDC_CLIENT_SECRET: niet gezet; het clientgeheim van de Werkplek bij de identity provider');
  if (!config.werkplekUrl) problem('WERKPLEK_URL: niet gezet; het https-adres waarop medewerkers de Werkplek openen (de identity provider stuurt hen daarheen terug)');
  else if (!config.werkplekUrl.startsWith('https://')) problem(`WERKPLEK_URL: ${config.werkplekUrl} is geen https-adres`);
  // DDAS-VS.yaml: a signed request's chain is checked for revocation (OCSP or CRL). Served means checked.
  if (existsSync(config.ddas.signingKey) && existsSync(config.ddas.signingCert) && !config.ddas.crlFiles?.length) {
    problem('DDAS_CRL_FILES: niet gezet; de DDAS-API wordt aangeboden (DDAS_SIGNING_KEY en -CERT zijn er) en moet de intrekking van de certificaatketen van een afnemer controleren (CRL-bestanden van de uitgevers, PEM)');
  }
  // Without it no event could name its source: a subscription would silently get nothing.
  if (!config.notify.gatewayOin) problem('GATEWAY_OIN: niet gezet; het OIN van de gateway zelf (de bron van gebeurtenissen aan gemeenten, het serialNumber van het clientcertificaat voor meldingen)');

  // The embedded redis-server is for development: production data lives in a managed Redis,
  // one address or (deploy/compose.yaml) a primary with replicas behind Sentinels.
  if (!config.redis) problem('REDIS_URL of REDIS_SENTINELS: niet gezet; in productie draait Redis apart (met wachtwoord, AOF en noeviction, zie deploy/redis.conf), eventueel met replica\'s achter Sentinels (deploy/sentinel.conf)');
  if (config.redis?.kind === 'sentinel') {
    // A Sentinel address carries no password, and every node of deploy/ asks for one.
    if (config.redis.password === undefined) problem('REDIS_PASSWORD: niet gezet; de Sentinels en Redis-nodes (deploy/redis.conf, deploy/sentinel.conf) vragen een wachtwoord');
    // Replication is asynchronous: without WAIT a failover can lose what was acknowledged.
    if (config.redisReplicas.required === 0) problem('REDIS_MIN_REPLICAS: 0 naast REDIS_SENTINELS; bij een failover kan een bevestigd signaal dan verloren gaan (de replica had het nog niet); zet minstens 1');
  }

  const stateProblem = writableDirProblem(config.stateDir);
  if (stateProblem) problem(`VROEGSIGNAAL_STATE: ${stateProblem}`);
  return problems;
}

/** A file that does not exist or cannot be read: one line naming the setting, what it is and where. */
function readFile(setting: string, what: string, path: string, problem: (line: string) => void): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problem(`${setting}: ${what} ${path} ${code === 'ENOENT' ? 'bestaat niet' : `is niet leesbaar (${code ?? 'onbekende fout'})`}`);
    return undefined;
  }
}

function readCertificate(setting: string, what: string, path: string, problem: (line: string) => void): X509Certificate | undefined {
  const pem = readFile(setting, what, path, problem);
  if (!pem) return undefined;
  try {
    return new X509Certificate(pem);
  } catch {
    problem(`${setting}: ${path} is geen PEM-certificaat`);
    return undefined;
  }
}

function readPrivateKey(setting: string, what: string, path: string, problem: (line: string) => void): KeyObject | undefined {
  const pem = readFile(setting, what, path, problem);
  if (!pem) return undefined;
  try {
    return createPrivateKey(pem);
  } catch {
    // The parser's message could quote the file; name only the kind of problem.
    problem(`${setting}: ${path} is geen privésleutel in PEM (PKCS#8)`);
    return undefined;
  }
}

function jwksFileProblem(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return `${path} ${code === 'ENOENT' ? 'bestaat niet' : `is niet leesbaar (${code ?? 'onbekende fout'})`}`;
  }
  try {
    const keys = (JSON.parse(text) as { keys?: unknown }).keys;
    return Array.isArray(keys) && keys.length > 0 ? undefined : `${path} bevat geen sleutels ("keys" is leeg of ontbreekt)`;
  } catch {
    return `${path} is geen geldige JSON`;
  }
}

/** The state directory must exist (or be creatable) and take a new file: period keys go there. */
function writableDirProblem(dir: string): string | undefined {
  const probe = join(dir, `.schrijftest-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(probe, '', { flag: 'wx', mode: 0o600 });
    rmSync(probe, { force: true });
    return undefined;
  } catch (err) {
    return `de map ${dir} is niet schrijfbaar (${(err as NodeJS.ErrnoException).code ?? 'onbekende fout'}); de gateway bewaart er zijn periodesleutels`;
  }
}
