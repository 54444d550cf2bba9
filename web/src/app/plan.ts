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
