/**
 * The log's public endpoints as plain functions, for the HTTP server to mount:
 *
 *   GET /log/checkpoint                        getCheckpoint()            text/plain signed note
 *   GET /log/tile/<L>/<N>[.p/<W>]              getTile(L, N, W)           application/octet-stream
 *   GET /log/tile/entries/<N>[.p/<W>]          getEntryBundle(N, W)       application/octet-stream
 *   GET /log/proof/inclusion?index=&size=      inclusionProof(i, n)       application/json
 *   GET /log/proof/consistency?from=&to=       consistencyProof(m, n)     application/json
 *   GET (member) /me/.../charge-proof          memberChargeBundle(m, p)   text/plain c2sp.org/tlog-proof@v1
 *   POST /log/cosignature                      submitCosignature(note)    a witness's cosignature (cosignatures.ts)
 *   GET /log/witnesses                         witnessStatus()            the configured witnesses and what each cosigned
 *
 * The checkpoint is served with the cosignature lines the log holds for it appended after its own
 * signature line, so a client that trusts some witnesses sees a cosigned checkpoint.
 * `handleLogPath` maps a path below /log/ (and its query) to the right handler, so mounting is
 * one wildcard route. Full tiles and partial tiles of a given width never change once they
 * exist: they may be cached forever. Errors are HuzhuError: VALIDATION (400), NOT_FOUND (404).
 */
import type { Db } from '../../db/database.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { toBase64 } from '../../domain/bytes.ts';
import { parseCheckpoint } from '../core/checkpoint-format.ts';
import { parseNote, type NoteSigner } from '../core/note.ts';
import { createChargeBundle, type PeriodChargesEntry } from '../core/proof-bundle.ts';
import { TILE_WIDTH, encodeEntryBundle, parseTilePath } from '../core/tiles.ts';
import { decodeLogEntry } from '../core/canonical-json.ts';
import { memberChargePath } from './charge-tree.ts';
import { latestCheckpoint, signCheckpointNow, type SignedCheckpoint } from './checkpoint-store.ts';
import { acceptCosignatures, cosignatureLines, witnessProgress, type CosignatureSubmission } from './cosignature-store.ts';
import type { WitnessKey } from '../witness/witness-config.ts';
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
  /** A witness's cosigned checkpoint note: checked and stored (cosignatures.ts). */
  submitCosignature(note: string): Promise<CosignatureSubmission>;
  /** The configured witnesses and the latest checkpoint each has cosigned. */
  witnessStatus(): Promise<WitnessStatus>;
}

export interface WitnessStatus {
  /** Size of the latest signed checkpoint (null before the first). */
  checkpointSize: number | null;
  witnesses: {
    name: string;
    keyId: string;
    verifierKey: string;
    /** Largest checkpoint size this witness has cosigned, and when (POSIX seconds); null if never. */
    cosignedSize: number | null;
    cosignedAt: number | null;
    /** Whether the latest checkpoint carries its cosignature. */
    cosignedLatest: boolean;
  }[];
}

/** A note holds at most 100 signatures (note.ts): the log's line and up to 99 cosignatures. */
const MAX_SERVED_COSIGNATURES = 99;

export interface LogHandlerOptions {
  signer: NoteSigner;
  /** Checkpoint origin line; defaults to the key name, as c2sp.org/tlog-checkpoint recommends. */
  origin?: string;
  /** Sign a fresh checkpoint on read when the log has grown (default true). */
  signOnRead?: boolean;
  /** The witnesses whose cosignatures the log accepts (witness-config.ts); default none. */
  witnesses?: readonly WitnessKey[];
  /** The time recorded for signing and checked against cosignature timestamps (default the system clock). */
  clock?: () => Date;
}

function count(value: number, field: string, min = 0): number {
  if (!Number.isSafeInteger(value) || value < min) throw new HuzhuError('VALIDATION', `${field}: must be an integer >= ${min}`, { field });
  return value;
}

function checkWidth(width: number): number {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw new HuzhuError('VALIDATION', 'width: must be 1..256', { field: 'width' });
  return width;
}

/** Each configured witness's latest cosignature against the log's latest checkpoint. */
async function witnessStatusOf(db: Db, witnesses: NonNullable<LogHandlerOptions['witnesses']>): Promise<WitnessStatus> {
  const latest = await latestCheckpoint(db);
  const progress = await witnessProgress(db);
  return {
    checkpointSize: latest ? latest.size : null,
    witnesses: witnesses.map(({ verifier, verifierKey }) => {
      const mine = progress.find((p) => p.witness === verifier.name && p.keyId === verifier.keyId);
      const keyId = verifier.keyId.toString(16).padStart(8, '0');
      return {
        name: verifier.name, keyId, verifierKey,
        cosignedSize: mine ? mine.size : null,
        cosignedAt: mine ? mine.cosignedAt : null,
        cosignedLatest: latest !== undefined && mine?.size === latest.size,
      };
    }),
  };
}

export function createLogHandlers(db: Db, opts: LogHandlerOptions): LogHandlers {
  const origin = opts.origin ?? opts.signer.name;
  const witnesses = opts.witnesses ?? [];
  const withCosignatures = async (cp: SignedCheckpoint): Promise<string> => {
    const lines = (await cosignatureLines(db, cp.size)).slice(0, MAX_SERVED_COSIGNATURES);
    return cp.note + lines.map((line) => `${line}\n`).join('');
  };
  const current = async (): Promise<string> => {
    if (opts.signOnRead === false) {
      const last = await latestCheckpoint(db);
      if (!last) throw new HuzhuError('NOT_FOUND', 'the log has no signed checkpoint yet');
      return withCosignatures(last);
    }
    return withCosignatures(await signCheckpointNow(db, opts.signer, origin, opts.clock?.()));
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

    submitCosignature(note) {
      return acceptCosignatures(db, note, {
        log: opts.signer, witnesses: witnesses.map((w) => w.verifier), now: opts.clock?.() ?? new Date(),
      });
    },

    witnessStatus: () => witnessStatusOf(db, witnesses),
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
