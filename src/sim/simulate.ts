/**
 * `huzhu simulate`: a synthetic plan run month by month through the real engine: bulk joins,
 * members leaving, claims filed, investigated and decided, and every announcement and charge
 * made by the calendar. Not a model: the periods it prints are what the engine computed and
 * booked. Deterministic for a seed.
 */
import type { Db } from '../db/database.ts';
import { addDays, fromParts, parts, startOfDay, type LocalDate } from '../domain/local-date.ts';
import type { PresetName } from '../domain/plan-rules.ts';
import { simulatedProvider } from '../payments/simulated-provider.ts';
import { loadAssumptions } from '../projection/assumptions.ts';
import { poisson, seededRandom } from '../projection/random.ts';
import { getPlan } from '../repositories/plans-repo.ts';
import { listPeriods, type Period } from '../repositories/periods-repo.ts';
import { activeMembersByAge, countActiveMembers, sampleActiveMembers, sampleActiveMembersByAge } from '../repositories/members-repo.ts';
import { claimsByOutcome } from '../repositories/claims-repo.ts';
import { checkBooks, type BooksReport } from '../services/books-check.ts';
import { enrolBulk } from '../services/bulk-enrolment.ts';
import { advanceTo } from '../services/calendar-runner.ts';
import { approveClaim, fileClaim, recordFindings, rejectClaim } from '../services/claims-service.ts';
import { quitBulk } from '../services/membership-service.ts';
import { createPlan } from '../services/plans-service.ts';
import { applicants, monthlyIncidenceByAge } from './population.ts';

export interface SimulateOptions {
  members: number;
  months: number;
  seed: number;
  start: LocalDate;
  preset: PresetName;
  /** Share of charges that fail at the first attempt (the simulated payment provider). */
  failureRate: number;
  /** New joiners a month, as a share of the starting population. */
  monthlyJoinRate: number;
  /** Members leaving a month, as a share of those active (Xiang Hu Bao 2021: ~2M of ~80M). */
  monthlyLeaveRate: number;
  /** Share of claims an operator rejects after investigation (non-disclosure, not covered). */
  operatorRejectRate: number;
  onProgress?: (monthsDone: number, months: number) => void;
}

export const SIMULATE_DEFAULTS: Omit<SimulateOptions, 'onProgress'> = {
  members: 20_000, months: 12, seed: 1, start: '2020-01-01' as LocalDate, preset: 'critical-illness',
  failureRate: 0.005, monthlyJoinRate: 0.02, monthlyLeaveRate: 0.015, operatorRejectRate: 0.03,
};

export interface SimulationResult {
  periods: Period[];
  activeMembers: number;
  claims: Record<string, number>;
  books: BooksReport;
}

interface SimEvent {
  at: Date;
  seq: number;
  run: () => Promise<unknown>;
}

const PLAN = 'sim';

export async function simulate(db: Db, options: Partial<SimulateOptions> = {}): Promise<SimulationResult> {
  const o = { ...SIMULATE_DEFAULTS, ...options };
  const rand = seededRandom(o.seed);
  const assumptions = loadAssumptions();
  const provider = simulatedProvider({ failureRate: o.failureRate, seed: o.seed });
  const { year, month } = parts(o.start);
  const tz0 = 'Asia/Shanghai';
  await createPlan(db, { id: PLAN, name: 'Simulated critical-illness plan', preset: o.preset }, { key: `sim:${o.seed}:plan`, actor: 'simulate', at: startOfDay(o.start, tz0) });
  const plan = await getPlan(db, PLAN);
  const tz = plan.rules.timeZone;
  const incidence = monthlyIncidenceByAge(assumptions);
  const at = (d: LocalDate, hour: number) => new Date(startOfDay(d, tz).getTime() + hour * 3_600_000);

  const queue: SimEvent[] = [];
  let seq = 0;
  const push = (when: Date, run: () => Promise<unknown>) => queue.push({ at: when, seq: seq++, run });
  let nextPerson = 0;
  let claimNo = 0;

  for (let m = 0; m < o.months; m++) {
    const first = fromParts(year, month + m, 1);
    const next = fromParts(year, month + m + 1, 1);
    const days = Math.round((startOfDay(next, tz).getTime() - startOfDay(first, tz).getTime()) / 86_400_000);

    // Joiners: the whole starting population in the first month, then a steady inflow.
    const joining = m === 0 ? o.members : Math.round(o.members * o.monthlyJoinRate);
    const batch = applicants(plan.rules, assumptions, { count: joining, firstIndex: nextPerson, joinDate: first, rand });
    nextPerson += joining;
    await advanceTo(db, provider, at(first, 9));
    await enrolBulk(db, PLAN, batch, { key: `sim:${o.seed}:join:${m}`, actor: 'simulate', at: at(first, 9) });

    // Claims this month, by age: a Poisson count per age from the incidence curve.
    const byAge = await activeMembersByAge(db, PLAN, first);
    claimNo = await scheduleClaims({ db, o, rand, assumptions, incidence, byAge, first, days, at, push, claimNo, month: m });

    // Leavers: a random share of active members, mid-month, in one statement.
    const leaving = Math.round(Number(byAge.reduce((s, r) => s + r.n, 0n)) * o.monthlyLeaveRate);
    if (m > 0 && leaving > 0) {
      const mid = at(addDays(first, 14), 20);
      push(mid, async () => {
        const who = await sampleActiveMembers(db, { planId: PLAN, seed: `${o.seed}:leave:${m}`, count: leaving });
        await quitBulk(db, { plan: PLAN, persons: who }, { key: `sim:${o.seed}:quit:${m}`, actor: 'simulate', at: mid });
      });
    }

    // Run everything due before the month ends, in time order, with the calendar in between.
    queue.sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
    const end = startOfDay(next, tz);
    while (queue.length && queue[0]!.at < end) {
      const e = queue.shift()!;
      await advanceTo(db, provider, e.at);
      await e.run();
    }
    await advanceTo(db, provider, new Date(end.getTime() - 1));
    o.onProgress?.(m + 1, o.months);
  }

  const claims = await claimsByOutcome(db);
  return {
    periods: await listPeriods(db, PLAN),
    activeMembers: await countActiveMembers(db, PLAN),
    claims,
    books: await checkBooks(db),
  };
}

