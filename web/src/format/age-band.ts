/** A contribution band's ages in words, from the plan's ascending bands (rules and period pages). */

/** The age range of band i of ascending bands: "30 to 39", or "50 and over" for the last. */
export function bandRange(t: (k: string, o?: Record<string, unknown>) => string, bands: readonly { fromAge: number }[], i: number): string {
  const next = bands[i + 1];
  return next ? t('rules.ageRange', { from: bands[i]!.fromAge, to: next.fromAge - 1 }) : t('rules.ageFrom', { from: bands[i]!.fromAge });
}
