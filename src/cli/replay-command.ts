/** `huzhu replay SCENARIO.json [--json]` */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { HuzhuError } from '../domain/errors.ts';
import { formatYuan } from '../domain/money.ts';
import { replay } from '../replay/run-replay.ts';
import { renderTable } from './table.ts';

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('run a scenario of dated events through the engine on a fresh in-memory database')
    .argument('<scenario>', 'scenario JSON file (see README: "Replay format")')
    .option('--json', 'print the full result as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        throw new HuzhuError('VALIDATION', `scenario: cannot read ${file}`, { field: 'scenario' });
      }
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch (e) {
        throw new HuzhuError('VALIDATION', `scenario: not valid JSON (${(e as Error).message})`, { field: 'scenario' });
      }
      const report = await replay(input);
      if (opts.json) {
        process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        return;
      }
      process.stdout.write(renderTable(
        ['plan', 'announced', 'charged', 'cases', 'payouts', 'fee', 'members', 'share', 'subsidy', 'surplus', 'uncollected'],
        report.periods.map((p) => [p.plan, p.announcedOn, p.chargedOn, String(p.claims.length), formatYuan(BigInt(p.payoutFen)),
          formatYuan(BigInt(p.feeFen)), String(p.sharingMembers), formatYuan(BigInt(p.shareFen)), formatYuan(BigInt(p.operatorSubsidyFen)),
          formatYuan(BigInt(p.surplusOutFen)), formatYuan(BigInt(p.uncollectedFen))]),
      ));
      process.stdout.write(`\nledger balanced: ${report.ledger.balanced ? 'yes' : 'NO'}; ${Object.keys(report.members).length} members, ${Object.keys(report.claims).length} claims, ${report.refused.length} refused events\n`);
      if (!report.ledger.balanced) process.exitCode = 3;
    });
}
