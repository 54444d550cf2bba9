/**
 * The monthly report as ONE self-contained HTML page: inline CSS, no script, no image, no link to
 * anything outside it, so it can be mailed, archived or opened offline. Amounts in yuan from
 * integer fen by formatYuan (bigint arithmetic, never a float); in zh-CN or en.
 */
import { escapeHtml } from '../../domain/html.ts';
import { formatYuan, type Fen } from '../../domain/money.ts';
import type { MonthlyReport } from './monthly-report.ts';
import type { FundFlows } from './fund-flows.ts';

export const REPORT_LANGUAGES = ['zh-CN', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

const TEXT = {
  'zh-CN': {
    title: '监管月报', plan: '计划', allPlans: '全部计划', generated: '生成时间', status: '清算状态', funding: '缴费方式',
    statuses: { active: '正常运营', 'winding-down': '清算中', closed: '已关闭' }, fundings: { 'post-paid': '后付费', prepaid: '预付费' },
    flowsTitle: '本月资金流向', periodsTitle: '本月各期', proofTitle: '每日资金核对（无资金沉淀）', claimsTitle: '理赔概况', plansTitle: '计划与状态',
    collected: '会员分摊', recharged: '钱包充值', paid: '支付给申请人', fee: '管理费', subsidy: '运营方补贴', funded: '运营方承担的期', writtenOff: '运营方核销',
    refunds: '退款', wallets: '钱包余额', surplus: '结转余额', month: '月份', announcedOn: '公示日', chargedOn: '扣款日', members: '分摊人数', cases: '案例数',
    billed: '应分摊', day: '日期', settlement: '结算账户', difference: '差额', result: '结果', pass: '通过', fail: '未通过',
    filed: '提交', approved: '通过', rejected: '拒绝', paidCount: '已支付', paidFen: '支付金额', open: '待处理', none: '本月无记录。',
    proofLead: '每个有资金变动的日子结束时，结算账户余额应等于结转余额加钱包余额：运营方手中没有其他资金。',
    units: '金额单位：元（由整数分换算）。日期为计划所在时区的本地日期。',
  },
  en: {
    title: 'Regulator\'s monthly report', plan: 'Plan', allPlans: 'All plans', generated: 'Generated', status: 'Wind-down status', funding: 'Funding',
    statuses: { active: 'active', 'winding-down': 'winding down', closed: 'closed' }, fundings: { 'post-paid': 'post-paid', prepaid: 'prepaid' },
    flowsTitle: 'Fund flows of the month', periodsTitle: 'Periods of the month', proofTitle: 'Daily proof: no precipitated funds', claimsTitle: 'Claims', plansTitle: 'Plans and status',
    collected: 'Collected from members', recharged: 'Wallet recharges', paid: 'Paid to claimants', fee: 'Fee', subsidy: 'Operator subsidy', funded: 'Operator-funded periods',
    writtenOff: 'Written off by the operator', refunds: 'Refunds', wallets: 'Wallets held', surplus: 'Surplus carried', month: 'Month', announcedOn: 'Announced',
    chargedOn: 'Charged', members: 'Sharing members', cases: 'Cases', billed: 'Billed', day: 'Day', settlement: 'Settlement', difference: 'Difference',
    result: 'Result', pass: 'pass', fail: 'FAIL', filed: 'Filed', approved: 'Approved', rejected: 'Rejected', paidCount: 'Paid', paidFen: 'Amount paid',
    open: 'Open', none: 'Nothing this month.',
    proofLead: 'At the end of each day with money movement the settlement account must hold exactly the surplus carried plus the wallets: no other money stays with the operator.',
    units: 'Amounts in yuan (from integer fen). Dates are local dates in the plan\'s zone.',
  },
} as const;

const STYLE = `body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:72rem;padding:1rem;color:#1a1a1a;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#0a6b2d;font-weight:600}.fail{color:#a50e0e;font-weight:700}.wrap{overflow-x:auto}.meta{color:#444}`;

const yuan = (fen: Fen): string => `¥${formatYuan(fen)}`;

function table(caption: string, head: { label: string; num?: boolean }[], rows: string[][], none: string): string {
  if (rows.length === 0) return `<p>${escapeHtml(none)}</p>`;
  const th = head.map((h) => `<th scope="col"${h.num ? ' class="num"' : ''}>${escapeHtml(h.label)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${head[i]?.num ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  // A table wider than the screen scrolls: the region is focusable so a keyboard can scroll it.
  return `<div class="wrap" role="region" tabindex="0" aria-label="${escapeHtml(caption)}"><table><caption>${escapeHtml(caption)}</caption><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

type Words = (typeof TEXT)[ReportLanguage];
const flowHead = (w: Words) => [w.collected, w.recharged, w.paid, w.fee, w.subsidy, w.funded, w.writtenOff, w.refunds, w.wallets, w.surplus].map((label) => ({ label, num: true }));
const flowCells = (f: FundFlows): string[] => [
  f.collectedFen, f.rechargedFen, f.paidToClaimantsFen, f.feeFen, f.operatorSubsidyFen, f.operatorFundedFen, f.writtenOffFen, f.refundsFen, f.walletsHeldFen, f.surplusCarriedFen,
].map(yuan);

export function reportHtml(r: MonthlyReport, lang: ReportLanguage): string {
  const w = TEXT[lang];
  const e = escapeHtml;
  const planName = (id: string) => { const p = r.plans.find((x) => x.plan === id); return e(p?.names?.[lang] ?? p?.name ?? id); };
  const sections = [
    `<h2>${e(w.plansTitle)}</h2>`,
    table(w.plansTitle, [{ label: w.plan }, { label: w.funding }, { label: w.status }],
      r.plans.map((p) => [`${planName(p.plan)} <code>${e(p.plan)}</code>`, e(w.fundings[p.funding]), `<strong data-status="${e(p.status)}">${e(w.statuses[p.status])}</strong>`]), w.none),
    `<h2>${e(w.flowsTitle)}</h2>`,
    table(w.flowsTitle, [{ label: w.plan }, ...flowHead(w)], r.flows.map((m) => [e(m.plan), ...flowCells(m)]), w.none),
    `<h2>${e(w.periodsTitle)}</h2>`,
    table(w.periodsTitle, [{ label: w.plan }, { label: w.announcedOn }, { label: w.chargedOn }, { label: w.members, num: true }, { label: w.cases, num: true }, { label: w.billed, num: true }, ...flowHead(w)],
      r.periods.map((p) => [e(p.plan), e(p.announcedOn), e(p.chargedOn), p.sharingMembers.toString(), String(p.cases), yuan(p.billedFen), ...flowCells(p)]), w.none),
    `<h2>${e(w.proofTitle)}</h2>`, `<p>${e(w.proofLead)}</p>`,
    table(w.proofTitle, [{ label: w.plan }, { label: w.day }, { label: w.settlement, num: true }, { label: w.surplus, num: true }, { label: w.wallets, num: true }, { label: w.difference, num: true }, { label: w.result }],
      r.proof.map((d) => [e(d.plan), e(d.day), yuan(d.settlementFen), yuan(d.surplusCarriedFen), yuan(d.walletsFen), yuan(d.differenceFen),
        d.ok ? `<span class="pass">✓ ${e(w.pass)}</span>` : `<span class="fail">✗ ${e(w.fail)}</span>`]), w.none),
    `<h2>${e(w.claimsTitle)}</h2>`,
    table(w.claimsTitle, [{ label: w.plan }, { label: w.filed, num: true }, { label: w.approved, num: true }, { label: w.rejected, num: true }, { label: w.paidCount, num: true }, { label: w.paidFen, num: true }, { label: w.open, num: true }],
      r.claims.map((c) => [e(c.plan), String(c.filed), String(c.approved), String(c.rejected), String(c.paid), yuan(c.paidFen), String(c.open)]), w.none),
  ];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(w.title)} ${e(r.month)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${e(w.title)} · ${e(r.month)}</h1>
<p class="meta">${e(w.plan)}: ${r.plan === null ? e(w.allPlans) : planName(r.plan)} · ${e(w.generated)}: ${e(r.generatedAt.toISOString())}</p>
<p class="meta">${e(w.units)}</p>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
