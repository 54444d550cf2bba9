/** Challenges under review: each with the claim, the challenger's reason and evidence; uphold or dismiss with a reason. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, data, type paths } from '../../api/client';
import { Failure, Loading } from '../../app/status';
import { useFormat } from '../../format/use-format';
import { Pager } from '../../staff/Pager';

type Challenge = paths['/ops/challenges']['get']['responses'][200]['content']['application/json']['items'][number];

function ChallengeCard({ c }: { c: Challenge }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: (upheld: boolean) => data(api.POST('/ops/challenges/{ref}/decision', { params: { path: { ref: c.ref } }, body: { upheld, reason } })),
  });
  const id = `challenge-${c.ref}`;
  const go = (upheld: boolean) => { if (reason.trim()) decide.mutate(upheld); };
  return (
    <section className="card" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>{t('operator.challenges.challenge', { ref: c.ref })}</h2>
      <dl className="facts">
        <div><dt>{t('operator.challenges.claim')}</dt><dd><Link to={`/operator/claims/${c.claim}`}>{c.claim}</Link></dd></div>
        <div><dt>{t('operator.challenges.filed')}</dt><dd>{f.instant(c.filedAt)}</dd></div>
        <div><dt>{t('operator.challenges.evidence')}</dt><dd>{c.evidence.length ? c.evidence.map((e) => <span key={e} className="hex">{e.slice(0, 12)}… </span>) : t('operator.challenges.noEvidence')}</dd></div>
      </dl>
      <p><strong>{t('operator.challenges.reason')}</strong>: {c.reason}</p>
      {decide.data ? (
        <p className="notice-ok" role="status">{t('operator.challenges.done', { status: decide.data.status, claim: t(`operator.status.${decide.data.claimStatus}`, { defaultValue: decide.data.claimStatus }) })}</p>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); go(false); }}>
          <label>{t('operator.challenges.decisionReason')}<textarea required rows={3} value={reason} onChange={(e) => setReason(e.target.value)} /></label>
          <p className="actions">
            <button type="button" className="danger" disabled={decide.isPending} onClick={() => go(true)}>{t('operator.challenges.uphold')}</button>{' '}
            <button type="submit" className="primary" disabled={decide.isPending}>{t('operator.challenges.dismiss')}</button>
          </p>
          {decide.error && <Failure error={decide.error} />}
        </form>
      )}
    </section>
  );
}

export default function ChallengesPage() {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const list = useQuery({ queryKey: ['ops-challenges', offset], queryFn: () => data(api.GET('/ops/challenges', { params: { query: { limit: 20, offset } } })) });
  return (
    <>
      <h1>{t('operator.challenges.title')}</h1>
      <p className="lead">{t('operator.challenges.lead')}</p>
      {list.error && <Failure error={list.error} retry={() => void list.refetch()} />}
      {!list.data && !list.error && <Loading />}
      {list.data?.items.length === 0 && <p>{t('operator.challenges.empty')}</p>}
      {list.data?.items.map((c) => <ChallengeCard key={c.ref} c={c} />)}
      {list.data && <Pager page={list.data.page} onOffset={setOffset} />}
    </>
  );
}
