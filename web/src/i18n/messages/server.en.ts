/** English: words the server sends as stable codes, spread into en.ts (its shape is the Chinese one's). */
import type { Catalog } from './shape';
import type { serverZhCN } from './server.zh-CN';

export const serverEn: Catalog<typeof serverZhCN> = {
  server: {
    provinces: {
      Beijing: 'Beijing', Tianjin: 'Tianjin', Hebei: 'Hebei', Shanxi: 'Shanxi', 'Inner Mongolia': 'Inner Mongolia', Liaoning: 'Liaoning', Jilin: 'Jilin', Heilongjiang: 'Heilongjiang',
      Shanghai: 'Shanghai', Jiangsu: 'Jiangsu', Zhejiang: 'Zhejiang', Anhui: 'Anhui', Fujian: 'Fujian', Jiangxi: 'Jiangxi', Shandong: 'Shandong', Henan: 'Henan', Hubei: 'Hubei',
      Hunan: 'Hunan', Guangdong: 'Guangdong', Guangxi: 'Guangxi', Hainan: 'Hainan', Chongqing: 'Chongqing', Sichuan: 'Sichuan', Guizhou: 'Guizhou', Yunnan: 'Yunnan', Tibet: 'Tibet',
      Shaanxi: 'Shaanxi', Gansu: 'Gansu', Qinghai: 'Qinghai', Ningxia: 'Ningxia', Xinjiang: 'Xinjiang', Taiwan: 'Taiwan', 'Hong Kong': 'Hong Kong', Macau: 'Macau',
    },
    outlook: {
      separator: '; ', summaries: {
        ok: 'Shares, membership and the age mix are steady.', watch: 'One sign to watch: {{reasons}}.',
        warning: 'Shares are rising faster than the plan can sustain: {{reasons}}.', spiral: 'A death spiral: {{reasons}}. The healthy young leave, the risk of those who stay rises, and shares rise again.',
      },
      signals: {
        'share-rose': 'the share per period rose {{change}} in a year', 'needs-cut': 'only {{met}} of approved needs were paid', 'members-fell': 'members fell {{change}} in a year',
        'young-fell': 'members under 40 fell {{young}} against a change of {{all}} for all members', 'young-leaving': '{{leavers}} of those leaving are under 40, against {{members}} of members',
      },
    },
    riskSignals: {
      'shared-evidence': 'evidence identical to documents on other claims', 'soon-after-waiting': 'diagnosed soon after the waiting period ended',
      'payer-many-claims': 'the paying account filed several claims recently', 'joined-shortly-before-diagnosis': 'joined shortly before the diagnosis',
    },
    books: {
      'entries-balance': 'every entry balances', 'overall-balance': 'debits = credits overall', 'periods-balance': 'debits = credits per period', 'charges-add-up': 'member charges add up to each period\'s billed total',
      'sharing-entries-match': 'each sharing entry matches its published period', 'surplus-chain': 'each period carries in the previous period\'s surplus', 'periods-match-log': 'each period still says what the log published',
      'collections-cover-bills': 'collections cover every bill of charged periods', 'payer-receivable': '{{plan}}: payer receivable = open bills', 'operator-advance': '{{plan}}: operator advance = open failed charges',
      'claims-payable': '{{plan}}: claims payable = payouts not yet due', 'no-pooled-funds': '{{plan}}: no pooled funds (settlement holds only the surplus carried and the wallets)',
      'wallets-movements': '{{plan}}: wallets = recharges - deductions - refunds', 'wallets-not-negative': '{{plan}}: no wallet below zero', 'wallets-after-charge-days': '{{plan}}: after each charge day, settlement = surplus carried + wallets',
      'wind-down-operator-funded': '{{plan}}: every period charged since the wind-down began is operator-funded', 'wind-down-books-zero': '{{plan}}: closed, every account is zero but the operator\'s own',
    },
    sampling: { 'above-amount': 'the payout is above the always-investigated amount', 'risk-signal': 'a risk signal: {{signal}}', random: 'drawn in the random sample' },
  },
};
