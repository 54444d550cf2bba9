/**
 * Text the server sends that is not in the catalogs: operator-entered names given in both
 * languages (a plan's `names`) and stable codes the catalogs translate (a province's English name,
 * a risk signal's or sampling reason's code). The server's English sentence is kept for English,
 * where it has more detail than the code's sentence.
 */
import type { TFunction } from 'i18next';

/** A plan's name in the page's language, else its name of record. */
export function planNameIn(plan: { name: string; names?: { 'zh-CN': string; en: string } } | null | undefined, language: string): string | undefined {
  if (!plan) return undefined;
  return plan.names?.[language === 'en' ? 'en' : 'zh-CN'] ?? plan.name;
}

/** A province code (its English name) in the page's language; unknown codes shown as sent. */
export function provinceIn(t: TFunction, province: string): string {
  return t(`server.provinces.${province}`, { defaultValue: province });
}

/** A coded sentence: the server's own English text in English, the catalog's sentence otherwise. */
export function codedText(t: TFunction, language: string, key: string, english: string, values: Record<string, string> = {}): string {
  if (language === 'en') return english;
  return t(key, { ...values, defaultValue: english });
}
