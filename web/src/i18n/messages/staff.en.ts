/** English: the staff pages, spread into en.ts; its type is the Chinese staff catalog's shape. */
import type { Catalog } from './shape';
import type { staffZhCN } from './staff.zh-CN';

export const staffEn: Catalog<typeof staffZhCN> = {
  operator: {
    nav: { label: 'Staff', queue: 'Claims queue', challenges: 'Challenges', outlook: 'Outlook', calendar: 'Calendar' },
    queue: {
      title: 'Claims queue', lead: 'Oldest first. Each claim shows its risk signals and why it was sampled for on-site investigation.', filter: 'Status', all: 'All', empty: 'No claim matches.',
      ref: 'Claim', filed: 'Filed', disease: 'Illness', severity: 'Severity', investigator: 'Investigator', unassigned: 'Unassigned', signals: 'Risk signals and sampling',
      sampled: 'Sampled for on-site investigation', notSampled: 'Not sampled', noSignals: 'No risk signal', open: 'Open {{ref}}', investigatorNo: 'Investigator #{{id}}',
    },
    status: { pending: 'Pending', investigating: 'Investigating', approved: 'Approved', challenged: 'Challenged', paid: 'Paid', rejected: 'Rejected' },
    severities: { mild: 'Mild', severe: 'Severe' },
    causes: { illness: 'Illness', accident: 'Accident' },
    claim: {
      title: 'Claim {{ref}}', claimant: 'Claimant', name: 'Name', idNumber: 'ID number (masked)', birthDate: 'Birth date', province: 'Province',
      facts: 'The claim', filed: 'Filed', diagnosed: 'Diagnosed', disease: 'Illness', severity: 'Severity', cause: 'Cause', status: 'Status', payout: 'Payout', reason: 'Reason',
      documents: 'Evidence', noDocuments: 'No document uploaded.', download: 'Download {{name}}', size: '{{kb}} KB',
      sampling: 'Sampling and risk', sampledYes: 'This claim was sampled for on-site investigation.', sampledNo: 'This claim was not sampled for on-site investigation.', draw: 'Draw', risk: 'Risk signals', noRisk: 'No risk signal.',
      report: 'Investigation report', noReport: 'No report yet.', summary: 'Summary', recommendation: 'Recommendation', submittedAt: 'Submitted', author: 'Investigator',
      recommendations: { approve: 'Approve', reject: 'Reject' }, forJurors: 'For jurors', redacted: 'Redacted copy', notForJurors: 'Not shown',
      reviews: 'Who was involved', at: 'When', step: 'Step', actor: 'By', outcome: 'Outcome', you: '{{actor}} (you)', platform: 'The platform', platformFindings: 'the reasons are listed under the sampling above',
      kinds: { 'automatic-check': 'Automatic check', investigation: 'Finding', report: 'Report', decision: 'Decision', challenge: 'Challenge', jury: 'Jury', assignment: 'Assignment', sampling: 'Sampling' },
    },
    assign: { title: 'Assign an investigator', label: 'Investigator\'s account number', hint: 'Now: {{current}}', none: 'unassigned', submit: 'Assign', done: 'Assigned to investigator #{{id}}.' },
    findings: { title: 'Record a finding', label: 'Finding', submit: 'Record', done: 'Recorded.' },
    decide: {
      title: 'Decide', reason: 'Reason', reasonHint: 'Say why: the reason goes into the claim\'s record.', approve: 'Approve', reject: 'Reject', done: 'Decided: {{status}}.',
      closed: 'This claim is "{{status}}": there is nothing to decide.', sampledNeedsReport: 'This claim was sampled for on-site investigation: it needs the report before a decision.',
    },
    fourEyes: {
      title: 'Four eyes', rule: 'A claim is decided by someone who took no earlier step on it: whoever recorded a finding, wrote the report, decided, or filed or judged a challenge may not.',
      refused: 'You may not decide this claim', mine: 'Your steps on this claim: {{steps}}.', free: 'You took no earlier step on this claim: you may decide it.', others: 'Others involved: {{actors}}.',
      involvements: { finding: 'a finding', report: 'the report', decision: 'the decision', challenge: 'a challenge filed', 'challenge-decision': 'a challenge judged', appeal: 'an appeal' },
    },
    challenges: {
      title: 'Challenges to decide', lead: 'Challenges members filed during a notice. Upholding one rejects the claim; dismissing it puts the claim into the next announcement. Whoever approved the claim may not judge.', empty: 'No challenge to decide.',
      challenge: 'Challenge {{ref}}', claim: 'Claim', filed: 'Filed', reason: 'The challenger\'s reason', evidence: 'Evidence', noEvidence: 'None',
      decisionReason: 'Reason for the decision', uphold: 'Uphold (reject the claim)', dismiss: 'Dismiss', done: 'Decided: {{status}}; the claim is now {{claim}}.',
    },
    outlook: {
      title: 'Outlook', lead: 'The next months projected from the plan\'s measured state: shares, members, and the warning level.', plan: 'Plan', level: 'Warning level',
      levels: { ok: 'OK', watch: 'Watch', warning: 'Warning', spiral: 'Death-spiral risk' },
      measured: 'Measured', projected: 'Projected', reasons: 'Reasons', members: 'Members', under40: 'Share under 40', annualCost: 'Annual cost per member (projected)',
      chart: 'Projected share per member and members, by period', chartShare: 'Share per member (yuan)', chartMembers: 'Members', month: 'Month', share: 'Share per member', cases: 'Cases',
    },
  },
  investigator: {
    nav: { claims: 'My investigations' },
    claims: { title: 'Claims assigned to me', lead: 'Only the claims assigned to you.', empty: 'No claim is assigned to you.' },
    claim: {
      title: 'Investigating claim {{ref}}', findings: 'Findings', findingsLabel: 'Record a finding', findingsSubmit: 'Record the finding', findingsDone: 'The finding is recorded.',
      report: 'Report', reportDone: 'The report is submitted, recommending: {{recommendation}}.', written: 'A report is written once; it has been submitted.',
      summary: 'Summary', recommendation: 'Recommendation', approve: 'Approve', reject: 'Reject', hospitalDiagnosedOn: 'Diagnosed at the hospital on (optional)',
      documents: 'Documents', documentsHint: 'A document marked for jurors needs a redacted copy (no name, ID number or phone).', noDocuments: 'The claimant uploaded no document.',
      forJurors: 'Show to jurors: {{name}}', redactedUpload: 'Redacted copy of {{name}}', uploaded: 'Redacted copy uploaded: {{hash}}', submit: 'Submit the report', findingsFirst: 'Record a finding first.',
    },
  },
  auditor: {
    nav: { books: 'Books check', ledger: 'Ledger', trail: 'Audit trail' },
    books: { title: 'Books check', lead: 'Every entry balances, every period and the whole book balance, charges add up, no pooled funds.', ok: 'Every check passed', failed: 'A check failed', check: 'Check', result: 'Result', detail: 'Detail', pass: 'Passed', fail: 'Failed' },
    ledger: {
      title: 'Ledger and periods', lead: 'Every double-entry journal entry (oldest first) and every period\'s figures.', entries: 'Journal', entry: 'Entry #{{id}}', at: 'When', kind: 'Kind', memo: 'Memo', actor: 'By',
      account: 'Account', debit: 'Debit', credit: 'Credit', reverses: 'Reverses entry #{{id}}', periods: 'Periods', announcedOn: 'Announced', status: 'Status', cases: 'Cases', members: 'Sharing members',
      share: 'Share', payout: 'Payouts', fee: 'Fee', subsidy: 'Operator subsidy', billed: 'Billed', surplusOut: 'Surplus carried on',
    },
    trail: {
      title: 'Audit trail', lead: 'Every operator, investigator and admin action, with before and after (newest first, append-only).', subject: 'Subject (e.g. claim:DEMO-Q1)', filter: 'Filter', clear: 'Clear',
      at: 'When', actor: 'By', action: 'Action', target: 'Subject', before: 'Before', after: 'After', empty: 'No record.',
    },
  },
  admin: {
    nav: { accounts: 'Accounts' },
    accounts: {
      title: 'Accounts and roles', lead: 'Create staff accounts, change roles, unlock and reset passwords. A role change or a password reset ends every session of the account.',
      filter: 'Role', all: 'All', email: 'Email', role: 'Role', state: 'State', locked: 'Locked', active: 'Active', failed: '{{n}} failed log-ins', created: 'Created', actions: 'Actions',
      roleOf: 'Role of {{email}}', changeRole: 'Change role', unlock: 'Unlock', reset: 'Reset password', roleChanged: '{{email}} is now {{role}}.', unlocked: '{{email}} is unlocked.',
      newPassword: 'New password for {{email}} (shown only this once; pass it on in person):', create: 'Create a staff account', password: 'First password', passwordHint: 'At least 10 characters, not easy to guess.', submit: 'Create', createdDone: '{{email}} created.',
      roles: { member: 'member', operator: 'operator', investigator: 'investigator', auditor: 'auditor', regulator: 'regulator', admin: 'admin' },
    },
  },
};
