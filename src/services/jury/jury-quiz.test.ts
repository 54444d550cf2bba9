/** The juror quiz cannot be passed blind (issue 11): a few attempts a day, and no list of the wrong answers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import type { LocalDate } from '../../domain/local-date.ts';
import { assertQuizAttemptAllowed, QUIZ_ATTEMPTS_PER_DAY } from '../../jury/qualification.ts';
import { loadDefaultQuizBank } from '../../jury/quiz-bank.ts';
import { testDb } from '../../test-support/test-db.ts';
import { enrolBulk } from '../bulk-enrolment.ts';
import { qualifyJuror } from './qualification.ts';
import { createPlan } from '../plans-service.ts';

const sh = (local: string): Date => new Date(`${local}+08:00`);
let n = 0;
const act = (at: string) => ({ key: `q${++n}`, actor: 'member:1', at: sh(at) });
const bank = loadDefaultQuizBank();
const right = Object.fromEntries(bank.questions.map((q) => [q.id, q.answer]));
const wrong = Object.fromEntries(bank.questions.map((q) => [q.id, (q.answer + 1) % q.choices.length]));

let db: Db;
beforeAll(async () => {
  db = await testDb();
  await createPlan(db, { id: 'ci', preset: 'critical-illness' }, act('2024-01-02T09:00'));
  await enrolBulk(db, 'ci', [{ person: 'p1', payer: 'a1', birthDate: '1985-05-01' as LocalDate }], act('2024-01-02T10:00'));
});
afterAll(async () => { await db?.close(); });

describe('the juror quiz', () => {
  it('says how many answers were right, never which were wrong', async () => {
    const r = await qualifyJuror(db, { plan: 'ci', person: 'p1', answers: wrong }, act('2024-01-03T10:00'));
    expect(r.quiz).toMatchObject({ passed: false, correct: 0 });
    expect(r.quiz).not.toHaveProperty('wrong');
  });

  it('allows three attempts in 24 hours, then RATE_LIMITED until the first one is a day old', async () => {
    for (let i = 1; i < QUIZ_ATTEMPTS_PER_DAY; i++) await qualifyJuror(db, { plan: 'ci', person: 'p1', answers: wrong }, act(`2024-01-03T1${i}:00`));
    await expect(qualifyJuror(db, { plan: 'ci', person: 'p1', answers: right }, act('2024-01-04T09:59'))).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    const passed = await qualifyJuror(db, { plan: 'ci', person: 'p1', answers: right }, act('2024-01-04T10:01'));
    expect(passed.quiz.passed).toBe(true);
    expect(passed.pseudonym).toMatch(/^[0-9a-f]{64}$/);
  });

  it('counts only the attempts of the last 24 hours (pure rule)', () => {
    const t = sh('2024-01-10T12:00');
    const ago = (h: number) => new Date(t.getTime() - h * 3_600_000);
    expect(() => assertQuizAttemptAllowed([ago(30), ago(2), ago(1)], t)).not.toThrow();
    expect(() => assertQuizAttemptAllowed([ago(23), ago(2), ago(1)], t)).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
  });
});
