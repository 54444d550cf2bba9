/**
 * The settings of issue 6 (investigation sampling, risk signals, four eyes, challenges and the
 * jury), with defaults taken from what Xiang Hu Bao and Kleros actually ran (shared/domain.md).
 * They are part of a plan's rules (`PlanRules.decisions`, src/domain/plan-rules.ts), and live in
 * the domain so that investigation, challenges and the jury all read them from below.
 *
 * Durations are whole minutes, hours or days so that the stored JSON stays integer-only
 * (the transparency log's canonical JSON refuses floats).
 */
import { parseWith } from './parse-with.ts';
import { z } from 'zod';
import { HuzhuError } from './errors.ts';
import type { Fen } from './money.ts';

export type JuryMode = 'open' | 'panel';

export interface SamplingSettings {
  /** Claims whose payout is strictly above this are always investigated on site. */
  alwaysAboveFen: Fen;
  /** Share of the remaining claims drawn at random, in basis points (2000 = 20%; 10000 = every claim, as Xiang Hu Bao did). */
  randomShareBasisPoints: number;
}

export interface RiskSignalSettings {
  /** A diagnosis fewer than this many days after the waiting period ends is a signal. */
  soonAfterWaitingDays: number;
  /** Look-back window for counting claims filed by one payer account. */
  payerWindowDays: number;
  /** A signal when the payer account filed at least this many claims (this one included) in the window. */
  payerClaimsAtLeast: number;
  /** A signal when the hospital's diagnosis date is fewer than this many days after joining. */
  joinedBeforeDiagnosisDays: number;
}

export interface InvestigationSettings {
  sampling: SamplingSettings;
  riskSignals: RiskSignalSettings;
  /** Shortest written reason (in characters, i.e. code points) for a final decision. */
  minDecisionReasonChars: number;
}

export interface ChallengeSettings {
  /** Days after a decision (rejection of a claim, dismissal of a challenge) in which the losing member may appeal to the jury. */
  appealDays: number;
  minReasonChars: number;
  /** Evidence documents a challenge must carry (the issue: "with a reason and evidence"). */
  minEvidence: number;
}

export interface LateVoteSettings {
  /** A vote this close to the end ... */
  lastMinutes: number;
  /** ... moves the end this much later ... */
  extensionMinutes: number;
  /** ... but never more than this beyond the planned end. */
  maxExtensionMinutes: number;
  /**
   * `any`: every vote in the last minutes extends (the rule). `swing`: only a vote that
   * changes the side in the lead does (Nexus Mutual's variant), which keeps very busy open votes
   * from always running to the cap.
   */
  trigger: 'any' | 'swing';
}

export interface JurySettings {
  mode: JuryMode;
  minAgeYears: number;
  minTenureDays: number;
  /** A juror who was drawn and did not vote this many times is no longer eligible. */
  maxMisses: number;
  quiz: {
    /** The bank a juror must have passed; changing the bank (new rules) asks every juror to requalify. */
    bankId: string;
    /** Correct answers needed out of the bank's questions. */
    passMark: number;
  };
  open: { quorum: number; durationHours: number };
  panel: {
    size: number;
    /** Round 0 plus appeals; the last round's ruling is final. */
    maxRounds: number;
    commitHours: number;
    revealHours: number;
    /** Days after a round's result in which the losing member may appeal to a larger panel. */
    roundAppealDays: number;
    minJustificationChars: number;
  };
  lateVote: LateVoteSettings;
}

export interface DecisionSettings {
  investigation: InvestigationSettings;
  challenges: ChallengeSettings;
  jury: JurySettings;
}

export const DEFAULT_INVESTIGATION: InvestigationSettings = {
  sampling: {
    alwaysAboveFen: 10_000_000n, // above 100,000 yuan: every 300,000-yuan claim
    randomShareBasisPoints: 2_000,
  },
  riskSignals: {
    soonAfterWaitingDays: 30,
    payerWindowDays: 365,
    payerClaimsAtLeast: 2,
    joinedBeforeDiagnosisDays: 180,
  },
  minDecisionReasonChars: 10,
};

