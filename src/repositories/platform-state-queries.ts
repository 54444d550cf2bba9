/**
 * The live plan as a PlatformState (src/projection/platform-state.ts): a handful of aggregate
 * statements over memberships, claims and periods, each one statement, none looping over members.
 * Their cost grows with the table scans, never with round trips: 5 statements for any plan size.
 *
 * Ages are completed years and tenures are calendar months since the month of joining, both on
 * the as-of date in the plan's time zone; "active at T" is the engine's rule (joined before T,
 * not ended before T), so any past instant can be measured, not only now.
 */
import type { Queryable } from '../db/database.ts';
import { localDateOf, startOfDay, type LocalDate } from '../domain/local-date.ts';
import { monthLabel, monthNumber } from '../projection/calendar.ts';
import { AGE_BANDS } from '../projection/cohort-model.ts';
import type { MemberCell, PlatformState } from '../projection/platform-state.ts';
import { ACTIVE_AT } from './members-repo.ts';

/** Age in completed years of `birth` on the date `on` (SQL), exactly as ageOn() in local-date.ts. */
const ageSql = (on: string, birth: string): string =>
  `((extract(year FROM ${on})::int - extract(year FROM ${birth})::int)
    - CASE WHEN ${on} < huzhu_anniversary(${birth}, extract(year FROM ${on})::int - extract(year FROM ${birth})::int) THEN 1 ELSE 0 END)`;

/** AGE_BANDS index (0-based) of an age expression. */
const bandSql = (age: string): string =>
  `CASE ${AGE_BANDS.map((b, i) => `WHEN ${age} <= ${b.to} THEN ${i}`).join(' ')} ELSE ${AGE_BANDS.length - 1} END`;

const SECONDS_PER_YEAR = 365.25 * 86_400;
const SECONDS_PER_MONTH = SECONDS_PER_YEAR / 12;

/** Members active at instant `at` by age and tenure on the local date `on` (one GROUP BY). */
export async function membersByAgeAndTenure(q: Queryable, planId: string, at: Date, on: LocalDate): Promise<MemberCell[]> {
  const rows = await q.query<{ age: number; tenure: number; n: bigint }>(
    `SELECT x.age, x.tenure, count(*)::bigint AS n FROM (
       SELECT ${ageSql('$3::date', 'm.birth_date')} AS age,
              greatest(0, (extract(year FROM $3::date)::int - extract(year FROM m.joined_on)::int) * 12
                          + extract(month FROM $3::date)::int - extract(month FROM m.joined_on)::int) AS tenure
         FROM memberships m
        WHERE m.plan_id = $1 AND ${ACTIVE_AT}) x
      GROUP BY x.age, x.tenure ORDER BY x.age, x.tenure`,
    [planId, at, on]);
  return rows.map((r) => ({ ageYears: Number(r.age), tenureMonths: Number(r.tenure), count: Number(r.n) }));
}

export interface AgeMixPoint {
  at: Date;
  on: LocalDate;
  /** Members active at `at` by AGE_BANDS (age on `on`). */
  byBand: number[];
}

/** Members active at each of several instants, by age band: the measured trend of the age mix (one statement). */
export async function ageMixAt(q: Queryable, planId: string, points: { at: Date; on: LocalDate }[]): Promise<AgeMixPoint[]> {
  if (points.length === 0) return [];
  const rows = await q.query<{ i: bigint; band: number; n: bigint }>(
    `SELECT t.i, ${bandSql(ageSql('t.on_date', 'm.birth_date'))} AS band, count(*)::bigint AS n
       FROM unnest($2::timestamptz[], $3::date[]) WITH ORDINALITY AS t(at, on_date, i)
       JOIN memberships m ON m.plan_id = $1 AND m.joined_at < t.at AND (m.ended_at IS NULL OR m.ended_at >= t.at)
      GROUP BY 1, 2`,
    [planId, points.map((p) => p.at), points.map((p) => p.on)]);
  const out = points.map((p) => ({ at: p.at, on: p.on, byBand: new Array<number>(AGE_BANDS.length).fill(0) }));
  for (const r of rows) out[Number(r.i) - 1]!.byBand[r.band] = Number(r.n);
  return out;
}

export interface IncidenceBand {
  /** AGE_BANDS label. */
  band: string;
  /** Claims approved (or approved and since paid) in the window, by age at diagnosis. */
  claims: number;
  /** Member-years of cover (after the waiting period) in the window, by age at the middle of each member's cover. */
  memberYears: number;
}

/**
 * Claims approved in [from, to) (status now approved or paid) and the member-years of cover in the
 * same window, by age band: one statement. Cover starts when the waiting period ends, so a young
 * plan's incidence is not understated by members who could not yet claim for illness.
 */
