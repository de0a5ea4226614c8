import { createPrivateKey, createPublicKey } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateP256KeyPair, generateRsaKeyPair, writePrivateKeyFile } from '../../../src/pki/keys.js';

const dir = mkdtempSync(join(tmpdir(), 'vs-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

describe('key generation', () => {
  it('makes RSA-2048 as PKCS#8 / SPKI PEM', () => {
    const keys = generateRsaKeyPair();
    expect(keys.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(keys.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const key = createPrivateKey(keys.privateKeyPem);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('makes P-256 for ES256', () => {
    const keys = generateP256KeyPair();
    expect(keys.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(createPublicKey(keys.publicKeyPem).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });
});

describe('writePrivateKeyFile', () => {
  it('creates parent directories and writes owner-only', () => {
    const path = join(dir, 'a', 'b', 'k.key');
    writePrivateKeyFile(path, 'secret');
    expect(readFileSync(path, 'utf8')).toBe('secret');
    expect(mode(path)).toBe(0o600);
  });

  it('tightens a file that existed with looser rights and leaves no temp file behind', () => {
    const path = join(dir, 'loose.key');
    writeFileSync(path, 'old');
    chmodSync(path, 0o644);
    writePrivateKeyFile(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(mode(path)).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
