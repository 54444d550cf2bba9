/** A review's outcome (the claim timeline's and the operator's review trail) in the page's language. */
import { useTranslation } from 'react-i18next';

export /** A review's outcome in words: "passed", "approved", "rejected:CODE", "filed:ID", or an error code. */
function useOutcome() {
  const { t } = useTranslation();
  return (outcome: string) => {
    const [head = '', tail = ''] = outcome.split(':');
    if (/^[A-Z_]+$/.test(head)) return t(`errors.codes.${head}`, { field: '', defaultValue: head });
    const code = /^[A-Z_]+$/.test(tail) ? t(`errors.codes.${tail}`, { field: '', defaultValue: tail }) : '';
    const words = t(`member.claim.outcome.${head}`, { defaultValue: head });
    return code ? t('member.claim.outcomeWithCode', { outcome: words, code }) : words;
  };
}
