import { describe, expect, it } from 'vitest';
import { emptyState, type PlatformState } from './platform-state.ts';
import { warningForState, warningLevel } from './warning.ts';

const steady = { shareChangePerYear: 0.02, memberChangePerYear: 0.01, under40ChangePerYear: 0.01, leaversUnder40Fraction: 0.6, membersUnder40Fraction: 0.6 };

describe('warningLevel', () => {
  it('ok when shares, members and the age mix are steady', () => {
    expect(warningLevel(steady).level).toBe('ok');
  });
  it('watch with one signal, in plain words', () => {
    const w = warningLevel({ ...steady, memberChangePerYear: -0.1, under40ChangePerYear: -0.1 });
    expect(w.level).toBe('watch');
    expect(w.reasons).toEqual(['members fell 10% in a year']);
  });
  it('warning when shares rise with members falling, or soar', () => {
    expect(warningLevel({ ...steady, shareChangePerYear: 0.3, memberChangePerYear: -0.1, under40ChangePerYear: -0.1 }).level).toBe('warning');
    expect(warningLevel({ ...steady, shareChangePerYear: 0.8 }).level).toBe('warning');
  });
  it('spiral when shares rise, members fall and the young leave faster', () => {
    const w = warningLevel({ ...steady, shareChangePerYear: 0.4, memberChangePerYear: -0.15, under40ChangePerYear: -0.25 });
    expect(w.level).toBe('spiral');
    expect(w.summary).toMatch(/death spiral/);
    expect(w.reasons).toHaveLength(3);
  });
  it('counts prorated needs like a rising share', () => {
    expect(warningLevel({ ...steady, needsMetFraction: 0.7, memberChangePerYear: -0.1, under40ChangePerYear: -0.2 }).level).toBe('spiral');
  });
});

describe('warningForState (measured data)', () => {
  it('reads the live aggregates: rising shares, leavers mostly young, members shrinking', () => {
    const state: PlatformState = {
      ...emptyState('2021-12'),
      members: [{ ageYears: 30, tenureMonths: 30, count: 40_000_000 }, { ageYears: 50, tenureMonths: 30, count: 35_000_000 }],
      recent: {
        shareFen: [520, 540, 560, 580, 600, 620, 640, 660, 680, 700, 720, 740],
        incidencePer100kYear: 120,
        leavingPerMonth: { under40: 0.035, over40: 0.015 },
        joinsPerMonth: 300_000,
        leaversUnder40Fraction: 0.72,
        netChangeUnder40PerMonth: -0.03,
      },
    };
    const w = warningForState(state);
    expect(w.level).toBe('spiral');
  });
  it('is ok for a steady plan', () => {
    const state: PlatformState = {
      ...emptyState('2021-12'),
      members: [{ ageYears: 30, tenureMonths: 30, count: 1_000_000 }],
      recent: { shareFen: [300, 300, 301, 300], incidencePer100kYear: 80, leavingPerMonth: { under40: 0.005, over40: 0.005 }, joinsPerMonth: 6_000, leaversUnder40Fraction: 0.5, netChangeUnder40PerMonth: 0.001 },
    };
    expect(warningForState(state).level).toBe('ok');
  });
  it('gives every reason as a stable code with its numbers, for pages that translate them', () => {
    const w = warningLevel({ shareChangePerYear: 0.4, memberChangePerYear: -0.1, under40ChangePerYear: -0.3, leaversUnder40Fraction: null, membersUnder40Fraction: null, needsMetFraction: 0.8 });
    expect(w.signals.map((s) => s.code)).toEqual(['share-rose', 'needs-cut', 'members-fell', 'young-fell']);
    expect(w.signals.length).toBe(w.reasons.length);
    expect(w.signals[0]!.values).toEqual({ change: 0.4 });
    expect(warningLevel({ shareChangePerYear: 0, memberChangePerYear: 0, under40ChangePerYear: 0, leaversUnder40Fraction: null, membersUnder40Fraction: null }).signals).toEqual([]);
  });
});
