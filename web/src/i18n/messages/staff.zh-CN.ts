/** 简体中文: the staff pages (operator, investigator, auditor, admin), spread into zh-CN.ts. */
export const staffZhCN = {
  operator: {
    nav: { label: '工作人员导航', queue: '理赔队列', challenges: '质疑', outlook: '预警', calendar: '日历' },
    queue: {
      title: '理赔队列', lead: '按提交时间排列，最早的在前。每个案件列出风险信号和抽中实地调查的原因。', filter: '状态', all: '全部', empty: '没有符合条件的案件。',
      ref: '案件', filed: '提交时间', disease: '疾病', severity: '程度', investigator: '调查员', unassigned: '未分配', signals: '风险信号与抽查',
      sampled: '抽中实地调查', notSampled: '未抽中', noSignals: '无风险信号', open: '查看 {{ref}}', investigatorNo: '调查员 #{{id}}',
    },
    status: { pending: '待审核', investigating: '调查中', approved: '已批准', challenged: '被质疑', paid: '已支付', rejected: '已拒绝' },
    severities: { mild: '轻症', severe: '重症' },
    causes: { illness: '疾病', accident: '意外' },
    claim: {
      title: '案件 {{ref}}', claimant: '申请人', name: '姓名', idNumber: '身份证号（已遮蔽）', birthDate: '出生日期', province: '省份',
      facts: '案件信息', filed: '提交时间', diagnosed: '确诊日期', disease: '疾病', severity: '程度', cause: '原因', status: '状态', payout: '救助金', reason: '理由',
      documents: '证据材料', noDocuments: '没有上传材料。', download: '下载 {{name}}', size: '{{kb}} KB',
      sampling: '抽查与风险', sampledYes: '本案被抽中实地调查。', sampledNo: '本案未被抽中实地调查。', draw: '抽签值', risk: '风险信号', noRisk: '没有风险信号。',
      report: '调查报告', noReport: '尚无调查报告。', summary: '摘要', recommendation: '建议', submittedAt: '提交时间', author: '调查员',
      recommendations: { approve: '批准', reject: '拒绝' }, forJurors: '提供给评议员', redacted: '脱敏副本', notForJurors: '不提供',
      reviews: '经手记录', at: '时间', step: '步骤', actor: '经手人', outcome: '结果', you: '{{actor}}（你）', platform: '系统', platformFindings: '原因见上文的抽查理由',
      kinds: { 'automatic-check': '自动检查', investigation: '调查发现', report: '调查报告', decision: '决定', challenge: '质疑', jury: '评议', assignment: '分配', sampling: '抽查' },
    },
    assign: { title: '分配调查员', label: '调查员账户编号', hint: '当前：{{current}}', none: '未分配', submit: '分配', done: '已分配给调查员 #{{id}}。' },
    findings: { title: '记录调查发现', label: '调查发现', submit: '记录', done: '已记录。' },
    decide: {
      title: '作出决定', reason: '理由', reasonHint: '写明理由：理由会记入案件记录。', approve: '批准', reject: '拒绝', done: '已决定：{{status}}。',
      closed: '本案状态为「{{status}}」，没有待作出的决定。', sampledNeedsReport: '本案被抽中实地调查：需先有调查报告才能决定。',
    },
    fourEyes: {
      title: '四眼原则', rule: '决定由此前没有经手本案的人作出：写过调查发现或报告、作出过决定、提出或裁决过质疑的人都不能决定。',
      refused: '你不能决定本案', mine: '你在本案中经手过：{{steps}}。', free: '你此前没有经手本案，可以决定。', others: '其他经手人：{{actors}}。',
      involvements: { finding: '调查发现', report: '调查报告', decision: '决定', challenge: '提出质疑', 'challenge-decision': '裁决质疑', appeal: '申诉' },
    },
    challenges: {
      title: '待裁决的质疑', lead: '成员在公示期内提出的质疑。支持质疑则拒绝该案件；驳回则案件进入下次公示。批准该案件的人不能裁决。', empty: '没有待裁决的质疑。',
      challenge: '质疑 {{ref}}', claim: '案件', filed: '提交时间', reason: '质疑理由', evidence: '证据', noEvidence: '无',
      decisionReason: '裁决理由', uphold: '支持质疑（拒绝案件）', dismiss: '驳回质疑', done: '已裁决：{{status}}；案件状态：{{claim}}。',
    },
    outlook: {
      title: '预警', lead: '根据计划的实际数据预测未来几个月的分摊和成员变化，并给出预警等级。', plan: '计划', level: '预警等级',
      levels: { ok: '正常', watch: '关注', warning: '警告', spiral: '死亡螺旋风险' },
      measured: '实测', projected: '预测', reasons: '原因', members: '成员', under40: '40岁以下占比', annualCost: '每人年度成本（预测）',
      chart: '预测的每期人均分摊与成员数', chartShare: '人均分摊（元）', chartMembers: '成员数', month: '月份', share: '人均分摊', cases: '案例数',
    },
  },
  investigator: {
    nav: { claims: '我的调查' },
    claims: { title: '分配给我的案件', lead: '只列出分配给你的案件。', empty: '目前没有分配给你的案件。' },
    claim: {
      title: '调查案件 {{ref}}', findings: '调查发现', findingsLabel: '记录调查发现', findingsSubmit: '记录调查发现', findingsDone: '调查发现已记录。',
      report: '调查报告', reportDone: '报告已提交，建议：{{recommendation}}。', written: '报告只能提交一次，已提交。',
      summary: '摘要', recommendation: '建议', approve: '批准', reject: '拒绝', hospitalDiagnosedOn: '医院确诊日期（可选）',
      documents: '材料', documentsHint: '标记为提供给评议员的材料必须附上脱敏副本（不含姓名、身份证号、电话）。', noDocuments: '申请人没有上传材料。',
      forJurors: '提供给评议员：{{name}}', redactedUpload: '{{name}} 的脱敏副本', uploaded: '已上传脱敏副本 {{hash}}', submit: '提交报告', findingsFirst: '请先记录调查发现。',
    },
  },
  auditor: {
    nav: { books: '账目检查', ledger: '账本', trail: '审计记录' },
    books: { title: '账目检查', lead: '每笔分录借贷平衡、每期平衡、扣款相符、没有资金池。', ok: '全部检查通过', failed: '有检查未通过', check: '检查项', result: '结果', detail: '详情', pass: '通过', fail: '未通过' },
    ledger: {
      title: '账本与分摊期', lead: '复式记账的全部分录（最早的在前）和每一期的数字。', entries: '分录', entry: '分录 #{{id}}', at: '时间', kind: '类型', memo: '摘要', actor: '经手人',
      account: '科目', debit: '借方', credit: '贷方', reverses: '冲销分录 #{{id}}', periods: '分摊期', announcedOn: '公示日', status: '状态', cases: '案例数', members: '分摊人数',
      share: '人均分摊', payout: '救助金', fee: '管理费', subsidy: '运营方补贴', billed: '扣款合计', surplusOut: '结余',
    },
    trail: {
      title: '审计记录', lead: '运营、调查和管理人员的每一个操作，包括操作前后的内容（最新的在前，只能追加）。', subject: '对象（例如 claim:DEMO-Q1）', filter: '筛选', clear: '清除',
      at: '时间', actor: '操作人', action: '操作', target: '对象', before: '操作前', after: '操作后', empty: '没有记录。',
    },
  },
  admin: {
    nav: { accounts: '账户' },
    accounts: {
      title: '账户与角色', lead: '创建工作人员账户、更改角色、解除锁定和重置密码。更改角色或重置密码会结束该账户的所有会话。',
      filter: '角色', all: '全部', email: '邮箱', role: '角色', state: '状态', locked: '已锁定', active: '正常', failed: '失败登录 {{n}} 次', created: '创建时间', actions: '操作',
      roleOf: '{{email}} 的角色', changeRole: '更改角色', unlock: '解除锁定', reset: '重置密码', roleChanged: '{{email}} 现在是{{role}}。', unlocked: '{{email}} 已解除锁定。',
      newPassword: '{{email}} 的新密码（只显示这一次，请转交本人）：', create: '创建工作人员账户', password: '初始密码', passwordHint: '至少 10 个字符，且不能容易被猜到。', submit: '创建', createdDone: '已创建 {{email}}。',
      roles: { member: '成员', operator: '运营', investigator: '调查员', auditor: '审计', regulator: '监管', admin: '管理员' },
    },
  },
};
