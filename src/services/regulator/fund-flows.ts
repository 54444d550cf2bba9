/**
 * The regulator's figures (issue 13): the fund flows per period and per calendar month, the
 * wallets by day, and the daily "no precipitated funds" proof. Read-only: the route's role rule
 * (regulator, auditor, admin) is the whole permission; nothing here is about a person.
 *
 * The proof, for each day with money movement (settlement or wallets moved): at the end of the day
 * the settlement account holds exactly the surplus carried (owed to the next period's members)
 * plus the wallets (member money on trust). Anything else left in settlement would be pooled
 * ("precipitated") money staying with the operator.
 */
import type { Queryable } from '../../db/database.ts';
import { HuzhuError } from '../../domain/errors.ts';
import type { Fen } from '../../domain/money.ts';
import { listPlans, type PlanNames } from '../../repositories/plans-repo.ts';
import { flowsByDay, flowsByMonth, flowsByPeriod, type FlowColumns, type FlowFilter } from '../../repositories/regulator-queries.ts';
import { planStatusOf, type PlanStatus } from './plan-status.ts';

export interface FundFlows {
  collectedFen: Fen; rechargedFen: Fen; paidToClaimantsFen: Fen; feeFen: Fen; operatorSubsidyFen: Fen; operatorFundedFen: Fen;
  writtenOffFen: Fen; refundsFen: Fen; walletsHeldFen: Fen; surplusCarriedFen: Fen;
}
export interface PeriodFlows extends FundFlows {
  plan: string; periodId: bigint; announcedOn: string; chargedOn: string; status: string; sharingMembers: bigint; cases: number; billedFen: Fen;
}
export interface MonthFlows extends FundFlows { plan: string; month: string }
export interface ProofDay { plan: string; day: string; settlementFen: Fen; surplusCarriedFen: Fen; walletsFen: Fen; differenceFen: Fen; ok: boolean }
export interface WalletDay { plan: string; day: string; rechargedFen: Fen; deductedFen: Fen; refundedFen: Fen; walletsFen: Fen }

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A calendar month 'YYYY-MM', or VALIDATION naming `month`. */
export function checkMonth(month: string | undefined): string | undefined {
  if (month !== undefined && !MONTH.test(month)) throw new HuzhuError('VALIDATION', `month: "${month}" is not a calendar month YYYY-MM`, { field: 'month' });
  return month;
}

const flows = (r: FlowColumns, walletsHeldFen: Fen, surplusCarriedFen: Fen): FundFlows => ({
  collectedFen: r.collected_fen, rechargedFen: r.recharged_fen, paidToClaimantsFen: r.paid_fen, feeFen: r.fee_fen,
  operatorSubsidyFen: r.subsidy_fen, operatorFundedFen: r.operator_funded_fen, writtenOffFen: r.written_off_fen, refundsFen: r.refunds_fen,
  walletsHeldFen, surplusCarriedFen,
});

export async function periodFlows(q: Queryable, f: FlowFilter): Promise<PeriodFlows[]> {
  const rows = await flowsByPeriod(q, { ...f, month: checkMonth(f.month) });
  return rows.map((r) => ({
    plan: r.plan_id, periodId: r.period_id, announcedOn: r.announced_on, chargedOn: r.charged_on, status: r.status,
    sharingMembers: r.sharing_members, cases: r.cases, billedFen: r.billed_fen, ...flows(r, r.wallets_fen ?? 0n, r.surplus_fen),
  }));
}

export async function monthFlows(q: Queryable, f: FlowFilter): Promise<MonthFlows[]> {
  const rows = await flowsByMonth(q, { ...f, month: checkMonth(f.month) });
  return rows.map((r) => ({ plan: r.plan_id, month: r.month, ...flows(r, r.wallets_fen, r.surplus_fen) }));
}

export async function dailyProof(q: Queryable, f: FlowFilter): Promise<ProofDay[]> {
  const rows = await flowsByDay(q, { ...f, month: checkMonth(f.month) });
  return rows.map((r) => {
    const differenceFen = r.settlement_fen - r.surplus_fen - r.wallets_fen;
    return { plan: r.plan_id, day: r.day, settlementFen: r.settlement_fen, surplusCarriedFen: r.surplus_fen, walletsFen: r.wallets_fen, differenceFen, ok: differenceFen === 0n };
  });
}

export async function walletsByDay(q: Queryable, f: FlowFilter): Promise<WalletDay[]> {
  const rows = await flowsByDay(q, { ...f, month: checkMonth(f.month), walletsOnly: true });
  return rows.map((r) => ({ plan: r.plan_id, day: r.day, rechargedFen: r.recharged_fen, deductedFen: r.deducted_fen, refundedFen: r.wallet_refunds_fen, walletsFen: r.wallets_fen }));
}

export interface PlanOverview { plan: string; name: string; names: PlanNames | null; timeZone: string; funding: 'post-paid' | 'prepaid'; status: PlanStatus }

/** Every plan (or the one named) with its funding mode and wind-down status; NOT_FOUND for an unknown plan. */
export async function plansOverview(q: Queryable, planId?: string): Promise<PlanOverview[]> {
  const plans = (await listPlans(q)).filter((p) => planId === undefined || p.id === planId);
  if (planId !== undefined && plans.length === 0) throw new HuzhuError('NOT_FOUND', `plan: "${planId}" does not exist`, { field: 'plan' });
  const out: PlanOverview[] = [];
  for (const p of plans) {
    out.push({
      plan: p.id, name: p.name, names: p.names ?? null, timeZone: p.rules.timeZone,
      funding: p.rules.funding.mode, status: await planStatusOf(q, p.id),
    });
  }
  return out;
}
