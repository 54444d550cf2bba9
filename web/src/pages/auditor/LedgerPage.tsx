/** The ledger (every journal entry with its lines, oldest first) and every period's figures. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { Failure, Loading } from '../../app/status';
import { useFormat } from '../../format/use-format';
import { Pager } from '../../staff/Pager';

function Periods() {
  const { t } = useTranslation();
  const f = useFormat();
  const [offset, setOffset] = useState(0);
  const periods = useQuery({ queryKey: ['audit-periods', offset], queryFn: () => data(api.GET('/audit/periods', { params: { query: { limit: 20, offset } } })) });
  if (periods.error) return <Failure error={periods.error} retry={() => void periods.refetch()} />;
  if (!periods.data) return <Loading />;
  const cols = ['announcedOn', 'status', 'cases', 'members', 'payout', 'fee', 'share', 'subsidy', 'billed', 'surplusOut'] as const;
  return (
    <>
      <div className="table-wrap" role="region" tabIndex={0} aria-labelledby="periods-caption">
        <table className="stack">
          <caption id="periods-caption">{t('auditor.ledger.periods')}</caption>
          <thead><tr>{cols.map((c) => <th key={c} scope="col" className={c === 'announcedOn' || c === 'status' ? undefined : 'num'}>{t(`auditor.ledger.${c}`)}</th>)}</tr></thead>
          <tbody>
            {periods.data.items.map((p) => (
              <tr key={p.id}>
                <td data-label={t('auditor.ledger.announcedOn')}>{p.plan} · {f.day(p.announcedOn)}</td>
                <td data-label={t('auditor.ledger.status')}>{t(`common.status.${p.status}`, { defaultValue: p.status })}</td>
                {([['cases', f.count(p.cases)], ['members', f.count(p.sharingMembers)], ['payout', f.yuan(p.payoutFen)], ['fee', f.yuan(p.feeFen)], ['share', f.yuan(p.shareFen)],
                  ['subsidy', f.yuan(p.operatorSubsidyFen)], ['billed', f.yuan(p.billedFen)], ['surplusOut', f.yuan(p.surplusOutFen)]] as const)
                  .map(([k, v]) => <td key={k} className="num" data-label={t(`auditor.ledger.${k}`)}>{v}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={periods.data.page} onOffset={setOffset} />
    </>
  );
}

function Journal() {
  const { t } = useTranslation();
  const f = useFormat();
  const [offset, setOffset] = useState(0);
  const ledger = useQuery({ queryKey: ['audit-ledger', offset], queryFn: () => data(api.GET('/audit/ledger', { params: { query: { limit: 20, offset } } })) });
  if (ledger.error) return <Failure error={ledger.error} retry={() => void ledger.refetch()} />;
  if (!ledger.data) return <Loading />;
  return (
    <>
      {ledger.data.items.map((e) => (
        <div key={e.id} className="table-wrap entry" role="region" tabIndex={0} aria-labelledby={`entry-${e.id}`}>
          <table>
            <caption id={`entry-${e.id}`}>
              {t('auditor.ledger.entry', { id: e.id })} · {e.kind} · {f.instant(e.at)} · {e.actor}
              {e.reverses !== null && <> · {t('auditor.ledger.reverses', { id: e.reverses })}</>}
              <br /><span className="hint">{e.memo}</span>
            </caption>
            <thead><tr><th scope="col">{t('auditor.ledger.account')}</th><th scope="col" className="num">{t('auditor.ledger.debit')}</th><th scope="col" className="num">{t('auditor.ledger.credit')}</th></tr></thead>
            <tbody>
              {e.lines.map((l, i) => (
                <tr key={i}><td>{l.account}</td><td className="num">{l.debitFen ? f.yuan(l.debitFen) : ''}</td><td className="num">{l.creditFen ? f.yuan(l.creditFen) : ''}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <Pager page={ledger.data.page} onOffset={setOffset} />
    </>
  );
}

export default function LedgerPage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('auditor.ledger.title')}</h1>
      <p className="lead">{t('auditor.ledger.lead')}</p>
      <h2>{t('auditor.ledger.periods')}</h2>
      <Periods />
      <h2>{t('auditor.ledger.entries')}</h2>
      <Journal />
    </>
  );
}
