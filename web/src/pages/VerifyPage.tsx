/**
 * "Verify in your browser": runs verify/verify-log.ts on the log and on every period the pages
 * show, lists what was checked, and remembers the checkpoint for the next visit's consistency check.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlan } from '../app/plan';
import { usePeriods } from '../app/queries';
import { Failure, Loading } from '../app/status';
import { fetchLog } from '../verify/log';
import { readSeen, rememberSeen, verifyLog, type CheckResult } from '../verify/verify-log';

type State = { phase: 'idle' } | { phase: 'running' } | { phase: 'done'; ok: boolean; checks: CheckResult[] } | { phase: 'error'; reason: string };

export default function VerifyPage() {
  const { t } = useTranslation();
  const plan = usePlan();
  const periods = usePeriods(plan.data?.id, 100);
  const [state, setState] = useState<State>({ phase: 'idle' });
  if (plan.error || periods.error) return <Failure error={plan.error ?? periods.error} />;
  if (!periods.data) return <Loading />;
  const shown = periods.data.items;
  const run = async () => {
    setState({ phase: 'running' });
    try {
      const result = verifyLog(await fetchLog(), shown, readSeen());
      if (result.now) rememberSeen(result.now);
      setState({ phase: 'done', ok: result.ok, checks: result.checks });
    } catch (e) {
      setState({ phase: 'error', reason: e instanceof Error ? e.message : String(e) });
    }
  };
  const failed = (state.phase === 'done' && !state.ok) || state.phase === 'error';
  const badge = state.phase === 'done' && state.ok ? 'ok' : failed ? 'bad' : 'idle';
  const badgeText = badge === 'ok' ? t('verify.ok') : failed ? t('verify.fail') : state.phase === 'running' ? t('verify.running') : t('verify.notRun');
  return (
    <>
      <h1>{t('verify.title')}</h1>
      <p className="lead">{t('verify.intro')}</p>
      <p>
        <span className={`badge ${badge}`} data-testid="verify-badge" data-state={badge} role="status" aria-live="polite">
          <span aria-hidden="true">{badge === 'ok' ? '✔' : failed ? '✖' : '○'}</span> {t('verify.badge')}: {badgeText}
        </span>
      </p>
      <p><button className="primary" type="button" onClick={() => void run()} disabled={state.phase === 'running'}>{t('verify.run')}</button></p>
      {state.phase === 'error' && <p className="failure" role="alert">{t('verify.failures.network', { reason: state.reason })}</p>}
      {state.phase === 'done' && (
        <section aria-labelledby="checked">
          <h2 id="checked">{t('verify.what')}</h2>
          <ul className="checks" data-testid="verify-checks">
            {state.checks.map((c) => (
              <li key={c.title} data-ok={c.ok}>
                <strong><span className={`tag ${c.ok ? 'ok' : 'bad'}`}>{c.ok ? t('verify.ok') : t('verify.fail')}</span> {t(c.title)}</strong>
                {t(c.detail, c.values)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
