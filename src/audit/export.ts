import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { readContent } from './content.js';
import { auditLogKeys, contentBucketSize } from '../redis/keys.js';
import { exportFiles, type ExportedRecord } from './export-format.js';
import { sequencedSize } from './tree-store.js';

export interface ExportOptions {
  dir: string;
  verifierKey: string;
  /** Only records whose time lies in [van, tot) carry content; every leaf is always exported. */
  van?: Date;
  tot?: Date;
  progress?: (done: number, total: number) => void;
}

function recordTime(record: Record<string, unknown>): number {
  const t = (record.start_time ?? record.timestamp) as string | undefined;
  return t ? Date.parse(t) : NaN;
}

/** Write the log as files for an independent verifier. Reads Redis a bucket at a time. */
export async function exportAuditLog(redis: Redis, options: ExportOptions): Promise<{ size: number; records: number; checkpoints: number }> {
  const size = await sequencedSize(redis);
  mkdirSync(join(options.dir, exportFiles.checkpointsDir), { recursive: true });
  writeFileSync(join(options.dir, exportFiles.key), `${options.verifierKey.trim()}\n`);
  // A time-limited export leaves records out on purpose; the verifier must not call that removal.
  const complete = options.van === undefined && options.tot === undefined;
  writeFileSync(join(options.dir, exportFiles.manifest), JSON.stringify({
    grootte: size, volledig: complete, van: options.van?.toISOString() ?? null, tot: options.tot?.toISOString() ?? null,
  }, null, 2) + '\n');
  const checkpoints = await redis.hgetall(auditLogKeys.checkpoints);
  for (const [n, note] of Object.entries(checkpoints)) {
    if (Number(n) <= size) writeFileSync(join(options.dir, exportFiles.checkpointsDir, `${n}.note`), note);
  }
  const leaves = await redis.getrangeBuffer(auditLogKeys.level(0), 0, size * 32 - 1);
  writeFileSync(join(options.dir, exportFiles.leaves), size === 0 ? Buffer.alloc(0) : leaves);

  const out = createWriteStream(join(options.dir, exportFiles.records));
  let written = 0;
  const from = options.van?.getTime() ?? -Infinity;
  const to = options.tot?.getTime() ?? Infinity;
  const stretch = contentBucketSize * 16;
  for (let start = 0; start < size; start += stretch) {
    const indexes = Array.from({ length: Math.min(stretch, size - start) }, (_, k) => start + k);
    const contents = await readContent(redis, indexes);
    const lines: string[] = [];
    for (const index of indexes) {
      const c = contents.get(index);
      let line: ExportedRecord | undefined;
      if (c && 'json' in c) {
        const record = JSON.parse(c.json) as Record<string, unknown>;
        const t = recordTime(record);
        if (!(t >= from && t < to)) continue;
        line = { index, record, salt: c.salt };
      } else if (c) {
        line = { index, verwijderd: c.deleted };
      }
      if (line) {
        lines.push(JSON.stringify(line));
        written++;
      }
    }
    if (lines.length > 0 && !out.write(lines.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
    options.progress?.(Math.min(size, start + stretch), size);
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { size, records: written, checkpoints: Object.keys(checkpoints).length };
}
