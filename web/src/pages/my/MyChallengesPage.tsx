/**
 * Challenges: a case of the open public notice challenged with a reason and evidence (the claim
 * is held out of the coming charge while it is reviewed), and my challenges with their outcome,
 * a dismissed one appealable to the jury.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../../api/client';
import { errorSentence } from '../../api/errors';
import { usePlan } from '../../app/plan';
import { useNotices } from '../../app/queries';
import { Failure, Loading } from '../../app/status';
import { diseaseIn } from '../../format/disease';
import { useFormat } from '../../format/use-format';
import { EvidenceUpload } from './EvidenceUpload';
import { useMemberships } from './member-data';
import './member.css';

type Answer = { ok: boolean; text: string };

function ChallengeForm() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const plan = usePlan();
  const notices = useNotices(plan.data?.id);
  const memberships = useMemberships();
  const [evidence, setEvidence] = useState<{ sha256: string; name: string }[]>([]);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  if (notices.error) return <Failure error={notices.error} />;
  if (!plan.data || !notices.data || !memberships.data) return <Loading />;
  const now = Date.now();
  const open = notices.data.items.filter((n) => Date.parse(n.challengeUntil) > now);
  const cases = open.flatMap((n) => n.cases.filter((c) => c.status === 'approved' && !c.juryRuled).map((c) => ({ ...c, notice: n })));
  const challengers = memberships.data.items.filter((m) => m.status === 'active' && m.person);
  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setAnswer(null);
    try {
      await data(api.POST('/me/challenges', { body: {
        claim: String(form.get('claim')), person: Number(form.get('person')), reason: String(form.get('reason') ?? ''), evidence: evidence.map((d) => d.sha256),
      } }));
      setAnswer({ ok: true, text: t('member.challenges.filed') });
      setEvidence([]);
      await qc.invalidateQueries({ queryKey: ['me', 'challenges'] });
      await qc.invalidateQueries({ queryKey: ['notices'] });
    } catch (err) {
      setAnswer({ ok: false, text: errorSentence(t, err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card wide" onSubmit={(e) => void send(e)} noValidate aria-labelledby="challenge">
      <h2 id="challenge">{t('member.challenges.new')}</h2>
      {open[0] && <p className="hint">{t('member.challenges.window', { until: f.instant(open[0].challengeUntil, plan.data.timeZone) })}</p>}
      {cases.length === 0 || challengers.length === 0 ? (
        <p>{t(cases.length === 0 ? 'member.challenges.noneOpen' : 'member.challenges.noMembership')} <Link to="/notice">{t('member.challenges.seeNotice')}</Link></p>
      ) : (
        <>
          <label>{t('member.challenges.case')}
            <select name="claim">
              {cases.map((c) => (
                <option key={c.claim} value={c.claim}>
                  {t('member.challenges.caseOption', { disease: diseaseIn(c.disease, i18n.language), age: c.ageAtDiagnosis ?? '—', payout: c.payoutFen === null ? '—' : f.yuan(c.payoutFen), date: f.day(c.notice.announcedOn) })}
                </option>
              ))}
            </select>
          </label>
          <label>{t('member.challenges.person')}
            <select name="person">{challengers.map((m) => <option key={m.id} value={m.person!.id}>{m.person!.name}</option>)}</select>
          </label>
          <label>{t('member.challenges.reason')}<textarea name="reason" required maxLength={5000} aria-describedby="reason-hint" />
            <span id="reason-hint" className="hint">{t('member.challenges.reasonHint')}</span>
          </label>
          <EvidenceUpload path="/me/challenge-evidence" onUploaded={(d) => setEvidence((xs) => [...xs, d])} />
          {evidence.length > 0 && <ul className="plain">{evidence.map((d) => <li key={d.sha256}>{d.name}</li>)}</ul>}
          <div><button className="primary" type="submit" disabled={busy}>{t('member.challenges.submit')}</button></div>
        </>
      )}
      <p role="status" aria-live="polite" className={answer ? (answer.ok ? 'notice-ok' : 'failure') : undefined} data-testid="challenge-answer">{answer?.text}</p>
    </form>
  );
}

function AppealButton({ challengeRef }: { challengeRef: string }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const appeal = async () => {
    try {
      const c = await data(api.POST('/me/challenges/{ref}/appeal', { params: { path: { ref: challengeRef } } }));
      setAnswer({ ok: true, text: t('member.claim.appealed', { id: c.id }) });
    } catch (err) {
      setAnswer({ ok: false, text: errorSentence(t, err) });
    }
  };
  return (
    <div>
      <button type="button" className="secondary" onClick={() => void appeal()}>{t('member.challenges.appeal')}</button>
      <p role="status" aria-live="polite" className={answer ? (answer.ok ? 'notice-ok' : 'failure') : undefined}>{answer?.text}</p>
    </div>
  );
}

export default function MyChallengesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const mine = useQuery({ queryKey: ['me', 'challenges'], queryFn: () => data(api.GET('/me/challenges')) });
  if (mine.error) return <Failure error={mine.error} retry={() => void mine.refetch()} />;
  if (!mine.data) return <Loading />;
  return (
    <>
      <h1>{t('member.challenges.title')}</h1>
      <p className="lead">{t('member.challenges.lead')}</p>
      <div className="grid-2">
        <ChallengeForm />
        <section aria-labelledby="my-challenges">
          <h2 id="my-challenges">{t('member.challenges.mine')}</h2>
          {mine.data.items.length === 0 && <p>{t('member.challenges.none')}</p>}
          <ul className="cards" data-testid="my-challenges">
            {mine.data.items.map((c) => (
              <li key={c.ref}>
                <h3>{t('member.challenges.of', { claim: c.claim })} <span className="tag">{t(`member.challengeStatus.${c.status}`, { defaultValue: c.status })}</span></h3>
                <dl className="facts">
                  <dt>{t('member.challenges.filedAt')}</dt><dd>{f.instant(c.filedAt)}</dd>
                  <dt>{t('member.challenges.reason')}</dt><dd>{c.reason}</dd>
                  <dt>{t('member.challenges.evidence')}</dt><dd>{f.count(c.evidence.length)}</dd>
                  {c.decisionReason && <><dt>{t('member.challenges.decision')}</dt><dd>{c.decisionReason}</dd></>}
                </dl>
                {c.status === 'dismissed' && <AppealButton challengeRef={c.ref} />}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
