/**
 * An operator-funded period (issue 13: charged at or after a wind-down's start): members share
 * nothing, the operator pays the payouts less the surplus carried in; the sharing members are
 * still counted. Read as "paid by the operator", never as a free period.
 */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format';

interface Period { payoutFen: number; carriedInFen: number; operatorSubsidyFen: number; surplusOutFen: number; billedFen: number; shareFen: number; sharingMembers: number }

export function FundedArithmetic({ p }: { p: Period }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section aria-labelledby="funded" data-testid="operator-funded-period">
      <h2 id="funded">{t('windDown.period.fundedTitle')} <span className="tag funded">{t('windDown.period.funded')}</span></h2>
      <p>{t('windDown.period.fundedText', { share: f.yuan(p.shareFen), subsidy: f.yuan(p.operatorSubsidyFen) })}</p>
      <table className="sum" data-testid="arithmetic">
        <tbody>
          <tr><td>{t('period.payouts')}</td><td>{f.yuan(p.payoutFen)}</td></tr>
          <tr><td>{t('period.carriedIn')}</td><td>− {f.yuan(p.carriedInFen)}</td></tr>
          <tr className="total"><td>{t('windDown.period.subsidy')}</td><td data-testid="operator-subsidy">{f.yuan(p.operatorSubsidyFen)}</td></tr>
          <tr><td>{t('periods.members')}</td><td>{f.count(p.sharingMembers)}</td></tr>
          <tr><td>{t('periods.share')}</td><td data-testid="period-share">{f.yuan(p.shareFen)}</td></tr>
          <tr><td>{t('period.billed')}</td><td>{f.yuan(p.billedFen)}</td></tr>
          <tr><td>{t('period.surplusOut')}</td><td>{f.yuan(p.surplusOutFen)}</td></tr>
        </tbody>
      </table>
    </section>
  );
}
