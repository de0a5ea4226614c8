import { createCipheriv, createDecipheriv } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { secureRandomBytes } from '../ids/random.js';
import { contactDictionaryV2 } from './contact-dictionary.js';

/** A municipality's key-encryption key: it only ever wraps data keys, never content. */
export type KeyEncryptionKey = { id: string; key: Buffer };

/**
 * Contact details at rest: the content under a per-call data key, the data key wrapped by the
 * KEK. Destroying `wrappedKey` shreds the content; re-wrapping under a new KEK leaves `ct` alone.
 * All binary fields base64.
 *
 * Version 2 (written since issue 14): the JSON is deflated against a fixed dictionary before it
 * is encrypted, and stored compactly (see `storedContact`). Version 1 (plain JSON, stored as a
 * JSON object) still decrypts. Compressing before encrypting lets the ciphertext's length vary
 * with the content's redundancy; the length of the plain JSON was visible before, nobody can add
 * chosen text next to a resident's details, so this tells a reader of Redis nothing new of use.
 */
export interface EncryptedContact {
  v: 1 | 2;
  kekId: string;
  wrappedKey: string;
  wrapIv: string;
  wrapTag: string;
  iv: string;
  tag: string;
  ct: string;
}

export type ContactDecryptionReason = 'onbekende-sleutel' | 'ongeldig' | 'formaat';

/**
 * Decryption or re-wrapping failed. Carries the reason and the KEK id (an identifier, not key
 * material); never plaintext, never key bytes, never which GCM check failed.
 */
export class ContactDecryptionError extends Error {
  override name = 'ContactDecryptionError';
  constructor(
    readonly reason: ContactDecryptionReason,
    readonly kekId: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const algorithm = 'aes-256-gcm';
const keyBytes = 32;
const ivBytes = 12;
const tagBytes = 16;
// Domain tags in the AAD: a wrapped key can never be passed off as content or the other way round.
// The version is in the content AAD: a version-2 ciphertext relabelled as 1 (or back) fails.
const contentAadPrefix = { 1: 'vroegsignaal:contact:v1\x00', 2: 'vroegsignaal:contact:v2\x00' } as const;
const wrapAadPrefix = 'vroegsignaal:kek-wrap:v1\x00';

/**
 * Encrypt JSON-serialisable contact details. `aad` is the case id: the blob then decrypts only
 * under that case, so it cannot be copied into another one.
 */
export function encryptContactDetails(plain: unknown, kek: KeyEncryptionKey, aad: string): EncryptedContact {
  const json = JSON.stringify(plain) as string | undefined;
  if (json === undefined) throw new TypeError('contactgegevens zijn niet als JSON te serialiseren');
  assertKek(kek);
  const dataKey = secureRandomBytes(keyBytes);
  try {
    const packed = deflateRawSync(Buffer.from(json, 'utf8'), { dictionary: contactDictionaryV2, level: 9 });
    const content = seal(dataKey, packed, contentAad(2, aad));
    const wrap = seal(kek.key, dataKey, wrapAad(kek.id));
    return {
      v: 2,
      kekId: kek.id,
      wrappedKey: wrap.ct,
      wrapIv: wrap.iv,
      wrapTag: wrap.tag,
      iv: content.iv,
      tag: content.tag,
      ct: content.ct,
    };
  } finally {
    dataKey.fill(0);
  }
}

/** Decrypt under the case id `aad`. Unknown KEK, wrong KEK, wrong case or any altered byte → ContactDecryptionError. */
export function decryptContactDetails(
  blob: EncryptedContact,
  lookupKek: (kekId: string) => KeyEncryptionKey | undefined,
  aad: string,
): unknown {
  assertShape(blob);
  const kek = lookupKek(blob.kekId);
  // A lookup that answers with another id's key is a bug upstream; treat it as no key at all.
  if (kek === undefined || kek.id !== blob.kekId) {
    throw new ContactDecryptionError('onbekende-sleutel', blob.kekId, `sleutelversleutelingssleutel ${blob.kekId} is onbekend`);
  }
  assertKek(kek);
  const dataKey = unwrapDataKey(blob, kek);
  try {
    const content = open(dataKey, blob.iv, blob.tag, blob.ct, contentAad(blob.v, aad), blob.kekId);
    const json = blob.v === 2 ? inflateRawSync(content, { dictionary: contactDictionaryV2, maxOutputLength: 1 << 20 }) : content;
    return JSON.parse(json.toString('utf8'));
  } finally {
    dataKey.fill(0);
  }
}

/** Move a blob to a new KEK (rotation): unwrap with the old, wrap with the new; iv, tag and ct are untouched. */
export function rewrapDataKey(blob: EncryptedContact, oldKek: KeyEncryptionKey, newKek: KeyEncryptionKey): EncryptedContact {
  assertShape(blob);
  if (oldKek.id !== blob.kekId) {
    throw new ContactDecryptionError('onbekende-sleutel', blob.kekId, `blob is verpakt met ${blob.kekId}, niet met ${oldKek.id}`);
  }
  assertKek(oldKek);
  assertKek(newKek);
  const dataKey = unwrapDataKey(blob, oldKek);
  try {
    const wrap = seal(newKek.key, dataKey, wrapAad(newKek.id));
    return { ...blob, kekId: newKek.id, wrappedKey: wrap.ct, wrapIv: wrap.iv, wrapTag: wrap.tag };
  } finally {
    dataKey.fill(0);
  }
}

function unwrapDataKey(blob: EncryptedContact, kek: KeyEncryptionKey): Buffer {
  const dataKey = open(kek.key, blob.wrapIv, blob.wrapTag, blob.wrappedKey, wrapAad(kek.id), blob.kekId);
  if (dataKey.length !== keyBytes) {
    dataKey.fill(0);
    throw new ContactDecryptionError('formaat', blob.kekId, 'de verpakte datasleutel heeft een verkeerde lengte');
  }
  return dataKey;
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): { iv: string; tag: string; ct: string } {
  const iv = secureRandomBytes(ivBytes);
  const cipher = createCipheriv(algorithm, key, iv, { authTagLength: tagBytes });
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
}

function open(key: Buffer, iv: string, tag: string, ct: string, aad: Buffer, kekId: string): Buffer {
  try {
    const decipher = createDecipheriv(algorithm, key, Buffer.from(iv, 'base64'), { authTagLength: tagBytes });
    decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]);
  } catch {
    // Node's own message is dropped: one answer for every failure, so nothing leaks about which check failed.
    throw new ContactDecryptionError('ongeldig', kekId, `ontsleutelen mislukt (sleutel ${kekId}): verkeerde sleutel, zaak of gewijzigde gegevens`);
  }
}

