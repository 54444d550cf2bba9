/** The audit trail: every staff action with before and after, newest first, filtered by subject. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { Failure, Loading } from '../../app/status';
import { useFormat } from '../../format/use-format';
import { Pager } from '../../staff/Pager';

const show = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v, null, 1));

export default function TrailPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [draft, setDraft] = useState('');
  const [subject, setSubject] = useState('');
  const [offset, setOffset] = useState(0);
  const trail = useQuery({
    queryKey: ['audit-trail', subject, offset],
    queryFn: () => data(api.GET('/audit/trail', { params: { query: { limit: 20, offset, ...(subject ? { subject } : {}) } } })),
  });
  return (
    <>
      <h1>{t('auditor.trail.title')}</h1>
      <p className="lead">{t('auditor.trail.lead')}</p>
      <form className="filter" onSubmit={(e) => { e.preventDefault(); setSubject(draft.trim()); setOffset(0); }}>
        <label>{t('auditor.trail.subject')}<input value={draft} onChange={(e) => setDraft(e.target.value)} /></label>
        <button type="submit">{t('auditor.trail.filter')}</button>{' '}
        <button type="button" onClick={() => { setDraft(''); setSubject(''); setOffset(0); }}>{t('auditor.trail.clear')}</button>
      </form>
      {trail.error && <Failure error={trail.error} retry={() => void trail.refetch()} />}
      {!trail.data && !trail.error && <Loading />}
      {trail.data?.items.length === 0 && <p>{t('auditor.trail.empty')}</p>}
      {trail.data && trail.data.items.length > 0 && (
        <div className="table-wrap" role="region" tabIndex={0} aria-labelledby="trail-caption">
          <table className="stack">
            <caption id="trail-caption">{t('auditor.trail.title')}</caption>
            <thead><tr>{(['at', 'actor', 'action', 'target', 'before', 'after'] as const).map((c) => <th key={c} scope="col">{t(`auditor.trail.${c}`)}</th>)}</tr></thead>
            <tbody>
              {trail.data.items.map((r) => (
                <tr key={r.id}>
                  <td data-label={t('auditor.trail.at')}>{f.instant(r.at)}</td><td data-label={t('auditor.trail.actor')}>{r.actorRole}:{r.actorId}</td>
                  <td data-label={t('auditor.trail.action')}>{r.action}</td><td data-label={t('auditor.trail.target')}>{r.subject}</td>
                  <td data-label={t('auditor.trail.before')}><pre className="json">{show(r.before)}</pre></td><td data-label={t('auditor.trail.after')}><pre className="json">{show(r.after)}</pre></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {trail.data && <Pager page={trail.data.page} onOffset={setOffset} />}
    </>
  );
}
