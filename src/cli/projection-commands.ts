/**
 * `huzhu project` and `huzhu calibrate`: the projection model from the command line (pure, no
 * database). `project` compares scenario files side by side and can write the HTML report.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { HuzhuError } from '../domain/errors.ts';
import { calibrate } from '../projection/calibration.ts';
import { compareScenarioFiles } from '../projection/compare.ts';
import { renderReport, reportJson } from '../projection/report.ts';
import { renderTable } from './table.ts';

function wholeNumber(field: string, min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new HuzhuError('VALIDATION', `${field}: must be a whole number from ${min} to ${max}`, { field });
    return n;
  };
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const yuan = (fen: number, digits = 2): string => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const millions = (n: number): string => (n / 1e6).toFixed(1);

export function registerProjectionCommands(program: Command): void {
  program
    .command('project')
    .description('project a plan 1-10 years ahead under one or more scenarios (reference/scenarios/*.json) and compare them')
    .option('--scenario <file>', 'a scenario JSON file (repeat to compare several)', collect, [])
    .option('--out <file>', 'write the HTML report (self-contained, charts inline) to this file')
    .option('--json', 'print the results as JSON')
    .option('--runs <n>', 'Monte Carlo runs per scenario (0: expected values only)', wholeNumber('runs', 0, 100_000), 0)
    .option('--seed <n>', 'seed of the Monte Carlo draws', wholeNumber('seed', 0, 2 ** 31 - 1), 1)
    .option('--years <y>', 'years to project (overrides the scenarios)', wholeNumber('years', 1, 10))
    .action((opts: { scenario: string[]; out?: string; json?: boolean; runs: number; seed: number; years?: number }) => {
      if (opts.scenario.length === 0) throw new HuzhuError('VALIDATION', 'scenario: give at least one --scenario file', { field: 'scenario' });
      const report = compareScenarioFiles(opts.scenario, {
        runs: opts.runs, seed: opts.seed, ...(opts.years !== undefined ? { years: opts.years } : {}),
      });
      if (opts.out) {
        writeFileSync(opts.out, renderReport(report));
        if (!opts.json) process.stdout.write(`report written to ${opts.out}\n`);
      }
      if (opts.json) {
        process.stdout.write(JSON.stringify(reportJson(report), null, 2) + '\n');
        return;
      }
      for (const s of report.scenarios) {
        process.stdout.write(`\n${s.name}: ${s.warning.level}${s.warning.firstMonth ? ` from ${s.warning.firstMonth}` : ''}. ${s.warning.summary}\n`);
        const mc = s.monteCarlo;
        const rows = s.result.years.map((y, i) => {
          const band = mc?.years[i]?.annualCostPerMemberFen;
          return [
            String(y.year), millions(y.membersEnd), Math.round(y.cases).toLocaleString('en-US'),
            yuan(y.annualCostPerMemberFen), band ? `${yuan(band.p5, 0)}-${yuan(band.p95, 0)}` : '',
            (y.subsidyFen / 1e8).toFixed(1), (y.unmetNeedsFen / 1e8).toFixed(1),
          ];
        });
        process.stdout.write(renderTable(
          ['year', 'members end (M)', 'cases', 'annual cost (yuan)', mc ? 'cost 5-95% (yuan)' : '', 'subsidy (M yuan)', 'unmet needs (M yuan)'],
          rows,
        ));
      }
    });

  program
    .command('calibrate')
    .description('run the model over Xiang Hu Bao\'s history (2018-10 to 2021-12) and print it against the published figures')
    .option('--json', 'print the rows as JSON')
    .action((opts: { json?: boolean }) => {
      const { rows } = calibrate();
      if (opts.json) {
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      const fmt = (metric: string, v: number): string => (metric.includes('yuan') ? v.toFixed(2) : Math.round(v).toLocaleString('en-US'));
      process.stdout.write(renderTable(
        ['when', 'metric', 'model', 'history', 'error'],
        rows.map((r) => [r.when, r.metric, fmt(r.metric, r.model), fmt(r.metric, r.history), `${(r.relativeError * 100).toFixed(1)}%`]),
      ));
    });
}
