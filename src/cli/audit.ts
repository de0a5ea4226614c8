import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadExport } from '../audit/download.js';
import { loadCheckpointSigner } from '../audit/checkpoint-key.js';
import { exportAuditLog } from '../audit/export.js';
import { verifierKeyString } from '../audit/note.js';
import { verifyExport } from '../audit/verify.js';
import { ProgressBar } from '../client/progress.js';
import { loadConfig } from '../config/config.js';
import { createRedis } from '../redis/connection.js';
import { parseCommandArgs, UsageError } from './args.js';
import { resolveRedisTarget } from './redis-target.js';

const usage = `gebruik:
  vroegsignaal audit export [--van <tijd>] [--tot <tijd>] <map>
  vroegsignaal audit verify <map | https://gateway> [--token <bearer>] [--ca <ca.crt>]`;

function parseTime(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) throw new UsageError(`--${name} is geen geldige tijd (RFC 3339 of JJJJ-MM-DD)`);
  return t;
}

async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { van: { type: 'string' }, tot: { type: 'string' } });
  const dir = positionals[0];
  if (!dir) throw new UsageError(usage);
  const config = loadConfig();
  const signer = loadCheckpointSigner(config.audit.checkpointKeyPath, config.audit.origin);
  const redis = createRedis(resolveRedisTarget(config));
  let bar: ProgressBar | undefined;
  try {
    const van = parseTime(values.van, 'van');
    const tot = parseTime(values.tot, 'tot');
    const result = await exportAuditLog(redis, {
      dir, verifierKey: verifierKeyString(signer), ...(van ? { van } : {}), ...(tot ? { tot } : {}),
      progress: (done, total) => (bar ??= new ProgressBar(total, 'records')).update(done),
    });
    bar?.finish();
    console.log(`Geëxporteerd naar ${dir}: ${result.size} bladeren, ${result.records} records, ${result.checkpoints} checkpoints.`);
    return 0;
  } finally {
    redis.disconnect();
  }
}

async function verifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { token: { type: 'string' }, ca: { type: 'string' } });
  const target = positionals[0];
  if (!target) throw new UsageError(usage);
  let dir = target;
  let temp: string | undefined;
  if (/^https:\/\//.test(target)) {
    const token = values.token ?? process.env.VROEGSIGNAAL_TOKEN;
    if (!token) throw new UsageError('verifiëren tegen een URL vraagt --token (privacy officer, gemeentecode 0000) of VROEGSIGNAAL_TOKEN');
    temp = dir = mkdtempSync(join(tmpdir(), 'vs-verify-'));
    let bar: ProgressBar | undefined;
    await downloadExport({ baseUrl: target, token, dir, ...(values.ca ? { ca: readFileSync(values.ca) } : {}),
      progress: (done, total) => (bar ??= new ProgressBar(total, 'records opgehaald')).update(done) });
    bar?.finish();
  } else if (!existsSync(dir)) {
    throw new UsageError(`${dir} bestaat niet`);
  }
  try {
    return await verifyDir(dir);
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

async function verifyDir(dir: string): Promise<number> {
  const bars = new Map<string, ProgressBar>();
  const started = Date.now();
  const report = await verifyExport(dir, (done, total, phase) => {
    let bar = bars.get(phase);
    if (!bar) bars.set(phase, (bar = new ProgressBar(total, phase === 'boom' ? 'bladeren in de boom' : 'records')));
    bar.update(done);
  });
  for (const bar of bars.values()) bar.finish();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${report.size} bladeren, ${report.records} records, ${report.checkpoints} geldige checkpoints, ${report.deleted.length} met verwijderde inhoud (${seconds} s).`);
  for (const i of report.deleted.slice(0, 20)) console.log(`  index ${i}: inhoud verwijderd (bewaartermijn), blad intact`);
  if (report.ok) {
    console.log('Het log is intact: elk record past bij zijn blad, elk checkpoint bij de boom.');
    return 0;
  }
  console.log(`MANIPULATIE GEVONDEN (${report.problems.length}):`);
  for (const p of report.problems.slice(0, 100)) console.log(`  ${p.kind}${p.index !== undefined ? ` @ index ${p.index}` : ''}: ${p.detail}`);
  return 1;
}

export async function runAudit(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'export') return exportCommand(rest);
  if (sub === 'verify') return verifyCommand(rest);
  throw new UsageError(usage);
}
