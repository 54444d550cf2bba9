/** The plan the pages show: the first public plan (the demo has one), with its rules and zone. */
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../api/client';

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

/** Every public plan's name by id (a member's memberships may be in another plan than the first: the elderly plan moved to). */
export function usePlanNames() {
  return useQuery({
    queryKey: ['plan-names'],
    queryFn: async () => {
      const page = await data(api.GET('/public/plans', { params: { query: { limit: 100, offset: 0 } } }));
      return new Map(page.items.map((p) => [p.id, p.name]));
    },
    staleTime: 5 * 60_000,
  });
}
