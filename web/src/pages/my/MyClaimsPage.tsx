/** My family's claims, and filing a new one (the automatic checks answer at once, as a sentence). */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, data, type paths } from '../../api/client';
import { errorSentence } from '../../api/errors';
import { usePlan } from '../../app/plan';
import { Failure, Loading } from '../../app/status';
import { diseaseIn } from '../../format/disease';
import { useFormat } from '../../format/use-format';
import { useMemberships, useMyClaims } from './member-data';
import './member.css';

type DiseaseCode = paths['/me/claims']['post']['requestBody']['content']['application/json']['diseaseCode'];

function FileClaimForm() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const plan = usePlan();
  const memberships = useMemberships();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!plan.data || !memberships.data) return <Loading />;
  const p = plan.data;
  // A membership the wind-down closed still claims for an illness diagnosed by the cut-off (issue 13; the server checks the dates).
  const active = memberships.data.items.filter((m) => (m.status === 'active' || m.status === 'closed') && m.plan === p.id && m.person);
  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const claim = await data(api.POST('/me/claims', { body: {
        plan: p.id, person: Number(f.get('person')), diagnosedOn: String(f.get('diagnosedOn') ?? ''),
        severity: f.get('severity') === 'mild' ? 'mild' : 'severe', cause: f.get('cause') === 'accident' ? 'accident' : 'illness',
        diseaseCode: String(f.get('diseaseCode')) as DiseaseCode,
      } }));
      await qc.invalidateQueries({ queryKey: ['me', 'claims'] });
      void navigate(`/my/claims/${encodeURIComponent(claim.ref)}`);
    } catch (err) {
      setError(errorSentence(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void send(e)} noValidate aria-labelledby="file-claim">
      <h2 id="file-claim">{t('member.claims.file')}</h2>
      {active.length === 0 ? <p>{t('member.claims.noMembers')}</p> : (
        <>
          <label>{t('member.claims.person')}
            <select name="person">{active.map((m) => <option key={m.id} value={m.person!.id}>{m.person!.name}</option>)}</select>
          </label>
          <label>{t('member.claims.diagnosedOn')}<input name="diagnosedOn" type="date" required /></label>
          <label>{t('member.claims.disease')}
            <select name="diseaseCode">{Object.entries(p.diseases).map(([code, name]) => <option key={code} value={code}>{diseaseIn(name, i18n.language)}</option>)}</select>
          </label>
          <fieldset>
            <legend>{t('member.claims.severity')}</legend>
            <div className="choices">
              <label><input type="radio" name="severity" value="severe" defaultChecked />{t('notice.severities.severe')}</label>
              <label><input type="radio" name="severity" value="mild" />{t('notice.severities.mild')}</label>
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('member.claims.cause')}</legend>
            <div className="choices">
              <label><input type="radio" name="cause" value="illness" defaultChecked />{t('member.claims.causes.illness')}</label>
              <label><input type="radio" name="cause" value="accident" />{t('member.claims.causes.accident')}</label>
            </div>
          </fieldset>
          <p className="hint">{t('member.claims.evidenceNext')}</p>
          {error && <p className="failure" role="alert">{error}</p>}
          <div><button className="primary" type="submit" disabled={busy}>{t('member.claims.submit')}</button></div>
        </>
      )}
    </form>
  );
}

export default function MyClaimsPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const claims = useMyClaims();
  if (claims.error) return <Failure error={claims.error} retry={() => void claims.refetch()} />;
  if (!claims.data) return <Loading />;
  return (
    <>
      <h1>{t('member.claims.title')}</h1>
      <p className="lead">{t('member.claims.lead')}</p>
      <div className="grid-2">
        <section aria-labelledby="claims-list">
          <h2 id="claims-list">{t('member.claims.list')}</h2>
          {claims.data.items.length === 0 && <p>{t('member.claims.none')}</p>}
          <ul className="cards" data-testid="claims">
            {claims.data.items.map((c) => (
              <li key={c.ref}>
                <h3><Link to={`/my/claims/${encodeURIComponent(c.ref)}`}>{diseaseIn(c.disease, i18n.language)} · {c.person ?? ''}</Link></h3>
                <dl className="facts">
                  <dt>{t('member.claims.status')}</dt><dd><span className="tag">{t(`member.claimStatus.${c.status}`, { defaultValue: c.status })}</span></dd>
                  <dt>{t('member.claims.filedAt')}</dt><dd>{f.instant(c.filedAt)}</dd>
                  {c.payoutFen !== null && <><dt>{t('member.claims.payout')}</dt><dd>{f.yuan(c.payoutFen)}</dd></>}
                </dl>
              </li>
            ))}
          </ul>
        </section>
        <FileClaimForm />
      </div>
    </>
  );
}
