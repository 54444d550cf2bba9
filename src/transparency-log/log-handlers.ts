/**
 * The log's public endpoints as plain functions, for the HTTP server to mount:
 *
 *   GET /log/checkpoint                        getCheckpoint()            text/plain signed note
 *   GET /log/tile/<L>/<N>[.p/<W>]              getTile(L, N, W)           application/octet-stream
 *   GET /log/tile/entries/<N>[.p/<W>]          getEntryBundle(N, W)       application/octet-stream
 *   GET /log/proof/inclusion?index=&size=      inclusionProof(i, n)       application/json
 *   GET /log/proof/consistency?from=&to=       consistencyProof(m, n)     application/json
 *   GET (member) /me/.../charge-proof          memberChargeBundle(m, p)   text/plain c2sp.org/tlog-proof@v1
 *
 * `handleLogPath` maps a path below /log/ (and its query) to the right handler, so mounting is
 * one wildcard route. Full tiles and partial tiles of a given width never change once they
 * exist: they may be cached forever. Errors are HuzhuError: VALIDATION (400), NOT_FOUND (404).
 */
import type { Db } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { toBase64 } from '../transparency/bytes.ts';
import { parseCheckpoint } from '../transparency/checkpoint.ts';
import { parseNote, type NoteSigner } from '../transparency/note.ts';
import { createChargeBundle, type PeriodChargesEntry } from '../transparency/proof-bundle.ts';
import { TILE_WIDTH, encodeEntryBundle, parseTilePath } from '../transparency/tiles.ts';
import { decodeLogEntry } from '../transparency/canonical-json.ts';
import { memberChargePath } from './charge-tree.ts';
import { latestCheckpoint, signCheckpointNow } from './checkpoints.ts';
import { readEntries, readTileHashes, storedConsistencyProof, storedInclusionProof } from './log-store.ts';

export interface ProofResponse {
  /** Base64 hashes, RFC 9162 order. */
  proof: string[];
}

export interface LogHandlers {
  /** The latest signed checkpoint; signs a new one first when the log has grown (and `signOnRead`). */
  getCheckpoint(): Promise<string>;
  getTile(level: number, index: number, width: number): Promise<Uint8Array>;
  getEntryBundle(index: number, width: number): Promise<Uint8Array>;
  inclusionProof(index: number, size: number): Promise<ProofResponse & { index: number; size: number }>;
  consistencyProof(from: number, to: number): Promise<ProofResponse & { from: number; to: number }>;
  /** The member's `.tlog-proof` bundle for their charge in a period, against the latest checkpoint. */
  memberChargeBundle(membershipId: bigint, periodId: bigint): Promise<string>;
}

export interface LogHandlerOptions {
  signer: NoteSigner;
  /** Checkpoint origin line; defaults to the key name, as c2sp.org/tlog-checkpoint recommends. */
  origin?: string;
  /** Sign a fresh checkpoint on read when the log has grown (default true). */
  signOnRead?: boolean;
}

function count(value: number, field: string, min = 0): number {
  if (!Number.isSafeInteger(value) || value < min) throw new HuzhuError('VALIDATION', `${field}: must be an integer >= ${min}`, { field });
  return value;
}

function checkWidth(width: number): number {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw new HuzhuError('VALIDATION', 'width: must be 1..256', { field: 'width' });
  return width;
}

