/** The staff pages' shared server state: a claim, its investigation, and refreshing both after a step. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../api/client';

export const useClaim = (ref: string) =>
  useQuery({ queryKey: ['ops-claim', ref], queryFn: () => data(api.GET('/ops/claims/{ref}', { params: { path: { ref } } })) });

export const useInvestigation = (ref: string) =>
  useQuery({ queryKey: ['ops-investigation', ref], queryFn: () => data(api.GET('/ops/claims/{ref}/investigation', { params: { path: { ref } } })) });

/** After any step on a claim every staff view of it is stale (queue, claim, investigation, challenges). */
export function useRefreshClaims(): () => Promise<void> {
  const qc = useQueryClient();
  return async () => { await qc.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('ops-') }); };
}

