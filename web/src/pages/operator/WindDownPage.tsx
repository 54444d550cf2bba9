/**
 * Operators wind a plan down (issue 13). First the rehearsal: the dry run's cost to the operator
 * for the terms typed in, every figure in yuan, nothing written. Then the proposal; a second
 * operator confirms it, after a warning of what happens at that instant (A). The proposer is told
 * why they cannot confirm (four eyes; the server refuses FOUR_EYES too). After A: the status, the
 * terms, the dates and what was done at A.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, data, type paths } from '../../api/client';
import { errorSentence } from '../../api/errors';
import { usePlan } from '../../app/plan';
import { useSession } from '../../app/session';
import { Failure, Loading } from '../../app/status';
import { dayIn } from '../../format/dates';
import { useFormat } from '../../format/use-format';
import { samePerson } from '../../verify/core';
import { DryRunFigures } from './WindDownDryRun';
import { StartedWindDown } from './WindDownStarted';

export type StaffWindDown = NonNullable<paths['/ops/plans/{plan}/wind-down']['get']['responses'][200]['content']['application/json']['windDown']>;
type Terms = { cutOffOn: string; refundPastShares: boolean; claimWindowDays: number };
type Answer = { ok: boolean; text: string };

const useStaffWindDown = (plan: string | undefined) => useQuery({
  queryKey: ['ops-wind-down', plan], enabled: !!plan,
  queryFn: () => data(api.GET('/ops/plans/{plan}/wind-down', { params: { path: { plan: plan! } } })),
});

function Rehearsal({ plan, today }: { plan: string; today: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const [terms, setTerms] = useState<Terms | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const dry = useQuery({
    queryKey: ['ops-wind-down-dry-run', plan, terms], enabled: !!terms, retry: false,
    queryFn: () => data(api.GET('/ops/plans/{plan}/wind-down/dry-run', { params: { path: { plan }, query: {
      cutOffOn: terms!.cutOffOn, refundPastShares: terms!.refundPastShares ? 'true' : 'false', claimWindowDays: terms!.claimWindowDays,
    } } })),
  });
  const rehearse = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setAnswer(null);
    setTerms({ cutOffOn: String(form.get('cutOffOn') ?? ''), refundPastShares: form.get('refundPastShares') === 'on', claimWindowDays: Number(form.get('claimWindowDays') ?? 180) });
  };
  const propose = async () => {
    if (!terms) return;
    try {
      const w = await data(api.POST('/ops/plans/{plan}/wind-down', { params: { path: { plan } }, body: terms }));
      setAnswer({ ok: true, text: t('windDown.operator.proposed', { id: w.id }) });
      await qc.invalidateQueries({ queryKey: ['ops-wind-down', plan] });
    } catch (err) {
      setAnswer({ ok: false, text: errorSentence(t, err) });
    }
  };
  return (
    <>
      <form className="card wide" onSubmit={rehearse} noValidate aria-labelledby="wd-rehearse">
        <h2 id="wd-rehearse">{t('windDown.operator.rehearse')}</h2>
        <label>{t('windDown.operator.cutOff')}
          <input type="date" name="cutOffOn" required defaultValue={today} min={today} aria-describedby="wd-cutoff-hint" />
        </label>
        <p className="hint" id="wd-cutoff-hint">{t('windDown.operator.cutOffHint', { today: f.day(today) })}</p>
        <label className="inline"><input type="checkbox" name="refundPastShares" />{t('windDown.operator.refundPastShares')}</label>
        <label>{t('windDown.operator.claimWindowDays')}
          <input type="number" name="claimWindowDays" min={0} max={3650} step={1} defaultValue={180} required aria-describedby="wd-window-hint" />
        </label>
        <p className="hint" id="wd-window-hint">{t('windDown.operator.claimWindowHint')}</p>
        <div><button type="submit" className="secondary">{t('windDown.operator.run')}</button></div>
      </form>
      {dry.error && <p className="failure" role="alert">{errorSentence(t, dry.error)}</p>}
      {dry.isFetching && <Loading />}
      {dry.data && !dry.isFetching && (
        <>
          <DryRunFigures d={dry.data} />
          <p className="hint">{t('windDown.operator.proposeHint')}</p>
          <div><button type="button" className="primary" onClick={() => void propose()}>{t('windDown.operator.propose')}</button></div>
        </>
      )}
      <p role="status" aria-live="polite" className={answer ? (answer.ok ? 'notice-ok' : 'failure') : undefined} data-testid="propose-answer">{answer?.text}</p>
    </>
  );
}

function Awaiting({ w, me, zone }: { w: StaffWindDown; me: string; zone: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const mine = samePerson(w.proposedBy, me);
  const confirm = async () => {
    try {
      await data(api.POST('/ops/wind-downs/{id}/confirm', { params: { path: { id: w.id } } }));
      setAnswer({ ok: true, text: t('windDown.operator.confirmed') });
      await qc.invalidateQueries();
    } catch (err) {
      setAnswer({ ok: false, text: err instanceof ApiError && err.body.code === 'FOUR_EYES' ? t('windDown.operator.fourEyes') : errorSentence(t, err) });
    }
  };
  const effects = ['joins', 'billing', 'writeOff', 'wallets', ...(w.refundPastShares ? ['pastShares'] : [])];
  return (
    <section className={`card four-eyes ${mine ? 'refused' : ''}`} aria-labelledby="wd-awaiting" data-testid="wind-down-awaiting">
      <h2 id="wd-awaiting">{t('windDown.operator.awaiting')}</h2>
      <p>{t('windDown.operator.proposedBy', { actor: w.proposedBy, at: f.instant(w.proposedAt, zone) })}</p>
      <p>{t('windDown.operator.terms', { cutOff: f.day(w.cutOffOn), days: f.count(w.claimWindowDays), refund: t(w.refundPastShares ? 'common.yes' : 'common.no') })}</p>
      {mine ? (
        <p role="note" data-testid="wind-down-four-eyes"><strong>{t('errors.codes.FOUR_EYES')}</strong> {t('windDown.operator.mine')}</p>
      ) : (
        <>
          <p><strong>{t('windDown.operator.warning')}</strong></p>
          <ul className="warning-list" data-testid="wind-down-warning">{effects.map((e) => <li key={e}>{t(`windDown.operator.effects.${e}`)}</li>)}</ul>
          <div><button type="button" className="danger" onClick={() => void confirm()}>{t('windDown.operator.confirm')}</button></div>
        </>
      )}
      <p role="status" aria-live="polite" className={answer ? (answer.ok ? 'notice-ok' : 'failure') : undefined} data-testid="confirm-answer">{answer?.text}</p>
    </section>
  );
}

export default function OperatorWindDownPage() {
  const { t } = useTranslation();
  const plan = usePlan();
  const session = useSession();
  const id = plan.data?.id;
  const staff = useStaffWindDown(id);
  const clock = useQuery({ queryKey: ['ops-demo-clock'], queryFn: () => data(api.GET('/ops/demo/clock')) });
  const error = plan.error ?? staff.error ?? clock.error;
  if (error) return <Failure error={error} retry={() => void staff.refetch()} />;
  if (plan.data === null) return <p>{t('windDown.operator.noPlan')}</p>;
  if (!plan.data || !staff.data || !clock.data || !session.data) return <Loading />;
  const zone = plan.data.timeZone;
  const w = staff.data.windDown;
  const me = `${session.data.role}:${session.data.id}`;
  const operator = session.data.role === 'operator';
  return (
    <>
      <h1>{t('windDown.operator.title')}</h1>
      <p className="lead">{t('windDown.operator.lead')}</p>
      {!operator && <p className="hint">{t('windDown.operator.notOperator')}</p>}
      {!w && operator && <Rehearsal plan={plan.data.id} today={dayIn(new Date(clock.data.now), zone)} />}
      {w?.status === 'proposed' && <Awaiting w={w} me={me} zone={zone} />}
      {w && w.status !== 'proposed' && <StartedWindDown w={w} zone={zone} />}
      {w && w.status !== 'proposed' && <p><Link to="/wind-down">{t('windDown.operator.publicPage')}</Link></p>}
    </>
  );
}
