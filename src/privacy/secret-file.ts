import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Replace a key file so that a crash leaves the old or the new one, never half of either, and
 * the change survives power loss: written 0600 to a temporary name, fsynced, renamed over, and
 * the directory fsynced. For period keys that is what makes a destruction final and a new key
 * never lost (data encrypted under it would be unreadable).
 */
export function replaceSecretJson(file: string, value: unknown): void {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  syncDir(file);
}

/** fsync the directory holding `file`, so a rename or link in it is durable. Best effort. */
export function syncDir(file: string): void {
  try {
    const fd = openSync(join(file, '..'), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort: not every file system can open a directory */
  }
}
