/**
 * A period's charge tree, built set-based in SQL: the commitment to every member's bill.
 *
 * Leaves are the period's charges in membership id order; a leaf hash is
 * huzhu_charge_leaf_hash(secret, pseudonym, period, amount) (migration 0200), byte for byte the
 * chargeLeafHash of src/transparency/core/proof-bundle.ts. Nodes pair as RFC 6962 says (node 2i
 * with 2i+1; a lone last node moves up unchanged), two levels per statement: each statement
 * reads a level in order and writes the level two above it, a node for every four (the middle
 * level is only ever a value inside the statement). The first statement reads the charges
 * themselves, so the leaves are never written anywhere. A million bills take about ten
 * statements, not a million round trips.
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

/**
 * Two levels up from four consecutive nodes h0..h3 of a level, any of h1, h2, h3 absent at the
 * level's end (`present(k)` says whether node k is there): p is the parent of h0 and h1, q of h2
 * and h3, and `parentOfFour` theirs. A lone node moves up unchanged, as at every level.
 */
const pairsOfFour = (present: (k: 1 | 3) => string): string =>
  `CROSS JOIN LATERAL (SELECT CASE WHEN ${present(1)} THEN sha256('\\x01'::bytea || h0 || h1) ELSE h0 END AS p,
                              CASE WHEN ${present(3)} THEN sha256('\\x01'::bytea || h2 || h3) ELSE h2 END AS q) pq`;
const parentOfFour = (present: (k: 2) => string): string => `CASE WHEN ${present(2)} THEN sha256('\\x01'::bytea || p || q) ELSE p END`;

/**
 * Level 2 straight from the charges: every fourth leaf in membership order with the three after
 * it (lead over the primary key's order: a merge join of two index scans, no sort), how many of
 * the four exist and how many have no secret to hash with. A block of 256 leaves starts at every
 * 64th row, whose first membership id is kept.
 */
async function levelTwoFromCharges(tx: Queryable, periodId: bigint): Promise<{ size: number; unhashed: number }> {
  await tx.exec(`DROP TABLE IF EXISTS ${table(2)}; CREATE TEMP TABLE ${table(2)} (i bigint, h bytea, leaves int, unhashed int, first_m bigint) ON COMMIT DROP`);
  await tx.query(
    `INSERT INTO ${table(2)} (i, h, leaves, unhashed, first_m)
     SELECT i / 4, ${parentOfFour((k) => `m${k} IS NOT NULL`)},
            1 + (m1 IS NOT NULL)::int + (m2 IS NOT NULL)::int + (m3 IS NOT NULL)::int,
            (h0 IS NULL)::int + (m1 IS NOT NULL AND h1 IS NULL)::int + (m2 IS NOT NULL AND h2 IS NULL)::int + (m3 IS NOT NULL AND h3 IS NULL)::int,
            CASE WHEN i % 256 = 0 THEN m END
       FROM (SELECT row_number() OVER w - 1 AS i, m, h AS h0, lead(m, 1) OVER w AS m1, lead(h, 1) OVER w AS h1,
                    lead(m, 2) OVER w AS m2, lead(h, 2) OVER w AS h2, lead(m, 3) OVER w AS m3, lead(h, 3) OVER w AS h3
               -- OFFSET 0: each leaf is hashed once, in the scan, not again for every lead that reads it.
               FROM (SELECT c.membership_id AS m, huzhu_charge_leaf_hash(s.secret, s.pseudonym, c.period_id, c.amount_fen) AS h
                       FROM charges c LEFT JOIN membership_log_secrets s ON s.membership_id = c.membership_id
                      WHERE c.period_id = $1 ORDER BY c.membership_id OFFSET 0) leaves
             WINDOW w AS (ORDER BY m)) x
      ${pairsOfFour((k) => `m${k} IS NOT NULL`)}
      WHERE i % 4 = 0`, [periodId]);
  const [r] = await tx.query<{ size: bigint | null; unhashed: bigint | null }>(`SELECT sum(leaves) AS size, sum(unhashed) AS unhashed FROM ${table(2)}`);
  return { size: Number(r!.size ?? 0), unhashed: Number(r!.unhashed ?? 0) };
}

/** Level `level + 2` from level `level`: the nodes are numbered 0, 1, ... with none missing. */
async function twoLevelsFrom(tx: Queryable, level: number): Promise<void> {
  await tx.exec(`DROP TABLE IF EXISTS ${table(level + 2)}; CREATE TEMP TABLE ${table(level + 2)} (i bigint, h bytea) ON COMMIT DROP`);
  await tx.query(
    `INSERT INTO ${table(level + 2)} (i, h)
     SELECT i / 4, ${parentOfFour((k) => `h${k} IS NOT NULL`)}
       FROM (SELECT i, h AS h0, lead(h, 1) OVER w AS h1, lead(h, 2) OVER w AS h2, lead(h, 3) OVER w AS h3
               FROM ${table(level)} WINDOW w AS (ORDER BY i)) x
      ${pairsOfFour((k) => `h${k} IS NOT NULL`)}
      WHERE i % 4 = 0`);
  await tx.exec(`DROP TABLE ${table(level)}`);
}

/** Computes (and with `store`, keeps the tiles of) the charge tree of one period. Undefined when it has no charges. */
export async function buildChargeTreeInDb(tx: Queryable, periodId: bigint, opts: { store: boolean }): Promise<ChargeTree | undefined> {
  const { size, unhashed } = await levelTwoFromCharges(tx, periodId);
  if (unhashed) throw new HuzhuError('INTERNAL', `period ${periodId}: ${unhashed} charges have no membership log secret`);
  if (size === 0) {
    await tx.exec(`DROP TABLE ${table(2)}`);
    return undefined;
  }
  if (opts.store) {
    await tx.query(`INSERT INTO log_charge_blocks (period_id, block, first_membership_id) SELECT $1, i / 64, first_m FROM ${table(2)} WHERE first_m IS NOT NULL`, [periodId]);
  }
  // Two levels at a time from level 2 on: every level a multiple of 8 (the tiles') is written.
  let level = 2;
  for (let count = Math.ceil(size / 4); count > 1; count = Math.ceil(count / 4)) {
    await twoLevelsFrom(tx, level);
    level += 2;
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
