/**
 * Rule changes by member vote (issue 14): the governance settings, which plan settings a proposal
 * may change, the voting window and the tally. Pure: the service loads and writes, this decides.
 *
 * Why the counts are compared by cross-multiplication and not by percentages: an integer test
 * (cast x 10000 >= quorum x eligible) has no rounding, so "exactly the quorum" passes on every
 * machine and in every verifier.
 */
import { z } from 'zod';
import { HuzhuError } from './errors.ts';
import { addDays, compareDates, localDateOf, type LocalDate } from './local-date.ts';

export interface GovernanceSettings {
  /** The vote runs this many 24-hour days from the proposal's confirmation. */
  votingDays: number;
  /** Votes cast must be at least this share of the eligible voters, in basis points (500 = 5%). */
  quorumBasisPoints: number;
  /** Votes in favour must be at least this share of the votes cast, in basis points (6700 = 67%). */
  thresholdBasisPoints: number;
  /** `effectiveOn` must be at least this many days after the vote closes, so a member who disagrees can leave first. */
  noticeDays: number;
}

export const DEFAULT_GOVERNANCE: GovernanceSettings = { votingDays: 7, quorumBasisPoints: 500, thresholdBasisPoints: 6700, noticeDays: 30 };

export const governanceJson = z.object({
  votingDays: z.number().int().min(1).max(90),
  quorumBasisPoints: z.number().int().min(0).max(10_000),
  thresholdBasisPoints: z.number().int().min(1).max(10_000),
  noticeDays: z.number().int().min(0).max(3650),
}).strict();

/**
 * Settings a vote may never change: the funding (post-paid or prepaid, with its amounts: a wallet's terms are the member's contract), the time zone, the preset's name and the
 * sharing cycles (they move the calendar under bills already announced), and the governance
 * settings themselves (a vote that lowers the quorum for the next vote would let a small group
 * entrench itself; such a change needs a new plan).
 */
export const NOT_PROPOSABLE: ReadonlySet<string> = new Set(['preset', 'timeZone', 'cycles', 'funding', 'governance']);

/** The settings a proposal may change: every key of the plan-rules schema but the excluded ones (so a new setting joins by itself). */
export function proposableSettings(schemaKeys: readonly string[]): string[] {
  return schemaKeys.filter((k) => !NOT_PROPOSABLE.has(k));
}

/** The changes a proposal states, checked against the proposable settings; returns the keys changed. */
export function checkChanges(changes: unknown, schemaKeys: readonly string[], current: Record<string, unknown>): string[] {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw new HuzhuError('VALIDATION', 'rules: an object of the settings to change', { field: 'rules' });
  }
  const allowed = new Set(proposableSettings(schemaKeys));
  const keys = Object.keys(changes);
  if (keys.length === 0) throw new HuzhuError('VALIDATION', 'rules: name at least one setting to change', { field: 'rules' });
  for (const k of keys) {
    if (!allowed.has(k)) {
      throw new HuzhuError('VALIDATION', `rules.${k}: not a setting a vote may change (may: ${[...allowed].join(', ')})`, { field: `rules.${k}` });
    }
  }
  const changed = keys.filter((k) => JSON.stringify((changes as Record<string, unknown>)[k]) !== JSON.stringify(current[k]));
  if (changed.length === 0) throw new HuzhuError('VALIDATION', 'rules: every setting given already has that value', { field: 'rules' });
  return changed;
}

const DAY_MS = 24 * 3600 * 1000;

/** The vote closes at P + votingDays x 24 h (exactly, whatever the zone's clocks do). */
export function votingClosesAt(openedAt: Date, g: GovernanceSettings): Date {
  return new Date(openedAt.getTime() + g.votingDays * DAY_MS);
}

/** A vote counts from the opening instant up to, not including, the close: at the close it is refused WINDOW_CLOSED. */
export function assertVotingOpen(openedAt: Date, closesAt: Date, at: Date): void {
  if (at < openedAt || at >= closesAt) {
    throw new HuzhuError('WINDOW_CLOSED', `vote: voting runs from ${openedAt.toISOString()} until (not including) ${closesAt.toISOString()}`, { field: 'vote' });
  }
}

/**
 * effectiveOn must be at least noticeDays after the local day the vote closes on, and never that
 * day itself (with noticeDays 0 the change would otherwise apply from 00:00 of a day whose
 * morning had already passed under the old rules when the vote closed).
 */
export function assertEffectiveOn(effectiveOn: LocalDate, closesAt: Date, timeZone: string, g: GovernanceSettings): void {
  const earliest = addDays(localDateOf(closesAt, timeZone), Math.max(1, g.noticeDays));
  if (compareDates(effectiveOn, earliest) < 0) {
    throw new HuzhuError('VALIDATION', `effectiveOn: must be on or after ${earliest} (${g.noticeDays} days after the vote closes)`, {
      field: 'effectiveOn', details: { earliest },
    });
  }
}

export interface Tally { eligible: number; votesFor: number; votesAgainst: number }

/** Passes when votes cast x 10000 >= quorum x eligible and votes in favour x 10000 >= threshold x votes cast. */
export function passes(t: Tally, g: GovernanceSettings): boolean {
  const cast = BigInt(t.votesFor) + BigInt(t.votesAgainst);
  if (cast === 0n) return false; // no vote at all never changes the rules, even with a zero quorum
  return cast * 10_000n >= BigInt(g.quorumBasisPoints) * BigInt(t.eligible)
    && BigInt(t.votesFor) * 10_000n >= BigInt(g.thresholdBasisPoints) * cast;
}

/** The old and new values of each changed setting, side by side (the log entry and the pages show this). */
export function sideBySide(oldRules: Record<string, unknown>, newRules: Record<string, unknown>, keys: readonly string[]): { old: Record<string, unknown>; new: Record<string, unknown> } {
  const o: Record<string, unknown> = {};
  const n: Record<string, unknown> = {};
  for (const k of keys) { o[k] = oldRules[k] ?? null; n[k] = newRules[k] ?? null; }
  return { old: o, new: n };
}
