/**
 * bench:period-kill's comparison of two schemas of one database: the uninterrupted run (A) and the
 * killed-and-resumed one (B). Each fact is a query giving one text row per record, with the
 * database's own ids replaced by what they stand for (a person's, a payer's ref; a period's
 * announcement date): ids come from sequences, and a transaction cut off by a kill has used some
 * values, so B's ids may have gaps that A's have not. Everything else must be equal, row for row:
 * amounts, statuses, counts, every instant (the runs share one simulated clock), idempotency
 * keys, event results and every log entry's bytes.
 *
 * Not compared, and why: the membership log secrets and with them the pseudonyms and the charge
 * commitment root (each membership's secret is random by design, migration 0200, so no two runs
 * agree on them; B's root is checked against B's own bills by `huzhu verify --db` instead, and the
 * root's size is compared); events.recorded_at and sharing_runs.started_at/finished_at (wall-clock
 * instants of when the process wrote them); the sharing run's chunking (it follows the id span);
 * a claim's sampling draw and the "random share" reason it may add (keyed by the plan's sampling
 * seed, random by design, migration 0300; the claims here are investigated whatever the draw, for
 * their amount or a risk signal); a results file's SHA-256, in its results, its event and the memo
 * of its late-payment entries (the file names payments by their ids).
 */
import type { Db } from '../src/db/database.ts';

/** One text row per record of a fact, in schema `s`. */
const FACTS: Record<string, (s: string) => string> = {
  periods: (s) => `SELECT (to_jsonb(p) - 'id')::text AS r FROM ${s}.periods p`,
  notices: (s) => `SELECT to_jsonb(n)::text AS r FROM ${s}.notices n`,
  clock: (s) => `SELECT to_jsonb(c)::text AS r FROM ${s}.plan_clock c`,
  'sharing runs': (s) => `SELECT (to_jsonb(x) - 'period_id' - 'claim_ids' - 'earlier_period_ids' - 'first_membership_id' - 'chunk_size' - 'chunks'
      - 'started_at' - 'finished_at')::text || (x.finished_at IS NOT NULL)::text AS r FROM ${s}.sharing_runs x`,
  persons: (s) => `SELECT (to_jsonb(p) - 'id')::text AS r FROM ${s}.persons p`,
  payers: (s) => `SELECT ref AS r FROM ${s}.payers`,
  memberships: (s) => `SELECT (jsonb_build_object('person', pe.ref, 'payer', pa.ref) || (to_jsonb(m) - 'id' - 'person_id' - 'payer_id'))::text AS r
      FROM ${s}.memberships m JOIN ${s}.persons pe ON pe.id = m.person_id JOIN ${s}.payers pa ON pa.id = m.payer_id`,
  'membership log secrets (count)': (s) => `SELECT count(*)::text AS r FROM ${s}.membership_log_secrets`,
  // The sampling draw, and the "random share" reason it may give, follow the plan's random sampling seed (migration 0300).
  claims: (s) => `SELECT (jsonb_build_object('person', pe.ref, 'period', pr.announced_on, 'membership', m.joined_at,
        'sampled', (SELECT jsonb_agg(x ORDER BY x::text) FROM jsonb_array_elements(c.sampling->'reasons') x WHERE x->>'code' <> 'random'))
      || (to_jsonb(c) - 'id' - 'person_id' - 'membership_id' - 'period_id' - 'sampling'))::text AS r
      FROM ${s}.claims c JOIN ${s}.persons pe ON pe.id = c.person_id LEFT JOIN ${s}.periods pr ON pr.id = c.period_id
      LEFT JOIN ${s}.memberships m ON m.id = c.membership_id`,
  charges: (s) => `SELECT concat_ws('|', pr.announced_on, pe.ref, pa.ref, c.amount_fen) AS r
      FROM ${s}.charges c JOIN ${s}.periods pr ON pr.id = c.period_id JOIN ${s}.memberships m ON m.id = c.membership_id
      JOIN ${s}.persons pe ON pe.id = m.person_id JOIN ${s}.payers pa ON pa.id = c.payer_id`,
  payments: (s) => `SELECT (jsonb_build_object('period', pr.announced_on, 'payer', pa.ref) || (to_jsonb(x) - 'period_id' - 'payer_id'))::text AS r
      FROM ${s}.payments x JOIN ${s}.periods pr ON pr.id = x.period_id JOIN ${s}.payers pa ON pa.id = x.payer_id`,
  // A results file names payments by period and payer id, so its digest follows the ids.
  'batch results': (s) => `SELECT (jsonb_build_object('period', pr.announced_on, 'payer', pa.ref) || (to_jsonb(x) - 'period_id' - 'payer_id' - 'file_sha256'))::text AS r
      FROM ${s}.batch_payment_results x JOIN ${s}.periods pr ON pr.id = x.period_id JOIN ${s}.payers pa ON pa.id = x.payer_id`,
  // A retry's and a write-off's entry keys end in their period's id; a results file's late-payment
  // entries name the file by the first 12 hex digits of its digest, which follows the ids.
  'journal entries': (s) => `SELECT (jsonb_build_object('period', pr.announced_on, 'key', regexp_replace(e.idempotency_key, ':' || e.period_id || '$', ':P'),
        'memo', regexp_replace(e.memo, 'results file [0-9a-f]{12}', 'results file (digest)'),
        'reverses', rv.idempotency_key, 'lines', (SELECT jsonb_agg(to_jsonb(l) - 'entry_id' ORDER BY l.line) FROM ${s}.journal_lines l WHERE l.entry_id = e.id))
      || (to_jsonb(e) - 'id' - 'period_id' - 'idempotency_key' - 'reverses' - 'memo'))::text AS r
      FROM ${s}.journal_entries e LEFT JOIN ${s}.periods pr ON pr.id = e.period_id LEFT JOIN ${s}.journal_entries rv ON rv.id = e.reverses`,
  'ledger balances': (s) => `SELECT concat_ws('|', e.plan_id, l.account, sum(l.debit_fen) - sum(l.credit_fen)) AS r
      FROM ${s}.journal_lines l JOIN ${s}.journal_entries e ON e.id = l.entry_id GROUP BY e.plan_id, l.account`,
  // Recorded results that name an id: the sharing run's period, a join's membership, a results file's digest.
  events: (s) => `SELECT ((to_jsonb(e) - 'id' - 'recorded_at' - 'data')
      || jsonb_build_object('data', e.data #- '{result,periodId}' #- '{result,membershipId}' #- '{result,fileSha256}'))::text AS r FROM ${s}.events e`,
  // Refs name period ids (period.charges/17); the charges root hashes the random member secrets.
  'log entries': (s) => `SELECT concat_ws('|', idx, regexp_replace(ref, '/[0-9]+$', '/N'),
        regexp_replace(convert_from(entry, 'UTF8'), '"chargesRoot":"[^"]*"', '"chargesRoot":"*"')) AS r FROM ${s}.log_entries`,
  'charge trees (size, log index)': (s) => `SELECT concat_ws('|', pr.announced_on, t.size, t.log_index) AS r
      FROM ${s}.log_charge_trees t JOIN ${s}.periods pr ON pr.id = t.period_id`,
};

