/**
 * The HTML report: one self-contained page (inline SVG and CSS, no scripts needed to read it,
 * no external assets) comparing scenarios side by side, one line per scenario, with the same
 * data as JSON embedded for anyone who wants to check or re-plot it.
 */
import type { CalibrationRow } from './calibration.ts';
import { AGE_BANDS, type ProjectionResult } from './cohort-model.ts';
import type { MonteCarloResult } from './monte-carlo.ts';
import { escapeHtml } from '../domain/html.ts';
import { lineChart, PALETTE, stackedBars, type Series } from './svg-chart.ts';
import type { Warning } from './warning.ts';

export interface ReportScenario {
  name: string;
  description: string;
  result: ProjectionResult;
  monteCarlo?: MonteCarloResult;
  warning: Warning & { firstMonth: string | null };
}

export interface ReportInput {
  title: string;
  scenarios: ReportScenario[];
  calibration?: CalibrationRow[];
}

const yuan = (fen: number): number => fen / 100;
const fmtNum = (v: number, digits = 0): string => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const LEVEL_COLOR = { ok: '#2ca02c', watch: '#bcbd22', warning: '#ff7f0e', spiral: '#d62728' } as const;

/** The report's data as plain JSON (what the page embeds). */
export function reportJson(input: ReportInput): unknown {
  return {
    title: input.title,
    scenarios: input.scenarios.map((s) => ({
      name: s.name, description: s.description, warning: s.warning,
      startMonth: s.result.startMonth, months: s.result.months, years: s.result.years, periods: s.result.periods,
      monteCarlo: s.monteCarlo ?? null,
    })),
    calibration: input.calibration ?? null,
  };
}

