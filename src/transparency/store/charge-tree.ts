/**
 * A period's charge tree, built set-based in SQL: the commitment to every member's bill.
 *
 * Leaves are the period's charges in membership id order; a leaf hash is
 * huzhu_charge_leaf_hash(secret, pseudonym, period, amount) (migration 0200), byte for byte the
 * chargeLeafHash of src/transparency/core/proof-bundle.ts. The tree is folded one level per statement
 * (pair nodes 2i and 2i+1; a lone last node moves up unchanged, which gives exactly RFC 6962's
 * tree), so a million bills take about twenty statements, not a million round trips.
 *
 * With `store`, the complete nodes at levels 8, 16, ... are kept as tiles (log_charge_tiles) and
 * the first membership id of every block of 256 leaves (log_charge_blocks): a member's path is
 * then served from a few rows (memberChargePath) without rebuilding the tree.
 */
import type { Queryable } from '../../db/database.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { type ChargeLeaf } from '../core/proof-bundle.ts';
import { TILE_WIDTH, inclusionProofFromTiles, type Tile } from '../core/tiles.ts';

export interface ChargeTree {
  size: number;
  root: Uint8Array;
}

const table = (level: number): string => `log_charge_fold_${level}`;

/** Computes (and with `store`, keeps the tiles of) the charge tree of one period. Undefined when it has no charges. */
export async function buildChargeTreeInDb(tx: Queryable, periodId: bigint, opts: { store: boolean }): Promise<ChargeTree | undefined> {
  await tx.exec(`DROP TABLE IF EXISTS ${table(0)}; CREATE TEMP TABLE ${table(0)} (i bigint, m bigint, h bytea) ON COMMIT DROP`);
  await tx.query(
    `INSERT INTO ${table(0)} (i, m, h)
     SELECT row_number() OVER (ORDER BY c.membership_id) - 1, c.membership_id, huzhu_charge_leaf_hash(s.secret, s.pseudonym, c.period_id, c.amount_fen)
       FROM charges c LEFT JOIN membership_log_secrets s ON s.membership_id = c.membership_id
      WHERE c.period_id = $1`, [periodId]);
  const counts = (await tx.query<{ n: bigint; hashed: bigint }>(`SELECT count(*) AS n, count(h) AS hashed FROM ${table(0)}`))[0]!;
  const size = Number(counts.n);
  if (counts.hashed !== counts.n) throw new HuzhuError('INTERNAL', `period ${periodId}: ${counts.n - counts.hashed} charges have no membership log secret`);
  if (size === 0) {
    await tx.exec(`DROP TABLE ${table(0)}`);
    return undefined;
  }
  if (opts.store) {
    await tx.query(`INSERT INTO log_charge_blocks (period_id, block, first_membership_id) SELECT $1, i / 256, m FROM ${table(0)} WHERE i % 256 = 0`, [periodId]);
  }
  let level = 0;
  let count = size;
  while (count > 1) {
    const next = level + 1;
    await tx.exec(`DROP TABLE IF EXISTS ${table(next)}; CREATE TEMP TABLE ${table(next)} (i bigint, h bytea) ON COMMIT DROP`);
    await tx.query(
      `INSERT INTO ${table(next)} (i, h)
       SELECT i / 2, CASE WHEN r IS NULL THEN h ELSE sha256('\\x01'::bytea || h || r) END
         FROM (SELECT i, h, lead(h) OVER (ORDER BY i) AS r FROM ${table(level)}) x
        WHERE i % 2 = 0`);
    await tx.exec(`DROP TABLE ${table(level)}`);
    level = next;
    count = Math.ceil(count / 2);
    if (opts.store && level % 8 === 0) {
      // Only complete subtrees go in tiles: node i at this level covers leaves [i 2^level, (i+1) 2^level).
      await tx.query(
        `INSERT INTO log_charge_tiles (period_id, level, idx, hashes)
         SELECT $1, $2::smallint, i / 256, string_agg(h, ''::bytea ORDER BY i) FROM ${table(level)}
          WHERE (i + 1) * $3::bigint <= $4::bigint GROUP BY i / 256`,
        [periodId, level / 8, 2 ** level, size]);
    }
  }
  const root = (await tx.query<{ h: Uint8Array }>(`SELECT h FROM ${table(level)}`))[0]!.h;
  await tx.exec(`DROP TABLE ${table(level)}`);
  return { size, root };
}

