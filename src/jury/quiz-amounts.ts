/**
 * The quiz bank speaks of the plan it is shown for: its amounts are placeholders
 * (`{payout.young}`, `{jury.quorum}`, ...) filled in from the plan's own settings, so the demo
 * plan, which pays 300 yuan, does not ask its jurors about 300,000 yuan. Pure: no database.
 */
import { HuzhuError } from '../domain/errors.ts';
import { FEN_PER_YUAN, type Fen } from '../domain/money.ts';
import type { PlanRules } from '../domain/plan-rules.ts';
import type { QuizBank } from './quiz-bank.ts';

type Lang = 'zh' | 'en';
type Value = { fen: Fen } | { count: number };

const group = (n: bigint): string => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** An amount as the bank words it: "300,000 yuan" / "30万元", "300 yuan" / "300元", "12.50 yuan" / "12.50元". */
export function quizAmount(fen: Fen, lang: Lang): string {
  const whole = fen / FEN_PER_YUAN;
  const cents = fen % FEN_PER_YUAN;
  const decimals = cents === 0n ? '' : `.${cents.toString().padStart(2, '0')}`;
  if (lang === 'en') return `${group(whole)}${decimals} yuan`;
  if (cents === 0n && whole >= 10_000n && whole % 10_000n === 0n) return `${whole / 10_000n}万元`;
  return `${whole}${decimals}元`;
}

/** Every placeholder the bank may use, from a plan's rules. */
export function quizValues(rules: PlanRules): Record<string, Value> {
  const bands = rules.payoutBands;
  const young = bands[0]?.severeFen ?? 0n;
  const older = bands[1]?.severeFen ?? young;
  return {
    'payout.young': { fen: young },
    'payout.older': { fen: older },
    'payout.mild': { fen: rules.mildPayoutFen },
    // A wrong choice below the mild payout (the default bank's 10,000 yuan beside 50,000).
    'payout.small': { fen: rules.mildPayoutFen / 5n },
    'jury.quorum': { count: rules.decisions.jury.open.quorum },
  };
}

function fill(text: string, lang: Lang, values: Record<string, Value>, where: string): string {
  return text.replace(/\{([a-z]+\.[a-z]+)\}/g, (_m, name: string) => {
    const v = values[name];
    if (!v) throw new HuzhuError('VALIDATION', `${where}: unknown placeholder {${name}}`, { field: where });
    if ('fen' in v) return quizAmount(v.fen, lang);
    return lang === 'en' ? v.count.toLocaleString('en-US') : String(v.count);
  });
}

/** The bank with every placeholder filled in from the plan's rules. */
export function quizBankForRules(bank: QuizBank, rules: PlanRules): QuizBank {
  const values = quizValues(rules);
  const both = (t: { zh: string; en: string }, where: string) => ({ zh: fill(t.zh, 'zh', values, where), en: fill(t.en, 'en', values, where) });
  return {
    ...bank,
    title: both(bank.title, 'title'),
    questions: bank.questions.map((q) => ({
      ...q,
      text: both(q.text, `${q.id}.text`),
      choices: q.choices.map((c, i) => both(c, `${q.id}.choices.${i}`)),
      explanation: both(q.explanation, `${q.id}.explanation`),
    })),
  };
}
