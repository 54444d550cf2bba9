/**
 * Four eyes: whoever was involved earlier in a claim may not decide it (the claim itself, or a
 * challenge against it). Involvement is any step a person took on the claim: a finding, the
 * investigation report, the decision, filing or deciding a challenge, an appeal.
 *
 * Why keyed on the person and not on the actor string: an actor is `role:accountId`, and a role
 * changes (an investigator made an operator by an admin is the same person who wrote the report,
 * and has already formed a view). The account id is the person; the role at the time is not.
 *
 * This is the one place the rule is written; every decision path calls assertFreshEyes with the
 * claim's review trail.
 */
import { HuzhuError } from './errors.ts';

export type Involvement = 'finding' | 'report' | 'decision' | 'challenge' | 'challenge-decision' | 'appeal';

export interface EarlierStep {
  actor: string;
  involvement: Involvement;
}

/** Actors that are the platform itself, not a person: they never make a conflict. */
const MACHINE_ACTORS = new Set(['system', 'jury', 'calendar', 'anonymous', '']);

/**
 * The person behind an actor: `operator:2` and `investigator:2` are both `account:2`. An actor
 * without a role (a replay's or a simulation's name) is its own person; the platform is nobody (null).
 */
export function personOfActor(actor: string): string | null {
  const a = actor.trim();
  if (MACHINE_ACTORS.has(a)) return null;
  const m = /^[a-z][a-z-]*:(.+)$/.exec(a);
  return m ? `account:${m[1]}` : a;
}

/** Are two actors the same person (whatever role each had)? The platform is never the same as anyone. */
export function samePerson(a: string, b: string): boolean {
  const pa = personOfActor(a);
  return pa !== null && pa === personOfActor(b);
}

/** What a row of the claim's review trail says about who was involved (null: not a person's step). */
export function involvementOfReview(r: { actor: string; kind: string; outcome: string }): EarlierStep | null {
  if (personOfActor(r.actor) === null) return null;
  switch (r.kind) {
    case 'investigation': return { actor: r.actor, involvement: 'finding' };
    case 'report': return { actor: r.actor, involvement: 'report' };
    case 'decision': return { actor: r.actor, involvement: 'decision' };
    case 'challenge': return { actor: r.actor, involvement: r.outcome.startsWith('filed:') ? 'challenge' : 'challenge-decision' };
    case 'jury': return { actor: r.actor, involvement: 'appeal' };
    default: return null;
  }
}

/** The involvements in a review trail. */
export function involvementsOf(reviews: readonly { actor: string; kind: string; outcome: string }[]): EarlierStep[] {
  return reviews.map(involvementOfReview).filter((s): s is EarlierStep => s !== null);
}

/**
 * Throws FOUR_EYES if the decider took any earlier step on the claim. The message names the step,
 * not the other actors, so a refused operator learns why without learning who else worked on it.
 */
export function assertFreshEyes(earlier: readonly EarlierStep[], decider: string, subject: string): void {
  const mine = earlier.filter((s) => samePerson(s.actor, decider));
  if (mine.length === 0) return;
  const steps = [...new Set(mine.map((s) => s.involvement))].join(', ');
  throw new HuzhuError('FOUR_EYES', `${subject}: you were involved earlier (${steps}); a different person must decide`, {
    details: { involvement: [...new Set(mine.map((s) => s.involvement))] },
  });
}
