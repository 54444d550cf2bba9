import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HuzhuError } from '../domain/errors.ts';
import { addDays, parseLocalDate as d } from '../domain/local-date.ts';
import { CRITICAL_ILLNESS } from '../domain/plan-rules.ts';
import { DEFAULT_JURY } from '../domain/decision-settings.ts';
import { assertJurorEligible, assertNoConflict, gradeQuiz, hasConflictOfInterest, jurorEligibility, type CaseParties, type JurorCandidate } from './qualification.ts';
import { loadDefaultQuizBank, parseQuizBank, quizForCandidate } from './quiz-bank.ts';
import { quizBankForRules } from './quiz-amounts.ts';

const S = DEFAULT_JURY;
const ON = d('2020-06-01');
const ok: JurorCandidate = {
  membershipStatus: 'active', birthDate: d('1990-01-01'), joinedOn: d('2019-01-01'), fraudFinding: false, passedQuizBankId: S.quiz.bankId, misses: 0,
};

describe('juror eligibility', () => {
  it('accepts a qualified member', () => {
    expect(jurorEligibility(S, ok, ON)).toEqual({ eligible: true, reasons: [] });
  });

  it('checks each requirement at its boundary', () => {
    const codes = (c: Partial<JurorCandidate>) => jurorEligibility(S, { ...ok, ...c }, ON).reasons.map((r) => r.code);
    expect(codes({ membershipStatus: 'left' })).toEqual(['not-active']);
    expect(codes({ birthDate: d('2002-06-01') })).toEqual([]); // 18 today
    expect(codes({ birthDate: d('2002-06-02') })).toEqual(['under-age']); // 18 tomorrow
    expect(codes({ joinedOn: addDays(ON, -30) })).toEqual([]);
    expect(codes({ joinedOn: addDays(ON, -29) })).toEqual(['tenure']);
    expect(codes({ fraudFinding: true })).toEqual(['fraud-finding']);
    expect(codes({ passedQuizBankId: null })).toEqual(['no-quiz']);
    expect(codes({ passedQuizBankId: 'an-old-bank' })).toEqual(['no-quiz']);
    expect(codes({ misses: 2 })).toEqual([]);
    expect(codes({ misses: 3 })).toEqual(['misses']);
  });

  it('lists every unmet requirement, and throws NOT_QUALIFIED', () => {
    const bad = { ...ok, membershipStatus: 'removed-nonpayment', fraudFinding: true, misses: 5 };
    expect(jurorEligibility(S, bad, ON).reasons.map((r) => r.code)).toEqual(['not-active', 'fraud-finding', 'misses']);
    expect(() => assertJurorEligible(S, bad, ON)).toThrow(expect.objectContaining({ code: 'NOT_QUALIFIED' }));
  });

  it('is eligible exactly when every requirement holds (property)', () => {
    fc.assert(fc.property(fc.constantFrom('active', 'left'), fc.integer({ min: 0, max: 40 * 365 }), fc.integer({ min: 0, max: 100 }), fc.boolean(), fc.boolean(), fc.nat(5), (status, ageDays, tenureDays, fraud, quiz, misses) => {
      const c: JurorCandidate = { membershipStatus: status, birthDate: addDays(ON, -ageDays), joinedOn: addDays(ON, -tenureDays), fraudFinding: fraud, passedQuizBankId: quiz ? S.quiz.bankId : null, misses };
      const e = jurorEligibility(S, c, ON);
      const expected = status === 'active' && addDays(ON, -ageDays) <= d('2002-06-01') && tenureDays >= 30 && !fraud && quiz && misses < 3;
      return e.eligible === expected && e.eligible === (e.reasons.length === 0);
    }));
  });
});

describe('conflicts of interest', () => {
  const parties: CaseParties = { claimant: { memberId: 'child', payerAccountId: 'acct-1' }, familyMemberIds: ['spouse'], challenger: { memberId: 'ch', payerAccountId: 'acct-9' } };
  it('exclude the claimant\'s payer account, family and the challenger, and nobody else', () => {
    const conflicted = [
      { memberId: 'mother', payerAccountId: 'acct-1' }, { memberId: 'spouse', payerAccountId: 'acct-2' },
      { memberId: 'ch', payerAccountId: 'acct-9' }, { memberId: 'ch-son', payerAccountId: 'acct-9' },
    ];
    for (const j of conflicted) expect(hasConflictOfInterest(j, parties)).toBe(true);
    expect(hasConflictOfInterest({ memberId: 'stranger', payerAccountId: 'acct-5' }, parties)).toBe(false);
    expect(() => assertNoConflict(conflicted[0]!, parties)).toThrow(expect.objectContaining({ code: 'NOT_ENTITLED' }));
  });
});

