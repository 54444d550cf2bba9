/** Rule-change proposals and the members' votes on them (issue 14). */
import type { Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';

export type ProposalStatus = 'proposed' | 'open' | 'passed' | 'rejected';

export interface Proposal {
  id: string;
  planId: string;
  changes: Record<string, unknown>;
  oldValues: Record<string, unknown>;
  reason: string;
  effectiveOn: string;
  proposedBy: string;
  proposedAt: Date;
  confirmedBy: string | null;
  openedAt: Date | null;
  closesAt: Date | null;
  eligible: number | null;
  status: ProposalStatus;
  votesFor: number | null;
  votesAgainst: number | null;
  closedAt: Date | null;
}

const COLUMNS = `id, plan_id AS "planId", changes, old_values AS "oldValues", reason, to_char(effective_on, 'YYYY-MM-DD') AS "effectiveOn",
  proposed_by AS "proposedBy", proposed_at AS "proposedAt", confirmed_by AS "confirmedBy", opened_at AS "openedAt", closes_at AS "closesAt",
  eligible::int AS eligible, status, votes_for::int AS "votesFor", votes_against::int AS "votesAgainst", closed_at AS "closedAt"`;

export async function insertProposal(q: Queryable, p: {
  id: string; planId: string; changes: unknown; oldValues: unknown; reason: string; effectiveOn: string; proposedBy: string; proposedAt: Date;
}): Promise<void> {
  await q.query(
    `INSERT INTO rule_proposals (id, plan_id, changes, old_values, reason, effective_on, proposed_by, proposed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [p.id, p.planId, JSON.stringify(p.changes), JSON.stringify(p.oldValues), p.reason, p.effectiveOn, p.proposedBy, p.proposedAt]);
}

export async function findProposal(q: Queryable, id: string, forUpdate = false): Promise<Proposal | undefined> {
  return (await q.query<Proposal>(`SELECT ${COLUMNS} FROM rule_proposals WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]))[0];
}

export async function getProposal(q: Queryable, id: string, forUpdate = false): Promise<Proposal> {
  const p = await findProposal(q, id, forUpdate);
  if (!p) throw new HuzhuError('NOT_FOUND', `proposal: "${id}" does not exist`, { field: 'proposal' });
  return p;
}

/**
 * Opens the vote at P: the eligible count is the memberships active at P, counted in SQL (a
 * plan's members are never loaded into Node), and fixed from then on.
 */
export async function openProposal(q: Queryable, id: string, o: { confirmedBy: string; openedAt: Date; closesAt: Date }): Promise<number> {
  const rows = await q.query<{ eligible: number }>(
    `UPDATE rule_proposals r SET status = 'open', confirmed_by = $2, opened_at = $3, closes_at = $4,
            eligible = (SELECT count(*) FROM memberships m
                         WHERE m.plan_id = r.plan_id AND m.joined_at <= $3 AND (m.ended_at IS NULL OR m.ended_at > $3))
      WHERE r.id = $1 AND r.status = 'proposed' RETURNING eligible::int AS eligible`, [id, o.confirmedBy, o.openedAt, o.closesAt]);
  if (!rows[0]) throw new HuzhuError('CONFLICT', `proposal: "${id}" is not awaiting confirmation`, { field: 'proposal' });
  return rows[0].eligible;
}

/** Was the membership active in the proposal's plan at the opening instant P? */
export async function eligibleToVote(q: Queryable, proposalId: string, membershipId: bigint): Promise<boolean> {
  const rows = await q.query(
    `SELECT 1 FROM rule_proposals r JOIN memberships m ON m.plan_id = r.plan_id
      WHERE r.id = $1 AND m.id = $2 AND r.opened_at IS NOT NULL
        AND m.joined_at <= r.opened_at AND (m.ended_at IS NULL OR m.ended_at > r.opened_at)`, [proposalId, membershipId]);
  return rows.length > 0;
}

