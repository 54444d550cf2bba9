/**
 * My bills: per period, what each family member was billed, the payment, and the cases behind it;
 * "verify my bill" fetches the bill's proof and checks it in this browser with the project's own
 * verification core (the log's signature, the period entry's inclusion, this charge in the period).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { provinceIn } from '../../format/server-text';
import { diseaseIn } from '../../format/disease';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { Failure, Loading } from '../../app/status';
import { useFormat } from '../../format/use-format';
import { verifyBundle } from '../../verify/core';

type Verdict = { state: 'checking' } | { state: 'ok'; amountFen: bigint; logIndex: number } | { state: 'failed'; reason: string };

async function verifyMyBill(plan: string, announcedOn: string, membership: number): Promise<Verdict> {
  const bundle = await api.GET('/me/bills/{plan}/{announcedOn}/proof', { params: { path: { plan, announcedOn }, query: { membership } }, parseAs: 'text' });
  // The log's key is the wildcard route /log/{*}, which the typed client cannot fill in: fetched as text.
  const key = await fetch('/log/key', { credentials: 'same-origin' });
  if (typeof bundle.data !== 'string') return { state: 'failed', reason: `HTTP ${bundle.response.status}` };
  if (!key.ok) return { state: 'failed', reason: `HTTP ${key.status}` };
  const v = verifyBundle(bundle.data, { logKey: (await key.text()).trim() });
  return v.ok ? { state: 'ok', amountFen: v.amountMinor, logIndex: v.logIndex } : { state: 'failed', reason: v.reason };
}

function VerifyLine({ plan, announcedOn, membership, amountFen }: { plan: string; announcedOn: string; membership: number; amountFen: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const run = async () => {
    setVerdict({ state: 'checking' });
    try {
      setVerdict(await verifyMyBill(plan, announcedOn, membership));
    } catch (e) {
      setVerdict({ state: 'failed', reason: e instanceof Error ? e.message : String(e) });
    }
  };
  const matches = verdict?.state === 'ok' && verdict.amountFen === BigInt(amountFen);
  return (
    <span className="verify-line">
      <button type="button" onClick={() => void run()} disabled={verdict?.state === 'checking'}>{t('my.bills.verify')}</button>
      <span role="status" aria-live="polite" data-testid={`verify-${announcedOn}-${membership}`}>
        {verdict?.state === 'checking' && t('my.bills.checking')}
        {verdict?.state === 'ok' && (matches
          ? <strong className="tag ok">{t('my.bills.verified', { amount: f.yuan(verdict.amountFen), index: verdict.logIndex })}</strong>
          : <strong className="tag bad">{t('my.bills.amountDiffers', { logged: f.yuan(verdict.amountFen), shown: f.yuan(amountFen) })}</strong>)}
        {verdict?.state === 'failed' && <strong className="tag bad">{t('my.bills.failed', { reason: verdict.reason })}</strong>}
      </span>
    </span>
  );
}

export default function MyBillsPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const bills = useQuery({ queryKey: ['my-bills'], queryFn: () => data(api.GET('/me/bills', { params: { query: { limit: 24, offset: 0 } } })) });
  if (bills.error) return <Failure error={bills.error} retry={() => void bills.refetch()} />;
  if (!bills.data) return <Loading />;
  return (
    <>
      <h1 data-testid="my-bills">{t('my.bills.title')}</h1>
      <p className="lead">{t('my.bills.lead')}</p>
      {bills.data.items.length === 0 && <p>{t('my.bills.none')}</p>}
      {bills.data.items.map((b) => (
        <section key={`${b.plan}-${b.announcedOn}`} className="card" aria-labelledby={`bill-${b.announcedOn}`}>
          <h2 id={`bill-${b.announcedOn}`}>{t('my.bills.period', { announced: f.day(b.announcedOn), charged: f.day(b.chargedOn) })}</h2>
          <dl className="stats">
            <div><dt>{t('my.bills.total')}</dt><dd data-testid="bill-total">{f.yuan(b.totalFen)}</dd></div>
            <div><dt>{t('my.bills.share')}</dt><dd>{f.yuan(b.shareFen)}</dd></div>
            <div><dt>{t('my.bills.payment')}</dt><dd>{b.payment ? t(`my.bills.paymentStatus.${b.payment.status}`, { defaultValue: b.payment.status }) : t(b.totalFen === 0 ? 'my.bills.nothingToPay' : 'my.bills.notCharged')}</dd></div>
          </dl>
          <h3>{t('my.bills.lines')}</h3>
          <ul className="lines">
            {b.lines.map((l) => (
              <li key={l.membershipId}>
                <span>{l.name ?? t('my.bills.member')}: {f.yuan(l.amountFen)}</span>{' '}
                <VerifyLine plan={b.plan} announcedOn={b.announcedOn} membership={l.membershipId} amountFen={l.amountFen} />
              </li>
            ))}
          </ul>
          <h3 id={`cases-${b.announcedOn}`}>{t('my.bills.cases', { count: b.casesTotal })}</h3>
          {b.casesTotal === 0 ? <p>{t('my.bills.noCases')}</p> : (
          <div className="table-wrap" role="region" tabIndex={0} aria-labelledby={`cases-${b.announcedOn}`}>
            <table aria-labelledby={`cases-${b.announcedOn}`}>
              <thead><tr><th scope="col">{t('my.bills.case.name')}</th><th scope="col">{t('my.bills.case.age')}</th><th scope="col">{t('my.bills.case.province')}</th><th scope="col">{t('my.bills.case.disease')}</th><th scope="col">{t('my.bills.case.payout')}</th></tr></thead>
              <tbody>
                {b.cases.map((c, i) => (
                  <tr key={i}><td>{c.name}</td><td>{c.age ?? '—'}</td><td>{c.province ? provinceIn(t, c.province) : '—'}</td><td>{diseaseIn(c.disease, i18n.language)}</td><td>{f.yuan(c.payoutFen)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          )}
        </section>
      ))}
    </>
  );
}
