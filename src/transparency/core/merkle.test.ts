import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../domain/bytes.ts';
import { InMemoryMerkleTree } from './memory-tree.ts';
import {
  EMPTY_TREE_ROOT,
  hashChildren,
  hashLeaf,
  merkleTreeHash,
  nodesForConsistencyProof,
  nodesForInclusionProof,
  splitPoint,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';

// RFC 6962 section 2.1.1 / 2.1.2, written naively over the full leaf list: the O(n) definitions
// our O(log n) generators must agree with byte for byte.
function referencePath(m: number, leaves: Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = splitPoint(leaves.length);
  return m < k
    ? [...referencePath(m, leaves.slice(0, k)), merkleTreeHash(leaves.slice(k))]
    : [...referencePath(m - k, leaves.slice(k)), merkleTreeHash(leaves.slice(0, k))];
}

function referenceSubproof(m: number, leaves: Uint8Array[], b: boolean): Uint8Array[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [merkleTreeHash(leaves)];
  const k = splitPoint(n);
  return m <= k
    ? [...referenceSubproof(m, leaves.slice(0, k), b), merkleTreeHash(leaves.slice(k))]
    : [...referenceSubproof(m - k, leaves.slice(k), false), merkleTreeHash(leaves.slice(0, k))];
}

const entry = (i: number): Uint8Array => utf8(`entry ${i}`);

function buildTree(size: number): { tree: InMemoryMerkleTree; leaves: Uint8Array[] } {
  const tree = new InMemoryMerkleTree();
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < size; i++) {
    tree.append(entry(i));
    leaves.push(hashLeaf(entry(i)));
  }
  return { tree, leaves };
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  const i = bit % (copy.length * 8);
  copy[Math.floor(i / 8)]! ^= 1 << i % 8;
  return copy;
}

const hex = (hashes: Uint8Array[]): string[] => hashes.map(toHex);

describe('RFC 6962 hashing', () => {
  it('uses the 0x00 leaf and 0x01 node prefixes and SHA-256("") for the empty tree', () => {
    expect(toHex(EMPTY_TREE_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // Known values from RFC 6962 test data (transparency-dev/merkle testonly): leaf hash of "".
    expect(toHex(hashLeaf(new Uint8Array(0)))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(toHex(merkleTreeHash([]))).toBe(toHex(EMPTY_TREE_ROOT));
  });

  it('matches the RFC 6962 reference root for the 8 standard leaves', () => {
    // Leaves and roots from transparency-dev/merkle testonly/constants.go (RFC 6962 inputs).
    const inputs = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const tree = new InMemoryMerkleTree();
    for (const h of inputs) tree.append(Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16)));
    expect(toHex(tree.root(1))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(toHex(tree.root(2))).toBe('fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125');
    expect(toHex(tree.root(3))).toBe('aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77');
    expect(toHex(tree.root(8))).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
  });
});

describe('in-memory tree', () => {
  it('agrees with the recursive MTH and the RFC proof definitions for every size up to 40', () => {
    const { tree, leaves } = buildTree(40);
    for (let size = 1; size <= 40; size++) {
      const prefix = leaves.slice(0, size);
      const root = tree.root(size);
      expect(toHex(root)).toBe(toHex(merkleTreeHash(prefix)));
      for (let index = 0; index < size; index++) {
        const proof = tree.inclusionProof(index, size);
        expect(hex(proof)).toEqual(hex(referencePath(index, prefix)));
        expect(verifyInclusion(leaves[index]!, index, size, proof, root)).toBe(true);
      }
      for (let size1 = 1; size1 <= size; size1++) {
        const proof = tree.consistencyProof(size1, size);
        expect(hex(proof)).toEqual(hex(size1 === size ? [] : referenceSubproof(size1, prefix, true)));
        expect(verifyConsistency(size1, size, proof, tree.root(size1), root)).toBe(true);
      }
    }
  });

  it('reads O(log n) stored nodes per proof', () => {
    const size = 1_000_000_007;
    for (const index of [0, 1, 12345, size - 2, size - 1]) {
      expect(nodesForInclusionProof(index, size).length).toBeLessThanOrEqual(2 * 30);
    }
    for (const size1 of [1, 7, 1 << 20, size - 1]) {
      expect(nodesForConsistencyProof(size1, size).length).toBeLessThanOrEqual(2 * 30);
    }
  });

  it('rejects proofs for sizes it has not reached', () => {
    const { tree } = buildTree(5);
    expect(() => tree.inclusionProof(5)).toThrow(/index/);
    expect(() => tree.inclusionProof(0, 6)).toThrow(/size/);
    expect(() => tree.consistencyProof(0, 5)).toThrow(/size1/);
  });

  it('hashChildren is order sensitive', () => {
    const a = hashLeaf(utf8('a'));
    const b = hashLeaf(utf8('b'));
    expect(toHex(hashChildren(a, b))).not.toBe(toHex(hashChildren(b, a)));
  });
});

describe('property: generated proofs verify and any flipped bit is rejected', () => {
  const { tree, leaves } = buildTree(3000);

  it('inclusion', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.nat(), fc.nat(), (size, rawIndex, bit) => {
        const index = rawIndex % size;
        const root = tree.root(size);
        const proof = tree.inclusionProof(index, size);
        const leaf = leaves[index]!;
        expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
        expect(verifyInclusion(flipBit(leaf, bit), index, size, proof, root)).toBe(false);
        expect(verifyInclusion(leaf, index, size, proof, flipBit(root, bit))).toBe(false);
        if (proof.length > 0) {
          const at = bit % proof.length;
          const bad = proof.map((p, i) => (i === at ? flipBit(p, bit) : p));
          expect(verifyInclusion(leaf, index, size, bad, root)).toBe(false);
          expect(verifyInclusion(leaf, index, size, proof.slice(0, -1), root)).toBe(false);
        }
        expect(verifyInclusion(leaf, index, size, [...proof, leaf], root)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('consistency', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 3000 }), fc.nat(), (a, b, bit) => {
        const size1 = Math.min(a, b);
        const size2 = Math.max(a, b);
        const root1 = tree.root(size1);
        const root2 = tree.root(size2);
        const proof = tree.consistencyProof(size1, size2);
        expect(verifyConsistency(size1, size2, proof, root1, root2)).toBe(true);
        if (size1 === size2) return;
        expect(verifyConsistency(size1, size2, proof, flipBit(root1, bit), root2)).toBe(false);
        expect(verifyConsistency(size1, size2, proof, root1, flipBit(root2, bit))).toBe(false);
        const at = bit % proof.length;
        const bad = proof.map((p, i) => (i === at ? flipBit(p, bit) : p));
        expect(verifyConsistency(size1, size2, bad, root1, root2)).toBe(false);
        expect(verifyConsistency(size1, size2, proof.slice(0, -1), root1, root2)).toBe(false);
        expect(verifyConsistency(size1, size2, [...proof, root1], root1, root2)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
