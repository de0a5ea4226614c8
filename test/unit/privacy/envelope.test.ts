import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EncryptedContact, KeyEncryptionKey } from '../../../src/privacy/envelope.js';
import {
  ContactDecryptionError,
  decryptContactDetails,
  encryptContactDetails,
  parseStoredContact,
  rewrapDataKey,
  storedContact,
} from '../../../src/privacy/envelope.js';

const kek: KeyEncryptionKey = { id: 'k-0363-20250101-aaaa', key: randomBytes(32) };
const nextKek: KeyEncryptionKey = { id: 'k-0363-20250601-bbbb', key: randomBytes(32) };
const lookup = (...keks: KeyEncryptionKey[]) => (id: string) => keks.find((k) => k.id === id);

const contact = { persoon: { achternaam: 'Ünal', telefoonnummer: '+31612345678' }, adres: { postcode: '1234AB', huisnummer: '1' } };
const zaakId = 'zaak-0001';

/** Flip one bit of a base64 field, keeping it valid base64 of the same length. */
function flip(b64: string, byte = 0): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[byte] = bytes[byte]! ^ 0x01;
  return bytes.toString('base64');
}

function expectDecryptionError(fn: () => unknown, reason: ContactDecryptionError['reason']): ContactDecryptionError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ContactDecryptionError);
    const e = err as ContactDecryptionError;
    expect(e.reason).toBe(reason);
    // Neither plaintext nor key material in the message.
    expect(e.message).not.toMatch(/Ünal|31612345678/);
    expect(e.message).not.toContain(kek.key.toString('base64'));
    expect(e.message).not.toContain(kek.key.toString('hex'));
    return e;
  }
  throw new Error('expected ContactDecryptionError');
}

describe('encryptContactDetails / decryptContactDetails', () => {
  it('round-trips JSON and records the KEK id', () => {
    const blob = encryptContactDetails(contact, kek, zaakId);
    expect(blob.v).toBe(2);
    expect(blob.kekId).toBe(kek.id);
    expect(JSON.stringify(blob)).not.toContain('Ünal');
    expect(decryptContactDetails(blob, lookup(kek), zaakId)).toEqual(contact);
  });

  it('uses a fresh data key and iv per call', () => {
    const a = encryptContactDetails(contact, kek, zaakId);
    const b = encryptContactDetails(contact, kek, zaakId);
    expect(a.ct).not.toBe(b.ct);
    expect(a.iv).not.toBe(b.iv);
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
    expect(a.wrapIv).not.toBe(b.wrapIv);
  });

  it('refuses what JSON cannot carry', () => {
    expect(() => encryptContactDetails(undefined, kek, zaakId)).toThrow(TypeError);
  });

  it.each(['ct', 'tag', 'iv', 'wrappedKey', 'wrapTag', 'wrapIv'] as const)('detects tampering with %s', (field) => {
    const blob = encryptContactDetails(contact, kek, zaakId);
    expectDecryptionError(() => decryptContactDetails({ ...blob, [field]: flip(blob[field]) }, lookup(kek), zaakId), 'ongeldig');
  });

  it('binds the blob to its case id', () => {
    const blob = encryptContactDetails(contact, kek, zaakId);
    expectDecryptionError(() => decryptContactDetails(blob, lookup(kek), 'zaak-0002'), 'ongeldig');
  });

  it('binds the wrapped key to its KEK id', () => {
    const blob = encryptContactDetails(contact, kek, zaakId);
    const sameKeyOtherId = { id: 'k-0363-20250101-ffff', key: kek.key };
    expectDecryptionError(() => decryptContactDetails({ ...blob, kekId: sameKeyOtherId.id }, lookup(sameKeyOtherId), zaakId), 'ongeldig');
  });

  it('fails on an unknown KEK, naming only its id', () => {
    const blob = encryptContactDetails(contact, kek, zaakId);
    const e = expectDecryptionError(() => decryptContactDetails(blob, lookup(nextKek), zaakId), 'onbekende-sleutel');
    expect(e.kekId).toBe(kek.id);
    expect(e.message).toContain(kek.id);
  });

  it('fails on a wrong KEK under the right id', () => {
    const blob = encryptContactDetails(contact, kek, zaakId);
    expectDecryptionError(() => decryptContactDetails(blob, () => ({ id: kek.id, key: randomBytes(32) }), zaakId), 'ongeldig');
  });

  it('rejects a lookup that answers with another id', () => {
    const blob = encryptContactDetails(contact, kek, zaakId);
    expectDecryptionError(() => decryptContactDetails(blob, () => nextKek, zaakId), 'onbekende-sleutel');
  });

  it('rejects malformed blobs, including a truncated tag', () => {
    const blob = encryptContactDetails(contact, kek, zaakId);
    const shortTag = Buffer.from(blob.tag, 'base64').subarray(0, 4).toString('base64');
    expectDecryptionError(() => decryptContactDetails({ ...blob, tag: shortTag }, lookup(kek), zaakId), 'formaat');
    expectDecryptionError(() => decryptContactDetails({ ...blob, v: 3 } as unknown as EncryptedContact, lookup(kek), zaakId), 'formaat');
    expectDecryptionError(() => decryptContactDetails({ ...blob, ct: '***' }, lookup(kek), zaakId), 'formaat');
  });
});