export const DEFAULT_CHALLENGES: ChallengeSettings = {
  appealDays: 30,
  minReasonChars: 10,
  minEvidence: 1,
};

/** Xiang Hu Bao's 赔审团 for the open mode; Kleros' defaults (11 jurors, 2n+1 appeals) for the panel. */
export const DEFAULT_JURY: JurySettings = {
  mode: 'open',
  minAgeYears: 18,
  minTenureDays: 30,
  maxMisses: 3,
  quiz: { bankId: 'huzhu-critical-illness-v1', passMark: 12 }, // 12 of the default bank's 14 questions
  open: { quorum: 1_000, durationHours: 24 },
  panel: { size: 11, maxRounds: 3, commitHours: 48, revealHours: 24, roundAppealDays: 7, minJustificationChars: 10 },
  lateVote: { lastMinutes: 60, extensionMinutes: 60, maxExtensionMinutes: 24 * 60, trigger: 'any' },
};

export const DEFAULT_DECISION_SETTINGS: DecisionSettings = {
  investigation: DEFAULT_INVESTIGATION,
  challenges: DEFAULT_CHALLENGES,
  jury: DEFAULT_JURY,
};

// ---- JSON form ------------------------------------------------------------------------------

const count = (max: number) => z.number().int().min(0).max(max);
const positive = (max: number) => z.number().int().min(1).max(max);

export const decisionSettingsJson = z.object({
  investigation: z.object({
    sampling: z.object({
      alwaysAboveFen: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
      randomShareBasisPoints: count(10_000),
    }).strict(),
    riskSignals: z.object({
      soonAfterWaitingDays: count(3650),
      payerWindowDays: positive(3650),
      payerClaimsAtLeast: positive(1000),
      joinedBeforeDiagnosisDays: count(3650),
    }).strict(),
    minDecisionReasonChars: positive(10_000),
  }).strict(),
  challenges: z.object({
    appealDays: positive(365),
    minReasonChars: positive(10_000),
    minEvidence: count(100),
  }).strict(),
  jury: z.object({
    mode: z.enum(['open', 'panel']),
    minAgeYears: count(200),
    minTenureDays: count(3650),
    maxMisses: positive(1000),
    quiz: z.object({ bankId: z.string().min(1).max(200), passMark: positive(1000) }).strict(),
    open: z.object({ quorum: positive(100_000_000), durationHours: positive(24 * 30) }).strict(),
    panel: z.object({
      size: positive(10_001).refine((n) => n % 2 === 1, 'panel size must be odd, so a full panel cannot tie'),
      maxRounds: positive(10),
      commitHours: positive(24 * 30),
      revealHours: positive(24 * 30),
      roundAppealDays: positive(365),
      minJustificationChars: positive(10_000),
    }).strict(),
    lateVote: z.object({
      lastMinutes: count(24 * 60),
      extensionMinutes: count(24 * 60),
      maxExtensionMinutes: count(7 * 24 * 60),
      trigger: z.enum(['any', 'swing']),
    }).strict(),
  }).strict(),
}).strict();

export type DecisionSettingsJson = z.infer<typeof decisionSettingsJson>;

export function decisionSettingsToJson(s: DecisionSettings): DecisionSettingsJson {
  return {
    ...s,
    investigation: {
      ...s.investigation,
      sampling: { ...s.investigation.sampling, alwaysAboveFen: Number(s.investigation.sampling.alwaysAboveFen) },
    },
  };
}

export function decisionSettingsFromJson(value: unknown, field = 'rules'): DecisionSettings {
  const j = parseWith(decisionSettingsJson, value, field);
  return {
    ...j,
    investigation: { ...j.investigation, sampling: { ...j.investigation.sampling, alwaysAboveFen: BigInt(j.investigation.sampling.alwaysAboveFen) } },
  };
}
