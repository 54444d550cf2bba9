/**
 * Jury cases, listed from the public log itself (its jury.case records, so the list is the signed
 * one), each with its public record from GET /public/jury/cases/:id.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../api/client';
import { Failure, Loading } from '../app/status';
import { useFormat } from '../format/use-format';
import { fetchLog } from '../verify/log';

export default function JuryListPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const cases = useQuery({
    queryKey: ['jury-cases'],
    queryFn: async () => {
      const log = await fetchLog();
      const ids = log.entries.filter((e) => e.type === 'jury.case').map((e) => String(e.case));
      return Promise.all(ids.reverse().slice(0, 50).map((id) => data(api.GET('/public/jury/cases/{id}', { params: { path: { id } } }))));
    },
  });
  if (cases.error) return <Failure error={cases.error} />;
  if (!cases.data) return <Loading />;
  return (
    <>
      <h1>{t('jury.title')}</h1>
      <p className="lead">{t('jury.intro')}</p>
      {cases.data.length === 0 ? <p data-testid="jury-empty">{t('jury.empty')}</p> : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('jury.title')}>
          <table data-testid="jury-cases">
            <thead><tr><th scope="col">{t('jury.case', { id: '' })}</th><th scope="col">{t('jury.claim')}</th><th scope="col">{t('jury.at')}</th><th scope="col">{t('jury.outcome')}</th></tr></thead>
            <tbody>
              {cases.data.map((c) => (
                <tr key={c.id}>
                  <td><Link to={`/juries/${c.id}`}>{t('jury.case', { id: c.id })}</Link></td>
                  <td>{c.claim}</td><td>{f.instant(c.openedAt)}</td><td>{c.ruling ?? t('jury.outcomes.pending')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
