/**
 * What `huzhu verify` does, as functions: an auditor's full check of the log from its public
 * tlog-tiles layout, trusting nothing but the log's verifier key and the last checkpoint the
 * auditor saw.
 *
 *   1. the checkpoint is signed by the key (and names the key's origin); when witnesses are
 *      given, at least `minWitnesses` of them cosigned it and no line claiming to be theirs is bad;
 *   2. every entry is fetched (entry bundles) and the root is recomputed from the entries: it
 *      must equal the signed root, so no entry was changed, dropped or inserted;
 *   3. the published tiles add up to the same root;
 *   4. the tree at the last checkpoint seen is a prefix of this one (consistency proof from the
 *      tiles, and the recomputed old root): the log only grew;
 *   5. the entries are replayed (replay-check.ts): every period's numbers must follow from the
 *      plan's logged rules.
 * Sources: HTTP (`https://host/log`), an exported folder (`file:///dir`), or the local database.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/database.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { bytesEqual, fromBase64, toBase64 } from '../../domain/bytes.ts';
import { decodeLogEntry, type LogEntry } from '../core/canonical-json.ts';
import { verifyCheckpoint, type Checkpoint } from '../core/checkpoint-format.ts';
import { InMemoryMerkleTree } from '../core/memory-tree.ts';
import { verifyConsistency } from '../core/merkle.ts';
import { checkCosignatures } from '../core/cosignature-format.ts';
import { parseVerifierKey, type NoteVerifier } from '../core/note.ts';
import { TILE_WIDTH, consistencyProofFromTiles, decodeEntryBundle, entryBundlePath, rootFromTiles, tilePath, type Tile } from '../core/tiles.ts';
import { buildChargeTreeInDb } from '../store/charge-tree.ts';
import type { LogHandlers } from '../store/log-handlers.ts';
import { leafHash } from '../store/log-store.ts';
import { replayEntries, type ReplayReport } from './replay-check.ts';

export interface LogSource {
  readonly describe: string;
  checkpoint(): Promise<string>;
  tile(tile: Tile): Promise<Uint8Array>;
  entryBundle(index: number, width: number): Promise<Uint8Array>;
}

/** A log served over HTTP(S) at `base` (e.g. `https://huzhu.example/log`). */
export function httpLogSource(base: string, fetchImpl: typeof fetch = fetch): LogSource {
  const root = base.replace(/\/+$/, '');
  const get = async (path: string): Promise<Response> => {
    const res = await fetchImpl(`${root}/${path}`);
    if (!res.ok) throw new HuzhuError('NOT_FOUND', `${root}/${path}: HTTP ${res.status}`);
    return res;
  };
  return {
    describe: root,
    checkpoint: async () => (await get('checkpoint')).text(),
    tile: async (tile) => new Uint8Array(await (await get(tilePath(tile))).arrayBuffer()),
    entryBundle: async (index, width) => new Uint8Array(await (await get(entryBundlePath(index, width))).arrayBuffer()),
  };
}

/** A log exported as static files (exportLog) into `dir`. */
export function dirLogSource(dir: string): LogSource {
  const read = async (path: string): Promise<Buffer> => {
    try {
      return await readFile(join(dir, path));
    } catch {
      throw new HuzhuError('NOT_FOUND', `${join(dir, path)}: missing`);
    }
  };
  return {
    describe: dir,
    checkpoint: async () => (await read('checkpoint')).toString('utf8'),
    tile: async (tile) => read(tilePath(tile)),
    entryBundle: async (index, width) => read(entryBundlePath(index, width)),
  };
}

/** The same layout read straight from the handlers (the local database). */
export function handlersLogSource(h: LogHandlers, describe = 'local database'): LogSource {
  return {
    describe,
    checkpoint: () => h.getCheckpoint(),
    tile: (tile) => h.getTile(tile.level, tile.index, tile.width),
    entryBundle: (index, width) => h.getEntryBundle(index, width),
  };
}

