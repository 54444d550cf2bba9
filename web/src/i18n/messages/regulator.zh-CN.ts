/** 简体中文: the regulator's view (issue 13), spread into zh-CN.ts. */
export const regulatorZhCN = {
  regulator: {
    nav: { home: '监管视图' },
    title: '监管视图',
    lead: '会员的钱去了哪里：每月和每期的资金流向、每日资金核对（运营方手中没有沉淀资金）、各计划的清算状态，以及可下载的数据。这里没有任何个人信息。',
    plan: '计划', month: '月份', allMonths: '全部月份', filters: '筛选',
    plans: { title: '计划与清算状态', funding: '缴费方式', status: '清算状态' },
    funding: { 'post-paid': '后付费', prepaid: '预付费' },
    status: { active: '正常运营', 'winding-down': '清算中', closed: '已关闭' },
    months: { title: '每月资金流向' },
    periods: { title: '每期资金流向', announcedOn: '公示日', chargedOn: '扣款日', members: '分摊人数', billed: '应分摊' },
    flows: {
      collected: '会员分摊', recharged: '钱包充值', paid: '支付给申请人', fee: '管理费', subsidy: '运营方补贴', funded: '运营方承担的期',
      writtenOff: '运营方核销', refunds: '退款', wallets: '钱包余额', surplus: '结转余额',
    },
    proof: {
      title: '每日资金核对', lead: '每个有资金变动的日子结束时，结算账户余额必须等于结转余额加钱包余额。',
      day: '日期', settlement: '结算账户', difference: '差额', result: '结果', pass: '通过', fail: '未通过', allPass: '全部 {{n}} 天通过', someFail: '{{n}} 天未通过',
    },
    downloads: {
      title: '下载', lead: 'CSV 文件（RFC 4180，金额为整数分），每一列的含义见 docs/regulator.md。按上面选择的计划和月份筛选。',
      periods: '分摊期', claims: '理赔及结果（匿名）', journal: '账本分录', 'flows-periods': '每期资金流向', 'flows-months': '每月资金流向',
      'wallets-days': '每日钱包', 'proof-days': '每日资金核对',
      report: '月报', reportZh: '{{month}} 月报（中文）', reportEn: '{{month}} 月报（英文）', chooseMonth: '选择一个月份即可打开月报。',
    },
    empty: '没有记录。',
  },
};
