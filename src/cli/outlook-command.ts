/**
 * `huzhu outlook [--plan ID] [--as-of DATE] [--json] [--out report.html]`: the early warning from
 * the live plan on the configured database (DATABASE_URL, else PGlite in HUZHU_DATA): where the plan
 * stands, the next 12 months projected from there, and the warning level in plain words.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openFromEnv } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { listPlans } from '../repositories/plans-repo.ts';
import { computeOutlook, renderOutlookReport, type Outlook } from '../services/outlook-service.ts';
import { parseWeightPairs } from '../domain/contribution-weights.ts';
import { renderTable } from './table.ts';

const yuan = (fen: number, digits = 2): string => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function wholeNumber(field: string, min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new HuzhuError('VALIDATION', `--${field}: a whole number from ${min} to ${max}`, { field });
    return n;
  };
}

/** The readable summary printed by `huzhu outlook`. */
export function formatOutlook(o: Outlook): string {
  const out: string[] = [];
  const mv = o.measured.movement;
  const inc = o.measured.incidence;
  out.push(`${o.planName} (${o.plan}), as of ${o.asOfDate}`);
  out.push(`warning: ${o.warning.level.toUpperCase()}. ${o.warning.summary}`);
  for (const r of o.warning.reasons) out.push(`  - ${r}`);
  out.push('');
  out.push(`now: ${int(o.members.total)} members, ${pct(o.members.under40Fraction)} under 40${o.members.meanAge === null ? '' : `, mean age ${o.members.meanAge.toFixed(1)}`}; surplus carried ${yuan(o.measured.surplusFen)} yuan`);
  out.push(`last 12 months: ${int(inc.claims)} approved claims, ${inc.per100kYear === null ? '-' : inc.per100kYear.toFixed(1)} a year per 100,000 members`);
  out.push(`last ${mv.months} months: ${int(mv.joins)} joined (${int(mv.joinsPerMonth)} a month), ${int(mv.leftUnder40 + mv.leftOver40)} left, `
    + `${pct(mv.leaversUnder40Fraction)} of them under 40; leaving a month: ${pct(mv.leavingPerMonth?.under40 ?? null)} under 40, ${pct(mv.leavingPerMonth?.over40 ?? null)} over 40; `
    + `members under 40 ${mv.netChangeUnder40PerMonth === null ? '-' : `${mv.netChangeUnder40PerMonth >= 0 ? '+' : ''}${(mv.netChangeUnder40PerMonth * 100).toFixed(2)}%`} a month`);
  const shares = o.measured.recentPeriods.slice(-6).map((p) => yuan(p.shareFen)).join(', ');
  if (shares) out.push(`recent shares (yuan, oldest first): ${shares}`);
  out.push('');
  out.push(`next ${o.months} months (from ${o.startMonth}), projected:`);
  out.push(renderTable(
    ['month', 'members', 'under 40', 'payouts (yuan)', 'share (yuan)', 'charged (yuan)', 'subsidy (yuan)'],
    o.ageMix.projected.map((m) => {
      const ps = o.projection.periods.filter((p) => p.month === m.when);
      return [m.when, int(m.members), pct(m.under40Fraction), yuan(ps.reduce((s, p) => s + p.payoutFen, 0), 0),
        ps.map((p) => yuan(p.shareFen)).join(' + '), yuan(ps.reduce((s, p) => s + p.avgChargeFen, 0)), yuan(ps.reduce((s, p) => s + p.subsidyFen, 0), 0)];
    }),
  ).trimEnd());
  const t = o.ageMix.under40Trend;
  out.push('');
  out.push(`a member present all ${o.months} months pays ${yuan(o.projection.annualCostPerMemberFen)} yuan (caps applied; shares before caps add up to ${yuan(o.projection.sumOfSharesFen)} yuan)`);
  out.push(`age mix, members under 40: ${pct(t.yearAgo)} a year ago, ${pct(t.now)} now, ${pct(t.end)} projected in ${o.months} months`);
  out.push(`leavers under 40: ${pct(o.leaversUnder40.measured)} measured, ${pct(o.leaversUnder40.projected)} projected (members under 40 now: ${pct(o.leaversUnder40.membersUnder40Now)})`);
  if (o.grading) out.push('', ...formatGrading(o.grading));
  return out.join('\n') + '\n';
}

/** The plan's grading of contributions beside a proposed one (`--weights`). */
function formatGrading(g: NonNullable<Outlook['grading']>): string[] {
  const pairs = (w: { fromAge: number; weight: number }[]) => w.map((b) => `${b.fromAge}:${b.weight}`).join(',');
  const rows = (label: string, e: typeof g.current) => e.bands.map((b, i) => [i === 0 ? label : '', `${b.fromAge}+`, String(b.weight), yuan(b.sumOfSharesFen)]);
  return [
    `contributions graded by age: now ${pairs(g.current.contributionWeights)}, proposed ${pairs(g.proposed.contributionWeights)}`,
    renderTable(['grading', 'from age', 'weight', 'a member pays (yuan, before caps)'], [...rows('now', g.current), ...rows('proposed', g.proposed)]).trimEnd(),
    `members at the end: ${int(g.current.membersEnd)} now, ${int(g.proposed.membersEnd)} proposed; under 40: ${pct(g.current.under40FractionEnd)} now, ${pct(g.proposed.under40FractionEnd)} proposed`,
  ];
}

export function registerOutlookCommand(program: Command): void {
  program
    .command('outlook')
    .description('early warning from the live plan: where it stands, the next 12 months projected from there, and whether it shows the signs of a death spiral')
    .option('--plan <id>', 'the plan (default: the only plan, or the first)')
    .option('--as-of <date>', 'measure at 00:00 of this date (YYYY-MM-DD) or at an ISO instant (default: now, or where the plan\'s calendar stopped)')
    .option('--months <n>', 'months to project', wholeNumber('months', 1, 120), 12)
    .option('--weights <pairs>', 'also project a proposed grading of contributions by age, fromAge:weight pairs (0:1,40:3)')
    .option('--json', 'print the outlook as JSON')
    .option('--out <file>', 'write the HTML report (self-contained, charts inline) to this file')
    .action(async (opts: { plan?: string; asOf?: string; months: number; weights?: string; json?: boolean; out?: string }) => {
      const db = await openFromEnv();
      try {
        let planId = opts.plan;
        if (!planId) {
          const plans = await listPlans(db);
          if (plans.length === 0) throw new HuzhuError('NOT_FOUND', 'plan: the database has no plan yet (huzhu simulate --keep makes one)', { field: 'plan' });
          planId = plans[0]!.id;
        }
        const r = await computeOutlook(db, planId, opts.asOf, {
          months: opts.months, ...(opts.weights === undefined ? {} : { proposedWeights: parseWeightPairs(opts.weights) }),
        });
        if (opts.out) {
          writeFileSync(opts.out, renderOutlookReport(r));
          if (!opts.json) process.stderr.write(`report written to ${opts.out}\n`);
        }
        process.stdout.write(opts.json ? JSON.stringify(r.outlook, null, 2) + '\n' : formatOutlook(r.outlook));
      } finally {
        await db.close();
      }
    });
}
