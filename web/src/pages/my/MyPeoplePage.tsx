/**
 * Real-name profiles: the holder and the family members this account pays for. The ID number is
 * typed once; the server keeps it encrypted and answers only its masked form, which is all this
 * page ever shows (the field is emptied after saving).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { provinceIn } from '../../format/server-text';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { errorSentence } from '../../api/errors';
import { Failure, Loading } from '../../app/status';
import { useFormat } from '../../format/use-format';
import { usePeople } from './member-data';
import './member.css';

const RELATIONS = ['self', 'spouse', 'child', 'parent'] as const;
type Relation = (typeof RELATIONS)[number];

function AddPersonForm({ hasSelf }: { hasSelf: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const phone = String(f.get('phone') ?? '').trim();
    setBusy(true);
    setResult(null);
    try {
      const p = await data(api.POST('/me/people', { body: {
        relation: String(f.get('relation')) as Relation, name: String(f.get('name') ?? ''), idNumber: String(f.get('idNumber') ?? '').trim().toUpperCase(),
        ...(phone ? { phone } : {}),
      } }));
      form.reset();
      setResult({ ok: true, text: t('member.people.added', { name: p.name, id: p.idNumber }) });
      await qc.invalidateQueries({ queryKey: ['me'] });
    } catch (err) {
      setResult({ ok: false, text: errorSentence(t, err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void send(e)} noValidate aria-labelledby="add-person">
      <h2 id="add-person">{t('member.people.add')}</h2>
      <label>{t('member.people.relation')}
        <select name="relation" defaultValue={hasSelf ? 'spouse' : 'self'}>
          {RELATIONS.map((r) => <option key={r} value={r}>{t(`member.relations.${r}`)}</option>)}
        </select>
      </label>
      <label>{t('member.people.name')}<input name="name" autoComplete="off" required maxLength={50} /></label>
      <label>{t('member.people.idNumber')}
        <input name="idNumber" autoComplete="off" required maxLength={18} inputMode="text" spellCheck={false} aria-describedby="id-hint" />
        <span id="id-hint" className="hint">{t('member.people.idHint')}</span>
      </label>
      <label>{t('member.people.phone')}
        <input name="phone" type="tel" autoComplete="tel" inputMode="numeric" maxLength={11} aria-describedby="phone-hint" />
        <span id="phone-hint" className="hint">{t('member.people.phoneHint')}</span>
      </label>
      <p role="status" aria-live="polite" className={result ? (result.ok ? 'notice-ok' : 'failure') : undefined} data-testid="person-result">{result?.text}</p>
      <div><button className="primary" type="submit" disabled={busy}>{t('member.people.save')}</button></div>
    </form>
  );
}

export default function MyPeoplePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const people = usePeople();
  if (people.error) return <Failure error={people.error} retry={() => void people.refetch()} />;
  if (!people.data) return <Loading />;
  const items = people.data.items;
  return (
    <>
      <h1>{t('member.people.title')}</h1>
      <p className="lead">{t('member.people.lead')}</p>
      <div className="grid-2">
        <section aria-labelledby="people-list">
          <h2 id="people-list">{t('member.people.list', { count: items.length })}</h2>
          {items.length === 0 && <p>{t('member.people.none')}</p>}
          <ul className="cards" data-testid="people">
            {items.map((p) => (
              <li key={p.id}>
                <h3>{p.name} <span className="tag wait">{t(`member.relations.${p.relation}`, { defaultValue: p.relation })}</span></h3>
                <dl className="facts">
                  <dt>{t('member.people.idNumber')}</dt><dd className="hex">{p.idNumber}</dd>
                  <dt>{t('member.people.birthDate')}</dt><dd>{f.day(p.birthDate)}</dd>
                  <dt>{t('member.people.province')}</dt><dd>{p.province ? provinceIn(t, p.province) : '—'}</dd>
                  <dt>{t('member.people.phoneShort')}</dt><dd>{p.phone ?? t('common.none')}</dd>
                </dl>
              </li>
            ))}
          </ul>
        </section>
        <AddPersonForm hasSelf={items.some((p) => p.relation === 'self')} />
      </div>
    </>
  );
}
