import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
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

/**
 * Atomic and never overwriting: write a private temp file, fsync, then hard-link it into place
 * (link fails if the target exists, where rename would silently replace keys another process
 * just made). Filesystems without hard links fall back to rename after an existence check.
 * Returns false when the file appeared meanwhile. `linksRequired`: no fallback (period keys, where
 * a check-then-rename could let two processes each believe their key is the one).
 */
export function writeFileIfAbsent(file: string, text: string, options: { temp?: string; linksRequired?: boolean } = {}): boolean {
  const temp = options.temp ?? `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return removed(temp, false);
    if (options.linksRequired || (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS')) {
      rmSync(temp, { force: true });
      throw err;
    }
    if (existsSync(file)) return removed(temp, false);
    renameSync(temp, file);
    syncDir(file);
    return true;
  }
  rmSync(temp, { force: true });
  syncDir(file);
  return true;
}

function removed(temp: string, result: boolean): boolean {
  rmSync(temp, { force: true });
  return result;
}
