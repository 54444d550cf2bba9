/** The plan's rules in plain words, every number from the plan's own settings (GET /public/plans/:plan). */
import { useTranslation } from 'react-i18next';
import { usePlan, usePlanNames } from '../app/plan';
import { Failure, Loading } from '../app/status';
import { WindDownBanner } from '../app/WindDownBanner';
import { bandRange } from '../format/age-band';
import { useFormat } from '../format/use-format';

interface Rules {
  maxJoinAgeYears?: number; minJoinAgeYears?: number; minJoinAgeDays?: number; waitingPeriodDays?: number; mildPayoutFen?: number; feeBasisPoints?: number;
  annualCapFen?: number | null; timeZone?: string; transfer?: { toPlan: string; fromAge: number } | null; payoutBands?: { maxAge: number; severeFen: number }[]; cycles?: { announceDay: number; chargeDay: number }[];
  contributionWeights?: { fromAge: number; weight: number }[];
}


export default function RulesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const plan = usePlan();
  const names = usePlanNames();
  if (plan.error) return <Failure error={plan.error} />;
  if (!plan.data) return <Loading />;
  const r = plan.data.rules as Rules;
  const weights = r.contributionWeights ?? [{ fromAge: 0, weight: 1 }];
  const severe = Math.max(0, ...(r.payoutBands ?? []).map((b) => b.severeFen));
  // The zone's name in the page's language (中国标准时间), its IANA id only in English.
  const zoneName = new Intl.DateTimeFormat(f.locale, { timeZone: plan.data.timeZone, timeZoneName: 'long' }).formatToParts(new Date(0)).find((x) => x.type === 'timeZoneName')?.value ?? plan.data.timeZone;
  const zone = f.locale.startsWith('zh') ? zoneName : `${zoneName} (${plan.data.timeZone})`;
  const rate = new Intl.NumberFormat(f.locale, { style: 'percent', maximumFractionDigits: 2 }).format((r.feeBasisPoints ?? 0) / 10_000);
  return (
    <>
      <h1>{t('rules.title')}</h1>
      <p className="lead">{t('rules.intro')}</p>
      <WindDownBanner plan={plan.data.id} zone={plan.data.timeZone} />
      <h2>{t('rules.joining')}</h2>
      <ul className="plain">
        <li>{r.minJoinAgeYears ? t('rules.joinAges', { min: r.minJoinAgeYears, max: r.maxJoinAgeYears ?? 0 }) : t('rules.joinAgesDays', { days: r.minJoinAgeDays ?? 0, max: r.maxJoinAgeYears ?? 0 })}</li>
        <li>{t('rules.waiting', { days: r.waitingPeriodDays ?? 0 })}</li>
        {r.transfer && <li data-testid="rules-transfer">{t('rules.transfer', { age: r.transfer.fromAge, plan: names.data?.get(r.transfer.toPlan) ?? r.transfer.toPlan })}</li>}
      </ul>
      <h2>{t('rules.payouts')}</h2>
      <ul className="plain">
        <li>{t('rules.severe', { amount: f.yuan(severe) })}</li>
        <li>{t('rules.mild', { amount: f.yuan(r.mildPayoutFen ?? 0) })}</li>
      </ul>
      <h2>{t('rules.sharing')}</h2>
      <ul className="plain">
        <li>{t('rules.sharingText')}</li>
        {(r.cycles ?? []).map((c) => <li key={c.announceDay}>{t('rules.calendar', { announce: c.announceDay, charge: c.chargeDay })}</li>)}
        <li>{t('rules.fee', { rate })}</li>
        {r.annualCapFen != null && <li>{t('rules.cap', { amount: f.yuan(r.annualCapFen) })}</li>}
        <li>{t('rules.zone', { zone })}</li>
      </ul>
      <h2>{t('rules.weights')}</h2>
      {weights.some((b) => b.weight !== 1)
        ? (<>
          <p>{t('rules.weightsGraded')}</p>
          <ul className="plain" data-testid="weight-bands">
            {weights.map((b, i) => <li key={b.fromAge}>{t('rules.weightBand', { range: bandRange(t, weights, i), weight: b.weight })}</li>)}
          </ul>
        </>)
        : <p data-testid="weight-bands">{t('rules.weightsEqual')}</p>}
      <h2>{t('rules.challenge')}</h2>
      <p>{t('rules.challengeText')}</p>
      <h2>{t('rules.health')}</h2>
      <ul className="plain">{Object.entries(plan.data.healthQuestions).map(([k, q]) => <li key={k}>{t(`member.health.${k}`, { defaultValue: q })}</li>)}</ul>
    </>
  );
}
