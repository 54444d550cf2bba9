/**
 * One claim, followed: its status, every step as a timeline (filed, checked, sampled,
 * investigated, decided, announced, challenged, paid), the evidence with the upload, and the
 * appeal to the jury when a person rejected it.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useOutcome } from '../../format/outcome';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, data } from '../../api/client';
import { errorSentence } from '../../api/errors';
import { Failure, Loading } from '../../app/status';
import { diseaseIn } from '../../format/disease';
import { useFormat } from '../../format/use-format';
import { EvidenceUpload } from './EvidenceUpload';
import './member.css';

const UPLOAD_STATUSES = new Set(['pending', 'investigating']);

function Appeal({ claimRef }: { claimRef: string }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const appeal = async () => {
    try {
      const c = await data(api.POST('/me/claims/{ref}/appeal', { params: { path: { ref: claimRef } } }));
      setAnswer({ ok: true, text: t('member.claim.appealed', { id: c.id }) });
    } catch (err) {
      setAnswer({ ok: false, text: errorSentence(t, err) });
    }
  };
  return (
    <section aria-labelledby="appeal">
      <h2 id="appeal">{t('member.claim.appealTitle')}</h2>
      <p>{t('member.claim.appealText')}</p>
      <button type="button" className="secondary" onClick={() => void appeal()}>{t('member.claim.appeal')}</button>
      <p role="status" aria-live="polite" className={answer ? (answer.ok ? 'notice-ok' : 'failure') : undefined}>{answer?.text}</p>
    </section>
  );
}

export default function MyClaimPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const outcome = useOutcome();
  const qc = useQueryClient();
  const ref = useParams().ref ?? '';
  const claim = useQuery({ queryKey: ['me', 'claim', ref], queryFn: () => data(api.GET('/me/claims/{ref}', { params: { path: { ref } } })) });
  if (claim.error) return <Failure error={claim.error} retry={() => void claim.refetch()} />;
  if (!claim.data) return <Loading />;
  const c = claim.data;
  const steps = [
    { at: c.filedAt, key: 'filed', text: t('member.claim.filed', { diagnosed: f.day(c.diagnosedOn) }) },
    ...c.reviews.map((r) => ({ at: r.at, key: r.kind, text: t('member.claim.stepLine', { step: t(`member.claim.step.${r.kind}`, { defaultValue: r.kind }), outcome: outcome(r.outcome) }) })),
    ...(c.announcedOn ? [{ at: c.announcedOn, key: 'announced', text: t('member.claim.announced', { date: f.day(c.announcedOn) }) }] : []),
    ...(c.paidAt ? [{ at: c.paidAt, key: 'paid', text: t('member.claim.paid', { amount: c.payoutFen === null ? '' : f.yuan(c.payoutFen) }) }] : []),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const when = (at: string) => (at.length === 10 ? f.day(at) : f.instant(at));
  return (
    <>
      <p><Link to="/my/claims">{t('member.claim.back')}</Link></p>
      <h1>{t('member.claim.title', { disease: diseaseIn(c.disease, i18n.language), person: c.person ?? '' })}</h1>
      <dl className="stats">
        <div><dt>{t('member.claims.status')}</dt><dd data-testid="claim-status">{t(`member.claimStatus.${c.status}`, { defaultValue: c.status })}</dd></div>
        <div><dt>{t('member.claims.payout')}</dt><dd>{c.payoutFen === null ? t('member.claim.notYet') : f.yuan(c.payoutFen)}</dd></div>
        <div><dt>{t('member.claims.diagnosedOn')}</dt><dd>{f.day(c.diagnosedOn)}</dd></div>
        <div><dt>{t('member.claims.severity')}</dt><dd>{t(`notice.severities.${c.severity}`, { defaultValue: c.severity })}</dd></div>
      </dl>
      {c.status === 'rejected' && (c.rejectCode || c.reason) && (
        <p className="failure">{t('member.claim.rejectedBecause', { reason: c.reason ?? (c.rejectCode ? t(`errors.codes.${c.rejectCode}`, { field: '', defaultValue: c.rejectCode }) : '') })}</p>
      )}
      <div className="grid-2">
        <section aria-labelledby="timeline">
          <h2 id="timeline">{t('member.claim.timeline')}</h2>
          <ol className="timeline" data-testid="timeline">
            {steps.map((s, i) => (
              <li key={`${s.key}-${i}`} className={i === steps.length - 1 ? 'now' : undefined} aria-current={i === steps.length - 1 ? 'step' : undefined}>
                <time dateTime={s.at}>{when(s.at)}</time>{s.text}
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="evidence">
          <h2 id="evidence">{t('member.claim.evidence', { count: c.documents.length })}</h2>
          {c.documents.length === 0 ? <p>{t('member.claim.noEvidence')}</p> : (
            <ul className="plain" data-testid="documents">
              {c.documents.map((d) => <li key={d.sha256}>{d.name} · {t('member.claim.size', { kb: f.count(Math.ceil(d.sizeBytes / 1024)) })} · <span className="hex">{d.sha256.slice(0, 12)}…</span></li>)}
            </ul>
          )}
          {UPLOAD_STATUSES.has(c.status)
            ? <EvidenceUpload path={`/me/claims/${encodeURIComponent(c.ref)}/documents`} onUploaded={() => void qc.invalidateQueries({ queryKey: ['me', 'claim', ref] })} />
            : <p className="hint">{t('member.claim.uploadClosed')}</p>}
        </section>
      </div>
      {c.status === 'rejected' && <Appeal claimRef={c.ref} />}
    </>
  );
}