/** The membership through which a person (by their opaque ref) votes: the one active in the plan at P. */
export async function voterMembership(q: Queryable, proposalId: string, personRef: string): Promise<bigint | undefined> {
  const rows = await q.query<{ id: bigint }>(
    `SELECT m.id FROM rule_proposals r JOIN memberships m ON m.plan_id = r.plan_id JOIN persons pe ON pe.id = m.person_id
      WHERE r.id = $1 AND pe.ref = $2 AND r.opened_at IS NOT NULL
        AND m.joined_at <= r.opened_at AND (m.ended_at IS NULL OR m.ended_at > r.opened_at)`, [proposalId, personRef]);
  return rows[0]?.id;
}

export async function hasVoted(q: Queryable, proposalId: string, membershipId: bigint): Promise<boolean> {
  return (await q.query('SELECT 1 FROM rule_votes WHERE proposal_id = $1 AND membership_id = $2', [proposalId, membershipId])).length > 0;
}

export async function insertVote(q: Queryable, v: { proposalId: string; membershipId: bigint; inFavour: boolean; actor: string; at: Date }): Promise<void> {
  await q.query('INSERT INTO rule_votes (proposal_id, membership_id, in_favour, actor, at) VALUES ($1, $2, $3, $4, $5)',
    [v.proposalId, v.membershipId, v.inFavour, v.actor, v.at]);
}

export async function tallyVotes(q: Queryable, proposalId: string): Promise<{ votesFor: number; votesAgainst: number }> {
  const rows = await q.query<{ votesFor: number; votesAgainst: number }>(
    `SELECT count(*) FILTER (WHERE in_favour)::int AS "votesFor", count(*) FILTER (WHERE NOT in_favour)::int AS "votesAgainst"
       FROM rule_votes WHERE proposal_id = $1`, [proposalId]);
  return rows[0] ?? { votesFor: 0, votesAgainst: 0 };
}

export async function closeProposal(q: Queryable, id: string, o: { status: 'passed' | 'rejected'; votesFor: number; votesAgainst: number; at: Date }): Promise<void> {
  await q.query(`UPDATE rule_proposals SET status = $2, votes_for = $3, votes_against = $4, closed_at = $5 WHERE id = $1 AND status = 'open'`,
    [id, o.status, o.votesFor, o.votesAgainst, o.at]);
}

/** Open votes whose close has come by `at` (the calendar closes them). */
export async function proposalsDueToClose(q: Queryable, planId: string, at: Date): Promise<string[]> {
  return (await q.query<{ id: string }>(
    `SELECT id FROM rule_proposals WHERE plan_id = $1 AND status = 'open' AND closes_at <= $2 ORDER BY closes_at, id`, [planId, at])).map((r) => r.id);
}

export async function listProposals(q: Queryable, planId: string, status?: ProposalStatus): Promise<Proposal[]> {
  return status === undefined
    ? q.query<Proposal>(`SELECT ${COLUMNS} FROM rule_proposals WHERE plan_id = $1 ORDER BY proposed_at DESC, id`, [planId])
    : q.query<Proposal>(`SELECT ${COLUMNS} FROM rule_proposals WHERE plan_id = $1 AND status = $2 ORDER BY proposed_at DESC, id`, [planId, status]);
}

/** The memberships a payer votes for on a proposal (active at P), with whether each has voted. */
export async function ballotsOfPayer(q: Queryable, proposalId: string, payerId: bigint): Promise<{ membershipId: bigint; voted: boolean }[]> {
  return q.query(
    `SELECT m.id AS "membershipId", EXISTS (SELECT 1 FROM rule_votes v WHERE v.proposal_id = r.id AND v.membership_id = m.id) AS voted
       FROM rule_proposals r JOIN memberships m ON m.plan_id = r.plan_id
      WHERE r.id = $1 AND m.payer_id = $2 AND r.opened_at IS NOT NULL
        AND m.joined_at <= r.opened_at AND (m.ended_at IS NULL OR m.ended_at > r.opened_at) ORDER BY m.id`, [proposalId, payerId]);
}
