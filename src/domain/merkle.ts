/**
 * The Merkle tree of RFC 9162 (Certificate Transparency v2), section 2.1: leaf hash =
 * SHA-256(0x00 || leaf), node hash = SHA-256(0x01 || left || right), the tree over n leaves split at
 * the largest power of two below n. Inclusion and consistency proofs are made and checked exactly as
 * the RFC describes (2.1.3 and 2.1.4), so any RFC 9162 implementation can check them too.
 *
 * Hashes come from a `NodeSource`: the hash of the perfect subtree of height h at position j (leaves
 * j·2^h … (j+1)·2^h − 1). That lets the sealer work from the previous tree's right edge (its
 * "frontier", a few hashes) plus the new leaves, and the verifier from all leaves.
 */
import { createHash } from 'node:crypto';

export type Hash = Buffer;

const sha256 = (...parts: Buffer[]): Hash => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const leafPrefix = Buffer.from([0]);
const nodePrefix = Buffer.from([1]);

export const emptyRoot: Hash = sha256();
export const leafHash = (leaf: Buffer | string): Hash =>
  sha256(leafPrefix, Buffer.isBuffer(leaf) ? leaf : Buffer.from(leaf, 'utf8'));
export const nodeHash = (left: Hash, right: Hash): Hash => sha256(nodePrefix, left, right);

export interface NodeSource {
  perfect(height: number, index: number): Hash;
}

const isPowerOfTwo = (n: number): boolean => n > 0 && 2 ** Math.floor(Math.log2(n)) === n;
/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
const odd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

/** MTH(D[a:b]). */
export function rangeHash(src: NodeSource, a: number, b: number): Hash {
  const n = b - a;
  if (n === 0) return emptyRoot;
  if (isPowerOfTwo(n) && a % n === 0) return src.perfect(Math.log2(n), a / n);
  const k = splitPoint(n);
  return nodeHash(rangeHash(src, a, a + k), rangeHash(src, a + k, b));
}

export const rootHash = (src: NodeSource, size: number): Hash => rangeHash(src, 0, size);

/** PATH(m, D[a:b]) of RFC 9162 2.1.3.1. */
function path(src: NodeSource, m: number, a: number, b: number): Hash[] {
  const n = b - a;
  if (n <= 1) return [];
  const k = splitPoint(n);
  return m < k
    ? [...path(src, m, a, a + k), rangeHash(src, a + k, b)]
    : [...path(src, m - k, a + k, b), rangeHash(src, a, a + k)];
}

export function inclusionProof(src: NodeSource, index: number, size: number): Hash[] {
  if (index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  return path(src, index, 0, size);
}

/** SUBPROOF(m, D[a:b], b) of RFC 9162 2.1.4.1. */
function subproof(src: NodeSource, m: number, a: number, b: number, complete: boolean): Hash[] {
  const n = b - a;
  if (m === n) return complete ? [] : [rangeHash(src, a, b)];
  const k = splitPoint(n);
  return m <= k
    ? [...subproof(src, m, a, a + k, complete), rangeHash(src, a + k, b)]
    : [...subproof(src, m - k, a + k, b, false), rangeHash(src, a, a + k)];
}

export function consistencyProof(src: NodeSource, first: number, second: number): Hash[] {
  if (first < 0 || first > second) throw new RangeError(`no consistency proof from ${first} to ${second}`);
  if (first === 0 || first === second) return [];
  return subproof(src, first, 0, second, true);
}

/** RFC 9162 2.1.3.2. */
export function verifyInclusion(leaf: Hash, index: number, size: number, proof: readonly Hash[], root: Hash): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 2.1.4.2; an empty first tree is consistent with every tree. */
export function verifyConsistency(
  first: number,
  firstRoot: Hash,
  second: number,
  secondRoot: Hash,
  proof: readonly Hash[],
): boolean {
  if (first > second) return false;
  if (first === 0) return proof.length === 0;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Hash;
  let sr = path[0] as Hash;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}

/** The perfect subtrees a tree of `size` leaves decomposes into, left to right: [height, index]. */
export function frontierNodes(size: number): [number, number][] {
  const nodes: [number, number][] = [];
  let start = 0;
  for (let h = Math.floor(Math.log2(Math.max(size, 1))); h >= 0; h--) {
    const width = 2 ** h;
    if (start + width <= size) {
      nodes.push([h, start / width]);
      start += width;
    }
  }
  return nodes;
}

/** Every leaf hash in memory, one buffer per level (the verifier, the export). */
export class LeafLevels implements NodeSource {
  private readonly levels: Buffer[] = [];

  constructor(leaves: readonly Hash[]) {
    let level = Buffer.concat(leaves as Hash[]);
    this.levels.push(level);
    while (level.length >= 64) {
      const count = Math.floor(level.length / 64);
      const next = Buffer.alloc(count * 32);
      for (let i = 0; i < count; i++)
        nodeHash(level.subarray(i * 64, i * 64 + 32), level.subarray(i * 64 + 32, i * 64 + 64)).copy(next, i * 32);
      this.levels.push(next);
      level = next;
    }
  }

  get size(): number {
    return (this.levels[0]?.length ?? 0) / 32;
  }

  leaf(index: number): Hash {
    return this.perfect(0, index);
  }

  perfect(height: number, index: number): Hash {
    const level = this.levels[height];
    if (level === undefined || (index + 1) * 32 > level.length) throw new RangeError(`no node ${height}/${index}`);
    return level.subarray(index * 32, index * 32 + 32);
  }

  frontier(size: number = this.size): Hash[] {
    return frontierNodes(size).map(([h, j]) => this.perfect(h, j));
  }
}

/**
 * A tree known by its right edge at `baseSize` (the frontier's hashes) plus the leaves appended
 * after it: enough for the new root, the new frontier and a consistency proof from any size ≥ baseSize.
 */
export class FrontierSource implements NodeSource {
  private readonly known = new Map<string, Hash>();

  constructor(
    private readonly baseSize: number,
    frontier: readonly Hash[],
    private readonly appended: readonly Hash[],
  ) {
    const nodes = frontierNodes(baseSize);
    if (nodes.length !== frontier.length)
      throw new Error(`a frontier of ${baseSize} leaves has ${nodes.length} hashes, not ${frontier.length}`);
    nodes.forEach(([h, j], i) => this.known.set(`${h}/${j}`, frontier[i] as Hash));
  }

  get size(): number {
    return this.baseSize + this.appended.length;
  }

  perfect(height: number, index: number): Hash {
    const key = `${height}/${index}`;
    const cached = this.known.get(key);
    if (cached) return cached;
    const start = index * 2 ** height;
    const end = start + 2 ** height;
    if (end > this.size) throw new RangeError(`node ${key} is beyond the tree`);
    let hash: Hash;
    if (height === 0 && start >= this.baseSize) hash = this.appended[start - this.baseSize] as Hash;
    else if (height > 0 && !(end <= this.baseSize))
      hash = nodeHash(this.perfect(height - 1, index * 2), this.perfect(height - 1, index * 2 + 1));
    else throw new RangeError(`node ${key} lies inside the sealed tree and is not on its right edge`);
    this.known.set(key, hash);
    return hash;
  }

  frontier(): Hash[] {
    return frontierNodes(this.size).map(([h, j]) => this.perfect(h, j));
  }
}
