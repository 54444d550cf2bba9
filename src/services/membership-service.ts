/** Joining and leaving a plan, and the move to another plan. */
import type { Db } from '../db/database.ts';
import { decideJoin, type HealthDeclaration } from '../domain/eligibility.ts';
import { HuzhuError, type ErrorCode } from '../domain/errors.ts';
import { localDateOf, parseLocalDate } from '../domain/local-date.ts';
import { activeMembership, birthDateOfPerson, endMembership, endMembershipsOfPersons, findPersonId, insertMembership, upsertPayer, upsertPerson } from '../repositories/members-repo.ts';
import { findPlan, getPlan, getPlanAt } from '../repositories/plans-repo.ts';
import { decideTransfer } from '../domain/transfer.ts';
import { logTransfer } from '../transparency/entries/membership-entries.ts';
import { once, type Action } from './idempotent.ts';
import { canJoin } from '../domain/wallet-rules.ts';
import { lockWallet, walletBalance } from '../repositories/wallets-repo.ts';
import { refundSettled } from './wallets.ts';
import { assertPlanOpen, planStatus } from './wind-down.ts';

export interface JoinInput {
  plan: string;
  /** Opaque key of the person (a keyed hash of the ID number, or a scenario's member id). */
  person: string;
  /** The paying account; a payer may enrol several people (family). */
  payer: string;
  birthDate: string;
  declaration?: HealthDeclaration | undefined;
  creditScore?: number | undefined;
}

export type JoinResult =
  | { ok: true; membershipId: bigint; joinedOn: string; waitingEndsOn: string }
  | { ok: false; code: ErrorCode; reason: string };

/**
 * `refusalWritesNothing`: a refusal is thrown inside the transaction, so it rolls back the person,
 * the payer and the event too (the member API: a refused join leaves no row). Without it a refusal
 * is an outcome recorded once (the replay and the simulator replay it by its key).
 */
export async function join(db: Db, input: JoinInput, action: Action, o: { refusalWritesNothing?: boolean } = {}): Promise<JoinResult> {
  const birthDate = parseLocalDate(input.birthDate, 'birthDate');
  if (typeof input.person !== 'string' || !input.person) throw new HuzhuError('VALIDATION', 'member: required', { field: 'member' });
  if (typeof input.payer !== 'string' || !input.payer) throw new HuzhuError('VALIDATION', 'payer: required', { field: 'payer' });
  if (input.creditScore !== undefined && !(Number.isInteger(input.creditScore) && input.creditScore >= 0 && input.creditScore <= 1000)) {
    throw new HuzhuError('VALIDATION', 'creditScore: an integer from 0 to 1000', { field: 'creditScore' });
  }
  if (input.declaration !== undefined && (typeof input.declaration !== 'object' || input.declaration === null || Array.isArray(input.declaration)
      || Object.values(input.declaration).some((v) => typeof v !== 'boolean'))) {
    throw new HuzhuError('VALIDATION', 'declaration: an object of question -> true/false answers', { field: 'declaration' });
  }
  return once(db, action, { kind: 'membership.join', subject: `person:${input.person}` }, async (tx) => {
    const plan = await getPlanAt(tx, input.plan, action.at); // the joining rules in force at the join (issue 14)
    const person = await upsertPerson(tx, input.person, birthDate);
    if (person.birthDate !== birthDate) {
      throw new HuzhuError('VALIDATION', `birthDate: ${birthDate} differs from the birth date on record for this person`, { field: 'birthDate' });
    }
    const payerId = await upsertPayer(tx, input.payer);
    // A winding-down or closed plan takes nobody from its start A (issue 13).
    const status = await planStatus(tx, plan.id, action.at);
    if (status !== 'active') {
      const reason = `plan "${plan.id}" is ${status}: it accepts no new members`;
      if (o.refusalWritesNothing) throw new HuzhuError('PLAN_CLOSING', reason, { field: 'plan' });
      return { ok: false as const, code: 'PLAN_CLOSING' as const, reason };
    }
    const joinDate = localDateOf(action.at, plan.rules.timeZone);
    const already = await activeMembership(tx, plan.id, person.id, true);
    const decision = decideJoin(plan.rules, {
      birthDate, joinDate, declaration: input.declaration, creditScore: input.creditScore, alreadyActiveMember: already !== undefined,
    });
    if (!decision.ok && o.refusalWritesNothing) throw new HuzhuError(decision.code, decision.reason, { field: refusalField(decision.code) });
    if (!decision.ok) return { ok: false as const, code: decision.code, reason: decision.reason };
    // Prepaid (issue 13, rule 3): the wallet must hold the deposit at this instant; it is not consumed.
    const funding = plan.rules.funding;
    if (funding.mode === 'prepaid') {
      await lockWallet(tx, payerId);
      const balance = await walletBalance(tx, plan.id, payerId);
      if (!canJoin(funding, balance)) {
        return { ok: false as const, code: 'INSUFFICIENT_BALANCE' as const, reason: `the payer's wallet holds ${balance} fen; joining needs at least ${funding.joinDepositFen} fen` };
      }
    }
    const membershipId = await insertMembership(tx, {
      planId: plan.id, personId: person.id, payerId, birthDate, joinedAt: action.at, joinedOn: joinDate, waitingEndsOn: decision.waitingEndsOn,
    });
    return { ok: true as const, membershipId, joinedOn: joinDate, waitingEndsOn: decision.waitingEndsOn };
  });
}

