/**
 * A plan's rules: every number the engine uses is a setting here, with the Xiang Hu Bao
 * defaults from shared/domain.md as presets. The projection model reads the same object,
 * so there is one source of truth for what a plan promises.
 */
import { parseWith } from './parse-with.ts';
import { z } from 'zod';
import { HuzhuError } from './errors.ts';
import { assertTimeZone } from './local-date.ts';
import type { Fen } from './money.ts';
import {
  DEFAULT_DECISION_SETTINGS, decisionSettingsFromJson, decisionSettingsJson, decisionSettingsToJson, type DecisionSettings,
} from './decision-settings.ts';
import { DEFAULT_GOVERNANCE, governanceJson, type GovernanceSettings } from './governance.ts';
import {
  checkContributionWeights, contributionWeightsJson, DEFAULT_CONTRIBUTION_WEIGHTS, type ContributionWeights,
} from './contribution-weights.ts';

export interface PayoutBand {
  /** Highest age in completed years at diagnosis that this band covers (inclusive). */
  maxAge: number;
  severeFen: Fen;
}

export interface SharingCycle {
  /** Day of month of the public announcement; the sharing members are counted at 00:00 of it. */
  announceDay: number;
  /** Day of month of the charge; if not after announceDay, it is in the following month. */
  chargeDay: number;
}

export interface PlanRules {
  preset: PresetName | 'custom';
  timeZone: string;
  /** Joining ages on the join date: at least minJoinAgeDays days and minJoinAgeYears completed years old, at most maxJoinAgeYears. */
  minJoinAgeDays: number;
  minJoinAgeYears: number;
  maxJoinAgeYears: number;
  /** Age in completed years at which a member is removed (`removed-age`) on the birthday, or null. */
  removalAgeYears: number | null;
  healthDeclarationRequired: boolean;
  /** Minimum credit score when one is given; null: no credit rule. */
  minCreditScore: number | null;
  waitingPeriodDays: number;
  /** Illness caused by an accident skips the waiting period. */
  accidentSkipsWaitingPeriod: boolean;
  /** Severe payout by age band, in ascending maxAge order; ages above the last band get nothing. */
  payoutBands: PayoutBand[];
  mildPayoutFen: Fen;
  maxMildPayouts: number;
  /** Management fee as basis points of the period's payouts (800 = 8%). */
  feeBasisPoints: bigint;
  cycles: SharingCycle[];
  /** Most a membership is billed per calendar year of the charge date; null: no annual cap. */
  annualCapFen: Fen | null;
  /** Most a member is billed per announced case in one period; null: no per-case cap. */
  perCaseCapFen: Fen | null;
  /** A failed charge is retried until this many days before the next charge date. */
  retryStopsDaysBeforeNextCharge: number;
  /** Investigation sampling, risk signals, four eyes, challenges and the jury (src/domain/decision-settings.ts). */
  decisions: DecisionSettings;
  /** How members vote on a change of these rules (src/domain/governance.ts). */
  governance: GovernanceSettings;
  /** Contributions graded by age (src/domain/contribution-weights.ts); one band of weight 1 is the equal share. */
  contributionWeights: ContributionWeights;
  /** The move to another plan (Xiang Hu Bao's elderly plan at 59) without a new declaration or waiting period; null: none (src/domain/transfer.ts). */
  transfer: TransferSetting | null;
  /** How members pay (issue 13): post-paid (billed at each charge, the default) or from a prepaid wallet (src/domain/wallet-rules.ts). */
  funding: Funding;
}

export type Funding =
  | { mode: 'post-paid' }
  | { mode: 'prepaid'; joinDepositFen: Fen; lowBalanceFen: Fen; maxBalanceFen: Fen };

export const POST_PAID: Funding = { mode: 'post-paid' };

export interface TransferSetting {
  /** The plan a member moves to. */
  toPlan: string;
  /** Completed years, on the local date of the move in this plan's zone, from which a member may move. */
  fromAge: number;
}

export type PresetName = 'critical-illness' | 'elderly-cancer';

const XHB_CYCLES: SharingCycle[] = [
  { announceDay: 7, chargeDay: 14 },
  { announceDay: 21, chargeDay: 28 },
];

