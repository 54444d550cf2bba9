/** The books check (the `huzhu books check` proof): each check with its result and detail. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { Failure, Loading } from '../../app/status';

export default function BooksPage() {
  const { t, i18n } = useTranslation();
  const books = useQuery({ queryKey: ['audit-books'], queryFn: () => data(api.GET('/audit/books')) });
  return (
    <>
      <h1>{t('auditor.books.title')}</h1>
      <p className="lead">{t('auditor.books.lead')}</p>
      {books.error && <Failure error={books.error} retry={() => void books.refetch()} />}
      {!books.data && !books.error && <Loading />}
      {books.data && (
        <>
          <p className={`badge ${books.data.ok ? 'ok' : 'bad'}`} role="status" data-testid="books-result">{books.data.ok ? `✓ ${t('auditor.books.ok')}` : `✗ ${t('auditor.books.failed')}`}</p>
          <div className="table-wrap" role="region" tabIndex={0} aria-labelledby="books-caption">
            <table className="stack">
              <caption id="books-caption">{t('auditor.books.title')}</caption>
              <thead><tr><th scope="col">{t('auditor.books.check')}</th><th scope="col">{t('auditor.books.result')}</th><th scope="col">{t('auditor.books.detail')}</th></tr></thead>
              <tbody>
                {books.data.checks.map((c) => (
                  <tr key={c.name} data-testid="books-check">
                    <td>{i18n.language === 'en' ? c.name : t(`server.books.${c.code}`, { plan: c.plan ?? '', defaultValue: c.name })}</td>
                    <td><span className={`tag ${c.ok ? 'ok' : 'bad'}`}>{c.ok ? `✓ ${t('auditor.books.pass')}` : `✗ ${t('auditor.books.fail')}`}</span></td>
                    {/* The figures as the server states them (English): marked so a screen reader reads them as English. */}
                    <td lang="en">{c.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
