/**
 * Enrolling many people at once (a synthetic population, a migration from another platform, the
 * benchmark's seed): the join rules (domain/eligibility.ts) are applied to each applicant in
 * memory, and the accepted ones are written with COPY and two INSERT ... SELECT statements a batch:
 * its persons and payers, then, in the batch's own transaction, its memberships. Never one round
 * trip per member.
 *
 * `enrolBulk` takes one batch as an array; `enrolBulkStream` takes any (async) iterable of
 * applicants and enrols it in batches of bounded size, so 100M applicants never sit in memory.
 */
import type { Db } from '../db/database.ts';
import { decideJoin, type HealthDeclaration, type JoinDecision } from '../domain/eligibility.ts';
import { HuzhuError } from '../domain/errors.ts';
import { localDateOf, parseLocalDate, type LocalDate } from '../domain/local-date.ts';
import type { PlanRules } from '../domain/plan-rules.ts';
import { getPlanAt } from '../repositories/plans-repo.ts';
import { assertPlanOpen } from './wind-down.ts';
import { recordEvent, findEventData } from '../repositories/events-repo.ts';
import { clearEnrolmentStage, enrolStaged, resolveStagedPeople, stageEnrolments } from '../repositories/members-repo.ts';
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
const STANDARD_DECLARATION: HealthDeclaration = Object.freeze({ 'standard-declaration': false });
export const DEFAULT_BULK_BATCH = 200_000;

/**
 * The join rules for one batch (one plan, one join date). decideJoin is pure, so for applicants
 * with no declaration and no credit score of their own its answer depends on the birth date
 * alone: it is asked once per distinct birth date (a few tens of thousands in any population)
 * and the answer reused. Applicants with their own declaration or score are asked one by one.
 */
function joinRules(rules: PlanRules, joinDate: LocalDate): (a: BulkApplicant) => JoinDecision {
  const byBirthDate = new Map<string, JoinDecision>();
  return (a) => {
    if (a.declaration !== undefined || a.creditScore !== undefined) {
      return decideJoin(rules, { birthDate: parseLocalDate(a.birthDate, 'birthDate'), joinDate, declaration: a.declaration ?? STANDARD_DECLARATION, creditScore: a.creditScore, alreadyActiveMember: false });
    }
    let d = byBirthDate.get(a.birthDate);
    if (d === undefined) {
      d = decideJoin(rules, { birthDate: parseLocalDate(a.birthDate, 'birthDate'), joinDate, declaration: STANDARD_DECLARATION, alreadyActiveMember: false });
      byBirthDate.set(a.birthDate, d);
    }
    return d;
  };
}

/** One batch, all or nothing; a retry with the same key returns the recorded result and writes nothing. */
export async function enrolBulk(db: Db, planId: string, applicants: readonly BulkApplicant[], action: Action): Promise<BulkResult> {
  return commitBatch(db, await prepareBatch(db, planId, applicants, action));
}

/** A batch judged and staged, or one already written (its recorded result). */
type Prepared = { done: BulkResult } | { done?: undefined; action: Action; planId: string; joinedOn: LocalDate; batch: string; staged: number; rejected: Record<string, number> };

/** The join rules for every applicant, then the accepted ones COPYed into the stage (nothing of the plan's tables is written). */
async function prepareBatch(db: Db, planId: string, applicants: readonly BulkApplicant[], action: Action): Promise<Prepared> {
  const prior = await findEventData(db, action.key);
  if (prior !== undefined) return { done: (prior as { result: BulkResult }).result };
  const plan = await getPlanAt(db, planId, action.at); // the joining rules in force at the join (issue 14)
  await assertPlanOpen(db, plan.id, action.at, 'join'); // a winding-down plan takes nobody (issue 13)
  // A prepaid plan needs each payer's deposit at the instant of its join (issue 13): one by one, never in bulk.
  if (plan.rules.funding.mode === 'prepaid') throw new HuzhuError('CONFLICT', `plan "${plan.id}" is prepaid: members join one by one, each payer with the deposit in its wallet`, { field: 'plan' });
  const joinDate = localDateOf(action.at, plan.rules.timeZone);
  const decide = joinRules(plan.rules, joinDate);
  const rejected: Record<string, number> = {};
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const a of applicants) {
    if (!SAFE_REF.test(a.person) || !SAFE_REF.test(a.payer)) {
      throw new HuzhuError('VALIDATION', `person/payer: "${a.person}"/"${a.payer}" must be 1-200 letters, digits or ._:@-`, { field: 'person' });
    }
    // decideJoin puts "already a member" before every other rule; so does this loop.
    const d: JoinDecision = seen.has(a.person) ? { ok: false, code: 'ALREADY_MEMBER', reason: '' } : decide(a);
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
  // The persons and payers now, in a transaction of their own: in a stream, while the batch
  // before this one is moved in (migration 0420).
  if (lines.length > 0) await db.transaction((tx) => resolveStagedPeople(tx, batch));
  return { action, planId: plan.id, joinedOn: joinDate, batch, staged: lines.length, rejected };
}

