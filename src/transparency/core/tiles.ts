/**
 * C2SP tlog-tiles (https://c2sp.org/tlog-tiles): the log published as static files.
 *
 * Instead of answering proof requests, the log publishes "tiles": runs of 256 consecutive hashes
 * at every eighth level of the Merkle tree, plus "entry bundles" holding the entries themselves.
 * A mirror or a member's browser fetches the few tiles it needs and computes roots and proofs on
 * its own, so the log never has to be trusted to compute them and can be served from a CDN.
 *
 * Tile (L, N) at level L holds MTH of leaf ranges of 256^L leaves: its i-th hash is the complete
 * subtree node at Merkle level 8L, index N * 256 + i. The rightmost tiles are partial (W < 256).
 */
import { invalid } from '../../domain/errors.ts';
import { concatBytes } from '../../domain/bytes.ts';
import {
  HASH_SIZE,
  consistencyProof,
  hashChildren,
  hashLeaf,
  inclusionProof,
  nodesForConsistencyProof,
  nodesForInclusionProof,
  nodesForRoot,
  rootHash,
  type NodeHashReader,
  type NodeId,
} from './merkle.ts';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256; // 2^TILE_HEIGHT hashes in a full tile

/** A tile: level L, index N, and width W (1..256; 256 means a full tile). */
export interface Tile {
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

/** Fetches a tile's bytes, e.g. `fetch(prefix + tilePath(tile))`. */
export type TileFetcher = (tile: Tile) => Promise<Uint8Array> | Uint8Array;

/** N as zero-padded 3-digit path elements, "x" before all but the last: 1234067 -> x001/x234/067. */
export function encodeTileIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw invalid('index', 'must be a non-negative safe integer');
  let rest = index;
  let path = String(rest % 1000).padStart(3, '0');
  while (rest >= 1000) {
    rest = Math.floor(rest / 1000);
    path = `x${String(rest % 1000).padStart(3, '0')}/${path}`;
  }
  return path;
}

