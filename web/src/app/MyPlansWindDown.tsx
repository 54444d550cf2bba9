/**
 * On the member's pages: the wind-down banner for each plan the member's family is in (or was, in
 * a plan the wind-down closed), so nobody misses that a plan of theirs is winding down.
 */
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../api/client';
import { usePlan, usePlanNames } from './plan';
import { useSession } from './session';
import { WindDownBanner } from './WindDownBanner';

export function MyPlansWindDown() {
  const session = useSession();
  const plan = usePlan();
  const names = usePlanNames();
  // The same query key as the member pages' (pages/my/member-data.ts), so it is loaded once.
  const memberships = useQuery({
    queryKey: ['me', 'memberships'], enabled: session.data?.role === 'member',
    queryFn: () => data(api.GET('/me/memberships', { params: { query: { limit: 100, offset: 0 } } })),
  });
  const plans = [...new Set((memberships.data?.items ?? []).filter((m) => m.status === 'active' || m.status === 'closed').map((m) => m.plan))];
  return <>{plans.map((p) => <WindDownBanner key={p} plan={p} zone={p === plan.data?.id ? plan.data.timeZone : undefined} label={names.data?.get(p) ?? p} />)}</>;
}
