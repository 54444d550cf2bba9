/** English: the regulator's view (issue 13), spread into en.ts; its type is the Chinese catalog's shape. */
import type { Catalog } from './shape';
import type { regulatorZhCN } from './regulator.zh-CN';

export const regulatorEn: Catalog<typeof regulatorZhCN> = {
  regulator: {
    nav: { home: 'Regulator\'s view' },
    title: 'Regulator\'s view',
    lead: 'Where the members\' money went: fund flows per month and per period, the daily proof that no pooled money stays with the operator, each plan\'s wind-down status, and the downloads. No personal data here.',
    plan: 'Plan', month: 'Month', allMonths: 'All months', filters: 'Filters',
    plans: { title: 'Plans and wind-down status', funding: 'Funding', status: 'Wind-down status' },
    funding: { 'post-paid': 'post-paid', prepaid: 'prepaid' },
    status: { active: 'active', 'winding-down': 'winding down', closed: 'closed' },
    months: { title: 'Fund flows per month' },
    periods: { title: 'Fund flows per period', announcedOn: 'Announced', chargedOn: 'Charged', members: 'Sharing members', billed: 'Billed' },
    flows: {
      collected: 'Collected from members', recharged: 'Wallet recharges', paid: 'Paid to claimants', fee: 'Fee', subsidy: 'Operator subsidy', funded: 'Operator-funded periods',
      writtenOff: 'Written off by the operator', refunds: 'Refunds', wallets: 'Wallets held', surplus: 'Surplus carried',
    },
    proof: {
      title: 'Daily proof: no precipitated funds', lead: 'At the end of each day with money movement the settlement account must hold exactly the surplus carried plus the wallets.',
      day: 'Day', settlement: 'Settlement', difference: 'Difference', result: 'Result', pass: 'pass', fail: 'fail', allPass: 'All {{n}} days pass', someFail: '{{n}} day(s) fail',
    },
    downloads: {
      title: 'Downloads', lead: 'CSV files (RFC 4180, amounts in integer fen); docs/regulator.md explains every column. Filtered by the plan and month chosen above.',
      periods: 'Periods', claims: 'Claims with outcomes (anonymized)', journal: 'Ledger journal', 'flows-periods': 'Fund flows per period', 'flows-months': 'Fund flows per month',
      'wallets-days': 'Wallets by day', 'proof-days': 'Daily proof',
      report: 'Monthly report', reportZh: 'Report for {{month}} (Chinese)', reportEn: 'Report for {{month}} (English)', chooseMonth: 'Choose a month to open its monthly report.',
    },
    empty: 'Nothing recorded.',
  },
};