// Longer than ~80 lines on purpose: one HTML template, read top to bottom as the page reads.
export function renderReport(input: ReportInput): string {
  const scen = input.scenarios;
  const longest = scen.reduce<ProjectionResult | null>((a, s) => (!a || s.result.months.length > a.months.length ? s.result : a), null);
  const monthLabels = longest ? longest.months.map((m) => m.month) : [];
  const yearLabels = longest ? longest.years.map((y) => String(y.year)) : [];
  const januaries = (label: string, i: number): boolean => label.endsWith('-01') || (i === 0 && monthLabels.length < 13);
  const pad = (values: number[], len: number): number[] => values.concat(new Array<number>(Math.max(0, len - values.length)).fill(Number.NaN)).slice(0, len);
  const color = (i: number): string => PALETTE[i % PALETTE.length]!;
  const monthly = (pick: (s: ReportScenario) => number[], band?: (s: ReportScenario) => { lo: number[]; hi: number[] } | undefined): Series[] =>
    scen.map((s, i) => {
      const b = band?.(s);
      return { name: s.name, color: color(i), values: pad(pick(s), monthLabels.length), ...(b ? { band: b } : {}) };
    });

  const charts: string[] = [];
  charts.push(lineChart({
    title: 'Members', unit: 'million members at month end (shaded: 5th-95th percentile of the Monte Carlo runs)',
    xLabels: monthLabels, tickWhen: januaries, format: (v) => fmtNum(v, v < 10 ? 1 : 0),
    series: monthly((s) => s.result.months.map((m) => m.members / 1e6),
      (s) => s.monteCarlo && { lo: s.monteCarlo.months.map((m) => m.members.p5 / 1e6), hi: s.monteCarlo.months.map((m) => m.members.p95 / 1e6) }),
  }));
  charts.push(lineChart({
    title: 'Age mix: members under 40', unit: '% of members (the young leave first in a death spiral)',
    xLabels: monthLabels, tickWhen: januaries, format: (v) => `${fmtNum(v)}%`, fromZero: false,
    series: monthly((s) => s.result.months.map((m) => m.under40Fraction * 100)),
  }));
  charts.push(stackedBars({
    title: 'Age mix at the end', unit: 'share of members by age, last month of each scenario',
    categories: AGE_BANDS.map((b) => b.label),
    rows: scen.map((s) => ({ name: s.name, values: s.result.months.at(-1)?.membersByAgeBand ?? [] })),
  }));
  charts.push(lineChart({
    title: 'Share per period', unit: 'yuan charged per member per period, on average (after caps and weights)',
    xLabels: monthLabels, tickWhen: januaries, format: (v) => fmtNum(v, 1),
    series: monthly((s) => s.result.months.map((m) => yuan(m.avgChargeFen)),
      (s) => s.monteCarlo && { lo: s.monteCarlo.months.map((m) => yuan(m.avgChargeFen.p5)), hi: s.monteCarlo.months.map((m) => yuan(m.avgChargeFen.p95)) }),
  }));
  const yearly = (pick: (s: ReportScenario) => number[]): Series[] =>
    scen.map((s, i) => ({ name: s.name, color: color(i), values: pad(pick(s), yearLabels.length) }));
  charts.push(lineChart({
    title: 'Annual cost per member', unit: 'yuan a year paid by a member present all year (a year only partly projected counts only its months)',
    xLabels: yearLabels, tickWhen: () => true, format: (v) => fmtNum(v),
    series: yearly((s) => s.result.years.map((y) => yuan(y.annualCostPerMemberFen))),
  }));
  charts.push(lineChart({
    title: 'Operator subsidy', unit: 'million yuan a year the operator pays because of the annual or per-case cap',
    xLabels: yearLabels, tickWhen: () => true, format: (v) => fmtNum(v),
    series: yearly((s) => s.result.years.map((y) => yuan(y.subsidyFen) / 1e6)),
  }));
  if (scen.some((s) => s.result.months.some((m) => m.unmetNeedsFen > 0))) {
    charts.push(lineChart({
      title: 'Needs met', unit: '% of approved payouts paid (a share limit prorates needs instead of raising shares)',
      xLabels: monthLabels, tickWhen: januaries, format: (v) => `${fmtNum(v)}%`,
      series: monthly((s) => s.result.months.map((m) => (m.payoutFen + m.unmetNeedsFen > 0 ? (100 * m.payoutFen) / (m.payoutFen + m.unmetNeedsFen) : 100))),
    }));
  }

  const summaryRows = scen.map((s, i) => {
    const first = s.result.years[0];
    const last = s.result.years.at(-1);
    const end = s.result.months.at(-1);
    const lastPeriod = s.result.periods.at(-1);
    const subsidy = s.result.years.reduce((x, y) => x + y.subsidyFen, 0);
    const unmet = s.result.years.reduce((x, y) => x + y.unmetNeedsFen, 0);
    const w = s.warning;
    return `<tr><td><span class="sw" style="background:${color(i)}"></span>${escapeHtml(s.name)}</td>`
      + `<td><b style="color:${LEVEL_COLOR[w.level]}">${w.level}</b>${w.firstMonth ? ` <small>from ${escapeHtml(w.firstMonth)}</small>` : ''}<br><small>${escapeHtml(w.summary)}</small></td>`
      + `<td class="n">${end ? fmtNum(end.members / 1e6, 1) : '-'}M</td>`
      + `<td class="n">${lastPeriod ? fmtNum(yuan(lastPeriod.shareFen), 2) : '-'}</td>`
      + `<td class="n">${first ? fmtNum(yuan(first.annualCostPerMemberFen)) : '-'} → ${last ? fmtNum(yuan(last.annualCostPerMemberFen)) : '-'}</td>`
      + `<td class="n">${fmtNum(yuan(subsidy) / 1e6)}</td><td class="n">${fmtNum(yuan(unmet) / 1e6)}</td></tr>`;
  }).join('');
  const descriptions = scen.map((s, i) => `<li><span class="sw" style="background:${color(i)}"></span><b>${escapeHtml(s.name)}</b>: ${escapeHtml(s.description)}${s.monteCarlo ? ` <small>(${s.monteCarlo.runs} Monte Carlo runs, seed ${s.monteCarlo.seed})</small>` : ''}</li>`).join('');
  const calibration = input.calibration?.length
    ? `<h2>Calibration against Xiang Hu Bao</h2><table><tr><th>when</th><th>metric</th><th>model</th><th>history</th><th>error</th></tr>${input.calibration.map((r) => `<tr><td>${escapeHtml(r.when)}</td><td>${escapeHtml(r.metric)}</td><td class="n">${fmtNum(r.model, r.metric.includes('yuan') ? 2 : 0)}</td><td class="n">${fmtNum(r.history, r.metric.includes('yuan') ? 2 : 0)}</td><td class="n">${(r.relativeError * 100).toFixed(1)}%</td></tr>`).join('')}</table>`
    : '';
  // JSON in a script element: escape "<" so no "</script>" can end it early.
  const json = JSON.stringify(reportJson(input)).replace(/</g, '\\u003c');

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#222;max-width:800px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
p.lead{color:#555;margin:0 0 16px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border-bottom:1px solid #e3e3e3;padding:5px 6px;text-align:left;vertical-align:top}
td.n{text-align:right;white-space:nowrap}th{font-weight:600;background:#f6f6f6}
.sw{display:inline-block;width:10px;height:10px;margin-right:6px;border-radius:2px}
ul{padding-left:18px}li{margin:3px 0}
figure{margin:18px 0}svg{max-width:100%;height:auto;display:block}
svg .t{font:600 14px system-ui,sans-serif;fill:#222}svg .u{font:12px system-ui,sans-serif;fill:#666}
svg .g{stroke:#eee}svg .a{stroke:#999}svg .yl{font:11px system-ui,sans-serif;fill:#555;text-anchor:end;dominant-baseline:middle}
svg .xl{font:11px system-ui,sans-serif;fill:#555;text-anchor:middle}svg .lg{font:12px system-ui,sans-serif;fill:#333}
svg .bl{font:11px system-ui,sans-serif;fill:#fff;text-anchor:middle}
</style></head><body>
<h1>${escapeHtml(input.title)}</h1>
<p class="lead">A projection of the plan under each scenario, from the same starting state. Expected values from a cohort model (members by age, health and months since joining); money in yuan. Made by huzhu; the numbers behind every chart are in the JSON at the end of this file.</p>
<h2>Scenarios</h2><ul>${descriptions}</ul>
<h2>Summary</h2>
<table><tr><th>scenario</th><th>warning</th><th>members at end</th><th>share per period at end (yuan, weight 1, before caps)</th><th>annual cost, first → last year (yuan)</th><th>operator subsidy (M yuan)</th><th>unmet needs (M yuan)</th></tr>${summaryRows}</table>
${charts.map((c) => `<figure>${c}</figure>`).join('\n')}
${calibration}
<script type="application/json" id="huzhu-data">${json}</script>
</body></html>
`;
}