export async function incidenceByBand(q: Queryable, planId: string, from: Date, to: Date, timeZone: string): Promise<IncidenceBand[]> {
  const rows = await q.query<{ band: number; claims: bigint; seconds: number | string | null }>(
    `WITH cover AS (
       SELECT m.birth_date,
              greatest(m.joined_at, $2::timestamptz, (m.waiting_ends_on::timestamp AT TIME ZONE $4)) AS s,
              least(coalesce(m.ended_at, $3::timestamptz), $3::timestamptz) AS e
         FROM memberships m
        WHERE m.plan_id = $1 AND m.joined_at < $3 AND (m.ended_at IS NULL OR m.ended_at > $2)),
     exposure AS (
       SELECT ${bandSql(ageSql("((c.s + (c.e - c.s) / 2) AT TIME ZONE $4)::date", 'c.birth_date'))} AS band,
              sum(extract(epoch FROM (c.e - c.s)))::float8 AS seconds
         FROM cover c WHERE c.e > c.s GROUP BY 1),
     approved AS (
       SELECT ${bandSql(`coalesce(c.age_at_diagnosis, ${ageSql('c.diagnosed_on', 'm.birth_date')})`)} AS band, count(*)::bigint AS claims
         FROM claims c JOIN memberships m ON m.id = c.membership_id
        WHERE c.plan_id = $1 AND c.status IN ('approved', 'paid') AND c.decided_at >= $2 AND c.decided_at < $3
        GROUP BY 1)
     SELECT coalesce(x.band, a.band) AS band, coalesce(a.claims, 0)::bigint AS claims, coalesce(x.seconds, 0)::float8 AS seconds
       FROM exposure x FULL JOIN approved a ON a.band = x.band`,
    [planId, from, to, timeZone]);
  const out = AGE_BANDS.map((b) => ({ band: b.label, claims: 0, memberYears: 0 }));
  for (const r of rows) {
    out[r.band]!.claims = Number(r.claims);
    out[r.band]!.memberYears = Number(r.seconds ?? 0) / SECONDS_PER_YEAR;
  }
  return out;
}

export interface Movement {
  /** Joined in [from, to). */
  joins: number;
  /** Left of their own accord (status `left`) in [from, to), by age on the day they left. */
  leftUnder40: number;
  leftOver40: number;
  /** Other ends in the window, by status (paid-out, removed-age, removed-nonpayment). */
  otherEnds: Record<string, number>;
  /** Member-months in the window, by age at the middle of each member's time in it. */
  memberMonthsUnder40: number;
  memberMonthsOver40: number;
}

/** Joins, leavers and member-months in [from, to): one statement. */
export async function movementBetween(q: Queryable, planId: string, from: Date, to: Date, timeZone: string): Promise<Movement> {
  const rows = await q.query<{
    joins: bigint; left_u40: bigint; left_o40: bigint; paid_out: bigint; removed_age: bigint; removed_nonpayment: bigint;
    mm_u40: number | string | null; mm_o40: number | string | null;
  }>(
    `WITH w AS (
       SELECT m.birth_date, m.status, m.joined_at, m.ended_at,
              greatest(m.joined_at, $2::timestamptz) AS s,
              least(coalesce(m.ended_at, $3::timestamptz), $3::timestamptz) AS e
         FROM memberships m
        WHERE m.plan_id = $1 AND m.joined_at < $3 AND (m.ended_at IS NULL OR m.ended_at >= $2)),
     a AS (
       SELECT w.*,
              CASE WHEN w.ended_at >= $2 AND w.ended_at < $3 THEN ${ageSql('(w.ended_at AT TIME ZONE $4)::date', 'w.birth_date')} END AS age_at_end,
              ${ageSql("((w.s + (w.e - w.s) / 2) AT TIME ZONE $4)::date", 'w.birth_date')} AS age_mid,
              greatest(0, extract(epoch FROM (w.e - w.s)))::float8 AS seconds
         FROM w)
     SELECT count(*) FILTER (WHERE a.joined_at >= $2)::bigint AS joins,
            count(*) FILTER (WHERE a.status = 'left' AND a.age_at_end < 40)::bigint AS left_u40,
            count(*) FILTER (WHERE a.status = 'left' AND a.age_at_end >= 40)::bigint AS left_o40,
            count(*) FILTER (WHERE a.status = 'paid-out' AND a.age_at_end IS NOT NULL)::bigint AS paid_out,
            count(*) FILTER (WHERE a.status = 'removed-age' AND a.age_at_end IS NOT NULL)::bigint AS removed_age,
            count(*) FILTER (WHERE a.status = 'removed-nonpayment' AND a.age_at_end IS NOT NULL)::bigint AS removed_nonpayment,
            coalesce(sum(a.seconds) FILTER (WHERE a.age_mid < 40), 0)::float8 AS mm_u40,
            coalesce(sum(a.seconds) FILTER (WHERE a.age_mid >= 40), 0)::float8 AS mm_o40
       FROM a`,
    [planId, from, to, timeZone]);
  const r = rows[0]!;
  return {
    joins: Number(r.joins),
    leftUnder40: Number(r.left_u40),
    leftOver40: Number(r.left_o40),
    otherEnds: { 'paid-out': Number(r.paid_out), 'removed-age': Number(r.removed_age), 'removed-nonpayment': Number(r.removed_nonpayment) },
    memberMonthsUnder40: Number(r.mm_u40 ?? 0) / SECONDS_PER_MONTH,
    memberMonthsOver40: Number(r.mm_o40 ?? 0) / SECONDS_PER_MONTH,
  };
}

