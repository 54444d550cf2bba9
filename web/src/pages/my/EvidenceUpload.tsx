/** One evidence file: the limits stated before choosing, checked in the browser, then sent raw. */
import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorSentence } from '../../api/errors';
import { UPLOAD_LIMITS, uploadEvidence, uploadProblem } from './member-data';

export function EvidenceUpload({ path, onUploaded }: { path: string; onUploaded: (doc: { sha256: string; name: string }) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    const problem = uploadProblem(file);
    if (problem) {
      setMessage({ ok: false, text: t(`member.upload.problem.${problem}`, { name: file.name }) });
      input.value = '';
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const doc = await uploadEvidence(path, file);
      setMessage({ ok: true, text: t('member.upload.done', { name: doc.name }) });
      onUploaded(doc);
    } catch (err) {
      setMessage({ ok: false, text: errorSentence(t, err) });
    } finally {
      setBusy(false);
      input.value = '';
    }
  };
  return (
    <div className="upload">
      <label htmlFor={id}>{t('member.upload.label')}</label>
      <p id={`${id}-limits`} className="hint">{t('member.upload.limits', { size: '10 MB' })}</p>
      <input id={id} type="file" accept={UPLOAD_LIMITS.accept} aria-describedby={`${id}-limits`} disabled={busy} onChange={(e) => void choose(e)} />
      <p role="status" aria-live="polite" className={message ? (message.ok ? 'notice-ok' : 'failure') : undefined}>
        {busy ? t('member.upload.sending') : message?.text}
      </p>
    </div>
  );
}
