/**
 * What staff see of one claim: the facts, the claimant (ID masked by the server), the evidence, why
 * it was sampled and its risk signals, the investigation report, and the review trail: who took
 * which step, the signed-in person's own steps marked.
 */
import { RiskSignal, SamplingReason } from './server-words';
import { diseaseIn } from '../format/disease';
import { provinceIn } from '../format/server-text';
import { useOutcome } from '../format/outcome';
import { useTranslation } from 'react-i18next';
import type { paths } from '../api/client';
import { Failure, Loading } from '../app/status';
import { useFormat } from '../format/use-format';
import { samePerson } from '../verify/core';

type Claim = paths['/ops/claims/{ref}']['get']['responses'][200]['content']['application/json'];
type Investigation = paths['/ops/claims/{ref}/investigation']['get']['responses'][200]['content']['application/json'];

function Facts({ claim }: { claim: Claim }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const row = (label: string, value: string | null | undefined) => <div><dt>{label}</dt><dd>{value ?? '—'}</dd></div>;
  return (
    <section aria-labelledby="claim-facts">
      <h2 id="claim-facts">{t('operator.claim.facts')}</h2>
      <dl className="facts">
        {row(t('operator.claim.status'), t(`operator.status.${claim.status}`, { defaultValue: claim.status }))}
        {row(t('operator.claim.filed'), f.instant(claim.filedAt))}
        {row(t('operator.claim.diagnosed'), f.day(claim.diagnosedOn))}
        {row(t('operator.claim.disease'), diseaseIn(claim.disease, i18n.language))}
        {row(t('operator.claim.severity'), t(`operator.severities.${claim.severity}`, { defaultValue: claim.severity }))}
        {row(t('operator.claim.cause'), t(`operator.causes.${claim.cause}`, { defaultValue: claim.cause }))}
        {row(t('operator.claim.payout'), claim.payoutFen === null ? null : f.yuan(claim.payoutFen))}
        {claim.reason && row(t('operator.claim.reason'), claim.reason)}
        {row(t('operator.claim.name'), claim.claimant.name)}
        {row(t('operator.claim.idNumber'), claim.claimant.idNumber)}
        {row(t('operator.claim.birthDate'), claim.claimant.birthDate && f.day(claim.claimant.birthDate))}
        {row(t('operator.claim.province'), claim.claimant.province ? provinceIn(t, claim.claimant.province) : null)}
      </dl>
      <h3>{t('operator.claim.documents')}</h3>
      {claim.documents.length === 0 ? <p>{t('operator.claim.noDocuments')}</p> : (
        <ul className="plain">
          {claim.documents.map((d) => (
            <li key={d.sha256}>
              <a href={`/ops/claims/${encodeURIComponent(claim.ref)}/documents/${d.sha256}`} download={d.name}>{t('operator.claim.download', { name: d.name })}</a>{' '}
              <span className="hint">{d.mediaType} · {t('operator.claim.size', { kb: f.count(Math.ceil(d.sizeBytes / 1024)) })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function InvestigationFacts({ inv }: { inv: Investigation }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section aria-labelledby="claim-sampling">
      <h2 id="claim-sampling">{t('operator.claim.sampling')}</h2>
      <p data-testid="sampled"><span className={`tag ${inv.sampled ? 'bad' : 'wait'}`}>{inv.sampled ? t('operator.claim.sampledYes') : t('operator.claim.sampledNo')}</span></p>
      {inv.samplingReasons.length > 0 && <ul className="plain">{inv.samplingReasons.map((r) => <li key={r.code}><SamplingReason reason={r} /></li>)}</ul>}
      <h3>{t('operator.claim.risk')}</h3>
      {inv.riskSignals.length === 0 ? <p>{t('operator.claim.noRisk')}</p>
        : <ul className="plain">{inv.riskSignals.map((s) => <li key={s.code}><RiskSignal signal={s} /></li>)}</ul>}
      <h3>{t('operator.claim.report')}</h3>
      {!inv.report ? <p>{t('operator.claim.noReport')}</p> : (
        <div className="card" data-testid="report">
          <dl className="facts">
            <div><dt>{t('operator.claim.recommendation')}</dt><dd>{t(`operator.claim.recommendations.${inv.report.recommendation}`, { defaultValue: inv.report.recommendation })}</dd></div>
            <div><dt>{t('operator.claim.author')}</dt><dd>{inv.report.investigator}</dd></div>
            <div><dt>{t('operator.claim.submittedAt')}</dt><dd>{f.instant(inv.report.submittedAt)}</dd></div>
          </dl>
          <p><strong>{t('operator.claim.summary')}</strong>: {inv.report.summary}</p>
          {inv.report.documents.length > 0 && (
            <ul className="plain">
              {inv.report.documents.map((d) => (
                <li key={d.id}>{d.title}: {d.forJurors ? `${t('operator.claim.forJurors')} · ${t('operator.claim.redacted')} ` : t('operator.claim.notForJurors')}
                  {d.redactedHash && <span className="hex">{d.redactedHash.slice(0, 16)}…</span>}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

/** The review trail; `me` is the signed-in person's actor (e.g. `operator:2`), whose steps are marked. */
export function ReviewTrail({ claim, me }: { claim: Claim; me: string }) {
  const { t, i18n } = useTranslation();
  // The platform's own findings (the sampling's reasons) are the server's English sentences; other
  // languages point to the reasons the page already shows translated (SamplingReason).
  const findingsOf = (actor: string, findings: string | null | undefined) =>
    !findings ? null : actor === 'system' && i18n.language !== 'en' ? t('operator.claim.platformFindings') : findings;
  const outcome = useOutcome();
  const f = useFormat();
  return (
    <section aria-labelledby="claim-reviews">
      <h2 id="claim-reviews">{t('operator.claim.reviews')}</h2>
      <div className="table-wrap" role="region" tabIndex={0} aria-labelledby="claim-reviews">
        <table className="stack">
          <thead><tr><th scope="col">{t('operator.claim.at')}</th><th scope="col">{t('operator.claim.step')}</th><th scope="col">{t('operator.claim.actor')}</th><th scope="col">{t('operator.claim.outcome')}</th></tr></thead>
          <tbody>
            {claim.reviews.map((r, i) => {
              const actor = r.actor ?? '';
              const mine = samePerson(actor, me);
              return (
                <tr key={i} className={mine ? 'mine' : undefined}>
                  <td>{f.instant(r.at)}</td>
                  <td>{t(`operator.claim.kinds.${r.kind}`, { defaultValue: r.kind })}</td>
                  <td>{actor === 'system' || actor === '' ? t('operator.claim.platform') : mine ? <strong>{t('operator.claim.you', { actor })}</strong> : actor}</td>
                  <td>{outcome(r.outcome)}{findingsOf(actor, r.findings) ? <><br /><span className="hint">{findingsOf(actor, r.findings)}</span></> : null}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** `inv` is the investigation's query: its data, else its failure, else still loading. */
export function ClaimFacts({ claim, inv }: { claim: Claim; inv: { data?: Investigation; error: unknown } }) {
  return (
    <>
      <Facts claim={claim} />
      {inv.data ? <InvestigationFacts inv={inv.data} /> : inv.error ? <Failure error={inv.error} /> : <Loading />}
    </>
  );
}

export type { Claim, Investigation };
