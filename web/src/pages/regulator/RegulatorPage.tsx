/**
 * The regulator's home (issue 13): each plan's wind-down status, the fund flows per month and per
 * period, the daily "no precipitated funds" proof, the CSV downloads and the monthly report, for
 * one plan and optionally one month. Amounts and dates only: the API gives no personal data.
 */
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type paths } from '../../api/client';
import { Failure, Loading } from '../../app/status';
import { useFormat } from '../../format/use-format';
import { Pager } from '../../staff/Pager';

type Flows = Omit<paths['/regulator/flows/months']['get']['responses'][200]['content']['application/json']['items'][number], 'plan' | 'month'>;
type Filter = { plan: string; month: string };

const FLOWS = [
  ['collected', 'collectedFen'], ['recharged', 'rechargedFen'], ['paid', 'paidToClaimantsFen'], ['fee', 'feeFen'], ['subsidy', 'operatorSubsidyFen'],
  ['funded', 'operatorFundedFen'], ['writtenOff', 'writtenOffFen'], ['refunds', 'refundsFen'], ['wallets', 'walletsHeldFen'], ['surplus', 'surplusCarriedFen'],
] as const;
/** A period's own flows: recharges belong to no period, so the column is left out of the (wide) period table. */
const PERIOD_FLOWS = FLOWS.filter(([label]) => label !== 'recharged');
const CSVS = ['periods', 'claims', 'journal', 'flows-periods', 'flows-months', 'wallets-days', 'proof-days'] as const;

const query = (f: Filter) => ({ plan: f.plan, ...(f.month ? { month: f.month } : {}) });
const search = (f: Filter, extra: Record<string, string> = {}) => new URLSearchParams({ ...query(f), ...extra }).toString();

