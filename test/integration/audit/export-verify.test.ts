import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditRecords } from '../../../src/audit/append.js';
import { deleteRecordContent } from '../../../src/audit/delete-content.js';
import { exportAuditLog } from '../../../src/audit/export.js';
import { sealRecord } from '../../../src/audit/leaf.js';
import { inclusionProof, rootHash, verifyInclusion } from '../../../src/audit/merkle.js';
import { noteSigner, verifierKeyString } from '../../../src/audit/note.js';
import { processingRecord } from '../../../src/audit/records.js';
import { AuditSequencer } from '../../../src/audit/sequencer.js';
import { RedisNodeSource } from '../../../src/audit/tree-store.js';
import { verifyExport } from '../../../src/audit/verify.js';
import { startTestRedis } from '../../helpers/redis.js';

let server: Awaited<ReturnType<typeof startTestRedis>>;
let redis: Redis;
let base: string;
const temps: string[] = [];
const signer = noteSigner('localhost/vroegsignaal', generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));

const record = (i: number) => sealRecord(processingRecord({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }, `stap-${i}`, new Date(Date.UTC(2026, 10, 1 + (i % 20))), {
  'dpl.core.processing_activity_id': 'urn:test', 'dpl.core.data_subject_id': `p:${i}`, 'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
  'vroegsignaal.vertrouwelijkheid': 'normaal', 'vroegsignaal.bewaartermijn': 'P2Y',
}));

beforeAll(async () => {
  server = await startTestRedis();
  redis = new Redis(server.url);
  const sequencer = new AuditSequencer(redis, { origin: 'localhost/vroegsignaal', signer, batchSize: 16 });
  for (let batch = 0; batch < 4; batch++) {
    await appendAuditRecords(redis, Array.from({ length: 10 }, (_, i) => record(batch * 10 + i)));
    while ((await sequencer.step()) > 0);
  }
  base = mkdtempSync(join(tmpdir(), 'vs-export-'));
  temps.push(base);
  await exportAuditLog(redis, { dir: base, verifierKey: verifierKeyString(signer) });
});
afterAll(async () => {
  redis.disconnect();
  await server.cleanup();
  temps.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vs-tamper-'));
  temps.push(dir);
  cpSync(base, dir, { recursive: true });
  return dir;
}
const lines = (dir: string) => readFileSync(join(dir, 'records.jsonl'), 'utf8').trim().split('\n');
const writeLines = (dir: string, l: string[]) => writeFileSync(join(dir, 'records.jsonl'), l.join('\n') + '\n');

describe('audit export and verify', () => {
  it('verifies an intact export: 40 leaves, every checkpoint', async () => {
    expect(readdirSync(join(base, 'checkpoints')).length).toBeGreaterThanOrEqual(4);
    const report = await verifyExport(base);
    expect(report).toMatchObject({ ok: true, size: 40, records: 40, problems: [] });
  });

  it('names the index of changed content', async () => {
    const dir = copy();
    const l = lines(dir);
    l[17] = l[17]!.replace('stap-17', 'stap-XX');
    writeLines(dir, l);
    expect((await verifyExport(dir)).problems).toEqual([expect.objectContaining({ kind: 'inhoud-gewijzigd', index: 17 })]);
  });

  it('names a removed record', async () => {
    const dir = copy();
    writeLines(dir, lines(dir).filter((_, i) => i !== 23));
    expect((await verifyExport(dir)).problems).toEqual([expect.objectContaining({ kind: 'record-verwijderd', index: 23 })]);
  });

  it('names reordered records', async () => {
    const dir = copy();
    const l = lines(dir);
    const a = JSON.parse(l[5]!);
    const b = JSON.parse(l[6]!);
    [a.index, b.index] = [b.index, a.index];
    l[5] = JSON.stringify(a);
    l[6] = JSON.stringify(b);
    writeLines(dir, l);
    const kinds = (await verifyExport(dir)).problems.map((p) => [p.kind, p.index]);
    expect(kinds).toEqual([['volgorde-gewijzigd', 6], ['volgorde-gewijzigd', 5]]);
  });

  it('names a forged checkpoint and a rolled-back log', async () => {
    const forged = copy();
    const file = join(forged, 'checkpoints', '40.note');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n40\n/, '\n41\n'));
    expect((await verifyExport(forged)).problems).toEqual([expect.objectContaining({ kind: 'checkpoint-vervalst' })]);

    const rolledBack = copy();
    writeFileSync(join(rolledBack, 'leaves.bin'), readFileSync(join(rolledBack, 'leaves.bin')).subarray(0, 35 * 32));
    const problems = (await verifyExport(rolledBack)).problems;
    expect(problems[0]).toMatchObject({ kind: 'teruggedraaid', index: 35 });
  });

  it('catches an altered leaf under a genuine checkpoint', async () => {
    const dir = copy();
    const leaves = readFileSync(join(dir, 'leaves.bin'));
    leaves[32 * 30] = leaves[32 * 30]! ^ 1;
    writeFileSync(join(dir, 'leaves.bin'), leaves);
    const kinds = new Set((await verifyExport(dir)).problems.map((p) => p.kind));
    expect(kinds.has('boom-klopt-niet')).toBe(true);
    expect(kinds.has('inhoud-gewijzigd')).toBe(true);
  });

  it('reports deleted content as deleted, not tampering, and its proofs still verify', async () => {
    expect(await deleteRecordContent(redis, 12, new Date('2028-11-01T00:00:00Z'))).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'vs-deleted-'));
    temps.push(dir);
    await exportAuditLog(redis, { dir, verifierKey: verifierKeyString(signer) });
    const report = await verifyExport(dir);
    expect(report).toMatchObject({ ok: true, deleted: [12] });
    const nodes = new RedisNodeSource(redis);
    expect(verifyInclusion(await nodes.node(0, 12), 12, 40, await inclusionProof(nodes, 12, 40), await rootHash(nodes, 40))).toBe(true);
  });

  it('exports only the content of a time range, without calling the rest removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vs-range-'));
    temps.push(dir);
    const result = await exportAuditLog(redis, { dir, verifierKey: verifierKeyString(signer), van: new Date('2026-11-01T00:00:00Z'), tot: new Date('2026-11-03T00:00:00Z') });
    // Days 1 and 2 of each 20-day cycle, plus the deletion marker of index 12 (it has no time left).
    expect(result.records).toBe(5);
    expect(await verifyExport(dir)).toMatchObject({ ok: true, size: 40, records: 5 });
  });
});
