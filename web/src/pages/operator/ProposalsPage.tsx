/**
 * Operators: propose a change of plan settings (with a reason and the date it takes effect), and
 * confirm another operator's proposal, which opens the members' vote (issue 14). The server
 * refuses the proposer's own confirmation (FOUR_EYES); the page says why.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, data } from '../../api/client';
import { errorSentence } from '../../api/errors';
import { usePlan } from '../../app/plan';
import { Failure, Loading } from '../../app/status';
import { useProposals } from '../ProposalsPage';
import { ProposalCard } from '../votes/ProposalCard';

type Answer = { ok: boolean; text: string };

function ProposeForm({ plan }: { plan: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    let rules: unknown;
    try { rules = JSON.parse(String(form.get('rules') ?? '')); } catch { rules = null; }
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) { setAnswer({ ok: false, text: t('votes.operator.badJson') }); return; }
    setBusy(true);
    setAnswer(null);
    try {
      const p = await data(api.POST('/ops/plans/{plan}/proposals', { params: { path: { plan } }, body: {
        rules: rules as Record<string, unknown>, reason: String(form.get('reason') ?? ''), effectiveOn: String(form.get('effectiveOn') ?? ''),
      } }));
      setAnswer({ ok: true, text: t('votes.operator.proposed', { id: p.id }) });
      await qc.invalidateQueries({ queryKey: ['proposals'] });
    } catch (err) {
      setAnswer({ ok: false, text: errorSentence(t, err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card wide" onSubmit={(e) => void send(e)} noValidate aria-labelledby="propose">
      <h2 id="propose">{t('votes.operator.new')}</h2>
      <label>{t('votes.operator.settings')}<textarea name="rules" required spellCheck={false} /></label>
      <label>{t('votes.reason')}<textarea name="reason" required maxLength={2000} /></label>
      <label>{t('votes.effectiveOn')}<input type="date" name="effectiveOn" required /></label>
      <div><button className="primary" type="submit" disabled={busy}>{t('votes.operator.submit')}</button></div>
      <p role="status" aria-live="polite" className={answer ? (answer.ok ? 'notice-ok' : 'failure') : undefined} data-testid="propose-answer">{answer?.text}</p>
    </form>
  );
}

/** Confirms a proposal; the answer is shown by the page, since a confirmed proposal leaves the list. */
function ConfirmButton({ id, onAnswer }: { id: string; onAnswer: (a: Answer) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const confirm = async () => {
    try {
      await data(api.POST('/ops/proposals/{proposal}/confirm', { params: { path: { proposal: id } } }));
      onAnswer({ ok: true, text: t('votes.operator.confirmed', { id }) });
      await qc.invalidateQueries({ queryKey: ['proposals'] });
    } catch (err) {
      // FOUR_EYES here is the proposer confirming their own proposal (the generic sentence speaks of claims).
      onAnswer({ ok: false, text: err instanceof ApiError && err.body.code === 'FOUR_EYES' ? t('votes.operator.fourEyes') : errorSentence(t, err) });
    }
  };
  return <div><button type="button" className="secondary" onClick={() => void confirm()}>{t('votes.operator.confirm')}</button></div>;
}

export default function OperatorProposalsPage() {
  const { t } = useTranslation();
  const plan = usePlan();
  const proposals = useProposals(plan.data?.id);
  const [answer, setAnswer] = useState<Answer | null>(null);
  if (plan.error || proposals.error) return <Failure error={plan.error ?? proposals.error} />;
  if (!plan.data || !proposals.data) return <Loading />;
  const zone = plan.data.timeZone;
  const awaiting = proposals.data.items.filter((p) => p.status === 'proposed');
  return (
    <>
      <h1>{t('votes.operator.title')}</h1>
      <p className="lead">{t('votes.operator.lead')}</p>
      <ProposeForm plan={plan.data.id} />
      <section aria-labelledby="awaiting">
        <h2 id="awaiting">{t('votes.operator.awaiting')}</h2>
        <p role="status" aria-live="polite" className={answer ? (answer.ok ? 'notice-ok' : 'failure') : undefined} data-testid="confirm-answer">{answer?.text}</p>
        <ul className="cards">
          {awaiting.map((p) => <ProposalCard key={p.id} p={p} timeZone={zone}><ConfirmButton id={p.id} onAnswer={setAnswer} /></ProposalCard>)}
        </ul>
      </section>
    </>
  );
}
