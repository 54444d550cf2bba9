// Transparency log proof costs: `npx tsx bench/log-proofs.ts`.
// Appends 1,000,000 leaves to the in-memory RFC 6962 tree, then times inclusion and consistency
// proofs (generation + verification) at three sizes to show they grow with log(size), not size.
import { InMemoryMerkleTree } from '../src/transparency/core/memory-tree.ts';
import { hashLeaf, verifyConsistency, verifyInclusion } from '../src/transparency/core/merkle.ts';

const TOTAL = 1_000_000;
const SIZES = [1_000, 100_000, 1_000_000];
const ROUNDS = 5_000;

// A tiny deterministic PRNG so runs are comparable.
let state = 42;
const random = (below: number): number => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return Math.floor((state / 2147483648) * below);
};

const entries: Uint8Array[] = [];
for (let i = 0; i < TOTAL; i++) entries.push(new TextEncoder().encode(`{"i":${i},"type":"bench","v":1}`));

const tree = new InMemoryMerkleTree();
let started = performance.now();
for (const entry of entries) tree.append(entry);
const appendSeconds = (performance.now() - started) / 1000;
console.log(`append: ${TOTAL.toLocaleString('en')} leaves in ${appendSeconds.toFixed(2)} s = ${Math.round(TOTAL / appendSeconds).toLocaleString('en')} leaves/s (leaf + interior hashing)`);

console.log('\n      size | proof hashes | inclusion µs | consistency µs   (generation + verification, mean of 5,000)');
for (const size of SIZES) {
  const root = tree.root(size);
  let hashes = 0;
  started = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    const index = random(size);
    const proof = tree.inclusionProof(index, size);
    hashes += proof.length;
    if (!verifyInclusion(hashLeaf(entries[index]!), index, size, proof, root)) throw new Error('inclusion failed');
  }
  const inclusionMicros = ((performance.now() - started) * 1000) / ROUNDS;

  const oldSizes = Array.from({ length: ROUNDS }, () => 1 + random(size - 1));
  const oldRoots = new Map(oldSizes.map((s) => [s, tree.root(s)]));
  started = performance.now();
  for (const size1 of oldSizes) {
    const proof = tree.consistencyProof(size1, size);
    if (!verifyConsistency(size1, size, proof, oldRoots.get(size1)!, root)) throw new Error('consistency failed');
  }
  const consistencyMicros = ((performance.now() - started) * 1000) / ROUNDS;
  console.log(
    `${size.toLocaleString('en').padStart(10)} | ${(hashes / ROUNDS).toFixed(1).padStart(12)} | ${inclusionMicros.toFixed(1).padStart(12)} | ${consistencyMicros.toFixed(1).padStart(14)}`,
  );
}
