/**
 * Text measured as a reader counts it. Shared by every rule that asks for a written reason
 * (four eyes, challenges, a juror's justification), so a minimum means the same everywhere.
 */

/** Length in characters as a reader counts them (code points, so 一 is one, not a UTF-16 unit). */
export function charCount(text: string): number {
  return [...text.trim()].length;
}
