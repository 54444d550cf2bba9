import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, data } from '../api/client';
import { AuthForm } from '../app/AuthForm';

export default function LoginPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (
    <AuthForm title={t('auth.loginTitle')} submit={t('auth.submitLogin')} onSubmit={async (email, password) => {
      await data(api.POST('/auth/login', { body: { email, password } }));
      await qc.invalidateQueries({ queryKey: ['session'] });
      navigate(params.get('next') ?? '/');
    }}>
      {params.get('registered') && <p className="notice-ok" role="status">{t('auth.registered')}</p>}
      {params.get('out') && <p className="notice-ok" role="status">{t('auth.loggedOut')}</p>}
      <p>{t('auth.noAccount')} <Link to="/register">{t('app.account.register')}</Link></p>
      <p className="hint">{t('auth.demoHint')}</p>
    </AuthForm>
  );
}
