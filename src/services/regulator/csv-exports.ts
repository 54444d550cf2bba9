/**
 * The regulator's CSV downloads (issue 13), each with its columns in order; docs/regulator.md
 * documents every column, and regulator-docs.test.ts keeps the two in step. Amounts are integer
 * fen; dates are local dates in the plan's zone; instants ISO 8601 UTC. The claims and the journal
 * are read a page at a time by key and written as they come: constant memory at any size.
 */
import type { Queryable } from '../../db/database.ts';
import { csvRecord, type CsvValue } from '../../domain/csv.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { claimsPage, journalLinesPage, periodsForExport } from '../../repositories/regulator-export-queries.ts';
import { checkMonth, dailyProof, monthFlows, periodFlows, walletsByDay, type FundFlows } from './fund-flows.ts';

const FLOW_COLUMNS = [
  'collected_fen', 'recharged_fen', 'paid_to_claimants_fen', 'fee_fen', 'operator_subsidy_fen', 'operator_funded_fen',
  'written_off_fen', 'refunds_fen', 'wallets_held_fen', 'surplus_carried_fen',
] as const;

export const CSV_COLUMNS = {
  periods: ['plan', 'period_id', 'announced_on', 'charged_on', 'status', 'cases', 'sharing_members', 'weight_total', 'share_fen', 'billed_fen',
    'payout_fen', 'fee_fen', 'operator_subsidy_fen', 'carried_in_fen', 'surplus_out_fen', 'wallets_fen'],
  claims: ['claim_ref', 'plan', 'filed_on', 'diagnosed_on', 'severity', 'cause', 'status', 'reject_code', 'payout_fen', 'decided_on', 'announced_on', 'paid_on'],
  journal: ['entry_id', 'line', 'plan', 'period_id', 'kind', 'at', 'actor', 'memo', 'reverses', 'account', 'debit_fen', 'credit_fen'],
  'flows-periods': ['plan', 'period_id', 'announced_on', 'charged_on', 'status', 'sharing_members', 'cases', 'billed_fen', ...FLOW_COLUMNS],
  'flows-months': ['plan', 'month', ...FLOW_COLUMNS],
  'wallets-days': ['plan', 'day', 'recharged_fen', 'deducted_fen', 'refunded_fen', 'wallets_fen'],
  'proof-days': ['plan', 'day', 'settlement_fen', 'surplus_carried_fen', 'wallets_fen', 'difference_fen', 'ok'],
} as const satisfies Record<string, readonly string[]>;

export type CsvName = keyof typeof CSV_COLUMNS;
export const CSV_NAMES = Object.keys(CSV_COLUMNS) as [CsvName, ...CsvName[]];

export interface ExportFilter {
  planId?: string | undefined; month?: string | undefined;
  /** Rows per page read from the database for the claims and the journal (tests use a small one). */
  pageSize?: number | undefined;
}

const PAGE = 5000;

const flowValues = (f: FundFlows): CsvValue[] => [
  f.collectedFen, f.rechargedFen, f.paidToClaimantsFen, f.feeFen, f.operatorSubsidyFen, f.operatorFundedFen, f.writtenOffFen, f.refundsFen,
  f.walletsHeldFen, f.surplusCarriedFen,
];

async function* claimRows(q: Queryable, f: ExportFilter): AsyncGenerator<CsvValue[]> {
  for (let after = 0n; ;) {
    const limit = f.pageSize ?? PAGE;
    const rows = await claimsPage(q, { ...f, after, limit });
    for (const c of rows) yield [c.ref, c.plan_id, c.filed_on, c.diagnosed_on, c.severity, c.cause, c.status, c.reject_code, c.payout_fen, c.decided_on, c.announced_on, c.paid_on];
    if (rows.length < limit) return;
    after = rows[rows.length - 1]!.id;
  }
}

async function* journalRows(q: Queryable, f: ExportFilter): AsyncGenerator<CsvValue[]> {
  for (let afterEntry = 0n, afterLine = 0; ;) {
    const limit = f.pageSize ?? PAGE;
    const rows = await journalLinesPage(q, { ...f, afterEntry, afterLine, limit });
    for (const l of rows) {
      yield [l.entry_id, l.line, l.plan_id, l.period_id, l.kind, l.at.toISOString(), l.actor, l.memo, l.reverses, l.account, l.debit_fen, l.credit_fen];
    }
    if (rows.length < limit) return;
    const last = rows[rows.length - 1]!;
    afterEntry = last.entry_id;
    afterLine = last.line;
  }
}

/** The rows of one download, in the order of its columns. */
async function* rowsOf(q: Queryable, name: CsvName, f: ExportFilter): AsyncGenerator<CsvValue[]> {
  switch (name) {
    case 'periods':
      for (const p of await periodsForExport(q, f)) {
        yield [p.plan_id, p.period_id, p.announced_on, p.charged_on, p.status, p.cases, p.sharing_members, p.weight_total, p.share_fen, p.billed_fen,
          p.payout_fen, p.fee_fen, p.operator_subsidy_fen, p.carried_in_fen, p.surplus_out_fen, p.wallets_fen];
      }
      return;
    case 'claims': yield* claimRows(q, f); return;
    case 'journal': yield* journalRows(q, f); return;
    case 'flows-periods':
      for (const p of await periodFlows(q, f)) yield [p.plan, p.periodId, p.announcedOn, p.chargedOn, p.status, p.sharingMembers, p.cases, p.billedFen, ...flowValues(p)];
      return;
    case 'flows-months':
      for (const m of await monthFlows(q, f)) yield [m.plan, m.month, ...flowValues(m)];
      return;
    case 'wallets-days':
      for (const w of await walletsByDay(q, f)) yield [w.plan, w.day, w.rechargedFen, w.deductedFen, w.refundedFen, w.walletsFen];
      return;
    case 'proof-days':
      for (const d of await dailyProof(q, f)) yield [d.plan, d.day, d.settlementFen, d.surplusCarriedFen, d.walletsFen, d.differenceFen, d.ok ? 'pass' : 'fail'];
      return;
  }
}

/** A download as CSV text chunks (the header, then one chunk per page of records); VALIDATION for an unknown name or month. */
export async function* csvOf(q: Queryable, name: string, f: ExportFilter): AsyncGenerator<string> {
  if (!Object.hasOwn(CSV_COLUMNS, name)) throw new HuzhuError('VALIDATION', `name: "${name}" is not one of ${CSV_NAMES.join(', ')}`, { field: 'name' });
  checkMonth(f.month);
  yield csvRecord(CSV_COLUMNS[name as CsvName]);
  let chunk = '';
  for await (const values of rowsOf(q, name as CsvName, f)) {
    chunk += csvRecord(values);
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** The file name of a download: e.g. `journal-2024-03.csv`, `claims-xhb-demo-2024-03.csv`. */
export function csvFileName(name: CsvName, f: ExportFilter): string {
  return `${[name, f.planId, f.month].filter((x) => x !== undefined).join('-')}.csv`;
}
