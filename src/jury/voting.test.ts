import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HuzhuError } from '../domain/errors.ts';
import type { JuryCaseOpening } from '../challenges/challenge-rules.ts';
import { acceptCommit, acceptReveal, commitmentFor, newPanelRound, panelPhases, type Vote } from './commit-reveal.ts';
import { DEFAULT_JURY, type JurySettings } from '../domain/decision-settings.ts';
import {
  appealRound, applyCoherence, caseStatus, castOpenVote, closeOpenRound, closePanelRound, coherencePercent, coherenceUpdates,
  extendForLateVote, newOpenRound, publishRound, type JuryCase, type OpenRoundState, type RoundResult,
} from './voting.ts';

const T0 = new Date('2020-04-01T00:00:00Z');
const min = (m: number) => new Date(T0.getTime() + m * 60_000);
const H = 60;
const S: JurySettings = DEFAULT_JURY;
const LATE = S.lateVote;

function code(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return e instanceof HuzhuError ? e.code : String(e); }
  return undefined;
}

/** What the store does around the pure state: one ballot per juror. */
class BallotBox {
  ballots = new Map<string, Vote>();
  constructor(public state: OpenRoundState, private late = LATE) {}
  cast(juror: string, vote: Vote, at: Date): this {
    this.state = castOpenVote(this.state, vote, at, this.late, this.ballots.has(juror));
    this.ballots.set(juror, vote);
    return this;
  }
  close(s: JurySettings, statusQuo: Vote, at: Date): RoundResult {
    return closeOpenRound(this.state, s, statusQuo, at, [...this.ballots].map(([juror, vote]) => ({ juror, vote })));
  }
}

describe('open mode', () => {
  it('needs the quorum of valid votes; more than half for pay decides', () => {
    const small: JurySettings = { ...S, open: { quorum: 4, durationHours: 24 } };
    const cast = (votes: Vote[]) => votes.reduce((box, v, i) => box.cast(`m${i}`, v, min(i + 1)), new BallotBox(newOpenRound('case-1', T0, small)));
    expect(cast(['pay', 'pay', 'reject']).close(small, 'reject', min(24 * H))).toMatchObject({ decidedBy: 'no-quorum', ruling: 'reject' }); // the decision under appeal stands
    expect(cast(['pay', 'pay', 'reject']).close(small, 'pay', min(24 * H))).toMatchObject({ decidedBy: 'no-quorum', ruling: 'pay' });
    expect(cast(['pay', 'pay', 'reject', 'reject']).close(small, 'pay', min(24 * H)).ruling).toBe('reject'); // 50% is not more than 50%
    expect(cast(['pay', 'pay', 'pay', 'reject']).close(small, 'reject', min(24 * H))).toMatchObject({ ruling: 'pay', decidedBy: 'majority', tally: { pay: 3, reject: 1, valid: 4 } });
  });

  it('defaults to 1,000 valid votes, as Xiang Hu Bao required', () => {
    const box = new BallotBox(newOpenRound('case-1', T0, S));
    for (let i = 0; i < 999; i++) box.cast(`m${i}`, i % 3 ? 'pay' : 'reject', min(1));
    expect(box.close(S, 'reject', min(24 * H)).decidedBy).toBe('no-quorum');
    box.cast('m999', 'pay', min(2));
    expect(box.close(S, 'reject', min(24 * H))).toMatchObject({ decidedBy: 'majority', ruling: 'pay' });
  });

  it('takes one vote per juror, only while open, and publishes only after the close', () => {
    const box = new BallotBox(newOpenRound('case-1', T0, S)).cast('m1', 'pay', min(1));
    expect(code(() => box.cast('m1', 'reject', min(2)))).toBe('ALREADY_VOTED');
    expect(code(() => box.cast('m2', 'pay', min(-1)))).toBe('WRONG_PHASE');
    expect(code(() => box.cast('m2', 'pay', min(24 * H)))).toBe('WRONG_PHASE');
    expect(code(() => box.close(S, 'reject', min(24 * H - 1)))).toBe('WRONG_PHASE');
    expect(box.state.tally).toEqual({ pay: 1, reject: 0, valid: 1 });
    expect(code(() => closeOpenRound(box.state, S, 'reject', min(24 * H), []))).toBe('CONFLICT'); // a lost ballot is caught
  });
});