describe('rewrapDataKey', () => {
  it('moves the blob to the new KEK without touching the content', () => {
    const blob = encryptContactDetails(contact, kek, zaakId);
    const moved = rewrapDataKey(blob, kek, nextKek);
    expect(moved.kekId).toBe(nextKek.id);
    expect([moved.ct, moved.iv, moved.tag]).toEqual([blob.ct, blob.iv, blob.tag]);
    expect(moved.wrappedKey).not.toBe(blob.wrappedKey);
    expect(decryptContactDetails(moved, lookup(kek, nextKek), zaakId)).toEqual(contact);
  });

  it('leaves the old KEK unable to open the re-wrapped blob', () => {
    const moved = rewrapDataKey(encryptContactDetails(contact, kek, zaakId), kek, nextKek);
    expectDecryptionError(() => decryptContactDetails(moved, lookup(kek), zaakId), 'onbekende-sleutel');
    expectDecryptionError(() => decryptContactDetails(moved, () => ({ id: nextKek.id, key: kek.key }), zaakId), 'ongeldig');
  });

  it('refuses an old KEK that is not the one the blob names, or a wrong one under that name', () => {
    const blob = encryptContactDetails(contact, kek, zaakId);
    expectDecryptionError(() => rewrapDataKey(blob, nextKek, kek), 'onbekende-sleutel');
    expectDecryptionError(() => rewrapDataKey(blob, { id: kek.id, key: randomBytes(32) }, nextKek), 'ongeldig');
  });
});

/** A blob as version 1 wrote it (plain JSON under the v1 AAD), to show stored blobs still open. */
function versionOneBlob(plain: unknown, key: KeyEncryptionKey, caseId: string): EncryptedContact {
  const seal = (k: Buffer, data: Buffer, aad: string) => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', k, iv, { authTagLength: 16 });
    c.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([c.update(data), c.final()]);
    return { iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), ct: ct.toString('base64') };
  };
  const dataKey = randomBytes(32);
  const content = seal(dataKey, Buffer.from(JSON.stringify(plain), 'utf8'), `vroegsignaal:contact:v1\x00${caseId}`);
  const wrap = seal(key.key, dataKey, `vroegsignaal:kek-wrap:v1\x00${key.id}`);
  return { v: 1, kekId: key.id, wrappedKey: wrap.ct, wrapIv: wrap.iv, wrapTag: wrap.tag, ...content };
}

describe('version 2: deflated before encryption, stored compactly', () => {
  const full = {
    persoon: { voorletters: 'A.', voorvoegsel: 'van', achternaam: 'Dijk', geboortedatum: '1985-06-15', telefoonnummer: '0612345678', email: 'a.vandijk@example.nl' },
    adres: { straatnaam: 'Voorbeeldstraat', huisnummer: '10', huisnummertoevoeging: 'A', postcode: '1234AB', plaatsnaam: 'Voorbeeldstad' },
  };

  it('round-trips through its stored form, which is far smaller than the version-1 JSON', () => {
    const blob = encryptContactDetails(full, kek, zaakId);
    const text = storedContact(blob);
    expect(text.startsWith(`2.${kek.id}.`)).toBe(true);
    expect(parseStoredContact(text)).toEqual(blob);
    expect(decryptContactDetails(parseStoredContact(text), lookup(kek), zaakId)).toEqual(full);
    const v1 = storedContact(versionOneBlob(full, kek, zaakId));
    expect(text.length).toBeLessThan(v1.length - 250);
  });

  it('still opens version-1 blobs, stored as JSON, and keeps their form when re-wrapped', () => {
    const old = versionOneBlob(contact, kek, zaakId);
    const text = storedContact(old);
    expect(JSON.parse(text)).toEqual(old);
    expect(decryptContactDetails(parseStoredContact(text), lookup(kek), zaakId)).toEqual(contact);
    const moved = rewrapDataKey(parseStoredContact(text), kek, nextKek);
    expect(storedContact(moved).startsWith('{')).toBe(true);
    expect(decryptContactDetails(moved, lookup(nextKek), zaakId)).toEqual(contact);
  });

  it('binds the version: a blob relabelled as the other version does not open', () => {
    const blob = encryptContactDetails(contact, kek, zaakId);
    expectDecryptionError(() => decryptContactDetails({ ...blob, v: 1 }, lookup(kek), zaakId), 'ongeldig');
    const old = versionOneBlob(contact, kek, zaakId);
    expectDecryptionError(() => decryptContactDetails({ ...old, v: 2 }, lookup(kek), zaakId), 'ongeldig');
  });

  it('rejects stored text of an unknown form as formaat', () => {
    const text = storedContact(encryptContactDetails(contact, kek, zaakId));
    for (const bad of ['3' + text.slice(1), `2.${kek.id}.AAAA`, '2..AAAA', 'zomaar', '{kapot']) {
      expectDecryptionError(() => parseStoredContact(bad), 'formaat');
    }
  });
});