export interface RecentPeriod {
  announcedOn: LocalDate;
  chargedOn: LocalDate;
  cases: number;
  sharingMembers: number;
  shareFen: number;
  billedFen: number;
  surplusOutFen: number;
}

/**
 * The last `limit` periods announced before `before`, oldest first, and the sum of the shares of
 * the periods announced before it and charged in `year` (what the annual cap has seen): one statement.
 */
export async function recentPeriods(q: Queryable, planId: string, before: Date, year: number, limit = 24): Promise<{ periods: RecentPeriod[]; yearToDateShareFen: number }> {
  const rows = await q.query<{
    announced_on: string | null; charged_on: string | null; cases: number | null; sharing_members: bigint | null; share_fen: bigint | null;
    billed_fen: bigint | null; surplus_out_fen: bigint | null; ytd: bigint;
  }>(
    `WITH ytd AS (
       SELECT coalesce(sum(share_fen), 0)::bigint AS ytd FROM periods
        WHERE plan_id = $1 AND announced_at < $2 AND charged_on >= make_date($3, 1, 1) AND charged_on < make_date($3 + 1, 1, 1)),
     last AS (
       SELECT announced_on, charged_on, cases, sharing_members, share_fen, billed_fen, surplus_out_fen FROM periods
        WHERE plan_id = $1 AND announced_at < $2 ORDER BY announced_on DESC LIMIT $4)
     SELECT to_char(l.announced_on, 'YYYY-MM-DD') AS announced_on, to_char(l.charged_on, 'YYYY-MM-DD') AS charged_on, l.cases,
            l.sharing_members, l.share_fen, l.billed_fen, l.surplus_out_fen, ytd.ytd
       FROM ytd LEFT JOIN last l ON true ORDER BY l.announced_on`,
    [planId, before, year, limit]);
  return {
    yearToDateShareFen: Number(rows[0]?.ytd ?? 0n),
    periods: rows.filter((r) => r.announced_on !== null).map((r) => ({
      announcedOn: r.announced_on as LocalDate, chargedOn: r.charged_on as LocalDate, cases: Number(r.cases),
      sharingMembers: Number(r.sharing_members), shareFen: Number(r.share_fen), billedFen: Number(r.billed_fen), surplusOutFen: Number(r.surplus_out_fen),
    })),
  };
}

/** The last day the plan's calendar has run (every day up to and including it is done), or null. */
export async function clockThrough(q: Queryable, planId: string): Promise<LocalDate | null> {
  const rows = await q.query<{ d: string }>(`SELECT to_char(through_on, 'YYYY-MM-DD') AS d FROM plan_clock WHERE plan_id = $1`, [planId]);
  return (rows[0]?.d ?? null) as LocalDate | null;
}

// ---- The whole state ------------------------------------------------------------------------

export interface MeasureOptions {
  planId: string;
  timeZone: string;
  /** The instant measured ("now" for the live plan). */
  at: Date;
  /** Its local date in the plan's zone (ages and tenures are taken on it). */
  on: LocalDate;
  /** Window for leaving and joining rates, in months (default 3). */
  recentMonths?: number;
  /** Window for incidence, in months (default 12). */
  incidenceMonths?: number;
}

export interface PlatformMeasurements {
  members: MemberCell[];
  /** Measured age mix at the window starts and at `at`, oldest first (every 3 months over the incidence window, and the leaving window's start). */
  ageMix: AgeMixPoint[];
  incidence: { from: Date; to: Date; byBand: IncidenceBand[] };
  movement: { from: Date; to: Date; months: number } & Movement;
  periods: RecentPeriod[];
  yearToDateShareFen: number;
}

