/**
 * Read-only queries of the server, bound to an account or a payer: a member's memberships, bills
 * and claims, with the names from the personal data. They own no table and write nothing; the
 * tables they read are owned in src/repositories/ (see owners.ts there).
 */
import type { Queryable } from '../db/database.ts';
import { SESSION_OF_TOKEN, type SessionRow } from './accounts-repo.ts';

export interface MembershipView {
  id: bigint; planId: string; personId: bigint | null; name: string | null; status: string; joinedOn: string; waitingEndsOn: string;
  endedAt: Date | null; personRef: string; birthDate: string;
}

/** Memberships the account pays for (its own and its family's). */
export async function membershipsOfPayer(q: Queryable, payerId: bigint, limit: number, offset: number): Promise<MembershipView[]> {
  return q.query<MembershipView>(
    `SELECT m.id, m.plan_id AS "planId", pl.id AS "personId", pl.name, m.status, to_char(m.joined_on, 'YYYY-MM-DD') AS "joinedOn",
            to_char(m.waiting_ends_on, 'YYYY-MM-DD') AS "waitingEndsOn", m.ended_at AS "endedAt", pe.ref AS "personRef",
            to_char(m.birth_date, 'YYYY-MM-DD') AS "birthDate"
       FROM memberships m JOIN persons pe ON pe.id = m.person_id LEFT JOIN people pl ON pl.id_hash = pe.ref
      WHERE m.payer_id = $1 ORDER BY m.id DESC LIMIT $2 OFFSET $3`, [payerId, limit, offset]);
}

export async function membershipOfPayer(q: Queryable, payerId: bigint, id: bigint): Promise<MembershipView | undefined> {
  return (await q.query<MembershipView>(
    `SELECT m.id, m.plan_id AS "planId", NULL::bigint AS "personId", NULL AS name, m.status, to_char(m.joined_on, 'YYYY-MM-DD') AS "joinedOn",
            to_char(m.waiting_ends_on, 'YYYY-MM-DD') AS "waitingEndsOn", m.ended_at AS "endedAt", pe.ref AS "personRef",
            to_char(m.birth_date, 'YYYY-MM-DD') AS "birthDate"
       FROM memberships m JOIN persons pe ON pe.id = m.person_id WHERE m.payer_id = $1 AND m.id = $2`, [payerId, id]))[0];
}

export interface BillRow {
  id: bigint; plan_id: string; announced_on: string; charged_on: string; share_fen: bigint; status: string; cases: number;
  lines: { m: number; a: number; n: string | null }[] | null;
  pay_status: string | null; pay_amount: bigint | null; pay_attempts: number | null; settled_at: Date | null;
}

/**
 * "My bills": one row per period in which any membership the payer pays for was sharing, newest
 * first, with the member lines from `charges` (by its primary key: period_id and membership_id
 * both given) and the payer's payment. One statement: this is the hottest read of the platform.
 *
 * The query is the SQL function huzhu_member_bills_q (migrations/0102_member_bills_inline.sql).
 * On a PostgreSQL server these statements are named prepared statements, planned once per
 * connection with the function inlined; PGlite prepares nothing, so there they call the
 * PL/pgSQL wrapper huzhu_member_bills, which keeps the plan.
 */
const billsFunction = (q: Queryable): string => ((q as { kind?: string }).kind === 'postgres' ? 'huzhu_member_bills_q' : 'huzhu_member_bills');

export async function billsOfPayer(q: Queryable, payerId: bigint, limit: number, offset: number): Promise<BillRow[]> {
  const fn = billsFunction(q);
  return q.query<BillRow>(`SELECT * FROM ${fn}($1, $2, $3)`, [payerId, limit + 1, offset], { name: `${fn}_payer` });
}

/**
 * "My bills" of a session not in the session cache: the session (by token hash) and, when it is a
 * member's and not expired at `now`, its payer's bills, in one statement, so the request makes
 * one round trip instead of two. `session` is undefined when there is no such session; for an
 * expired session or another role no bill is read (the caller refuses the request).
 */