interface ClaimsOfMonth {
  db: Db;
  o: Omit<SimulateOptions, 'onProgress'>;
  rand: () => number;
  assumptions: ReturnType<typeof loadAssumptions>;
  incidence: Float64Array;
  byAge: { age: number; n: bigint }[];
  first: LocalDate;
  days: number;
  at: (d: LocalDate, hour: number) => Date;
  push: (when: Date, run: () => Promise<unknown>) => void;
  claimNo: number;
  month: number;
}

/** Draws this month's claimants by age and queues each claim's filing and decision; returns the last claim number. */
async function scheduleClaims(c: ClaimsOfMonth): Promise<number> {
  const { db, o, rand, assumptions, first, days, at, push } = c;
  let claimNo = c.claimNo;
  const wanted: { age: number; k: number }[] = [];
  for (const { age, n } of c.byAge) {
    const k = poisson(Number(n) * (c.incidence[Math.min(age, c.incidence.length - 1)] ?? 0), rand);
    if (k > 0) wanted.push({ age, k });
  }
  const claimants = wanted.length === 0 ? [] : await sampleActiveMembersByAge(db, { planId: PLAN, on: first, seed: `${o.seed}:${c.month}`, wanted });
  for (const ref of claimants) {
    const claim = `claim-${++claimNo}`;
    const diagnosedOn = addDays(first, Math.floor(rand() * days));
    const filedAt = at(addDays(diagnosedOn, 1 + Math.floor(rand() * 5)), 10);
    const decidedAt = at(addDays(diagnosedOn, 12 + Math.floor(rand() * 20)), 15);
    const severity = rand() < assumptions.incidence.mildShare ? 'mild' : 'severe';
    const cause = rand() < assumptions.incidence.accidentShare ? 'accident' : 'illness';
    const rejectIt = rand() < o.operatorRejectRate;
    push(filedAt, () => fileClaim(db, { plan: PLAN, claim, person: ref, diagnosedOn, severity, cause, diseaseCode: 'C00-D48' },
      { key: `sim:${o.seed}:${claim}:file`, actor: ref, at: filedAt }));
    push(decidedAt, async () => {
      const step = { actor: 'investigator-1', at: new Date(decidedAt.getTime() - 3_600_000) };
      try {
        await recordFindings(db, { claim, findings: 'hospital records and pathology report checked on site' }, { ...step, key: `sim:${o.seed}:${claim}:findings` });
      } catch {
        return; // rejected at filing by the automatic checks
      }
      const decision = { key: `sim:${o.seed}:${claim}:decide`, actor: 'operator-1', at: decidedAt };
      if (rejectIt) await rejectClaim(db, { claim, reason: 'undisclosed prior condition found in hospital records' }, decision);
      else await approveClaim(db, { claim, reason: 'diagnosis confirmed by investigation' }, decision);
    });
  }
  return claimNo;
}
