import { generateKeyPairSync } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { appendAuditRecords } from '../../../src/audit/append.js';
import { auditLogKeys } from '../../../src/redis/keys.js';
import { sealRecord } from '../../../src/audit/leaf.js';
import { consistencyProof, hashLeaf, inclusionProof, MemoryTree, rootHash, verifyConsistency, verifyInclusion } from '../../../src/audit/merkle.js';
import { noteSigner, openNote, parseCheckpointText, parseVerifierKey, verifierKeyString } from '../../../src/audit/note.js';
import { processingRecord } from '../../../src/audit/records.js';
import { AuditSequencer } from '../../../src/audit/sequencer.js';
import { RedisNodeSource } from '../../../src/audit/tree-store.js';
import { useTestRedis } from '../../helpers/redis.js';
import { readContent } from '../../../src/audit/content.js';

const db = useTestRedis();
const signer = noteSigner('localhost/vroegsignaal', generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
const origin = 'localhost/vroegsignaal';
beforeEach(async () => {
  await db.redis.flushall();
});

const record = (i: number) => sealRecord(processingRecord({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }, `stap-${i}`, new Date(0), {
  'dpl.core.processing_activity_id': 'urn:test', 'dpl.core.data_subject_id': `p:${i}`, 'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
  'vroegsignaal.vertrouwelijkheid': 'normaal', 'vroegsignaal.bewaartermijn': 'P2Y',
}));

describe('audit sequencer', () => {
  it('builds the RFC 9162 tree incrementally over several batches and signs a checkpoint for each', async () => {
    // batchSize counts appends (stream entries): here 2 appends per batch.
    const sequencer = new AuditSequencer(db.redis, { origin, signer, batchSize: 2 });
    const sealed = Array.from({ length: 23 }, (_, i) => record(i));
    for (const [from, to] of [[0, 3], [3, 7], [7, 10]] as const) await appendAuditRecords(db.redis, sealed.slice(from, to));
    const reference = new MemoryTree();
    sealed.forEach((s) => reference.append(hashLeaf(s.leafData)));
    const sizes: number[] = [];
    let added: number;
    while ((added = await sequencer.step()) > 0) sizes.push(Number(await db.redis.get(auditLogKeys.size)));
    for (const [from, to] of [[10, 17], [17, 23]] as const) await appendAuditRecords(db.redis, sealed.slice(from, to));
    while ((added = await sequencer.step()) > 0) sizes.push(Number(await db.redis.get(auditLogKeys.size)));
    expect(sizes).toEqual([7, 10, 23]);
    expect(await db.redis.xlen(auditLogKeys.pending)).toBe(0);

    const stored = new RedisNodeSource(db.redis);
    expect(await rootHash(stored, 23)).toEqual(await rootHash(reference, 23));
    const note = (await db.redis.get(auditLogKeys.checkpoint))!;
    const text = openNote(note, { name: signer.name, keyHash: signer.keyHash, publicKey: generateKeyPairSync('ed25519').publicKey });
    expect(text).toBeUndefined(); // a different key never opens it
    const opened = openNote(note, parseVerifierKey(verifierKeyString(signer)));
    expect(parseCheckpointText(opened!)).toEqual({ origin, size: 23, root: await rootHash(reference, 23) });
    expect(Object.keys(await db.redis.hgetall(auditLogKeys.checkpoints)).sort((a, b) => +a - +b)).toEqual(['7', '10', '23']);

    // Proofs from the stored tree verify against the published roots.
    const proof = await inclusionProof(stored, 12, 17);
    expect(verifyInclusion(hashLeaf(sealed[12]!.leafData), 12, 17, proof, await rootHash(reference, 17))).toBe(true);
    expect(verifyConsistency(10, 23, await rootHash(reference, 10), await rootHash(reference, 23), await consistencyProof(stored, 10, 23))).toBe(true);
    // Content stored by index (the append wrote it; the stream carried only leaves and facts).
    expect((await readContent(db.redis, [12])).get(12)).toMatchObject({ json: sealed[12]!.json, salt: sealed[12]!.salt.toString('base64') });
  });

  it('lets one of two instances lead; the other stands by and takes over when the leader stops', async () => {
    const a = new AuditSequencer(db.redis, { origin, signer });
    const b = new AuditSequencer(db.redis, { origin, signer });
    expect(await a.claimLeadership()).toBe(true);
    expect(await b.claimLeadership()).toBe(false);
    await appendAuditRecords(db.redis, [record(1)]);
    expect(await b.step()).toBe(0);
    expect(await a.step()).toBe(1);
    await a.stop();
    expect(await b.claimLeadership()).toBe(true);
  });

  it('fences off a former leader whose lease lapsed', async () => {
    const old = new AuditSequencer(db.redis, { origin, signer, leaseMs: 60_000 });
    expect(await old.claimLeadership()).toBe(true);
    await db.redis.del(auditLogKeys.leader); // the lease lapses while the old leader is paused
    const successor = new AuditSequencer(db.redis, { origin, signer });
    expect(await successor.claimLeadership()).toBe(true);
    await appendAuditRecords(db.redis, [record(1)]);
    // The paused leader wakes and, believing it still leads, tries to write with its old token.
    (old as unknown as { claimLeadership: () => Promise<boolean> }).claimLeadership = async () => true;
    await expect(old.step()).rejects.toThrow(/FENCED/);
    expect(await successor.step()).toBe(1);
  });
});
