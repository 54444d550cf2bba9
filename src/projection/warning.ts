/**
 * The warning level: a plain-words reading of whether a plan is heading into a death spiral,
 * from a projection or from measured recent data (the live database's aggregates).
 *
 * The signals are the three parts of the spiral described in shared/domain.md: shares rising,
 * members falling, and the young leaving faster than the rest (so incidence among those who stay
 * rises and shares rise again).
 *   ok       none of the signals
 *   watch    one signal
 *   warning  shares rising together with one other signal, or shares rising very fast
 *   spiral   all three at once
 */
import type { ProjectionResult } from './cohort-model.ts';
import type { PlatformState } from './platform-state.ts';

export type WarningLevel = 'ok' | 'watch' | 'warning' | 'spiral';

export interface TrendMeasures {
  /** Relative change of the share over a year (0.3 = up 30%). */
  shareChangePerYear: number;
  /** Relative change of members over a year; null if unknown. */
  memberChangePerYear: number | null;
  /** Relative change of members under 40 over a year; null if unknown. */
  under40ChangePerYear: number | null;
  /** Of recent leavers, the fraction under 40; null if unknown. */
  leaversUnder40Fraction: number | null;
  /** Of members, the fraction under 40; null if unknown. */
  membersUnder40Fraction: number | null;
  /** Fraction of approved needs paid (below 1 when a share limit prorates them); null if unknown. */
  needsMetFraction?: number | null;
}

export interface Warning {
  level: WarningLevel;
  /** One sentence a member can read. */
  summary: string;
  /** The signals seen, in plain words. */
  reasons: string[];
  /** The same signals as stable codes with their numbers (fractions), for pages that translate them. */
  signals: WarningSignal[];
}

export type WarningSignalCode = 'share-rose' | 'needs-cut' | 'members-fell' | 'young-fell' | 'young-leaving';
export interface WarningSignal { code: WarningSignalCode; values: Record<string, number> }

export const THRESHOLDS = {
  /** Shares rising more than this a year count as rising. */
  shareRising: 0.15,
  /** Shares rising more than this a year are a warning on their own. */
  shareSoaring: 0.5,
  /** Members falling more than this a year count as falling. */
  membersFalling: -0.05,
  /** Needs paid below this fraction count like a rising share (a share limit hides the rise). */
  needsCut: 0.9,
  /** The young shrink this much (a year) faster than all members, or make up this much more of the leavers than of the members. */
  youngFaster: 0.03,
} as const;

const pct = (x: number): string => `${Math.round(Math.abs(x) * 100)}%`;

export function warningLevel(m: TrendMeasures): Warning {
  const reasons: string[] = [];
  const signals: WarningSignal[] = [];
  const needsCut = m.needsMetFraction != null && m.needsMetFraction < THRESHOLDS.needsCut;
  const shareRising = m.shareChangePerYear > THRESHOLDS.shareRising || needsCut;
  if (m.shareChangePerYear > THRESHOLDS.shareRising) {
    reasons.push(`the share per period rose ${pct(m.shareChangePerYear)} in a year`);
    signals.push({ code: 'share-rose', values: { change: m.shareChangePerYear } });
  }
  if (needsCut) {
    reasons.push(`only ${pct(m.needsMetFraction!)} of approved needs were paid`);
    signals.push({ code: 'needs-cut', values: { met: m.needsMetFraction! } });
  }
  const membersFalling = m.memberChangePerYear !== null && m.memberChangePerYear < THRESHOLDS.membersFalling;
  if (membersFalling) {
    reasons.push(`members fell ${pct(m.memberChangePerYear!)} in a year`);
    signals.push({ code: 'members-fell', values: { change: m.memberChangePerYear! } });
  }
  let youngFaster = false;
  if (m.under40ChangePerYear !== null && m.memberChangePerYear !== null
    && m.under40ChangePerYear < m.memberChangePerYear - THRESHOLDS.youngFaster && m.under40ChangePerYear < 0) {
    youngFaster = true;
    reasons.push(`members under 40 fell ${pct(m.under40ChangePerYear)} against ${m.memberChangePerYear < 0 ? 'a fall of' : 'a change of'} ${pct(m.memberChangePerYear)} for all members`);
    signals.push({ code: 'young-fell', values: { young: m.under40ChangePerYear, all: m.memberChangePerYear } });
  } else if (m.leaversUnder40Fraction !== null && m.membersUnder40Fraction !== null
    && m.leaversUnder40Fraction > m.membersUnder40Fraction + THRESHOLDS.youngFaster) {
    youngFaster = true;
    reasons.push(`${pct(m.leaversUnder40Fraction)} of those leaving are under 40, against ${pct(m.membersUnder40Fraction)} of members`);
    signals.push({ code: 'young-leaving', values: { leavers: m.leaversUnder40Fraction, members: m.membersUnder40Fraction } });
  }
  const count = [shareRising, membersFalling, youngFaster].filter(Boolean).length;
  let level: WarningLevel;
  if (count === 3) level = 'spiral';
  else if ((shareRising && count === 2) || m.shareChangePerYear > THRESHOLDS.shareSoaring) level = 'warning';
  else if (count >= 1) level = 'watch';
  else level = 'ok';
  const summary = {
    ok: 'Shares, membership and the age mix are steady.',
    watch: `One sign to watch: ${reasons[0] ?? ''}.`,
    warning: `Shares are rising faster than the plan can sustain: ${reasons.join('; ')}.`,
    spiral: `A death spiral: ${reasons.join('; ')}. The healthy young leave, the risk of those who stay rises, and shares rise again.`,
  }[level];
  return { level, summary, reasons, signals };
}

