/**
 * A member's votes on rule changes (issue 14): each open proposal with the settings now and as
 * proposed, and one vote for each membership the account pays for that was active when the vote
 * opened. The projected effect on the member's share is not shown yet (said on the page).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { errorSentence } from '../../api/errors';
import { usePlan } from '../../app/plan';
import { Failure, Loading } from '../../app/status';
import { useFormat } from '../../format/use-format';
import { ProposalCard } from '../votes/ProposalCard';
import { useMemberships } from './member-data';
import './member.css';

type Answer = { ok: boolean; text: string };

function Ballot({ proposal, membership, who, voted }: { proposal: string; membership: number; who: string; voted: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  const cast = async (inFavour: boolean) => {
    setBusy(true);
    try {
      await data(api.POST('/me/proposals/{proposal}/votes', { params: { path: { proposal } }, body: { membership, inFavour } }));
      setAnswer({ ok: true, text: t('votes.member.sent') });
      await qc.invalidateQueries({ queryKey: ['me', 'proposals'] });
    } catch (err) {
      setAnswer({ ok: false, text: errorSentence(t, err) });
    } finally {
      setBusy(false);
    }
  };
  const label = t('votes.member.ballot', { id: membership, who });
  return (
    <fieldset>
      <legend>{label}</legend>
      {voted ? <p><span className="tag ok">{t('votes.member.voted')}</span></p> : (
        <div>
          <button type="button" className="primary" disabled={busy} onClick={() => void cast(true)}>{t('votes.member.inFavour')}</button>{' '}
          <button type="button" className="secondary" disabled={busy} onClick={() => void cast(false)}>{t('votes.member.against')}</button>
        </div>
      )}
      <p role="status" aria-live="polite" className={answer ? (answer.ok ? 'notice-ok' : 'failure') : undefined}>{answer?.text}</p>
    </fieldset>
  );
}

/** The projected effect on the share: the outlook without and with the change (the server runs both). */
function Effect({ proposal }: { proposal: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const effect = useQuery({ queryKey: ['me', 'proposal-effect', proposal], queryFn: () => data(api.GET('/me/proposals/{proposal}/effect', { params: { path: { proposal } } })) });
  if (effect.error) return <Failure error={effect.error} />;
  if (!effect.data) return <Loading />;
  const e = effect.data.annualCostPerMemberFen;
  return <p data-testid={`effect-${proposal}`}>{t('votes.member.effect', { without: f.yuan(e.without), with: f.yuan(e.with) })}</p>;
}

export default function MyVotesPage() {
  const { t } = useTranslation();
  const plan = usePlan();
  const planId = plan.data?.id;
  const open = useQuery({
    queryKey: ['me', 'proposals', planId], enabled: planId !== undefined,
    queryFn: () => data(api.GET('/me/proposals', { params: { query: { plan: planId! } } })),
  });
  const memberships = useMemberships();
  if (plan.error || open.error || memberships.error) return <Failure error={plan.error ?? open.error ?? memberships.error} />;
  if (!plan.data || !open.data || !memberships.data) return <Loading />;
  const names = new Map(memberships.data.items.map((m) => [m.id, m.person?.name ?? '—']));
  const zone = plan.data.timeZone;
  return (
    <>
      <h1>{t('votes.member.title')}</h1>
      <p className="lead">{t('votes.member.lead')}</p>
      <p className="hint">{t('votes.member.effectNote')}</p>
      {open.data.items.length === 0 && <p>{t('votes.member.empty')}</p>}
      <ul className="cards" data-testid="open-proposals">
        {open.data.items.map((p) => (
          <ProposalCard key={p.id} p={p} timeZone={zone}>
            <Effect proposal={p.id} />
            {p.ballots.map((b) => <Ballot key={b.membership} proposal={p.id} membership={b.membership} who={names.get(b.membership) ?? '—'} voted={b.voted} />)}
          </ProposalCard>
        ))}
      </ul>
    </>
  );
}