/** Xiang Hu Bao critical-illness plan, 2019-2020 (shared/domain.md). */
export const CRITICAL_ILLNESS: PlanRules = {
  preset: 'critical-illness',
  timeZone: 'Asia/Shanghai',
  minJoinAgeDays: 30,
  minJoinAgeYears: 0,
  maxJoinAgeYears: 59,
  removalAgeYears: 60,
  healthDeclarationRequired: true,
  minCreditScore: 650,
  waitingPeriodDays: 90,
  accidentSkipsWaitingPeriod: true,
  payoutBands: [
    { maxAge: 39, severeFen: 30_000_000n }, // 300,000 yuan
    { maxAge: 59, severeFen: 10_000_000n }, // 100,000 yuan
  ],
  mildPayoutFen: 5_000_000n, // 50,000 yuan
  maxMildPayouts: 1,
  feeBasisPoints: 800n,
  cycles: XHB_CYCLES,
  annualCapFen: 18_800n, // 188 yuan (Ant's 2019 promise)
  perCaseCapFen: null,
  retryStopsDaysBeforeNextCharge: 2,
  decisions: DEFAULT_DECISION_SETTINGS,
  governance: DEFAULT_GOVERNANCE,
  contributionWeights: DEFAULT_CONTRIBUTION_WEIGHTS,
  transfer: null,
  funding: POST_PAID,
};

/**
 * Xiang Hu Bao elderly cancer plan (2019-05): join at 60-70, 50,000 / 100,000 yuan, each member
 * pays at most 1 yuan per case, no annual cap. The source gives no removal age; we remove at 80,
 * a setting the operator can change.
 */
export const ELDERLY_CANCER: PlanRules = {
  ...CRITICAL_ILLNESS,
  preset: 'elderly-cancer',
  minJoinAgeDays: 0,
  minJoinAgeYears: 60,
  maxJoinAgeYears: 70,
  removalAgeYears: 80,
  healthDeclarationRequired: false, // chronic illness allowed
  payoutBands: [{ maxAge: 200, severeFen: 10_000_000n }],
  mildPayoutFen: 5_000_000n,
  annualCapFen: null,
  perCaseCapFen: 100n,
};

export const PRESETS: Record<PresetName, PlanRules> = {
  'critical-illness': CRITICAL_ILLNESS,
  'elderly-cancer': ELDERLY_CANCER,
};

// ---- JSON form (stored in plans.rules, published, and given in scenario files) -------------

const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const planRulesJson = z.object({
  preset: z.enum(['critical-illness', 'elderly-cancer', 'custom']),
  timeZone: z.string().min(1),
  minJoinAgeDays: z.number().int().min(0).max(200 * 366),
  minJoinAgeYears: z.number().int().min(0).max(200),
  maxJoinAgeYears: z.number().int().min(0).max(200),
  removalAgeYears: z.number().int().min(1).max(200).nullable(),
  healthDeclarationRequired: z.boolean(),
  minCreditScore: z.number().int().min(0).max(1000).nullable(),
  waitingPeriodDays: z.number().int().min(0).max(3650),
  accidentSkipsWaitingPeriod: z.boolean(),
  payoutBands: z.array(z.object({ maxAge: z.number().int().min(0).max(200), severeFen: fen })).min(1),
  mildPayoutFen: fen,
  maxMildPayouts: z.number().int().min(0).max(100),
  feeBasisPoints: z.number().int().min(0).max(10_000),
  cycles: z.array(z.object({ announceDay: z.number().int().min(1).max(28), chargeDay: z.number().int().min(1).max(28) })).min(1),
  annualCapFen: fen.nullable(),
  perCaseCapFen: fen.nullable(),
  retryStopsDaysBeforeNextCharge: z.number().int().min(0).max(27),
  /** Absent in plans stored before the jury existed: the defaults apply. */
  decisions: decisionSettingsJson.optional(),
  /** Absent in plans stored before member votes existed: the defaults apply. */
  governance: governanceJson.optional(),
  /** Absent in plans stored before graded contributions existed: equal shares (one band, weight 1). */
  contributionWeights: contributionWeightsJson.optional(),
  /** Absent or null: no move to another plan. */
  transfer: z.object({
    toPlan: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a plan id: lower-case letters, digits and dashes'),
    fromAge: z.number().int().min(0).max(200),
  }).strict().nullable().optional(),
  /** Absent: post-paid, as every plan before issue 13. */
  funding: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('post-paid') }).strict(),
    z.object({ mode: z.literal('prepaid'), joinDepositFen: fen, lowBalanceFen: fen, maxBalanceFen: fen.min(1) }).strict(),
  ]).optional(),
}).strict();

/** Every setting's name, in the schema's order (the proposable settings are these minus governance.ts's exclusions). */
export const PLAN_RULE_KEYS: readonly string[] = Object.keys(planRulesJson.shape);

export type PlanRulesJson = z.infer<typeof planRulesJson>;