/** Trend measures over the 12 months ending at `monthIndex` of a projection (default: its last). */
export function measuresFromProjection(p: ProjectionResult, monthIndex = p.months.length - 1): TrendMeasures {
  const end = p.months[monthIndex];
  if (!end) throw new RangeError('measuresFromProjection: month out of range');
  const from = Math.max(0, monthIndex - 12);
  const startRow = p.months[from]!;
  const years = (monthIndex - from) / 12 || 1 / 12;
  const perYear = (a: number, b: number): number | null => (a > 0 ? Math.pow(b / a, 1 / years) - 1 : null);
  const under40 = (i: number): number => p.months[i]!.membersByAgeBand.slice(0, 3).reduce((s, x) => s + x, 0);
  const shareOf = (i: number): number => p.months[i]!.avgChargeFen;
  const window = p.months.slice(from + 1, monthIndex + 1);
  const leavers = window.reduce((s, m) => s + m.leavers, 0);
  return {
    shareChangePerYear: perYear(shareOf(from), shareOf(monthIndex)) ?? 0,
    memberChangePerYear: perYear(startRow.members, end.members),
    under40ChangePerYear: perYear(under40(from), under40(monthIndex)),
    leaversUnder40Fraction: leavers > 0 ? window.reduce((s, m) => s + m.leaversUnder40, 0) / leavers : null,
    membersUnder40Fraction: end.under40Fraction,
    needsMetFraction: (() => {
      const paid = window.reduce((x, r) => x + r.payoutFen, 0);
      const unmet = window.reduce((x, r) => x + r.unmetNeedsFen, 0);
      return paid + unmet > 0 ? paid / (paid + unmet) : null;
    })(),
  };
}

/** Trend measures from measured data (the recent part of a PlatformState). */
export function measuresFromState(s: PlatformState): TrendMeasures {
  const shares = s.recent.shareFen;
  const periodsPerYear = 24;
  let shareChange = 0;
  if (shares.length >= 2 && shares[0]! > 0) {
    const span = Math.min(shares.length - 1, periodsPerYear);
    const first = shares[shares.length - 1 - span]!;
    shareChange = first > 0 ? Math.pow(shares.at(-1)! / first, periodsPerYear / span) - 1 : 0;
  }
  const total = s.members.reduce((x, c) => x + c.count, 0);
  const young = s.members.filter((c) => c.ageYears < 40).reduce((x, c) => x + c.count, 0);
  const leave = s.recent.leavingPerMonth;
  const joins = s.recent.joinsPerMonth;
  // Members' yearly change: joins less leavers, when both are known.
  const memberChange = leave && joins !== null && total > 0
    ? Math.pow(1 + joins / total - (leave.under40 * young + leave.over40 * (total - young)) / total, 12) - 1
    : null;
  const young40 = s.recent.netChangeUnder40PerMonth;
  return {
    shareChangePerYear: shareChange,
    memberChangePerYear: memberChange,
    under40ChangePerYear: young40 === null ? null : Math.pow(1 + young40, 12) - 1,
    leaversUnder40Fraction: s.recent.leaversUnder40Fraction,
    membersUnder40Fraction: total > 0 ? young / total : null,
  };
}

export function warningForState(s: PlatformState): Warning {
  return warningLevel(measuresFromState(s));
}

/**
 * The worst warning anywhere in a projection (checked year by year), with the month it is first
 * reached: "warning from 2023-06" tells more than the level at the end alone.
 */
export function warningForProjection(p: ProjectionResult): Warning & { firstMonth: string | null } {
  const order: WarningLevel[] = ['ok', 'watch', 'warning', 'spiral'];
  let worst: Warning = warningLevel(measuresFromProjection(p, Math.min(12, p.months.length - 1)));
  let first: string | null = worst.level === 'ok' ? null : p.months[Math.min(12, p.months.length - 1)]!.month;
  for (let i = 12; i < p.months.length; i++) {
    const w = warningLevel(measuresFromProjection(p, i));
    if (order.indexOf(w.level) > order.indexOf(worst.level)) {
      worst = w;
      first = p.months[i]!.month;
    }
  }
  return { ...worst, firstMonth: first };
}
