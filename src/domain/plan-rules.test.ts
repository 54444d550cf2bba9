import { describe, expect, it } from 'vitest';
import { HuzhuError } from './errors.ts';
import { CRITICAL_ILLNESS, ELDERLY_CANCER, PRESETS, rulesFor, rulesFromJson, rulesToJson } from './plan-rules.ts';

function validationField(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HuzhuError);
    expect((e as HuzhuError).code).toBe('VALIDATION');
    return (e as HuzhuError).field;
  }
  throw new Error('expected a VALIDATION error');
}

describe('the critical-illness preset (Xiang Hu Bao defaults)', () => {
  const r = CRITICAL_ILLNESS;
  it('joins from 30 days to 59 years, with a health declaration and credit score >= 650', () => {
    expect(r.minJoinAgeDays).toBe(30);
    expect(r.minJoinAgeYears).toBe(0);
    expect(r.maxJoinAgeYears).toBe(59);
    expect(r.removalAgeYears).toBe(60);
    expect(r.healthDeclarationRequired).toBe(true);
    expect(r.minCreditScore).toBe(650);
  });
  it('pays 300,000 yuan to 39, 100,000 yuan at 40-59, 50,000 yuan mild once', () => {
    expect(r.payoutBands).toEqual([{ maxAge: 39, severeFen: 30_000_000n }, { maxAge: 59, severeFen: 10_000_000n }]);
    expect(r.mildPayoutFen).toBe(5_000_000n);
    expect(r.maxMildPayouts).toBe(1);
  });
  it('waits 90 days for illness but not for accidents', () => {
    expect(r.waitingPeriodDays).toBe(90);
    expect(r.accidentSkipsWaitingPeriod).toBe(true);
  });
  it('announces on the 7th and 21st, charges on the 14th and 28th, retries until 2 days before the next charge', () => {
    expect(r.cycles).toEqual([{ announceDay: 7, chargeDay: 14 }, { announceDay: 21, chargeDay: 28 }]);
    expect(r.retryStopsDaysBeforeNextCharge).toBe(2);
  });
  it('takes an 8% fee and caps each membership at 188 yuan a year, in Asia/Shanghai', () => {
    expect(r.feeBasisPoints).toBe(800n);
    expect(r.annualCapFen).toBe(18_800n);
    expect(r.perCaseCapFen).toBeNull();
    expect(r.timeZone).toBe('Asia/Shanghai');
  });
});

describe('the elderly-cancer preset', () => {
  const r = ELDERLY_CANCER;
  it('joins at 60-70 without a health declaration', () => {
    expect(r.minJoinAgeYears).toBe(60);
    expect(r.maxJoinAgeYears).toBe(70);
    expect(r.healthDeclarationRequired).toBe(false);
    expect(r.removalAgeYears! > r.maxJoinAgeYears).toBe(true);
  });
  it('pays 50,000 mild / 100,000 severe yuan, 1 yuan per case per member, no annual cap', () => {
    expect(r.mildPayoutFen).toBe(5_000_000n);
    expect(r.payoutBands).toHaveLength(1);
    expect(r.payoutBands[0]!.severeFen).toBe(10_000_000n);
    expect(r.payoutBands[0]!.maxAge).toBeGreaterThanOrEqual(r.removalAgeYears!);
    expect(r.perCaseCapFen).toBe(100n);
    expect(r.annualCapFen).toBeNull();
  });
  it('keeps the shared calendar and fee', () => {
    expect(r.cycles).toEqual(CRITICAL_ILLNESS.cycles);
    expect(r.feeBasisPoints).toBe(800n);
    expect(r.waitingPeriodDays).toBe(90);
  });
});

describe('JSON form', () => {
  it('round-trips every preset', () => {
    for (const [name, rules] of Object.entries(PRESETS)) {
      const json = rulesToJson(rules);
      expect(JSON.parse(JSON.stringify(json))).toEqual(json); // plain JSON: no bigints
      expect(rulesFromJson(json)).toEqual(rules);
      expect(rules.preset).toBe(name);
    }
  });
  it('rulesFor gives the preset, or a custom plan with the overrides', () => {
    expect(rulesFor('critical-illness')).toEqual(CRITICAL_ILLNESS);
    expect(rulesFor('elderly-cancer')).toEqual(ELDERLY_CANCER);
    const custom = rulesFor('critical-illness', { annualCapFen: null, feeBasisPoints: 600, waitingPeriodDays: 180 });
    expect(custom.preset).toBe('custom');
    expect(custom.annualCapFen).toBeNull();
    expect(custom.feeBasisPoints).toBe(600n);
    expect(custom.waitingPeriodDays).toBe(180);
    expect(custom.payoutBands).toEqual(CRITICAL_ILLNESS.payoutBands);
  });
  it('sorts cycles by announcement day', () => {
    const r = rulesFor('critical-illness', { cycles: [{ announceDay: 21, chargeDay: 28 }, { announceDay: 7, chargeDay: 14 }] });
    expect(r.cycles.map((c) => c.announceDay)).toEqual([7, 21]);
  });
  it('rejects bad settings, naming the field', () => {
    const base = rulesToJson(CRITICAL_ILLNESS);
    expect(validationField(() => rulesFromJson({ ...base, feeBasisPoints: -1 }))).toBe('rules.feeBasisPoints');
    expect(validationField(() => rulesFromJson({ ...base, annualCapFen: 1.5 }))).toBe('rules.annualCapFen');
    expect(validationField(() => rulesFromJson({ ...base, cycles: [{ announceDay: 29, chargeDay: 5 }] }))).toBe('rules.cycles.0.announceDay');
    expect(validationField(() => rulesFromJson({ ...base, cycles: [] }))).toBe('rules.cycles');
    expect(validationField(() => rulesFromJson({ ...base, timeZone: 'Nowhere/Special' }))).toBe('rules.timeZone');
    expect(validationField(() => rulesFromJson({ ...base, extra: 1 }))).toBe('rules');
    expect(validationField(() => rulesFromJson({ ...base, payoutBands: [{ maxAge: 59, severeFen: 1 }, { maxAge: 39, severeFen: 2 }] })))
      .toBe('rules.payoutBands');
    expect(validationField(() => rulesFromJson({ ...base, cycles: [{ announceDay: 7, chargeDay: 14 }, { announceDay: 7, chargeDay: 28 }] })))
      .toBe('rules.cycles');
    expect(validationField(() => rulesFromJson(null, 'plan.rules'))).toBe('plan.rules');
    expect(validationField(() => rulesFor('no-such-preset' as 'critical-illness'))).toBe('preset');
  });
});
