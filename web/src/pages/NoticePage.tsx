/** The current public notice: each anonymized case and where it stands (in notice, challenged, held out, shared). */
import { useTranslation } from 'react-i18next';
import { usePlan } from '../app/plan';
import { useNotices } from '../app/queries';
import { Failure, Loading } from '../app/status';
import { diseaseIn } from '../format/disease';
import { useFormat } from '../format/use-format';

type Stage = 'inNotice' | 'challenged' | 'heldOut' | 'shared';

/** Where a case stands, from its claim status and whether its notice is over. */
export function stageOf(claimStatus: string, noticeStatus: string): Stage {
  if (claimStatus === 'paid') return 'shared';
  if (claimStatus === 'challenged') return 'challenged';
  if (claimStatus === 'rejected' || noticeStatus === 'shared' || noticeStatus === 'charged') return 'heldOut';
  return 'inNotice';
}

const TAG: Record<Stage, string> = { inNotice: 'wait', challenged: 'bad', heldOut: 'bad', shared: 'ok' };

export default function NoticePage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const plan = usePlan();
  const notices = useNotices(plan.data?.id);
  if (plan.error || notices.error) return <Failure error={plan.error ?? notices.error} />;
  if (!notices.data) return <Loading />;
  const current = notices.data.items[0];
  return (
    <>
      <h1>{t('notice.title')}</h1>
      <p className="lead">{t('notice.intro')}</p>
      {!current ? <p>{t('notice.empty')}</p> : (
        <section aria-labelledby="notice-period">
          <h2 id="notice-period">{t('notice.period', { date: f.day(current.announcedOn) })}</h2>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="notice-period">
            <table data-testid="notice-cases">
              <thead><tr>
                <th scope="col">{t('notice.age')}</th><th scope="col">{t('notice.disease')}</th><th scope="col">{t('notice.severity')}</th>
                <th scope="col" className="num">{t('notice.payout')}</th><th scope="col">{t('notice.stage')}</th>
              </tr></thead>
              <tbody>
                {current.cases.map((c) => {
                  const stage = stageOf(c.status, current.status);
                  return (
                    <tr key={c.claim}>
                      <td>{c.ageAtDiagnosis === null ? t('notice.unknown') : t('notice.ageYears', { age: c.ageAtDiagnosis })}</td>
                      <td>{diseaseIn(c.disease, i18n.language)}</td>
                      <td>{t(`notice.severities.${c.severity === 'mild' ? 'mild' : 'severe'}`)}</td>
                      <td className="num">{c.payoutFen === null ? '—' : f.yuan(c.payoutFen)}</td>
                      <td><span className={`tag ${TAG[stage]}`}>{t(`notice.stages.${stage}`)}</span></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
