/** Loading and failure states every page uses (errors as sentences, never codes). */
import { useTranslation } from 'react-i18next';
import { errorSentence } from '../api/errors';

export function Loading() {
  const { t } = useTranslation();
  return <p className="loading" role="status">{t('app.loading')}</p>;
}

export function Failure({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="failure" role="alert">
      <p>{errorSentence(t, error)}</p>
      {retry && <button type="button" onClick={retry}>{t('app.retry')}</button>}
    </div>
  );
}

export function PageError() {
  const { t } = useTranslation();
  return <div className="failure" role="alert"><p>{t('errors.network')}</p></div>;
}
