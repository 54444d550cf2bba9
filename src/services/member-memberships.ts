/**
 * A member account's memberships, acted on for the logged-in account: join a plan for one of its
 * people, leave, and find the charged period whose bill proof it asks for. Each use case asks
 * requireAccess first (access.ts).
 */
import type { Db } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { localDateOf, type LocalDate } from '../domain/local-date.ts';
import { oldEnoughToTransfer, transferEligibleOn } from '../domain/transfer.ts';
import type { Principal } from '../domain/principal.ts';
import { findPeriod } from '../repositories/periods-repo.ts';
import { getPlan, getPlanAt, listPlans } from '../repositories/plans-repo.ts';
import { membershipsOfPayer, type MembershipView } from '../repositories/member-queries.ts';
import { payerRef } from '../repositories/members-repo.ts';
import { payerOf, requireAccess } from './access.ts';
import type { Action } from './idempotent.ts';
import { join, quit, refusalField, transfer } from './membership-service.ts';

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
  }, action, { refusalWritesNothing: true });
  if (!result.ok) throw new HuzhuError(result.code, result.reason, { field: refusalField(result.code) });
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

/**
 * The move a membership is offered (domain/transfer.ts), or null: the plan moved to, the first
 * day of the offer (the member is told ahead), and whether it is open today in the plan's zone.
 */
export interface TransferOffer { toPlan: string; eligibleOn: LocalDate; open: boolean }
export type MembershipWithOffer = MembershipView & { transfer: TransferOffer | null };

/** The memberships the account pays for, each active one with the move its plan offers. */
export async function membershipsWithOffers(db: Db, principal: Principal, page: { limit: number; offset: number }, now: Date): Promise<MembershipWithOffer[]> {
  const rows = await membershipsOfPayer(db, payerOf(principal), page.limit, page.offset);
  const plans = new Map((await listPlans(db)).map((p) => [p.id, p.rules]));
  return rows.map((m) => {
    const rules = plans.get(m.planId);
    const from = rules && m.status === 'active' ? transferEligibleOn(rules, m.birthDate as LocalDate) : null;
    if (!rules || !rules.transfer || from === null) return { ...m, transfer: null };
    return { ...m, transfer: { toPlan: rules.transfer.toPlan, eligibleOn: from, open: oldEnoughToTransfer(rules, m.birthDate as LocalDate, localDateOf(now, rules.timeZone)) } };
  });
}

/**
 * Moves an active membership the account pays for to the plan its plan's setting names
 * (`toPlan`, when given, must be that plan). Returns the ended membership and the new one.
 */
export async function transferMembership(db: Db, principal: Principal, input: { id: bigint; toPlan?: string | undefined }, action: Action): Promise<{ ended: MembershipView; started: MembershipView }> {
  const m = await requireAccess(db, principal, 'membership.transfer', input.id);
  if (m.status !== 'active') throw new HuzhuError('TRANSFER_NOT_ALLOWED', `membership: ${m.id} has already ended (${m.status})`, { field: 'id' });
  const moved = await transfer(db, { plan: m.planId, person: m.personRef, toPlan: input.toPlan }, action);
  const mine = await membershipsOfPayer(db, payerOf(principal), 1000, 0);
  return { ended: mine.find((x) => x.id === moved.from)!, started: mine.find((x) => x.id === moved.membershipId)! };
}
