/**
 * The simulated payment provider: a payer fails while listed in sim_failing_payers (replay's
 * payerFails / payerRecovers), and otherwise at a configurable rate, decided by a hash of
 * (seed, payer, period, attempt) so a run is reproducible and a retry can succeed.
 */
import { simulatedOutcomeSql } from '../repositories/payments-repo.ts';
import type { PaymentProvider } from './payment-provider.ts';

export function simulatedProvider(opts: { failureRate?: number; seed?: number } = {}): PaymentProvider {
  const rate = opts.failureRate ?? 0;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError('failureRate must be between 0 and 1');
  const perMillion = Math.round(rate * 1_000_000);
  const seed = Math.trunc(opts.seed ?? 0);
  const random = perMillion > 0
    ? `WHEN ('x' || substr(md5('${seed}:' || x.payer_id || ':' || x.period_id || ':' || x.attempts), 1, 8))::bit(32)::bigint % 1000000 < ${perMillion} THEN 'failed'`
    : '';
  return {
    name: 'simulated',
    outcomeSql: (at) =>
      simulatedOutcomeSql(at, random),
  };
}
