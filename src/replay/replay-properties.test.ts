/**
 * Money invariants over random scenarios run through the real engine (fast-check): whatever
 * members, claims, failures and departures happen, the books balance, every period satisfies the
 * sharing identity, nobody pays more than the annual cap, and what members were billed and paid
 * adds up to the periods' totals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testDb } from '../test-support/test-db.ts';
import { replay } from './run-replay.ts';
import { approveEv, claimEv, failsEv, inTimeOrder, joinEv, quitEv, recoversEv, type Ev } from './scenario-builder.ts';

const day = (n: number) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10);
const clock = (n: number, minute: number) => `${day(n)}T${String(8 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;

const scenarioArb = fc.record({
  people: fc.array(fc.record({ birthYear: fc.integer({ min: 1958, max: 2012 }), joinDay: fc.integer({ min: 0, max: 40 }), family: fc.boolean() }), { minLength: 2, maxLength: 12 }),
  claims: fc.array(fc.record({ who: fc.nat(), day: fc.integer({ min: 1, max: 85 }), mild: fc.boolean(), accident: fc.boolean(), approve: fc.boolean() }), { maxLength: 6 }),
  failures: fc.array(fc.record({ who: fc.nat(), day: fc.integer({ min: 0, max: 80 }), recoverAfter: fc.integer({ min: 1, max: 30 }) }), { maxLength: 3 }),
  quits: fc.array(fc.record({ who: fc.nat(), day: fc.integer({ min: 1, max: 85 }) }), { maxLength: 3 }),
  cap: fc.constantFrom(18_800, 2_000, 500),
});

type Random = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build(s: Random) {
  const events: Ev[] = [];
  const names = s.people.map((_, i) => `m${i}`);
  // A family member is enrolled by the previous person's payer account (a household).
  const payers: string[] = [];
  s.people.forEach((p, i) => {
    payers.push(p.family && i > 0 ? payers[i - 1]! : `pay${i}`);
    events.push({ ...joinEv(clock(p.joinDay, i), `m${i}`, `${p.birthYear}-03-15`), payer: payers[i]! });
  });
  s.claims.forEach((c, i) => {
    const w = c.who % names.length;
    const d = Math.max(c.day, s.people[w]!.joinDay + 1); // a claim comes after its member's join
    events.push(claimEv(clock(d, 100 + i), `c${i}`, `m${w}`, day(d - 1), c.mild ? 'mild' : 'severe', c.accident ? 'accident' : 'illness'));
    if (c.approve) events.push(approveEv(clock(d + 2, 100 + i), `c${i}`));
  });
  s.failures.forEach((f, i) => {
    const who = payers[f.who % names.length]!;
    events.push(failsEv(clock(Math.max(f.day, 41), 200 + i), who));
    events.push(recoversEv(clock(Math.max(f.day, 41) + f.recoverAfter, 200 + i), who));
  });
  s.quits.forEach((q, i) => events.push(quitEv(clock(Math.max(q.day, 41), 300 + i), `m${q.who % names.length}`)));
  return { plans: [{ id: 'ci', preset: 'critical-illness', rules: { annualCapFen: s.cap } }], until: day(115), events: inTimeOrder(events) };
}

describe('money invariants over random scenarios', () => {
  it('books balance, the sharing identity holds, caps hold, and members add up to periods', async () => {
    await fc.assert(fc.asyncProperty(scenarioArb, async (s) => {
      const db = await testDb();
      try {
        const input = build(s);
        const r = await replay(input, { db });
        expect(r.ledger.balanced).toBe(true);
        let billed = 0;
        let uncollected = 0;
        for (const p of r.periods) {
          expect(p.billedFen + p.operatorSubsidyFen + p.carriedInFen).toBe(p.payoutFen + p.feeFen + p.surplusOutFen);
          // Rounding leaves less than one fen per member; a period with nothing to charge carries the old surplus on.
          if (p.shareFen > 0) expect(p.surplusOutFen).toBeLessThan(p.sharingMembers);
          else expect(p.surplusOutFen).toBe(Math.max(0, p.carriedInFen - p.payoutFen - p.feeFen));
          expect(p.billedFen).toBeLessThanOrEqual(p.shareFen * p.sharingMembers);
          expect(p.uncollectedFen).toBeGreaterThanOrEqual(0);
          billed += p.billedFen;
          uncollected += p.uncollectedFen;
        }
        const members = Object.values(r.members);
        expect(members.reduce((x, m) => x + m.billedFen, 0)).toBe(billed);
        expect(members.reduce((x, m) => x + m.billedFen - m.paidFen, 0)).toBe(uncollected);
        // Everything happens in 2020, so no membership may be billed more than the cap.
        for (const m of members) expect(m.billedFen).toBeLessThanOrEqual(input.plans[0]!.rules.annualCapFen);
        for (const c of Object.values(r.claims)) if (c.status === 'paid') expect([30_000_000, 10_000_000, 5_000_000]).toContain(c.payoutFen);
      } finally {
        await db.close();
      }
    }), { numRuns: 12, endOnFailure: true, ...(process.env.HUZHU_FC_SEED ? { seed: Number(process.env.HUZHU_FC_SEED), path: process.env.HUZHU_FC_PATH } : {}) });
  }, 300_000);
});
