import { describe, expect, it } from 'vitest';
import { HuzhuError } from './errors.ts';
import { DEFAULT_DECISION_SETTINGS, decisionSettingsFromJson, decisionSettingsToJson } from './decision-settings.ts';

describe('decision settings', () => {
  it('round-trip through their JSON form, with integers only', () => {
    const json = decisionSettingsToJson(DEFAULT_DECISION_SETTINGS);
    expect(decisionSettingsFromJson(JSON.parse(JSON.stringify(json)))).toEqual(DEFAULT_DECISION_SETTINGS);
    expect(JSON.stringify(json)).not.toMatch(/\d\.\d/);
  });

  it('carry the real defaults: Xiang Hu Bao\'s open jury and Kleros\' panel', () => {
    const j = DEFAULT_DECISION_SETTINGS.jury;
    expect([j.minAgeYears, j.minTenureDays, j.maxMisses, j.open.quorum, j.open.durationHours, j.panel.size]).toEqual([18, 30, 3, 1000, 24, 11]);
    expect(DEFAULT_DECISION_SETTINGS.challenges.appealDays).toBe(30);
    expect([j.lateVote.lastMinutes, j.lateVote.extensionMinutes, j.lateVote.maxExtensionMinutes]).toEqual([60, 60, 24 * 60]);
  });

  it('refuse an even panel, a share above 100% and unknown fields, naming the field', () => {
    const json = decisionSettingsToJson(DEFAULT_DECISION_SETTINGS);
    const bad = (patch: (j: ReturnType<typeof decisionSettingsToJson>) => void) => {
      const copy = structuredClone(json);
      patch(copy);
      try { decisionSettingsFromJson(copy); } catch (e) { return (e as HuzhuError).field; }
      return undefined;
    };
    expect(bad((j) => { j.jury.panel.size = 10; })).toBe('rules.jury.panel.size');
    expect(bad((j) => { j.investigation.sampling.randomShareBasisPoints = 10_001; })).toBe('rules.investigation.sampling.randomShareBasisPoints');
    expect(bad((j) => { (j.jury as Record<string, unknown>).extra = 1; })).toBe('rules.jury');
  });
});
