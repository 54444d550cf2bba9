/** The plan the pages show: the first public plan (the demo has one), with its rules and zone. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';
import { planNameIn } from '../format/server-text';

export function usePlan() {
  return useQuery({
    queryKey: ['plan'],
    queryFn: async () => {
      const page = await data(api.GET('/public/plans', { params: { query: { limit: 1, offset: 0 } } }));
      return page.items[0] ?? null;
    },
    staleTime: 5 * 60_000,
  });
}

/** Every public plan's name by id, in the page's language (a member's memberships may be in another plan than the first: the elderly plan moved to). */
export function usePlanNames() {
  const { i18n } = useTranslation();
  const plans = useQuery({
    queryKey: ['plan-names'],
    queryFn: async () => (await data(api.GET('/public/plans', { params: { query: { limit: 100, offset: 0 } } }))).items,
    staleTime: 5 * 60_000,
  });
  return { ...plans, data: plans.data && new Map(plans.data.map((p) => [p.id, planNameIn(p, i18n.language) ?? p.name])) };
}
