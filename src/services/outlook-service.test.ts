/**
 * `huzhu outlook` on a simulated plan run through the real engine: the measured state's aggregates
 * against counts made member by member, the projection and its JSON, and the warning on the real
 * data, including after the young leave in numbers and with shares rising.
 */
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { ageOn, localDateOf, startOfDay, type LocalDate } from '../domain/local-date.ts';
import { AGE_BANDS } from '../projection/cohort-model.ts';
import { projectFromState } from '../projection/from-state.ts';
import type { PlatformState } from '../projection/platform-state.ts';
import { measuresFromState, warningForState, warningLevel } from '../projection/warning.ts';
import { monthsBefore } from '../repositories/platform-state-queries.ts';
import { listPeriods } from '../repositories/periods-repo.ts';
import { getPlan } from '../repositories/plans-repo.ts';
import { simulate } from '../sim/simulate.ts';
import { errorHandler } from '../server/http-errors.ts';
import { outlookRoutes } from '../server/routes/outlook-routes.ts';
import type { ServerContext } from '../server/context.ts';
import { testDb } from '../test-support/test-db.ts';
import { quitBulk } from './membership-service.ts';
import { computeOutlook, outlook, renderOutlookReport, type Outlook } from './outlook-service.ts';

const MONTHS = 8;
const ZONE = 'Asia/Shanghai';
/** The day after the simulation's last day: the default as-of instant is its 00:00. */
const END = '2020-09-01' as LocalDate;

interface Row {
  ref: string; birth_date: string; joined_at: Date; joined_on: string; waiting_ends_on: string; status: string; ended_at: Date | null;
}

let db: Db;
let members: Row[];
let o: Outlook;

beforeAll(async () => {
  db = await testDb();
  await simulate(db, { members: 3000, months: MONTHS, seed: 11, start: '2020-01-01' as LocalDate });
  // Test only: every membership, to count member by member what the outlook gets from aggregates.
  members = await db.query<Row>(
    `SELECT p.ref, to_char(m.birth_date, 'YYYY-MM-DD') AS birth_date, m.joined_at, to_char(m.joined_on, 'YYYY-MM-DD') AS joined_on,
            to_char(m.waiting_ends_on, 'YYYY-MM-DD') AS waiting_ends_on, m.status, m.ended_at
       FROM memberships m JOIN persons p ON p.id = m.person_id WHERE m.plan_id = 'sim'`);
  o = await outlook(db, 'sim');
}, 120_000);

afterAll(async () => {
  await db?.close();
});

const activeAt = (m: Row, t: Date): boolean => m.joined_at < t && (m.ended_at === null || m.ended_at >= t);
const bandOf = (age: number): number => AGE_BANDS.findIndex((b) => age <= b.to);
const at0 = (d: string): Date => startOfDay(d as LocalDate, ZONE);

/** Every number in the JSON is finite, every *Fen a safe integer; nothing is a bigint or a Date. */
function checkJson(value: unknown, path = '$'): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), path).toBe(true);
    if (/Fen$/.test(path)) expect(Number.isSafeInteger(value), path).toBe(true);
  } else if (Array.isArray(value)) value.forEach((v, i) => checkJson(v, /Fen$/.test(path) ? path : `${path}[${i}]`));
  else if (value !== null && typeof value === 'object') {
    expect(Object.getPrototypeOf(value), path).toBe(Object.prototype);
    for (const [k, v] of Object.entries(value)) checkJson(v, k);
  } else expect(['string', 'boolean', 'object'], path).toContain(typeof value);
}

