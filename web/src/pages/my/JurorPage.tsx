/**
 * Jury duty: my standing as a juror (every unmet requirement), the quiz on the plan's rules, and
 * the cases I may act on: an open vote (pay or reject), or a panel seat (commit a hidden vote with
 * its justification, then reveal it). The ballot and its salt stay in this browser between the
 * two phases (localStorage): without them the commitment cannot be revealed.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { provinceIn } from '../../format/server-text';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { errorSentence } from '../../api/errors';
import { usePlan } from '../../app/plan';
import { Failure, Loading } from '../../app/status';
import { diseaseIn } from '../../format/disease';
import { useFormat } from '../../format/use-format';
import { commitmentFor, randomSalt } from '../../verify/core';
import './member.css';

type Answer = { ok: boolean; text: string };
type Vote = 'pay' | 'reject';
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
/** "300.00" (the juror view's amount in yuan) as integer fen, without floating point. */
const yuanToFen = (yuan: string) => { const [i = '0', d = ''] = yuan.split('.'); return BigInt(i + d.padEnd(2, '0').slice(0, 2)); };
const ballotKey = (caseId: string, round: number) => `huzhu.ballot.${caseId}.${round}`;

function Quiz({ plan, onPassed }: { plan: string; onPassed: () => void }) {
  const { t, i18n } = useTranslation();
  const quiz = useQuery({ queryKey: ['jury', 'quiz', plan], queryFn: () => data(api.GET('/jury/quiz', { params: { query: { plan } } })) });
  const [answer, setAnswer] = useState<Answer | null>(null);
  if (quiz.error) return <Failure error={quiz.error} />;
  if (!quiz.data) return <Loading />;
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const questions = quiz.data.questions;
  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const missing = questions.filter((q) => f.get(`quiz-${q.id}`) === null).length;
    if (missing > 0) { setAnswer({ ok: false, text: t('member.join.unanswered', { count: missing }) }); return; }
    try {
      const out = await data(api.POST('/jury/qualify', { body: { plan, answers: Object.fromEntries(questions.map((q) => [q.id, Number(f.get(`quiz-${q.id}`))])) } }));
      const score = { correct: out.quiz.correct, total: out.quiz.total, pass: out.quiz.passMark };
      setAnswer(out.quiz.passed ? { ok: true, text: t('member.jury.passed', score) } : { ok: false, text: t('member.jury.notPassed', score) });
      if (out.quiz.passed) onPassed();
    } catch (err) {
      setAnswer({ ok: false, text: errorSentence(t, err) });
    }
  };
  return (
    <form className="card wide" onSubmit={(e) => void send(e)} noValidate aria-labelledby="quiz">
      <h2 id="quiz">{t('member.jury.quiz')}</h2>
      <p className="hint">{t('member.jury.quizHint', { pass: quiz.data.passMark, total: questions.length })}</p>
      {questions.map((q, i) => (
        <fieldset key={q.id}>
          <legend>{t('member.join.question', { n: i + 1 })}</legend>
          <p className="question">{q.text[lang]}</p>
          <div className="choices" style={{ flexDirection: 'column', gap: '.3rem' }}>
            {q.choices.map((c, k) => <label key={k}><input type="radio" name={`quiz-${q.id}`} value={k} />{c[lang]}</label>)}
          </div>
        </fieldset>
      ))}
      <div><button className="primary" type="submit">{t('member.jury.submitQuiz')}</button></div>
      <p role="status" aria-live="polite" className={answer ? (answer.ok ? 'notice-ok' : 'failure') : undefined} data-testid="quiz-answer">{answer?.text}</p>
    </form>
  );
}

type DutyItem = { id: string; plan: string; mode: string; round: number; phase: string; closesAt: string; commitClosesAt: string | null; mine: string };

const fetchCase = (id: string) => data(api.GET('/jury/cases/{id}', { params: { path: { id } } }));
type CaseView = Awaited<ReturnType<typeof fetchCase>>;

