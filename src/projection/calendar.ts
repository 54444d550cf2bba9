/** Months as "YYYY-MM" labels and plain month counts, for stepping a projection month by month. */
import { HuzhuError } from '../domain/errors.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export type MonthLabel = string;

/** Months since year 0 (so that differences are month counts). */
export function monthNumber(label: string, field = 'month'): number {
  const m = MONTH.exec(label);
  if (!m) throw new HuzhuError('VALIDATION', `${field}: "${label}" is not a month as YYYY-MM`, { field });
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function monthLabel(n: number): MonthLabel {
  const y = Math.floor(n / 12);
  return `${String(y).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
}

export function addMonths(label: string, k: number): MonthLabel {
  return monthLabel(monthNumber(label) + k);
}

/** 0 for January. */
export function monthOfYear(n: number): number {
  return n % 12;
}

export function yearOf(n: number): number {
  return Math.floor(n / 12);
}