describe('outlook', () => {
  it('starts from the plan as it is and projects the next 12 months, as plain JSON', async () => {
    expect(o.asOf).toBe(at0(END).toISOString());
    expect(o.asOfDate).toBe(END);
    expect(o.state.asOf).toBe('2020-08');
    expect(o.startMonth).toBe('2020-09');
    expect(o.months).toBe(12);
    expect(o.projection.periods).toHaveLength(24);
    expect(o.projection.periods[0]).toMatchObject({ month: '2020-09', announcedOn: '2020-09-07' });
    expect(o.projection.periods[1]!.announcedOn).toBe('2020-09-21');
    expect(o.ageMix.projected).toHaveLength(12);
    expect(o.members.total).toBe(members.filter((m) => activeAt(m, at0(END))).length);
    // A member present all year pays at most the annual cap (188 yuan) in each calendar year touched.
    expect(o.projection.annualCostPerMemberFen).toBeGreaterThan(0);
    expect(o.projection.annualCostPerMemberFen).toBeLessThanOrEqual(o.projection.sumOfSharesFen);
    expect(o.projection.annualCostPerMemberFen).toBeLessThanOrEqual(2 * 18_800);
    expect(['ok', 'watch', 'warning', 'spiral']).toContain(o.warning.level);
    checkJson(o);
    expect(JSON.parse(JSON.stringify(o))).toEqual(o);
    const { projection } = await computeOutlook(db, 'sim');
    const html = renderOutlookReport({ outlook: o, projection });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('huzhu outlook');
  });

  it('measures members, incidence, leaving and shares exactly as counted member by member', async () => {
    const T = at0(END);
    // Members by age (completed years) and calendar months since the month of joining, on the as-of date.
    const cells = new Map<string, number>();
    for (const m of members.filter((x) => activeAt(x, T))) {
      const age = ageOn(m.birth_date as LocalDate, END);
      const tenure = (2020 - Number(m.joined_on.slice(0, 4))) * 12 + 9 - Number(m.joined_on.slice(5, 7));
      cells.set(`${age}/${tenure}`, (cells.get(`${age}/${tenure}`) ?? 0) + 1);
    }
    expect(new Map(o.state.members.map((c) => [`${c.ageYears}/${c.tenureMonths}`, c.count]))).toEqual(cells);

    // Leavers and joins in the last 3 months.
    const from = at0(monthsBefore(END, 3));
    const left = members.filter((m) => m.status === 'left' && m.ended_at! >= from && m.ended_at! < T);
    const leftUnder40 = left.filter((m) => ageOn(m.birth_date as LocalDate, localDateOf(m.ended_at!, ZONE)) < 40).length;
    expect(left.length).toBeGreaterThan(0);
    expect(o.measured.movement.leftUnder40).toBe(leftUnder40);
    expect(o.measured.movement.leftOver40).toBe(left.length - leftUnder40);
    expect(o.leaversUnder40.measured).toBeCloseTo(leftUnder40 / left.length, 12);
    expect(o.measured.movement.joins).toBe(members.filter((m) => m.joined_at >= from && m.joined_at < T).length);
    expect(o.state.recent.joinsPerMonth).toBeCloseTo(o.measured.movement.joins / 3, 9);
    // Member-months: every membership's time inside the window.
    const monthSeconds = (365.25 / 12) * 86_400;
    let mmU40 = 0, mmO40 = 0;
    for (const m of members) {
      const s = Math.max(m.joined_at.getTime(), from.getTime());
      const e = Math.min(m.ended_at?.getTime() ?? T.getTime(), T.getTime());
      if (e <= s) continue;
      const mid = localDateOf(new Date(s + (e - s) / 2), ZONE);
      if (ageOn(m.birth_date as LocalDate, mid) < 40) mmU40 += (e - s) / 1000 / monthSeconds; else mmO40 += (e - s) / 1000 / monthSeconds;
    }
    expect(o.state.recent.leavingPerMonth!.under40).toBeCloseTo(leftUnder40 / mmU40, 9);
    expect(o.state.recent.leavingPerMonth!.over40).toBeCloseTo((left.length - leftUnder40) / mmO40, 9);

    // Age mix a quarter ago and now, and the net change of the under-40s.
    const under40At = (t: Date, on: LocalDate) => members.filter((m) => activeAt(m, t) && ageOn(m.birth_date as LocalDate, on) < 40).length;
    const quarterAgo = monthsBefore(END, 3);
    const mixThen = o.ageMix.measured.find((r) => r.when === quarterAgo)!;
    const byBand = new Array<number>(AGE_BANDS.length).fill(0);
    for (const m of members.filter((x) => activeAt(x, from))) byBand[bandOf(ageOn(m.birth_date as LocalDate, quarterAgo))]!++;
    expect(mixThen.byBand).toEqual(byBand);
    expect(o.state.recent.netChangeUnder40PerMonth).toBeCloseTo(Math.pow(under40At(T, END) / under40At(from, quarterAgo), 1 / 3) - 1, 12);

    // Incidence: claims approved in the last 12 months over member-years of cover after the waiting period.
    const yearAgo = at0(monthsBefore(END, 12));
    const approved = await db.query<{ n: bigint }>(
      `SELECT count(*) AS n FROM claims WHERE plan_id = 'sim' AND status IN ('approved', 'paid') AND decided_at >= $1 AND decided_at < $2`, [yearAgo, T]);
    expect(o.measured.incidence.claims).toBe(Number(approved[0]!.n));
    expect(o.measured.incidence.claims).toBeGreaterThan(0);
    let years = 0;
    for (const m of members) {
      const s = Math.max(m.joined_at.getTime(), yearAgo.getTime(), at0(m.waiting_ends_on).getTime());
      const e = Math.min(m.ended_at?.getTime() ?? T.getTime(), T.getTime());
      if (e > s) years += (e - s) / 1000 / (365.25 * 86_400);
    }
    expect(o.measured.incidence.memberYears).toBeCloseTo(years, 6);
    expect(o.state.recent.incidencePer100kYear).toBeCloseTo((o.measured.incidence.claims / years) * 100_000, 6);

    // Shares and surplus from the periods, oldest first.
    const periods = await listPeriods(db, 'sim');
    expect(periods).toHaveLength(2 * MONTHS);
    expect(o.state.recent.shareFen).toEqual(periods.map((p) => Number(p.shareFen)));
    expect(o.state.surplusFen).toBe(Number(periods.at(-1)!.surplusOutFen));
    expect(o.state.yearToDateShareFen).toBe(periods.reduce((s, p) => s + Number(p.shareFen), 0));
  });

  it('is served by the route module, the response checked against its schema', async () => {
    // The route module alone (the server mounts it with its access check: operator, auditor, admin).
    const app = Fastify({ logger: false });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler(errorHandler);
    outlookRoutes(app, { db } as unknown as ServerContext);
    try {
      const res = await app.inject({ method: 'GET', url: `/ops/outlook?plan=sim&asOf=${END}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual(JSON.parse(JSON.stringify(o)));
      const missing = await app.inject({ method: 'GET', url: '/ops/outlook?plan=no-such-plan' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('NOT_FOUND');
      const bad = await app.inject({ method: 'GET', url: '/ops/outlook?plan=sim&asOf=2020-02-30' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION');
    } finally {
      await app.close();
    }
  });

  it('shows what a proposed grading of contributions would do, from the same measured state', async () => {
    const proposed = [{ fromAge: 0, weight: 1 }, { fromAge: 40, weight: 3 }];
    const g = (await outlook(db, 'sim', END, { proposedWeights: proposed })).grading!;
    expect(g.current.contributionWeights).toEqual([{ fromAge: 0, weight: 1 }]);
    expect(g.current.bands[0]!.sumOfSharesFen).toBe(Math.round(o.projection.sumOfSharesFen));
    expect(g.current.membersEnd).toBe(o.projection.membersEnd);
    expect(g.proposed.contributionWeights).toEqual(proposed);
    // Over 40s carry three units each, so the share per unit falls below today's equal share, and the young pay less.
    expect(g.proposed.bands[0]!.sumOfSharesFen).toBeLessThan(g.current.bands[0]!.sumOfSharesFen);
    expect(g.proposed.bands[1]!.sumOfSharesFen).toBeGreaterThan(g.current.bands[0]!.sumOfSharesFen);
    expect(g.proposed.bands[1]!.sumOfSharesFen).toBe(g.proposed.bands[0]!.sumOfSharesFen * 3);
    expect(o.grading).toBeUndefined();
    await expect(outlook(db, 'sim', END, { proposedWeights: [{ fromAge: 5, weight: 1 }] })).rejects.toMatchObject({ code: 'VALIDATION', field: 'proposedWeights.0.fromAge' });
    await expect(outlook(db, 'sim', END, { proposedWeights: [{ fromAge: 0, weight: 0 }] })).rejects.toMatchObject({ code: 'VALIDATION', field: 'proposedWeights.0.weight' });
    // And through the route, as fromAge:weight pairs.
    const app = Fastify({ logger: false });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler(errorHandler);
    outlookRoutes(app, { db } as unknown as ServerContext);
    try {
      const res = await app.inject({ method: 'GET', url: `/ops/outlook?plan=sim&asOf=${END}&weights=0:1,40:3` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().grading).toEqual(JSON.parse(JSON.stringify(g)));
      const bad = await app.inject({ method: 'GET', url: `/ops/outlook?plan=sim&asOf=${END}&weights=0:1,0:2` });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toBe('proposedWeights.1.fromAge');
    } finally {
      await app.close();
    }
  });

  it('reads the warning from the real data and from its projection', async () => {
    const plan = await getPlan(db, 'sim');
    const measures = measuresFromState(o.state);
    expect(o.warning.measured).toEqual({ ...warningLevel(measures), measures });
    const { projection, outlook: ahead } = projectFromState(o.state, { rules: plan.rules, months: 12 });
    expect(o.warning.projected).toEqual(ahead);
    expect(o.projection.membersEnd).toBe(projection.months.at(-1)!.members);
    const order = ['ok', 'watch', 'warning', 'spiral'];
    expect(o.warning.level).toBe(order[Math.max(order.indexOf(o.warning.measured.level), order.indexOf(o.warning.projected.level))]);
    // The simulated plan grows (2% join a month, 1.5% leave, chosen at random): no fall in members.
    expect(measures.memberChangePerYear).toBeGreaterThan(0);
    expect(o.warning.measured.reasons.join(' ')).not.toMatch(/members fell/);
    expect(o.warning.measured.level).not.toBe('spiral');
  });

  it('warns when the young leave in numbers, and sees a spiral when shares rise with it', async () => {
    // A third of the members under 40 leave on the day after the simulation ends.
    const young = members.filter((m) => m.status === 'active' && ageOn(m.birth_date as LocalDate, END) < 40).map((m) => m.ref);
    const leaving = young.filter((_, i) => i % 3 === 0);
    const quitAt = new Date(at0(END).getTime() + 10 * 3_600_000);
    await quitBulk(db, { plan: 'sim', persons: leaving }, { key: 'test:young-exodus', actor: 'test', at: quitAt });
    const after = await outlook(db, 'sim', '2020-09-02');
    expect(after.measured.movement.leftUnder40).toBe(o.measured.movement.leftUnder40 + leaving.length);
    expect(after.leaversUnder40.measured!).toBeGreaterThan(0.9);
    expect(after.state.recent.netChangeUnder40PerMonth!).toBeLessThan(-0.05);
    const m = after.warning.measured;
    expect(m.measures.memberChangePerYear!).toBeLessThan(-0.05);
    expect(m.reasons.join(' ')).toMatch(/members fell/);
    expect(m.reasons.join(' ')).toMatch(/under 40/);
    expect(['watch', 'warning', 'spiral']).toContain(m.level);
    expect(after.warning.reasons.some((r) => r.startsWith('measured over the last 3 months: members under 40 fell'))).toBe(true);

    // The same measured state with the share per period rising by half over the last year: a spiral.
    const rising: PlatformState = { ...after.state, recent: { ...after.state.recent, shareFen: Array.from({ length: 24 }, (_, i) => 400 + 10 * i) } };
    const w = warningForState(rising);
    expect(w.level).toBe('spiral');
    expect(w.reasons.join(' ')).toMatch(/share per period rose/);
    expect(w.summary).toMatch(/death spiral/);
  });
});
