/**
 * RFC 6962 / RFC 9162 Merkle trees: hashing, proof generation and proof verification.
 *
 * Everything here works on *complete subtrees*: a node at `level` L and `index` i is the hash of
 * leaves [i * 2^L, (i + 1) * 2^L). Such nodes never change once the log has grown past them, so a
 * store (memory, database, static tiles) can keep them and hand them out. Proofs and roots for any
 * tree size are then folded together from O(log n) of those nodes; nothing here reads O(n) data.
 *
 * Sizes and indexes are JavaScript numbers and must be safe integers (< 2^53): ample for a log,
 * and it keeps this code free of bigint arithmetic in the hot path. Bit operators are avoided on
 * purpose because they truncate to 32 bits.
 */
import { sha256 } from '../../domain/sha256.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { bytesEqual } from '../../domain/bytes.ts';

export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** Leaf hash: SHA-256(0x00 || entry). The prefix keeps a leaf from ever passing for a node. */
export function hashLeaf(entry: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + entry.length);
  input[0] = LEAF_PREFIX;
  input.set(entry, 1);
  return sha256(input);
}

// One scratch buffer for interior nodes: it is filled and hashed synchronously, so reuse is safe
// and saves an allocation per hash (the bench appends a million leaves).
const nodeInput = new Uint8Array(1 + 2 * HASH_SIZE);

/** Interior node hash: SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  nodeInput[0] = NODE_PREFIX;
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return sha256(nodeInput);
}

/** The root of the empty tree is the hash of the empty string (RFC 9162 section 2.1.1). */
export const EMPTY_TREE_ROOT: Uint8Array = sha256(new Uint8Array(0));

/** Names one complete subtree: leaves [index * 2^level, (index + 1) * 2^level). */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/**
 * Returns the hash of a complete subtree (level 0: a leaf hash). This is the only thing a store
 * has to provide for proofs to be generated from it.
 */
export type NodeHashReader = (level: number, index: number) => Uint8Array;

/** Largest power of two strictly below n (n >= 2): where RFC 6962's MTH splits a tree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function largestPowerOfTwoAtMost(n: number): { size: number; level: number } {
  let size = 1;
  let level = 0;
  while (size * 2 <= n) {
    size *= 2;
    level += 1;
  }
  return { size, level };
}

function assertSize(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new HuzhuError('VALIDATION', `${field}: must be a non-negative safe integer`, { field });
  }
}

/**
 * Splits leaves [start, end) into the complete subtrees whose hashes MTH folds together, left to
 * right. Valid for every range a proof or root asks for: those ranges always start at a multiple
 * of a power of two at least as large as their own length.
 */
export function completeSubtrees(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let position = start;
  while (position < end) {
    const { size, level } = largestPowerOfTwoAtMost(end - position);
    if (position % size !== 0) {
      throw new HuzhuError('INTERNAL', `range [${start}, ${end}) is not a Merkle subtree range`);
    }
    nodes.push({ level, index: position / size });
    position += size;
  }
  return nodes;
}

/** MTH(D[start:end]) from complete-subtree hashes: fold right to left, as MTH's recursion does. */
export function subtreeHash(read: NodeHashReader, start: number, end: number): Uint8Array {
  const nodes = completeSubtrees(start, end);
  const last = nodes[nodes.length - 1];
  if (last === undefined) return EMPTY_TREE_ROOT;
  let hash = read(last.level, last.index);
  for (let i = nodes.length - 2; i >= 0; i--) {
    const node = nodes[i]!;
    hash = hashChildren(read(node.level, node.index), hash);
  }
  return hash;
}

/** Root hash of the first `size` leaves. */
export function rootHash(read: NodeHashReader, size: number): Uint8Array {
  assertSize(size, 'size');
  return subtreeHash(read, 0, size);
}

type LeafRange = readonly [start: number, end: number];

/** The subtrees whose hashes form PATH(index, D[0:size]) (RFC 9162 2.1.3.1), leaf upward. */
function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!(index < size)) {
    throw new HuzhuError('VALIDATION', `index: ${index} is not below the tree size ${size}`, { field: 'index' });
  }
  const ranges: LeafRange[] = [];
  let low = 0;
  let high = size;
  while (high - low > 1) {
    const k = splitPoint(high - low);
    if (index < low + k) {
      ranges.push([low + k, high]);
      high = low + k;
    } else {
      ranges.push([low, low + k]);
      low += k;
    }
  }
  return ranges.reverse();
}

/** The subtrees whose hashes form PROOF(size1, D[0:size2]) (RFC 9162 2.1.4.1), in proof order. */
function consistencyRanges(size1: number, size2: number): LeafRange[] {
  if (size1 === 0 || size1 > size2) {
    throw new HuzhuError('VALIDATION', `size1: a consistency proof needs 0 < size1 <= size2, got ${size1} and ${size2}`, { field: 'size1' });
  }
  const ranges: LeafRange[] = [];
  // The loop state stands for SUBPROOF(size1 - low, D[low:high], startsFromOldRoot).
  let low = 0;
  let high = size2;
  let startsFromOldRoot = true;
  while (size1 !== high) {
    const k = splitPoint(high - low);
    if (size1 - low <= k) {
      ranges.push([low + k, high]);
      high = low + k;
    } else {
      ranges.push([low, low + k]);
      low += k;
      startsFromOldRoot = false;
    }
  }
  // When the old tree is itself a subtree of the new one, the verifier already knows its hash.
  if (!startsFromOldRoot) ranges.push([low, high]);
  return ranges.reverse();
}

