/**
 * Calibration against Xiang Hu Bao's public history (reference/assumptions/xhb-history.json): run the
 * calibration scenario (reference/scenarios/xhb-calibration.json: launch in October 2018, the joins
 * fitted to the published member counts) and set the model's figures beside the published ones.
 *
 * What is fitted and what is predicted: the joins curve is fitted to the member counts, so the
 * member rows check that fit; incidence, selection by tenure and the leaving response are the
 * assumptions under test, and the cases, annual cost and share rows test them.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { ASSUMPTIONS_DIR, parseWith, readJson, type Assumptions } from './assumptions.ts';
import { monthNumber } from './calendar.ts';
import { project, type ProjectionResult } from './cohort-model.ts';
import { CALIBRATION_SCENARIO, loadScenario, resolveScenario, type Scenario } from './scenario.ts';

const monthValue = z.array(z.object({ month: z.string(), value: z.number() }).strict());
const yearValue = z.array(z.object({ year: z.number().int(), value: z.number() }).strict());

export const historySchema = z.object({
  source: z.string().min(10),
  members: monthValue,
  casesPerYear: yearValue,
  annualCostYuan: yearValue,
  sharePerPeriodYuan: monthValue,
  leaversPerMonth: yearValue,
}).strict();

export type History = z.infer<typeof historySchema>;

export function loadHistory(file: string | URL = new URL('xhb-history.json', ASSUMPTIONS_DIR)): History {
  return parseWith(historySchema, readJson(file, 'history'), 'history');
}

export interface CalibrationRow {
  year: number;
  /** The month ("2021-04") or year ("2020") the figure is for. */
  when: string;
  metric: 'members' | 'peak members' | 'cases' | 'annual cost per member (yuan)' | 'share per period (yuan)' | 'leavers per month';
  model: number;
  history: number;
  /** (model - history) / history. */
  relativeError: number;
}

export interface Calibration {
  rows: CalibrationRow[];
  projection: ProjectionResult;
}

/** The calibration's last month: Xiang Hu Bao stopped sharing at the end of January 2022. */
export const CALIBRATION_END = '2021-12';

export function calibrate(opts: { scenario?: Scenario; history?: History; assumptions?: Assumptions } = {}): Calibration {
  const scenario = opts.scenario ?? loadScenario(resolve(CALIBRATION_SCENARIO));
  const history = opts.history ?? loadHistory();
  const { input } = resolveScenario(scenario, opts.assumptions ? { assumptions: opts.assumptions } : {});
  const months = monthNumber(CALIBRATION_END) - monthNumber(input.start.asOf);
  const projection = project({ ...input, months });
  return { rows: compareWithHistory(projection, history), projection };
}

export function compareWithHistory(p: ProjectionResult, h: History): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  const row = (when: string, metric: CalibrationRow['metric'], model: number, history: number): void => {
    rows.push({ year: Number(when.slice(0, 4)), when, metric, model, history, relativeError: (model - history) / history });
  };
  const monthRow = (m: string) => p.months.find((r) => r.month === m);
  for (const x of h.members) {
    const r = monthRow(x.month);
    if (r) row(x.month, 'members', r.members, x.value);
  }
  const peak = h.members.find((x) => x.month.startsWith('2020'));
  const in2020 = p.months.filter((r) => r.month.startsWith('2020'));
  if (peak && in2020.length) row('2020', 'peak members', Math.max(...in2020.map((r) => r.members)), peak.value);
  for (const x of h.casesPerYear) {
    const y = p.years.find((r) => r.year === x.year);
    if (y) row(String(x.year), 'cases', y.cases, x.value);
  }
  for (const x of h.annualCostYuan) {
    const y = p.years.find((r) => r.year === x.year);
    if (y) row(String(x.year), 'annual cost per member (yuan)', y.annualCostPerMemberFen / 100, x.value);
  }
  for (const x of h.sharePerPeriodYuan) {
    const ps = p.periods.filter((r) => r.month === x.month);
    if (ps.length) row(x.month, 'share per period (yuan)', ps.reduce((s, r) => s + r.shareFen, 0) / ps.length / 100, x.value);
  }
  for (const x of h.leaversPerMonth) {
    const ms = p.months.filter((r) => r.month.startsWith(String(x.year)));
    if (ms.length) row(String(x.year), 'leavers per month', ms.reduce((s, r) => s + r.leavers, 0) / ms.length, x.value);
  }
  return rows;
}

/** The rows as a plain-text table. */
export function formatCalibration(rows: CalibrationRow[]): string {
  const fmt = (metric: string, v: number): string =>
    metric.includes('yuan') ? v.toFixed(2) : Math.round(v).toLocaleString('en-US');
  const lines = rows.map((r) => [
    r.when.padEnd(8), r.metric.padEnd(31), fmt(r.metric, r.model).padStart(13), fmt(r.metric, r.history).padStart(13),
    `${r.relativeError >= 0 ? '+' : ''}${(r.relativeError * 100).toFixed(1)}%`.padStart(8),
  ].join(' '));
  return [`${'when'.padEnd(8)} ${'metric'.padEnd(31)} ${'model'.padStart(13)} ${'history'.padStart(13)} ${'error'.padStart(8)}`, ...lines].join('\n');
}
