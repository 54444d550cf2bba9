/**
 * The demo plan's rules: Xiang Hu Bao's critical-illness preset with payouts scaled 1:1000 (so a
 * few hundred members share a few cases a month at about the per-case share the real plan's
 * 100 million members saw) and a jury a few hundred members can actually convene.
 */
import { rulesFor, type PlanRulesJson } from './plan-rules.ts';
import { DEFAULT_DECISION_SETTINGS, decisionSettingsToJson } from './decision-settings.ts';

export const DEMO_PLAN = 'xhb-demo';

/**
 * The elderly plan the demo plan's members move to from 59 (Xiang Hu Bao's elderly cancer plan,
 * payouts scaled 1:1000 as the demo plan's are), so the move is there to try. Its id sorts after
 * the demo plan's, which stays the first public plan (the pages show the first).
 */
export const DEMO_ELDERLY_PLAN = 'xhb-elderly';
export const DEMO_TRANSFER_AGE = 59;

/**
 * Xiang Hu Bao needed 1,000 valid votes of ~900,000 jurors; the demo has ~300 members, a few
 * dozen of them jurors. Five votes make a verdict, so the seeded jurors and one person trying
 * the demo can reach it; the vote still runs 24 hours (the demo clock moves past it).
 */
export const DEMO_JURY_QUORUM = 5;

const decisions = decisionSettingsToJson(DEFAULT_DECISION_SETTINGS);

export const DEMO_PLAN_OVERRIDES: Partial<PlanRulesJson> = {
  payoutBands: [{ maxAge: 39, severeFen: 30_000 }, { maxAge: 59, severeFen: 10_000 }],
  mildPayoutFen: 5_000,
  decisions: { ...decisions, jury: { ...decisions.jury, open: { ...decisions.jury.open, quorum: DEMO_JURY_QUORUM } } },
  transfer: { toPlan: DEMO_ELDERLY_PLAN, fromAge: DEMO_TRANSFER_AGE },
};

/** The elderly plan's rules: the elderly-cancer preset, payouts scaled 1:1000, the demo's jury. */
export const DEMO_ELDERLY_OVERRIDES: Partial<PlanRulesJson> = {
  payoutBands: [{ maxAge: 200, severeFen: 10_000 }],
  mildPayoutFen: 5_000,
  decisions: DEMO_PLAN_OVERRIDES.decisions!,
};

/**
 * A second, small demo plan whose jury is a drawn panel (Kleros' mode: commit a hidden vote with
 * its justification, then reveal it), so the demo shows panel duty as well as the open vote. Its
 * id sorts after the demo plan's. The panel is 3 of exactly 3 seeded jurors, the demo member one
 * of them, so the (verifiable, seeded) draw always seats the demo member.
 */
export const DEMO_PANEL_PLAN = 'xhb-panel';
export const DEMO_PANEL_SIZE = 3;

export const DEMO_PANEL_OVERRIDES: Partial<PlanRulesJson> = {
  payoutBands: DEMO_PLAN_OVERRIDES.payoutBands!,
  mildPayoutFen: 5_000,
  decisions: { ...decisions, jury: { ...decisions.jury, mode: 'panel', panel: { ...decisions.jury.panel, size: DEMO_PANEL_SIZE } } },
};

/** The demo plan's rules, as createPlan makes them (for tests and the quiz). */
export const demoRules = () => rulesFor('critical-illness', DEMO_PLAN_OVERRIDES);
