/** The dry run's figures (GET /ops/plans/:plan/wind-down/dry-run), every amount in yuan from fen. */
import { useTranslation } from 'react-i18next';
import type { paths } from '../../api/client';
import { useFormat } from '../../format/use-format';

type DryRun = paths['/ops/plans/{plan}/wind-down/dry-run']['get']['responses'][200]['content']['application/json'];

export function DryRunFigures({ d }: { d: DryRun }) {
  const { t } = useTranslation();
  const f = useFormat();
  const k = (key: string, n?: number) => t(`windDown.operator.dryRun.${key}`, n === undefined ? {} : { n: f.count(n) });
  const num = (x: number, digits: number) => new Intl.NumberFormat(f.locale, { maximumFractionDigits: digits }).format(x);
  const ny = d.notYetReported;
  return (
    <section className="card wide" aria-labelledby="wd-dry-run" data-testid="wind-down-dry-run">
      <h2 id="wd-dry-run">{k('title')}</h2>
      <p className="hint">{t('windDown.operator.dryRun.asOf', { at: f.instant(d.at) })}</p>
      <p>{k('members')}: <strong>{f.count(d.members)}</strong></p>
      <table className="sum">
        <tbody>
          <tr><td>{k('openPayments', d.openPaymentsToWriteOff.payments)}</td><td>{f.yuan(d.openPaymentsToWriteOff.fen)}</td></tr>
          {d.pastSharesToRefund && <tr><td>{k('pastShares', d.pastSharesToRefund.payers)}</td><td>+ {f.yuan(d.pastSharesToRefund.fen)}</td></tr>}
          <tr><td>{k('approvedUnpaid', d.approvedUnpaidClaims.claims)}</td><td>+ {f.yuan(d.approvedUnpaidClaims.fen)}</td></tr>
          <tr><td>{k('openClaims', d.openClaims.claims)}</td><td>+ {f.yuan(d.openClaims.estimatedFen)}</td></tr>
          <tr>
            <td>{k('notYet')}<br /><span className="hint">{t('windDown.operator.dryRun.notYetDetail', { claims: num(ny.expectedClaims, 2), days: f.count(ny.horizonDays), incidence: num(ny.incidencePer100kYear, 1) })}</span></td>
            <td>+ {f.yuan(ny.estimatedFen)}</td>
          </tr>
          <tr><td>{k('surplus')}</td><td>− {f.yuan(d.surplusCarriedFen)}</td></tr>
          <tr className="total"><td>{k('cost')}</td><td data-testid="wind-down-cost">{f.yuan(d.operatorCostFen)}</td></tr>
        </tbody>
      </table>
      <p>{k('perClaim')}: {f.yuan(d.expectedPayoutPerClaimFen)}</p>
      <p>{k('wallets', d.walletsToRefund.wallets)}: {f.yuan(d.walletsToRefund.fen)}</p>
    </section>
  );
}