function FlowCells({ row, cols = FLOWS }: { row: Flows; cols?: readonly (typeof FLOWS)[number][] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return <>{cols.map(([label, key]) => <td key={key} className="num" data-label={t(`regulator.flows.${label}`)}>{f.yuan(row[key])}</td>)}</>;
}

function FlowHeads({ cols = FLOWS }: { cols?: readonly (typeof FLOWS)[number][] }) {
  const { t } = useTranslation();
  return <>{cols.map(([label]) => <th key={label} scope="col" className="num">{t(`regulator.flows.${label}`)}</th>)}</>;
}

function Table({ id, caption, children }: { id: string; caption: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" tabIndex={0} aria-labelledby={id}>
      <table className="stack"><caption id={id}>{caption}</caption>{children}</table>
    </div>
  );
}

function MonthFlows({ filter }: { filter: Filter }) {
  const { t } = useTranslation();
  const months = useQuery({ queryKey: ['reg-months', filter.plan], queryFn: () => data(api.GET('/regulator/flows/months', { params: { query: { plan: filter.plan, limit: 100 } } })) });
  if (months.error) return <Failure error={months.error} retry={() => void months.refetch()} />;
  if (!months.data) return <Loading />;
  if (!months.data.items.length) return <p>{t('regulator.empty')}</p>;
  return (
    <Table id="reg-months" caption={t('regulator.months.title')}>
      <thead><tr><th scope="col">{t('regulator.month')}</th><FlowHeads /></tr></thead>
      <tbody>{months.data.items.map((m) => <tr key={m.month} data-testid="month-flows"><td data-label={t('regulator.month')} className="nowrap">{m.month}</td><FlowCells row={m} /></tr>)}</tbody>
    </Table>
  );
}

function PeriodFlows({ filter }: { filter: Filter }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [offset, setOffset] = useState(0);
  const periods = useQuery({ queryKey: ['reg-periods', filter, offset], queryFn: () => data(api.GET('/regulator/flows/periods', { params: { query: { ...query(filter), limit: 20, offset } } })) });
  if (periods.error) return <Failure error={periods.error} retry={() => void periods.refetch()} />;
  if (!periods.data) return <Loading />;
  if (!periods.data.items.length) return <p>{t('regulator.empty')}</p>;
  return (
    <>
      <Table id="reg-periods" caption={t('regulator.periods.title')}>
        <thead><tr>
          <th scope="col">{t('regulator.periods.announcedOn')}</th><th scope="col">{t('regulator.periods.chargedOn')}</th>
          <th scope="col" className="num">{t('regulator.periods.members')}</th><th scope="col" className="num">{t('regulator.periods.billed')}</th><FlowHeads cols={PERIOD_FLOWS} />
        </tr></thead>
        <tbody>
          {periods.data.items.map((p) => (
            <tr key={p.periodId} data-testid="period-flows">
              {/* Local dates of the plan as YYYY-MM-DD: the table is dense, and the downloads use the same form. */}
              <td data-label={t('regulator.periods.announcedOn')} className="nowrap">{p.announcedOn}</td>
              <td data-label={t('regulator.periods.chargedOn')}><span className="nowrap">{p.chargedOn}</span> {t(`common.status.${p.status}`, { defaultValue: p.status })}</td>
              <td className="num" data-label={t('regulator.periods.members')}>{f.count(p.sharingMembers)}</td>
              <td className="num" data-label={t('regulator.periods.billed')}>{f.yuan(p.billedFen)}</td>
              <FlowCells row={p} cols={PERIOD_FLOWS} />
            </tr>
          ))}
        </tbody>
      </Table>
      <Pager page={periods.data.page} onOffset={setOffset} />
    </>
  );
}

function DailyProof({ filter }: { filter: Filter }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [offset, setOffset] = useState(0);
  const days = useQuery({ queryKey: ['reg-proof', filter, offset], queryFn: () => data(api.GET('/regulator/proof/days', { params: { query: { ...query(filter), limit: 31, offset } } })) });
  if (days.error) return <Failure error={days.error} retry={() => void days.refetch()} />;
  if (!days.data) return <Loading />;
  if (!days.data.items.length) return <p>{t('regulator.empty')}</p>;
  const failed = days.data.items.filter((d) => !d.ok).length;
  return (
    <>
      <p className={`badge ${failed ? 'bad' : 'ok'}`} role="status" data-testid="proof-result">
        {failed ? `✗ ${t('regulator.proof.someFail', { n: failed })}` : `✓ ${t('regulator.proof.allPass', { n: days.data.items.length })}`}
      </p>
      <Table id="reg-proof" caption={t('regulator.proof.title')}>
        <thead><tr>
          <th scope="col">{t('regulator.proof.day')}</th><th scope="col" className="num">{t('regulator.proof.settlement')}</th>
          <th scope="col" className="num">{t('regulator.flows.surplus')}</th><th scope="col" className="num">{t('regulator.flows.wallets')}</th>
          <th scope="col" className="num">{t('regulator.proof.difference')}</th><th scope="col">{t('regulator.proof.result')}</th>
        </tr></thead>
        <tbody>
          {days.data.items.map((d) => (
            <tr key={d.day} data-testid="proof-day">
              <td data-label={t('regulator.proof.day')}>{f.day(d.day)}</td>
              <td className="num" data-label={t('regulator.proof.settlement')}>{f.yuan(d.settlementFen)}</td>
              <td className="num" data-label={t('regulator.flows.surplus')}>{f.yuan(d.surplusCarriedFen)}</td>
              <td className="num" data-label={t('regulator.flows.wallets')}>{f.yuan(d.walletsFen)}</td>
              <td className="num" data-label={t('regulator.proof.difference')}>{f.yuan(d.differenceFen)}</td>
              <td data-label={t('regulator.proof.result')}><span className={`tag ${d.ok ? 'ok' : 'bad'}`}>{d.ok ? `✓ ${t('regulator.proof.pass')}` : `✗ ${t('regulator.proof.fail')}`}</span></td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Pager page={days.data.page} onOffset={setOffset} />
    </>
  );
}

function Downloads({ filter, reportMonth }: { filter: Filter; reportMonth: string | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <p>{t('regulator.downloads.lead')}</p>
      <ul className="downloads">
        {CSVS.map((name) => <li key={name}><a href={`/regulator/csv/${name}?${search(filter)}`} download data-testid={`csv-${name}`}>{t(`regulator.downloads.${name}`)} (CSV)</a></li>)}
      </ul>
      <h3>{t('regulator.downloads.report')}</h3>
      {reportMonth ? (
        <ul className="downloads">
          <li><a href={`/regulator/report?${search({ plan: filter.plan, month: reportMonth }, { lang: 'zh-CN' })}`} data-testid="report-zh">{t('regulator.downloads.reportZh', { month: reportMonth })}</a></li>
          <li><a href={`/regulator/report?${search({ plan: filter.plan, month: reportMonth }, { lang: 'en' })}`} data-testid="report-en">{t('regulator.downloads.reportEn', { month: reportMonth })}</a></li>
        </ul>
      ) : <p>{t('regulator.downloads.chooseMonth')}</p>}
    </>
  );
}

export default function RegulatorPage() {
  const { t, i18n } = useTranslation();
  const plans = useQuery({ queryKey: ['reg-plans'], queryFn: () => data(api.GET('/regulator/plans', { params: { query: { limit: 100 } } })) });
  const [chosen, setChosen] = useState<string>('');
  const [month, setMonth] = useState('');
  const plan = chosen || plans.data?.items[0]?.plan || '';
  const months = useQuery({ queryKey: ['reg-months', plan], enabled: plan !== '', queryFn: () => data(api.GET('/regulator/flows/months', { params: { query: { plan, limit: 100 } } })) });
  const monthList = (months.data?.items ?? []).map((m) => m.month);
  const filter = { plan, month };
  const nameOf = (p: NonNullable<typeof plans.data>['items'][number]) => p.names?.[i18n.language === 'en' ? 'en' : 'zh-CN'] ?? p.name;
  return (
    <>
      <h1>{t('regulator.title')}</h1>
      <p className="lead">{t('regulator.lead')}</p>
      {plans.error && <Failure error={plans.error} retry={() => void plans.refetch()} />}
      {!plans.data && !plans.error && <Loading />}
      {plans.data && (
        <>
          <h2>{t('regulator.plans.title')}</h2>
          <Table id="reg-plans" caption={t('regulator.plans.title')}>
            <thead><tr><th scope="col">{t('regulator.plan')}</th><th scope="col">{t('regulator.plans.funding')}</th><th scope="col">{t('regulator.plans.status')}</th></tr></thead>
            <tbody>
              {plans.data.items.map((p) => (
                <tr key={p.plan} data-testid="plan-status">
                  <td data-label={t('regulator.plan')}>{nameOf(p)} <code>{p.plan}</code></td>
                  <td data-label={t('regulator.plans.funding')}>{t(`regulator.funding.${p.funding}`)}</td>
                  <td data-label={t('regulator.plans.status')}><span className="tag" data-status={p.status}>{t(`regulator.status.${p.status}`)}</span></td>
                </tr>
              ))}
            </tbody>
          </Table>
          <form className="filters" aria-label={t('regulator.filters')} onSubmit={(e) => e.preventDefault()}>
            <label>{t('regulator.plan')}{' '}
              <select value={plan} onChange={(e) => { setChosen(e.target.value); setMonth(''); }} data-testid="plan-filter">
                {plans.data.items.map((p) => <option key={p.plan} value={p.plan}>{nameOf(p)}</option>)}
              </select>
            </label>{' '}
            <label>{t('regulator.month')}{' '}
              <select value={month} onChange={(e) => setMonth(e.target.value)} data-testid="month-filter">
                <option value="">{t('regulator.allMonths')}</option>
                {monthList.map((m) => <option key={m} value={m}>{m}</option>)}
              </select>
            </label>
          </form>
          {plan && (
            <>
              <h2>{t('regulator.months.title')}</h2>
              <MonthFlows filter={filter} />
              <h2>{t('regulator.periods.title')}</h2>
              <PeriodFlows key={`${plan}/${month}`} filter={filter} />
              <h2>{t('regulator.proof.title')}</h2>
              <p>{t('regulator.proof.lead')}</p>
              <DailyProof key={`proof:${plan}/${month}`} filter={filter} />
              <h2>{t('regulator.downloads.title')}</h2>
              <Downloads filter={filter} reportMonth={month || monthList.at(-1)} />
            </>
          )}
        </>
      )}
    </>
  );
}
