import { createHash } from 'node:crypto';

/** RFC 9162 §2.1.1: leaf = SHA-256(0x00 ‖ d), node = SHA-256(0x01 ‖ l ‖ r). */
export function hashLeaf(data: Buffer): Buffer {
  return createHash('sha256').update(Buffer.from([0])).update(data).digest();
}

export function hashNode(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();
}

export const emptyRoot = createHash('sha256').digest();

/** Largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * Where the tree's nodes come from. Only *perfect* subtrees (2^level leaves, aligned) are
 * stored; every other hash the proofs need is derived from them. That is what lets the tree grow
 * incrementally: appending never rewrites a stored node.
 */
export interface NodeSource {
  node(level: number, index: number): Promise<Buffer>;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** MTH(D[start:end]) from stored perfect subtrees. */
export async function subtreeHash(source: NodeSource, start: number, end: number): Promise<Buffer> {
  const size = end - start;
  if (size === 0) return emptyRoot;
  if (isPowerOfTwo(size) && start % size === 0) return source.node(Math.log2(size), start / size);
  const k = splitPoint(size);
  return hashNode(await subtreeHash(source, start, start + k), await subtreeHash(source, start + k, end));
}

export function rootHash(source: NodeSource, size: number): Promise<Buffer> {
  return subtreeHash(source, 0, size);
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]), with D[start:end] addressed absolutely. */
export async function inclusionProof(source: NodeSource, index: number, size: number): Promise<Buffer[]> {
  if (index < 0 || index >= size) throw new RangeError('index buiten de boom');
  const path: Buffer[] = [];
  const walk = async (m: number, start: number, end: number): Promise<void> => {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      await walk(m, start, start + k);
      path.push(await subtreeHash(source, start + k, end));
    } else {
      await walk(m - k, start + k, end);
      path.push(await subtreeHash(source, start, start + k));
    }
  };
  await walk(index, 0, size);
  return path;
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
export async function consistencyProof(source: NodeSource, m: number, n: number): Promise<Buffer[]> {
  if (m < 0 || m > n) throw new RangeError('van moet tussen 0 en tot liggen');
  if (m === 0 || m === n) return [];
  const proof: Buffer[] = [];
  const sub = async (mm: number, start: number, end: number, complete: boolean): Promise<void> => {
    const size = end - start;
    if (mm === size) {
      if (!complete) proof.push(await subtreeHash(source, start, end));
      return;
    }
    const k = splitPoint(size);
    if (mm <= k) {
      await sub(mm, start, start + k, complete);
      proof.push(await subtreeHash(source, start + k, end));
    } else {
      await sub(mm - k, start + k, end, false);
      proof.push(await subtreeHash(source, start, start + k));
    }
  };
  await sub(m, 0, n, true);
  return proof;
}

/** RFC 9162 §2.1.3.2: does `proof` show `leafHash` at `index` in a tree of `size` with `root`? */
export function verifyInclusion(leafHash: Buffer, index: number, size: number, proof: Buffer[], root: Buffer): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = hashNode(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = hashNode(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: is the tree of size n (root2) an append-only extension of size m (root1)? */
export function verifyConsistency(m: number, n: number, root1: Buffer, root2: Buffer, proof: Buffer[]): boolean {
  if (m > n) return false;
  if (m === n) return proof.length === 0 && root1.equals(root2);
  if (m === 0) return proof.length === 0;
  const path = isPowerOfTwo(m) ? [root1, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn >>= 1;
    sn >>= 1;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashNode(c, fr);
      sr = hashNode(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = hashNode(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr.equals(root1) && sr.equals(root2) && sn === 0;
}

/**
 * The stored nodes a batch of new leaves creates, given the tree's current size and a way to read
 * existing left siblings: each leaf, then every parent it completes. Never touches older nodes.
 */
export async function nodesForAppend(source: NodeSource, size: number, leaves: Buffer[]): Promise<Array<{ level: number; index: number; hash: Buffer }>> {
  const written = new Map<string, Buffer>();
  const read = async (level: number, index: number) => written.get(`${level}:${index}`) ?? source.node(level, index);
  const out: Array<{ level: number; index: number; hash: Buffer }> = [];
  for (let i = 0; i < leaves.length; i++) {
    let level = 0;
    let index = size + i;
    let hash = leaves[i]!;
    for (;;) {
      written.set(`${level}:${index}`, hash);
      out.push({ level, index, hash });
      if (index % 2 === 0) break;
      hash = hashNode(await read(level, index - 1), hash);
      level += 1;
      index >>= 1;
    }
  }
  return out;
}

/** An in-memory tree over all leaf hashes: for the offline verifier and tests. */
export class MemoryTree implements NodeSource {
  private readonly levels: Buffer[][] = [[]];
  get size(): number {
    return this.levels[0]!.length;
  }
  append(leaf: Buffer): void {
    let level = 0;
    let hash = leaf;
    for (;;) {
      const row = (this.levels[level] ??= []);
      row.push(hash);
      const index = row.length - 1;
      if (index % 2 === 0) return;
      hash = hashNode(row[index - 1]!, hash);
      level += 1;
    }
  }
  async node(level: number, index: number): Promise<Buffer> {
    const hash = this.levels[level]?.[index];
    if (!hash) throw new RangeError(`knoop ${level}/${index} bestaat niet`);
    return hash;
  }
  nodeSync(level: number, index: number): Buffer {
    return this.levels[level]![index]!;
  }
}