export function rulesToJson(all: PlanRules): PlanRulesJson {
  const { transfer, funding, ...r } = all;
  return {
    ...r,
    payoutBands: r.payoutBands.map((b) => ({ maxAge: b.maxAge, severeFen: Number(b.severeFen) })),
    mildPayoutFen: Number(r.mildPayoutFen),
    feeBasisPoints: Number(r.feeBasisPoints),
    annualCapFen: r.annualCapFen === null ? null : Number(r.annualCapFen),
    perCaseCapFen: r.perCaseCapFen === null ? null : Number(r.perCaseCapFen),
    decisions: decisionSettingsToJson(r.decisions),
    governance: { ...r.governance },
    contributionWeights: r.contributionWeights.map((b) => ({ fromAge: b.fromAge, weight: b.weight })),
    // Left out when there is none, so the rules of plans without one read (and hash) as before.
    ...(transfer ? { transfer: { ...transfer } } : {}),
    // Likewise left out when post-paid (the default), so existing plans' rules hash as before.
    ...(funding.mode === 'prepaid' ? { funding: {
      mode: 'prepaid' as const, joinDepositFen: Number(funding.joinDepositFen), lowBalanceFen: Number(funding.lowBalanceFen), maxBalanceFen: Number(funding.maxBalanceFen),
    } } : {}),
  };
}

export function rulesFromJson(value: unknown, field = 'rules'): PlanRules {
  const j = parseWith(planRulesJson, value, field);
  assertTimeZone(j.timeZone, `${field}.timeZone`);
  for (let i = 1; i < j.payoutBands.length; i++) {
    if (j.payoutBands[i]!.maxAge <= j.payoutBands[i - 1]!.maxAge) {
      throw new HuzhuError('VALIDATION', `${field}.payoutBands: bands must be in ascending maxAge order`, { field: `${field}.payoutBands` });
    }
  }
  const days = j.cycles.map((c) => c.announceDay);
  if (new Set(days).size !== days.length) {
    throw new HuzhuError('VALIDATION', `${field}.cycles: two cycles announce on the same day`, { field: `${field}.cycles` });
  }
  return {
    ...j,
    payoutBands: j.payoutBands.map((b) => ({ maxAge: b.maxAge, severeFen: BigInt(b.severeFen) })),
    mildPayoutFen: BigInt(j.mildPayoutFen),
    feeBasisPoints: BigInt(j.feeBasisPoints),
    annualCapFen: j.annualCapFen === null ? null : BigInt(j.annualCapFen),
    perCaseCapFen: j.perCaseCapFen === null ? null : BigInt(j.perCaseCapFen),
    cycles: [...j.cycles].sort((a, b) => a.announceDay - b.announceDay),
    decisions: j.decisions === undefined ? DEFAULT_DECISION_SETTINGS : decisionSettingsFromJson(j.decisions, `${field}.decisions`),
    governance: j.governance ?? DEFAULT_GOVERNANCE,
    contributionWeights: j.contributionWeights === undefined
      ? DEFAULT_CONTRIBUTION_WEIGHTS
      : checkContributionWeights(j.contributionWeights.map((b) => ({ fromAge: b.fromAge, weight: b.weight })), `${field}.contributionWeights`),
    transfer: j.transfer ? { toPlan: j.transfer.toPlan, fromAge: j.transfer.fromAge } : null,
    funding: fundingFromJson(j.funding, `${field}.funding`),
  };
}

function fundingFromJson(f: PlanRulesJson['funding'], field: string): Funding {
  if (!f || f.mode === 'post-paid') return POST_PAID;
  // A deposit above the most a wallet may hold could never be met: nobody could join.
  if (f.joinDepositFen > f.maxBalanceFen) {
    throw new HuzhuError('VALIDATION', `${field}.joinDepositFen: ${f.joinDepositFen} is above maxBalanceFen ${f.maxBalanceFen}`, { field: `${field}.joinDepositFen` });
  }
  if (f.lowBalanceFen > f.maxBalanceFen) {
    throw new HuzhuError('VALIDATION', `${field}.lowBalanceFen: ${f.lowBalanceFen} is above maxBalanceFen ${f.maxBalanceFen}`, { field: `${field}.lowBalanceFen` });
  }
  return { mode: 'prepaid', joinDepositFen: BigInt(f.joinDepositFen), lowBalanceFen: BigInt(f.lowBalanceFen), maxBalanceFen: BigInt(f.maxBalanceFen) };
}

/** A preset, with any settings overridden (as given in a scenario or by an operator). */
export function rulesFor(preset: PresetName, overrides: Partial<PlanRulesJson> = {}): PlanRules {
  const base = PRESETS[preset];
  if (!base) throw new HuzhuError('VALIDATION', `preset: unknown preset "${String(preset)}"`, { field: 'preset' });
  return rulesFromJson({ ...rulesToJson(base), ...overrides, preset: Object.keys(overrides).length ? 'custom' : preset });
}
