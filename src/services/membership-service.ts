/** Joining and leaving a plan. */
import type { Db } from '../db/database.ts';
import { decideJoin, type HealthDeclaration } from '../domain/eligibility.ts';
import { HuzhuError, type ErrorCode } from '../domain/errors.ts';
import { localDateOf, parseLocalDate } from '../domain/local-date.ts';
import { activeMembership, endMembership, endMembershipsOfPersons, findPersonId, insertMembership, upsertPayer, upsertPerson } from '../repositories/members-repo.ts';
import { getPlan, getPlanAt } from '../repositories/plans-repo.ts';
import { once, type Action } from './idempotent.ts';

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

export async function join(db: Db, input: JoinInput, action: Action): Promise<JoinResult> {
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
    const joinDate = localDateOf(action.at, plan.rules.timeZone);
    const already = await activeMembership(tx, plan.id, person.id, true);
    const decision = decideJoin(plan.rules, {
      birthDate, joinDate, declaration: input.declaration, creditScore: input.creditScore, alreadyActiveMember: already !== undefined,
    });
    if (!decision.ok) return { ok: false as const, code: decision.code, reason: decision.reason };
    const membershipId = await insertMembership(tx, {
      planId: plan.id, personId: person.id, payerId, birthDate, joinedAt: action.at, joinedOn: joinDate, waitingEndsOn: decision.waitingEndsOn,
    });
    return { ok: true as const, membershipId, joinedOn: joinDate, waitingEndsOn: decision.waitingEndsOn };
  });
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
    return { left: await endMembershipsOfPersons(tx, { planId: plan.id, persons: input.persons, at: action.at }) };
  });
}