function widthSuffix(width: number): string {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw invalid('width', 'must be 1..256');
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

/** `tile/<L>/<N>[.p/<W>]` */
export function tilePath(tile: Tile): string {
  if (!Number.isInteger(tile.level) || tile.level < 0 || tile.level > 63) throw invalid('level', 'must be 0..63');
  return `tile/${tile.level}/${encodeTileIndex(tile.index)}${widthSuffix(tile.width)}`;
}

/** `tile/entries/<N>[.p/<W>]`: the entries whose leaf hashes form level-0 tile N. */
export function entryBundlePath(index: number, width: number): string {
  return `tile/entries/${encodeTileIndex(index)}${widthSuffix(width)}`;
}

export type ParsedTilePath = { readonly kind: 'hashes'; readonly tile: Tile } | { readonly kind: 'entries'; readonly index: number; readonly width: number };

/** Parses a tile or entry-bundle path; only the canonical spelling is accepted. */
export function parseTilePath(path: string): ParsedTilePath {
  const match = /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(path);
  if (match === null) throw invalid('path', 'not a tile path');
  const [, levelText, indexText, widthText] = match as unknown as [string, string, string, string | undefined];
  const index = Number(indexText.replace(/x/g, '').replace(/\//g, ''));
  const width = widthText === undefined ? TILE_WIDTH : Number(widthText);
  if (widthText !== undefined && width >= TILE_WIDTH) throw invalid('path', 'partial width must be 1..255');
  if (encodeTileIndex(index) !== indexText) throw invalid('path', 'non-canonical tile index');
  if (levelText === 'entries') return { kind: 'entries', index, width };
  const level = Number(levelText);
  if (level > 63) throw invalid('path', 'level must be 0..63');
  return { kind: 'hashes', tile: { level, index, width } };
}

/** The tile that holds (or lets one compute) complete-subtree node `node` in a tree of `treeSize`. */
export function tileForNode(node: NodeId, treeSize: number): Tile {
  const level = Math.floor(node.level / TILE_HEIGHT);
  const firstHash = node.index * 2 ** (node.level % TILE_HEIGHT); // position among level-8L hashes
  const index = Math.floor(firstHash / TILE_WIDTH);
  const hashesAtLevel = Math.floor(treeSize / TILE_WIDTH ** level); // complete level-8L hashes
  const width = Math.min(TILE_WIDTH, hashesAtLevel - index * TILE_WIDTH);
  if (width < 1) throw invalid('node', `level ${node.level} index ${node.index} is outside a tree of ${treeSize}`);
  return { level, index, width };
}

/** Distinct tiles needed to read `nodes`, in the order first needed. */
export function tilesForNodes(nodes: readonly NodeId[], treeSize: number): Tile[] {
  const tiles = new Map<string, Tile>();
  for (const node of nodes) {
    const tile = tileForNode(node, treeSize);
    tiles.set(tilePath(tile), tile);
  }
  return [...tiles.values()];
}

/** The bytes of `tile`, built from stored node hashes: what a log writes to `tilePath(tile)`. */
export function readTile(read: NodeHashReader, tile: Tile): Uint8Array {
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < tile.width; i++) hashes.push(read(tile.level * TILE_HEIGHT, tile.index * TILE_WIDTH + i));
  return concatBytes(...hashes);
}

/**
 * A node reader over fetched tiles (keyed by tilePath). A node between tile levels is recomputed
 * by hashing up to 128 tile hashes, so any complete subtree can be read from one tile.
 */
export function nodeReaderFromTiles(treeSize: number, tiles: ReadonlyMap<string, Uint8Array>): NodeHashReader {
  return (level, index) => {
    const tile = tileForNode({ level, index }, treeSize);
    const data = tiles.get(tilePath(tile));
    if (data === undefined) throw invalid('tiles', `missing ${tilePath(tile)}`);
    if (data.length !== tile.width * HASH_SIZE) throw invalid('tiles', `${tilePath(tile)} is ${data.length} bytes, expected ${tile.width * HASH_SIZE}`);
    const height = level % TILE_HEIGHT;
    const count = 2 ** height;
    const offset = (index * count) % TILE_WIDTH;
    let row: Uint8Array[] = [];
    for (let i = 0; i < count; i++) row.push(data.slice((offset + i) * HASH_SIZE, (offset + i + 1) * HASH_SIZE));
    while (row.length > 1) {
      const next: Uint8Array[] = [];
      for (let i = 0; i < row.length; i += 2) next.push(hashChildren(row[i]!, row[i + 1]!));
      row = next;
    }
    return row[0]!;
  };
}

async function fetchAll(tiles: readonly Tile[], fetchTile: TileFetcher): Promise<Map<string, Uint8Array>> {
  const fetched = await Promise.all(tiles.map(async (tile) => [tilePath(tile), await fetchTile(tile)] as const));
  return new Map(fetched);
}

/** The root hash at `treeSize`, from tiles (fetched in parallel). Compare it with a checkpoint. */
export async function rootFromTiles(treeSize: number, fetchTile: TileFetcher): Promise<Uint8Array> {
  const tiles = await fetchAll(tilesForNodes(nodesForRoot(treeSize), treeSize), fetchTile);
  return rootHash(nodeReaderFromTiles(treeSize, tiles), treeSize);
}

/** An inclusion proof computed from tiles, without asking the log for it. */
export async function inclusionProofFromTiles(index: number, treeSize: number, fetchTile: TileFetcher): Promise<Uint8Array[]> {
  const tiles = await fetchAll(tilesForNodes(nodesForInclusionProof(index, treeSize), treeSize), fetchTile);
  return inclusionProof(nodeReaderFromTiles(treeSize, tiles), index, treeSize);
}

/** A consistency proof computed from the tiles of the larger tree. */
export async function consistencyProofFromTiles(size1: number, size2: number, fetchTile: TileFetcher): Promise<Uint8Array[]> {
  const tiles = await fetchAll(tilesForNodes(nodesForConsistencyProof(size1, size2), size2), fetchTile);
  return consistencyProof(nodeReaderFromTiles(size2, tiles), size1, size2);
}

/** Entry bundle: each entry prefixed with its length as a big-endian uint16. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length > TILE_WIDTH) throw invalid('entries', 'a bundle holds at most 256 entries');
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    if (entry.length > 0xffff) throw invalid('entries', 'an entry is at most 65535 bytes');
    parts.push(Uint8Array.of(entry.length >> 8, entry.length & 0xff), entry);
  }
  return concatBytes(...parts);
}

export function decodeEntryBundle(bundle: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < bundle.length) {
    if (offset + 2 > bundle.length) throw invalid('bundle', 'truncated length prefix');
    const length = (bundle[offset]! << 8) | bundle[offset + 1]!;
    offset += 2;
    if (offset + length > bundle.length) throw invalid('bundle', 'truncated entry');
    entries.push(bundle.slice(offset, offset + length));
    offset += length;
    if (entries.length > TILE_WIDTH) throw invalid('bundle', 'more than 256 entries');
  }
  return entries;
}

/** Do the bundle's entries hash to exactly the leaf hashes of the matching level-0 tile? */
export function entryBundleMatchesTile(entries: readonly Uint8Array[], levelZeroTile: Uint8Array): boolean {
  if (levelZeroTile.length !== entries.length * HASH_SIZE) return false;
  return entries.every((entry, i) => {
    const leaf = hashLeaf(entry);
    for (let b = 0; b < HASH_SIZE; b++) if (leaf[b] !== levelZeroTile[i * HASH_SIZE + b]) return false;
    return true;
  });
}
