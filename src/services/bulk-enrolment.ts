/**
 * Enrolling many people at once (a synthetic population, a migration from another platform, the
 * benchmark's seed): the join rules (domain/eligibility.ts) are applied to each applicant in
 * memory, and the accepted ones are written with COPY and three INSERT ... SELECT statements,
 * in one transaction. Never one round trip per member.
 */
import type { Db } from '../db/database.ts';
import { decideJoin, type HealthDeclaration } from '../domain/eligibility.ts';
import { HuzhuError } from '../domain/errors.ts';
import { localDateOf, type LocalDate } from '../domain/local-date.ts';
import { getPlanAt } from '../repositories/plans-repo.ts';
import { recordEvent, findEventData } from '../repositories/events-repo.ts';
import { clearEnrolmentStage, enrolStaged, stageEnrolments } from '../repositories/members-repo.ts';
import type { Action } from './idempotent.ts';

export interface BulkApplicant {
  person: string;
  payer: string;
  birthDate: LocalDate;
  declaration?: HealthDeclaration;
  creditScore?: number;
}

export interface BulkResult {
  accepted: number;
  rejected: Record<string, number>;
}

const SAFE_REF = /^[A-Za-z0-9._:@-]{1,200}$/;

export async function enrolBulk(db: Db, planId: string, applicants: BulkApplicant[], action: Action): Promise<BulkResult> {
  const prior = await findEventData(db, action.key);
  if (prior !== undefined) return (prior as { result: BulkResult }).result;
  const plan = await getPlanAt(db, planId, action.at); // the joining rules in force at the join (issue 14)
  // A prepaid plan needs each payer's deposit at the instant of its join (issue 13): one by one, never in bulk.
  if (plan.rules.funding.mode === 'prepaid') throw new HuzhuError('CONFLICT', `plan "${plan.id}" is prepaid: members join one by one, each payer with the deposit in its wallet`, { field: 'plan' });
  const joinDate = localDateOf(action.at, plan.rules.timeZone);
  const rejected: Record<string, number> = {};
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const a of applicants) {
    if (!SAFE_REF.test(a.person) || !SAFE_REF.test(a.payer)) {
      throw new HuzhuError('VALIDATION', `person/payer: "${a.person}"/"${a.payer}" must be 1-200 letters, digits or ._:@-`, { field: 'person' });
    }
    const d = decideJoin(plan.rules, {
      birthDate: a.birthDate, joinDate, declaration: a.declaration ?? { 'standard-declaration': false }, creditScore: a.creditScore,
      alreadyActiveMember: seen.has(a.person),
    });
    if (!d.ok) {
      rejected[d.code] = (rejected[d.code] ?? 0) + 1;
      continue;
    }
    seen.add(a.person);
    lines.push(`${a.person}\t${a.payer}\t${a.birthDate}\t${d.waitingEndsOn}\n`);
  }
  // COPY goes over its own connection on a server, so the rows are staged first, then moved in
  // one transaction that also records the event (a retry with the same key changes nothing).
  const batch = action.key.replace(/[\t\n\\]/g, '_');
  await clearEnrolmentStage(db, batch);
  await stageEnrolments(db, batch, lines);
  const result = await db.transaction(async (tx) => {
    const again = await findEventData(tx, action.key);
    if (again !== undefined) return (again as { result: BulkResult }).result;
    const accepted = await enrolStaged(tx, { batch, planId: plan.id, at: action.at, joinedOn: joinDate });
    if (lines.length > accepted) rejected.ALREADY_MEMBER = (rejected.ALREADY_MEMBER ?? 0) + lines.length - accepted;
    await clearEnrolmentStage(tx, batch);
    const r: BulkResult = { accepted, rejected };
    await recordEvent(tx, { at: action.at, actor: action.actor, kind: 'membership.bulk-join', subject: `plan:${plan.id}`, key: action.key, data: { result: r } });
    return r;
  });
  return result;
}
