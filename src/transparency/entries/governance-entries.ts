/**
 * The writer of the rule-change entries (issue 14): one `plan.proposal` entry at each step of a
 * proposal (proposed, open, passed or rejected), in the same transaction as the step. The old
 * and new values of the changed settings are side by side in every one, so a reader needs no
 * other entry to see what the vote is about.
 */
import type { Queryable } from '../../db/database.ts';
import type { JsonValue, LogEntry } from '../core/canonical-json.ts';
import { appendLogEntries } from '../store/log-store.ts';
import { ENTRY_TYPES } from './entry-types.ts';

export interface ProposalFacts {
  plan: string;
  proposal: string;
  state: 'proposed' | 'open' | 'passed' | 'rejected';
  at: Date;
  reason: string;
  effectiveOn: string;
  old: Record<string, unknown>;
  new: Record<string, unknown>;
  opensAt: Date | null;
  closesAt: Date | null;
  eligible: number | null;
  votesFor: number | null;
  votesAgainst: number | null;
  /** When passed: the plan's full rules from effectiveAt (00:00 of effectiveOn in the plan's zone), for `huzhu verify`. */
  rules?: Record<string, unknown>;
  effectiveAt?: Date;
}

const json = (v: unknown): JsonValue => JSON.parse(JSON.stringify(v)) as JsonValue;

/** governance-service: a proposal's step. */
export async function logRuleProposal(tx: Queryable, f: ProposalFacts): Promise<number> {
  const entry: LogEntry = {
    type: ENTRY_TYPES.planProposal, v: 1, plan: f.plan, proposal: f.proposal, state: f.state, at: f.at.toISOString(),
    reason: f.reason, effectiveOn: f.effectiveOn, old: json(f.old), new: json(f.new),
    opensAt: f.opensAt?.toISOString() ?? null, closesAt: f.closesAt?.toISOString() ?? null,
    eligible: f.eligible, votesFor: f.votesFor, votesAgainst: f.votesAgainst,
    ...(f.rules === undefined ? {} : { rules: json(f.rules) }),
    ...(f.effectiveAt === undefined ? {} : { effectiveAt: f.effectiveAt.toISOString() }),
  };
  return appendLogEntries(tx, [{ entry, ref: `plan.proposal/${f.proposal}/${f.state}` }]);
}
