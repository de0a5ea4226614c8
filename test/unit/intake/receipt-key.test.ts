import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { jwks, loadReceiptSigner } from '../../../src/intake/receipt-key.js';

const dir = mkdtempSync(join(tmpdir(), 'vs-receipt-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeKey(name: string, key: ReturnType<typeof generateKeyPairSync>['privateKey']): string {
  const path = join(dir, name);
  writeFileSync(path, key.export({ type: 'pkcs8', format: 'pem' }));
  return path;
}

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });

describe('receipt signer', () => {
  it('loads an ES256 key with its RFC 7638 thumbprint as kid, stable across loads', async () => {
    const path = writeKey('es.pem', ec.privateKey);
    const a = await loadReceiptSigner(path, 'ES256');
    const b = await loadReceiptSigner(path, 'ES256');
    expect(a.kid).toBe(b.kid);
    expect(a.kid).toBe(await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: a.publicJwk.x!, y: a.publicJwk.y! }));
    expect(a.alg).toBe('ES256');
  });

  it('publishes a JWKS of public keys with use, alg and kid', async () => {
    const es = await loadReceiptSigner(writeKey('es2.pem', ec.privateKey), 'ES256');
    const ps = await loadReceiptSigner(writeKey('ps.pem', rsa.privateKey), 'PS256');
    const set = jwks([es, ps]);
    expect(set.keys).toHaveLength(2);
    expect(set.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'sig', alg: 'ES256', kid: es.kid });
    expect(set.keys[1]).toMatchObject({ kty: 'RSA', e: 'AQAB', use: 'sig', alg: 'PS256', kid: ps.kid });
    for (const k of set.keys) for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(k).not.toHaveProperty(secret);
    set.keys[0]!.kid = 'veranderd';
    expect(es.publicJwk.kid).toBe(es.kid);
  });

  it('refuses a key that does not fit the configured algorithm', async () => {
    await expect(loadReceiptSigner(writeKey('rsa-as-es.pem', rsa.privateKey), 'ES256')).rejects.toThrow(/past niet bij ES256/);
    await expect(loadReceiptSigner(writeKey('ec-as-ps.pem', ec.privateKey), 'PS256')).rejects.toThrow(/past niet bij PS256/);
    await expect(loadReceiptSigner(writeKey('p384.pem', p384.privateKey), 'ES256')).rejects.toThrow(/past niet bij ES256/);
  });
});
