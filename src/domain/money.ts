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

/** "1,234.56" style rendering for tables; never used for arithmetic. */
export function formatYuan(fen: Fen): string {
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  const whole = (abs / FEN_PER_YUAN).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % FEN_PER_YUAN).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${whole}.${cents}`;
}
