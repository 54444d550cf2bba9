/**
 * The replay's issue-14 events: a rule change proposed and voted on; the output's `proposals`
 * with their tallies, refused votes with their codes, and a passed fee change in force for the
 * period announced on its effective date (members counted at 00:00 of it).
 */
import { describe, expect, it } from 'vitest';
import { replayOnTestDb } from '../test-support/replay-on-test-db.ts';
import { parseScenario } from './scenario.ts';
import { approveEv, claimEv, joinEv, proposeEv, scenario, voteEv } from './scenario-builder.ts';

const run = replayOnTestDb();
const governance = { votingDays: 1, quorumBasisPoints: 500, thresholdBasisPoints: 6700, noticeDays: 0 };
const members = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((m) => joinEv('2020-01-01', m, '1990-01-01'));
const claim = [claimEv('2020-01-03', 'c1', 'a', '2020-01-02', 'mild', 'accident'), approveEv('2020-01-04', 'c1')];

describe('replay: rule changes by vote', () => {
  it('a passed fee change applies to the period announced on its date; refused votes carry their codes', async () => {
    const r = await run(scenario([...members, ...claim,
      joinEv('2020-01-02T11:00:00', 'late', '1990-01-01'),
      proposeEv('2020-01-02T10:00:00', 'fee0', { feeBasisPoints: 0 }, '2020-01-07'),
      voteEv('2020-01-02T12:00:00', 'fee0', 'a', true),
      voteEv('2020-01-02T12:00:00', 'fee0', 'b', true),
      voteEv('2020-01-02T12:00:00', 'fee0', 'b', false), // a second vote
      voteEv('2020-01-02T12:00:00', 'fee0', 'late', true), // joined after the vote opened
      voteEv('2020-01-02T13:00:00', 'fee0', 'c', false),
      voteEv('2020-01-03T09:59:59', 'fee0', 'd', true), // one second before the close
      voteEv('2020-01-03T10:00:00', 'fee0', 'e', true), // at the close
      proposeEv('2020-01-02T10:00:00', 'cap', { perCaseCapFen: 100 }, '2020-01-07'),
      proposeEv('2020-01-20T10:00:00', 'later', { waitingPeriodDays: 30 }, '2020-03-01'),
    ], '2020-01-20', { annualCapFen: null, governance }));
    expect(r.proposals).toEqual({
      fee0: { status: 'passed', votesFor: 3, votesAgainst: 1, eligible: 10 },
      cap: { status: 'rejected', votesFor: 0, votesAgainst: 0, eligible: 10 },
      later: { status: 'open', votesFor: 0, votesAgainst: 0, eligible: 11 },
    });
    expect(r.refused.map((x) => x.code)).toEqual(['ALREADY_VOTED', 'NOT_ENTITLED', 'WINDOW_CLOSED']);
    expect(r.periods[0]).toMatchObject({ announcedOn: '2020-01-07', payoutFen: 5_000_000, feeFen: 0, sharingMembers: 11, shareFen: Math.ceil(5_000_000 / 11) });
    expect(r.ledger.balanced).toBe(true);
  });

  it('without the vote the same period carries the fee', async () => {
    const r = await run(scenario([...members, ...claim], '2020-01-20', { annualCapFen: null, governance }));
    expect(r.periods[0]).toMatchObject({ announcedOn: '2020-01-07', feeFen: 400_000 });
    expect(r.proposals).toEqual({});
  });

  it('checks the events: a vote on an unknown proposal, a proposal made twice', () => {
    const bad = (events: Record<string, unknown>[]) => () => parseScenario(scenario(events as never, '2020-01-31'));
    expect(bad([...members, voteEv('2020-01-02', 'x', 'a', true)])).toThrow(/events\[10\]\.proposal: unknown proposal/);
    expect(bad([...members, proposeEv('2020-01-02', 'p', { feeBasisPoints: 0 }, '2020-03-01'), proposeEv('2020-01-02', 'p', { feeBasisPoints: 0 }, '2020-03-01')]))
      .toThrow(/events\[11\]\.proposal: proposal "p" was already made/);
  });
});