/** The request field a join refusal names. */
export function refusalField(code: ErrorCode): string {
  return code === 'NOT_ELIGIBLE_HEALTH' ? 'declaration' : code === 'NOT_ELIGIBLE_CREDIT' ? 'creditScore' : 'person';
}

/** Leaving: any time, no refund; bills of periods already announced still stand. */
export async function quit(db: Db, input: { plan: string; person: string }, action: Action): Promise<{ membershipId: bigint }> {
  return once(db, action, { kind: 'membership.quit', subject: `person:${input.person}` }, async (tx) => {
    const plan = await getPlan(tx, input.plan);
    const personId = await findPersonId(tx, input.person);
    if (personId === undefined) throw new HuzhuError('NOT_FOUND', 'member: not known (this person has never joined a plan)', { field: 'member' });
    const m = await activeMembership(tx, plan.id, personId, true);
    if (!m) throw new HuzhuError('NOT_ACTIVE', `member: no active membership in plan "${plan.id}"`, { field: 'member' });
    await endMembership(tx, m.id, 'left', action.at);
    // Prepaid: the payer's last membership gone and nothing pending, the wallet is refunded now (rule 6).
    await refundSettled(tx, plan, action.at, `quit:${action.key}:refund`, action.actor, null, m.payerId);
    return { membershipId: m.id };
  });
}

/**
 * Many members leaving at the same instant (a simulation, or a batch from a partner channel):
 * one UPDATE, recorded as one event.
 */
export async function quitBulk(db: Db, input: { plan: string; persons: string[] }, action: Action): Promise<{ left: number }> {
  return once(db, action, { kind: 'membership.bulk-quit', subject: `plan:${input.plan}` }, async (tx) => {
    const plan = await getPlan(tx, input.plan);
    const left = await endMembershipsOfPersons(tx, { planId: plan.id, persons: input.persons, at: action.at });
    await refundSettled(tx, plan, action.at, `bulk-quit:${action.key}:refund`, action.actor, null);
    return { left };
  });
}

export interface TransferResult { from: bigint; membershipId: bigint; plan: string; joinedOn: string; waitingEndsOn: string }

/**
 * The move to the plan the plan's `transfer` setting names (domain/transfer.ts): the active
 * membership ends `transferred` and a membership in the plan moved to begins at the same instant,
 * with no declaration, no age check and no waiting period (it ends on its first day), paid by the
 * same payer. One transaction with the public entry; refused TRANSFER_NOT_ALLOWED (also when
 * `toPlan` is given and is not the plan the setting names).
 */
export async function transfer(db: Db, input: { plan: string; person: string; toPlan?: string | undefined }, action: Action): Promise<TransferResult> {
  return once(db, action, { kind: 'membership.transfer', subject: `person:${input.person}` }, async (tx) => {
    const plan = await getPlan(tx, input.plan);
    const personId = await findPersonId(tx, input.person);
    if (personId === undefined) throw new HuzhuError('NOT_FOUND', 'member: not known (this person has never joined a plan)', { field: 'member' });
    const m = await activeMembership(tx, plan.id, personId, true);
    const toId = plan.rules.transfer?.toPlan;
    const target = toId === undefined ? undefined : await findPlan(tx, toId);
    // The caller names the plan it expects to move to: a move elsewhere is not what was asked.
    if (input.toPlan !== undefined && input.toPlan !== toId) {
      throw new HuzhuError('TRANSFER_NOT_ALLOWED', `plan "${plan.id}" offers no move to plan "${input.toPlan}"`, { field: 'toPlan' });
    }
    if (toId !== undefined && !target) throw new HuzhuError('TRANSFER_NOT_ALLOWED', `plan "${toId}", the plan to move to, does not exist`, { field: 'plan' });
    const decision = decideTransfer(plan.rules, {
      planId: plan.id, birthDate: await birthDateOfPerson(tx, personId), on: localDateOf(action.at, plan.rules.timeZone),
      membershipActive: m !== undefined, alreadyInTarget: target !== undefined && (await activeMembership(tx, target.id, personId, true)) !== undefined,
    });
    if (!decision.ok || !m || !target) throw new HuzhuError('TRANSFER_NOT_ALLOWED', decision.ok ? 'the membership is not active' : decision.reason, { field: 'member' });
    await assertPlanOpen(tx, target.id, action.at, 'transfer'); // no move into a winding-down plan (issue 13)
    await endMembership(tx, m.id, 'transferred', action.at);
    // The first day in the new plan's zone is also the first day an illness may be claimed.
    const joinedOn = localDateOf(action.at, target.rules.timeZone);
    const membershipId = await insertMembership(tx, {
      planId: target.id, personId, payerId: m.payerId, birthDate: m.birthDate, joinedAt: action.at, joinedOn, waitingEndsOn: joinedOn,
    });
    await logTransfer(tx, { plan: plan.id, toPlan: target.id, at: action.at });
    await refundSettled(tx, plan, action.at, `transfer:${action.key}:refund`, action.actor, null, m.payerId);
    return { from: m.id, membershipId, plan: target.id, joinedOn, waitingEndsOn: joinedOn };
  });
}

