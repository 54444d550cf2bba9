/**
 * The investigator's claim: facts and evidence, findings, and the report (written once): summary,
 * recommendation, and each evidence document marked for jurors or not, a marked one with its
 * redacted copy uploaded first (the server checks the copy holds no personal data).
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
import { useClaim, useInvestigation, useRefreshClaims } from '../../staff/queries';

type Doc = Claim['documents'][number];

function RedactedUpload({ claim, doc, onUploaded }: { claim: Claim; doc: Doc; onUploaded: (sha256: string | null) => void }) {
  const { t } = useTranslation();
  const upload = useMutation({
    mutationFn: (file: File) => data(api.POST('/ops/claims/{ref}/redacted-documents', {
      params: { path: { ref: claim.ref }, query: { name: file.name } },
      body: file as never, bodySerializer: (b: unknown) => b as BodyInit, headers: { 'content-type': file.type || 'application/octet-stream' },
    })),
    onSuccess: (r) => onUploaded(r.sha256),
  });
  return (
    <>
      <label>{t('investigator.claim.redactedUpload', { name: doc.name })}
        <input type="file" accept="application/pdf,image/png,image/jpeg,text/plain" onChange={(e) => { const f = e.target.files?.[0]; onUploaded(null); if (f) upload.mutate(f); }} />
      </label>
      <p role="status" className="hint">{upload.data ? t('investigator.claim.uploaded', { hash: `${upload.data.sha256.slice(0, 12)}…` }) : ''}</p>
      {upload.error && <Failure error={upload.error} />}
    </>
  );
}

function ReportForm({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  const refresh = useRefreshClaims();
  const [summary, setSummary] = useState('');
  const [recommendation, setRecommendation] = useState<'approve' | 'reject'>('approve');
  const [diagnosedOn, setDiagnosedOn] = useState('');
  const [marked, setMarked] = useState<Record<string, boolean>>({});
  const [redacted, setRedacted] = useState<Record<string, string | null>>({});
  const send = useMutation({
    mutationFn: () => data(api.POST('/ops/claims/{ref}/report', {
      params: { path: { ref: claim.ref } },
      body: {
        summary, recommendation, ...(diagnosedOn ? { hospitalDiagnosedOn: diagnosedOn } : {}),
        documents: claim.documents.map((d, i) => ({ id: `doc-${i + 1}`, title: d.name, contentHash: d.sha256, forJurors: !!marked[d.sha256], redactedHash: marked[d.sha256] ? redacted[d.sha256] ?? null : null })),
      },
    })),
    onSuccess: refresh,
  });
  const submit = (e: FormEvent) => { e.preventDefault(); send.mutate(); };
  if (send.data) return <p className="notice-ok" role="status">{t('investigator.claim.reportDone', { recommendation: t(`operator.claim.recommendations.${send.data.recommendation}`, { defaultValue: send.data.recommendation }) })}</p>;
  return (
    <form className="card" onSubmit={submit} aria-labelledby="report-title">
      <h2 id="report-title">{t('investigator.claim.report')}</h2>
      <label>{t('investigator.claim.summary')}<textarea required rows={4} value={summary} onChange={(e) => setSummary(e.target.value)} /></label>
      <fieldset>
        <legend>{t('investigator.claim.recommendation')}</legend>
        {(['approve', 'reject'] as const).map((r) => (
          <label key={r} className="inline"><input type="radio" name="recommendation" value={r} checked={recommendation === r} onChange={() => setRecommendation(r)} /> {t(`investigator.claim.${r}`)}</label>
        ))}
      </fieldset>
      <label>{t('investigator.claim.hospitalDiagnosedOn')}<input type="date" value={diagnosedOn} onChange={(e) => setDiagnosedOn(e.target.value)} /></label>
      <fieldset>
        <legend>{t('investigator.claim.documents')}</legend>
        <p className="hint">{t('investigator.claim.documentsHint')}</p>
        {claim.documents.length === 0 && <p>{t('investigator.claim.noDocuments')}</p>}
        {claim.documents.map((d) => (
          <div key={d.sha256} className="doc">
            <label className="inline"><input type="checkbox" checked={!!marked[d.sha256]} onChange={(e) => setMarked({ ...marked, [d.sha256]: e.target.checked })} /> {t('investigator.claim.forJurors', { name: d.name })}</label>
            {marked[d.sha256] && <RedactedUpload claim={claim} doc={d} onUploaded={(h) => setRedacted((r) => ({ ...r, [d.sha256]: h }))} />}
          </div>
        ))}
      </fieldset>
      <p><button type="submit" className="primary" disabled={send.isPending}>{t('investigator.claim.submit')}</button></p>
      {send.error && <Failure error={send.error} />}
    </form>
  );
}

export default function InvestigationPage() {
  const { t } = useTranslation();
  const ref = useParams().ref ?? '';
  const session = useSession();
  const claim = useClaim(ref);
  const inv = useInvestigation(ref);
  if (claim.error) return <Failure error={claim.error} retry={() => void claim.refetch()} />;
  if (!claim.data || !session.data) return <Loading />;
  const c = claim.data;
  const hasFinding = c.reviews.some((r) => r.kind === 'investigation');
  const open = c.status === 'pending' || c.status === 'investigating';
  return (
    <>
      <h1>{t('investigator.claim.title', { ref: c.ref })}</h1>
      <div className="two-col">
        <div>
          <ClaimFacts claim={c} inv={inv} />
          <ReviewTrail claim={c} me={`${session.data.role}:${session.data.id}`} />
        </div>
        <div>
          {open && <FindingForm claim={c} />}
          {inv.data?.report ? (
            <p className="card notice-ok" role="status">
              {t('investigator.claim.reportDone', { recommendation: t(`operator.claim.recommendations.${inv.data.report.recommendation}`, { defaultValue: inv.data.report.recommendation }) })} {t('investigator.claim.written')}
            </p>
          )
            : open && (hasFinding ? <ReportForm claim={c} /> : <p className="card">{t('investigator.claim.findingsFirst')}</p>)}
        </div>
      </div>
    </>
  );
}
