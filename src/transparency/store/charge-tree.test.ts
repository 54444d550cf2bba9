/**
 * The per-period charge commitment computed set-based in SQL equals the TypeScript reference
 * (buildChargeTree over chargeLeafBytes), and a member's path served from the stored tiles
 * verifies against it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { testDb } from '../../test-support/test-db.ts';
import { verifyInclusion } from '../core/merkle.ts';
import { buildChargeTree, chargeLeafHash, type ChargeLeaf } from '../core/proof-bundle.ts';
import { buildChargeTreeInDb, memberChargePath } from './charge-tree.ts';

const sha = (...parts: (string | Uint8Array)[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const int8 = (n: bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return b;
};

/** The leaf as the member will see it, derived in TypeScript from the secret (migration 0200's definitions). */
const leafOf = (secret: Buffer, periodId: bigint, amount: bigint): ChargeLeaf => ({
  salt: sha('huzhu/charge-salt', secret, int8(periodId)),
  pseudonym: `m-${sha('huzhu/pseudonym', secret).subarray(0, 8).toString('hex')}`,
  amountMinor: amount,
});

let db: Db;
beforeAll(async () => {
  db = await testDb();
});
afterAll(async () => {
  await db?.close();
});

describe('charge commitment in SQL', () => {
  it('has the same root as buildChargeTree, and every sampled member path verifies', async () => {
    // Membership ids with gaps (and a few secrets), amounts varying per member.
    const secrets = new Map<bigint, Buffer>();
    const ids: bigint[] = [];
    for (let i = 0; i < 66_000; i++) ids.push(BigInt(10 + i * 3));
    for (const id of ids) secrets.set(id, randomBytes(32));
    const ids_ = ids.map(String);
    await db.query('INSERT INTO membership_log_secrets (membership_id, secret, pseudonym) SELECT m, s, huzhu_log_pseudonym(s) FROM unnest($1::bigint[], $2::bytea[]) AS x(m, s)',
      [ids_, ids.map((id) => secrets.get(id)!)]);
    const amountOf = (id: bigint): bigint => 100n + (id % 97n);
    for (const [periodId, n] of [[1n, 1], [2n, 2], [3n, 3], [4n, 5], [5n, 256], [6n, 257], [7n, 700], [8n, 66_000], [9n, 4], [10n, 1024], [11n, 65_536]] as const) {
      await db.query(
        `INSERT INTO charges (period_id, membership_id, payer_id, amount_fen) SELECT $1, m, m, 100 + m % 97 FROM unnest($2::bigint[]) AS m`,
        [periodId, ids_.slice(0, n)]);
      const sql = await db.transaction(async (tx) => {
        const tree = await buildChargeTreeInDb(tx, periodId, { store: true });
        await tx.query('INSERT INTO log_charge_trees (period_id, size, root, log_index) VALUES ($1, $2, $3, 0)', [periodId, tree!.size, Buffer.from(tree!.root)]);
        return tree!;
      });
      const leaves = ids.slice(0, n).map((id) => leafOf(secrets.get(id)!, periodId, amountOf(id)));
      const reference = buildChargeTree(leaves);
      expect(sql.size).toBe(n);
      expect(new Uint8Array(sql.root)).toEqual(reference.root());
      const samples = [...new Set((n > 1000 ? [0, 65_535, n - 1] : [0, 1, n - 1, Math.floor(n / 2), 255, 256, 511, 600]).filter((i) => i < n))];
      for (const index of samples) {
        const path = await memberChargePath(db, ids[index]!, periodId);
        expect(path.index).toBe(index);
        expect(path.leaf.pseudonym).toBe(leaves[index]!.pseudonym);
        expect(path.leaf.amountMinor).toBe(leaves[index]!.amountMinor);
        expect(verifyInclusion(chargeLeafHash(path.leaf), index, n, path.proof, reference.root())).toBe(true);
      }
    }
    expect(await db.transaction((tx) => buildChargeTreeInDb(tx, 99n, { store: false }))).toBeUndefined();
    // A bill whose membership has no secret cannot be committed to: refused, wherever among four leaves it falls.
    for (const [periodId, unknown] of [[12n, 1n], [13n, ids[5]! + 1n], [14n, ids[8]! + 1n]] as const) {
      await db.query('INSERT INTO charges (period_id, membership_id, payer_id, amount_fen) SELECT $1, m, m, 100 FROM unnest($2::bigint[]) AS m',
        [periodId, [...ids_.slice(0, 10), String(unknown)]]);
      await expect(db.transaction((tx) => buildChargeTreeInDb(tx, periodId, { store: false }))).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/1 charges have no membership log secret/) });
    }
  });
});
