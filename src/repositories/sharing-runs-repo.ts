/** The state of sharing runs in progress (see migrations/0004_sharing_runs.sql). */
import type { Queryable } from '../db/database.ts';
import type { LocalDate } from '../domain/local-date.ts';
import type { WeightBandCount } from '../domain/contribution-weights.ts';
import { bandsFromJson, bandsToJson } from './periods-repo.ts';

export interface SharingRun {
  periodId: bigint;
  planId: string;
  announcedOn: LocalDate;
  chargedOn: LocalDate;
  snapshotAt: Date;
  claimIds: bigint[];
  payoutFen: bigint;
  feeFen: bigint;
  carriedInFen: bigint;
  sharingMembers: bigint;
  shareFen: bigint;
  surplusOutFen: bigint;
  unsharedFen: bigint;
  capsMayBind: boolean;
  annualCapFen: bigint | null;
  perCaseCapTotalFen: bigint | null;
  earlierPeriodIds: bigint[];
  firstMembershipId: bigint;
  chunkSize: bigint;
  chunks: number;
  /** W, and the bands the run bills with and their members at the snapshot (NULL before 0330: equal weights). */
  weightTotal: bigint;
  weightBands: WeightBandCount[];
}

const COLUMNS = `period_id AS "periodId", plan_id AS "planId", to_char(announced_on, 'YYYY-MM-DD') AS "announcedOn",
  to_char(charged_on, 'YYYY-MM-DD') AS "chargedOn", snapshot_at AS "snapshotAt", claim_ids AS "claimIds", payout_fen AS "payoutFen",
  fee_fen AS "feeFen", carried_in_fen AS "carriedInFen", sharing_members AS "sharingMembers", share_fen AS "shareFen",
  surplus_out_fen AS "surplusOutFen", unshared_fen AS "unsharedFen", caps_may_bind AS "capsMayBind", annual_cap_fen AS "annualCapFen",
  per_case_cap_total_fen AS "perCaseCapTotalFen", earlier_period_ids AS "earlierPeriodIds", first_membership_id AS "firstMembershipId",
  chunk_size AS "chunkSize", chunks, weight_total AS "weightTotal", weight_bands AS "weightBands"`;

export async function findRun(q: Queryable, planId: string, announcedOn: LocalDate): Promise<SharingRun | undefined> {
  const rows = await q.query<Omit<SharingRun, 'weightTotal' | 'weightBands'> & { weightTotal: bigint | null; weightBands: unknown }>(
    `SELECT ${COLUMNS} FROM sharing_runs WHERE plan_id = $1 AND announced_on = $2`, [planId, announcedOn]);
  const r = rows[0];
  // Arrays of int8 arrive as bigint[] on both drivers only when parsed; normalise.
  return r && {
    ...r, claimIds: r.claimIds.map(BigInt), earlierPeriodIds: r.earlierPeriodIds.map(BigInt),
    weightTotal: r.weightTotal ?? r.sharingMembers, weightBands: bandsFromJson(r.weightBands, r.sharingMembers),
  };
}

export async function insertRun(q: Queryable, r: SharingRun): Promise<void> {
  await q.query(
    `INSERT INTO sharing_runs (period_id, plan_id, announced_on, charged_on, snapshot_at, claim_ids, payout_fen, fee_fen, carried_in_fen,
       sharing_members, share_fen, surplus_out_fen, unshared_fen, caps_may_bind, annual_cap_fen, per_case_cap_total_fen,
       earlier_period_ids, first_membership_id, chunk_size, chunks, weight_total, weight_bands)
     VALUES ($1, $2, $3, $4, $5, $6::bigint[], $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::bigint[], $18, $19, $20, $21, $22::jsonb)`,
    [r.periodId, r.planId, r.announcedOn, r.chargedOn, r.snapshotAt, r.claimIds, r.payoutFen, r.feeFen, r.carriedInFen, r.sharingMembers,
      r.shareFen, r.surplusOutFen, r.unsharedFen, r.capsMayBind, r.annualCapFen, r.perCaseCapTotalFen, r.earlierPeriodIds,
      r.firstMembershipId, r.chunkSize, r.chunks, r.weightTotal, bandsToJson(r.weightBands)]);
}

/** Claims the chunk for this transaction; false if it was already billed (or is being billed and then commits). */
export async function claimChunk(q: Queryable, periodId: bigint, chunk: number): Promise<boolean> {
  const rows = await q.query(
    'INSERT INTO sharing_run_chunks (period_id, chunk, billed_fen) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING RETURNING 1', [periodId, chunk]);
  return rows.length > 0;
}

export async function setChunkBilled(q: Queryable, periodId: bigint, chunk: number, billedFen: bigint): Promise<void> {
  await q.query('UPDATE sharing_run_chunks SET billed_fen = $3 WHERE period_id = $1 AND chunk = $2', [periodId, chunk, billedFen]);
}

export async function doneChunks(q: Queryable, periodId: bigint): Promise<{ chunks: Set<number>; billedFen: bigint }> {
  const rows = await q.query<{ chunk: number; billed_fen: bigint }>('SELECT chunk, billed_fen FROM sharing_run_chunks WHERE period_id = $1', [periodId]);
  return { chunks: new Set(rows.map((r) => r.chunk)), billedFen: rows.reduce((s, r) => s + r.billed_fen, 0n) };
}

/** Is a run of the plan before this announcement date still unfinished? (Runs go in date order.) */
export async function hasUnfinishedRunBefore(q: Queryable, planId: string, announcedOn: LocalDate): Promise<boolean> {
  return (await q.query('SELECT 1 FROM sharing_runs WHERE plan_id = $1 AND finished_at IS NULL AND announced_on < $2', [planId, announcedOn])).length > 0;
}

/** Is the claim in the snapshot of a sharing run (and so no longer open to an operator's rejection)? */
export async function isInSharingRun(q: Queryable, claimId: bigint): Promise<boolean> {
  return (await q.query('SELECT 1 FROM sharing_runs WHERE $1 = ANY(claim_ids)', [claimId])).length > 0;
}

export async function markRunFinished(q: Queryable, periodId: bigint): Promise<void> {
  await q.query('UPDATE sharing_runs SET finished_at = now() WHERE period_id = $1', [periodId]);
}
