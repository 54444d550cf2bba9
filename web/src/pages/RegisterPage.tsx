import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, data } from '../api/client';
import { AuthForm } from '../app/AuthForm';

export default function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <AuthForm title={t('auth.registerTitle')} submit={t('auth.submitRegister')} passwordHint={t('auth.passwordHint')} onSubmit={async (email, password) => {
      await data(api.POST('/auth/register', { body: { email, password } }));
      navigate('/login?registered=1');
    }}>
      <p>{t('auth.haveAccount')} <Link to="/login">{t('app.account.login')}</Link></p>
    </AuthForm>
  );
}
