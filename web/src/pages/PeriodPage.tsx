/**
 * One period's funding notice: the arithmetic spelled out from the published integers
 * (payouts + fee - surplus carried in, divided by the sharing members, or by W, their weight
 * units, when contributions are graded by age; rounded up to the fen; the cap and the operator's
 * subsidy where it bound; the surplus carried on), the members per weight band, then its cases.
 */
import { useQuery } from '@tanstack/react-query';
import { provinceIn } from '../format/server-text';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, data } from '../api/client';
import { usePlan } from '../app/plan';
import { Failure, Loading } from '../app/status';
import { bandRange } from '../format/age-band';
import { diseaseIn } from '../format/disease';
import { useFormat } from '../format/use-format';
import { usePublicWindDown } from '../app/WindDownBanner';
import { isOperatorFunded } from '../format/wind-down';
import { FundedArithmetic } from './FundedArithmetic';

/** The per-member share before any cap: the amount to share divided by the members, rounded up to the fen (BigInt). */
export function rawShareFen(toShareFen: bigint, members: bigint): bigint {
  if (members <= 0n || toShareFen <= 0n) return 0n;
  return (toShareFen + members - 1n) / members;
}

export default function PeriodPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const { announcedOn = '' } = useParams();
  const plan = usePlan();
  const id = plan.data?.id;
  const period = useQuery({
    queryKey: ['period', id, announcedOn], enabled: !!id,
    queryFn: () => data(api.GET('/public/plans/{plan}/periods/{announcedOn}', { params: { path: { plan: id!, announcedOn } } })),
  });
  const cases = useQuery({
    queryKey: ['period-cases', id, announcedOn], enabled: !!id,
    queryFn: () => data(api.GET('/public/plans/{plan}/periods/{announcedOn}/cases', { params: { path: { plan: id!, announcedOn }, query: { limit: 100, offset: 0 } } })),
  });
  const startedAt = usePublicWindDown(id).data?.windDown?.startedAt;
  if (plan.error || period.error) return <Failure error={plan.error ?? period.error} />;
  if (!period.data || !plan.data) return <Loading />;
  const p = period.data;
  const toShare = BigInt(p.payoutFen) + BigInt(p.feeFen) - BigInt(p.carriedInFen);
  const graded = p.weightBands.some((b) => b.weight !== 1);
  const raw = rawShareFen(toShare, BigInt(graded ? p.weightTotal : p.sharingMembers));
  const capBound = BigInt(p.operatorSubsidyFen) > 0n;
  const bp = Number(plan.data.rules.feeBasisPoints ?? 0);
  const rate = new Intl.NumberFormat(f.locale, { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10_000);
  return (
    <>
      <h1>{t('period.title', { date: f.day(p.announcedOn) })}</h1>
      <p className="lead">{t('period.charged', { date: f.day(p.chargedOn) })}</p>
      {isOperatorFunded(p.chargedOn, startedAt, plan.data.timeZone) ? <FundedArithmetic p={p} /> : (<>
      <h2>{t('period.arithmetic')}</h2>
      <table className="sum" data-testid="arithmetic">
        <tbody>
          <tr><td>{t('period.payouts')}</td><td>{f.yuan(p.payoutFen)}</td></tr>
          <tr><td>{t('period.fee', { rate })}</td><td>+ {f.yuan(p.feeFen)}</td></tr>
          <tr><td>{t('period.carriedIn')}</td><td>− {f.yuan(p.carriedInFen)}</td></tr>
          <tr className="total"><td>{t('period.toShare')}</td><td>{f.yuan(toShare)}</td></tr>
          {graded
            ? <tr><td>{t('period.unitsDivide')}</td><td>÷ {f.count(p.weightTotal)}</td></tr>
            : <tr><td>{t('period.members')}</td><td>÷ {f.count(p.sharingMembers)}</td></tr>}
          <tr className="total"><td>{t(graded ? 'period.perUnit' : 'period.rawShare')}</td><td data-testid="period-share">{f.yuan(raw)}</td></tr>
          {capBound && <tr><td>{t('period.subsidy')}</td><td>{f.yuan(p.operatorSubsidyFen)}</td></tr>}
          <tr><td>{t('period.billed')}</td><td>{f.yuan(p.billedFen)}</td></tr>
          <tr><td>{t('period.surplusOut')}</td><td>{f.yuan(p.surplusOutFen)}</td></tr>
        </tbody>
      </table>
      <p className="formula">{graded
        ? t('period.formulaGraded', { payouts: f.yuan(p.payoutFen), fee: f.yuan(p.feeFen), carriedIn: f.yuan(p.carriedInFen), units: f.count(p.weightTotal), share: f.yuan(p.shareFen) })
        : t('period.formula', { payouts: f.yuan(p.payoutFen), fee: f.yuan(p.feeFen), carriedIn: f.yuan(p.carriedInFen), members: f.count(p.sharingMembers), share: f.yuan(p.shareFen) })}</p>
      <WeightBandsTable bands={p.weightBands} shareFen={p.shareFen} />
      <p data-testid="weight-total">{t('period.weightTotal', { units: f.count(p.weightTotal), members: f.count(p.sharingMembers) })}</p>
      {capBound && <p>{t('period.capBound', { cap: f.yuan(p.shareFen), subsidy: f.yuan(p.operatorSubsidyFen) })}</p>}
      </>)}
      <p><Link to="/verify">{t('period.verify')}</Link></p>
      <h2 id="period-cases">{t('period.cases')}</h2>
      {cases.data && <CasesTable items={cases.data.items} />}
    </>
  );
}

interface Band { fromAge: number; weight: number; members: number }

/** Members per contribution band and what each pays at this period's share per weight unit. */
function WeightBandsTable({ bands, shareFen }: { bands: Band[]; shareFen: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <h2 id="period-bands">{t('period.bands')}</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="period-bands">
        <table data-testid="weight-bands">
          <thead><tr>
            <th scope="col">{t('period.band')}</th><th scope="col" className="num">{t('period.weight')}</th>
            <th scope="col" className="num">{t('period.bandMembers')}</th><th scope="col" className="num">{t('period.bandPays')}</th>
          </tr></thead>
          <tbody>
            {bands.map((b, i) => (
              <tr key={b.fromAge}>
                <td>{bandRange(t, bands, i)}</td><td className="num">{b.weight}</td><td className="num">{f.count(b.members)}</td>
                <td className="num">{f.yuan(BigInt(shareFen) * BigInt(b.weight))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

interface PublicCase { name: string; age: number | null; province: string | null; disease: string; payoutFen: number }

/** The period's cases as published (anonymized). */
function CasesTable({ items }: { items: PublicCase[] }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="period-cases">
      <table>
        <thead><tr>
          <th scope="col">{t('notice.name')}</th><th scope="col">{t('notice.age')}</th><th scope="col">{t('notice.province')}</th>
          <th scope="col">{t('notice.disease')}</th><th scope="col" className="num">{t('notice.payout')}</th>
        </tr></thead>
        <tbody>
          {items.map((c, i) => (
            <tr key={i}>
              <td>{c.name}</td><td>{c.age === null ? t('notice.unknown') : t('notice.ageYears', { age: c.age })}</td>
              <td>{c.province ? provinceIn(t, c.province) : t('notice.unknown')}</td><td>{diseaseIn(c.disease, i18n.language)}</td><td className="num">{f.yuan(c.payoutFen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
