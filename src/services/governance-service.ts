/**
 * Rule changes by member vote (issue 14): an operator proposes, a second operator confirms (four
 * eyes, keyed on the account), the memberships active at that instant vote for the voting days,
 * and the calendar closes the vote and, when it passed, writes the change in force from 00:00 of
 * `effectiveOn` in the plan's zone. The rules are in src/domain/governance.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { samePerson } from '../domain/four-eyes.ts';
import {
  assertEffectiveOn, assertVotingOpen, checkChanges, passes, sideBySide, votingClosesAt,
} from '../domain/governance.ts';
import { parseLocalDate, startOfDay } from '../domain/local-date.ts';
import { assertNoPersonalData } from '../domain/personal-data.ts';
import { PLAN_RULE_KEYS, rulesFromJson, rulesToJson, type PlanRulesJson } from '../domain/plan-rules.ts';
import type { Principal } from '../domain/principal.ts';
import { getPlan, getPlanAt, insertRuleVersion } from '../repositories/plans-repo.ts';
import {
  closeProposal, eligibleToVote, getProposal, hasVoted, insertProposal, insertVote, openProposal, proposalsDueToClose, tallyVotes, voterMembership,
  findProposal, listProposals, ballotsOfPayer, type Proposal,
} from '../repositories/proposals-repo.ts';
import { logRuleProposal } from '../transparency/entries/governance-entries.ts';
import { payerOf, requireAccess } from './access.ts';
import { once, type Action } from './idempotent.ts';
import { outlook } from './outlook-service.ts';

export interface ProposeInput {
  plan: string;
  /** The proposal's id (a replay names it); one is made when absent. */
  proposal?: string | undefined;
  /** The settings to change and their new values, in the plan-rules JSON form. */
  rules: unknown;
  reason: string;
  effectiveOn: string;
}

/** The plan's rules in force at `effectiveAt` with the changes laid over them, validated as a whole. */
async function changedRules(q: Queryable, planId: string, effectiveAt: Date, changes: Record<string, unknown>): Promise<{ before: PlanRulesJson; after: PlanRulesJson }> {
  const before = rulesToJson((await getPlanAt(q, planId, effectiveAt)).rules);
  const after = rulesToJson(rulesFromJson({ ...before, ...changes, preset: 'custom' }, 'rules'));
  return { before, after };
}

const facts = (p: Proposal, state: Proposal['status'], at: Date) => ({
  plan: p.planId, proposal: p.id, state, at, reason: p.reason, effectiveOn: p.effectiveOn, old: p.oldValues, new: p.changes,
  opensAt: p.openedAt, closesAt: p.closesAt, eligible: p.eligible, votesFor: p.votesFor, votesAgainst: p.votesAgainst,
});

