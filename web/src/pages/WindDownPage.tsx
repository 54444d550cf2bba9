/**
 * The public wind-down page (issue 13): what it means for members, the terms, the timeline (A, the
 * end of cover at the end of C, the last day to claim, the memberships closed, the plan closed)
 * and, once the plan has closed, the final report as published in the log.
 */
import { useTranslation } from 'react-i18next';
import { usePlan } from '../app/plan';
import { Failure, Loading } from '../app/status';
import { usePublicWindDown, WindDownBanner } from '../app/WindDownBanner';
import { lastClaimDay } from '../format/wind-down';
import { useFormat } from '../format/use-format';
import { FinalReport, type Report } from './WindDownReport';
import './my/member.css';

export default function WindDownPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const plan = usePlan();
  const wd = usePublicWindDown(plan.data?.id);
  if (plan.error || wd.error) return <Failure error={plan.error ?? wd.error} retry={() => void wd.refetch()} />;
  if (!plan.data || !wd.data) return <Loading />;
  const zone = plan.data.timeZone;
  const w = wd.data.windDown;
  const pending = <span className="hint">{t('windDown.public.pending')}</span>;
  return (
    <>
      <h1>{t('windDown.public.title')}</h1>
      <p className="lead">{t('windDown.public.lead')}</p>
      <p><span className={`tag ${wd.data.status === 'active' ? 'ok' : 'wait'}`} data-testid="wind-down-status">{t(`windDown.status.${wd.data.status}`)}</span></p>
      {!w ? <p>{t('windDown.public.none')}</p> : (
        <>
          <WindDownBanner plan={plan.data.id} zone={zone} />
          <div className="two-col">
            <section className="card" aria-labelledby="wd-terms">
              <h2 id="wd-terms">{t('windDown.public.terms')}</h2>
              <dl className="facts" data-testid="wind-down-terms">
                <dt>{t('windDown.public.cutOff')}</dt><dd>{f.day(w.cutOffOn)}</dd>
                <dt>{t('windDown.public.claimWindow')}</dt><dd>{t('windDown.public.claimWindowDays', { n: f.count(w.claimWindowDays) })}</dd>
                <dt>{t('windDown.public.refundPastShares')}</dt><dd>{t(w.refundPastShares ? 'common.yes' : 'common.no')}</dd>
                <dt>{t('windDown.public.membersAtStart')}</dt><dd>{f.count(w.membersAtStart)}</dd>
              </dl>
            </section>
            <section className="card" aria-labelledby="wd-timeline">
              <h2 id="wd-timeline">{t('windDown.public.timeline')}</h2>
              <ol className="timeline" data-testid="wind-down-timeline">
                <li><strong>{t('windDown.public.started')}</strong><time dateTime={w.startedAt}>{f.instant(w.startedAt, zone)}</time></li>
                <li><strong>{t('windDown.public.coverEnds')}</strong><time dateTime={w.cutOffOn}>{f.day(w.cutOffOn)}</time></li>
                {w.membershipsClosedAt && <li><strong>{t('windDown.public.membershipsClosed', { n: f.count(w.membershipsClosed ?? 0) })}</strong><time dateTime={w.membershipsClosedAt}>{f.instant(w.membershipsClosedAt, zone)}</time></li>}
                <li><strong>{t('windDown.public.windowEnds')}</strong><time>{f.day(lastClaimDay(w.claimWindowEndsAt, zone))}</time></li>
                <li><strong>{t('windDown.public.planClosed')}</strong>{w.closedAt ? <time dateTime={w.closedAt}>{f.instant(w.closedAt, zone)}</time> : pending}</li>
              </ol>
            </section>
          </div>
          {wd.data.finalReport && <FinalReport report={wd.data.finalReport as unknown as Report} />}
        </>
      )}
    </>
  );
}
