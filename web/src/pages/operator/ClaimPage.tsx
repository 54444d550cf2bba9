/**
 * One claim for the operator: its facts, sampling and risk, the report, who was involved; assign an
 * investigator, record a finding, and decide with a reason, four eyes explained before deciding.
 */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { useSession } from '../../app/session';
import { Failure, Loading } from '../../app/status';
import { ClaimFacts, ReviewTrail, type Claim } from '../../staff/ClaimFacts';
import { FindingForm } from '../../staff/FindingForm';
import { FourEyes, fourEyesOf } from '../../staff/FourEyes';
import { useClaim, useInvestigation, useRefreshClaims } from '../../staff/queries';

function AssignForm({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  const refresh = useRefreshClaims();
  const [id, setId] = useState(claim.investigatorId === null ? '' : String(claim.investigatorId));
  const assign = useMutation({
    mutationFn: () => data(api.POST('/ops/claims/{ref}/assign', { params: { path: { ref: claim.ref } }, body: { investigatorId: Number(id) } })),
    onSuccess: refresh,
  });
  const submit = (e: FormEvent) => { e.preventDefault(); assign.mutate(); };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="assign-title">
      <h2 id="assign-title">{t('operator.assign.title')}</h2>
      <label>{t('operator.assign.label')}
        <input type="number" min={1} required value={id} onChange={(e) => setId(e.target.value)} aria-describedby="assign-hint" />
      </label>
      <p id="assign-hint" className="hint">{t('operator.assign.hint', { current: claim.investigatorId === null ? t('operator.assign.none') : `#${claim.investigatorId}` })}</p>
      <p><button type="submit" disabled={assign.isPending}>{t('operator.assign.submit')}</button></p>
      <p role="status">{assign.data ? t('operator.assign.done', { id: assign.data.investigatorId }) : ''}</p>
      {assign.error && <Failure error={assign.error} />}
    </form>
  );
}

function DecideForm({ claim, needsReport }: { claim: Claim; needsReport: boolean }) {
  const { t } = useTranslation();
  const refresh = useRefreshClaims();
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: (how: 'approve' | 'reject') => data(how === 'approve'
      ? api.POST('/ops/claims/{ref}/approve', { params: { path: { ref: claim.ref } }, body: { reason } })
      : api.POST('/ops/claims/{ref}/reject', { params: { path: { ref: claim.ref } }, body: { reason } })),
    onSuccess: refresh,
  });
  const go = (how: 'approve' | 'reject') => (e: FormEvent) => { e.preventDefault(); if (reason.trim()) decide.mutate(how); };
  return (
    <form className="card" onSubmit={go('approve')} aria-labelledby="decide-title">
      <h2 id="decide-title">{t('operator.decide.title')}</h2>
      {needsReport && <p className="hint">{t('operator.decide.sampledNeedsReport')}</p>}
      <label>{t('operator.decide.reason')}<textarea required rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby="decide-hint" /></label>
      <p id="decide-hint" className="hint">{t('operator.decide.reasonHint')}</p>
      <p className="actions">
        <button type="submit" className="primary" disabled={decide.isPending}>{t('operator.decide.approve')}</button>{' '}
        <button type="button" className="danger" disabled={decide.isPending} onClick={go('reject')}>{t('operator.decide.reject')}</button>
      </p>
      <p role="status">{decide.data ? t('operator.decide.done', { status: t(`operator.status.${decide.data.status}`, { defaultValue: decide.data.status }) }) : ''}</p>
      {decide.error && <Failure error={decide.error} />}
    </form>
  );
}

export default function ClaimPage() {
  const { t } = useTranslation();
  const ref = useParams().ref ?? '';
  const session = useSession();
  const claim = useClaim(ref);
  const inv = useInvestigation(ref);
  if (claim.error) return <Failure error={claim.error} retry={() => void claim.refetch()} />;
  if (!claim.data || !session.data) return <Loading />;
  const c = claim.data;
  const me = `${session.data.role}:${session.data.id}`;
  const eyes = fourEyesOf(c.reviews, me);
  const open = c.status === 'pending' || c.status === 'investigating';
  return (
    <>
      <h1>{t('operator.claim.title', { ref: c.ref })}</h1>
      <div className="two-col">
        <div>
          <ClaimFacts claim={c} inv={inv} />
          <ReviewTrail claim={c} me={me} />
        </div>
        <div>
          {open && session.data.role === 'operator' && <FourEyes {...eyes} />}
          {open && <AssignForm claim={c} />}
          {open && session.data.role === 'operator' && <FindingForm claim={c} />}
          {open && session.data.role === 'operator' && eyes.mine.length === 0 && <DecideForm claim={c} needsReport={!!inv.data?.sampled && !inv.data.report} />}
          {!open && <p className="card" role="status" data-testid="claim-closed">{t('operator.decide.closed', { status: t(`operator.status.${c.status}`, { defaultValue: c.status }) })}</p>}
        </div>
      </div>
    </>
  );
}
