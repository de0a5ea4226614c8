import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDevCa } from '../../../src/pki/certificates.js';
import { x5tS256 } from '../../../src/pki/thumbprint.js';

describe('x5tS256', () => {
  it('is the base64url SHA-256 of the DER, as Node fingerprints it', () => {
    const { certPem } = createDevCa();
    const fromNode = Buffer.from(new X509Certificate(certPem).fingerprint256.replaceAll(':', ''), 'hex').toString('base64url');
    expect(x5tS256(certPem)).toBe(fromNode);
    expect(x5tS256(certPem)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
