/**
 * The regulator's monthly report (issue 13): the month's fund flows, its periods, the daily
 * "no precipitated funds" proof, a claims summary and each plan's wind-down status, gathered
 * here and written by report-html.ts as one self-contained HTML page.
 */
import type { Queryable } from '../../db/database.ts';
import { claimsSummary } from '../../repositories/regulator-export-queries.ts';
import { checkMonth, dailyProof, monthFlows, periodFlows, plansOverview, type MonthFlows, type PeriodFlows, type PlanOverview, type ProofDay } from './fund-flows.ts';
import { HuzhuError } from '../../domain/errors.ts';

export interface ClaimsSummary { plan: string; filed: bigint; approved: bigint; rejected: bigint; paid: bigint; paidFen: bigint; open: bigint }

export interface MonthlyReport {
  month: string;
  plan: string | null;
  generatedAt: Date;
  plans: PlanOverview[];
  flows: MonthFlows[];
  periods: PeriodFlows[];
  proof: ProofDay[];
  claims: ClaimsSummary[];
}

export async function monthlyReport(q: Queryable, p: { month: string; planId?: string | undefined; at: Date }): Promise<MonthlyReport> {
  const month = checkMonth(p.month);
  if (month === undefined) throw new HuzhuError('VALIDATION', 'month: required (YYYY-MM)', { field: 'month' });
  const f = { planId: p.planId, month };
  const plans = await plansOverview(q, p.planId);
  const claims = (await claimsSummary(q, f)).map((c) => ({ plan: c.plan_id, filed: c.filed, approved: c.approved, rejected: c.rejected, paid: c.paid, paidFen: c.paid_fen, open: c.open }));
  return {
    month, plan: p.planId ?? null, generatedAt: p.at, plans,
    flows: await monthFlows(q, f), periods: await periodFlows(q, f), proof: await dailyProof(q, f), claims,
  };
}
