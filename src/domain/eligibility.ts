/**
 * Who may join a plan. Pure: the service loads the facts and asks.
 */
import type { ErrorCode } from './errors.ts';
import { addDays, ageOn, anniversary, compareDates, type LocalDate } from './local-date.ts';
import type { PlanRules } from './plan-rules.ts';

/** Health questions are answered true ("yes, I have / had this") or false; every answer must be "no". */
export type HealthDeclaration = Record<string, boolean>;

export interface JoinApplication {
  birthDate: LocalDate;
  joinDate: LocalDate;
  declaration?: HealthDeclaration | undefined;
  creditScore?: number | undefined;
  alreadyActiveMember: boolean;
}

export type JoinDecision =
  | { ok: true; waitingEndsOn: LocalDate }
  | { ok: false; code: Extract<ErrorCode, 'NOT_ELIGIBLE_AGE' | 'NOT_ELIGIBLE_HEALTH' | 'NOT_ELIGIBLE_CREDIT' | 'ALREADY_MEMBER'>; reason: string };

export function decideJoin(rules: PlanRules, a: JoinApplication): JoinDecision {
  if (a.alreadyActiveMember) return { ok: false, code: 'ALREADY_MEMBER', reason: 'already an active member of this plan' };
  const age = ageOn(a.birthDate, a.joinDate);
  const oldEnoughInDays = compareDates(a.joinDate, addDays(a.birthDate, rules.minJoinAgeDays)) >= 0;
  if (!oldEnoughInDays || age < rules.minJoinAgeYears || age > rules.maxJoinAgeYears) {
    return {
      ok: false, code: 'NOT_ELIGIBLE_AGE',
      reason: `age ${age} on ${a.joinDate} is outside the joining ages (${describeMinAge(rules)} to ${rules.maxJoinAgeYears} years)`,
    };
  }
  if (rules.removalAgeYears !== null && compareDates(a.joinDate, anniversary(a.birthDate, rules.removalAgeYears)) >= 0) {
    return { ok: false, code: 'NOT_ELIGIBLE_AGE', reason: `already at the plan's removal age ${rules.removalAgeYears}` };
  }
  if (rules.healthDeclarationRequired) {
    const answers = a.declaration ? Object.entries(a.declaration) : [];
    if (answers.length === 0) return { ok: false, code: 'NOT_ELIGIBLE_HEALTH', reason: 'a health declaration is required' };
    const yes = answers.filter(([, v]) => v !== false).map(([k]) => k);
    if (yes.length) return { ok: false, code: 'NOT_ELIGIBLE_HEALTH', reason: `health declaration answered "yes" to: ${yes.join(', ')}` };
  }
  if (rules.minCreditScore !== null && a.creditScore !== undefined && a.creditScore < rules.minCreditScore) {
    return { ok: false, code: 'NOT_ELIGIBLE_CREDIT', reason: `credit score ${a.creditScore} is below ${rules.minCreditScore}` };
  }
  return { ok: true, waitingEndsOn: addDays(a.joinDate, rules.waitingPeriodDays) };
}

function describeMinAge(rules: PlanRules): string {
  return rules.minJoinAgeYears > 0 ? `${rules.minJoinAgeYears} years` : `${rules.minJoinAgeDays} days`;
}