const contentAad = (v: 1 | 2, caseId: string) => Buffer.from(contentAadPrefix[v] + caseId, 'utf8');
const wrapAad = (kekId: string) => Buffer.from(wrapAadPrefix + kekId, 'utf8');

function assertKek(kek: KeyEncryptionKey): void {
  if (kek.key.length !== keyBytes) throw new TypeError(`sleutelversleutelingssleutel ${kek.id} is geen 256-bits sleutel`);
}

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Check the stored shape before touching crypto, and pin iv and tag lengths: GCM in Node would
 * otherwise accept a truncated tag, which weakens authentication.
 */
function assertShape(blob: EncryptedContact): void {
  const fail = (what: string, kekId?: string) => new ContactDecryptionError('formaat', kekId, `versleutelde contactgegevens: ${what}`);
  if (typeof blob !== 'object' || blob === null) throw fail('geen object');
  const b = blob as unknown as Record<string, unknown>;
  const kekId = typeof b['kekId'] === 'string' ? b['kekId'] : undefined;
  if (b['v'] !== 1 && b['v'] !== 2) throw fail('onbekende versie', kekId);
  if (kekId === undefined || kekId === '') throw fail('kekId ontbreekt');
  for (const field of ['wrappedKey', 'wrapIv', 'wrapTag', 'iv', 'tag', 'ct'] as const) {
    const value = b[field];
    if (typeof value !== 'string' || !base64Pattern.test(value)) throw fail(`${field} is geen base64`, kekId);
  }
  const byteLength = (s: string) => Buffer.from(s, 'base64').length;
  if (byteLength(blob.wrapIv) !== ivBytes || byteLength(blob.iv) !== ivBytes) throw fail('iv heeft een verkeerde lengte', kekId);
  if (byteLength(blob.wrapTag) !== tagBytes || byteLength(blob.tag) !== tagBytes) throw fail('tag heeft een verkeerde lengte', kekId);
  if (byteLength(blob.wrappedKey) !== keyBytes) throw fail('wrappedKey heeft een verkeerde lengte', kekId);
}

/**
 * How a blob is kept in a case hash. Version 2: `2.<kekId>.<base64 of wrapIv, wrapTag,
 * wrappedKey, iv, tag and ct side by side>` — about 200 bytes less per blob than the JSON object
 * with its field names and six base64 paddings. Version 1 stays a JSON object (re-wrapping a
 * stored version-1 blob keeps its form), so what is already stored reads as before.
 */
export function storedContact(blob: EncryptedContact): string {
  if (blob.v === 1) return JSON.stringify(blob);
  const bytes = Buffer.concat([blob.wrapIv, blob.wrapTag, blob.wrappedKey, blob.iv, blob.tag, blob.ct].map((f) => Buffer.from(f, 'base64')));
  return `2.${blob.kekId}.${bytes.toString('base64')}`;
}

const packedLayout = [['wrapIv', ivBytes], ['wrapTag', tagBytes], ['wrappedKey', keyBytes], ['iv', ivBytes], ['tag', tagBytes]] as const;

/** The blob in a case hash field, either form; shape errors are ContactDecryptionError 'formaat'. */
export function parseStoredContact(text: string): EncryptedContact {
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text) as EncryptedContact;
    } catch {
      throw new ContactDecryptionError('formaat', undefined, 'versleutelde contactgegevens: geen JSON');
    }
  }
  const first = text.indexOf('.');
  const last = text.lastIndexOf('.');
  const kekId = text.slice(first + 1, last);
  const bytes = Buffer.from(text.slice(last + 1), 'base64');
  const fixed = packedLayout.reduce((n, [, size]) => n + size, 0);
  if (text.slice(0, first) !== '2' || first === last || !kekId || !base64Pattern.test(text.slice(last + 1)) || bytes.length < fixed) {
    throw new ContactDecryptionError('formaat', kekId || undefined, 'versleutelde contactgegevens: onbekende vorm');
  }
  const blob: Record<string, unknown> = { v: 2, kekId };
  let at = 0;
  for (const [field, size] of packedLayout) {
    blob[field] = bytes.subarray(at, at + size).toString('base64');
    at += size;
  }
  blob.ct = bytes.subarray(at).toString('base64');
  return blob as unknown as EncryptedContact;
}
