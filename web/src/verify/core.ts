/**
 * The ONE place the web app imports the project's browser-safe verification core and the jury
 * draw (src/transparency, src/jury/draw.ts). When the core moves, re-point these lines only.
 */
export { bytesEqual, fromBase64, toBase64 } from '../../../src/transparency/bytes.ts';
export { decodeLogEntry, type LogEntry } from '../../../src/transparency/canonical-json.ts';
export { verifyCheckpoint, type Checkpoint } from '../../../src/transparency/checkpoint.ts';
export { parseVerifierKey } from '../../../src/transparency/note.ts';
export { InMemoryMerkleTree } from '../../../src/transparency/memory-tree.ts';
export { verifyConsistency } from '../../../src/transparency/merkle.ts';
export { TILE_WIDTH, decodeEntryBundle, entryBundlePath, tilePath, rootFromTiles, type Tile } from '../../../src/transparency/tiles.ts';
export { verifyBundle, type BundleVerification } from '../../../src/transparency/proof-bundle.ts';
export { recomputeDraw, verifyDraw, type DrawInputs } from '../../../src/jury/draw.ts';