export async function propose(db: Db, input: ProposeInput, action: Action): Promise<Proposal> {
  const effectiveOn = parseLocalDate(input.effectiveOn, 'effectiveOn');
  if (typeof input.reason !== 'string' || input.reason.trim().length < 10) {
    throw new HuzhuError('VALIDATION', 'reason: state why, in at least 10 characters', { field: 'reason' });
  }
  assertNoPersonalData({ reason: input.reason }); // the reason goes into the public log
  const id = input.proposal ?? `rp-${randomUUID().slice(0, 8)}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(id)) throw new HuzhuError('VALIDATION', 'proposal: 1-40 letters, digits, dots, dashes', { field: 'proposal' });
  return once(db, action, { kind: 'proposal.proposed', subject: `proposal:${id}` }, async (tx) => {
    const plan = await getPlan(tx, input.plan);
    if (await findProposal(tx, id)) throw new HuzhuError('CONFLICT', `proposal: "${id}" already exists`, { field: 'proposal' });
    const g = plan.rules.governance;
    // The earliest the vote can close is votingDays from now (confirmation is checked again).
    assertEffectiveOn(effectiveOn, votingClosesAt(action.at, g), plan.rules.timeZone, g);
    const effectiveAt = startOfDay(effectiveOn, plan.rules.timeZone);
    const { before } = await changedRules(tx, plan.id, effectiveAt, {});
    const keys = checkChanges(input.rules, PLAN_RULE_KEYS, before);
    const changes = Object.fromEntries(keys.map((k) => [k, (input.rules as Record<string, unknown>)[k]]));
    const { after } = await changedRules(tx, plan.id, effectiveAt, changes);
    const sides = sideBySide(before, after, keys);
    await insertProposal(tx, {
      id, planId: plan.id, changes: sides.new, oldValues: sides.old, reason: input.reason.trim(), effectiveOn, proposedBy: action.actor, proposedAt: action.at,
    });
    const p = await getProposal(tx, id);
    await logRuleProposal(tx, facts(p, 'proposed', action.at));
    return p;
  });
}

/** The second operator's confirmation: the vote opens at this instant P. */
export async function confirmProposal(db: Db, input: { proposal: string }, action: Action): Promise<Proposal> {
  return once(db, action, { kind: 'proposal.confirmed', subject: `proposal:${input.proposal}` }, async (tx) => {
    const p = await getProposal(tx, input.proposal, true);
    if (p.status !== 'proposed') throw new HuzhuError('CONFLICT', `proposal: "${p.id}" is ${p.status}, not awaiting confirmation`, { field: 'proposal' });
    if (samePerson(p.proposedBy, action.actor)) {
      throw new HuzhuError('FOUR_EYES', 'proposal: you made this proposal; a different operator must confirm it', { field: 'proposal' });
    }
    const plan = await getPlan(tx, p.planId);
    const closesAt = votingClosesAt(action.at, plan.rules.governance);
    assertEffectiveOn(parseLocalDate(p.effectiveOn, 'effectiveOn'), closesAt, plan.rules.timeZone, plan.rules.governance);
    await openProposal(tx, p.id, { confirmedBy: action.actor, openedAt: action.at, closesAt });
    const opened = await getProposal(tx, p.id);
    await logRuleProposal(tx, facts(opened, 'open', action.at));
    return opened;
  });
}

/** One vote by one membership (checked to have been active at P). */
async function castVote(tx: Queryable, p: Proposal, membershipId: bigint | undefined, inFavour: boolean, action: Action): Promise<void> {
  if (typeof inFavour !== 'boolean') throw new HuzhuError('VALIDATION', 'inFavour: true or false', { field: 'inFavour' });
  if (p.status !== 'open' || p.openedAt === null || p.closesAt === null) {
    throw new HuzhuError('WINDOW_CLOSED', `proposal: "${p.id}" is ${p.status}, not open for votes`, { field: 'proposal' });
  }
  assertVotingOpen(p.openedAt, p.closesAt, action.at);
  if (membershipId === undefined || !(await eligibleToVote(tx, p.id, membershipId))) {
    throw new HuzhuError('NOT_ENTITLED', 'vote: only memberships active when the vote opened may vote', { field: 'membership' });
  }
  if (await hasVoted(tx, p.id, membershipId)) throw new HuzhuError('ALREADY_VOTED', 'vote: this membership has already voted on this proposal', { field: 'membership' });
  await insertVote(tx, { proposalId: p.id, membershipId, inFavour, actor: action.actor, at: action.at });
}

/** A member's vote for one of the memberships their account pays for (a payer votes for each family member). */
export async function voteAsMember(db: Db, principal: Principal, input: { proposal: string; membership: bigint; inFavour: boolean }, action: Action): Promise<{ voted: true }> {
  await requireAccess(db, principal, 'membership.vote', input.membership);
  return once(db, action, { kind: 'proposal.vote', subject: `proposal:${input.proposal}` }, async (tx) => {
    await castVote(tx, await getProposal(tx, input.proposal), input.membership, input.inFavour, action);
    return { voted: true as const };
  });
}

/** A vote by a person's opaque ref (the replay's `member`): the membership active in the plan at P. */
export async function voteAsPerson(db: Db, input: { proposal: string; person: string; inFavour: boolean }, action: Action): Promise<{ voted: true }> {
  return once(db, action, { kind: 'proposal.vote', subject: `proposal:${input.proposal}` }, async (tx) => {
    const p = await getProposal(tx, input.proposal);
    await castVote(tx, p, await voterMembership(tx, p.id, input.person), input.inFavour, action);
    return { voted: true as const };
  });
}

/**
 * The calendar's step: every open vote whose close has come by `at` is tallied and closed; a
 * passed one writes its change in force from 00:00 of effectiveOn. Each close is its own event,
 * so a crash between two closes resumes cleanly.
 */
export async function closeDueProposals(db: Db, planId: string, at: Date, actor = 'calendar'): Promise<void> {
  for (const id of await proposalsDueToClose(db, planId, at)) {
    await once(db, { key: `proposal-close:${id}`, actor, at }, { kind: 'proposal.closed', subject: `proposal:${id}` }, async (tx) => {
      const p = await getProposal(tx, id, true);
      if (p.status !== 'open') return { status: p.status };
      const plan = await getPlan(tx, p.planId);
      const { votesFor, votesAgainst } = await tallyVotes(tx, id);
      const passed = passes({ eligible: p.eligible ?? 0, votesFor, votesAgainst }, plan.rules.governance);
      const closedAt = p.closesAt!; // the result is as of the close, whenever the calendar gets to it
      await closeProposal(tx, id, { status: passed ? 'passed' : 'rejected', votesFor, votesAgainst, at: closedAt });
      const closed = await getProposal(tx, id);
      if (!passed) {
        await logRuleProposal(tx, facts(closed, 'rejected', closedAt));
        return { status: 'rejected' };
      }
      const effectiveAt = startOfDay(parseLocalDate(p.effectiveOn, 'effectiveOn'), plan.rules.timeZone);
      const { after } = await changedRules(tx, p.planId, effectiveAt, p.changes);
      await insertRuleVersion(tx, { planId: p.planId, effectiveAt, changes: p.changes, proposalId: id });
      await logRuleProposal(tx, { ...facts(closed, 'passed', closedAt), rules: after, effectiveAt });
      return { status: 'passed' };
    });
  }
}

/** A proposal as the public and the members see it: the tally so far while open, the result once closed. */
export interface ProposalView extends Proposal { votesForNow: number; votesAgainstNow: number; passedIfClosedNow: boolean }

export async function proposalView(q: Queryable, p: Proposal): Promise<ProposalView> {
  const t = p.status === 'open' ? await tallyVotes(q, p.id) : { votesFor: p.votesFor ?? 0, votesAgainst: p.votesAgainst ?? 0 };
  const g = (await getPlan(q, p.planId)).rules.governance;
  return { ...p, votesForNow: t.votesFor, votesAgainstNow: t.votesAgainst, passedIfClosedNow: passes({ eligible: p.eligible ?? 0, ...t }, g) };
}

/** The open proposals of a plan with, for each, the memberships the member's account votes for and whether each has voted. */
export async function memberBallots(db: Db, principal: Principal, planId: string): Promise<(ProposalView & { ballots: { membershipId: bigint; voted: boolean }[] })[]> {
  const payer = payerOf(principal);
  const out = [];
  for (const p of await listProposals(db, planId, 'open')) out.push({ ...(await proposalView(db, p)), ballots: await ballotsOfPayer(db, p.id, payer) });
  return out;
}

export interface ProposalEffect {
  /** What a member present for the projected months pays, per year, with the caps: on the rules in force, and with the proposal's changes. */
  annualCostPerMemberFen: { without: number; with: number };
  /** The sum of the projected shares over the months (before caps). */
  sumOfSharesFen: { without: number; with: number };
  months: number;
}

/**
 * The projected effect of a proposal on a member's share: the outlook (the projection model run on
 * the plan's measured state) once on the rules in force and once with the proposal's changes.
 */
export async function proposalEffect(db: Db, proposalId: string, months = 12): Promise<ProposalEffect> {
  const p = await getProposal(db, proposalId);
  const plan = await getPlan(db, p.planId);
  const effectiveAt = startOfDay(parseLocalDate(p.effectiveOn, 'effectiveOn'), plan.rules.timeZone);
  const { after } = await changedRules(db, p.planId, effectiveAt, p.changes);
  const without = await outlook(db, p.planId, undefined, { months });
  const withChange = await outlook(db, p.planId, undefined, { months, rules: rulesFromJson(after) });
  return {
    annualCostPerMemberFen: { without: without.projection.annualCostPerMemberFen, with: withChange.projection.annualCostPerMemberFen },
    sumOfSharesFen: { without: without.projection.sumOfSharesFen, with: withChange.projection.sumOfSharesFen },
    months,
  };
}