/** `--log` argument to a source: http(s):// or file:// (or a plain folder path). */
export function logSourceFor(location: string): LogSource {
  if (/^https?:\/\//.test(location)) return httpLogSource(location);
  if (location.startsWith('file://')) return dirLogSource(fileURLToPath(location));
  return dirLogSource(location);
}

/** The tiles a tree of `size` publishes at each level: full ones, then the partial one. */
export function tilesOf(size: number): Tile[] {
  const tiles: Tile[] = [];
  for (let level = 0; ; level++) {
    const hashes = Math.floor(size / TILE_WIDTH ** level);
    if (hashes === 0) break;
    for (let index = 0; index * TILE_WIDTH < hashes; index++) tiles.push({ level, index, width: Math.min(TILE_WIDTH, hashes - index * TILE_WIDTH) });
    if (hashes < TILE_WIDTH) break;
  }
  return tiles;
}

/** Writes the static tlog-tiles layout (checkpoint, tiles, entry bundles) into `dir`, e.g. for a CDN. */
export async function exportLog(h: LogHandlers, dir: string): Promise<{ size: number; files: number }> {
  const note = await h.getCheckpoint();
  const size = Number(note.split('\n')[1]);
  let files = 0;
  const put = async (path: string, bytes: Uint8Array | string) => {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
    files += 1;
  };
  for (const tile of tilesOf(size)) {
    await put(tilePath(tile), await h.getTile(tile.level, tile.index, tile.width));
    if (tile.level === 0) await put(entryBundlePath(tile.index, tile.width), await h.getEntryBundle(tile.index, tile.width));
  }
  await put('checkpoint', note); // last, so a reader never sees a checkpoint before its tiles
  return { size, files };
}

export interface VerifierState {
  origin: string;
  size: number;
  root: string;
  checkpoint: string;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface LogVerification {
  ok: boolean;
  checks: Check[];
  checkpoint?: Checkpoint;
  replay?: ReplayReport;
  entries?: LogEntry[];
  /** What to remember for next time (only when the log checked out as consistent). */
  newState?: VerifierState;
}

async function inParallel<T>(count: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) out[i] = await fn(i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return out;
}

export interface VerifyLogOptions {
  /** The log's verifier key. */
  key: string;
  /** The last checkpoint seen (readVerifierState). */
  state?: VerifierState | undefined;
  /** Witness keys the auditor trusts (parseCosignatureVerifierKey), and how many must have cosigned. */
  witnesses?: readonly NoteVerifier[];
  minWitnesses?: number;
}

const check = (name: string, ok: boolean, detail: string): Check => ({ name, ok, detail });

/** The checkpoint extends the one saved from the last run (the same origin, no shrinking, a valid consistency proof). */
async function consistencyCheck(
  state: VerifyLogOptions['state'], checkpoint: Checkpoint, tree: InMemoryMerkleTree, rootOk: boolean, fetchTile: (tile: Tile) => Promise<Uint8Array>,
): Promise<Check> {
  const size = checkpoint.size;
  if (state) {
    if (state.origin !== checkpoint.origin) {
      return check('consistency', false, `the saved state is for log "${state.origin}", not "${checkpoint.origin}"`);
    } else if (state.size > size) {
      return check('consistency', false, `the log shrank: it had ${state.size} entries when last checked, now ${size}`);
    } else {
      const oldRoot = fromBase64(state.root, 'state.root');
      let ok = rootOk ? bytesEqual(tree.root(state.size), oldRoot) : true;
      if (ok && state.size > 0 && state.size < size) {
        try {
          const proof = await consistencyProofFromTiles(state.size, size, fetchTile);
          ok = verifyConsistency(state.size, size, proof, oldRoot, checkpoint.rootHash);
        } catch {
          ok = false;
        }
      } else if (state.size === size) {
        ok = ok && bytesEqual(oldRoot, checkpoint.rootHash);
      }
      return check('consistency', ok, ok ? `extends the checkpoint seen before (size ${state.size})` : `NOT consistent with the checkpoint seen before (size ${state.size}): history was rewritten`);
    }
  } else {
    return check('consistency', true, 'no earlier checkpoint saved; this one is remembered from now on');
  }
}

/** Every entry decoded; one that is not canonical JSON is replayed as type `undecodable`. */
function decodeAll(raw: readonly Uint8Array[]): { entries: LogEntry[]; undecodable: number } {
  const entries: LogEntry[] = [];
  let undecodable = 0;
  for (const bytes of raw) {
    try {
      entries.push(decodeLogEntry(bytes));
    } catch {
      undecodable += 1;
      entries.push({ type: 'undecodable', v: 1 });
    }
  }
  return { entries, undecodable };
}

/** The 'witnesses' check: enough valid cosignatures from the given witnesses, and none bad. */
export function witnessCheck(note: string, witnesses: readonly NoteVerifier[], minWitnesses: number): Check {
  const { valid, invalid } = checkCosignatures(note, witnesses);
  const names = valid.map((v) => v.name + (v.timestamp === undefined ? '' : ` at ${new Date(v.timestamp * 1000).toISOString()}`));
  const parts = [`${valid.length} of the ${witnesses.length} witnesses given cosigned this checkpoint${names.length ? ` (${names.join(', ')})` : ''}; ${minWitnesses} required`];
  if (invalid.length) parts.push(`INVALID cosignature line from ${invalid.map((i) => i.name).join(', ')}`);
  return { name: 'witnesses', ok: invalid.length === 0 && valid.length >= minWitnesses, detail: parts.join('; ') };
}

export async function verifyLog(source: LogSource, opts: VerifyLogOptions): Promise<LogVerification> {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const fail = (): LogVerification => ({ ok: false, checks });

  const verifier = parseVerifierKey(opts.key);
  const note = await source.checkpoint();
  const opened = verifyCheckpoint(note, { log: verifier });
  if (!opened.ok) {
    add('checkpoint signature', false, opened.reason);
    return fail();
  }
  const checkpoint = opened.checkpoint;
  const size = checkpoint.size;
  add('checkpoint signature', true, `${checkpoint.origin}, ${size} entries, root ${toBase64(checkpoint.rootHash)}`);
  const witnesses = opts.witnesses ?? [];
  if (witnesses.length > 0 || (opts.minWitnesses ?? 0) > 0) checks.push(witnessCheck(note, witnesses, opts.minWitnesses ?? 0));

  // 2. Every entry, hashed again.
  const bundles = Math.ceil(size / TILE_WIDTH);
  const fetched = await inParallel(bundles, 16, async (n) => decodeEntryBundle(await source.entryBundle(n, Math.min(TILE_WIDTH, size - n * TILE_WIDTH))));
  const raw = fetched.flat();
  const tree = new InMemoryMerkleTree();
  for (const bytes of raw) tree.appendLeafHash(leafHash(bytes));
  if (raw.length !== size) {
    add('root from entries', false, `the entry bundles hold ${raw.length} entries, the checkpoint says ${size}`);
    return fail();
  }
  const rootOk = bytesEqual(tree.root(), checkpoint.rootHash);
  add('root from entries', rootOk, rootOk ? `all ${size} entries hash to the signed root` : 'the entries do NOT hash to the signed root: an entry was changed, dropped or added');

  // 3. Tiles.
  const fetchTile = (tile: Tile) => source.tile(tile);
  try {
    const tilesRoot = size === 0 ? tree.root() : await rootFromTiles(size, fetchTile);
    const ok = bytesEqual(tilesRoot, checkpoint.rootHash);
    add('tiles', ok, ok ? 'the published tiles add up to the signed root' : 'the published tiles do NOT add up to the signed root');
  } catch (e) {
    add('tiles', false, e instanceof Error ? e.message : String(e));
  }

  // 4. Consistency with what was seen before.
  checks.push(await consistencyCheck(opts.state, checkpoint, tree, rootOk, fetchTile));

  // 5. Replay.
  const { entries, undecodable } = decodeAll(raw);
  if (undecodable > 0) add('entries', false, `${undecodable} entries are not canonical JSON log entries`);
  const replay = replayEntries(entries);
  add('replay', replay.problems.length === 0,
    `${replay.periodsChecked} periods and ${replay.decisions} claim decisions recomputed from ${replay.plans} plans' rules` +
    (replay.problems.length ? `; ${replay.problems.length} do not follow` : ''));

  // Too few cosignatures says nothing about the log's history: the checkpoint is still remembered.
  const consistent = checks.filter((c) => c.name !== 'replay' && c.name !== 'entries' && c.name !== 'witnesses').every((c) => c.ok);
  return {
    ok: checks.every((c) => c.ok), checks, checkpoint, replay, entries,
    ...(consistent ? { newState: { origin: checkpoint.origin, size, root: toBase64(checkpoint.rootHash), checkpoint: note } } : {}),
  };
}

// ---- The operator's / regulator's cross-check against the database ------------------------

interface DbPeriod {
  id: bigint; plan_id: string; announced_on: string; status: string; cases: number; payout_fen: bigint; fee_fen: bigint; carried_in_fen: bigint;
  sharing_members: bigint; share_fen: bigint; operator_subsidy_fen: bigint; surplus_out_fen: bigint; billed_fen: bigint; charged_fen: bigint;
  weight_total: bigint;
}

/**
 * Do the database's rows still say what the log says? Every period row against its logged
 * announcement and charge day, the sum of its charges against the logged billed total, its
 * charge tree (recomputed from the charges rows) against the logged commitment, and its claims
 * against the logged cases. A row changed after the fact shows up here.
 */
export async function crossCheckDatabase(db: Db, replay: ReplayReport): Promise<Check[]> {
  const checks: Check[] = [];
  const periods = await db.query<DbPeriod>(
    `SELECT p.id, p.plan_id, to_char(p.announced_on, 'YYYY-MM-DD') AS announced_on, p.status, p.cases, p.payout_fen, p.fee_fen, p.carried_in_fen,
            p.sharing_members, p.share_fen, p.operator_subsidy_fen, p.surplus_out_fen, p.billed_fen,
            coalesce(p.weight_total, p.sharing_members) AS weight_total,
            (SELECT coalesce(sum(amount_fen), 0) FROM charges c WHERE c.period_id = p.id)::bigint AS charged_fen
       FROM periods p ORDER BY p.plan_id, p.announced_on`);
  for (const p of periods) {
    const name = `${p.plan_id}/${p.announced_on}`;
    const problems: string[] = [];
    const a = replay.announced.get(name)?.entry;
    if (!a) {
      checks.push({ name: `database ${name}`, ok: false, detail: 'this period is in the database but not in the log' });
      continue;
    }
    const pairs: [string, bigint, unknown][] = [
      ['payouts', p.payout_fen, a.payouts], ['fee', p.fee_fen, a.fee], ['carried in', p.carried_in_fen, a.carriedIn],
      ['sharing members', p.sharing_members, a.sharingMembers], ['share', p.share_fen, a.share], ['subsidy', p.operator_subsidy_fen, a.subsidy],
      ['surplus out', p.surplus_out_fen, a.surplusOut], ['billed', p.billed_fen, a.billed], ['sum of member charges', p.charged_fen, a.billed],
      // Entries logged before graded contributions carry no weightTotal: everyone weighed 1.
      ['weight total', p.weight_total, a.weightTotal ?? a.sharingMembers],
    ];
    for (const [label, mine, logged] of pairs) {
      if (typeof logged !== 'number' && typeof logged !== 'bigint') problems.push(`${label}: not in the log`);
      else if (BigInt(logged) !== mine) problems.push(`${label} is ${mine} in the database but ${logged} in the log`);
    }
    const dbCases = await db.query<{ ref: string; payout_fen: bigint | null }>('SELECT ref, payout_fen FROM claims WHERE period_id = $1 ORDER BY ref', [p.id]);
    const loggedCases = Array.isArray(a.cases) ? (a.cases as { claim?: unknown; payout?: unknown }[]) : [];
    const loggedText = loggedCases.map((c) => `${String(c.claim)}:${String(c.payout)}`).join(',');
    const dbText = dbCases.map((c) => `${c.ref}:${String(c.payout_fen)}`).join(',');
    if (loggedText !== dbText) problems.push(`cases differ: database ${dbText || '(none)'}, log ${loggedText || '(none)'}`);
    if (p.status === 'charged' && !replay.charged.has(name)) problems.push('charged in the database but its charge day is not in the log');
    const logged = replay.chargeRoots.get(name);
    const tree = await db.transaction(async (tx) => buildChargeTreeInDb(tx, p.id, { store: false }));
    if (!tree && logged) problems.push('the log commits to charges the database no longer has');
    else if (tree && !logged) problems.push('the database has charges the log never committed to');
    else if (tree && logged && (toBase64(tree.root) !== logged.root || tree.size !== logged.count)) {
      problems.push(`the member charges in the database (${tree.size}) do not hash to the logged commitment: a bill was changed, added or removed`);
    }
    checks.push({ name: `database ${name}`, ok: problems.length === 0, detail: problems.length ? problems.join('; ') : 'matches the log' });
  }
  return checks;
}

// ---- State file --------------------------------------------------------------------------

/** Reads the last seen checkpoint for `origin` (a state file may hold several logs). */
export async function readVerifierState(file: string, origin: string): Promise<VerifierState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const all = JSON.parse(text) as Record<string, VerifierState>;
  return all[origin];
}

export async function writeVerifierState(file: string, state: VerifierState): Promise<void> {
  let all: Record<string, VerifierState> = {};
  try {
    all = JSON.parse(await readFile(file, 'utf8')) as Record<string, VerifierState>;
  } catch {
    // first run
  }
  all[state.origin] = state;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(all, null, 2) + '\n');
}
