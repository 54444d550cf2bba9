/**
 * The move to another plan (Xiang Hu Bao let a member of 59 move into the elderly cancer plan
 * without a new health declaration or waiting period). Pure: the service loads the facts and asks.
 *
 * A member may move when the membership is active and they are at least `fromAge` completed years
 * old on the local date of the move in the plan's zone. The new membership starts at the instant
 * of the move with no declaration, no age check and no waiting period: its waiting period ends on
 * its first day.
 */
import type { ErrorCode } from './errors.ts';
import { anniversary, ageOn, compareDates, type LocalDate } from './local-date.ts';
import type { PlanRules } from './plan-rules.ts';

export interface TransferFacts {
  /** The plan the member moves from (its id and rules). */
  planId: string;
  birthDate: LocalDate;
  /** Local date of the move in the plan's zone. */
  on: LocalDate;
  membershipActive: boolean;
  /** The person already holds an active membership in the plan they would move to. */
  alreadyInTarget: boolean;
}

export type TransferDecision =
  | { ok: true; toPlan: string; waitingEndsOn: LocalDate }
  | { ok: false; code: Extract<ErrorCode, 'TRANSFER_NOT_ALLOWED'>; reason: string };

const refuse = (reason: string): TransferDecision => ({ ok: false, code: 'TRANSFER_NOT_ALLOWED', reason });

export function decideTransfer(rules: PlanRules, f: TransferFacts): TransferDecision {
  const t = rules.transfer;
  if (!t) return refuse(`plan "${f.planId}" offers no move to another plan`);
  if (t.toPlan === f.planId) return refuse(`plan "${f.planId}" names itself as the plan to move to`);
  if (!f.membershipActive) return refuse('the membership is not active');
  const age = ageOn(f.birthDate, f.on);
  if (age < t.fromAge) return refuse(`age ${age} on ${f.on} is below ${t.fromAge}: the move is open from ${anniversary(f.birthDate, t.fromAge)}`);
  if (f.alreadyInTarget) return refuse(`already an active member of plan "${t.toPlan}"`);
  return { ok: true, toPlan: t.toPlan, waitingEndsOn: f.on };
}

/**
 * The first local date on which a member born on `birthDate` may move, or null when the plan
 * offers no move. (The `fromAge`-th birthday; a 29 February birthday falls on 1 March, as for ages.)
 */
export function transferEligibleOn(rules: PlanRules, birthDate: LocalDate): LocalDate | null {
  return rules.transfer ? anniversary(birthDate, rules.transfer.fromAge) : null;
}

/** Whether a member born on `birthDate` may move on `on` by age (the membership's status aside). */
export function oldEnoughToTransfer(rules: PlanRules, birthDate: LocalDate, on: LocalDate): boolean {
  const from = transferEligibleOn(rules, birthDate);
  return from !== null && compareDates(on, from) >= 0;
}
