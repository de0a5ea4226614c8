import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * C2SP signed-note (Ed25519) and tlog-checkpoint. Key hash = first 4 bytes of
 * SHA-256(name ‖ "\n" ‖ 0x01 ‖ pubkey); signature line `— <name> <base64(keyhash ‖ sig)>`.
 * Written to be checked by any independent implementation (Go's sumdb/note, Sigsum, …).
 */
const ed25519Type = 0x01;
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

export interface NoteSigner {
  name: string;
  keyHash: Buffer;
  privateKey: KeyObject;
  publicKey: Buffer; // raw 32 bytes
}

export interface NoteVerifier {
  name: string;
  keyHash: Buffer;
  publicKey: KeyObject;
}

export function rawEd25519PublicKey(key: KeyObject): Buffer {
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return der.subarray(der.length - 32);
}

export function keyHash(name: string, rawPublicKey: Buffer): Buffer {
  return createHash('sha256').update(name).update('\n').update(Buffer.from([ed25519Type])).update(rawPublicKey).digest().subarray(0, 4);
}

export function noteSigner(name: string, privateKeyPem: string | Buffer): NoteSigner {
  if (!/^[^\s+]+$/.test(name)) throw new Error('de naam van een notitiesleutel mag geen spatie of + bevatten');
  const privateKey = createPrivateKey(privateKeyPem);
  const publicKey = rawEd25519PublicKey(privateKey);
  return { name, keyHash: keyHash(name, publicKey), privateKey, publicKey };
}

/** `<name>+<hex keyhash>+<base64(0x01 ‖ pubkey)>` (CONTRACT §3, `GET /v1/auditlog/sleutel`). */
export function verifierKeyString(signer: Pick<NoteSigner, 'name' | 'keyHash' | 'publicKey'>): string {
  return `${signer.name}+${signer.keyHash.toString('hex')}+${Buffer.concat([Buffer.from([ed25519Type]), signer.publicKey]).toString('base64')}`;
}

export function parseVerifierKey(text: string): NoteVerifier {
  // The base64 part may itself contain '+': only the first two are separators.
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(text.trim());
  const key = Buffer.from(match?.[3] ?? '', 'base64');
  if (!match || key.length !== 33 || key[0] !== ed25519Type) throw new Error('ongeldige verificatiesleutel');
  const name = match[1]!;
  const hashHex = match[2]!;
  const raw = key.subarray(1);
  const expected = keyHash(name, raw);
  if (expected.toString('hex') !== hashHex) throw new Error('sleutelhash klopt niet met naam en sleutel');
  return { name, keyHash: expected, publicKey: createPublicKey({ key: Buffer.concat([spkiPrefix, raw]), format: 'der', type: 'spki' }) };
}

export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n')) throw new Error('de tekst van een notitie eindigt op een newline');
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  return `${text}\n— ${signer.name} ${Buffer.concat([signer.keyHash, signature]).toString('base64')}\n`;
}

/** The note's text if a signature by `verifier` on it is valid; otherwise undefined. */
export function openNote(note: string, verifier: NoteVerifier): string | undefined {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return undefined;
  const text = note.slice(0, split + 1);
  for (const line of note.slice(split + 2).split('\n')) {
    const match = /^— (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!match || match[1] !== verifier.name) continue;
    const blob = Buffer.from(match[2]!, 'base64');
    if (blob.length !== 68 || !blob.subarray(0, 4).equals(verifier.keyHash)) continue;
    if (verify(null, Buffer.from(text, 'utf8'), verifier.publicKey, blob.subarray(4))) return text;
  }
  return undefined;
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
}

export function checkpointText(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`;
}

export function parseCheckpointText(text: string): Checkpoint | undefined {
  const match = /^([^\n]+)\n(0|[1-9][0-9]*)\n([A-Za-z0-9+/]{43}=)\n/.exec(text);
  if (!match) return undefined;
  return { origin: match[1]!, size: Number(match[2]), root: Buffer.from(match[3]!, 'base64') };
}
