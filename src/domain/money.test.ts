import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBasisPoints, ceilDiv, FEN_PER_YUAN, formatYuan, maxFen, minFen, sumFen, yuan } from './money.ts';

describe('yuan and fen', () => {
  it('1 yuan is 100 fen, for numbers and bigints', () => {
    expect(FEN_PER_YUAN).toBe(100n);
    expect(yuan(188)).toBe(18_800n);
    expect(yuan(300_000n)).toBe(30_000_000n);
    expect(yuan(0)).toBe(0n);
  });
  it('rejects fractional yuan rather than rounding them', () => {
    expect(() => yuan(1.5)).toThrow(RangeError);
  });
});

describe('ceilDiv', () => {
  it('rounds up for positive, exact and negative numerators', () => {
    expect(ceilDiv(10n, 3n)).toBe(4n);
    expect(ceilDiv(9n, 3n)).toBe(3n);
    expect(ceilDiv(1n, 1_000_000_000n)).toBe(1n);
    expect(ceilDiv(0n, 7n)).toBe(0n);
    expect(ceilDiv(-10n, 3n)).toBe(-3n);
    expect(ceilDiv(-9n, 3n)).toBe(-3n);
    expect(ceilDiv(-1n, 3n)).toBe(0n);
  });
  it('refuses a divisor that is not positive', () => {
    expect(() => ceilDiv(1n, 0n)).toThrow(RangeError);
    expect(() => ceilDiv(1n, -1n)).toThrow(RangeError);
  });
  it('is the least integer q with q x b >= a', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (a, b) => {
      const q = ceilDiv(a, b);
      expect(q * b >= a).toBe(true);
      expect((q - 1n) * b < a).toBe(true);
    }));
  });
});

describe('applyBasisPoints', () => {
  it('takes 8% as 800 bp, rounding half up', () => {
    expect(applyBasisPoints(30_000_000n, 800n)).toBe(2_400_000n); // 8% of 300,000 yuan = 24,000 yuan
    expect(applyBasisPoints(1n, 5_000n)).toBe(1n); // 0.5 fen rounds up
    expect(applyBasisPoints(1n, 4_999n)).toBe(0n);
    expect(applyBasisPoints(0n, 800n)).toBe(0n);
    expect(applyBasisPoints(12_345n, 0n)).toBe(0n);
    expect(applyBasisPoints(12_345n, 10_000n)).toBe(12_345n);
  });
  it('refuses a negative amount', () => {
    expect(() => applyBasisPoints(-1n, 800n)).toThrow(RangeError);
  });
  it('is within half a fen of the exact value', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 0n, max: 10_000n }), (amount, bp) => {
      const fee = applyBasisPoints(amount, bp);
      const exactTimes10k = amount * bp;
      // |fee - exact| <= 1/2, and exactly-half rounds up: fee*10000 - 5000 <= exact < fee*10000 + 5000
      expect(fee * 10_000n - 5_000n <= exactTimes10k).toBe(true);
      expect(exactTimes10k < fee * 10_000n + 5_000n).toBe(true);
    }));
  });
});

describe('min, max, sum', () => {
  it('work on bigints', () => {
    expect(minFen(3n, -2n)).toBe(-2n);
    expect(maxFen(3n, -2n)).toBe(3n);
    expect(minFen(5n, 5n)).toBe(5n);
    expect(sumFen([])).toBe(0n);
    expect(sumFen([1n, 2n, 3n])).toBe(6n);
    expect(sumFen(new Set([10n, 20n]))).toBe(30n);
  });
});

describe('formatYuan', () => {
  it('renders fen as yuan with thousands separators', () => {
    expect(formatYuan(0n)).toBe('0.00');
    expect(formatYuan(5n)).toBe('0.05');
    expect(formatYuan(18_800n)).toBe('188.00');
    expect(formatYuan(123_456_789n)).toBe('1,234,567.89');
    expect(formatYuan(-150n)).toBe('-1.50');
    expect(formatYuan(-5n)).toBe('-0.05');
  });
  it('round-trips through its digits', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (fen) => {
      expect(BigInt(formatYuan(fen).replace(/[,.]/g, ''))).toBe(fen);
    }));
  });
  it("'plain' is a bare decimal for JSON, with fen only when there are some", () => {
    expect([0n, 5n, 18_800n, 30_000_000n, 123_456_789n, -150n].map((fen) => formatYuan(fen, 'plain')))
      .toEqual(['0', '0.05', '188', '300000', '1234567.89', '-1.50']);
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (fen) => {
      const [whole, cents = '00'] = formatYuan(fen, 'plain').split('.');
      expect(BigInt(whole!) * 100n + BigInt(cents)).toBe(fen);
    }));
  });
});
