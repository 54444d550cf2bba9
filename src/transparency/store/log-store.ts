/**
 * The transparency log in PostgreSQL: appending entries (inside the caller's transaction) and
 * reading the stored Merkle nodes back for roots, proofs and tiles.
 *
 * Layout (migration 0200): log_entries holds each entry's bytes; log_nodes holds every complete
 * subtree hash (leaf hashes are level 0), keyed (level, index) as c2sp.org/tlog-tiles publishes
 * them, in runs of consecutive nodes that never cross a tile boundary; log_state holds the size
 * and the right edge of the tree. An append locks log_state, so entries get consecutive indexes in commit order, and a
 * transaction that rolls back takes its entries (and its state change) with it.
 *
 * Hashing here uses node:crypto (several times faster than the pure-JS hash the browser-safe
 * verifier in src/transparency uses); the bytes are the same RFC 6962 hashes.
 */
import { hash } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { encodeLogEntry, type LogEntry } from '../core/canonical-json.ts';
import {
  HASH_SIZE, consistencyProof, inclusionProof, nodesForConsistencyProof, nodesForInclusionProof, nodesForRoot, rootHash,
  type NodeHashReader, type NodeId,
} from '../core/merkle.ts';
import { TILE_HEIGHT } from '../core/tiles.ts';

const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE, 0x01);

export function leafHash(entry: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(1 + entry.length);
  input[0] = 0x00;
  input.set(entry, 1);
  return hash('sha256', input, 'buffer');
}

/** SHA-256(0x01 || left || right). Synchronous use of one scratch buffer, so no allocation per call. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return hash('sha256', nodeInput, 'buffer');
}

/** One entry to append: a log entry (encoded as canonical JSON) or its already encoded bytes. */
export interface LogAppend {
  entry: LogEntry | Uint8Array;
  /** A unique name for what the entry records (e.g. `period.charges/17`), for look-ups. */
  ref?: string | null;
}

export interface LogState {
  size: number;
  /** Right edge: frontier[level] is the complete subtree at that level, where size has a 1 bit. */
  frontier: (Buffer | undefined)[];
}

function decodeFrontier(size: number, bytes: Uint8Array): (Buffer | undefined)[] {
  const frontier: (Buffer | undefined)[] = [];
  let offset = 0;
  let rest = size;
  for (let level = 0; rest > 0; level++, rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) {
      if (offset + HASH_SIZE > bytes.length) throw new HuzhuError('INTERNAL', 'log_state.frontier is shorter than its size needs');
      frontier[level] = Buffer.from(bytes.subarray(offset, offset + HASH_SIZE));
      offset += HASH_SIZE;
    }
  }
  if (offset !== bytes.length) throw new HuzhuError('INTERNAL', 'log_state.frontier does not match the log size');
  return frontier;
}

function encodeFrontier(frontier: (Buffer | undefined)[]): Buffer {
  return Buffer.concat(frontier.filter((h): h is Buffer => h !== undefined));
}

/** Reads and locks the log's state until the transaction ends. */
export async function lockLogState(tx: Queryable): Promise<LogState> {
  const rows = await tx.query<{ size: bigint; frontier: Uint8Array }>('SELECT size, frontier FROM log_state WHERE one FOR UPDATE');
  const row = rows[0];
  if (!row) throw new HuzhuError('INTERNAL', 'log_state has no row (migration 0200 not applied?)');
  const size = Number(row.size);
  return { size, frontier: decodeFrontier(size, row.frontier) };
}

export async function logSize(q: Queryable): Promise<number> {
  const rows = await q.query<{ size: bigint }>('SELECT size FROM log_state WHERE one');
  return Number(rows[0]?.size ?? 0n);
}

/** Entries per statement; a larger append is sent as several, computed while the last one runs. */
const STATEMENT_ENTRIES = 4096;
/** c2sp.org/tlog-tiles entry bundles give each entry a 2-byte length. */
export const MAX_ENTRY_BYTES = 0xffff;

