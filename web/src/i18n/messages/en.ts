/** English. Its type is the Chinese catalog's shape, so a missing key fails the type-check. */
import type { Catalog } from './shape';
import type { zhCN } from './zh-CN';
import { staffEn } from './staff.en';

export const en: Catalog<typeof zhCN> = {
  ...staffEn,
  app: {
    name: 'huzhu', tagline: 'An open, verifiable mutual-aid plan', skip: 'Skip to content', loading: 'Loading…', retry: 'Try again',
    nav: { label: 'Main', home: 'Home', notice: 'Notice', periods: 'Periods', rules: 'Rules', jury: 'Jury', verify: 'Verify' },
    language: { label: 'Language', switchTo: '中文', current: 'English' },
    account: { login: 'Log in', register: 'Register', logout: 'Log out', signedInAs: 'Signed in as {{email}}', menu: 'Account' },
    footer: { about: 'huzhu is open-source software: every period\'s share is recorded in a public transparency log that anyone can verify in a browser.', api: 'API docs', source: 'Transparency log key' },
    notFound: { title: 'Page not found', body: 'The address may be wrong.', home: 'Back to the home page' },
  },
  common: {
    yes: 'Yes', no: 'No', none: 'None', back: 'Back', more: 'More', page: 'Page {{n}}', previous: 'Previous', next: 'Next',
    status: { announced: 'Announced', charged: 'Charged', pending: 'Pending', open: 'Open', closed: 'Closed' },
  },
  home: {
    title: 'This period', members: 'Members', share: 'Share per member this period', cases: 'Cases this period', period: 'Announced {{date}}',
    totals: 'Since the plan began', totalPeriods: 'Periods shared', totalCases: 'Cases helped', totalPayout: 'Paid out', totalFee: 'Fees',
    chart: 'Share per member and members, by period', chartShare: 'Share per member (yuan)', chartMembers: 'Members', noPeriods: 'No period yet.',
    seeNotice: 'See this period\'s notice', seePeriod: 'See how this period\'s share was worked out',
  },
  notice: {
    title: 'Public notice', intro: 'These cases passed review. During the notice any member may challenge one.', period: 'Announced {{date}}', empty: 'No cases this period.',
    name: 'Name', age: 'Age', province: 'Province', disease: 'Illness', severity: 'Severity', cause: 'Cause', payout: 'Payout', stage: 'Where it stands',
    ageYears: '{{age}} years', unknown: 'Unknown',
    stages: { inNotice: 'In notice', challenged: 'Challenged', heldOut: 'Held out', shared: 'Shared' },
    severities: { mild: 'Mild', severe: 'Severe' },
  },
  periods: {
    title: 'Every period', intro: 'Each period\'s share with its arithmetic spelled out.', announcedOn: 'Announced', chargedOn: 'Charged', members: 'Sharing members',
    share: 'Share', cases: 'Cases', open: 'Open', empty: 'No period yet.',
  },
  period: {
    title: 'Funding notice of {{date}}', arithmetic: 'How the share was worked out', payouts: 'Payouts this period', fee: 'Fee ({{rate}} of payouts)',
    carriedIn: 'Less: surplus carried in', toShare: 'To be shared', members: 'Divided by: sharing members', rawShare: 'Per member (rounded up to the fen)',
    cap: 'Cap per member', subsidy: 'Operator subsidy (where the cap bound)', billed: 'Billed in total', surplusOut: 'Surplus carried on',
    formula: '({{payouts}} + {{fee}} − {{carriedIn}}) ÷ {{members}} members = {{share}} each',
    capBound: 'The share reached the cap of {{cap}}; the operator paid the difference, {{subsidy}}.', cases: 'Cases this period', charged: 'Charged on {{date}}',
    verify: 'Verify this period in your browser', notFound: 'There is no such period.',
  },
  rules: {
    title: 'The plan\'s rules', intro: 'Every rule of this plan in plain words. The numbers come from the plan\'s own settings.',
    joining: 'Joining', joinAges: 'You can join from age {{min}} to age {{max}}.', joinAgesDays: 'You can join from {{days}} days old to age {{max}}.',
    waiting: 'After joining there is a waiting period of {{days}} days; an illness diagnosed in it is not covered.',
    payouts: 'Payouts', severe: 'Severe illness: up to {{amount}}.', mild: 'Mild illness: up to {{amount}}.',
    sharing: 'Sharing', sharingText: 'Cases are announced on the announcement day; each member\'s share is charged on the charge day.', fee: 'The fee is {{rate}} of the payouts.',
    cap: 'No member pays more than {{amount}} a year; the operator pays the rest.', calendar: 'Announcement on day {{announce}} of each month, charge on day {{charge}}.',
    zone: 'Dates are days in the {{zone}} time zone.', challenge: 'Challenges and the jury', challengeText: 'During the notice any member may challenge a case; disputed cases go to a jury of members drawn at random.',
    health: 'Health questions', all: 'Every setting',
  },
  jury: {
    title: 'Member jury', intro: 'Disputed cases are decided by members drawn at random. The draw is public: anyone can recompute it in a browser.',
    empty: 'No jury case yet.', case: 'Case {{id}}', claim: 'Claim', outcome: 'Result', tallies: 'Votes', jurors: 'Jurors', at: 'When',
    round: 'Round {{n}}', draw: 'The draw', recompute: 'Recompute the draw in my browser', drawOk: 'The recomputed draw matches the published panel ({{n}} jurors).',
    drawFail: 'The recomputed draw does NOT match the published panel!', seed: 'Seed record', listSize: 'Candidates', panel: 'Panel',
    outcomes: { upheld: 'Upheld', rejected: 'Rejected', pending: 'Pending' },
  },
  verify: {
    title: 'Verify in your browser', intro: 'This page does not trust the server: it checks signatures with the published log key and recomputes everything in your browser.',
    run: 'Verify', running: 'Verifying…', ok: 'Verified', fail: 'Verification failed', notRun: 'Not verified yet',
    checks: {
      signature: 'The checkpoint is signed by the log key', signatureDetail: 'Key {{key}}, log size {{size}}.',
      entries: 'Every entry of the log is in the signed root', entriesDetail: '{{n}} entries downloaded; the recomputed root equals the signed root.',
      periods: 'Every period shown on the pages agrees with the log', periodsDetail: '{{n}} periods checked: members, share, payouts, fee and subsidy.',
      consistency: 'The log only grew (consistent with the last checkpoint this browser saw)', consistencyDetail: 'Last seen size {{from}}, now {{to}}.',
      firstVisit: 'First verification in this browser: the checkpoint is remembered, and the next visit checks consistency with it.',
    },
    failures: {
      signature: 'The checkpoint signature is invalid: {{reason}}', root: 'The recomputed root differs from the signed root.',
      period: 'Period {{period}}: {{field}} differs from the log: the server shows {{shown}}, the log says {{logged}}.', missing: 'Period {{period}} is not in the log.',
      consistency: 'The log is not consistent with the checkpoint seen before: it was rewritten.', network: 'Could not fetch the log: {{reason}}',
    },
    what: 'What was checked', badge: 'Transparency log',
  },
  my: {
    nav: 'My bills',
    bills: {
      title: 'My bills', lead: 'What you and your family were billed each period, and the cases the money helped. You can verify each bill yourself, in this browser.', none: 'No bills yet.',
      period: 'Announced {{announced}} · charged {{charged}}', total: 'This period', share: 'Share per member', payment: 'Payment', notCharged: 'Not charged yet',
      paymentStatus: { paid: 'Paid', failed: 'Failed; it will be retried', pending: 'Pending' },
      lines: 'Family members', member: 'Member', cases: 'Cases this period: {{count}}', noCases: 'No cases this period: nothing to share.', nothingToPay: 'Nothing to pay',
      case: { name: 'Patient', age: 'Age', province: 'Province', disease: 'Illness', payout: 'Payout' },
      verify: 'Verify my bill', checking: 'Checking in this browser…',
      verified: 'Verified: {{amount}} is in the public log (entry {{index}}) under a valid signature.', amountDiffers: 'Mismatch: the log says {{logged}}, this page shows {{shown}}.',
      failed: 'Verification failed: {{reason}}',
    },
  },
  ops: {
    nav: 'Calendar',
    calendar: {
      title: 'The sharing calendar', lead: 'Each plan\'s calendar runs at 00:00 every day: announcements on the 7th and 21st, shares charged on the 14th and 28th, retries and removals.', plans: 'Where each plan stands',
      plan: 'Plan', through: 'Done through', lastRun: 'Last run', provider: 'Payments', nextAnnouncement: 'Next announcement', nextCharge: 'Next charge',
      lastError: 'The last run failed: {{error}}', run: 'Run the calendar now',
    },
    demoClock: {
      title: 'Demo clock', marker: 'DEMO INSTALLATION: this is not the real time',
      explain: 'The server\'s time is {{now}}, {{minutes}} minutes ahead of real time. Moving the clock runs the calendar through that day (notice, sharing, charge, votes that end).',
      toAnnouncement: 'Move to the next announcement ({{day}})', toCharge: 'Move to the next charge ({{day}})', today: 'Demo date: {{day}}',
    },
  },
  auth: {
    loginTitle: 'Log in', registerTitle: 'Register a member account', email: 'Email', password: 'Password', passwordHint: 'At least 12 characters.',
    submitLogin: 'Log in', submitRegister: 'Register', noAccount: 'No account yet?', haveAccount: 'Have an account?', registered: 'Registered. Please log in.',
    loggedOut: 'You are logged out.', demoHint: 'The demo accounts\' passwords are printed when huzhu serve first starts.',
  },
  fields: { email: 'email', password: 'password', plan: 'plan', announcedOn: 'announcement day', id: 'number', membership: 'membership', idNumber: 'ID number' },
  errors: {
    network: 'Could not reach the server. Check the connection and try again.', unknown: 'That did not work ({{code}}).',
    codes: {
      VALIDATION: 'The {{field}} is not valid: please check it.', NOT_FOUND: 'No such {{field}}.', CONFLICT: 'That conflicts with the current state; reload and try again.',
      NOT_ELIGIBLE_AGE: 'The age is outside the plan\'s joining ages.', NOT_ELIGIBLE_HEALTH: 'An answer to the health questions rules the applicant out.',
      NOT_ELIGIBLE_CREDIT: 'The credit score is below the plan\'s minimum.', ALREADY_MEMBER: 'This person is already a member of the plan.', NOT_ACTIVE: 'This membership has ended.',
      NOT_A_MEMBER: 'The membership was not active when the claim was filed.', PRE_EXISTING: 'The illness was diagnosed before joining.', WAITING_PERIOD: 'The illness was diagnosed in the waiting period.',
      DUPLICATE_PAYOUT: 'This membership already has a payout that excludes this one.', FOUR_EYES: 'Whoever took an earlier step on this claim (a finding, the report, the decision, a challenge filed or judged) may not decide it: another person must.',
      WINDOW_CLOSED: 'The challenge or appeal window is not open now.', NOT_ENTITLED: 'You may not take this step.', NOT_QUALIFIED: 'You do not qualify as a juror now.',
      NOT_DRAWN: 'You were not drawn for this case.', WRONG_PHASE: 'This step is not open in the current phase.', ALREADY_VOTED: 'You have already voted in this round.',
      REVEAL_MISMATCH: 'The revealed vote does not match your commitment.', NOT_ENOUGH_JURORS: 'Too few eligible jurors remain.', PERSONAL_DATA: 'The text still holds personal data: redact it first.',
      OUT_OF_ORDER: 'An earlier period must be processed first.', BOOKS_UNBALANCED: 'The books check found an imbalance.', DEMO_ONLY: 'The demo clock moves only on a demo installation; this server keeps real time.', UNKNOWN_WITNESS: 'The witness is not one the log accepts.',
      UNKNOWN_CHECKPOINT: 'The log did not sign this checkpoint.', BAD_SIGNATURE: 'The signature is invalid.', UNAUTHENTICATED: 'Please log in first.', FORBIDDEN: 'Your account may not do this.',
      ACCOUNT_LOCKED: 'Too many failed log-ins: the account is locked for a while.', RATE_LIMITED: 'Too many requests: wait a moment and try again.',
      IDEMPOTENCY_CONFLICT: 'The same request is still running; please wait.', PAYLOAD_TOO_LARGE: 'The upload is too large.', UNSUPPORTED_MEDIA_TYPE: 'This type of file is not accepted.',
      INTERNAL: 'The server failed; nothing was written. Please try again later.',
    },
  },
};
