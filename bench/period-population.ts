/**
 * The population of bench:period and bench:period-kill: families of 1-4 paid by their first
 * member (half singles, 30% couples, 10% of 3, 10% of 4), every applicant a function of its index
 * alone, so a resumed enrolment yields exactly the same stream. One at a time: never an array of all N.
 */
import { addDays, type LocalDate } from '../src/domain/local-date.ts';
import type { BulkApplicant } from '../src/services/bulk-enrolment.ts';

export function* familyApplicants(total: number): Generator<BulkApplicant> {
  const base = '1960-01-01' as LocalDate;
  let made = 0;
  let family = 0;
  while (made < total) {
    const size = Math.min(total - made, [1, 1, 1, 1, 1, 2, 2, 2, 3, 4][family % 10]!);
    const payer = `f${family}`;
    for (let k = 0; k < size; k++) {
      // Adults born 1960-1999, children 2005-2018 (stable pseudo-random spread by index).
      const i = made + k;
      const birthDate = k < 2 ? addDays(base, (i * 7919) % 14_600) : addDays('2005-01-01' as LocalDate, (i * 104_729) % 5_100);
      yield { person: `${payer}.${k}`, payer, birthDate };
    }
    made += size;
    family += 1;
  }
}
