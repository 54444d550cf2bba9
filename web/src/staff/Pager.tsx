/** Previous / next for the API's offset pages ({limit, offset, next}). */
import { useTranslation } from 'react-i18next';

export function Pager({ page, onOffset }: { page: { limit: number; offset: number; next: number | null }; onOffset: (offset: number) => void }) {
  const { t } = useTranslation();
  if (page.offset === 0 && page.next === null) return null;
  return (
    <p className="pager">
      <button type="button" disabled={page.offset === 0} onClick={() => onOffset(Math.max(0, page.offset - page.limit))}>{t('common.previous')}</button>{' '}
      <span>{t('common.page', { n: Math.floor(page.offset / page.limit) + 1 })}</span>{' '}
      <button type="button" disabled={page.next === null} onClick={() => page.next !== null && onOffset(page.next)}>{t('common.next')}</button>
    </p>
  );
}
