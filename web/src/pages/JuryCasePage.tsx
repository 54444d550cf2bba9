/** One jury case: rounds, tallies, ruling, and each panel draw recomputed in the browser (src/jury/draw.ts). */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, data } from '../api/client';
import { Failure, Loading } from '../app/status';
import { useFormat } from '../format/use-format';
import { verifyDraw } from '../verify/core';

async function allJurors(id: string, round: number): Promise<string[]> {
  const out: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await data(api.GET('/public/jury/cases/{id}/rounds/{round}/jurors', { params: { path: { id, round }, query: { limit: 10_000, ...(after ? { after } : {}) } } }));
    out.push(...page.items);
    if (!page.page.next) return out;
    after = page.page.next;
  }
}

function DrawCheck({ id, round }: { id: string; round: number }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<{ ok: boolean; n: number } | null>(null);
  const draw = useQuery({ queryKey: ['draw', id, round], queryFn: () => data(api.GET('/public/jury/cases/{id}/rounds/{round}/draw', { params: { path: { id, round } } })) });
  if (!draw.data) return null;
  const d = draw.data;
  const recompute = async () => {
    const jurors = await allJurors(id, round);
    const ok = verifyDraw({
      publishedRecordHex: d.seedRecord.hex, caseId: d.caseId, round: d.round, size: d.size, jurors,
      excludedParties: [...d.exclusions.parties, ...d.exclusions.ineligible.map((x) => x.pseudonym)], drawnEarlier: d.exclusions.drawnEarlier,
    }, d.panel);
    setResult({ ok, n: d.panel.length });
  };
  return (
    <div>
      <h3>{t('jury.draw')}</h3>
      <dl>
        <dt>{t('jury.seed')}</dt><dd className="hex">{d.seedRecord.hex}</dd>
        <dt>{t('jury.listSize')}</dt><dd>{d.jurorListSize}</dd>
        <dt>{t('jury.panel')}</dt><dd>{d.panel.length}</dd>
      </dl>
      <button className="primary" type="button" onClick={() => void recompute()}>{t('jury.recompute')}</button>
      {result && <p className={result.ok ? 'notice-ok' : 'failure'} role="status" data-testid="draw-result">{result.ok ? t('jury.drawOk', { n: result.n }) : t('jury.drawFail')}</p>}
    </div>
  );
}

export default function JuryCasePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { id = '' } = useParams();
  const kase = useQuery({ queryKey: ['jury-case', id], queryFn: () => data(api.GET('/public/jury/cases/{id}', { params: { path: { id } } })) });
  if (kase.error) return <Failure error={kase.error} />;
  if (!kase.data) return <Loading />;
  const k = kase.data;
  return (
    <>
      <h1>{t('jury.case', { id: k.id })}</h1>
      <p className="lead">{t('jury.claim')}: {k.claim} · {f.instant(k.openedAt)}</p>
      <p data-testid="jury-ruling"><strong>{t('jury.outcome')}:</strong> {k.ruling ? t(`jury.rulings.${k.ruling}`) : t('jury.outcomes.pending')}</p>
      {k.appeal && <p data-testid="jury-appeal">{t('jury.appealOpen', { side: t(`jury.sides.${k.appeal.side}`), size: k.appeal.nextSize, until: f.instant(k.appeal.until) })}</p>}
      {k.rounds.map((r) => {
        const tally = r.result?.tally ?? r.runningTally;
        return (
          <section key={r.round} aria-labelledby={`round-${r.round}`}>
            <h2 id={`round-${r.round}`}>{t('jury.round', { n: r.round + 1 })}</h2>
            {r.mode === 'panel' && r.status === 'open' && r.commitClosesAt && (
              <p>{t('jury.panelPhases', { commit: f.instant(r.commitClosesAt), reveal: f.instant(r.closesAt) })}</p>
            )}
            {tally && <p data-testid={`tally-${r.round}`}><strong>{t('jury.tallies')}:</strong> {t('jury.tally', { pay: tally.pay, reject: tally.reject, valid: tally.valid })}</p>}
            {r.result && <p data-testid={`round-ruling-${r.round}`}><strong>{t('jury.roundRuling')}:</strong> {t(`jury.rulings.${r.result.ruling}`)}</p>}
            {r.result && r.result.justifications.length > 0 && (
              <>
                <h3>{t('jury.justifications')}</h3>
                <ul className="plain" data-testid={`justifications-${r.round}`}>
                  {r.result.justifications.map((j) => (
                    <li key={j.juror}><span className="hex">{j.juror.slice(0, 12)}</span> · {t(`jury.rulings.${j.vote}`)}: {j.justification}</li>
                  ))}
                </ul>
              </>
            )}
            {r.panel && <DrawCheck id={k.id} round={r.round} />}
          </section>
        );
      })}
    </>
  );
}
