/** Who is logged in (GET /auth/session; the cookie is httpOnly), and logging out. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, data } from '../api/client';

export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        return await data(api.GET('/auth/session'));
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export function useLogout(): () => Promise<void> {
  const qc = useQueryClient();
  return async () => {
    await api.POST('/auth/logout');
    qc.setQueryData(['session'], null);
    await qc.invalidateQueries();
  };
}