function uniqueNodes(ranges: LeafRange[]): NodeId[] {
  const seen = new Set<string>();
  const nodes: NodeId[] = [];
  for (const [start, end] of ranges) {
    for (const node of completeSubtrees(start, end)) {
      const key = `${node.level}/${node.index}`;
      if (!seen.has(key)) {
        seen.add(key);
        nodes.push(node);
      }
    }
  }
  return nodes;
}

/** Which stored nodes an inclusion proof needs: a store can fetch them all in one query. */
export function nodesForInclusionProof(index: number, size: number): NodeId[] {
  assertSize(index, 'index');
  assertSize(size, 'size');
  return uniqueNodes(inclusionRanges(index, size));
}

/** Which stored nodes a consistency proof needs. */
export function nodesForConsistencyProof(size1: number, size2: number): NodeId[] {
  assertSize(size1, 'size1');
  assertSize(size2, 'size2');
  return size1 === size2 ? [] : uniqueNodes(consistencyRanges(size1, size2));
}

/** Which stored nodes the root hash at `size` needs. */
export function nodesForRoot(size: number): NodeId[] {
  assertSize(size, 'size');
  return completeSubtrees(0, size);
}

/** Inclusion proof for leaf `index` in the tree of `size` leaves. O(log size) node reads. */
export function inclusionProof(read: NodeHashReader, index: number, size: number): Uint8Array[] {
  assertSize(index, 'index');
  assertSize(size, 'size');
  return inclusionRanges(index, size).map(([start, end]) => subtreeHash(read, start, end));
}

/** Consistency proof from the tree of `size1` leaves to the tree of `size2` leaves. */
export function consistencyProof(read: NodeHashReader, size1: number, size2: number): Uint8Array[] {
  assertSize(size1, 'size1');
  assertSize(size2, 'size2');
  if (size1 === size2 && size1 > 0) return [];
  return consistencyRanges(size1, size2).map(([start, end]) => subtreeHash(read, start, end));
}

/**
 * MTH(D[0:n]) over leaf hashes held in memory, written straight from the RFC's recursive
 * definition. O(n): a reference for tests and for small trees (a period's charges).
 */
export function merkleTreeHash(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return EMPTY_TREE_ROOT;
  if (leafHashes.length === 1) return leafHashes[0]!;
  const k = splitPoint(leafHashes.length);
  return hashChildren(merkleTreeHash(leafHashes.slice(0, k)), merkleTreeHash(leafHashes.slice(k)));
}

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

function isHash(value: Uint8Array): boolean {
  return value.length === HASH_SIZE;
}

function isSafeCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/**
 * The root an inclusion proof leads to, following RFC 9162 section 2.1.3.2 step by step, or
 * undefined if the proof has the wrong shape for (index, size). Exposed so a caller that gets
 * its root from elsewhere (a checkpoint) can compare, and for tiles.
 */
export function rootFromInclusionProof(leafHash: Uint8Array, index: number, size: number, proof: readonly Uint8Array[]): Uint8Array | undefined {
  if (!isSafeCount(index) || !isSafeCount(size) || !isHash(leafHash)) return undefined;
  if (index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (!isHash(p)) return undefined;
    if (sn === 0) return undefined;
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

/**
 * Does `proof` show that `leafHash` is leaf number `index` of the tree of `size` leaves whose
 * root is `root`? RFC 9162 section 2.1.3.2; hashes that are not 32 bytes are rejected.
 */
export function verifyInclusion(leafHash: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!isHash(root)) return false;
  const computed = rootFromInclusionProof(leafHash, index, size, proof);
  return computed !== undefined && bytesEqual(computed, root);
}

/**
 * Does `proof` show that the tree of `size2` leaves with root `root2` extends, without changing
 * anything, the tree of `size1` leaves with root `root1`? RFC 9162 section 2.1.4.2, plus the rules
 * the RFC leaves to implementations (and the transparency-dev vectors pin down): size1 = 0 is
 * rejected (there is nothing to be consistent with), and equal sizes are consistent exactly when
 * the proof is empty and the roots are the same bytes.
 */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): boolean {
  if (!isSafeCount(size1) || !isSafeCount(size2)) return false;
  if (size2 < size1 || size1 === 0) return false;
  if (size1 === size2) return proof.length === 0 && bytesEqual(root1, root2);
  if (!isHash(root1) || !isHash(root2)) return false;
  if (proof.length === 0) return false;
  for (const p of proof) if (!isHash(p)) return false;

  // Step 2: when size1 is a power of two the old root is itself a node of the new tree and is not
  // sent; the verifier starts from it.
  const isPowerOfTwo = largestPowerOfTwoAtMost(size1).size === size1;
  const path = isPowerOfTwo ? [root1, ...proof] : [...proof];

  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}
