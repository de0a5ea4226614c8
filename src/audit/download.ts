import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { exportFiles } from './export-format.js';

export interface DownloadOptions {
  baseUrl: string;
  /** A privacy officer's bearer token (gateway-wide, gemeentecode 0000) for the record contents. */
  token: string;
  ca?: Buffer;
  dir: string;
  progress?: (done: number, total: number) => void;
}

function get(options: DownloadOptions, path: string, auth: boolean): Promise<string> {
  const url = new URL(path, options.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      ...(options.ca ? { ca: options.ca } : {}),
      headers: { Accept: 'application/json, text/plain', ...(auth ? { Authorization: `Bearer ${options.token}` } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) reject(new Error(`${url.pathname}: status ${res.statusCode}: ${body.slice(0, 200)}`));
        else resolve(body);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Fetch what `audit verify` needs from a running gateway into the export format, so the same
 * offline checks judge the live log against its own signed checkpoints.
 */
export async function downloadExport(options: DownloadOptions): Promise<void> {
  mkdirSync(join(options.dir, exportFiles.checkpointsDir), { recursive: true });
  writeFileSync(join(options.dir, exportFiles.key), await get(options, '/v1/auditlog/sleutel', false));
  const checkpoints = JSON.parse(await get(options, '/v1/auditlog/checkpoints', false)) as Array<{ grootte: number; checkpoint: string }>;
  for (const c of checkpoints) writeFileSync(join(options.dir, exportFiles.checkpointsDir, `${c.grootte}.note`), c.checkpoint);
  const size = checkpoints.at(-1)?.grootte ?? 0;
  writeFileSync(join(options.dir, exportFiles.manifest), JSON.stringify({ grootte: size, volledig: true, van: null, tot: null }) + '\n');

  const leaves = Buffer.alloc(size * 32);
  for (let van = 0; van < size; van += 10_000) {
    const tot = Math.min(size, van + 10_000);
    const page = JSON.parse(await get(options, `/v1/auditlog/bladeren?van=${van}&tot=${tot}`, false)) as { bladeren: string[] };
    page.bladeren.forEach((b, i) => Buffer.from(b, 'base64').copy(leaves, (van + i) * 32));
  }
  writeFileSync(join(options.dir, exportFiles.leaves), leaves);

  const out = createWriteStream(join(options.dir, exportFiles.records));
  let cursor: string | null = null;
  let done = 0;
  do {
    const page = JSON.parse(await get(options, `/v1/auditlog/records?limiet=500${cursor ? `&cursor=${cursor}` : ''}`, true)) as {
      records: Array<{ index: number; record: unknown; salt?: string; verwijderd?: string }>; volgende: string | null;
    };
    const lines = page.records.filter((r) => r.index < size).map((r) => JSON.stringify(r.record ? { index: r.index, record: r.record, salt: r.salt } : { index: r.index, verwijderd: r.verwijderd ?? 'onbekend' }));
    if (lines.length) out.write(lines.join('\n') + '\n');
    done += page.records.length;
    options.progress?.(Math.min(done, size), size);
    cursor = page.volgende;
  } while (cursor);
  await new Promise<void>((resolve) => out.end(() => resolve()));
}