export interface ChargePath {
  leaf: ChargeLeaf;
  index: number;
  proof: Uint8Array[];
  size: number;
  root: Uint8Array;
  logIndex: number;
}

/** Leaf hashes of block `block` of the period's charge tree: the level-0 tile. */
async function leafTile(q: Queryable, periodId: bigint, block: number, width: number): Promise<Uint8Array> {
  const rows = await q.query<{ h: Uint8Array }>(
    `SELECT huzhu_charge_leaf_hash(s.secret, s.pseudonym, c.period_id, c.amount_fen) AS h
       FROM charges c JOIN membership_log_secrets s ON s.membership_id = c.membership_id
      WHERE c.period_id = $1 AND c.membership_id >= (SELECT first_membership_id FROM log_charge_blocks WHERE period_id = $1 AND block = $2)
      ORDER BY c.membership_id LIMIT $3`,
    [periodId, block, width]);
  if (rows.length !== width) throw new HuzhuError('INTERNAL', `charge tree of period ${periodId}: block ${block} has ${rows.length} of ${width} leaves`);
  return Buffer.concat(rows.map((r) => r.h));
}

/**
 * A member's bill in a period, with its path to the period's logged charges root. Reads the
 * member's block of 256 charges and a few stored tiles: O(log n), not O(n).
 */
export async function memberChargePath(q: Queryable, membershipId: bigint, periodId: bigint): Promise<ChargePath> {
  const tree = (await q.query<{ size: bigint; root: Uint8Array; log_index: bigint }>(
    'SELECT size, root, log_index FROM log_charge_trees WHERE period_id = $1', [periodId]))[0];
  if (!tree) throw new HuzhuError('NOT_FOUND', `period ${periodId}: no charges were committed to the log`, { field: 'periodId' });
  const size = Number(tree.size);
  const mine = (await q.query<{ salt: Uint8Array; pseudonym: string; amount_fen: bigint; block: bigint; first: bigint }>(
    `SELECT huzhu_charge_salt(s.secret, c.period_id) AS salt, s.pseudonym, c.amount_fen, b.block, b.first_membership_id AS first
       FROM charges c JOIN membership_log_secrets s ON s.membership_id = c.membership_id
       CROSS JOIN LATERAL (SELECT block, first_membership_id FROM log_charge_blocks
                            WHERE period_id = c.period_id AND first_membership_id <= c.membership_id
                            ORDER BY first_membership_id DESC LIMIT 1) b
      WHERE c.period_id = $1 AND c.membership_id = $2`, [periodId, membershipId]))[0];
  if (!mine) throw new HuzhuError('NOT_FOUND', `membership ${membershipId} has no charge in period ${periodId}`, { field: 'membershipId' });
  const rank = (await q.query<{ n: bigint }>(
    'SELECT count(*) AS n FROM charges WHERE period_id = $1 AND membership_id >= $2 AND membership_id < $3', [periodId, mine.first, membershipId]))[0]!.n;
  const index = Number(mine.block) * TILE_WIDTH + Number(rank);

  const fetchTile = async (tile: Tile): Promise<Uint8Array> => {
    if (tile.level === 0) return leafTile(q, periodId, tile.index, tile.width);
    const rows = await q.query<{ hashes: Uint8Array }>('SELECT hashes FROM log_charge_tiles WHERE period_id = $1 AND level = $2 AND idx = $3', [periodId, tile.level, tile.index]);
    const hashes = rows[0]?.hashes;
    if (!hashes || hashes.length < tile.width * 32) throw new HuzhuError('INTERNAL', `charge tree of period ${periodId}: tile ${tile.level}/${tile.index} is missing`);
    return hashes.subarray(0, tile.width * 32);
  };
  const proof = await inclusionProofFromTiles(index, size, fetchTile);
  return {
    leaf: { salt: mine.salt, pseudonym: mine.pseudonym, amountMinor: mine.amount_fen },
    index, proof, size, root: tree.root, logIndex: Number(tree.log_index),
  };
}

/** Records a period's charge tree and the index of the log entry that commits to its root. */
export async function recordChargeTree(tx: Queryable, periodId: bigint, tree: ChargeTree, logIndex: number): Promise<void> {
  await tx.query('INSERT INTO log_charge_trees (period_id, size, root, log_index) VALUES ($1, $2, $3, $4)', [periodId, tree.size, Buffer.from(tree.root), logIndex]);
}
