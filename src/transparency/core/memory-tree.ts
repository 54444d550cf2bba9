/**
 * The in-memory reference Merkle tree: an append-only list of leaves that keeps every complete
 * subtree hash, so roots and proofs for any past size cost O(log n). A database-backed store does
 * the same with rows; this one is for tests, the bench, and small trees such as a period's bills.
 */
import { HuzhuError } from '../../domain/errors.ts';
import {
  HASH_SIZE,
  consistencyProof,
  hashChildren,
  hashLeaf,
  inclusionProof,
  rootHash,
  type NodeHashReader,
} from './merkle.ts';

/**
 * One level of the tree as a single growable byte array. A million separate 32-byte Uint8Arrays
 * would cost several times their size in object headers; one buffer per level does not.
 */
class HashRow {
  private bytes = new Uint8Array(HASH_SIZE * 16);
  count = 0;

  push(hash: Uint8Array): void {
    if ((this.count + 1) * HASH_SIZE > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes.set(hash, this.count * HASH_SIZE);
    this.count += 1;
  }

  /** A view, not a copy: callers inside this module only hash it. */
  view(index: number): Uint8Array {
    return this.bytes.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }
}

export class InMemoryMerkleTree {
  private readonly levels: HashRow[] = [new HashRow()];

  /** Number of leaves. */
  get size(): number {
    return this.levels[0]!.count;
  }

  /** Appends an entry (hashed as a leaf) and returns its index. */
  append(entry: Uint8Array): number {
    return this.appendLeafHash(hashLeaf(entry));
  }

  /** Appends an already computed leaf hash and returns its index. */
  appendLeafHash(leafHash: Uint8Array): number {
    if (leafHash.length !== HASH_SIZE) {
      throw new HuzhuError('VALIDATION', 'leafHash: must be 32 bytes', { field: 'leafHash' });
    }
    const index = this.size;
    this.levels[0]!.push(leafHash);
    // Each time a row gains a right child, the parent subtree is complete: hash it one level up.
    let level = 0;
    let hash = leafHash;
    let position = index;
    while (position % 2 === 1) {
      const left = this.levels[level]!.view(position - 1);
      hash = hashChildren(left, hash);
      level += 1;
      position = (position - 1) / 2;
      let row = this.levels[level];
      if (row === undefined) {
        row = new HashRow();
        this.levels.push(row);
      }
      row.push(hash);
    }
    return index;
  }

  /** Hash of a complete subtree; a copy, so callers cannot alter the tree. */
  readonly nodeHash: NodeHashReader = (level, index) => {
    const row = this.levels[level];
    if (row === undefined || !Number.isSafeInteger(index) || index < 0 || index >= row.count) {
      throw new HuzhuError('NOT_FOUND', `no complete subtree at level ${level}, index ${index}`);
    }
    return row.view(index).slice();
  };

  /** Root hash at `size` (default: the current size). */
  root(size: number = this.size): Uint8Array {
    this.assertSizeKnown(size, 'size');
    return rootHash(this.nodeHash, size);
  }

  inclusionProof(index: number, size: number = this.size): Uint8Array[] {
    this.assertSizeKnown(size, 'size');
    return inclusionProof(this.nodeHash, index, size);
  }

  consistencyProof(size1: number, size2: number = this.size): Uint8Array[] {
    this.assertSizeKnown(size2, 'size2');
    return consistencyProof(this.nodeHash, size1, size2);
  }

  private assertSizeKnown(size: number, field: string): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) {
      throw new HuzhuError('VALIDATION', `${field}: ${size} is beyond the tree's ${this.size} leaves`, { field });
    }
  }
}
