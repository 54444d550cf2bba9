import { describe, expect, it } from 'vitest';
import { CRITICAL_ILLNESS, ELDERLY_CANCER } from '../domain/plan-rules.ts';
import { demoRules } from '../domain/demo-plan.ts';
import { quizAmount, quizBankForRules } from './quiz-amounts.ts';
import { loadDefaultQuizBank, parseQuizBank } from './quiz-bank.ts';

const bank = loadDefaultQuizBank();
const answer = (b: ReturnType<typeof quizBankForRules>, id: string) => {
  const q = b.questions.find((x) => x.id === id)!;
  return q.choices[q.answer]!;
};

describe('quiz amounts from the plan', () => {
  it('words amounts as the bank does, in both languages', () => {
    expect(quizAmount(30_000_000n, 'en')).toBe('300,000 yuan');
    expect(quizAmount(30_000_000n, 'zh')).toBe('30万元');
    expect(quizAmount(30_000n, 'en')).toBe('300 yuan');
    expect(quizAmount(30_000n, 'zh')).toBe('300元');
    expect(quizAmount(1_250n, 'zh')).toBe('12.50元');
    expect(quizAmount(123_456_700n, 'en')).toBe('1,234,567 yuan');
  });

  it('asks the preset\'s members about 300,000 yuan and 1,000 votes', () => {
    const b = quizBankForRules(bank, CRITICAL_ILLNESS);
    expect(answer(b, 'payout-young')).toEqual({ zh: '30万元', en: '300,000 yuan' });
    expect(answer(b, 'payout-mild')).toEqual({ zh: '5万元', en: '50,000 yuan' });
    expect(answer(b, 'open-vote').en).toContain('At least 1,000 valid votes');
  });

  it('asks the demo plan\'s members about its own 300 yuan and its own quorum', () => {
    const rules = demoRules();
    const b = quizBankForRules(bank, rules);
    expect(answer(b, 'payout-young')).toEqual({ zh: '300元', en: '300 yuan' });
    expect(answer(b, 'payout-older')).toEqual({ zh: '100元', en: '100 yuan' });
    expect(answer(b, 'payout-mild')).toEqual({ zh: '50元', en: '50 yuan' });
    expect(answer(b, 'open-vote').en).toContain(`At least ${rules.decisions.jury.open.quorum} valid votes`);
    expect(JSON.stringify(b.questions)).not.toMatch(/300,000|30万|\{[a-z]+\.[a-z]+\}/);
    // Every choice of a question stays distinct, so exactly one is right.
    for (const q of b.questions) expect(new Set(q.choices.map((c) => c.en)).size, q.id).toBe(q.choices.length);
  });

  it('fills a one-band plan and refuses an unknown placeholder', () => {
    expect(answer(quizBankForRules(bank, ELDERLY_CANCER), 'payout-young').en).toBe('100,000 yuan');
    const raw = JSON.parse(JSON.stringify(bank)) as { questions: { text: { en: string } }[] };
    raw.questions[0]!.text.en = 'How much is {payout.nothing}?';
    expect(() => quizBankForRules(parseQuizBank(raw), CRITICAL_ILLNESS)).toThrow(/unknown placeholder/);
  });
});
