/** English: rule changes by member vote (issue 14), spread into en.ts. */
import type { Catalog } from './shape';
import type { votesZhCN } from './votes.zh-CN';

export const votesEn: Catalog<typeof votesZhCN> = {
  votes: {
    nav: { public: 'Votes', member: 'Rule votes', operator: 'Rule proposals' },
    settingNames: { feeBasisPoints: 'Management fee', annualCapFen: 'Yearly cap on shares', perCaseCapFen: 'Cap per case', waitingPeriodDays: 'Waiting period (days)', mildPayoutFen: 'Mild-illness payout', maxMildPayouts: 'Most mild payouts', minJoinAgeDays: 'Youngest joining age (days)', minJoinAgeYears: 'Youngest joining age (years)', maxJoinAgeYears: 'Oldest joining age (years)', removalAgeYears: 'Leaving age (years)', healthDeclarationRequired: 'Health declaration required', minCreditScore: 'Lowest credit score', accidentSkipsWaitingPeriod: 'Accidents skip the waiting period', payoutBands: 'Payouts by age', retryStopsDaysBeforeNextCharge: 'Retries stop (days before the next charge)', contributionWeights: 'Contributions graded by age', decisions: 'Investigation, challenge and jury settings', transfer: 'Move to another plan' },
    setting: 'Setting', current: 'Now', proposed: 'Proposed', reason: 'Reason', effectiveOn: 'Takes effect', closesAt: 'Voting closes', opensAt: 'Voting opened',
    eligible: 'Members who may vote', votesFor: 'For', votesAgainst: 'Against', passing: 'Would pass on the votes so far', failing: 'Would not pass on the votes so far',
    status: { proposed: 'Awaiting a second operator', open: 'Voting', passed: 'Passed', rejected: 'Not passed' },
    public: {
      title: 'Rule changes and votes', lead: 'Every change to the plan\'s rules is decided by the members\' vote: an operator proposes, a second operator confirms, and the vote opens. A passed change applies from 00:00 of its date.', empty: 'No rule change has been proposed yet.',
    },
    member: {
      title: 'Rule votes', lead: 'Each membership active when the vote opened has one vote; you vote separately for each family member you pay for. A vote cannot be changed.', empty: 'No proposal is open for votes now.',
      ballot: 'Vote for {{who}} (membership #{{id}})', inFavour: 'For', against: 'Against', voted: 'Voted', sent: 'Your vote is recorded.',
      effect: 'Projected cost per member for a year (caps applied): {{without}} on the rules in force, {{with}} with the change.',
      effectNote: 'The projection model run on the plan\'s measured state, once on each set of rules: a projection, not a promise.',
    },
    operator: {
      title: 'Rule proposals', lead: 'Propose a change of plan settings. Another operator must confirm it; the vote opens then.', new: 'New proposal',
      settings: 'Settings to change (JSON, for example {"feeBasisPoints": 600})', submit: 'Submit the proposal', proposed: 'Proposal {{id}} submitted; another operator must confirm it.',
      confirm: 'Confirm and open the vote', confirmed: 'Proposal {{id}} confirmed; the vote is open.', badJson: 'The settings must be a JSON object.', fourEyes: 'You made this proposal: another operator must confirm it.', awaiting: 'Proposals awaiting confirmation',
    },
  },
};
