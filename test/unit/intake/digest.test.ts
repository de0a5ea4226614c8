import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../../src/errors/problem.js';
import { readBodyDigest, sha256DigestHeader } from '../../../src/intake/digest.js';

const body = Buffer.from('{"id":"HUUR-1","bedrag":1250}');
const b64 = createHash('sha256').update(body).digest('base64');
const other = createHash('sha256').update('iets anders').digest('base64');

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (err instanceof ProblemError) return err.code;
    throw err;
  }
}

describe('sha256DigestHeader', () => {
  it('is SHA-256= and the standard base64 of the body', () => {
    expect(sha256DigestHeader(body)).toBe(`SHA-256=${b64}`);
    expect(sha256DigestHeader(Buffer.alloc(0))).toBe('SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  });
});

describe('readBodyDigest', () => {
  it('accepts Digest (RFC 3230) and returns the normalised value', () => {
    expect(readBodyDigest({ digest: `SHA-256=${b64}` }, body)).toBe(`SHA-256=${b64}`);
    expect(readBodyDigest({ digest: `sha-256=${b64}` }, body)).toBe(`SHA-256=${b64}`);
  });

  it('accepts Content-Digest (RFC 9530)', () => {
    expect(readBodyDigest({ 'content-digest': `sha-256=:${b64}:` }, body)).toBe(`SHA-256=${b64}`);
    expect(readBodyDigest({ 'content-digest': `sha-512=:AAAA:, sha-256=:${b64}:` }, body)).toBe(`SHA-256=${b64}`);
  });

  it('takes the SHA-256 entry of a multi-algorithm Digest and ignores unknown algorithms', () => {
    expect(readBodyDigest({ digest: `MD5=HUXZLQLMuI/KZ5KDcJPcOA==, SHA-256=${b64}` }, body)).toBe(`SHA-256=${b64}`);
    expect(readBodyDigest({ digest: `unixsum=30637,SHA-256=${b64} , foo=bar` }, body)).toBe(`SHA-256=${b64}`);
    expect(readBodyDigest({ digest: [`md5=abc`, `SHA-256=${b64}`] }, body)).toBe(`SHA-256=${b64}`);
  });

  it('refuses a digest that does not match the body', () => {
    expect(codeOf(() => readBodyDigest({ digest: `SHA-256=${other}` }, body))).toBe('digest-ongeldig');
    expect(codeOf(() => readBodyDigest({ 'content-digest': `sha-256=:${other}:` }, body))).toBe('digest-ongeldig');
    expect(codeOf(() => readBodyDigest({ digest: `SHA-256=${b64}` }, Buffer.from('{"id":"HUUR-2"}')))).toBe('digest-ongeldig');
  });

  it('refuses junk around a good value and a second, contradicting SHA-256', () => {
    expect(codeOf(() => readBodyDigest({ digest: `SHA-256=${b64}!!` }, body))).toBe('digest-ongeldig');
    expect(codeOf(() => readBodyDigest({ digest: `SHA-256=${b64.replace(/=$/, '')}` }, body))).toBe('digest-ongeldig');
    expect(codeOf(() => readBodyDigest({ digest: `SHA-256=${b64}`, 'content-digest': `sha-256=:${other}:` }, body))).toBe('digest-ongeldig');
    expect(codeOf(() => readBodyDigest({ digest: `SHA-256=${b64}, SHA-256=${other}` }, body))).toBe('digest-ongeldig');
  });

  it('refuses a missing digest, or one without SHA-256', () => {
    expect(codeOf(() => readBodyDigest({}, body))).toBe('digest-ongeldig');
    expect(codeOf(() => readBodyDigest({ digest: 'MD5=HUXZLQLMuI/KZ5KDcJPcOA==' }, body))).toBe('digest-ongeldig');
    expect(codeOf(() => readBodyDigest({ digest: '' }, body))).toBe('digest-ongeldig');
    expect(codeOf(() => readBodyDigest({ 'content-digest': `sha-256=${b64}` }, body))).toBe('digest-ongeldig');
  });

  it('never puts body content in the detail', () => {
    try {
      readBodyDigest({ digest: `SHA-256=${other}` }, body);
    } catch (err) {
      expect((err as Error).message).not.toContain('HUUR');
      expect((err as Error).message).not.toContain(b64);
    }
  });
});
