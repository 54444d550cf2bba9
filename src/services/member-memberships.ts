/**
 * A member account's memberships, acted on for the logged-in account: join a plan for one of its
 * people, leave, and find the charged period whose bill proof it asks for. Each use case asks
 * requireAccess first (access.ts).
 */
import type { Db } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { LocalDate } from '../domain/local-date.ts';
import type { Principal } from '../domain/principal.ts';
import { findPeriod } from '../repositories/periods-repo.ts';
import { getPlanAt } from '../repositories/plans-repo.ts';
import { membershipsOfPayer, type MembershipView } from '../repositories/member-queries.ts';
import { payerRef } from '../repositories/members-repo.ts';
import { payerOf, requireAccess } from './access.ts';
import type { Action } from './idempotent.ts';
import { join, quit } from './membership-service.ts';

export interface JoinRequest { plan: string; person: bigint; declaration: Record<string, boolean>; creditScore?: number | undefined }

/**
 * Joins a plan for one of the account's people. `healthQuestions` are the codes a declaration
 * answers (every one of them when the plan requires a declaration); a refusal is an error with its code.
 */
export async function joinPlan(db: Db, principal: Principal, input: JoinRequest, healthQuestions: readonly string[], action: Action) {
  const payerId = payerOf(principal);
  const person = await requireAccess(db, principal, 'person.act', input.person);
  const plan = await getPlanAt(db, input.plan, action.at); // the joining rules in force now (issue 14)
  if (plan.rules.healthDeclarationRequired) {
    const missing = healthQuestions.filter((q) => !(q in input.declaration));
    if (missing.length) throw new HuzhuError('VALIDATION', `declaration: unanswered: ${missing.join(', ')}`, { field: 'declaration' });
  }
  const unknown = Object.keys(input.declaration).filter((k) => !healthQuestions.includes(k));
  if (unknown.length) throw new HuzhuError('VALIDATION', `declaration: unknown questions: ${unknown.join(', ')}`, { field: 'declaration' });
  const result = await join(db, {
    plan: plan.id, person: person.idHash, payer: await payerRef(db, payerId), birthDate: person.birthDate,
    declaration: input.declaration, creditScore: input.creditScore,
  }, action);
  if (!result.ok) throw new HuzhuError(result.code, result.reason, { field: result.code === 'NOT_ELIGIBLE_HEALTH' ? 'declaration' : result.code === 'NOT_ELIGIBLE_CREDIT' ? 'creditScore' : 'person' });
  return { membershipId: result.membershipId, plan: plan.id, joinedOn: result.joinedOn, waitingEndsOn: result.waitingEndsOn };
}

/** Leaves an active membership the account pays for; returns it as it now stands. */
export async function quitMembership(db: Db, principal: Principal, id: bigint, action: Action): Promise<MembershipView> {
  const m = await requireAccess(db, principal, 'membership.quit', id);
  if (m.status !== 'active') throw new HuzhuError('NOT_ACTIVE', `membership: ${m.id} has already ended (${m.status})`, { field: 'id' });
  await quit(db, { plan: m.planId, person: m.personRef }, action);
  return (await membershipsOfPayer(db, payerOf(principal), 1000, 0)).find((x) => x.id === m.id)!;
}

/** The membership and charged period of a bill the account asks the proof of. */
export async function chargedBillOf(db: Db, principal: Principal, bill: { membership: bigint; plan: string; announcedOn: string }): Promise<{ membershipId: bigint; periodId: bigint }> {
  const m = await requireAccess(db, principal, 'membership.bills', { membership: bill.membership, plan: bill.plan });
  const period = await findPeriod(db, bill.plan, bill.announcedOn as LocalDate);
  if (!period) throw new HuzhuError('NOT_FOUND', `period: ${bill.announcedOn} was not announced`, { field: 'announcedOn' });
  if (period.status !== 'charged') throw new HuzhuError('CONFLICT', 'the bills of a period are committed on its charge day; try again after it', { field: 'announcedOn' });
  return { membershipId: m.id, periodId: period.id };
}
