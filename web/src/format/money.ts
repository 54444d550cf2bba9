/**
 * Money for people: yuan from integer fen. The fen are split into yuan and fen with BigInt
 * arithmetic and handed to Intl.NumberFormat as an exact decimal string, so no amount ever passes
 * through a float.
 */
const formats = new Map<string, Intl.NumberFormat>();

function yuanFormat(locale: string): Intl.NumberFormat {
  let f = formats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 2 });
    formats.set(locale, f);
  }
  return f;
}

/** "1234.56" from 123456 fen (exact; negative amounts keep their sign). */
export function fenToDecimal(fen: number | bigint | string): string {
  const n = BigInt(fen);
  const abs = n < 0n ? -n : n;
  return `${n < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** ¥1,234.56 in the locale's style. */
export function formatYuan(fen: number | bigint | string, locale: string): string {
  return yuanFormat(locale).format(fenToDecimal(fen) as Intl.StringNumericLiteral);
}

/** Counts (members, cases) with the locale's grouping. */
export function formatCount(n: number | bigint, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** Fen from a yuan amount typed by a person ("12", "12.5", "12.50"), exact; null when it is not one. */
export function yuanToFen(text: string): bigint | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}
