/** The log-in and register form: labelled fields, the API's error as a sentence naming the field. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorSentence } from '../api/errors';

export function AuthForm({ title, submit, onSubmit, passwordHint, children }: {
  title: string; submit: string; passwordHint?: string; children?: ReactNode;
  onSubmit: (email: string, password: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await onSubmit(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
    } catch (err) {
      setError(errorSentence(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>{title}</h1>
      {children}
      <form className="card" onSubmit={(e) => void send(e)} noValidate>
        <label>{t('auth.email')}<input name="email" type="email" autoComplete="email" required /></label>
        <label>{t('auth.password')}
          <input name="password" type="password" autoComplete={passwordHint ? 'new-password' : 'current-password'} required aria-describedby={passwordHint ? 'pw-hint' : undefined} />
          {passwordHint && <span id="pw-hint" className="hint">{passwordHint}</span>}
        </label>
        {error && <p className="failure" role="alert">{error}</p>}
        <div><button className="primary" type="submit" disabled={busy}>{submit}</button></div>
      </form>
    </>
  );
}