/** The node runs of one statement: consecutive new nodes per level, cut at 256-node tile boundaries. */
class NodeRuns {
  readonly levels: number[] = [];
  readonly starts: number[] = [];
  readonly hashes: Buffer[][] = [];
  private readonly open = new Map<number, number>(); // level -> its open run

  add(level: number, index: number, hash: Buffer): void {
    const at = this.open.get(level);
    if (at !== undefined && this.starts[at]! + this.hashes[at]!.length === index && index % 256 !== 0) {
      this.hashes[at]!.push(hash);
      return;
    }
    this.open.set(level, this.levels.length);
    this.levels.push(level);
    this.starts.push(index);
    this.hashes.push([hash]);
  }

  /** Parameters for the INSERT below: levels, first indexes, offsets and counts (in hashes), all hashes. */
  params(bytes: (all: Buffer) => unknown): unknown[] {
    const offsets: number[] = [];
    const counts: number[] = [];
    let at = 0;
    for (const run of this.hashes) {
      offsets.push(at);
      counts.push(run.length);
      at += run.length;
    }
    return [this.levels, this.starts, offsets, counts, bytes(Buffer.concat(this.hashes.flat()))];
  }
}

const engines = new WeakMap<Queryable, Promise<boolean>>();

/** Is `q` embedded PGlite? Asked once per transaction object, only for large appends. */
function isPglite(q: Queryable): Promise<boolean> {
  let known = engines.get(q);
  if (!known) {
    known = q.query<{ v: string }>('SELECT version() AS v').then((rows) => (rows[0]?.v ?? '').includes('PGlite'));
    engines.set(q, known);
  }
  return known;
}

/**
 * Appends entries in order, inside `tx`, and returns the index of the first. They become visible
 * when (and only if) `tx` commits. One statement (entries and new node runs) per 4,096 entries;
 * the next statement's hashes are computed while the database runs the last one.
 */
export async function appendLogEntries(tx: Queryable, items: readonly LogAppend[]): Promise<number> {
  const state = await lockLogState(tx);
  const first = state.size;
  if (items.length === 0) return first;
  const frontier = state.frontier;
  let inFlight: Promise<unknown> | undefined;
  // Bytes go to a server as binary parameters; to PGlite as hex text, which it takes much faster.
  const hex = items.length < 256 || (await isPglite(tx));
  const bytesParam = (n: number) => (hex ? `decode($${n}::text, 'hex')` : `$${n}::bytea`);
  const bytesValue = (bytes: Buffer): Buffer | string => (hex ? bytes.toString('hex') : bytes);

  for (let from = 0; from < items.length; from += STATEMENT_ENTRIES) {
    const to = Math.min(items.length, from + STATEMENT_ENTRIES);
    const entryBytes: Uint8Array[] = [];
    const offsets: number[] = [];
    const lengths: number[] = [];
    const refs: (string | null)[] = [];
    const runs = new NodeRuns();
    let offset = 0;
    for (let i = from; i < to; i++) {
      const item = items[i]!;
      const bytes = item.entry instanceof Uint8Array ? item.entry : encodeLogEntry(item.entry);
      if (bytes.length > MAX_ENTRY_BYTES) throw new HuzhuError('VALIDATION', `entry: ${bytes.length} bytes, at most ${MAX_ENTRY_BYTES}`, { field: 'entry' });
      entryBytes.push(bytes);
      offsets.push(offset);
      lengths.push(bytes.length);
      offset += bytes.length;
      refs.push(item.ref ?? null);
      let hash = leafHash(bytes);
      runs.add(0, first + i, hash);
      // The new leaf completes one subtree per trailing 1 bit of its index: hash them upward.
      let level = 0;
      let position = first + i;
      while (position % 2 === 1) {
        hash = nodeHash(frontier[level]!, hash);
        frontier[level] = undefined;
        level += 1;
        position = (position - 1) / 2;
        runs.add(level, position, hash);
      }
      frontier[level] = hash;
    }
    // The previous statement ran in the database while this one's hashes were computed.
    if (inFlight) await inFlight;
    const anyRef = refs.some((r) => r !== null);
    inFlight = tx.query(
      `WITH entries AS (
         INSERT INTO log_entries (idx, entry, ref)
         SELECT $1::bigint + g.n - 1, substring(b.bytes FROM g.off + 1 FOR g.len), ($5::text[])[g.n]
           FROM (SELECT ${bytesParam(2)} AS bytes) b, unnest($3::int[], $4::int[]) WITH ORDINALITY AS g(off, len, n)),
       nodes AS (
         INSERT INTO log_nodes (level, idx, hashes)
         SELECT r.level, r.idx, substring(b.bytes FROM r.off * 32 + 1 FOR r.cnt * 32)
           FROM (SELECT ${bytesParam(10)} AS bytes) b, unnest($6::smallint[], $7::bigint[], $8::int[], $9::int[]) AS r(level, idx, off, cnt))
       SELECT 1`,
      [first + from, bytesValue(Buffer.concat(entryBytes)), offsets, lengths, anyRef ? refs : null, ...runs.params(bytesValue)]);
    inFlight.catch(() => undefined); // awaited below; this only keeps a failure from going unhandled meanwhile
  }
  await inFlight;
  await tx.query('UPDATE log_state SET size = $1, frontier = $2 WHERE one', [first + items.length, encodeFrontier(frontier)]);
  return first;
}

