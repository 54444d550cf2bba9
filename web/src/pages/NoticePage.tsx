import { useTranslation } from 'react-i18next';

export default function NoticePage() {
  const { t } = useTranslation();
  return <h1>{t('app.notFound.title')}</h1>;
}
