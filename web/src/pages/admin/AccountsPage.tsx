/** The admin's accounts: list by role, create a staff account, change a role, unlock, reset a password (shown once). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type paths } from '../../api/client';
import { Failure, Loading } from '../../app/status';
import { useFormat } from '../../format/use-format';
import { Pager } from '../../staff/Pager';

type Account = paths['/admin/accounts']['get']['responses'][200]['content']['application/json']['items'][number];
type Role = Account['role'];
const ROLES: readonly Role[] = ['member', 'operator', 'investigator', 'auditor', 'regulator', 'admin'];
const STAFF: readonly Exclude<Role, 'member'>[] = ['operator', 'investigator', 'auditor', 'regulator', 'admin'];

function AccountRow({ a, onMessage }: { a: Account; onMessage: (m: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const [role, setRole] = useState<Role>(a.role);
  const done = async (m: string) => { onMessage(m); await qc.invalidateQueries({ queryKey: ['admin-accounts'] }); };
  const path = { params: { path: { id: a.id } } };
  const change = useMutation({ mutationFn: () => data(api.POST('/admin/accounts/{id}/role', { ...path, body: { role } })), onSuccess: (r) => done(t('admin.accounts.roleChanged', { email: r.email, role: t(`admin.accounts.roles.${r.role}`) })) });
  const unlock = useMutation({ mutationFn: () => data(api.POST('/admin/accounts/{id}/unlock', path)), onSuccess: (r) => done(t('admin.accounts.unlocked', { email: r.email })) });
  const reset = useMutation({ mutationFn: () => data(api.POST('/admin/accounts/{id}/password', path)), onSuccess: (r) => done(`${t('admin.accounts.newPassword', { email: r.email })} ${r.password}`) });
  const error = change.error ?? unlock.error ?? reset.error;
  const selectId = `role-${a.id}`;
  return (
    <tr data-testid={`account-${a.email}`}>
      <td>{a.email}</td>
      <td>{t(`admin.accounts.roles.${a.role}`)}</td>
      <td>{a.locked ? <span className="tag bad">{t('admin.accounts.locked')}</span> : <span className="tag ok">{t('admin.accounts.active')}</span>}
        {a.failedLogins > 0 && <><br /><span className="hint">{t('admin.accounts.failed', { n: a.failedLogins })}</span></>}</td>
      <td>{f.instant(a.createdAt)}</td>
      <td className="actions">
        <label htmlFor={selectId} className="visually-hidden">{t('admin.accounts.roleOf', { email: a.email })}</label>
        <select id={selectId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => <option key={r} value={r}>{t(`admin.accounts.roles.${r}`)}</option>)}
        </select>{' '}
        <button type="button" disabled={role === a.role || change.isPending} onClick={() => change.mutate()}>{t('admin.accounts.changeRole')}</button>{' '}
        {a.locked && <><button type="button" onClick={() => unlock.mutate()}>{t('admin.accounts.unlock')}</button>{' '}</>}
        <button type="button" disabled={reset.isPending} onClick={() => reset.mutate()}>{t('admin.accounts.reset')}</button>
        {error && <Failure error={error} />}
      </td>
    </tr>
  );
}

function CreateForm({ onMessage }: { onMessage: (m: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Exclude<Role, 'member'>>('operator');
  const create = useMutation({
    mutationFn: () => data(api.POST('/admin/accounts', { body: { email, password, role } })),
    onSuccess: async (r) => { onMessage(t('admin.accounts.createdDone', { email: r.email })); setEmail(''); setPassword(''); await qc.invalidateQueries({ queryKey: ['admin-accounts'] }); },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate(); };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="create-title">
      <h2 id="create-title">{t('admin.accounts.create')}</h2>
      <label>{t('admin.accounts.email')}<input type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} /></label>
      <label>{t('admin.accounts.password')}<input type="password" required minLength={10} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="create-hint" /></label>
      <p id="create-hint" className="hint">{t('admin.accounts.passwordHint')}</p>
      <label htmlFor="create-role">{t('admin.accounts.role')}</label>
        <select id="create-role" value={role} onChange={(e) => setRole(e.target.value as Exclude<Role, 'member'>)}>{STAFF.map((r) => <option key={r} value={r}>{t(`admin.accounts.roles.${r}`)}</option>)}</select>
      <p><button type="submit" className="primary" disabled={create.isPending}>{t('admin.accounts.submit')}</button></p>
      {create.error && <Failure error={create.error} />}
    </form>
  );
}

export default function AccountsPage() {
  const { t } = useTranslation();
  const [role, setRole] = useState<Role | ''>('');
  const [offset, setOffset] = useState(0);
  const [message, setMessage] = useState('');
  const accounts = useQuery({
    queryKey: ['admin-accounts', role, offset],
    queryFn: () => data(api.GET('/admin/accounts', { params: { query: { limit: 20, offset, ...(role ? { role } : {}) } } })),
  });
  return (
    <>
      <h1>{t('admin.accounts.title')}</h1>
      <p className="lead">{t('admin.accounts.lead')}</p>
      <p role="status" aria-live="polite" className={message ? 'notice-ok' : undefined} data-testid="admin-message">{message}</p>
      <CreateForm onMessage={setMessage} />
      <label className="inline">{t('admin.accounts.filter')}{' '}
        <select id="role-filter" value={role} onChange={(e) => { setRole(e.target.value as Role | ''); setOffset(0); }}>
          <option value="">{t('admin.accounts.all')}</option>
          {ROLES.map((r) => <option key={r} value={r}>{t(`admin.accounts.roles.${r}`)}</option>)}
        </select>
      </label>
      {accounts.error && <Failure error={accounts.error} retry={() => void accounts.refetch()} />}
      {!accounts.data && !accounts.error && <Loading />}
      {accounts.data && (
        <div className="table-wrap" role="region" tabIndex={0} aria-labelledby="accounts-caption">
          <table className="stack">
            <caption id="accounts-caption">{t('admin.accounts.title')}</caption>
            <thead><tr>{(['email', 'role', 'state', 'created', 'actions'] as const).map((c) => <th key={c} scope="col">{t(`admin.accounts.${c}`)}</th>)}</tr></thead>
            <tbody>{accounts.data.items.map((a) => <AccountRow key={a.id} a={a} onMessage={setMessage} />)}</tbody>
          </table>
        </div>
      )}
      {accounts.data && <Pager page={accounts.data.page} onOffset={setOffset} />}
    </>
  );
}
