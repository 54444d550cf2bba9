/**
 * How much of a person's name each audience sees. Two rules on purpose, because the audiences
 * differ in what else they are shown:
 * - the public notice (every member, the whole internet) lists a claimant with province, age
 *   and disease only; it shows the family name and one star per other character, as Xiang Hu
 *   Bao's notices did (张三丰 -> 张**, 张三 -> 张*), so readers recognise the form;
 * - a juror reads the whole case (dates, reasons, the investigator's summary), where the
 *   name's length is one more clue to who it is; it shows the first character and always two
 *   stars (张三 -> 张**, 欧阳娜娜 -> 欧**).
 */

/** The public notice: family name (first character) and a star per other character, at least one. */
export function maskNameForPublicNotice(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '*';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** A juror's view: first character (code point) and two stars, whatever the length, so the length does not leak. */
export function maskNameForJurors(name: string): string {
  const first = [...name.trim()][0];
  return first === undefined ? '**' : `${first}**`;
}
