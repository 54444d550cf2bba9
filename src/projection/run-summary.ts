/**
 * What a run of the cohort model leaves besides its month and period rows: the rows by calendar
 * year, and the platform state at its end (from which a later projection can start).
 */
import { monthLabel, monthNumber, yearOf } from './calendar.ts';
import type { ModelSetup } from './model-setup.ts';
import type { MemberCell, PlatformState } from './platform-state.ts';
import type { MonthRow, PeriodRow, YearRow } from './projection-types.ts';

export function summariseYears(months: MonthRow[]): YearRow[] {
  const out = new Map<number, YearRow & { memberMonths: number }>();
  for (const m of months) {
    const y = yearOf(monthNumber(m.month));
    let r = out.get(y);
    if (!r) {
      r = { year: y, months: 0, membersEnd: 0, membersAverage: 0, joins: 0, leavers: 0, cases: 0, payoutFen: 0, feeFen: 0,
        chargedFen: 0, subsidyFen: 0, unmetNeedsFen: 0, annualCostPerMemberFen: 0, memberMonths: 0 };
      out.set(y, r);
    }
    r.months++;
    r.membersEnd = m.members;
    r.memberMonths += m.members;
    r.joins += m.joins; r.leavers += m.leavers; r.cases += m.cases;
    r.payoutFen += m.payoutFen; r.feeFen += m.feeFen; r.chargedFen += m.chargedFen;
    r.subsidyFen += m.subsidyFen; r.unmetNeedsFen += m.unmetNeedsFen;
    r.annualCostPerMemberFen = m.yearToDateCostFen;
  }
  return [...out.values()].map(({ memberMonths, ...r }) => ({ ...r, membersAverage: Math.round(memberMonths / r.months) }));
}

export function stateFrom(setup: ModelSetup, n: Float64Array, s: {
  asOfMn: number; surplus: number; reserve: number; cumYtd: number; months: MonthRow[]; periods: PeriodRow[];
}): PlatformState {
  const { A, T } = setup;
  const members: MemberCell[] = [];
  for (let a = 0; a < A; a++) {
    for (let t = 0; t < T; t++) {
      const healthy = n[a * T + t]!;
      const risk = n[(A + a) * T + t]!;
      // A wide tenure bucket is reported at its first month, so it maps back to the same bucket.
      if (healthy + risk > 1e-9) members.push({ ageYears: a, tenureMonths: setup.tenureStart[t]!, count: healthy + risk, atRiskCount: risk });
    }
  }
  const last = s.months.at(-1);
  const prev = s.months.at(-2);
  const lastYear = s.months.slice(-12);
  const avgMembers = lastYear.reduce((x, m) => x + m.members, 0) / Math.max(1, lastYear.length);
  const under40 = (m: MonthRow): number => m.membersByAgeBand[0]! + m.membersByAgeBand[1]! + m.membersByAgeBand[2]!;
  const startOf = (m: MonthRow): number => m.members + m.leavers + m.deaths + m.removedAtAge;
  return {
    asOf: monthLabel(s.asOfMn),
    members,
    surplusFen: s.surplus,
    reserveFen: s.reserve,
    yearToDateShareFen: s.cumYtd,
    recent: {
      shareFen: s.periods.slice(-24).map((p) => p.shareFen),
      incidencePer100kYear: avgMembers > 0 ? (lastYear.reduce((x, m) => x + m.cases, 0) * (12 / Math.max(1, lastYear.length)) * 100_000) / avgMembers : null,
      leavingPerMonth: last && startOf(last) > 0 ? {
        under40: last.leaversUnder40 / Math.max(1, under40(last) + last.leaversUnder40),
        over40: (last.leavers - last.leaversUnder40) / Math.max(1, startOf(last) - under40(last) - last.leaversUnder40),
      } : null,
      joinsPerMonth: last ? last.joins : null,
      leaversUnder40Fraction: last && last.leavers > 0 ? last.leaversUnder40 / last.leavers : null,
      netChangeUnder40PerMonth: last && prev && under40(prev) > 0 ? under40(last) / under40(prev) - 1 : null,
    },
  };
}