/** What a juror is shown of the case: the claimant masked, the disease, the timing, the dispute. */
function DutyFacts({ c, item }: { c: CaseView; item: DutyItem }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const plan = usePlan();
  return (
    <dl className="facts">
      <dt>{t('member.jury.claimant')}</dt><dd>{t('member.jury.claimantText', { name: c.claimant.maskedName, age: c.claimant.ageAtDiagnosis, province: c.claimant.province ? provinceIn(t, c.claimant.province) : '—' })}</dd>
      <dt>{t('notice.disease')}</dt><dd>{diseaseIn(plan.data?.diseases[c.disease] ?? c.disease, i18n.language)} · {t(`notice.severities.${c.severity}`, { defaultValue: c.severity })}</dd>
      <dt>{t('member.jury.timing')}</dt><dd>{t('member.jury.timingText', { join: c.daysFromJoinToDiagnosis, waiting: c.daysFromWaitingEndToDiagnosis })}</dd>
      <dt>{t('member.jury.payout')}</dt><dd>{f.yuan(yuanToFen(c.payoutYuan))}</dd>
      <dt>{t('member.jury.decision')}</dt><dd>{c.dispute.decisionReason}</dd>
      {c.dispute.challengeReason && <><dt>{t('member.jury.challenge')}</dt><dd>{c.dispute.challengeReason}</dd></>}
      <dt>{t('member.jury.investigation')}</dt><dd>{c.investigationSummary ?? t('common.none')}</dd>
      <dt>{t('member.jury.closes')}</dt><dd>{f.instant(item.phase === 'commit' && item.commitClosesAt ? item.commitClosesAt : item.closesAt)}</dd>
    </dl>
  );
}

function Duty({ item }: { item: DutyItem }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const view = useQuery({ queryKey: ['jury', 'case', item.id], queryFn: () => fetchCase(item.id) });
  // The sealed vote names the juror's pseudonym in the case's own plan (a juror has one per plan).
  const me = useQuery({ queryKey: ['jury', 'me', item.plan], queryFn: () => data(api.GET('/jury/me', { params: { query: { plan: item.plan } } })) });
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  // Inside the list: an <li> even while loading (a bare status in a <ul> is not a list item).
  if (view.error || me.error) return <li><Failure error={view.error ?? me.error} /></li>;
  if (!view.data || !me.data) return <li><Loading /></li>;
  const c = view.data;
  const pseudonym = me.data.pseudonym ?? '';
  const act = async (run: () => Promise<string>) => {
    setBusy(true);
    setAnswer(null);
    try {
      setAnswer({ ok: true, text: await run() });
      await qc.invalidateQueries({ queryKey: ['jury', 'cases'] });
    } catch (err) {
      setAnswer({ ok: false, text: errorSentence(t, err) });
    } finally {
      setBusy(false);
    }
  };
  const vote = (v: Vote) => act(async () => {
    const out = await data(api.POST('/jury/cases/{id}/vote', { params: { path: { id: item.id } }, body: { vote: v } }));
    return t('member.jury.voted', { vote: t(`member.jury.votes.${v}`), closes: f.instant(out.closesAt) });
  });
  const commit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const v: Vote = form.get('vote') === 'reject' ? 'reject' : 'pay';
    const justification = String(form.get('justification') ?? '');
    void act(async () => {
      const salt = randomSalt();
      const commitment = commitmentFor({ caseId: item.id, round: item.round, juror: pseudonym, vote: v, justification, salt });
      localStorage.setItem(ballotKey(item.id, item.round), JSON.stringify({ vote: v, justification, salt: hex(salt) }));
      const out = await data(api.POST('/jury/cases/{id}/commit', { params: { path: { id: item.id } }, body: { commitment } }));
      return t('member.jury.committed', { from: f.instant(out.revealFrom), until: f.instant(out.revealUntil) });
    });
  };
  const reveal = () => {
    const saved = localStorage.getItem(ballotKey(item.id, item.round));
    if (!saved) { setAnswer({ ok: false, text: t('member.jury.noBallot') }); return; }
    void act(async () => {
    const b = JSON.parse(saved) as { vote: Vote; justification: string; salt: string };
    await data(api.POST('/jury/cases/{id}/reveal', { params: { path: { id: item.id } }, body: { vote: b.vote, justification: b.justification, salt: b.salt } }));
    localStorage.removeItem(ballotKey(item.id, item.round));
    return t('member.jury.revealed', { vote: t(`member.jury.votes.${b.vote}`) });
    });
  };
  return (
    <li>
      <h3>{t('member.jury.case', { id: c.caseId })} <span className="tag">{t(`member.jury.phases.${item.phase}`, { defaultValue: item.phase })}</span></h3>
      <DutyFacts c={c} item={item} />
      {item.phase === 'vote' && item.mine === 'none' && (
        <div className="actions" role="group" aria-label={t('member.jury.voteLabel', { id: c.caseId })}>
          <button type="button" className="primary" disabled={busy} onClick={() => void vote('pay')}>{t('member.jury.votePay')}</button>
          <button type="button" className="secondary" disabled={busy} onClick={() => void vote('reject')}>{t('member.jury.voteReject')}</button>
        </div>
      )}
      {item.phase === 'commit' && item.mine === 'none' && (
        <form className="card wide" onSubmit={commit}>
          <fieldset>
            <legend>{t('member.jury.yourVote')}</legend>
            <div className="choices">
              <label><input type="radio" name="vote" value="pay" defaultChecked />{t('member.jury.votes.pay')}</label>
              <label><input type="radio" name="vote" value="reject" />{t('member.jury.votes.reject')}</label>
            </div>
          </fieldset>
          <label>{t('member.jury.justification')}<textarea name="justification" required minLength={10} maxLength={4000} aria-describedby={`j-${c.caseId}`} />
            <span id={`j-${c.caseId}`} className="hint">{t('member.jury.justificationHint')}</span>
          </label>
          <div><button className="primary" type="submit" disabled={busy}>{t('member.jury.commit')}</button></div>
        </form>
      )}
      {item.phase === 'reveal' && item.mine === 'committed' && <button type="button" className="primary" disabled={busy} onClick={reveal}>{t('member.jury.reveal')}</button>}
      {item.mine !== 'none' && item.phase !== 'reveal' && !answer && <p className="notice-ok">{t(`member.jury.mine.${item.mine}`, { defaultValue: item.mine })}</p>}
      <p role="status" aria-live="polite" className={answer ? (answer.ok ? 'notice-ok' : 'failure') : undefined} data-testid={`duty-${c.caseId}`}>{answer?.text}</p>
    </li>
  );
}

