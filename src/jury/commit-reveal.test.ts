import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HuzhuError } from '../domain/errors.ts';
import {
  acceptCommit, acceptReveal, commitmentFor, newPanelRound, panelPhases, phaseAt, randomSalt, type Ballot, type Vote,
} from './commit-reveal.ts';

const J1 = 'a1'.repeat(32);
const J2 = 'b2'.repeat(32);
const OUTSIDER = 'c3'.repeat(32);
const T0 = new Date('2020-04-01T00:00:00+08:00');
const h = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const phases = panelPhases(T0, 48, 24);
const SALT = new Uint8Array(32).fill(7);

function code(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return e instanceof HuzhuError ? e.code : String(e); }
  return undefined;
}

function ballot(over: Partial<Ballot> = {}): Ballot {
  return { caseId: 'case-1', round: 0, juror: J1, vote: 'pay', justification: 'the pathology report is clear', salt: SALT, ...over };
}

describe('commitments', () => {
  it('hash the documented byte layout', () => {
    const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
    const just = Buffer.from('the pathology report is clear', 'utf8');
    const pre = Buffer.concat([Buffer.from('huzhu/jury-vote/v1'), u32(6), Buffer.from('case-1'), u32(0), Buffer.from(J1, 'hex'), Buffer.from([1]), u32(just.length), just, Buffer.from(SALT)]);
    expect(commitmentFor(ballot())).toBe(createHash('sha256').update(pre).digest('hex'));
  });

  it('bind every field: changing any one changes the commitment (property)', () => {
    fc.assert(fc.property(fc.constantFrom<keyof Ballot>('caseId', 'round', 'juror', 'vote', 'justification', 'salt'), fc.string({ minLength: 1 }), (field, text) => {
      fc.pre(!/[\ud800-\udfff]/.test(text));
      const changed: Ballot = { ...ballot(), ...{
        caseId: { caseId: `case-1${text}` }, round: { round: 1 }, juror: { juror: J2 }, vote: { vote: 'reject' as Vote },
        justification: { justification: `the pathology report is clear${text}` }, salt: { salt: new Uint8Array(32).fill(8) },
      }[field] };
      return commitmentFor(changed) !== commitmentFor(ballot());
    }));
  });

  it('refuse a salt of the wrong length', () => {
    expect(code(() => commitmentFor(ballot({ salt: new Uint8Array(16) })))).toBe('VALIDATION');
    expect(randomSalt()).toHaveLength(32);
  });
});

describe('a panel round', () => {
  const round = newPanelRound('case-1', 0, [J1, J2], phases);

  it('moves through its phases at the documented instants', () => {
    expect([h(-1), h(0), h(47.99), h(48), h(71.99), h(72)].map((t) => phaseAt(phases, t))).toEqual(['not-open', 'commit', 'commit', 'reveal', 'reveal', 'closed']);
  });

  it('accepts a commitment and then the matching reveal', () => {
    const c = commitmentFor(ballot());
    let s = acceptCommit(round, J1.toUpperCase(), c.toUpperCase(), h(1));
    s = acceptReveal(s, { juror: J1, vote: 'pay', justification: 'the pathology report is clear', saltHex: Buffer.from(SALT).toString('hex') }, h(50), 10);
    expect(s.reveals[J1]).toEqual({ vote: 'pay', justification: 'the pathology report is clear' });
  });

  it('takes votes only in their phase', () => {
    const c = commitmentFor(ballot());
    expect(code(() => acceptCommit(round, J1, c, h(-0.5)))).toBe('WRONG_PHASE');
    expect(code(() => acceptCommit(round, J1, c, h(48)))).toBe('WRONG_PHASE');
    const s = acceptCommit(round, J1, c, h(1));
    const reveal = { juror: J1, vote: 'pay' as Vote, justification: 'the pathology report is clear', saltHex: Buffer.from(SALT).toString('hex') };
    expect(code(() => acceptReveal(s, reveal, h(47), 10))).toBe('WRONG_PHASE');
    expect(code(() => acceptReveal(s, reveal, h(72), 10))).toBe('WRONG_PHASE');
    expect(code(() => acceptReveal(round, reveal, h(50), 10))).toBe('WRONG_PHASE'); // never committed
  });

  it('refuses a wrong reveal, a second vote and a juror who was not drawn', () => {
    const s = acceptCommit(round, J1, commitmentFor(ballot()), h(1));
    const salt = Buffer.from(SALT).toString('hex');
    expect(code(() => acceptReveal(s, { juror: J1, vote: 'reject', justification: 'the pathology report is clear', saltHex: salt }, h(50), 10))).toBe('REVEAL_MISMATCH');
    expect(code(() => acceptReveal(s, { juror: J1, vote: 'pay', justification: 'the pathology report is clear!', saltHex: salt }, h(50), 10))).toBe('REVEAL_MISMATCH');
    expect(code(() => acceptReveal(s, { juror: J1, vote: 'pay', justification: 'the pathology report is clear', saltHex: '00'.repeat(32) }, h(50), 10))).toBe('REVEAL_MISMATCH');
    expect(code(() => acceptCommit(s, J1, commitmentFor(ballot({ vote: 'reject' })), h(2)))).toBe('ALREADY_VOTED');
    expect(code(() => acceptCommit(s, OUTSIDER, commitmentFor(ballot({ juror: OUTSIDER })), h(2)))).toBe('NOT_DRAWN');
    const revealed = acceptReveal(s, { juror: J1, vote: 'pay', justification: 'the pathology report is clear', saltHex: salt }, h(50), 10);
    expect(code(() => acceptReveal(revealed, { juror: J1, vote: 'pay', justification: 'the pathology report is clear', saltHex: salt }, h(51), 10))).toBe('ALREADY_VOTED');
  });

  it('refuses a commitment copied from another juror (it is bound to the juror)', () => {
    const copied = commitmentFor(ballot()); // J1's
    const s = acceptCommit(round, J2, copied, h(1));
    expect(code(() => acceptReveal(s, { juror: J2, vote: 'pay', justification: 'the pathology report is clear', saltHex: Buffer.from(SALT).toString('hex') }, h(50), 10))).toBe('REVEAL_MISMATCH');
  });

  it('requires a written justification', () => {
    const b = ballot({ justification: 'ok' });
    const s = acceptCommit(round, J1, commitmentFor(b), h(1));
    expect(code(() => acceptReveal(s, { juror: J1, vote: 'pay', justification: 'ok', saltHex: Buffer.from(SALT).toString('hex') }, h(50), 10))).toBe('VALIDATION');
  });
});
