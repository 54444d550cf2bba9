/**
 * Contributions graded by age through `replay` (issue 14): `periods[].weightTotal`, a member's
 * weight by their age at 00:00 of each announcement day (a birthday on that day counts), and
 * equal weights giving exactly the ungraded result.
 */
import { describe, expect, it } from 'vitest';
import { replayOnTestDb } from '../test-support/replay-on-test-db.ts';
import { approveEv, claimEv, joinEv, scenario, type Ev } from './scenario-builder.ts';

const run = replayOnTestDb();

const EVENTS: Ev[] = [
  joinEv('2020-01-01', 'x', '1985-01-01'), // 35
  joinEv('2020-01-01', 'young', '1990-01-07'), // turns 30 on the 7 January announcement day
  joinEv('2020-01-01', 'turns30on21', '1990-01-21'), // 29 on 7 January, 30 on 21 January
  joinEv('2020-01-01', 'turns30on22', '1990-01-22'), // 29 on both announcement days
  joinEv('2020-01-01', 'kid', '2010-01-01'),
  claimEv('2020-01-02', 'c1', 'x', '2020-01-02', 'severe', 'accident'),
  approveEv('2020-01-03', 'c1'),
  claimEv('2020-01-15', 'c2', 'kid', '2020-01-15', 'mild', 'accident'),
  approveEv('2020-01-16', 'c2'),
];

describe('replay with contributions graded by age', () => {
  it('bills share x weight at each snapshot and reports weightTotal', async () => {
    const r = await run(scenario(EVENTS, '2020-01-31', { annualCapFen: null, contributionWeights: [{ fromAge: 0, weight: 1 }, { fromAge: 30, weight: 2 }] }));
    const [jan7, jan21] = r.periods;
    // W on 7 Jan: x 2 + young 2 + turns30on21 1 + turns30on22 1 + kid 1 = 7; 32,400,000 / 7 -> 4,628,572, surplus 4
    expect(jan7).toMatchObject({ sharingMembers: 5, weightTotal: 7, shareFen: 4_628_572, surplusOutFen: 4, billedFen: 4_628_572 * 7 });
    // W on 21 Jan (x paid out on the 14th): young 2 + turns30on21 2 + turns30on22 1 + kid 1 = 6; 5,399,996 / 6 -> 900,000, surplus 4
    expect(jan21).toMatchObject({ sharingMembers: 4, weightTotal: 6, carriedInFen: 4, shareFen: 900_000, surplusOutFen: 4, billedFen: 5_400_000 });
    expect(r.members.young!.billedFen).toBe(4_628_572 * 2 + 900_000 * 2);
    expect(r.members.turns30on21!.billedFen).toBe(4_628_572 + 900_000 * 2);
    expect(r.members.turns30on22!.billedFen).toBe(4_628_572 + 900_000);
    expect(r.members.kid!.billedFen).toBe(4_628_572 + 900_000);
    expect(r.ledger.balanced).toBe(true);
  });

  it('equal weights in several bands give exactly the ungraded result, with weightTotal = sharingMembers', async () => {
    const plain = await run(scenario(EVENTS, '2020-01-31', { annualCapFen: null }));
    const ones = await run(scenario(EVENTS, '2020-01-31', { annualCapFen: null, contributionWeights: [{ fromAge: 0, weight: 1 }, { fromAge: 30, weight: 1 }] }));
    expect(ones.periods).toEqual(plain.periods);
    expect(ones.members).toEqual(plain.members);
    for (const p of plain.periods) expect(p.weightTotal).toBe(p.sharingMembers);
  });

  it('graded weights with the annual cap: the heavier bill is capped and the operator pays the gap', async () => {
    const r = await run(scenario(EVENTS, '2020-01-31', { annualCapFen: 5_000_000, contributionWeights: [{ fromAge: 0, weight: 1 }, { fromAge: 30, weight: 2 }] }));
    const [jan7] = r.periods;
    // weight 2 would pay 9,257,144: capped at 50,000 yuan for x and young
    expect(jan7).toMatchObject({ weightTotal: 7, shareFen: 4_628_572, billedFen: 4_628_572 * 3 + 5_000_000 * 2 });
    expect(jan7!.operatorSubsidyFen).toBe(4_628_572 * 7 - jan7!.billedFen);
    expect(r.ledger.balanced).toBe(true);
  });
});
