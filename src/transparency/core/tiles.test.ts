import { describe, expect, it } from 'vitest';
import { HuzhuError } from '../../domain/errors.ts';
import { toHex, utf8 } from '../../domain/bytes.ts';
import { InMemoryMerkleTree } from './memory-tree.ts';
import { nodesForRoot, verifyConsistency, verifyInclusion, hashLeaf } from './merkle.ts';
import {
  consistencyProofFromTiles,
  decodeEntryBundle,
  encodeEntryBundle,
  encodeTileIndex,
  entryBundleMatchesTile,
  entryBundlePath,
  inclusionProofFromTiles,
  parseTilePath,
  readTile,
  rootFromTiles,
  tilePath,
  tilesForNodes,
  type Tile,
} from './tiles.ts';

const SIZE = 70_000;
const tree = new InMemoryMerkleTree();
const entries: Uint8Array[] = [];
for (let i = 0; i < SIZE; i++) {
  const entry = utf8(JSON.stringify({ type: 'test', v: 1, i }));
  entries.push(entry);
  tree.append(entry);
}

/** A "log server": serves a tile only if it exists for the tree size the client asked about. */
function serverFor(published: number): { fetch: (tile: Tile) => Uint8Array; fetched: string[] } {
  const fetched: string[] = [];
  return {
    fetched,
    fetch(tile) {
      fetched.push(tilePath(tile));
      const hashesAtLevel = Math.floor(published / 256 ** tile.level);
      const available = Math.min(256, hashesAtLevel - tile.index * 256);
      if (tile.width > available) throw new Error(`tile ${tilePath(tile)} does not exist at size ${published}`);
      return readTile(tree.nodeHash, tile);
    },
  };
}

describe('tile paths', () => {
  it('encodes N in x-prefixed 3-digit groups', () => {
    expect(encodeTileIndex(1234067)).toBe('x001/x234/067');
    expect(encodeTileIndex(0)).toBe('000');
    expect(encodeTileIndex(1000)).toBe('x001/000');
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 2, index: 5, width: 17 })).toBe('tile/2/005.p/17');
    expect(entryBundlePath(273, 112)).toBe('tile/entries/273.p/112');
  });

  it('parses only canonical paths', () => {
    expect(parseTilePath('tile/0/x001/x234/067')).toEqual({ kind: 'hashes', tile: { level: 0, index: 1234067, width: 256 } });
    expect(parseTilePath('tile/entries/273.p/112')).toEqual({ kind: 'entries', index: 273, width: 112 });
    for (const bad of ['tile/0/x000/067', 'tile/0/67', 'tile/00/067', 'tile/0/067.p/256', 'tile/0/067.p/0', 'tile/64/000', 'tile/0/001/002']) {
      expect(() => parseTilePath(bad), bad).toThrow(HuzhuError);
    }
  });

  it('needs the tiles the spec lists for a tree of 70,000', () => {
    // The spec: "273 full level 0 tiles, one partial level 0 tile of width 112, one full level 1
    // tile, one partial level 1 tile of width 17, and one partial level 2 tile of width 1."
    // The root needs only the right edge: 70,000 = 65,536 (the one hash of tile/2/000.p/1)
    // + 4,096 + 256 (from tile/1/001.p/17) + 112 (from tile/0/273.p/112).
    const paths = tilesForNodes(nodesForRoot(SIZE), SIZE).map(tilePath);
    expect(paths).toEqual(['tile/2/000.p/1', 'tile/1/001.p/17', 'tile/0/273.p/112']);
  });
});

describe('computing from tiles', () => {
  it('recomputes the root at many sizes', async () => {
    for (const size of [1, 2, 255, 256, 257, 511, 512, 65535, 65536, 65537, 69999, 70000]) {
      const server = serverFor(size);
      expect(toHex(await rootFromTiles(size, server.fetch)), `size ${size}`).toBe(toHex(tree.root(size)));
    }
  });

  it('produces the same inclusion and consistency proofs as the tree itself', async () => {
    for (const [index, size] of [[0, 1], [5, 300], [255, 256], [256, 70000], [69999, 70000], [12345, 65537]] as const) {
      const proof = await inclusionProofFromTiles(index, size, serverFor(size).fetch);
      expect(proof.map(toHex)).toEqual(tree.inclusionProof(index, size).map(toHex));
      expect(verifyInclusion(hashLeaf(entries[index]!), index, size, proof, tree.root(size))).toBe(true);
    }
    for (const [size1, size2] of [[1, 2], [7, 300], [256, 70000], [65536, 70000], [69000, 70000], [70000, 70000]] as const) {
      const proof = await consistencyProofFromTiles(size1, size2, serverFor(size2).fetch);
      expect(proof.map(toHex)).toEqual(tree.consistencyProof(size1, size2).map(toHex));
      expect(verifyConsistency(size1, size2, proof, tree.root(size1), tree.root(size2))).toBe(true);
    }
  });

  it('fetches only a handful of tiles per proof', async () => {
    const server = serverFor(SIZE);
    await inclusionProofFromTiles(4242, SIZE, server.fetch);
    expect(server.fetched.length).toBeLessThanOrEqual(4);
  });

  it('rejects a tile of the wrong length', async () => {
    await expect(rootFromTiles(300, () => new Uint8Array(10))).rejects.toThrow(HuzhuError);
  });
});

describe('entry bundles', () => {
  it('round-trips uint16-length-prefixed entries that hash to the level-0 tile', () => {
    const bundle = encodeEntryBundle(entries.slice(256, 512));
    expect(bundle[0]).toBe(0);
    expect(bundle[1]).toBe(entries[256]!.length);
    const decoded = decodeEntryBundle(bundle);
    expect(decoded.length).toBe(256);
    const tile = readTile(tree.nodeHash, { level: 0, index: 1, width: 256 });
    expect(entryBundleMatchesTile(decoded, tile)).toBe(true);
    const altered = decoded.map((e, i) => (i === 7 ? utf8('forged') : e));
    expect(entryBundleMatchesTile(altered, tile)).toBe(false);
    expect(() => decodeEntryBundle(bundle.subarray(0, bundle.length - 1))).toThrow(HuzhuError);
    expect(() => encodeEntryBundle([new Uint8Array(70000)])).toThrow(HuzhuError);
  });
});
