/**
 * The operator's calendar: how far each plan's calendar has run, the next announcement and charge,
 * "run it now", and on a demo installation the demo clock, clearly marked, that moves to the next
 * announcement or charge day, or just past the next jury deadline, and runs the calendar through it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { Failure, Loading } from '../../app/status';
import { useFormat } from '../../format/use-format';

export default function CalendarPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const calendar = useQuery({ queryKey: ['ops-calendar'], queryFn: () => data(api.GET('/ops/calendar')) });
  const demo = useQuery({ queryKey: ['ops-demo-clock'], queryFn: () => data(api.GET('/ops/demo/clock')) });
  const refresh = async () => { await qc.invalidateQueries(); };
  const run = useMutation({ mutationFn: () => data(api.POST('/ops/calendar/run')), onSuccess: refresh });
  const move = useMutation({ mutationFn: (to: 'announcement' | 'charge' | 'jury') => data(api.POST('/ops/demo/clock', { body: { to } })), onSuccess: refresh });
  if (calendar.error || demo.error) return <Failure error={calendar.error ?? demo.error} retry={() => void refresh()} />;
  if (!calendar.data || !demo.data) return <Loading />;
  const c = calendar.data;
  const d = demo.data;
  const busy = run.isPending || move.isPending;
  return (
    <>
      <h1>{t('ops.calendar.title')}</h1>
      <p className="lead">{t('ops.calendar.lead')}</p>
      <div className="table-wrap" role="region" tabIndex={0} aria-labelledby="calendar-plans">
        <table>
          <caption id="calendar-plans">{t('ops.calendar.plans')}</caption>
          <thead><tr><th scope="col">{t('ops.calendar.plan')}</th><th scope="col">{t('ops.calendar.through')}</th></tr></thead>
          <tbody>{c.plans.map((p) => <tr key={p.planId}><td>{p.planId}</td><td data-testid={`through-${p.planId}`}>{f.day(p.throughOn)}</td></tr>)}</tbody>
        </table>
      </div>
      <dl className="stats">
        <div><dt>{t('ops.calendar.lastRun')}</dt><dd>{c.lastRunAt ? f.instant(c.lastRunAt) : '—'}</dd></div>
        <div><dt>{t('ops.calendar.provider')}</dt><dd>{c.provider}</dd></div>
        {d.nextAnnouncement && <div><dt>{t('ops.calendar.nextAnnouncement')}</dt><dd>{f.day(d.nextAnnouncement)}</dd></div>}
        {d.nextCharge && <div><dt>{t('ops.calendar.nextCharge')}</dt><dd>{f.day(d.nextCharge)}</dd></div>}
      </dl>
      {c.lastError && <p className="tag bad" role="alert">{t('ops.calendar.lastError', { error: c.lastError })}</p>}
      <p><button type="button" onClick={() => run.mutate()} disabled={busy}>{t('ops.calendar.run')}</button></p>
      {run.error && <Failure error={run.error} />}
      {d.demo && (
        <section className="card demo-clock" aria-labelledby="demo-clock">
          <h2 id="demo-clock">{t('ops.demoClock.title')}</h2>
          <p className="badge bad">{t('ops.demoClock.marker')}</p>
          <p>{t('ops.demoClock.explain', { now: f.instant(d.now), minutes: f.count(d.offsetMinutes) })}</p>
          <p>
            <button type="button" onClick={() => move.mutate('announcement')} disabled={busy}>{t('ops.demoClock.toAnnouncement', { day: d.nextAnnouncement ? f.day(d.nextAnnouncement) : '' })}</button>{' '}
            <button type="button" onClick={() => move.mutate('charge')} disabled={busy}>{t('ops.demoClock.toCharge', { day: d.nextCharge ? f.day(d.nextCharge) : '' })}</button>{' '}
            <button type="button" onClick={() => move.mutate('jury')} disabled={busy}>{t('ops.demoClock.toJury')}</button>
          </p>
          <p role="status" aria-live="polite" data-testid="demo-today">{d.today ? t('ops.demoClock.today', { day: f.day(d.today) }) : ''}</p>
          {move.error && <Failure error={move.error} />}
        </section>
      )}
    </>
  );
}
