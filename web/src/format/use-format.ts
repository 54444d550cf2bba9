/** The formatting helpers bound to the current language (pages call these, never Intl directly). */
import { useTranslation } from 'react-i18next';
import { localeOf } from '../i18n';
import { formatDay, formatInstant } from './dates';
import { formatCount, formatYuan } from './money';

export function useFormat() {
  const { i18n } = useTranslation();
  const locale = localeOf(i18n.language);
  return {
    locale,
    yuan: (fen: number | bigint | string) => formatYuan(fen, locale),
    count: (n: number | bigint) => formatCount(n, locale),
    day: (d: string) => formatDay(d, locale),
    instant: (at: string | number, zone?: string) => formatInstant(at, locale, zone),
  };
}
