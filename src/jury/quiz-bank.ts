/**
 * The juror qualification quiz bank: its shape, its validation, and the default bank shipped in
 * reference/jury/quiz-bank.json. The bank is data so that an operator can publish a bank matching
 * their plan's rules; the pass mark is a plan setting (jury.quiz.passMark).
 */
import { parseWith } from '../domain/parse-with.ts';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { HuzhuError } from '../domain/errors.ts';

const text = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

const question = z.object({
  id: z.string().min(1).max(100),
  /** Which plan rule the question tests; a test checks tagged answers against the preset. */
  rule: z.string().min(1),
  text,
  choices: z.array(text).min(2).max(8),
  /** Index into choices of the one right answer. */
  answer: z.number().int().min(0),
  explanation: text,
}).strict().refine((q) => q.answer < q.choices.length, { message: 'answer must index one of the choices' });

export const quizBankJson = z.object({
  id: z.string().min(1).max(200),
  title: text,
  /** Where the answers come from: a bank without a source cannot be checked by members. */
  source: z.string().min(1),
  questions: z.array(question).min(1),
}).strict();

export type QuizBank = z.infer<typeof quizBankJson>;
export type QuizQuestion = QuizBank['questions'][number];

export function parseQuizBank(value: unknown, field = 'quizBank'): QuizBank {
  const bank = parseWith(quizBankJson, value, field);
  const ids = bank.questions.map((q) => q.id);
  if (new Set(ids).size !== ids.length) throw new HuzhuError('VALIDATION', `${field}.questions: question ids must be unique`, { field: `${field}.questions` });
  return bank;
}

export const DEFAULT_QUIZ_BANK_FILE = new URL('../../reference/jury/quiz-bank.json', import.meta.url);

/** The default bank about the critical-illness preset's rules. */
export function loadDefaultQuizBank(): QuizBank {
  return parseQuizBank(JSON.parse(readFileSync(DEFAULT_QUIZ_BANK_FILE, 'utf8')) as unknown, 'reference/jury/quiz-bank.json');
}

/** The quiz as shown to a candidate: the questions without their answers or explanations. */
export function quizForCandidate(bank: QuizBank): { id: string; questions: { id: string; text: QuizQuestion['text']; choices: QuizQuestion['choices'] }[] } {
  return { id: bank.id, questions: bank.questions.map((q) => ({ id: q.id, text: q.text, choices: q.choices })) };
}
