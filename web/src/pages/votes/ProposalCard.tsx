/**
 * One rule-change proposal: each changed setting now and as proposed, side by side, with the
 * reason, the dates in the plan's zone and the tally (issue 14). Shared by the public, member and
 * operator pages; `children` is where a page puts its own actions (vote, confirm).
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { paths } from '../../api/client';
import { useFormat } from '../../format/use-format';

export type Proposal = paths['/public/plans/{plan}/proposals']['get']['responses']['200']['content']['application/json']['items'][number];

const TAG: Record<Proposal['status'], string> = { proposed: 'wait', open: 'wait', passed: 'ok', rejected: 'bad' };

/** A setting's value as a member reads it: amounts in fen as yuan, basis points as a percentage, anything else as its JSON. */
function Value({ name, value }: { name: string; value: unknown }) {
  const f = useFormat();
  if (name.endsWith('Fen') && typeof value === 'number') return <>{f.yuan(value)}</>;
  if (name.endsWith('BasisPoints') && typeof value === 'number') {
    return <>{new Intl.NumberFormat(f.locale, { style: 'percent', maximumFractionDigits: 2 }).format(value / 10_000)}</>;
  }
  return <code>{JSON.stringify(value)}</code>;
}

export function ProposalCard({ p, timeZone, children }: { p: Proposal; timeZone: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const f = useFormat();
  const keys = Object.keys(p.new);
  const titleId = `proposal-${p.id}`;
  return (
    <li data-testid={`proposal-${p.id}`}>
      <h3 id={titleId}>{p.id} <span className={`tag ${TAG[p.status]}`}>{t(`votes.status.${p.status}`)}</span></h3>
      <p>{t('votes.reason')}: {p.reason}</p>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={titleId}>
        <table>
          <thead><tr><th scope="col">{t('votes.setting')}</th><th scope="col">{t('votes.current')}</th><th scope="col">{t('votes.proposed')}</th></tr></thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k}><th scope="row">{t(`votes.settingNames.${k}`, { defaultValue: k })} <code>{k}</code></th><td><Value name={k} value={p.old[k]} /></td><td><Value name={k} value={p.new[k]} /></td></tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="facts">
        <dt>{t('votes.effectiveOn')}</dt><dd>{f.day(p.effectiveOn)}</dd>
        {p.opensAt && <><dt>{t('votes.opensAt')}</dt><dd>{f.instant(p.opensAt, timeZone)}</dd></>}
        {p.closesAt && <><dt>{t('votes.closesAt')}</dt><dd>{f.instant(p.closesAt, timeZone)}</dd></>}
        {p.eligible !== null && <><dt>{t('votes.eligible')}</dt><dd>{f.count(p.eligible)}</dd></>}
        {p.status !== 'proposed' && <>
          <dt>{t('votes.votesFor')}</dt><dd data-testid="votes-for">{f.count(p.votesFor)}</dd>
          <dt>{t('votes.votesAgainst')}</dt><dd>{f.count(p.votesAgainst)}</dd>
        </>}
      </dl>
      {p.status === 'open' && <p>{t(p.passedIfClosedNow ? 'votes.passing' : 'votes.failing')}</p>}
      {children}
    </li>
  );
}
