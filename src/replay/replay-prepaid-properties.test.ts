/**
 * Prepaid money invariants over random scenarios through the real engine (fast-check): whatever
 * recharges, joins, claims and departures happen, the books check passes (wallets = recharges -
 * deductions - refunds; settlement = surplus + wallets after every charge day), no wallet goes
 * below zero or above its limit, and at most one reminder per payer per charge, each for a failed
 * payment or a balance below the reminder level.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testDb } from '../test-support/test-db.ts';
import { replay } from './run-replay.ts';
import { approveEv, claimEv, inTimeOrder, joinEv, quitEv, type Ev } from './scenario-builder.ts';

const day = (n: number) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10);
const clock = (n: number, minute: number) => `${day(n)}T${String(8 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;

const arb = fc.record({
  people: fc.array(fc.record({ joinDay: fc.integer({ min: 0, max: 30 }), topUp: fc.integer({ min: 0, max: 5000 }) }), { minLength: 2, maxLength: 6 }),
  recharges: fc.array(fc.record({ who: fc.nat(), day: fc.integer({ min: 0, max: 60 }), fen: fc.integer({ min: 1, max: 3000 }) }), { maxLength: 8 }),
  claims: fc.array(fc.record({ who: fc.nat(), day: fc.integer({ min: 1, max: 60 }), mild: fc.boolean() }), { maxLength: 4 }),
  quits: fc.array(fc.record({ who: fc.nat(), day: fc.integer({ min: 1, max: 60 }) }), { maxLength: 2 }),
  payout: fc.integer({ min: 100, max: 6000 }),
});

describe('prepaid money invariants over random scenarios', () => {
  it('the books check passes and every wallet stays within 0 and its limit', async () => {
    await fc.assert(fc.asyncProperty(arb, async (s) => {
      const db = await testDb();
      try {
        const events: Ev[] = [];
        const charge = (at: string, payer: string, amountFen: number): Ev => ({ at: `${at}+08:00`, type: 'recharge', plan: 'ci', payer, amountFen });
        s.people.forEach((p, i) => {
          if (p.topUp > 0) events.push(charge(clock(p.joinDay, i), `m${i}`, p.topUp));
          events.push(joinEv(clock(p.joinDay, i + 20), `m${i}`, '1990-03-15'));
        });
        const n = s.people.length;
        s.recharges.forEach((r, i) => events.push(charge(clock(r.day, 100 + i), `m${r.who % n}`, r.fen)));
        s.claims.forEach((c, i) => {
          const w = c.who % n;
          const d = Math.max(c.day, s.people[w]!.joinDay + 1);
          events.push(claimEv(clock(d, 200 + i), `c${i}`, `m${w}`, day(d - 1), c.mild ? 'mild' : 'severe', 'accident'));
          events.push(approveEv(clock(d + 1, 200 + i), `c${i}`));
        });
        s.quits.forEach((q, i) => events.push(quitEv(clock(Math.max(q.day, s.people[q.who % n]!.joinDay + 1), 300 + i), `m${q.who % n}`)));
        const r = await replay({
          plans: [{ id: 'ci', preset: 'critical-illness', rules: {
            funding: { mode: 'prepaid', joinDepositFen: 1000, lowBalanceFen: 500, maxBalanceFen: 5000 },
            payoutBands: [{ maxAge: 200, severeFen: s.payout }], mildPayoutFen: s.payout, feeBasisPoints: 800, annualCapFen: null,
          } }],
          until: day(75), events: inTimeOrder(events),
        }, { db });
        expect(r.ledger.balanced).toBe(true);
        for (const p of r.periods) expect(p.walletsFen).toBeGreaterThanOrEqual(0);
        for (const [payer, w] of Object.entries(r.payers!)) {
          expect(w.balanceFen).toBeGreaterThanOrEqual(0);
          expect(w.balanceFen).toBeLessThanOrEqual(5000);
          const on = w.reminders.map((x) => x.announcedOn);
          expect(new Set(on).size).toBe(on.length);
          for (const x of w.reminders) expect(x.reason === 'payment-failed' || x.balanceFen < 500).toBe(true);
        }
      } finally {
        await db.close();
      }
    }), { numRuns: 4 });
  }, 300_000);
});
