import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { exportFiles, type ExportedRecord, type ExportManifest } from './export-format.js';
import { jcs } from './jcs.js';
import { hashLeaf, hashNode, emptyRoot } from './merkle.js';
import { openNote, parseCheckpointText, parseVerifierKey, type Checkpoint } from './note.js';

export type ProblemKind =
  | 'inhoud-gewijzigd' // a record's content no longer hashes to its leaf
  | 'volgorde-gewijzigd' // a record hashes to another index's leaf
  | 'record-verwijderd' // a leaf whose content is missing without a deletion marker
  | 'checkpoint-vervalst' // a checkpoint whose signature does not verify
  | 'teruggedraaid' // a signed checkpoint is larger than the log now is
  | 'boom-klopt-niet'; // the recomputed tree disagrees with a genuinely signed checkpoint

export interface VerifyProblem {
  kind: ProblemKind;
  index?: number;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  size: number;
  checkpoints: number;
  records: number;
  deleted: number[];
  problems: VerifyProblem[];
}

/**
 * Check an export offline, trusting nothing but the verifier key: every checkpoint signature,
 * every record against its leaf, and the whole tree against every checkpoint (which is what
 * makes successive checkpoints consistent: each is a prefix of the same tree).
 */
export async function verifyExport(dir: string, progress?: (done: number, total: number, phase: string) => void): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const verifier = parseVerifierKey(readFileSync(join(dir, exportFiles.key), 'utf8'));
  const manifest = JSON.parse(readFileSync(join(dir, exportFiles.manifest), 'utf8')) as ExportManifest;

  const checkpoints: Checkpoint[] = [];
  const cpDir = join(dir, exportFiles.checkpointsDir);
  for (const file of existsSync(cpDir) ? readdirSync(cpDir).filter((f) => f.endsWith('.note')) : []) {
    const text = openNote(readFileSync(join(cpDir, file), 'utf8'), verifier);
    const checkpoint = text ? parseCheckpointText(text) : undefined;
    if (!checkpoint || `${checkpoint.size}.note` !== file) {
      problems.push({ kind: 'checkpoint-vervalst', detail: `${file}: handtekening of inhoud klopt niet met de sleutel` });
      continue;
    }
    checkpoints.push(checkpoint);
  }
  checkpoints.sort((a, b) => a.size - b.size);

  const leaves = readFileSync(join(dir, exportFiles.leaves));
  const size = Math.floor(leaves.length / 32);
  const leafAt = (i: number) => leaves.subarray(i * 32, i * 32 + 32);
  const largest = checkpoints.at(-1)?.size ?? 0;
  if (largest > size) {
    problems.push({ kind: 'teruggedraaid', index: size, detail: `checkpoint ondertekend voor ${largest} records, het log heeft er ${size}: records vanaf index ${size} ontbreken` });
  }

  // Records against their leaves.
  const seen = new Uint8Array(size);
  const deleted: number[] = [];
  let byLeaf: Map<string, number> | undefined;
  let records = 0;
  const lines = createInterface({ input: createReadStream(join(dir, exportFiles.records)), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const entry = JSON.parse(line) as ExportedRecord;
    if (entry.index >= size) continue;
    seen[entry.index] = 1;
    records++;
    if (records % 50_000 === 0) progress?.(records, size, 'records');
    if (entry.verwijderd) {
      deleted.push(entry.index);
      continue;
    }
    const leafData = createHash('sha256').update(Buffer.from(entry.salt ?? '', 'base64')).update(jcs(entry.record)).digest();
    const leaf = hashLeaf(leafData);
    if (leaf.equals(leafAt(entry.index))) continue;
    byLeaf ??= new Map(Array.from({ length: size }, (_, i) => [leafAt(i).toString('base64'), i]));
    const elsewhere = byLeaf.get(leaf.toString('base64'));
    problems.push(elsewhere !== undefined
      ? { kind: 'volgorde-gewijzigd', index: entry.index, detail: `record op index ${entry.index} hoort op index ${elsewhere}` }
      : { kind: 'inhoud-gewijzigd', index: entry.index, detail: `inhoud van record ${entry.index} past niet bij zijn blad` });
  }
  if (manifest.volledig) {
    for (let i = 0; i < size; i++) if (!seen[i]) problems.push({ kind: 'record-verwijderd', index: i, detail: `record ${i} ontbreekt zonder verwijdermarkering` });
  }

  // The tree, leaf by leaf, compared with each signed checkpoint at its size.
  const stack: Array<{ height: number; hash: Buffer }> = [];
  const rootNow = (): Buffer => {
    if (stack.length === 0) return emptyRoot;
    let acc = stack[stack.length - 1]!.hash;
    for (let i = stack.length - 2; i >= 0; i--) acc = hashNode(stack[i]!.hash, acc);
    return acc;
  };
  let next = 0;
  const check = (n: number) => {
    while (next < checkpoints.length && checkpoints[next]!.size === n) {
      const cp = checkpoints[next++]!;
      if (!rootNow().equals(cp.root)) problems.push({ kind: 'boom-klopt-niet', detail: `de herberekende boom van ${n} records past niet bij het ondertekende checkpoint` });
    }
  };
  check(0);
  for (let i = 0; i < size; i++) {
    let node: { height: number; hash: Buffer } = { height: 0, hash: leafAt(i) };
    while (stack.length > 0 && stack[stack.length - 1]!.height === node.height) {
      node = { height: node.height + 1, hash: hashNode(stack.pop()!.hash, node.hash) };
    }
    stack.push(node);
    check(i + 1);
    if ((i + 1) % 100_000 === 0) progress?.(i + 1, size, 'boom');
  }
  progress?.(size, size, 'boom');
  return { ok: problems.length === 0, size, checkpoints: checkpoints.length, records, deleted, problems };
}