export function createLogHandlers(db: Db, opts: LogHandlerOptions): LogHandlers {
  const origin = opts.origin ?? opts.signer.name;
  const current = async (): Promise<string> => {
    if (opts.signOnRead === false) {
      const last = await latestCheckpoint(db);
      if (!last) throw new HuzhuError('NOT_FOUND', 'the log has no signed checkpoint yet');
      return last.note;
    }
    return (await signCheckpointNow(db, opts.signer, origin)).note;
  };

  return {
    getCheckpoint: current,

    async getTile(level, index, width) {
      if (!Number.isInteger(level) || level < 0 || level > 7) throw new HuzhuError('VALIDATION', 'level: must be 0..7', { field: 'level' });
      const bytes = await readTileHashes(db, level, count(index, 'index'), checkWidth(width));
      if (!bytes) throw new HuzhuError('NOT_FOUND', `tile ${level}/${index} of width ${width} does not exist (yet)`);
      return bytes;
    },

    async getEntryBundle(index, width) {
      const entries = await readEntries(db, count(index, 'index') * TILE_WIDTH, checkWidth(width));
      if (entries.length !== width) throw new HuzhuError('NOT_FOUND', `entry bundle ${index} of width ${width} does not exist (yet)`);
      return encodeEntryBundle(entries);
    },

    async inclusionProof(index, size) {
      count(size, 'size', 1);
      if (count(index, 'index') >= size) throw new HuzhuError('VALIDATION', 'index: must be below size', { field: 'index' });
      return { index, size, proof: (await storedInclusionProof(db, index, size)).map(toBase64) };
    },

    async consistencyProof(from, to) {
      count(from, 'from', 1);
      if (count(to, 'to', 1) < from) throw new HuzhuError('VALIDATION', 'to: must be >= from', { field: 'to' });
      return { from, to, proof: (await storedConsistencyProof(db, from, to)).map(toBase64) };
    },

    async memberChargeBundle(membershipId, periodId) {
      const path = await memberChargePath(db, membershipId, periodId);
      const note = await current();
      const checkpoint = parseCheckpoint(parseNote(note).text);
      if (checkpoint.size <= path.logIndex) throw new HuzhuError('CONFLICT', 'the period is not in a signed checkpoint yet; try again shortly');
      const [bytes] = await readEntries(db, path.logIndex, 1);
      const entry = decodeLogEntry(bytes!) as PeriodChargesEntry;
      return createChargeBundle({
        entry, logIndex: path.logIndex, logInclusionProof: await storedInclusionProof(db, path.logIndex, checkpoint.size), signedCheckpoint: note,
        leaf: path.leaf, chargeIndex: path.index, chargeInclusionProof: path.proof,
      });
    },
  };
}

export interface LogResponse {
  contentType: string;
  body: string | Uint8Array;
  /** Suggested Cache-Control: tiles are immutable, the checkpoint and proofs are not. */
  cacheControl: string;
}

/**
 * Serves `path` (below /log/, e.g. `checkpoint`, `tile/0/x001/234.p/7`, `proof/inclusion`) with
 * its query parameters. Throws HuzhuError NOT_FOUND for unknown paths.
 */
export async function handleLogPath(handlers: LogHandlers, path: string, query: URLSearchParams = new URLSearchParams()): Promise<LogResponse> {
  const immutable = 'public, max-age=31536000, immutable';
  const num = (name: string): number => {
    const raw = query.get(name);
    if (raw === null || !/^(0|[1-9][0-9]{0,15})$/.test(raw)) throw new HuzhuError('VALIDATION', `${name}: a non-negative integer is required`, { field: name });
    return Number(raw);
  };
  if (path === 'checkpoint') return { contentType: 'text/plain; charset=utf-8', body: await handlers.getCheckpoint(), cacheControl: 'no-cache' };
  if (path === 'proof/inclusion') {
    return { contentType: 'application/json', body: JSON.stringify(await handlers.inclusionProof(num('index'), num('size'))), cacheControl: 'public, max-age=60' };
  }
  if (path === 'proof/consistency') {
    return { contentType: 'application/json', body: JSON.stringify(await handlers.consistencyProof(num('from'), num('to'))), cacheControl: 'public, max-age=60' };
  }
  if (path.startsWith('tile/')) {
    let parsed;
    try {
      parsed = parseTilePath(path);
    } catch {
      throw new HuzhuError('NOT_FOUND', `no such log path: ${path}`);
    }
    const body = parsed.kind === 'entries'
      ? await handlers.getEntryBundle(parsed.index, parsed.width)
      : await handlers.getTile(parsed.tile.level, parsed.tile.index, parsed.tile.width);
    return { contentType: 'application/octet-stream', body, cacheControl: immutable };
  }
  throw new HuzhuError('NOT_FOUND', `no such log path: ${path}`);
}