/** `on` minus `months` calendar months, the day clamped to the month's length. */
export function monthsBefore(on: LocalDate, months: number): LocalDate {
  const y = Number(on.slice(0, 4));
  const m = Number(on.slice(5, 7)) - months;
  const d = Number(on.slice(8, 10));
  const first = new Date(Date.UTC(y, m - 1, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10) as LocalDate;
}

/**
 * Everything the outlook measures, in five aggregate statements (members by age and tenure, the
 * age mix at a few instants, incidence by band, joins and leavers, recent periods).
 */
export async function measurePlatform(q: Queryable, o: MeasureOptions): Promise<PlatformMeasurements> {
  const recentMonths = o.recentMonths ?? 3;
  const incidenceMonths = o.incidenceMonths ?? 12;
  const windowStart = (k: number): { at: Date; on: LocalDate } => {
    const on = monthsBefore(o.on, k);
    return { at: startOfDay(on, o.timeZone), on };
  };
  const offsets = new Set<number>([recentMonths]);
  for (let k = 3; k <= incidenceMonths; k += 3) offsets.add(k);
  const points = [...offsets].sort((a, b) => b - a).map(windowStart);
  points.push({ at: o.at, on: o.on });
  const incFrom = windowStart(incidenceMonths).at;
  const movFrom = windowStart(recentMonths).at;
  const year = Number(o.on.slice(0, 4));
  const members = await membersByAgeAndTenure(q, o.planId, o.at, o.on);
  const ageMix = await ageMixAt(q, o.planId, points);
  const byBand = await incidenceByBand(q, o.planId, incFrom, o.at, o.timeZone);
  const movement = await movementBetween(q, o.planId, movFrom, o.at, o.timeZone);
  const { periods, yearToDateShareFen } = await recentPeriods(q, o.planId, o.at, year);
  return {
    members, ageMix, incidence: { from: incFrom, to: o.at, byBand },
    movement: { from: movFrom, to: o.at, months: recentMonths, ...movement },
    periods, yearToDateShareFen,
  };
}

const under40Of = (p: AgeMixPoint | undefined): number => (p ? AGE_BANDS.reduce((s, b, i) => s + (b.to < 40 ? p.byBand[i]! : 0), 0) : 0);
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/**
 * The PlatformState the measurements give. `asOf` (the last complete month) is the month before
 * the one the measured instant falls in, so the projection starts with the current month.
 */
export function platformStateFrom(m: PlatformMeasurements, on: LocalDate): PlatformState {
  const asOf = monthLabel(monthNumber(on.slice(0, 7)) - 1);
  const claims = m.incidence.byBand.reduce((s, b) => s + b.claims, 0);
  const years = m.incidence.byBand.reduce((s, b) => s + b.memberYears, 0);
  const mv = m.movement;
  const leavers = mv.leftUnder40 + mv.leftOver40;
  const rate = (left: number, memberMonths: number): number => (memberMonths > 0 ? clamp(left / memberMonths, 0, 1) : 0);
  const now = m.ageMix.at(-1);
  const then = m.ageMix.find((p) => p.at.getTime() === mv.from.getTime());
  const young0 = under40Of(then);
  return {
    asOf,
    members: m.members,
    surplusFen: m.periods.at(-1)?.surplusOutFen ?? 0,
    reserveFen: 0, // huzhu keeps no reserve fund: the surplus carried is all the plan holds
    yearToDateShareFen: m.yearToDateShareFen,
    recent: {
      shareFen: m.periods.map((p) => p.shareFen),
      incidencePer100kYear: years > 0 ? (claims / years) * 100_000 : null,
      leavingPerMonth: mv.memberMonthsUnder40 + mv.memberMonthsOver40 > 0
        ? { under40: rate(mv.leftUnder40, mv.memberMonthsUnder40), over40: rate(mv.leftOver40, mv.memberMonthsOver40) }
        : null,
      joinsPerMonth: mv.months > 0 ? mv.joins / mv.months : null,
      leaversUnder40Fraction: leavers > 0 ? mv.leftUnder40 / leavers : null,
      netChangeUnder40PerMonth: young0 > 0 ? clamp(Math.pow(under40Of(now) / young0, 1 / mv.months) - 1, -1, 10) : null,
    },
  };
}

/** The plan's PlatformState at instant `at` (and what it was measured from): five aggregate statements. */
export async function loadPlatformState(q: Queryable, o: { planId: string; timeZone: string; at: Date; recentMonths?: number; incidenceMonths?: number }): Promise<{ state: PlatformState; measurements: PlatformMeasurements; on: LocalDate }> {
  const on = localDateOf(o.at, o.timeZone);
  const measurements = await measurePlatform(q, { ...o, on });
  return { state: platformStateFrom(measurements, on), measurements, on };
}
