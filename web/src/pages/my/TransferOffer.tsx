/**
 * The move to the plan a membership's plan offers (the elderly plan from 59, issue 14): told ahead
 * with the date it opens, then offered with what it means (no new declaration, no waiting period,
 * shares already announced still due) and done after a confirmation; the answer is said in a sentence.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { errorSentence } from '../../api/errors';
import { useFormat } from '../../format/use-format';

export interface Offered { id: number; name: string; toPlan: string; toPlanName: string; eligibleOn: string; open: boolean }

/** `onMoved` gets the sentence said once moved: this offer unmounts as the membership ends, so the page says it. */
export function TransferOffer({ m, onMoved }: { m: Offered; onMoved: (text: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const names = { name: m.name, plan: m.toPlanName };
  const move = async () => {
    setBusy(true);
    try {
      const out = await data(api.POST('/me/memberships/{id}/transfer', { params: { path: { id: m.id } }, body: { toPlan: m.toPlan } }));
      onMoved(t('member.transfer.done', { ...names, joined: f.day(out.started.joinedOn), waitingEnds: f.day(out.started.waitingEndsOn) }));
      await qc.invalidateQueries({ queryKey: ['me'] });
    } catch (err) {
      setRefusal(t('member.transfer.refused', { reason: errorSentence(t, err) }));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  const headingId = `transfer-${m.id}`;
  return (
    <section className="transfer-offer" aria-labelledby={headingId} data-testid="transfer-offer">
      <h4 id={headingId}>{t('member.transfer.title', names)}</h4>
      {m.open ? (
        <>
          <p>{t('member.transfer.open', names)}</p>
          <p className="hint">{t('member.transfer.bills', names)}</p>
          {!confirming ? (
            <button type="button" className="primary" onClick={() => setConfirming(true)}>{t('member.transfer.move', names)}</button>
          ) : (
            <div role="group" aria-label={t('member.transfer.confirm', names)}>
              <p>{t('member.transfer.confirm', names)}</p>
              <div className="actions">
                <button type="button" className="primary" disabled={busy} onClick={() => void move()}>{t('member.transfer.yes')}</button>
                <button type="button" className="secondary" onClick={() => setConfirming(false)}>{t('member.transfer.no')}</button>
              </div>
            </div>
          )}
        </>
      ) : (
        <p>{t('member.transfer.upcoming', { ...names, date: f.day(m.eligibleOn) })}</p>
      )}
      {refusal && <p className="failure" role="alert" data-testid="transfer-refused">{refusal}</p>}
    </section>
  );
}
