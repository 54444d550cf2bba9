/**
 * Every type of entry the engine appends to the transparency log, in one list. Each is written by
 * exactly one function in this folder (engine-entries.ts, jury-entries.ts, membership-entries.ts, wallet-entries.ts, wind-down-entries.ts), handed the facts it
 * records, and documented in docs/transparency.md; entry-types.test.ts keeps the three in step.
 *
 * Every entry is canonical JSON with a `type` and a version `v`; money is integer fen; people
 * appear only as claim refs and pseudonyms, never names or ID numbers. A period is named
 * `<plan>/<announcement date>` in every entry about it.
 */
import { PERIOD_CHARGES_ENTRY_TYPE } from '../core/proof-bundle.ts';

export const ENTRY_TYPES = {
  /** a plan's rules, logged at creation and at every change */
  planRules: 'plan.rules',
  /** a rule change by member vote: proposed, opened (eligible count), and its result (tally; when passed, the new rules and from when) */
  planProposal: 'plan.proposal',
  /** approval or rejection: code, reason, payout, and the anonymized facts the payout follows from */
  claimDecision: 'claim.decision',
  /** a challenge to an announced claim: filed, dismissed, upheld or appealed */
  claimChallenge: 'claim.challenge',
  /** a member qualified as a juror: pseudonym, quiz bank, time */
  juryJuror: 'jury.juror',
  /** an appeal opened: claim, kind (claim-rejected / challenge-dismissed), mode */
  juryCase: 'jury.case',
  /** a panel drawn: seed record, juror-list digest, exclusions, the panel */
  juryDraw: 'jury.draw',
  /** a round closed: tally, ruling, and in panel mode a digest of the justifications */
  juryRound: 'jury.round',
  /** the final ruling: draw seed, tallies, ruling and its effect on the claim */
  juryResult: 'jury.result',
  /** the public notice on the announcement day: the anonymized cases open to challenge */
  noticePublished: 'notice.published',
  /** the period as shared at the charge date: cases, payouts, members, fee, share, surplus, subsidy, billed */
  periodAnnounced: 'period.announced',
  /** the root of the period's charge tree (a commitment to every bill; its format is in core/proof-bundle.ts) */
  periodCharges: PERIOD_CHARGES_ENTRY_TYPE,
  /** the charge day's result: collected and uncollected */
  periodCharged: 'period.charged',
  /** a member moved to another plan (issue 14): the two plans and the instant, no person data */
  membershipTransferred: 'membership.transferred',
  /** a prepaid plan's charge day (issue 13): the wallets' total after it, recharges, deductions and refunds since the previous charge, as totals */
  walletsCharged: 'wallets.charged',
  /** a plan's wind-down (issue 13): started (A, terms, what the operator covered at A), memberships closed, and closed with the final report */
  planWindDown: 'plan.winddown',
} as const;

export type EntryType = (typeof ENTRY_TYPES)[keyof typeof ENTRY_TYPES];

export const periodName = (planId: string, announcedOn: string): string => `${planId}/${announcedOn}`;
