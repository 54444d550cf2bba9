/** The public home: this period's members, share and cases, running totals, and the chart (loaded after first render). */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePlan } from '../app/plan';
import { usePeriods, useTotals } from '../app/queries';
import { Failure, Loading } from '../app/status';
import { WindDownBanner } from '../app/WindDownBanner';
import { useFormat } from '../format/use-format';

const ShareChart = lazy(() => import('../charts/ShareChart'));

export default function HomePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const plan = usePlan();
  const periods = usePeriods(plan.data?.id);
  const totals = useTotals(plan.data?.id);
  if (plan.error || periods.error) return <Failure error={plan.error ?? periods.error} />;
  if (!plan.data || !periods.data) return <Loading />;
  const latest = periods.data.items[0];
  const banner = <WindDownBanner plan={plan.data.id} zone={plan.data.timeZone} />;
  return (
    <>
      <h1>{t('home.title')}</h1>
      {latest ? (
        <>
          <p className="lead">{t('home.period', { date: f.day(latest.announcedOn) })}</p>
          {banner}
          <dl className="stats" data-testid="home-stats">
            <div><dt>{t('home.members')}</dt><dd>{f.count(latest.sharingMembers)}</dd></div>
            <div><dt>{t(latest.weightBands.some((b) => b.weight !== 1) ? 'home.sharePerUnit' : 'home.share')}</dt><dd data-testid="home-share">{f.yuan(latest.shareFen)}</dd></div>
            <div><dt>{t('home.cases')}</dt><dd>{f.count(latest.cases)}</dd></div>
            <div><dt>{t('home.totalPayout')}</dt><dd>{totals.data ? f.yuan(totals.data.payoutFen) : '…'}</dd></div>
          </dl>
          <p><Link to={`/periods/${latest.announcedOn}`}>{t('home.seePeriod')}</Link> · <Link to="/notice">{t('home.seeNotice')}</Link></p>
        </>
      ) : <>{banner}<p>{t('home.noPeriods')}</p></>}
      {totals.data && (
        <>
          <h2>{t('home.totals')}</h2>
          <dl className="stats">
            <div><dt>{t('home.totalPeriods')}</dt><dd>{f.count(totals.data.periods)}</dd></div>
            <div><dt>{t('home.totalCases')}</dt><dd>{f.count(totals.data.cases)}</dd></div>
            <div><dt>{t('home.members')}</dt><dd>{f.count(totals.data.activeMembers)}</dd></div>
            <div><dt>{t('home.totalFee')}</dt><dd>{f.yuan(totals.data.feeFen)}</dd></div>
          </dl>
        </>
      )}
      {periods.data.items.length > 1 && (
        <section aria-labelledby="chart-title">
          <h2 id="chart-title">{t('home.chart')}</h2>
          <Suspense fallback={<div className="chart" />}>
            <ShareChart periods={[...periods.data.items].reverse()} />
          </Suspense>
        </section>
      )}
    </>
  );
}
