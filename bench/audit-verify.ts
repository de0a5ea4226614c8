// Measures `audit verify` on a synthetic export of N records (default 1,000,000): the goal is
// under 60 s on a 2-core machine. Prints the time and peak memory; asserts nothing.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jcs } from '../src/audit/jcs.js';
import { hashLeaf, MemoryTree, rootHash } from '../src/audit/merkle.js';
import { checkpointText, noteSigner, signNote, verifierKeyString } from '../src/audit/note.js';
import { processingRecord } from '../src/audit/records.js';
import { verifyExport } from '../src/audit/verify.js';

export async function benchAuditVerify(n = Number(process.env.BENCH_RECORDS ?? 1_000_000)): Promise<{ records: number; seconds: number; peakRssMb: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'vs-bench-audit-'));
  try {
    const signer = noteSigner('localhost/vroegsignaal', generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    mkdirSync(join(dir, 'checkpoints'));
    writeFileSync(join(dir, 'sleutel.txt'), verifierKeyString(signer) + '\n');
    writeFileSync(join(dir, 'export.json'), JSON.stringify({ grootte: n, volledig: true, van: null, tot: null }));
    const leaves = Buffer.alloc(n * 32);
    const tree = new MemoryTree();
    const out = createWriteStream(join(dir, 'records.jsonl'));
    const trace = { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') };
    let buffer: string[] = [];
    process.stderr.write(`export van ${n} records maken…\n`);
    for (let i = 0; i < n; i++) {
      const record = processingRecord(trace, 'signaal-ontvangen', new Date(Date.UTC(2026, 0, 1) + i * 1000), {
        'dpl.core.processing_activity_id': 'urn:vroegsignaal:verwerking:signalen-ontvangen',
        'dpl.core.data_subject_id': `p-0518-20261101-ab12:${randomBytes(32).toString('base64url')}`,
        'dpl.core.data_subject_id_type': 'pseudoniem-persoon', 'vroegsignaal.vertrouwelijkheid': 'vertrouwelijk',
        'vroegsignaal.bewaartermijn': 'P2Y', 'vroegsignaal.gemeentecode': '0518', 'vroegsignaal.partner_oin': '00000099000000001000',
      });
      const salt = randomBytes(32);
      const leaf = hashLeaf(createHash('sha256').update(salt).update(jcs(record)).digest());
      leaf.copy(leaves, i * 32);
      tree.append(leaf);
      buffer.push(JSON.stringify({ index: i, record, salt: salt.toString('base64') }));
      if (buffer.length === 10_000) {
        if (!out.write(buffer.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
        buffer = [];
      }
      if ((i + 1) % 100_000 === 0 || i + 1 === n) {
        const note = signNote(checkpointText({ origin: signer.name, size: i + 1, root: await rootHash(tree, i + 1) }), signer);
        writeFileSync(join(dir, 'checkpoints', `${i + 1}.note`), note);
      }
    }
    if (buffer.length) out.write(buffer.join('\n') + '\n');
    await new Promise<void>((r) => out.end(() => r()));
    writeFileSync(join(dir, 'leaves.bin'), leaves);

    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const started = performance.now();
    const report = await verifyExport(dir);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (!report.ok) throw new Error(`verify vond problemen in een intacte export: ${JSON.stringify(report.problems.slice(0, 3))}`);
    return { records: n, seconds, peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1048576) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
