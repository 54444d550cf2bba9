/**
 * The orderly wind-down of a plan (issue 13): proposed by one operator, started by a second
 * operator's confirmation (four eyes) at the instant A. At A, in one transaction and set-based:
 * every open failed payment is written off (the operator covers it, nobody is removed), every
 * prepaid wallet is refunded in full, and with refundPastShares every payer is refunded the
 * shares it paid, from operator money; the `started` log entry records the terms. The rules are
 * in domain/wind-down.ts; the calendar's steps (closing) in wind-down-calendar.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { samePerson } from '../domain/four-eyes.ts';
import { refundEntry, shareRefundEntries, writeOffEntry } from '../domain/ledger-rules.ts';
import {
  assertCutOffNotBefore, assertOpenToNewMoney, claimWindowEndsAt, parseTerms, planStatusAt, type PlanStatus, type WindDownTerms,
} from '../domain/wind-down.ts';
import { postEntry } from '../repositories/ledger-repo.ts';
import { countSharingMembers } from '../repositories/members-repo.ts';
import { writeOffAllOpen } from '../repositories/payments-repo.ts';
import { lastPeriod } from '../repositories/periods-repo.ts';
import { getPlan, type Plan } from '../repositories/plans-repo.ts';
import { lockPlanWallets, refundAllWallets } from '../repositories/wallets-repo.ts';
import {
  findWindDownOfPlan, getWindDown, insertWindDown, markStarted, refundPastSharesOfPlan, type WindDown,
} from '../repositories/wind-downs-repo.ts';
import { logWindDown } from '../transparency/entries/wind-down-entries.ts';
import { once, type Action } from './idempotent.ts';

export interface WindDownInput {
  plan: string;
  /** The wind-down's id (a replay names it); one is made when absent. */
  id?: string | undefined;
  cutOffOn: unknown;
  refundPastShares?: unknown;
  claimWindowDays?: unknown;
}

/** The plan's status at an instant, from its wind-down (active when it has none or it is only proposed). */
export async function planStatus(q: Queryable, planId: string, at: Date): Promise<PlanStatus> {
  return planStatusAt(await findWindDownOfPlan(q, planId), at);
}

/** The plan's wind-down as staff see it, proposal included (null: none); an unknown plan is NOT_FOUND. */
export async function windDownOfPlan(q: Queryable, planId: string): Promise<WindDown | null> {
  const plan = await getPlan(q, planId);
  return (await findWindDownOfPlan(q, plan.id)) ?? null;
}

/** Joins, moves into the plan and recharges: refused PLAN_CLOSING from A. */
export async function assertPlanOpen(q: Queryable, planId: string, at: Date, what: 'join' | 'recharge' | 'transfer'): Promise<void> {
  assertOpenToNewMoney(await findWindDownOfPlan(q, planId), at, planId, what);
}