/** Appends one entry inside the caller's transaction; returns its index. */
export async function appendLogEntry(tx: Queryable, entry: LogEntry, ref?: string | null): Promise<number> {
  return appendLogEntries(tx, [{ entry, ref: ref ?? null }]);
}

// ---- Reading nodes ------------------------------------------------------------------------

const nodeKey = (level: number, index: number): string => `${level}/${index}`;

/**
 * Fetches the given complete-subtree nodes, and the log's size, in one query (one index probe per
 * node). Missing nodes are absent from the map.
 */
export async function readNodes(q: Queryable, nodes: readonly NodeId[]): Promise<{ nodes: Map<string, Uint8Array>; logSize: number }> {
  // The node ids are written into the statement (they are integers we computed, checked below):
  // a statement without parameters takes one simple-protocol round trip, which is most of the
  // cost of a proof.
  for (const n of nodes) {
    if (!Number.isSafeInteger(n.level) || !Number.isSafeInteger(n.index) || n.level < 0 || n.index < 0) throw new HuzhuError('INTERNAL', 'bad node id');
  }
  const rows = await q.query<{ level: number; idx: bigint; hash: Uint8Array | null; size: bigint }>(
    `SELECT -1 AS level, size AS idx, NULL::bytea AS hash FROM log_state
     UNION ALL
     SELECT k.level, k.idx, substring(n.hashes FROM (k.idx - n.idx)::int * 32 + 1 FOR 32)
       FROM unnest('{${nodes.map((n) => n.level).join(',')}}'::smallint[], '{${nodes.map((n) => n.index).join(',')}}'::bigint[]) AS k(level, idx)
       JOIN LATERAL (SELECT idx, hashes FROM log_nodes WHERE level = k.level AND idx <= k.idx ORDER BY idx DESC LIMIT 1) n
         ON k.idx < n.idx + octet_length(n.hashes) / 32`);
  const map = new Map<string, Uint8Array>();
  let size = 0;
  for (const r of rows) {
    if (Number(r.level) < 0) size = Number(r.idx);
    else map.set(nodeKey(Number(r.level), Number(r.idx)), r.hash!);
  }
  return { nodes: map, logSize: size };
}

function readerOf(map: Map<string, Uint8Array>): NodeHashReader {
  return (level, index) => {
    const hash = map.get(nodeKey(level, index));
    if (hash === undefined) throw new HuzhuError('INTERNAL', `transparency log: node ${level}/${index} is missing from the database`);
    return hash;
  };
}

function assertWithin(size: number, logSizeNow: number, field: string): void {
  if (size > logSizeNow) throw new HuzhuError('VALIDATION', `${field}: ${size} is beyond the log's ${logSizeNow} entries`, { field });
}

function assertCount(value: number, field: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new HuzhuError('VALIDATION', `${field}: must be an integer >= ${min}`, { field });
}

