/** The operator's claims queue: oldest first, by status, each claim's risk signals and sampling reason. */
import { useTranslation } from 'react-i18next';
import { ClaimsTable } from '../../staff/ClaimsTable';

export default function ClaimsQueuePage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('operator.queue.title')}</h1>
      <p className="lead">{t('operator.queue.lead')}</p>
      <ClaimsTable base="/operator/claims" caption={t('operator.queue.title')} />
    </>
  );
}