export async function billsOfSession(q: Queryable, tokenHash: string, now: Date, limit: number, offset: number): Promise<{ session: SessionRow | undefined; bills: BillRow[] }> {
  const fn = billsFunction(q);
  const rows = await q.query<BillRow & { [K in keyof SessionRow & string as `s_${K}`]: SessionRow[K] }>(
    `SELECT s."accountId" AS "s_accountId", s.email AS s_email, s.role AS s_role, s."payerId" AS "s_payerId", s."expiresAt" AS "s_expiresAt", b.*
       FROM (${SESSION_OF_TOKEN}) s
       LEFT JOIN LATERAL ${fn}(CASE WHEN s."expiresAt" > $2 AND s.role = 'member' THEN s."payerId" END, $3, $4) b ON true`,
    [tokenHash, now, limit + 1, offset], { name: `${fn}_session` });
  const first = rows[0];
  if (!first) return { session: undefined, bills: [] };
  const session: SessionRow = { accountId: first.s_accountId, email: first.s_email, role: first.s_role, payerId: first.s_payerId, expiresAt: first.s_expiresAt };
  // A session without bills is one row of nulls on the bill side (the left join).
  return { session, bills: first.id === null ? [] : rows };
}

export interface ClaimView {
  ref: string; planId: string; personName: string | null; filedAt: Date; diagnosedOn: string; severity: string; cause: string;
  diseaseCode: string; status: string; payoutFen: bigint | null; rejectCode: string | null; reason: string | null;
  announcedOn: string | null; paidAt: Date | null; id: bigint; personRef: string;
}

const CLAIM_VIEW = `c.id, c.ref, c.plan_id AS "planId", pl.name AS "personName", c.filed_at AS "filedAt", to_char(c.diagnosed_on, 'YYYY-MM-DD') AS "diagnosedOn",
  c.severity, c.cause, c.disease_code AS "diseaseCode", c.status, c.payout_fen AS "payoutFen", c.reject_code AS "rejectCode", c.reason,
  to_char(coalesce(p.announced_on, c.noticed_on), 'YYYY-MM-DD') AS "announcedOn", c.paid_at AS "paidAt", pe.ref AS "personRef"`;

/** Claims of the people the account manages. */
export async function claimsOfAccount(q: Queryable, accountId: bigint, limit: number, offset: number): Promise<ClaimView[]> {
  return q.query<ClaimView>(
    `SELECT ${CLAIM_VIEW} FROM people pl JOIN persons pe ON pe.ref = pl.id_hash JOIN claims c ON c.person_id = pe.id
       LEFT JOIN periods p ON p.id = c.period_id
      WHERE pl.account_id = $1 ORDER BY c.filed_at DESC, c.id DESC LIMIT $2 OFFSET $3`, [accountId, limit, offset]);
}

export async function claimOfAccount(q: Queryable, accountId: bigint, ref: string): Promise<ClaimView | undefined> {
  return (await q.query<ClaimView>(
    `SELECT ${CLAIM_VIEW} FROM claims c JOIN persons pe ON pe.id = c.person_id JOIN people pl ON pl.id_hash = pe.ref
       LEFT JOIN periods p ON p.id = c.period_id
      WHERE pl.account_id = $1 AND c.ref = $2`, [accountId, ref]))[0];
}

export async function claimView(q: Queryable, ref: string): Promise<ClaimView | undefined> {
  return (await q.query<ClaimView>(
    `SELECT ${CLAIM_VIEW} FROM claims c JOIN persons pe ON pe.id = c.person_id LEFT JOIN people pl ON pl.id_hash = pe.ref
       LEFT JOIN periods p ON p.id = c.period_id WHERE c.ref = $1`, [ref]))[0];
}

/** The real-name profile behind a claim's person reference, for staff (the ID number still encrypted). */
export async function claimantOf(q: Queryable, idHash: string): Promise<{ name: string; idCipher: string; birthDate: string; province: string } | undefined> {
  return (await q.query<{ name: string; idCipher: string; birthDate: string; province: string }>(
    `SELECT name, id_cipher AS "idCipher", to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", province FROM people WHERE id_hash = $1`, [idHash]))[0];
}