describe('the default quiz bank', () => {
  const bank = quizBankForRules(loadDefaultQuizBank(), CRITICAL_ILLNESS); // its amounts filled in from the preset
  const answerOf = (rule: string) => {
    const q = bank.questions.find((x) => x.rule === rule);
    if (!q) throw new Error(`no question for ${rule}`);
    return q.choices[q.answer]!;
  };
  const yuan = (fen: bigint) => `${(fen / 100n).toLocaleString('en-US')} yuan`;
  const wan = (fen: bigint) => `${fen / 1_000_000n}万元`;
  const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

  it('is the bank the default settings name, with a source and about a dozen questions', () => {
    expect(bank.id).toBe(S.quiz.bankId);
    expect(bank.source).toMatch(/Xiang Hu Bao/);
    expect(bank.questions.length).toBeGreaterThanOrEqual(12);
    expect(S.quiz.passMark).toBeLessThanOrEqual(bank.questions.length);
  });

  it('agrees with the critical-illness preset, in both languages', () => {
    const r = CRITICAL_ILLNESS;
    expect(answerOf('waitingPeriodDays').en).toBe(`${r.waitingPeriodDays} days`);
    expect(answerOf('waitingPeriodDays').zh).toBe(`${r.waitingPeriodDays}天`);
    expect(answerOf('accidentSkipsWaitingPeriod').en.startsWith(r.accidentSkipsWaitingPeriod ? 'No' : 'Yes')).toBe(true);
    expect(answerOf('payoutBands.0').en).toBe(yuan(r.payoutBands[0]!.severeFen));
    expect(answerOf('payoutBands.0').zh).toBe(wan(r.payoutBands[0]!.severeFen));
    expect(answerOf('payoutBands.1').en).toBe(yuan(r.payoutBands[1]!.severeFen));
    expect(answerOf('mildPayoutFen').en).toBe(yuan(r.mildPayoutFen));
    expect(answerOf('cycles.announceDay').en).toBe(`The ${r.cycles.map((c) => ordinal(c.announceDay)).join(' and the ')}`);
    expect(answerOf('cycles.chargeDay').en).toBe(`The ${r.cycles.map((c) => ordinal(c.chargeDay)).join(' and the ')}`);
    expect(answerOf('feeBasisPoints').en).toBe(`${Number(r.feeBasisPoints) / 100}% of the payouts`);
    expect(answerOf('juror-requirements').en).toContain(`aged ${S.minAgeYears} or over, a member for at least ${S.minTenureDays} days`);
    expect(answerOf('open-vote').en).toContain(`At least ${S.open.quorum.toLocaleString('en-US')} valid votes`);
    expect(answerOf('juror-view').en).toMatch(/anonymized case/);
  });

  it('shows candidates the questions without the answers', () => {
    expect(JSON.stringify(quizForCandidate(bank))).not.toMatch(/"answer"|explanation/);
  });
});

describe('grading the quiz', () => {
  const bank = loadDefaultQuizBank();
  const right = Object.fromEntries(bank.questions.map((q) => [q.id, q.answer]));
  const wrongChoice = (id: string) => (right[id]! + 1) % bank.questions.find((q) => q.id === id)!.choices.length;

  it('passes at the pass mark and fails below it, naming the wrong answers', () => {
    expect(gradeQuiz(bank, 12, right)).toMatchObject({ correct: 14, passed: true, wrong: [] });
    const [a, b, c] = bank.questions.map((q) => q.id);
    const twoWrong = { ...right, [a!]: wrongChoice(a!), [b!]: wrongChoice(b!) };
    expect(gradeQuiz(bank, 12, twoWrong)).toMatchObject({ correct: 12, passed: true, wrong: [a, b] });
    const { [c!]: _omitted, ...threeWrong } = twoWrong; // unanswered counts as wrong
    expect(gradeQuiz(bank, 12, threeWrong)).toMatchObject({ correct: 11, passed: false, wrong: [a, b, c] });
  });

  it('refuses malformed answers and a pass mark above the bank', () => {
    expect(() => gradeQuiz(bank, 12, { ...right, nope: 0 })).toThrow(HuzhuError);
    expect(() => gradeQuiz(bank, 12, { ...right, [bank.questions[0]!.id]: 9 })).toThrow(HuzhuError);
    expect(() => gradeQuiz(bank, 15, right)).toThrow(HuzhuError);
  });

  it('counts correct answers exactly (property)', () => {
    fc.assert(fc.property(fc.array(fc.boolean(), { minLength: bank.questions.length, maxLength: bank.questions.length }), (pattern) => {
      const answers = Object.fromEntries(bank.questions.map((q, i) => [q.id, pattern[i] ? q.answer : wrongChoice(q.id)]));
      const r = gradeQuiz(bank, S.quiz.passMark, answers);
      const n = pattern.filter(Boolean).length;
      return r.correct === n && r.passed === n >= S.quiz.passMark && r.wrong.length === bank.questions.length - n;
    }));
  });

  it('validates a bank: an answer must index a choice and ids must be unique', () => {
    const raw = JSON.parse(JSON.stringify(bank)) as { questions: { answer: number; id: string }[] };
    raw.questions[0]!.answer = 7;
    expect(() => parseQuizBank(raw)).toThrow(HuzhuError);
    const dup = JSON.parse(JSON.stringify(bank)) as { questions: { id: string }[] };
    dup.questions[1]!.id = dup.questions[0]!.id;
    expect(() => parseQuizBank(dup)).toThrow(/unique/);
  });
});
