/** The investigator's claims: the server answers only those assigned to this investigator. */
import { useTranslation } from 'react-i18next';
import { ClaimsTable } from '../../staff/ClaimsTable';

export default function AssignedClaimsPage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('investigator.claims.title')}</h1>
      <p className="lead">{t('investigator.claims.lead')}</p>
      <ClaimsTable base="/investigator/claims" caption={t('investigator.claims.title')} />
    </>
  );
}
