/** A started (or closed) wind-down as staff see it: status, terms, dates and what was done at A. */
import { useTranslation } from 'react-i18next';
import { usePublicWindDown } from '../../app/WindDownBanner';
import { lastClaimDay } from '../../format/wind-down';
import { useFormat } from '../../format/use-format';
import type { StaffWindDown } from './WindDownPage';

export function StartedWindDown({ w, zone }: { w: StaffWindDown; zone: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pub = usePublicWindDown(w.plan).data?.windDown;
  const yuan = (fen: number | null) => f.yuan(fen ?? 0);
  return (
    <div className="two-col">
      <section className="card" aria-labelledby="wd-started" data-testid="wind-down-started">
        <h2 id="wd-started">{t('windDown.operator.started')}</h2>
        <dl className="facts">
          <dt>{t('windDown.operator.statusLabel')}</dt><dd data-testid="wind-down-status">{t(`windDown.status.${w.status}`)}</dd>
          <dt>{t('windDown.public.cutOff')}</dt><dd>{f.day(w.cutOffOn)}</dd>
          <dt>{t('windDown.public.claimWindow')}</dt><dd>{t('windDown.public.claimWindowDays', { n: f.count(w.claimWindowDays) })}</dd>
          <dt>{t('windDown.public.refundPastShares')}</dt><dd>{t(w.refundPastShares ? 'common.yes' : 'common.no')}</dd>
          <dt>{t('windDown.public.started')}</dt><dd>{w.startedAt ? f.instant(w.startedAt, zone) : ''}</dd>
          <dt>{t('windDown.public.coverEnds')}</dt><dd>{f.day(w.cutOffOn)}</dd>
          {pub && <><dt>{t('windDown.public.windowEnds')}</dt><dd>{f.day(lastClaimDay(pub.claimWindowEndsAt, zone))}</dd></>}
          <dt>{t('windDown.operator.confirmedBy')}</dt><dd>{w.confirmedBy ?? ''}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="wd-at-start">
        <h2 id="wd-at-start">{t('windDown.operator.atStart')}</h2>
        <table className="sum">
          <tbody>
            <tr><td>{t('windDown.public.membersAtStart')}</td><td>{f.count(w.membersAtStart ?? 0)}</td></tr>
            <tr><td>{t('windDown.operator.writtenOff')}</td><td>{yuan(w.writtenOffFen)}</td></tr>
            <tr><td>{t('windDown.operator.walletsRefunded')}</td><td>{yuan(w.walletsRefundedFen)}</td></tr>
            <tr><td>{t('windDown.operator.sharesRefunded')}</td><td>{yuan(w.sharesRefundedFen)}</td></tr>
          </tbody>
        </table>
      </section>
    </div>
  );
}
