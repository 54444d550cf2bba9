import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClaimStatus } from '../domain/claim-rules.ts';
import { HuzhuError } from '../domain/errors.ts';
import { parseLocalDate as d } from '../domain/local-date.ts';
import {
  appealWindow, canChallengeTransition, challengeWindow, claimAfterChallenges, effectOfRuling, fileAppeal, fileChallenge, resolveChallenge,
  splitForCharge, type AnnouncedClaim, type ChallengeRequest, type ChallengeStatus,
} from './challenge-rules.ts';
import { DEFAULT_CHALLENGES } from '../domain/decision-settings.ts';

const TZ = 'Asia/Shanghai';
const S = DEFAULT_CHALLENGES;
const claim: AnnouncedClaim = {
  claimId: 'C1', status: 'approved', claimant: { memberId: 'm-claimant', payerAccountId: 'acct-1' }, approvedBy: 'op-1',
  announcedOn: d('2020-03-07'), chargedOn: d('2020-03-14'), juryRuled: false,
};
const EVIDENCE = ['e'.repeat(64)];

function req(over: Partial<ChallengeRequest> = {}): ChallengeRequest {
  return {
    id: 'ch-1', claim, challenger: { memberId: 'm-2', payerAccountId: 'acct-2', active: true },
    reason: 'I saw the claimant at work in the week of the surgery', evidenceHashes: EVIDENCE,
    at: new Date('2020-03-10T12:00:00+08:00'), timeZone: TZ, dismissedEvidence: [], ...over,
  };
}

function code(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return e instanceof HuzhuError ? e.code : String(e); }
  return undefined;
}

describe('the challenge window', () => {
  it('runs from 00:00 of the announcement day to 00:00 of the charge date, local time', () => {
    const w = challengeWindow(d('2020-03-07'), d('2020-03-14'), TZ);
    expect(w.opensAt.toISOString()).toBe('2020-03-06T16:00:00.000Z');
    expect(w.closesAt.toISOString()).toBe('2020-03-13T16:00:00.000Z');
    expect(code(() => fileChallenge(S, req({ at: new Date('2020-03-06T23:59:59+08:00') })))).toBe('WINDOW_CLOSED');
    expect(fileChallenge(S, req({ at: new Date('2020-03-07T00:00:00+08:00') })).status).toBe('under-review');
    expect(fileChallenge(S, req({ at: new Date('2020-03-13T23:59:59+08:00') })).status).toBe('under-review');
    expect(code(() => fileChallenge(S, req({ at: new Date('2020-03-14T00:00:00+08:00') })))).toBe('WINDOW_CLOSED');
  });
});

describe('who may challenge, and with what', () => {
  it('any active member except the claimant\'s own payer account, with a reason and evidence', () => {
    expect(code(() => fileChallenge(S, req({ challenger: { memberId: 'm-2', payerAccountId: 'acct-2', active: false } })))).toBe('NOT_ENTITLED');
    expect(code(() => fileChallenge(S, req({ challenger: { memberId: 'm-claimant', payerAccountId: 'acct-1', active: true } })))).toBe('NOT_ENTITLED');
    expect(code(() => fileChallenge(S, req({ challenger: { memberId: 'm-child', payerAccountId: 'acct-1', active: true } })))).toBe('NOT_ENTITLED');
    expect(code(() => fileChallenge(S, req({ reason: 'fake' })))).toBe('VALIDATION');
    expect(code(() => fileChallenge(S, req({ evidenceHashes: [] })))).toBe('VALIDATION');
  });

  it('only against a claim under notice, and not one the jury ordered paid', () => {
    for (const status of ['pending', 'investigating', 'paid', 'rejected'] as ClaimStatus[]) {
      expect(code(() => fileChallenge(S, req({ claim: { ...claim, status } })))).toBe('CONFLICT');
    }
    expect(fileChallenge(S, req({ claim: { ...claim, status: 'challenged' } })).status).toBe('under-review'); // joins the review
    expect(code(() => fileChallenge(S, req({ claim: { ...claim, juryRuled: true } })))).toBe('CONFLICT');
  });

  it('a re-announced claim needs new evidence, so a dismissed challenge cannot be repeated to delay payment', () => {
    expect(code(() => fileChallenge(S, req({ dismissedEvidence: EVIDENCE.map((e) => e.toUpperCase()) })))).toBe('CONFLICT');
    expect(fileChallenge(S, req({ dismissedEvidence: EVIDENCE, evidenceHashes: [...EVIDENCE, 'f'.repeat(64)] })).evidenceHashes).toHaveLength(2);
  });
});