/** Moves a staged batch in and records its event, in one transaction. */
async function commitBatch(db: Db, p: Prepared): Promise<BulkResult> {
  if (p.done) return p.done;
  const { action, batch, rejected } = p;
  return db.transaction(async (tx) => {
    const again = await findEventData(tx, action.key);
    if (again !== undefined) return (again as { result: BulkResult }).result;
    const accepted = await enrolStaged(tx, { batch, planId: p.planId, at: action.at, joinedOn: p.joinedOn });
    if (p.staged > accepted) rejected.ALREADY_MEMBER = (rejected.ALREADY_MEMBER ?? 0) + p.staged - accepted;
    await clearEnrolmentStage(tx, batch);
    const r: BulkResult = { accepted, rejected };
    await recordEvent(tx, { at: action.at, actor: action.actor, kind: 'membership.bulk-join', subject: `plan:${p.planId}`, key: action.key, data: { result: r } });
    return r;
  });
}

/** The idempotency key of batch `n` of a streamed enrolment keyed `key`. */
export const bulkBatchKey = (key: string, n: number): string => `${key}#${n}`;

/**
 * Enrols a stream of applicants in batches of `batchSize` (default 200,000): at most two batches
 * are held in memory at a time (one being written, the next being read), whatever the stream's length. Each batch is all or nothing under its
 * own key (`bulkBatchKey(action.key, n)`), committed in order, so a retry of the whole stream with the same key
 * skips the batches already written and resumes at the first one that was not. The result is
 * the sum over batches; an applicant repeated in a later batch is refused as ALREADY_MEMBER by
 * the database, as a repeat within a batch is refused in memory.
 */
export async function enrolBulkStream(db: Db, planId: string, applicants: Iterable<BulkApplicant> | AsyncIterable<BulkApplicant>, action: Action,
  o: { batchSize?: number; afterBatch?: (batch: number, r: BulkResult) => void } = {}): Promise<BulkResult> {
  const size = o.batchSize ?? DEFAULT_BULK_BATCH;
  if (!Number.isInteger(size) || size < 1) throw new HuzhuError('VALIDATION', 'batchSize: a positive whole number', { field: 'batchSize' });
  const total: BulkResult = { accepted: 0, rejected: {} };
  const add = (r: BulkResult) => {
    total.accepted += r.accepted;
    for (const [code, n] of Object.entries(r.rejected)) total.rejected[code] = (total.rejected[code] ?? 0) + n;
  };
  // Pipelined: batch n+1 is judged, staged and its persons and payers written (Node, COPY and a
  // transaction on connections of their own) while batch n's memberships are moved in; those
  // transactions still run one after another, in order.
  let inFlight: Promise<BulkResult> | undefined;
  let settled = 0;
  const settle = async () => {
    if (!inFlight) return;
    const r = await inFlight.finally(() => { inFlight = undefined; });
    add(r);
    o.afterBatch?.(settled++, r); // progress; the crash test kills the process here, with the next batch staged
  };
  let batch: BulkApplicant[] = [];
  let n = 0;
  const flush = async () => {
    const prepared = await prepareBatch(db, planId, batch, { ...action, key: bulkBatchKey(action.key, n++) });
    batch = [];
    await settle();
    const commit = commitBatch(db, prepared);
    commit.catch(() => undefined); // handled: its failure is rethrown by settle(), not left unhandled meanwhile
    inFlight = commit;
  };
  try {
    for await (const a of applicants) {
      batch.push(a);
      if (batch.length >= size) await flush();
    }
    if (batch.length > 0) await flush();
    await settle();
  } finally {
    await inFlight?.catch(() => undefined); // never leave a transaction running behind a failure
  }
  return total;
}
