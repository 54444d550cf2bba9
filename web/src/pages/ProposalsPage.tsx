/** Public: every rule-change proposal of the plan with its tally and result (issue 14). */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';
import { usePlan } from '../app/plan';
import { Failure, Loading } from '../app/status';
import { ProposalCard } from './votes/ProposalCard';

export const useProposals = (plan: string | undefined) => useQuery({
  queryKey: ['proposals', plan], enabled: plan !== undefined,
  queryFn: () => data(api.GET('/public/plans/{plan}/proposals', { params: { path: { plan: plan! } } })),
});

export default function ProposalsPage() {
  const { t } = useTranslation();
  const plan = usePlan();
  const proposals = useProposals(plan.data?.id);
  if (plan.error || proposals.error) return <Failure error={plan.error ?? proposals.error} />;
  if (!plan.data || !proposals.data) return <Loading />;
  const zone = plan.data.timeZone;
  return (
    <>
      <h1>{t('votes.public.title')}</h1>
      <p className="lead">{t('votes.public.lead')}</p>
      {proposals.data.items.length === 0 && <p>{t('votes.public.empty')}</p>}
      <ul className="cards" data-testid="proposals">
        {proposals.data.items.map((p) => <ProposalCard key={p.id} p={p} timeZone={zone} />)}
      </ul>
    </>
  );
}
