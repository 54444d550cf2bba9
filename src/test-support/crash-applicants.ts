/** The applicants of the bulk enrolment crash test: a function of their index, so a resumed stream yields the same ones. */
import type { LocalDate } from '../domain/local-date.ts';
import type { BulkApplicant } from '../services/bulk-enrolment.ts';

export const CRASH_BATCH = 10;
export const CRASH_ACTION = { key: 'crash:enrol', actor: 't', at: new Date('2024-03-01T10:00:00+08:00') };

/** 55 applicants in families of up to three; every seventh too old to join, one repeated in a later batch. */
export function* crashApplicants(): Generator<BulkApplicant> {
  for (let i = 0; i < 55; i++) {
    const person = i === 33 ? 'c5' : `c${i}`; // a repeat, refused as already a member by the database
    yield { person, payer: `cp${Math.floor(i / 3)}`, birthDate: (i % 7 === 0 ? '1950-01-01' : `19${70 + (i % 25)}-03-0${1 + (i % 9)}`) as LocalDate };
  }
}