/** An order-free digest of a fact: the row count and the sum of each row's 60-bit hash (no N-row string is built). */
const digest = (rows: string) => `SELECT count(*)::text AS n, coalesce(sum(('x' || substr(md5(r), 1, 15))::bit(60)::bigint::numeric), 0)::text AS h FROM (${rows}) q`;

export interface Comparison {
  identical: boolean;
  lines: string[];
}

/** Compares every fact of schema `a` with schema `b`; for a fact that differs, a few rows of each side that the other lacks. */
export async function compareSchemas(db: Db, a: string, b: string): Promise<Comparison> {
  const lines: string[] = [];
  let identical = true;
  for (const [name, fact] of Object.entries(FACTS)) {
    const [da] = await db.query<{ n: string; h: string }>(digest(fact(a)));
    const [dbb] = await db.query<{ n: string; h: string }>(digest(fact(b)));
    if (da!.n === dbb!.n && da!.h === dbb!.h) {
      lines.push(`same  ${name}: ${da!.n} rows`);
      continue;
    }
    identical = false;
    lines.push(`DIFF  ${name}: ${da!.n} rows in ${a}, ${dbb!.n} in ${b}`);
    const onlyA = await db.query<{ r: string }>(`(${fact(a)}) EXCEPT ALL (${fact(b)}) LIMIT 3`);
    const onlyB = await db.query<{ r: string }>(`(${fact(b)}) EXCEPT ALL (${fact(a)}) LIMIT 3`);
    for (const x of onlyA) lines.push(`      only in ${a}: ${x.r.slice(0, 400)}`);
    for (const x of onlyB) lines.push(`      only in ${b}: ${x.r.slice(0, 400)}`);
  }
  return { identical, lines };
}