/** The first operator's proposal: it changes nothing until another operator confirms it. */
export async function proposeWindDown(db: Db, input: WindDownInput, action: Action): Promise<WindDown> {
  const terms = parseTerms(input);
  const id = input.id ?? `wd-${randomUUID().slice(0, 8)}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/.test(id)) throw new HuzhuError('VALIDATION', 'id: 1-60 letters, digits, dots, dashes', { field: 'id' });
  return once(db, action, { kind: 'wind-down.proposed', subject: `plan:${input.plan}` }, async (tx) => {
    const plan = await getPlan(tx, input.plan);
    assertCutOffNotBefore(terms, action.at, plan.rules.timeZone);
    await insertWindDown(tx, { id, planId: plan.id, terms, proposedBy: action.actor, proposedAt: action.at });
    return getWindDown(tx, id);
  });
}

/** The second operator's confirmation: the wind-down starts now, at A. */
export async function confirmWindDown(db: Db, input: { id: string }, action: Action): Promise<WindDown> {
  return once(db, action, { kind: 'wind-down.confirmed', subject: `wind-down:${input.id}` }, async (tx) => {
    const w = await getWindDown(tx, input.id, true);
    if (w.startedAt !== null) throw new HuzhuError('CONFLICT', `wind-down: "${w.id}" was already confirmed`, { field: 'id' });
    if (samePerson(w.proposedBy, action.actor)) {
      throw new HuzhuError('FOUR_EYES', 'wind-down: you proposed it; a different operator must confirm it', { field: 'id' });
    }
    const plan = await getPlan(tx, w.planId);
    await startWindDown(tx, plan, w, action);
    return getWindDown(tx, w.id);
  });
}

/** Proposed and confirmed at once (a replay: the second operator's confirmation is implied). */
export async function windDownNow(db: Db, input: WindDownInput, action: Action): Promise<WindDown> {
  const w = await proposeWindDown(db, input, { ...action, actor: `${action.actor}-proposer` });
  return confirmWindDown(db, { id: w.id }, { ...action, key: `${action.key}:confirm` });
}

const ctx = (plan: Plan, key: string, at: Date, actor: string, periodId: bigint | null = null) => ({ planId: plan.id, periodId, key, at, actor });

/** Everything that happens at A, in the confirmation's transaction. */
async function startWindDown(tx: Queryable, plan: Plan, w: WindDown, action: Action): Promise<void> {
  const at = action.at;
  const terms: WindDownTerms = w.terms;
  assertCutOffNotBefore(terms, at, plan.rules.timeZone);
  await lockPlanWallets(tx, plan.id, 'charge'); // no recharge or charge between the refunds and A
  const last = await lastPeriod(tx, plan.id);
  if (last && last.chargedAt.getTime() >= at.getTime()) {
    throw new HuzhuError('OUT_OF_ORDER', `plan "${plan.id}": the period charged ${last.chargedOn} was already shared at or after this instant`, { field: 'plan' });
  }
  const key = `wind-down:${w.id}`;
  const members = await countSharingMembers(tx, plan.id, at);
  const writtenOff = await writeOffAllOpen(tx, { planId: plan.id, at });
  for (const r of writtenOff) {
    const entry = writeOffEntry(r.unpaidFen, 'wind-down: open failed payments written off, the operator covers them (nobody removed)');
    if (entry) await postEntry(tx, ctx(plan, `${key}:write-off:${r.periodId}`, at, action.actor, r.periodId), entry);
  }
  const wallets = await refundAllWallets(tx, { planId: plan.id, at, ref: `${key}:wallet-refund` });
  const walletEntry = refundEntry(wallets.refundedFen, `wind-down: every wallet refunded in full (${wallets.refunds})`);
  if (walletEntry) await postEntry(tx, ctx(plan, `${key}:wallet-refund`, at, action.actor), walletEntry);
  const shares = terms.refundPastShares ? await refundPastSharesOfPlan(tx, { windDownId: w.id, planId: plan.id, at }) : { payers: 0n, fen: 0n };
  for (const e of shareRefundEntries(shares.fen, 'wind-down')) await postEntry(tx, ctx(plan, `${key}:${e.kind}`, at, action.actor), e);
  const facts = {
    members, writtenOffFen: writtenOff.reduce((s, r) => s + r.unpaidFen, 0n), writtenOffPayments: writtenOff.reduce((s, r) => s + BigInt(r.payments), 0n),
    walletsRefundedFen: wallets.refundedFen, walletsRefunded: wallets.refunds, sharesRefundedFen: shares.fen, sharesRefunded: shares.payers,
  };
  await markStarted(tx, w.id, { confirmedBy: action.actor, at, ...facts });
  await logWindDown(tx, {
    plan: plan.id, windDown: w.id, state: 'started', at,
    facts: {
      startedAt: at.toISOString(), cutOffOn: terms.cutOffOn, refundPastShares: terms.refundPastShares, claimWindowDays: terms.claimWindowDays,
      claimWindowEndsAt: claimWindowEndsAt(terms, plan.rules.timeZone).toISOString(), membersAtStart: members,
      writtenOffFen: facts.writtenOffFen, writtenOffPayments: facts.writtenOffPayments, walletsRefundedFen: facts.walletsRefundedFen,
      walletsRefunded: facts.walletsRefunded, sharesRefundedFen: facts.sharesRefundedFen, sharesRefunded: facts.sharesRefunded,
    },
  });
}
