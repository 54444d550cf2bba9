/** Every period, newest first, each linking to its funding notice. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePlan } from '../app/plan';
import { usePeriods } from '../app/queries';
import { Failure, Loading } from '../app/status';
import { usePublicWindDown } from '../app/WindDownBanner';
import { DEFAULT_ZONE } from '../format/dates';
import { isOperatorFunded } from '../format/wind-down';
import { useFormat } from '../format/use-format';

export default function PeriodsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const plan = usePlan();
  const periods = usePeriods(plan.data?.id, 100);
  const startedAt = usePublicWindDown(plan.data?.id).data?.windDown?.startedAt;
  if (plan.error || periods.error) return <Failure error={plan.error ?? periods.error} />;
  if (!periods.data) return <Loading />;
  return (
    <>
      <h1>{t('periods.title')}</h1>
      <p className="lead">{t('periods.intro')}</p>
      {periods.data.items.length === 0 ? <p>{t('periods.empty')}</p> : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('periods.title')}>
          <table data-testid="periods">
            <thead><tr>
              <th scope="col">{t('periods.announcedOn')}</th><th scope="col" className="num">{t('periods.cases')}</th>
              <th scope="col" className="num">{t('periods.members')}</th><th scope="col" className="num">{t('periods.share')}</th>
            </tr></thead>
            <tbody>
              {periods.data.items.map((p) => (
                <tr key={p.announcedOn}>
                  <td><Link to={`/periods/${p.announcedOn}`}>{f.day(p.announcedOn)}</Link></td>
                  <td className="num">{f.count(p.cases)}</td><td className="num">{f.count(p.sharingMembers)}</td><td className="num">{isOperatorFunded(p.chargedOn, startedAt, plan.data?.timeZone ?? DEFAULT_ZONE)
                    ? <><span className="tag funded" data-testid="operator-funded">{t('windDown.period.funded')}</span> {f.yuan(p.shareFen)}</>
                    : f.yuan(p.shareFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
