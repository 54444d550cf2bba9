/**
 * 简体中文: words the server sends as stable codes (provinces, outlook signals, risk signals,
 * sampling reasons), spread into zh-CN.ts. The server's own English sentences are shown only in
 * English (web/src/format/server-text.ts).
 */
export const serverZhCN = {
  server: {
    provinces: {
      Beijing: '北京', Tianjin: '天津', Hebei: '河北', Shanxi: '山西', 'Inner Mongolia': '内蒙古', Liaoning: '辽宁', Jilin: '吉林', Heilongjiang: '黑龙江',
      Shanghai: '上海', Jiangsu: '江苏', Zhejiang: '浙江', Anhui: '安徽', Fujian: '福建', Jiangxi: '江西', Shandong: '山东', Henan: '河南', Hubei: '湖北',
      Hunan: '湖南', Guangdong: '广东', Guangxi: '广西', Hainan: '海南', Chongqing: '重庆', Sichuan: '四川', Guizhou: '贵州', Yunnan: '云南', Tibet: '西藏',
      Shaanxi: '陕西', Gansu: '甘肃', Qinghai: '青海', Ningxia: '宁夏', Xinjiang: '新疆', Taiwan: '台湾', 'Hong Kong': '香港', Macau: '澳门',
    },
    outlook: {
      separator: '；', summaries: {
        ok: '分摊、成员人数和年龄结构都平稳。', watch: '有一个需要关注的信号：{{reasons}}。',
        warning: '分摊上涨快于计划能承受的速度：{{reasons}}。', spiral: '死亡螺旋：{{reasons}}。健康的年轻人离开，留下的人风险升高，分摊再次上涨。',
      },
      signals: {
        'share-rose': '每期分摊一年上涨了 {{change}}', 'needs-cut': '已批准的救助只支付了 {{met}}', 'members-fell': '成员一年减少了 {{change}}',
        'young-fell': '40岁以下成员减少了 {{young}}，全体成员变化为 {{all}}', 'young-leaving': '离开的人中 {{leavers}} 在40岁以下，而成员中只有 {{members}}',
      },
    },
    riskSignals: {
      'shared-evidence': '证据材料与其他案件的材料完全相同', 'soon-after-waiting': '等待期结束后不久即确诊',
      'payer-many-claims': '同一付款账户近期提交了多起申请', 'joined-shortly-before-diagnosis': '加入后不久即确诊',
    },
    books: {
      'entries-balance': '每笔分录借贷平衡', 'overall-balance': '总借方等于总贷方', 'periods-balance': '每期借贷平衡', 'charges-add-up': '成员扣款合计等于每期账单总额',
      'sharing-entries-match': '每笔分摊分录与公布的分摊期一致', 'surplus-chain': '每期结转上期余额', 'periods-match-log': '每期仍与透明日志公布的一致',
      'collections-cover-bills': '已扣款的分摊期每张账单都已收款', 'payer-receivable': '{{plan}}：应收付款人款项等于未结账单', 'operator-advance': '{{plan}}：运营方垫付等于未结的失败扣款',
      'claims-payable': '{{plan}}：应付救助金等于尚未到期的救助金', 'no-pooled-funds': '{{plan}}：没有资金池（结算账户只有结转余额和钱包）',
      'wallets-movements': '{{plan}}：钱包余额等于充值减扣款减退款', 'wallets-not-negative': '{{plan}}：没有余额为负的钱包', 'wallets-after-charge-days': '{{plan}}：每个扣款日后，结算账户等于结转余额加钱包',
      'wind-down-operator-funded': '{{plan}}：停止运营开始后的每一期都由运营方出资', 'wind-down-books-zero': '{{plan}}：已关闭，除运营方自己的账户外所有账户为零',
    },
    sampling: { 'above-amount': '救助金超过必查金额，必须调查', 'risk-signal': '有风险信号：{{signal}}', random: '在随机抽查中被抽中' },
  },
};
