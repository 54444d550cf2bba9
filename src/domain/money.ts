/**
 * Money is integer fen (1 yuan = 100 fen) as bigint, end to end. No floats anywhere near it.
 */
export type Fen = bigint;

export const FEN_PER_YUAN = 100n;

export function yuan(n: number | bigint): Fen {
  return BigInt(n) * FEN_PER_YUAN;
}

/** Ceiling of a / b for b > 0, exact for any sign of a. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError('ceilDiv: divisor must be positive');
  const q = a / b; // truncates toward zero
  return a % b > 0n ? q + 1n : q;
}

/** amount x basisPoints / 10000, rounded half up, for non-negative amounts. 800 bp = 8%. */
export function applyBasisPoints(amount: Fen, basisPoints: bigint): Fen {
  if (amount < 0n) throw new RangeError('applyBasisPoints: amount must not be negative');
  return (amount * basisPoints + 5_000n) / 10_000n;
}

export function minFen(a: Fen, b: Fen): Fen {
  return a < b ? a : b;
}

export function maxFen(a: Fen, b: Fen): Fen {
  return a > b ? a : b;
}

export function sumFen(values: Iterable<Fen>): Fen {
  let s = 0n;
  for (const v of values) s += v;
  return s;
}

/**
 * Yuan as text; never used for arithmetic. 'table' (the default) is for people reading a table:
 * "1,234.56", "300,000.00". 'plain' is a bare decimal for JSON (which has no bigint), with the
 * fen only when there are some: "1234.56", "300000".
 */
export function formatYuan(fen: Fen, style: 'table' | 'plain' = 'table'): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const whole = (abs / FEN_PER_YUAN).toString();
  const rest = abs % FEN_PER_YUAN;
  const cents = rest.toString().padStart(2, '0');
  if (style === 'plain') return `${neg ? '-' : ''}${whole}${rest === 0n ? '' : `.${cents}`}`;
  return `${neg ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}
