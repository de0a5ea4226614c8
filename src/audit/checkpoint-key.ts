import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writePrivateKeyFile } from '../pki/keys.js';
import { noteSigner, type NoteSigner } from './note.js';

/** The Ed25519 key that signs checkpoints; made once in development, mounted in production. */
export function ensureCheckpointKey(path: string): boolean {
  if (existsSync(path)) return false;
  const { privateKey } = generateKeyPairSync('ed25519');
  writePrivateKeyFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  return true;
}

export function loadCheckpointSigner(path: string, origin: string): NoteSigner {
  return noteSigner(origin, readFileSync(path));
}
