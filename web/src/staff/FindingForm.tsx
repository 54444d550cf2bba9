/** Record an investigation finding on a claim (operators and the assigned investigator). */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';
import { Failure } from '../app/status';
import type { Claim } from './ClaimFacts';
import { useRefreshClaims } from './queries';

export function FindingForm({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  const refresh = useRefreshClaims();
  const [text, setText] = useState('');
  const record = useMutation({
    mutationFn: () => data(api.POST('/ops/claims/{ref}/findings', { params: { path: { ref: claim.ref } }, body: { findings: text } })),
    onSuccess: async () => { setText(''); await refresh(); },
  });
  return (
    <form className="card" onSubmit={(e) => { e.preventDefault(); record.mutate(); }} aria-labelledby="finding-title">
      <h2 id="finding-title">{t('operator.findings.title')}</h2>
      <label>{t('operator.findings.label')}<textarea required rows={3} value={text} onChange={(e) => setText(e.target.value)} /></label>
      <p><button type="submit" disabled={record.isPending}>{t('operator.findings.submit')}</button></p>
      <p role="status">{record.isSuccess ? t('operator.findings.done') : ''}</p>
      {record.error && <Failure error={record.error} />}
    </form>
  );
}
