import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { HuzhuError } from '../domain/errors.ts';
import { DEFAULT_INVESTIGATION } from '../domain/decision-settings.ts';
import { inRandomShare, sampleForInvestigation, samplingDraw, samplingSeedCommitment } from './sampling.ts';
import type { RiskSignal } from './risk-signals.ts';

const S = DEFAULT_INVESTIGATION.sampling;
const none: RiskSignal[] = [];

describe('investigation sampling', () => {
  it('always samples above the amount, strictly', () => {
    const above = sampleForInvestigation({ ...S, randomShareBasisPoints: 0 }, 'seed', { claimId: 'C1', payoutFen: 30_000_000n, signals: none });
    expect(above.sampled).toBe(true);
    expect(above.reasons.map((r) => r.code)).toEqual(['above-amount']);
    expect(above.reasons[0]!.text).toContain('300,000 yuan');
    const at = sampleForInvestigation({ ...S, randomShareBasisPoints: 0 }, 'seed', { claimId: 'C1', payoutFen: 10_000_000n, signals: none });
    expect(at.sampled).toBe(false);
  });

  it('always samples a claim with a risk signal, quoting the signal', () => {
    const signal: RiskSignal = { code: 'soon-after-waiting', reason: 'diagnosed 3 days after', details: {} };
    const r = sampleForInvestigation({ ...S, randomShareBasisPoints: 0 }, 'seed', { claimId: 'C1', payoutFen: 5_000_000n, signals: [signal] });
    expect(r.sampled).toBe(true);
    expect(r.reasons[0]).toEqual({ code: 'risk-signal', text: 'risk signal soon-after-waiting: diagnosed 3 days after' });
  });

  it('draws the random share from SHA-256 of the documented layout, reproducibly', () => {
    const seed = 'period-2020-03-07';
    const buf = Buffer.concat([Buffer.from('huzhu/investigation-sample/v1'), Buffer.from([0, 0, 0, Buffer.byteLength(seed)]), Buffer.from(seed), Buffer.from('C42')]);
    const expected = createHash('sha256').update(buf).digest().readBigUInt64BE(0);
    expect(samplingDraw(seed, 'C42')).toBe(expected);
    const a = sampleForInvestigation(S, seed, { claimId: 'C42', payoutFen: 5_000_000n, signals: none });
    expect(a).toEqual(sampleForInvestigation(S, seed, { claimId: 'C42', payoutFen: 5_000_000n, signals: none }));
    expect(a.draw).toBe(expected.toString(16).padStart(16, '0'));
    expect(() => samplingDraw('', 'C1')).toThrow(HuzhuError);
    expect(samplingSeedCommitment(seed)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('compares the share exactly at its edges', () => {
    expect(inRandomShare(0n, 0)).toBe(false);
    expect(inRandomShare((1n << 64n) - 1n, 10_000)).toBe(true);
    const half = 1n << 63n;
    expect(inRandomShare(half - 1n, 5_000)).toBe(true);
    expect(inRandomShare(half, 5_000)).toBe(false);
  });

  it('samples about the configured share of claims (property over seeds)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 10_000 }), (seed, bp) => {
      const n = 2_000;
      let hit = 0;
      for (let i = 0; i < n; i++) if (inRandomShare(samplingDraw(seed, `claim-${i}`), bp)) hit++;
      const expected = (n * bp) / 10_000;
      // 6 standard deviations of a binomial: a failure would mean the draw is not uniform.
      const sd = Math.sqrt(n * (bp / 10_000) * (1 - bp / 10_000));
      return Math.abs(hit - expected) <= 6 * sd + 1;
    }), { numRuns: 20 });
  });

  it('a larger share never drops a claim a smaller share took (monotone)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }), fc.string(), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (seed, id, a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const draw = samplingDraw(seed, id);
      return !inRandomShare(draw, lo) || inRandomShare(draw, hi);
    }));
  });
});