describe('deciding a challenge and its effect on the claim', () => {
  const ch = fileChallenge(S, req());
  const at = new Date('2020-03-12T10:00:00+08:00');

  it('a different operator from the approver decides, with a reason', () => {
    expect(code(() => resolveChallenge(ch, claim, { outcome: 'upheld', by: 'op-1', reason: 'employer confirms attendance', at }, 10))).toBe('FOUR_EYES');
    expect(code(() => resolveChallenge(ch, claim, { outcome: 'upheld', by: 'op-2', reason: 'yes', at }, 10))).toBe('VALIDATION');
    const upheld = resolveChallenge(ch, claim, { outcome: 'upheld', by: 'op-2', reason: 'employer confirms attendance', at }, 10);
    expect(upheld.decision?.by).toBe('op-2');
    expect(code(() => resolveChallenge(upheld, claim, { outcome: 'dismissed', by: 'op-2', reason: 'employer confirms attendance', at }, 10))).toBe('CONFLICT');
  });

  it('under review: held out of the coming charge; dismissed: into the next announcement; upheld: rejected', () => {
    expect(claimAfterChallenges([{ status: 'under-review' }])).toEqual({ status: 'challenged' });
    expect(claimAfterChallenges([{ status: 'dismissed' }])).toEqual({ status: 'approved', reannounce: true });
    expect(claimAfterChallenges([{ status: 'dismissed' }, { status: 'upheld' }])).toEqual({ status: 'rejected' });
    expect(claimAfterChallenges([{ status: 'dismissed' }, { status: 'under-review' }])).toEqual({ status: 'challenged' });
    expect(claimAfterChallenges([])).toEqual({ status: 'approved', reannounce: false });
  });

  it('computes the charge from the claims still in it (property)', () => {
    const statuses: ClaimStatus[] = ['approved', 'challenged', 'rejected'];
    fc.assert(fc.property(fc.array(fc.record({ claimId: fc.string(), status: fc.constantFrom(...statuses), underReview: fc.boolean() })), (claims) => {
      const { charged, heldOut } = splitForCharge(claims);
      return charged.length + heldOut.length === claims.length
        && charged.every((c) => c.status === 'approved' && !c.underReview)
        && heldOut.every((c) => c.status !== 'approved' || c.underReview);
    }));
  });

  it('follows the challenge state machine', () => {
    const all: ChallengeStatus[] = ['under-review', 'dismissed', 'upheld', 'appealed'];
    const allowed = all.flatMap((f) => all.filter((t) => canChallengeTransition(f, t)).map((t) => `${f}->${t}`));
    expect(allowed).toEqual(['under-review->dismissed', 'under-review->upheld', 'dismissed->appealed']);
  });
});

describe('appeals to the jury', () => {
  const decidedAt = new Date('2020-03-10T15:00:00+08:00');

  it('are open for 30 days after the decision day', () => {
    const w = appealWindow(decidedAt, TZ, 30);
    expect(w.closesAt.toISOString()).toBe(new Date('2020-04-10T00:00:00+08:00').toISOString());
    const subject = { kind: 'claim-rejected' as const, claimId: 'C1', claimant: claim.claimant, decidedAt, byJury: false };
    expect(fileAppeal(S, subject, claim.claimant, new Date('2020-04-09T23:59:59+08:00'), TZ).statusQuo).toBe('reject');
    expect(code(() => fileAppeal(S, subject, claim.claimant, new Date('2020-04-10T00:00:00+08:00'), TZ))).toBe('WINDOW_CLOSED');
  });

  it('belong to the rejected claimant (or their payer account) and to the dismissed challenger', () => {
    const rejected = { kind: 'claim-rejected' as const, claimId: 'C1', claimant: claim.claimant, decidedAt, byJury: false };
    const at = new Date('2020-03-20T12:00:00+08:00');
    expect(fileAppeal(S, rejected, { memberId: 'parent', payerAccountId: 'acct-1' }, at, TZ).kind).toBe('claim-rejected');
    expect(code(() => fileAppeal(S, rejected, { memberId: 'm-2', payerAccountId: 'acct-2' }, at, TZ))).toBe('NOT_ENTITLED');
    expect(code(() => fileAppeal(S, { ...rejected, byJury: true }, claim.claimant, at, TZ))).toBe('NOT_ENTITLED');
    const dismissed = { kind: 'challenge-dismissed' as const, claimId: 'C1', challengeId: 'ch-1', challenger: { memberId: 'm-2', payerAccountId: 'acct-2' }, decidedAt };
    expect(fileAppeal(S, dismissed, { memberId: 'm-2', payerAccountId: 'acct-2' }, at, TZ).statusQuo).toBe('pay');
    expect(code(() => fileAppeal(S, dismissed, claim.claimant, at, TZ))).toBe('NOT_ENTITLED');
  });

  it('end in a ruling that changes the claim only when the jury overturns the decision', () => {
    expect(effectOfRuling('claim-rejected', 'pay')).toEqual({ claim: 'approved', reannounce: true, juryRuled: true });
    expect(effectOfRuling('claim-rejected', 'reject')).toEqual({ claim: 'unchanged' });
    expect(effectOfRuling('challenge-dismissed', 'reject')).toEqual({ claim: 'rejected', juryRuled: true });
    expect(effectOfRuling('challenge-dismissed', 'pay')).toEqual({ claim: 'unchanged' });
  });
});
