/** The ledger's SQL. Entries are posted once per idempotency key; the database refuses anything unbalanced. */
import type { Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { reversalOf, type Account, type EntryDraft, type Line } from '../domain/ledger-rules.ts';

export interface PostContext {
  planId: string;
  periodId: bigint | null;
  key: string;
  at: Date;
  actor: string;
}

/** Posts the entry unless one with the same key exists; returns the entry id either way. */
export async function postEntry(q: Queryable, ctx: PostContext, draft: EntryDraft, reverses: bigint | null = null): Promise<bigint> {
  const inserted = await q.query<{ id: bigint }>(
    `INSERT INTO journal_entries (plan_id, period_id, kind, idempotency_key, at, actor, memo, reverses)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [ctx.planId, ctx.periodId, draft.kind, ctx.key, ctx.at, ctx.actor, draft.memo, reverses],
  );
  if (!inserted[0]) {
    const existing = await q.query<{ id: bigint }>('SELECT id FROM journal_entries WHERE idempotency_key = $1', [ctx.key]);
    return existing[0]!.id;
  }
  const id = inserted[0].id;
  const values: unknown[] = [];
  const tuples = draft.lines.map((l, i) => {
    values.push(id, i + 1, l.account, l.debitFen, l.creditFen);
    const b = i * 5;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
  });
  await q.query(`INSERT INTO journal_lines (entry_id, line, account, debit_fen, credit_fen) VALUES ${tuples.join(', ')}`, values);
  return id;
}

export async function postEntries(q: Queryable, ctx: PostContext, drafts: EntryDraft[]): Promise<void> {
  for (const d of drafts) await postEntry(q, { ...ctx, key: `${ctx.key}:${d.kind}` }, d);
}

/** Corrections are reversals: a new entry with every line on the other side. */
export async function reverseEntry(q: Queryable, entryId: bigint, ctx: Omit<PostContext, 'planId' | 'periodId'>, reason: string): Promise<bigint> {
  const entry = await q.query<{ plan_id: string; period_id: bigint | null }>('SELECT plan_id, period_id FROM journal_entries WHERE id = $1', [entryId]);
  if (!entry[0]) throw new HuzhuError('NOT_FOUND', `journal entry ${entryId} does not exist`, { field: 'entryId' });
  const already = await q.query('SELECT 1 FROM journal_entries WHERE reverses = $1', [entryId]);
  if (already.length && !(await q.query('SELECT 1 FROM journal_entries WHERE idempotency_key = $1', [ctx.key])).length) {
    throw new HuzhuError('CONFLICT', `journal entry ${entryId} is already reversed`, { field: 'entryId' });
  }
  const lines = await q.query<{ account: Account; debit_fen: bigint; credit_fen: bigint }>(
    'SELECT account, debit_fen, credit_fen FROM journal_lines WHERE entry_id = $1 ORDER BY line', [entryId]);
  const draft = reversalOf(lines.map((l): Line => ({ account: l.account, debitFen: l.debit_fen, creditFen: l.credit_fen })), `reversal of entry ${entryId}: ${reason}`);
  return postEntry(q, { ...ctx, planId: entry[0].plan_id, periodId: entry[0].period_id }, draft, entryId);
}

export async function accountBalances(q: Queryable, planId: string): Promise<Record<Account, bigint>> {
  const rows = await q.query<{ account: Account; normal_side: string; debits: bigint; credits: bigint }>(
    `SELECT a.code AS account, a.normal_side,
            coalesce(sum(l.debit_fen), 0)::bigint AS debits, coalesce(sum(l.credit_fen), 0)::bigint AS credits
       FROM ledger_accounts a
       LEFT JOIN (journal_lines l JOIN journal_entries e ON e.id = l.entry_id AND e.plan_id = $1) ON l.account = a.code
      GROUP BY a.code, a.normal_side`, [planId]);
  const out = {} as Record<Account, bigint>;
  for (const r of rows) out[r.account] = r.normal_side === 'debit' ? r.debits - r.credits : r.credits - r.debits;
  return out;
}

/** The journal, page by page, each entry with its lines (the auditors' view). */
export interface EntryRow { id: bigint; plan_id: string; period_id: bigint | null; kind: string; at: Date; actor: string; memo: string; reverses: bigint | null; lines: { account: string; debit_fen: number; credit_fen: number }[] }

export async function journal(q: Queryable, p: { planId?: string | undefined; periodId?: bigint | undefined; limit: number; offset: number }): Promise<EntryRow[]> {
  return q.query<EntryRow>(
    `SELECT e.id, e.plan_id, e.period_id, e.kind, e.at, e.actor, e.memo, e.reverses,
            (SELECT json_agg(json_build_object('account', l.account, 'debit_fen', l.debit_fen, 'credit_fen', l.credit_fen) ORDER BY l.line)
               FROM journal_lines l WHERE l.entry_id = e.id) AS lines
       FROM journal_entries e WHERE ($1::text IS NULL OR e.plan_id = $1) AND ($2::bigint IS NULL OR e.period_id = $2)
      ORDER BY e.id LIMIT $3 OFFSET $4`, [p.planId ?? null, p.periodId ?? null, p.limit, p.offset]);
}
