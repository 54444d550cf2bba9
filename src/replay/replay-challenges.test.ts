/**
 * The replay's issue-6 events and their effect on periods: a challenge holds a claim out of the
 * coming charge; dismissed, it is shared in the next period; upheld, it is rejected; a rejected
 * claim the jury orders paid is shared in the next period; a challenger's appeal the jury
 * upholds rejects the claim. An auditor can recompute every share from these.
 */
import { describe, expect, it } from 'vitest';
import { replayOnTestDb } from '../test-support/replay-on-test-db.ts';
import { parseScenario } from './scenario.ts';
import {
  appealEv, approveEv, challengeEv, challengeResolvedEv, claimEv, joinEv, rejectEv, scenario, verdictEv,
} from './scenario-builder.ts';

const run = replayOnTestDb();

const members = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((m) => joinEv('2020-01-01', m, '1990-01-01'));
const twoClaims = [
  claimEv('2020-01-03', 'c1', 'a', '2020-01-02', 'severe', 'accident'),
  claimEv('2020-01-03', 'c2', 'b', '2020-01-02', 'mild', 'accident'),
  approveEv('2020-01-04', 'c1'),
  approveEv('2020-01-04', 'c2'),
];
const claimsOf = (r: Awaited<ReturnType<typeof run>>) => r.periods.map((p) => [p.announcedOn, p.claims]);

describe('replay: challenges and the jury', () => {
  it('a challenge holds the claim out; dismissed, the claim is shared in the next period', async () => {
    const r = await run(scenario([...members, ...twoClaims,
      challengeEv('2020-01-08', 'c1', 'c'),
      challengeResolvedEv('2020-01-16', 'c1', false),
    ], '2020-01-31', { annualCapFen: null }));
    expect(claimsOf(r)).toEqual([['2020-01-07', ['c2']], ['2020-01-21', ['c1']]]);
    expect(r.periods[0]).toMatchObject({ payoutFen: 5_000_000, sharingMembers: 10, shareFen: 540_000 });
    expect(r.periods[1]).toMatchObject({ payoutFen: 30_000_000 });
    expect(r.claims.c1).toMatchObject({ status: 'paid', payoutFen: 30_000_000 });
    expect(r.ledger.balanced).toBe(true);
  });

  it('an upheld challenge rejects the claim', async () => {
    const r = await run(scenario([...members, ...twoClaims,
      challengeEv('2020-01-08', 'c1', 'c'),
      challengeResolvedEv('2020-01-10', 'c1', true),
    ], '2020-01-31', { annualCapFen: null }));
    expect(claimsOf(r)).toEqual([['2020-01-07', ['c2']], ['2020-01-21', []]]);
    expect(r.claims.c1).toMatchObject({ status: 'rejected', payoutFen: 0, reason: 'CHALLENGE_UPHELD' });
  });

  it('a challenge still under review at the charge date keeps the claim out of that period', async () => {
    const r = await run(scenario([...members, ...twoClaims, challengeEv('2020-01-13T23:59:59', 'c2', 'c')], '2020-01-31', { annualCapFen: null }));
    expect(claimsOf(r)).toEqual([['2020-01-07', ['c1']], ['2020-01-21', []]]);
    expect(r.claims.c2!.status).toBe('approved'); // still held out, reported as approved-not-paid
  });

  it('records a challenge outside the notice as refused', async () => {
    const r = await run(scenario([...members, ...twoClaims, challengeEv('2020-01-05', 'c1', 'c'), challengeEv('2020-01-14T00:00:00', 'c2', 'd')], '2020-01-31', { annualCapFen: null }));
    expect(r.refused.map((x) => x.code)).toEqual(['CONFLICT', 'CONFLICT']);
    expect(claimsOf(r)[0]).toEqual(['2020-01-07', ['c1', 'c2']]);
  });

  it('a rejected claim the jury orders paid is shared in the next period', async () => {
    const r = await run(scenario([...members,
      claimEv('2020-01-03', 'c1', 'a', '2020-01-02', 'severe', 'accident'),
      rejectEv('2020-01-04', 'c1', 'non-disclosure'),
      appealEv('2020-01-10', 'c1'),
      verdictEv('2020-01-12', 'c1', true, 700, 400),
    ], '2020-01-31', { annualCapFen: null }));
    expect(claimsOf(r)).toEqual([['2020-01-07', []], ['2020-01-21', ['c1']]]);
    expect(r.claims.c1).toMatchObject({ status: 'paid', payoutFen: 30_000_000 });
  });

  it('a challenger who appeals a dismissal and wins gets the claim rejected; the claim waits meanwhile', async () => {
    const r = await run(scenario([...members, ...twoClaims,
      challengeEv('2020-01-08', 'c1', 'c'),
      challengeResolvedEv('2020-01-09', 'c1', false),
      appealEv('2020-01-10', 'c1'),
      verdictEv('2020-01-30', 'c1', false, 300, 900),
    ], '2020-02-29', { annualCapFen: null }));
    expect(claimsOf(r)).toEqual([['2020-01-07', ['c2']], ['2020-01-21', []], ['2020-02-07', []], ['2020-02-21', []]]);
    expect(r.claims.c1).toMatchObject({ status: 'rejected', reason: 'JURY' });
  });

  it('validates the new events: unknown claim or member, missing fields', () => {
    const base = (e: Record<string, unknown>) => ({ plans: [{ id: 'ci', preset: 'critical-illness' }], until: '2020-02-01', events: [members[0], e] });
    expect(() => parseScenario(base(challengeEv('2020-01-08', 'nope', 'a')))).toThrow(/events\[1\]\.claim: unknown claim "nope"/);
    expect(() => parseScenario(base({ ...verdictEv('2020-01-08', 'x', true, 1, 0), votesFor: -1 }))).toThrow(/events\[1\]\.votesFor/);
    expect(() => parseScenario(base({ at: '2020-01-08T10:00:00+08:00', type: 'challengeResolved', claim: 'x' }))).toThrow(/events\[1\]\.upheld/);
  });
});