/** Root hash of the first `size` entries, from O(log size) stored nodes, in one query. */
export async function storedRoot(q: Queryable, size: number): Promise<Uint8Array> {
  assertCount(size, 'size', 0);
  const read = await readNodes(q, nodesForRoot(size));
  assertWithin(size, read.logSize, 'size');
  return rootHash(readerOf(read.nodes), size);
}

export async function storedInclusionProof(q: Queryable, index: number, size: number): Promise<Uint8Array[]> {
  assertCount(size, 'size', 1);
  const read = await readNodes(q, nodesForInclusionProof(index, size));
  assertWithin(size, read.logSize, 'size');
  return inclusionProof(readerOf(read.nodes), index, size);
}

export async function storedConsistencyProof(q: Queryable, from: number, to: number): Promise<Uint8Array[]> {
  assertCount(from, 'from', 1);
  if (!Number.isSafeInteger(to) || to < from) throw new HuzhuError('VALIDATION', 'to: must be >= from', { field: 'to' });
  const read = await readNodes(q, nodesForConsistencyProof(from, to));
  assertWithin(to, read.logSize, 'to');
  return consistencyProof(readerOf(read.nodes), from, to);
}

/** The hashes of tile (level, index) of width `width`, in order, or undefined if not all exist. */
export async function readTileHashes(q: Queryable, level: number, index: number, width: number): Promise<Uint8Array | undefined> {
  const start = index * 256;
  // Runs never cross a tile boundary: the tile is the runs starting inside it, in order.
  const rows = await q.query<{ idx: bigint; hashes: Uint8Array }>(
    'SELECT idx, hashes FROM log_nodes WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx', [level * TILE_HEIGHT, start, start + width]);
  let next = start;
  for (const r of rows) {
    if (Number(r.idx) !== next) return undefined;
    next += r.hashes.length / HASH_SIZE;
  }
  if (next < start + width) return undefined;
  return Buffer.concat(rows.map((r) => r.hashes)).subarray(0, width * HASH_SIZE);
}

export async function readEntries(q: Queryable, start: number, count: number): Promise<Uint8Array[]> {
  const rows = await q.query<{ entry: Uint8Array }>('SELECT entry FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx', [start, start + count]);
  return rows.map((r) => r.entry);
}

/** The index of the entry recorded under `ref`, if any. */
export async function findEntryByRef(q: Queryable, ref: string): Promise<{ index: number; entry: Uint8Array } | undefined> {
  const rows = await q.query<{ idx: bigint; entry: Uint8Array }>('SELECT idx, entry FROM log_entries WHERE ref = $1', [ref]);
  return rows[0] && { index: Number(rows[0].idx), entry: rows[0].entry };
}

/** The entry at `index` (INTERNAL when the log has no such entry). */
export async function entryAt(q: Queryable, index: number | bigint): Promise<Uint8Array> {
  const rows = await q.query<{ entry: Uint8Array }>('SELECT entry FROM log_entries WHERE idx = $1', [index]);
  if (!rows[0]) throw new HuzhuError('INTERNAL', `log entry ${index} is missing`);
  return rows[0].entry;
}

/** The ref the entry at `index` was recorded under, or null. */
export async function refAt(q: Queryable, index: number | bigint): Promise<string | null> {
  return (await q.query<{ ref: string | null }>('SELECT ref FROM log_entries WHERE idx = $1', [index]))[0]?.ref ?? null;
}

/** A plan's latest `plan.rules` entry (they carry no ref: found by their canonical bytes, newest first). */
export async function latestPlanRulesEntry(q: Queryable, planId: string): Promise<{ index: number; entry: Uint8Array } | undefined> {
  const rows = await q.query<{ idx: bigint; entry: Uint8Array }>(
    `SELECT idx, entry FROM log_entries
      WHERE ref IS NULL AND position(convert_to('"type":"plan.rules"', 'UTF8') IN entry) > 0
        AND position(convert_to('"plan":' || to_json($1::text)::text || ',', 'UTF8') IN entry) > 0
      ORDER BY idx DESC LIMIT 1`, [planId]);
  return rows[0] && { index: Number(rows[0].idx), entry: rows[0].entry };
}
