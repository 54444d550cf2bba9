/** Public data the pages share (one query key each, so pages reuse what another page loaded). */
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../api/client';

export function usePeriods(plan: string | undefined, limit = 24) {
  return useQuery({
    queryKey: ['periods', plan, limit], enabled: !!plan,
    queryFn: () => data(api.GET('/public/plans/{plan}/periods', { params: { path: { plan: plan! }, query: { limit, offset: 0 } } })),
  });
}

export function useTotals(plan: string | undefined) {
  return useQuery({
    queryKey: ['totals', plan], enabled: !!plan,
    queryFn: () => data(api.GET('/public/plans/{plan}/totals', { params: { path: { plan: plan! } } })),
  });
}

export function useNotices(plan: string | undefined) {
  return useQuery({
    queryKey: ['notices', plan], enabled: !!plan,
    queryFn: () => data(api.GET('/public/plans/{plan}/notices', { params: { path: { plan: plan! }, query: { limit: 4 } } })),
  });
}
