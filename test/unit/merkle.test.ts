/** The RFC 9162 Merkle tree: roots, inclusion and consistency proofs, and the sealer's frontier view. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  consistencyProof,
  emptyRoot,
  FrontierSource,
  inclusionProof,
  LeafLevels,
  leafHash,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from '../../src/domain/merkle';

/** MTH straight from RFC 9162 2.1.1, over the leaf data. */
function naiveRoot(leaves: readonly string[]): Buffer {
  const sha = (...b: Buffer[]) => createHash('sha256').update(Buffer.concat(b)).digest();
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return sha(Buffer.from([0]), Buffer.from(leaves[0] ?? ''));
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), naiveRoot(leaves.slice(0, k)), naiveRoot(leaves.slice(k)));
}

const data = (n: number) => Array.from({ length: n }, (_, i) => `leaf-${i}`);

describe('Merkle tree (RFC 9162)', () => {
  it('the empty tree is SHA-256 of nothing; leaf and node hashes are domain-separated', () => {
    assert.equal(emptyRoot.toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.deepEqual(
      leafHash('x'),
      createHash('sha256')
        .update(Buffer.from([0, 0x78]))
        .digest(),
    );
  });

  it('roots equal the RFC definition for sizes 1..70', () => {
    for (let n = 1; n <= 70; n++) {
      const levels = new LeafLevels(data(n).map((d) => leafHash(d)));
      assert.deepEqual(rootHash(levels, n), naiveRoot(data(n)), `size ${n}`);
    }
  });

  it('every inclusion proof verifies, and fails for another leaf, index or root', () => {
    for (let n = 1; n <= 33; n++) {
      const levels = new LeafLevels(data(n).map((d) => leafHash(d)));
      const root = rootHash(levels, n);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(levels, i, n);
        assert.ok(verifyInclusion(levels.leaf(i), i, n, proof, root), `${i} in ${n}`);
        assert.ok(!verifyInclusion(leafHash('forged'), i, n, proof, root));
        if (n > 1) assert.ok(!verifyInclusion(levels.leaf(i), (i + 1) % n, n, proof, root));
        assert.ok(!verifyInclusion(levels.leaf(i), i, n, proof, emptyRoot));
      }
    }
  });

  it('every consistency proof verifies, and fails against a rewritten older tree', () => {
    for (let n = 1; n <= 33; n++) {
      const levels = new LeafLevels(data(n).map((d) => leafHash(d)));
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(levels, m, n);
        assert.ok(verifyConsistency(m, rootHash(levels, m), n, rootHash(levels, n), proof), `${m} → ${n}`);
        if (m > 0 && m < n) {
          const edited = data(n);
          edited[m - 1] = 'edited';
          const other = new LeafLevels(edited.map((d) => leafHash(d)));
          assert.ok(!verifyConsistency(m, rootHash(other, m), n, rootHash(levels, n), proof), `edited ${m} → ${n}`);
        }
      }
    }
  });

  it('the frontier of a tree plus appended leaves gives the same root and proofs as all leaves', () => {
    for (let m = 0; m <= 20; m++) {
      for (let n = m; n <= 40; n += 3) {
        const all = new LeafLevels(data(n).map((d) => leafHash(d)));
        const src = new FrontierSource(
          m,
          new LeafLevels(data(m).map((d) => leafHash(d))).frontier(),
          data(n)
            .slice(m)
            .map((d) => leafHash(d)),
        );
        assert.deepEqual(rootHash(src, n), rootHash(all, n), `${m} + ${n - m}`);
        assert.deepEqual(src.frontier(), all.frontier(n));
        for (let from = m; from <= n; from++)
          assert.deepEqual(consistencyProof(src, from, n), consistencyProof(all, from, n), `${from} → ${n} on ${m}`);
      }
    }
  });
});
