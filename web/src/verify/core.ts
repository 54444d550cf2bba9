/**
 * The ONE place the web app imports the project's browser-safe verification core and the jury
 * draw (src/transparency/core, src/domain, src/jury/draw.ts). When the core moves, re-point these lines only.
 */
export { bytesEqual, fromBase64, toBase64 } from '../../../src/domain/bytes.ts';
export { decodeLogEntry, type LogEntry } from '../../../src/transparency/core/canonical-json.ts';
export { verifyCheckpoint, type Checkpoint } from '../../../src/transparency/core/checkpoint-format.ts';
export { parseVerifierKey } from '../../../src/transparency/core/note.ts';
export { InMemoryMerkleTree } from '../../../src/transparency/core/memory-tree.ts';
export { verifyConsistency } from '../../../src/transparency/core/merkle.ts';
export { TILE_WIDTH, decodeEntryBundle, entryBundlePath, tilePath, rootFromTiles, type Tile } from '../../../src/transparency/core/tiles.ts';
export { verifyBundle, type BundleVerification } from '../../../src/transparency/core/proof-bundle.ts';
export { recomputeDraw, verifyDraw, type DrawInputs } from '../../../src/jury/draw.ts';
export { commitmentFor, randomSalt } from '../../../src/jury/commit-reveal.ts';

export { involvementsOf, samePerson, type Involvement } from '../../../src/domain/four-eyes.ts';
