/**
 * My wallets (issue 13): in each prepaid plan, the balance (yuan from fen), the plan's deposit,
 * reminder level and limit, what was refunded, the reminders after charges, and a recharge form.
 * The amount typed in yuan becomes fen exactly (format/money.ts yuanToFen), never via a float.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { errorSentence } from '../../api/errors';
import { Failure, Loading } from '../../app/status';
import { yuanToFen } from '../../format/money';
import { useFormat } from '../../format/use-format';
import './member.css';

function RechargeForm({ plan }: { plan: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const fen = yuanToFen(String(new FormData(form).get('amount') ?? ''));
    if (fen === null || fen <= 0n) { setResult({ ok: false, text: t('my.wallets.badAmount') }); return; }
    setBusy(true);
    setResult(null);
    try {
      const r = await data(api.POST('/me/wallets/{plan}/recharge', { params: { path: { plan } }, body: { amountFen: Number(fen) } }));
      form.reset();
      setResult({ ok: true, text: t('my.wallets.recharged', { amount: f.yuan(r.amountFen), balance: f.yuan(r.balanceFen) }) });
      await qc.invalidateQueries({ queryKey: ['my-wallets'] });
    } catch (err) {
      setResult({ ok: false, text: errorSentence(t, err) });
    } finally {
      setBusy(false);
    }
  };
  const id = `recharge-${plan}`;
  return (
    <form onSubmit={(e) => void send(e)} noValidate aria-labelledby={id}>
      <h3 id={id}>{t('my.wallets.recharge')}</h3>
      <label>{t('my.wallets.amount')}
        <input name="amount" inputMode="decimal" autoComplete="off" required aria-describedby={`${id}-hint`} data-testid="recharge-amount" />
        <span id={`${id}-hint`} className="hint">{t('my.wallets.amountHint')}</span>
      </label>
      <p role="status" aria-live="polite" className={result ? (result.ok ? 'notice-ok' : 'failure') : undefined} data-testid="recharge-result">{result?.text}</p>
      <div><button className="primary" type="submit" disabled={busy}>{t('my.wallets.rechargeButton')}</button></div>
    </form>
  );
}

export default function MyWalletsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const wallets = useQuery({ queryKey: ['my-wallets'], queryFn: () => data(api.GET('/me/wallets')) });
  if (wallets.error) return <Failure error={wallets.error} retry={() => void wallets.refetch()} />;
  if (!wallets.data) return <Loading />;
  return (
    <>
      <h1>{t('my.wallets.title')}</h1>
      <p className="lead">{t('my.wallets.lead')}</p>
      {wallets.data.items.length === 0 && <p>{t('my.wallets.none')}</p>}
      {wallets.data.items.map((w) => (
        <section key={w.plan} className="card" aria-labelledby={`wallet-${w.plan}`} data-testid={`wallet-${w.plan}`}>
          <h2 id={`wallet-${w.plan}`}>{t('my.wallets.plan', { plan: w.plan })}</h2>
          <dl className="stats">
            <div><dt>{t('my.wallets.balance')}</dt><dd data-testid="wallet-balance">{f.yuan(w.balanceFen)}</dd></div>
            <div><dt>{t('my.wallets.deposit')}</dt><dd>{f.yuan(w.joinDepositFen)}</dd></div>
            <div><dt>{t('my.wallets.low')}</dt><dd>{f.yuan(w.lowBalanceFen)}</dd></div>
            <div><dt>{t('my.wallets.max')}</dt><dd>{f.yuan(w.maxBalanceFen)}</dd></div>
            <div><dt>{t('my.wallets.refunded')}</dt><dd>{f.yuan(w.refundedFen)}</dd></div>
          </dl>
          <h3>{t('my.wallets.reminders')}</h3>
          {w.reminders.length === 0 ? <p>{t('my.wallets.noReminders')}</p> : (
            <ul data-testid="wallet-reminders">
              {w.reminders.map((r) => (
                <li key={r.announcedOn}>{t(`my.wallets.reminder.${r.reason}`, { period: f.day(r.announcedOn), balance: f.yuan(r.balanceFen) })}</li>
              ))}
            </ul>
          )}
          <RechargeForm plan={w.plan} />
        </section>
      ))}
    </>
  );
}
