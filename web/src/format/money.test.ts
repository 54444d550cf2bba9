import { describe, expect, it } from 'vitest';
import { fenToDecimal, formatYuan } from './money';

describe('money for people', () => {
  it('splits fen into yuan exactly, with BigInt', () => {
    expect(fenToDecimal(123456)).toBe('1234.56');
    expect(fenToDecimal(5)).toBe('0.05');
    expect(fenToDecimal(-101)).toBe('-1.01');
    expect(fenToDecimal('900719925474099312')).toBe('9007199254740993.12'); // beyond a double's precision
  });
  it('formats yuan in the locale', () => {
    expect(formatYuan(123456, 'zh-CN')).toBe('¥1,234.56');
    expect(formatYuan(123456, 'en-GB')).toBe('¥1,234.56');
    expect(formatYuan('900719925474099312', 'en-GB')).toBe('¥9,007,199,254,740,993.12');
  });
});

describe('yuanToFen', () => {
  it('reads yuan exactly, with at most two decimals', async () => {
    const { yuanToFen } = await import('./money');
    expect(yuanToFen('12')).toBe(1200n);
    expect(yuanToFen('12.5')).toBe(1250n);
    expect(yuanToFen(' 0.01 ')).toBe(1n);
    expect(yuanToFen('50.00')).toBe(5000n);
    for (const bad of ['', '1.234', '-1', '1e3', 'abc', '1,000']) expect(yuanToFen(bad)).toBeNull();
  });
});
