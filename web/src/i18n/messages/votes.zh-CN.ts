/** 简体中文: rule changes by member vote (issue 14), spread into zh-CN.ts. */
export const votesZhCN = {
  votes: {
    nav: { public: '投票', member: '规则投票', operator: '规则提案' },
    settingNames: { feeBasisPoints: '管理费', annualCapFen: '每年分摊上限', perCaseCapFen: '每个案例分摊上限', waitingPeriodDays: '等待期（天）', mildPayoutFen: '轻症救助金', maxMildPayouts: '轻症最多救助次数', minJoinAgeDays: '最小加入年龄（天）', minJoinAgeYears: '最小加入年龄（岁）', maxJoinAgeYears: '最大加入年龄（岁）', removalAgeYears: '退出年龄（岁）', healthDeclarationRequired: '需要健康告知', minCreditScore: '最低信用分', accidentSkipsWaitingPeriod: '意外不受等待期限制', payoutBands: '按年龄的救助金', retryStopsDaysBeforeNextCharge: '重新扣款截止（下次扣款前天数）', contributionWeights: '按年龄分级的分摊权重', decisions: '调查、质疑与评议设置', transfer: '转入其他计划' },
    setting: '设置', current: '现在', proposed: '提议', reason: '理由', effectiveOn: '生效日期', closesAt: '投票截止', opensAt: '投票开始',
    eligible: '有投票权的会员', votesFor: '赞成', votesAgainst: '反对', passing: '按目前票数会通过', failing: '按目前票数不会通过',
    status: { proposed: '待第二位运营人员确认', open: '投票中', passed: '已通过', rejected: '未通过' },
    public: {
      title: '规则变更与投票', lead: '计划规则的每一次变更都由会员投票决定：运营人员提出，第二位运营人员确认后开始投票。通过的变更从生效日期零点起适用。', empty: '还没有规则变更提案。',
    },
    member: {
      title: '规则投票', lead: '投票开始时有效的每个会员资格有一票；你为你付款的每位家庭成员分别投票。投票后不能更改。', empty: '目前没有正在投票的提案。',
      ballot: '{{who}} 的一票（会员资格 #{{id}}）', inFavour: '赞成', against: '反对', voted: '已投票', sent: '已记录你的投票。',
      effect: '预计每位会员一年的费用（已计上限）：按现行规则 {{without}}，按提议 {{with}}。',
      effectNote: '由预测模型根据计划实测状况分别按现行规则和提议的规则计算，是预测而非承诺。',
    },
    operator: {
      title: '规则提案', lead: '提出对计划设置的变更。提案须由另一位运营人员确认，投票随即开始。', new: '新提案',
      settings: '要变更的设置（JSON，例如 {"feeBasisPoints": 600}）', submit: '提交提案', proposed: '提案 {{id}} 已提交，等待另一位运营人员确认。',
      confirm: '确认并开始投票', confirmed: '提案 {{id}} 已确认，投票已开始。', badJson: '设置必须是一个 JSON 对象。', fourEyes: '你提出了这个提案，必须由另一位运营人员确认。', awaiting: '待确认的提案',
    },
  },
};