describe('the silent ending', () => {
  it('extends by an hour for a vote in the last hour', () => {
    const box = new BallotBox(newOpenRound('case-1', T0, S));
    box.cast('early', 'pay', min(22 * H));
    expect(box.state.closesAt).toEqual(min(24 * H));
    box.cast('late', 'pay', min(23 * H));
    expect(box.state.closesAt).toEqual(min(25 * H));
    box.cast('later', 'reject', min(24 * H + 30)); // accepted: the vote was extended
    expect(box.state.closesAt).toEqual(min(26 * H));
  });

  it('never shortens and never extends by more than a day in all (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 60 * 60 }), { maxLength: 80 }), (offsets) => {
      const box = new BallotBox(newOpenRound('case-1', T0, S));
      let prevClose = box.state.closesAt.getTime();
      let i = 0;
      for (const o of [...offsets].sort((a, b) => a - b)) {
        const at = min(o);
        if (at.getTime() >= box.state.closesAt.getTime()) break;
        box.cast(`m${i++}`, i % 2 ? 'pay' : 'reject', at);
        if (box.state.closesAt.getTime() < prevClose) return false;
        prevClose = box.state.closesAt.getTime();
      }
      return box.state.closesAt.getTime() <= min(48 * H).getTime();
    }));
  });

  it('reaches the cap and stops there', () => {
    let close = min(24 * H);
    for (let i = 0; i < 30; i++) close = extendForLateVote(close, min(24 * H), new Date(close.getTime() - 60_000), LATE, true);
    expect(close).toEqual(min(48 * H));
  });

  it('with trigger "swing", extends only when the lead changes', () => {
    const box = new BallotBox(newOpenRound('case-1', T0, S), { ...LATE, trigger: 'swing' });
    box.cast('a', 'pay', min(60)).cast('b', 'pay', min(23 * H + 1)); // pay stays ahead
    expect(box.state.closesAt).toEqual(min(24 * H));
    box.cast('c', 'reject', min(23 * H + 2)); // 2:1, pay still ahead
    expect(box.state.closesAt).toEqual(min(24 * H));
    box.cast('d', 'reject', min(23 * H + 3)); // 2:2, the lead is lost: a swing
    expect(box.state.closesAt).toEqual(min(25 * H));
  });
});

const P = Array.from({ length: 11 }, (_, i) => (i + 10).toString(16).repeat(32).slice(0, 64).padEnd(64, '0'));
const SALT = new Uint8Array(32).fill(1);
const saltHex = Buffer.from(SALT).toString('hex');

function panelRound(votes: (Vote | 'none' | 'commit-only')[], round = 0) {
  const phases = panelPhases(T0, 48, 24);
  let s = newPanelRound('case-1', round, P.slice(0, votes.length), phases);
  const just = 'I read the pathology report and it is clear';
  votes.forEach((v, i) => {
    if (v === 'none') return;
    const vote: Vote = v === 'commit-only' ? 'pay' : v;
    s = acceptCommit(s, P[i]!, commitmentFor({ caseId: 'case-1', round, juror: P[i]!, vote, justification: just, salt: SALT }), min(10));
  });
  votes.forEach((v, i) => {
    if (v === 'pay' || v === 'reject') s = acceptReveal(s, { juror: P[i]!, vote: v, justification: just, saltHex }, min(49 * H), 10);
  });
  return s;
}

describe('panel mode', () => {
  it('decides by the majority of revealed votes; non-revealers are misses', () => {
    const s = panelRound(['pay', 'pay', 'reject', 'none', 'commit-only', 'pay', 'reject', 'pay', 'pay', 'reject', 'pay']);
    const r = closePanelRound(s, 'reject', min(72 * H));
    expect(r).toMatchObject({ ruling: 'pay', decidedBy: 'majority', tally: { pay: 6, reject: 3, valid: 9 } });
    expect(r.misses).toEqual([P[3], P[4]]);
    expect(r.justifications).toHaveLength(9);
  });

  it('leaves the decision under appeal standing on a tie or with no votes', () => {
    expect(closePanelRound(panelRound(['pay', 'reject', 'none']), 'reject', min(72 * H))).toMatchObject({ ruling: 'reject', decidedBy: 'tie' });
    expect(closePanelRound(panelRound(['pay', 'reject', 'none']), 'pay', min(72 * H))).toMatchObject({ ruling: 'pay', decidedBy: 'tie' });
    expect(closePanelRound(panelRound(['none', 'none', 'none']), 'reject', min(72 * H))).toMatchObject({ ruling: 'reject', decidedBy: 'no-votes', misses: P.slice(0, 3) });
  });

  it('publishes nothing before the reveal closes, and the justifications after', () => {
    const s = panelRound(['pay', 'pay', 'reject']);
    expect(code(() => closePanelRound(s, 'reject', min(72 * H - 1)))).toBe('WRONG_PHASE');
    const pub = publishRound('case-1', closePanelRound(s, 'reject', min(72 * H)));
    expect(pub.justifications.map((j) => j.vote)).toEqual(['pay', 'pay', 'reject']);
    expect(pub.closedAt).toBe(min(72 * H).toISOString());
  });
});

