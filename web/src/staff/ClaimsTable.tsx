/**
 * The claims queue as a table (the operator's queue and the investigator's assigned claims): each
 * row with its risk signals and the reason it was sampled, fetched per row from the investigation.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { RiskSignal, SamplingReason } from './server-words';
import { usePlan } from '../app/plan';
import { diseaseIn } from '../format/disease';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';
import { Failure, Loading } from '../app/status';
import { useFormat } from '../format/use-format';
import { Pager } from './Pager';
import { useInvestigation } from './queries';

const STATUSES = ['pending', 'investigating', 'approved', 'challenged', 'paid', 'rejected'] as const;
type Status = (typeof STATUSES)[number];

function Signals({ claimRef }: { claimRef: string }) {
  const { t } = useTranslation();
  const inv = useInvestigation(claimRef);
  if (!inv.data) return <span className="hint">{inv.error ? '—' : t('app.loading')}</span>;
  const { sampled, samplingReasons, riskSignals } = inv.data;
  return (
    <ul className="plain signals">
      <li><span className={`tag ${sampled ? 'bad' : 'wait'}`}>{sampled ? t('operator.queue.sampled') : t('operator.queue.notSampled')}</span></li>
      {samplingReasons.map((r) => <li key={r.code}><SamplingReason reason={r} /></li>)}
      {riskSignals.length === 0 ? <li>{t('operator.queue.noSignals')}</li> : riskSignals.map((s) => <li key={s.code}><RiskSignal signal={s} /></li>)}
    </ul>
  );
}

export function ClaimsTable({ base, caption }: { base: '/operator/claims' | '/investigator/claims'; caption: string }) {
  const { t, i18n } = useTranslation();
  const plan = usePlan();
  const disease = (code: string) => { const name = plan.data?.diseases[code]; return name ? diseaseIn(name, i18n.language) : code; };
  const f = useFormat();
  const [status, setStatus] = useState<Status | ''>(base === '/operator/claims' ? 'pending' : '');
  const [offset, setOffset] = useState(0);
  const queue = useQuery({
    queryKey: ['ops-claims', status, offset],
    queryFn: () => data(api.GET('/ops/claims', { params: { query: { limit: 20, offset, ...(status ? { status } : {}) } } })),
  });
  return (
    <>
      <label className="inline">{t('operator.queue.filter')}{' '}
        <select value={status} onChange={(e) => { setStatus(e.target.value as Status | ''); setOffset(0); }}>
          <option value="">{t('operator.queue.all')}</option>
          {STATUSES.map((s) => <option key={s} value={s}>{t(`operator.status.${s}`)}</option>)}
        </select>
      </label>
      {queue.error && <Failure error={queue.error} retry={() => void queue.refetch()} />}
      {!queue.data && !queue.error && <Loading />}
      {queue.data && queue.data.items.length === 0 && <p>{t('operator.queue.empty')}</p>}
      {queue.data && queue.data.items.length > 0 && (
        <div className="table-wrap" role="region" tabIndex={0} aria-labelledby="claims-caption">
          <table className="stack">
            <caption id="claims-caption">{caption}</caption>
            <thead><tr>
              <th scope="col">{t('operator.queue.ref')}</th><th scope="col">{t('operator.claim.status')}</th><th scope="col">{t('operator.queue.filed')}</th>
              <th scope="col">{t('operator.queue.disease')}</th><th scope="col">{t('operator.queue.investigator')}</th><th scope="col">{t('operator.queue.signals')}</th>
            </tr></thead>
            <tbody>
              {queue.data.items.map((c) => (
                <tr key={c.ref} data-testid={`claim-${c.ref}`}>
                  <td><Link to={`${base}/${c.ref}`} aria-label={t('operator.queue.open', { ref: c.ref })}>{c.ref}</Link></td>
                  <td data-label={t('operator.claim.status')}>{t(`operator.status.${c.status}`, { defaultValue: c.status })}</td>
                  <td data-label={t('operator.queue.filed')}>{f.instant(c.filedAt)}</td>
                  <td data-label={t('operator.queue.disease')}>{disease(c.diseaseCode)} · {t(`operator.severities.${c.severity}`, { defaultValue: c.severity })} · {t(`operator.causes.${c.cause}`, { defaultValue: c.cause })}</td>
                  <td data-label={t('operator.queue.investigator')}>{c.investigatorId === null ? t('operator.queue.unassigned') : t('operator.queue.investigatorNo', { id: c.investigatorId })}</td>
                  <td data-label={t('operator.queue.signals')}><Signals claimRef={c.ref} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {queue.data && <Pager page={queue.data.page} onOffset={setOffset} />}
    </>
  );
}
