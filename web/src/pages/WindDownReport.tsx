/**
 * A closed plan's final report (issue 13), as the `plan.winddown` closed log entry has it: members
 * at the start, the operator-funded periods, every claim by ref with its outcome, what the
 * operator paid and the final books (fen per ledger account). Amounts are integer fen.
 */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format';

export interface Report {
  membersAtStart: number; membershipsClosed: number;
  periods: { announcedOn: string; chargedOn: string; cases: number; sharingMembers: number; payoutFen: number; carriedInFen: number; operatorSubsidyFen: number; surplusOutFen: number; billedFen: number }[];
  claims: { claim: string; status: string; payoutFen: number; code: string | null }[];
  operatorPaid: { subsidiesFen: number; writtenOffFen: number; sharesRefundedFen: number; surplusReleasedFen: number; totalFen: number };
  walletsRefundedFen: number; walletsRefunded: number;
  books: Record<string, number>;
}

function Periods({ periods }: { periods: Report['periods'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cols = ['announcedOn', 'sharingMembers', 'payout', 'carriedIn', 'subsidy', 'billed'] as const;
  return (
    <div className="table-wrap" role="region" tabIndex={0} aria-labelledby="report-periods">
      <table>
        <caption id="report-periods">{t('windDown.report.periods')}</caption>
        <thead><tr>{cols.map((c) => <th key={c} scope="col" className={c === 'announcedOn' ? undefined : 'num'}>{t(`windDown.report.${c}`)}</th>)}</tr></thead>
        <tbody>{periods.map((p) => (
          <tr key={p.announcedOn}>
            <td>{f.day(p.announcedOn)}</td><td className="num">{f.count(p.sharingMembers)}</td><td className="num">{f.yuan(p.payoutFen)}</td>
            <td className="num">{f.yuan(p.carriedInFen)}</td><td className="num">{f.yuan(p.operatorSubsidyFen)}</td><td className="num">{f.yuan(p.billedFen)}</td>
          </tr>
        ))}</tbody>
      </table>
    </div>
  );
}

function Claims({ claims }: { claims: Report['claims'] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (claims.length === 0) return <p>{t('windDown.report.noClaims')}</p>;
  const outcome = (c: Report['claims'][number]) => {
    const status = t(`member.claimStatus.${c.status}`, { defaultValue: c.status });
    return c.code ? t('member.claim.outcomeWithCode', { outcome: status, code: t(`errors.codes.${c.code}`, { field: '', defaultValue: c.code }) }) : status;
  };
  return (
    <div className="table-wrap" role="region" tabIndex={0} aria-labelledby="report-claims">
      <table data-testid="report-claims">
        <caption id="report-claims">{t('windDown.report.claims')}</caption>
        <thead><tr><th scope="col">{t('windDown.report.claim')}</th><th scope="col">{t('windDown.report.outcome')}</th><th scope="col" className="num">{t('windDown.report.claimPayout')}</th></tr></thead>
        <tbody>{claims.map((c) => <tr key={c.claim}><td className="hex">{c.claim}</td><td>{outcome(c)}</td><td className="num">{f.yuan(c.payoutFen)}</td></tr>)}</tbody>
      </table>
    </div>
  );
}

export function FinalReport({ report: r }: { report: Report }) {
  const { t } = useTranslation();
  const f = useFormat();
  const o = r.operatorPaid;
  return (
    <section aria-labelledby="final-report" data-testid="final-report">
      <h2 id="final-report">{t('windDown.report.title')}</h2>
      <dl className="stats">
        <div><dt>{t('windDown.report.members')}</dt><dd>{f.count(r.membersAtStart)}</dd></div>
        <div><dt>{t('windDown.report.membershipsClosed')}</dt><dd>{f.count(r.membershipsClosed)}</dd></div>
      </dl>
      <Periods periods={r.periods} />
      <Claims claims={r.claims} />
      <h3>{t('windDown.report.operatorPaid')}</h3>
      <table className="sum">
        <tbody>
          <tr><td>{t('windDown.report.subsidies')}</td><td>{f.yuan(o.subsidiesFen)}</td></tr>
          <tr><td>{t('windDown.report.writtenOff')}</td><td>+ {f.yuan(o.writtenOffFen)}</td></tr>
          <tr><td>{t('windDown.report.sharesRefunded')}</td><td>+ {f.yuan(o.sharesRefundedFen)}</td></tr>
          <tr><td>{t('windDown.report.surplusReleased')}</td><td>− {f.yuan(o.surplusReleasedFen)}</td></tr>
          <tr className="total"><td>{t('windDown.report.total')}</td><td>{f.yuan(o.totalFen)}</td></tr>
        </tbody>
      </table>
      <p>{t('windDown.report.walletsRefunded', { n: f.count(r.walletsRefunded) })}: {f.yuan(r.walletsRefundedFen)}</p>
      <div className="table-wrap" role="region" tabIndex={0} aria-labelledby="report-books">
        <table>
          <caption id="report-books">{t('windDown.report.books')}</caption>
          <thead><tr><th scope="col">{t('windDown.report.account')}</th><th scope="col" className="num">{t('windDown.report.balance')}</th></tr></thead>
          <tbody>{Object.entries(r.books).map(([acc, fen]) => <tr key={acc}><td>{t(`windDown.report.accounts.${acc}`, { defaultValue: acc })}</td><td className="num">{f.yuan(fen)}</td></tr>)}</tbody>
        </table>
      </div>
      <p className="hint">{t('windDown.report.booksNote')}</p>
    </section>
  );
}
