/**
 * The wind-down in plain words for members (issue 13): shown on the home, rules and member pages
 * while a plan is winding down or closed, linking to the public wind-down page. The plan's status
 * and terms come from GET /public/plans/:plan/wind-down (nothing while the plan is active or only
 * a proposal exists).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../api/client';
import { lastClaimDay } from '../format/wind-down';
import { useFormat } from '../format/use-format';
import { DEFAULT_ZONE } from '../format/dates';

export function usePublicWindDown(plan: string | undefined) {
  return useQuery({
    queryKey: ['wind-down', plan], enabled: !!plan,
    queryFn: () => data(api.GET('/public/plans/{plan}/wind-down', { params: { path: { plan: plan! } } })),
  });
}

/** The banner for one plan (nothing while it is active). `label` names the plan on member pages. */
export function WindDownBanner({ plan, zone = DEFAULT_ZONE, label }: { plan: string | undefined; zone?: string | undefined; label?: string | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const wd = usePublicWindDown(plan).data;
  const w = wd?.windDown;
  if (!wd || !w || wd.status === 'active') return null;
  const cutOff = f.day(w.cutOffOn);
  return (
    <section className={`wind-down-banner ${wd.status}`} aria-labelledby={`wind-down-${wd.plan}`} data-testid="wind-down-banner">
      <h2 id={`wind-down-${wd.plan}`}>{label ? t('windDown.banner.mine', { plan: label }) : ''}{t(`windDown.banner.${wd.status}`)}</h2>
      <ul>
        {wd.status === 'closed' && w.closedAt && <li>{t('windDown.banner.closedOn', { closedAt: f.instant(w.closedAt, zone) })}</li>}
        <li>{t('windDown.banner.billing', { start: f.instant(w.startedAt, zone) })}</li>
        <li>{t('windDown.banner.covered', { cutOff })}</li>
        <li>{t('windDown.banner.claims', { cutOff, lastDay: f.day(lastClaimDay(w.claimWindowEndsAt, zone)) })}</li>
        <li>{t('windDown.banner.wallets')}</li>
        {w.refundPastShares && <li>{t('windDown.banner.pastShares')}</li>}
      </ul>
      <p><Link to="/wind-down">{t('windDown.banner.more')}</Link></p>
    </section>
  );
}