describe('appeals between rounds and finality', () => {
  const claimantAppeal: JuryCaseOpening = { claimId: 'C1', kind: 'claim-rejected', appellant: { memberId: 'm', payerAccountId: 'p' }, statusQuo: 'reject' };
  const challengerAppeal: JuryCaseOpening = { ...claimantAppeal, kind: 'challenge-dismissed', statusQuo: 'pay' };
  const result = (round: number, ruling: Vote): RoundResult => ({
    mode: 'panel', round, closedAt: min(72 * H), tally: { pay: 0, reject: 0, valid: 0 }, ruling, decidedBy: 'majority', votes: [], misses: [], justifications: [],
  });
  const panelCase = (opening: JuryCaseOpening, rulings: Vote[]): JuryCase => ({ caseId: 'case-1', mode: 'panel', opening, rounds: rulings.map((r, i) => result(i, r)) });

  it('lets the losing member appeal to 2n+1 new jurors, until the last round', () => {
    const c = panelCase(claimantAppeal, ['reject']);
    expect(appealRound(c, S, 'claimant', min(80 * H))).toEqual({ round: 1, size: 23 });
    expect(code(() => appealRound(c, S, 'challenger', min(80 * H)))).toBe('NOT_ENTITLED');
    expect(appealRound(panelCase(claimantAppeal, ['reject', 'reject']), S, 'claimant', min(80 * H))).toEqual({ round: 2, size: 47 });
    const last = panelCase(claimantAppeal, ['reject', 'reject', 'reject']);
    expect(caseStatus(last, S, min(80 * H))).toEqual({ final: true, ruling: 'reject', round: 2 });
    expect(code(() => appealRound(last, S, 'claimant', min(80 * H)))).toBe('CONFLICT');
  });

  it('is final at once when a claimant wins against the operator, and after the appeal deadline otherwise', () => {
    expect(caseStatus(panelCase(claimantAppeal, ['pay']), S, min(73 * H))).toMatchObject({ final: true, ruling: 'pay' });
    const c = panelCase(challengerAppeal, ['pay']);
    expect(caseStatus(c, S, min(73 * H))).toMatchObject({ final: false, side: 'challenger' });
    expect(caseStatus(c, S, min(72 * H + 7 * 24 * H))).toMatchObject({ final: true, ruling: 'pay' });
    expect(caseStatus({ ...c, rounds: [] }, S, min(0))).toEqual({ final: false, awaiting: 'first-round' });
  });

  it('has a single, final round in open mode', () => {
    expect(caseStatus({ caseId: 'c', mode: 'open', opening: claimantAppeal, rounds: [{ ...result(0, 'reject'), mode: 'open' }] }, S, min(73 * H))).toMatchObject({ final: true });
  });
});

describe('coherence records', () => {
  it('count how often each juror matched the final ruling, across rounds', () => {
    const rounds = [
      { votes: [{ juror: 'a', vote: 'pay' as Vote }, { juror: 'b', vote: 'reject' as Vote }] },
      { votes: [{ juror: 'c', vote: 'reject' as Vote }, { juror: 'a', vote: 'pay' as Vote }] },
    ];
    const records = applyCoherence({ a: { votes: 2, matched: 0 } }, coherenceUpdates(rounds, 'reject'));
    expect(records).toEqual({ a: { votes: 4, matched: 0 }, b: { votes: 1, matched: 1 }, c: { votes: 1, matched: 1 } });
    expect(coherencePercent(records.a!)).toBe(0);
    expect(coherencePercent({ votes: 3, matched: 2 })).toBe(66);
    expect(coherencePercent({ votes: 0, matched: 0 })).toBeNull();
  });

  it('never count more matches than votes (property)', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.record({ juror: fc.constantFrom('a', 'b', 'c'), vote: fc.constantFrom<Vote>('pay', 'reject') }))), fc.constantFrom<Vote>('pay', 'reject'), (rounds, ruling) => {
      const rec = applyCoherence({}, coherenceUpdates(rounds.map((votes) => ({ votes })), ruling));
      const total = Object.values(rec).reduce((s, r) => s + r.votes, 0);
      return total === rounds.flat().length && Object.values(rec).every((r) => r.matched <= r.votes);
    }));
  });
});
