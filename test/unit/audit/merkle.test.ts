import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof, emptyRoot, hashLeaf, hashNode, inclusionProof, MemoryTree, nodesForAppend, rootHash,
  splitPoint, verifyConsistency, verifyInclusion,
} from '../../../src/audit/merkle.js';

const leaves = Array.from({ length: 40 }, (_, i) => hashLeaf(Buffer.from(`record ${i}`)));

/** RFC 9162 §2.1.1 MTH written straight from the definition, as the reference. */
function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return createHash('sha256').digest();
  if (d.length === 1) return d[0]!;
  const k = splitPoint(d.length);
  return hashNode(mth(d.slice(0, k)), mth(d.slice(k)));
}

function treeOf(n: number): MemoryTree {
  const t = new MemoryTree();
  for (const l of leaves.slice(0, n)) t.append(l);
  return t;
}

describe('RFC 9162 Merkle tree', () => {
  it('computes the same root as the definition for every size, from stored perfect subtrees only', async () => {
    expect(await rootHash(treeOf(0), 0)).toEqual(emptyRoot);
    for (let n = 1; n <= leaves.length; n++) expect(await rootHash(treeOf(n), n), `size ${n}`).toEqual(mth(leaves.slice(0, n)));
  });

  it('answers the RFC 6962 empty-tree hash', () => {
    expect(emptyRoot.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('gives inclusion proofs that verify for every index and size, and fail for a wrong leaf', async () => {
    for (let n = 1; n <= 33; n++) {
      const tree = treeOf(n);
      const root = mth(leaves.slice(0, n));
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(tree, m, n);
        expect(verifyInclusion(leaves[m]!, m, n, proof, root), `${m}/${n}`).toBe(true);
        expect(verifyInclusion(leaves[(m + 1) % 40]!, m, n, proof, root)).toBe(false);
      }
    }
  });

  it('gives consistency proofs that verify for every pair of sizes, and fail against a forged root', async () => {
    const tree = treeOf(33);
    for (let n = 1; n <= 33; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = await consistencyProof(tree, m, n);
        expect(verifyConsistency(m, n, mth(leaves.slice(0, m)), mth(leaves.slice(0, n)), proof), `${m}→${n}`).toBe(true);
        if (m < n) expect(verifyConsistency(m, n, hashLeaf(Buffer.from('vals')), mth(leaves.slice(0, n)), proof)).toBe(false);
      }
    }
  });

  it('appends incrementally: the nodes a batch adds are exactly the new ones', async () => {
    const base = treeOf(5);
    const added = await nodesForAppend(base, 5, leaves.slice(5, 8));
    expect(added.map((n) => `${n.level}/${n.index}`)).toEqual(['0/5', '1/2', '0/6', '0/7', '1/3', '2/1', '3/0']);
    expect(added.at(-1)!.hash).toEqual(mth(leaves.slice(0, 8)));
  });
});
