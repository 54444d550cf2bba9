/** English: the orderly wind-down of a plan (issue 13), spread into en.ts; its type is the Chinese catalog's shape. */
import type { Catalog } from './shape';
import type { windDownZhCN } from './wind-down.zh-CN';

export const windDownEn: Catalog<typeof windDownZhCN> = {
  windDown: {
    nav: { operator: 'Wind-down' },
    status: { active: 'active', 'winding-down': 'winding down', closed: 'closed' },
    banner: {
      'winding-down': 'This plan is winding down', closed: 'This plan has closed',
      billing: 'Nobody is billed any more: from {{start}} every period is paid by the operator.',
      covered: 'Members stay protected until the end of {{cutOff}}.',
      claims: 'An illness or accident diagnosed on or before {{cutOff}} can still be claimed until the end of {{lastDay}}.',
      wallets: 'Prepaid wallets were refunded in full; failed payments were written off by the operator, and nobody was removed for them.',
      pastShares: 'The operator also refunded every share members had paid, from its own money.',
      closedOn: 'The plan closed on {{closedAt}}; the final report is public.',
      more: 'What the wind-down means, its timeline and report',
      mine: 'Your plan "{{plan}}": ',
    },
    public: {
      title: 'Winding the plan down', lead: 'The operator is ending this plan in an orderly way, confirmed by a second operator. Here are the terms, the timeline and, once the plan has closed, the final report.',
      none: 'This plan is active: no wind-down is under way.',
      terms: 'Terms', cutOff: 'Cut-off date (C)', refundPastShares: 'Past shares refunded', claimWindow: 'Claim window', claimWindowDays: '{{n}} days after the cut-off',
      timeline: 'Timeline', started: 'Wind-down began (A)', coverEnds: 'Cover ends (end of the cut-off date)', windowEnds: 'Last day to file a claim', membershipsClosed: 'Memberships closed ({{n}})', planClosed: 'Plan closed',
      membersAtStart: 'Members at the start', pending: 'not yet',
      whatMeans: 'What it means for members',
    },
    report: {
      title: 'Final report', members: 'Members at the start', membershipsClosed: 'Memberships closed after the cut-off', periods: 'Periods since the start',
      announcedOn: 'Announced', chargedOn: 'Charged', sharingMembers: 'Sharing members', payout: 'Payouts', carriedIn: 'Surplus in', subsidy: 'Paid by the operator', surplusOut: 'Surplus out', billed: 'Billed to members',
      claims: 'Every claim and its outcome', claim: 'Claim', outcome: 'Outcome', claimPayout: 'Payout', noClaims: 'No claim during the wind-down.',
      operatorPaid: 'What the operator paid', subsidies: 'Operator-funded periods', writtenOff: 'Failed payments written off', sharesRefunded: 'Past shares refunded', surplusReleased: 'Less: remaining surplus released to the operator', total: 'Total paid by the operator',
      walletsRefunded: 'Prepaid wallets refunded (members\' own money, {{n}} wallets)',
      books: 'Final books', account: 'Account', balance: 'Balance', booksNote: 'Every account is zero except the operator\'s own (the books check proves it).',
      accounts: {
        payer_receivable: 'Shares owed by members', operator_receivable: 'Subsidies owed by the operator', settlement: 'Settlement at the payment provider', claims_payable: 'Payouts owed to claimants',
        fee_payable: 'Fee owed to the operator', surplus_carried: 'Surplus carried', operator_advance: 'Operator advance', wallets: 'Prepaid wallets',
      },
    },
    period: {
      funded: 'Paid by the operator', fundedTitle: 'This period is paid by the operator',
      fundedText: 'The plan is winding down, so members share nothing: {{share}} each. The operator pays the payouts less the surplus carried in: {{subsidy}}. The sharing members are still counted and published.',
      subsidy: 'Paid by the operator (payouts less surplus carried in)',
    },
    operator: {
      title: 'Winding the plan down', lead: 'Rehearse first: see what a wind-down would cost the operator before proposing it. A second operator must confirm it; it starts at that moment.',
      rehearse: 'Rehearsal (nothing is written)', cutOff: 'Cut-off date (C)', cutOffHint: 'Illnesses and accidents diagnosed on or before this day stay covered; memberships close at its end. Not before today ({{today}}).',
      refundPastShares: 'Also refund every payer all the shares it paid, from operator money', claimWindowDays: 'Claim window (days after the cut-off)', claimWindowHint: '180 days unless changed.',
      run: 'Show the cost', noPlan: 'No plan.',
      dryRun: {
        title: 'What a wind-down starting now would cost the operator', asOf: 'Worked out on the data at {{at}}; nothing was written.', members: 'Members now',
        wallets: 'Wallets to refund ({{n}}; members\' own money, not an operator cost)', openPayments: 'Failed payments to write off ({{n}})', pastShares: 'Past shares to refund ({{n}} payers)',
        approvedUnpaid: 'Approved claims not yet paid ({{n}})', openClaims: 'Claims under review ({{n}}, at the expected payout each)',
        notYet: 'Claims not yet filed (estimated)', notYetDetail: '{{claims}} expected over {{days}} days at {{incidence}} per 100,000 a year.',
        perClaim: 'Expected payout per claim', surplus: 'Surplus carried (used first)', cost: 'Cost to the operator',
      },
      propose: 'Propose this wind-down', proposeHint: 'Proposing changes nothing yet: another operator must confirm it.', proposed: 'Wind-down {{id}} proposed; another operator must confirm it.',
      awaiting: 'A wind-down awaiting a second operator', proposedBy: 'Proposed by {{actor}} at {{at}}', terms: 'Cut-off {{cutOff}} · claim window {{days}} days · past shares refunded: {{refund}}',
      mine: 'You proposed it: a different operator must confirm it (four eyes).', notOperator: 'Only operators propose and confirm a wind-down.',
      warning: 'Confirming starts the wind-down at once, and it cannot be undone:', effects: {
        joins: 'joins and recharges are refused from this moment;', billing: 'members are no longer billed: every period from now on is paid by the operator;',
        writeOff: 'every open failed payment is written off at once (the operator covers it; nobody is removed);', wallets: 'every prepaid wallet is refunded in full at once;', pastShares: 'every share paid so far is refunded at once, from operator money.',
      },
      confirm: 'Confirm and start the wind-down now', confirmed: 'The wind-down has started.', fourEyes: 'You proposed this wind-down: a different operator must confirm it.',
      started: 'The wind-down', statusLabel: 'Status', confirmedBy: 'Confirmed by', atStart: 'Done at the start', writtenOff: 'Failed payments written off', walletsRefunded: 'Wallets refunded', sharesRefunded: 'Past shares refunded',
      publicPage: 'See the public wind-down page',
    },
  },
};
