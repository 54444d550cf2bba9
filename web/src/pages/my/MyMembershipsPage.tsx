/**
 * Memberships: who of the family is in which plan, until when the waiting period runs, the
 * move to the plan a plan offers (told ahead, then offered: TransferOffer.tsx), and leaving; joining a plan with the health declaration, whose answer (accepted, or refused with
 * its reason) is said in a sentence.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { errorSentence } from '../../api/errors';
import { usePlan, usePlanNames } from '../../app/plan';
import { Failure, Loading } from '../../app/status';
import { useFormat } from '../../format/use-format';
import { dayIn } from '../../format/dates';
import { planNameIn } from '../../format/server-text';
import { useMemberships, usePeople } from './member-data';
import { TransferOffer } from './TransferOffer';
import './member.css';

type Answer = { ok: boolean; text: string };

function JoinForm() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const plan = usePlan();
  const people = usePeople();
  const memberships = useMemberships();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  if (!plan.data || !people.data || !memberships.data) return <Loading />;
  const p = plan.data;
  const inPlan = new Set(memberships.data.items.filter((m) => m.status === 'active' && m.plan === p.id).map((m) => m.person?.id));
  const candidates = people.data.items.filter((x) => !inPlan.has(x.id));
  const questions = Object.entries(p.healthQuestions);
  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const unanswered = questions.filter(([code]) => form.get(`q-${code}`) === null);
    if (unanswered.length > 0) {
      setAnswer({ ok: false, text: t('member.join.unanswered', { count: unanswered.length }) });
      return;
    }
    const person = Number(form.get('person'));
    setBusy(true);
    setAnswer(null);
    try {
      const out = await data(api.POST('/me/memberships', { body: {
        plan: p.id, person, declaration: Object.fromEntries(questions.map(([code]) => [code, form.get(`q-${code}`) === 'yes'])),
      } }));
      const name = people.data.items.find((x) => x.id === person)?.name ?? '';
      setAnswer({ ok: true, text: t('member.join.accepted', { name, joined: f.day(out.joinedOn), waitingEnds: f.day(out.waitingEndsOn) }) });
      await qc.invalidateQueries({ queryKey: ['me'] });
    } catch (err) {
      setAnswer({ ok: false, text: t('member.join.refused', { reason: errorSentence(t, err) }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card wide" onSubmit={(e) => void send(e)} noValidate aria-labelledby="join">
      <h2 id="join">{t('member.join.title', { plan: planNameIn(p, i18n.language) ?? p.name })}</h2>
      {candidates.length === 0 ? <p>{t('member.join.everyone')}</p> : (
        <>
          <label>{t('member.join.person')}
            <select name="person">{candidates.map((x) => <option key={x.id} value={x.id}>{t('member.join.personOption', { name: x.name, relation: t(`member.relations.${x.relation}`, { defaultValue: x.relation }) })}</option>)}</select>
          </label>
          <p className="hint">{t('member.join.declarationHint')}</p>
          {questions.map(([code, text], i) => (
            <fieldset key={code}>
              <legend>{t('member.join.question', { n: i + 1 })}</legend>
              <p className="question">{t(`member.health.${code}`, { defaultValue: text })}</p>
              <div className="choices">
                <label><input type="radio" name={`q-${code}`} value="no" required />{t('common.no')}</label>
                <label><input type="radio" name={`q-${code}`} value="yes" />{t('common.yes')}</label>
              </div>
            </fieldset>
          ))}
          <div><button className="primary" type="submit" disabled={busy}>{t('member.join.submit')}</button></div>
        </>
      )}
      <p role="status" aria-live="polite" className={answer ? (answer.ok ? 'notice-ok' : 'failure') : undefined} data-testid="join-answer">{answer?.text}</p>
    </form>
  );
}

function QuitButton({ id, name }: { id: number; name: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const quit = async () => {
    try {
      await data(api.POST('/me/memberships/{id}/quit', { params: { path: { id } } }));
      await qc.invalidateQueries({ queryKey: ['me'] });
    } catch (err) {
      setError(errorSentence(t, err));
    }
  };
  if (!confirming) return <button type="button" className="danger" onClick={() => setConfirming(true)}>{t('member.memberships.quit')}</button>;
  return (
    <div role="group" aria-label={t('member.memberships.quitConfirm', { name })}>
      <p>{t('member.memberships.quitConfirm', { name })}</p>
      <div className="actions">
        <button type="button" className="danger" onClick={() => void quit()}>{t('member.memberships.quitYes')}</button>
        <button type="button" className="secondary" onClick={() => setConfirming(false)}>{t('member.memberships.quitNo')}</button>
      </div>
      {error && <p className="failure" role="alert">{error}</p>}
    </div>
  );
}

export default function MyMembershipsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const memberships = useMemberships();
  const plan = usePlan();
  const names = usePlanNames();
  const [moved, setMoved] = useState<string | null>(null);
  if (memberships.error) return <Failure error={memberships.error} retry={() => void memberships.refetch()} />;
  if (!memberships.data) return <Loading />;
  const today = dayIn(new Date(), plan.data?.timeZone); // the plan's calendar day, not the UTC one
  const planName = (id: string) => names.data?.get(id) ?? (id === plan.data?.id ? plan.data.name : id);
  // The move is announced from a year before it opens (a child's in fifty years would be noise).
  const inAYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  const movable = memberships.data.items.filter((m) => m.status === 'active' && m.transferOpen && m.transferToPlan);
  return (
    <>
      <h1>{t('member.memberships.title')}</h1>
      <p className="lead">{t('member.memberships.lead')}</p>
      <p role="status" aria-live="polite" className={moved ? 'notice-ok' : undefined} data-testid="transfer-done">{moved}</p>
      {movable.map((m) => (
        <p key={m.id} className="notice-ok" role="note" data-testid="transfer-notice">
          {t('member.transfer.notice', { name: m.person?.name ?? '', plan: planName(m.transferToPlan!) })}
        </p>
      ))}
      <div className="grid-2">
        <section aria-labelledby="memberships">
          <h2 id="memberships">{t('member.memberships.list')}</h2>
          {memberships.data.items.length === 0 && <p>{t('member.memberships.none')}</p>}
          <ul className="cards" data-testid="memberships">
            {memberships.data.items.map((m) => (
              <li key={m.id}>
                <h3>{m.person?.name ?? t('my.bills.member')} <span className={`tag ${m.status === 'active' ? 'ok' : 'wait'}`}>{t(`member.memberships.status.${m.status}`, { defaultValue: m.status })}</span></h3>
                <dl className="facts">
                  <dt>{t('member.memberships.plan')}</dt><dd>{planName(m.plan)}</dd>
                  <dt>{t('member.memberships.joinedOn')}</dt><dd>{f.day(m.joinedOn)}</dd>
                  <dt>{t('member.memberships.waitingEndsOn')}</dt>
                  <dd>{f.day(m.waitingEndsOn)}{m.status === 'active' && m.waitingEndsOn > today ? ` · ${t('member.memberships.waiting')}` : ''}</dd>
                  {m.endedAt && <><dt>{t('member.memberships.endedAt')}</dt><dd>{f.instant(m.endedAt)}</dd></>}
                </dl>
                {m.status === 'active' && m.transferToPlan && m.transferEligibleOn && (m.transferOpen || m.transferEligibleOn <= inAYear) && (
                  <TransferOffer m={{
                    id: m.id, name: m.person?.name ?? '', toPlan: m.transferToPlan, toPlanName: planName(m.transferToPlan),
                    eligibleOn: m.transferEligibleOn, open: m.transferOpen,
                  }} onMoved={setMoved} />
                )}
                {m.status === 'active' && <QuitButton id={m.id} name={m.person?.name ?? ''} />}
              </li>
            ))}
          </ul>
        </section>
        <JoinForm />
      </div>
    </>
  );
}