export default function JurorPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const plan = usePlan();
  const id = plan.data?.id;
  const me = useQuery({ queryKey: ['jury', 'me', id], enabled: !!id, queryFn: () => data(api.GET('/jury/me', { params: { query: { plan: id! } } })) });
  // Panel duty in another plan does not depend on this plan's standing: the server lists only what this member may act on.
  const cases = useQuery({ queryKey: ['jury', 'cases'], enabled: !!me.data, queryFn: () => data(api.GET('/jury/cases')) });
  if (me.error) return <Failure error={me.error} retry={() => void me.refetch()} />;
  if (!me.data || !id) return <Loading />;
  const m = me.data;
  const needsQuiz = m.reasons.some((r) => r.code === 'no-quiz');
  return (
    <>
      <h1>{t('member.jury.title')}</h1>
      <p className="lead">{t('member.jury.lead')}</p>
      <section aria-labelledby="standing" className="card">
        <h2 id="standing">{t('member.jury.standing')}</h2>
        <p data-testid="juror-standing" className={m.eligible ? 'notice-ok' : undefined}>{m.eligible ? t('member.jury.eligible') : t('member.jury.notEligible')}</p>
        {m.reasons.length > 0 && <ul className="plain">{m.reasons.map((r) => <li key={r.code}>{t(`member.jury.reasons.${r.code}`, { defaultValue: r.text })}</li>)}</ul>}
        {m.pseudonym && <p>{t('member.jury.pseudonym')} <span className="hex">{m.pseudonym}</span></p>}
        {m.coherence.percent !== null && <p>{t('member.jury.coherence', { matched: m.coherence.matched, votes: m.coherence.votes, percent: m.coherence.percent })}</p>}
      </section>
      {needsQuiz && <Quiz plan={id} onPassed={() => { void me.refetch(); void qc.invalidateQueries({ queryKey: ['jury', 'cases'] }); }} />}
      {(m.eligible || (cases.data?.items.length ?? 0) > 0) && (
        <section aria-labelledby="duty">
          <h2 id="duty">{t('member.jury.duty')}</h2>
          {cases.error && <Failure error={cases.error} />}
          {cases.data && cases.data.items.length === 0 && <p>{t('member.jury.noDuty')}</p>}
          <ul className="cards" data-testid="duty">
            {cases.data?.items.map((c) => <Duty key={`${c.id}-${c.round}`} item={c} />)}
          </ul>
        </section>
      )}
    </>
  );
}
