/**
 * The outlook: the plan's measured state projected forward, the warning level with its reasons
 * (measured and projected), and the projected shares and members as a chart loaded on demand.
 */
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { planNameIn } from '../../format/server-text';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { usePlan } from '../../app/plan';
import { Failure, Loading } from '../../app/status';
import { useFormat } from '../../format/use-format';

const ShareChart = lazy(() => import('../../charts/ShareChart'));
const CHART_LABELS = { chart: 'operator.outlook.chart', share: 'operator.outlook.chartShare', members: 'operator.outlook.chartMembers' };

type Part = { level: 'ok' | 'watch' | 'warning' | 'spiral'; signals: { code: string; values: Record<string, number> }[] };

/** A reading's summary and signals in the page's language, from the server's codes (its sentences are English only). */
function useReading() {
  const { t } = useTranslation();
  const f = useFormat();
  const pct = (x: number) => new Intl.NumberFormat(f.locale, { style: 'percent', maximumFractionDigits: 0 }).format(Math.abs(x));
  const signal = (s: Part['signals'][number]) => t(`server.outlook.signals.${s.code}`, Object.fromEntries(Object.entries(s.values).map(([k, v]) => [k, pct(v)])));
  const summary = (p: Part) => t(`server.outlook.summaries.${p.level}`, { reasons: (p.level === 'watch' ? p.signals.slice(0, 1) : p.signals).map(signal).join(t('server.outlook.separator')) });
  return { signal, summary };
}

export default function OutlookPage() {
  const { t, i18n } = useTranslation();
  const reading = useReading();
  const f = useFormat();
  const plan = usePlan();
  const id = plan.data?.id;
  const outlook = useQuery({ queryKey: ['ops-outlook', id], enabled: !!id, queryFn: () => data(api.GET('/ops/outlook', { params: { query: { plan: id! } } })) });
  const error = plan.error ?? outlook.error;
  if (error) return <Failure error={error} retry={() => void outlook.refetch()} />;
  if (!outlook.data) return <Loading />;
  const o = outlook.data;
  const w = o.warning;
  const pct = (x: number | null) => (x === null ? '—' : new Intl.NumberFormat(f.locale, { style: 'percent', maximumFractionDigits: 1 }).format(x));
  return (
    <>
      <h1>{t('operator.outlook.title')}</h1>
      <p className="lead">{t('operator.outlook.lead')}</p>
      <p>{t('operator.outlook.plan')}: {planNameIn(plan.data, i18n.language) ?? o.planName} · {f.day(o.asOfDate)}</p>
      <p className={`badge level-${w.level}`} role="status" data-testid="outlook-level">{t('operator.outlook.level')}: {t(`operator.outlook.levels.${w.level}`)}</p>
      <p>{reading.summary(w.level === w.measured.level ? w.measured : w.projected)}</p>
      <dl className="stats">
        <div><dt>{t('operator.outlook.members')}</dt><dd>{f.count(o.members.total)}</dd></div>
        <div><dt>{t('operator.outlook.under40')}</dt><dd>{pct(o.members.under40Fraction)}</dd></div>
        <div><dt>{t('operator.outlook.annualCost')}</dt><dd>{f.yuan(o.projection.annualCostPerMemberFen)}</dd></div>
      </dl>
      <div className="two-col">
        {([['measured', w.measured], ['projected', w.projected]] as const).map(([k, part]) => (
          <section key={k} className="card" aria-labelledby={`outlook-${k}`}>
            <h2 id={`outlook-${k}`}>{t(`operator.outlook.${k}`)}: {t(`operator.outlook.levels.${part.level}`)}</h2>
            <p>{reading.summary(part)}</p>
            {part.signals.length > 0 && <><h3>{t('operator.outlook.reasons')}</h3><ul className="plain">{part.signals.map((s) => <li key={s.code}>{reading.signal(s)}</li>)}</ul></>}
          </section>
        ))}
      </div>
      <h2>{t('operator.outlook.chart')}</h2>
      <Suspense fallback={<Loading />}><ShareChart periods={o.projection.periods} labels={CHART_LABELS} /></Suspense>
      <div className="table-wrap" role="region" tabIndex={0} aria-labelledby="outlook-table">
        <table>
          <caption id="outlook-table">{t('operator.outlook.projected')}</caption>
          <thead><tr><th scope="col">{t('operator.outlook.month')}</th><th scope="col" className="num">{t('operator.outlook.members')}</th><th scope="col" className="num">{t('operator.outlook.cases')}</th><th scope="col" className="num">{t('operator.outlook.share')}</th></tr></thead>
          <tbody>{o.projection.periods.map((p) => <tr key={p.announcedOn}><td>{f.day(p.announcedOn)}</td><td className="num">{f.count(p.sharingMembers)}</td><td className="num">{f.count(p.cases)}</td><td className="num">{f.yuan(p.shareFen)}</td></tr>)}</tbody>
        </table>
      </div>
    </>
  );
}
